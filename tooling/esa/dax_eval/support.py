"""The DAX functions the evaluator implements, and a check that lists the functions a set of measures uses
beyond them (so that the exporter cannot outgrow its proof)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import sidemantic_dax as dax

from esa.dax_eval.engine import _walk

# Every function name the evaluator implements. Anything else raises DaxError when evaluated.
SUPPORTED_FUNCTIONS = frozenset(
    {
        # aggregations over the visible rows
        "SUM", "AVERAGE", "MIN", "MAX", "COUNT", "COUNTA", "MEDIAN", "COUNTROWS", "DISTINCTCOUNT",
        "DISTINCTCOUNTNOBLANK",
        # iterators over one table's visible rows (row expression on that table's columns only)
        "SUMX", "COUNTX", "AVERAGEX", "MINX", "MAXX",
        # filter context
        "CALCULATE", "KEEPFILTERS", "REMOVEFILTERS", "ALL", "USERELATIONSHIP", "VALUES", "FILTER",
        # time intelligence over the marked date table
        "DATESMTD", "DATESQTD", "DATESYTD", "DATESINPERIOD", "DATEADD", "SAMEPERIODLASTYEAR",
        "FIRSTDATE", "LASTDATE",
        # scalars
        "DIVIDE", "BLANK", "ISBLANK", "IF", "SWITCH", "COALESCE", "NOT", "TRUE", "FALSE", "DATE",
    }
)  # fmt: skip

# What is deliberately not supported (the exporter must not emit it, or this list and the evaluator grow).
NOT_SUPPORTED = (
    "table functions that build rows (ADDCOLUMNS, SUMMARIZE, CALCULATETABLE); context transition (a measure or "
    "CALCULATE inside an iterator's row expression); RELATED",
    "bidirectional cross-filtering, many-to-many and one-to-one relationships, CROSSFILTER, TREATAS",
    "ALLEXCEPT, ALLSELECTED, ISFILTERED, HASONEVALUE, SELECTEDVALUE",
    "filter arguments over more than one column, or naming a measure",
    "calculated columns and tables, calculation groups, field parameters",
    "the blank row of a dimension as a group of its own (fact rows with unmatched keys are filtered as DAX "
    "does, but aggregations over the dimension's own columns do not see the blank row)",
)


def functions_used(expression: str) -> set[str]:
    """Upper-case names of every function called in a DAX expression."""
    return {n.name.upper() for n in _walk(dax.parse_expression(expression)) if isinstance(n, dax.FunctionCall)}


def unsupported_functions(measures: Mapping[str, str] | Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """For each measure (name -> DAX) that calls a function outside SUPPORTED_FUNCTIONS, those functions."""
    items = measures.items() if isinstance(measures, Mapping) else measures
    out: dict[str, set[str]] = {}
    for name, expression in items:
        missing = functions_used(expression) - SUPPORTED_FUNCTIONS
        if missing:
            out[name] = missing
    return out
