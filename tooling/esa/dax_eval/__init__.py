"""A DAX evaluator for the subset the Power BI export emits: the test oracle of the exported measures.

It knows nothing of the exporter. It reads the model from the TMDL files on disk (``tmdl.load_model``:
tables, columns, partition source tables, relationships with ``isActive`` and cross-filtering, measures,
the marked date table), parses each measure with sidemantic-dax (a real DAX parser), and evaluates it in a
filter context over the model's tables in a DuckDB database (the local build).

Design
- A filter context is one set of allowed values per filtered column (``engine.Context``), plus the
  relationships that ``USERELATIONSHIP`` made active. Every DAX filter in the subset is a one-column table,
  so intersecting sets is exact: a plain CALCULATE filter replaces the set of its column, ``KEEPFILTERS``
  intersects with it, ``REMOVEFILTERS``/``ALL`` drop sets (of a table's expanded table: the table and every
  table it reaches along active many-to-one relationships).
- Aggregations run in DuckDB. The rows of a table visible in a context are one SELECT: its own column
  filters as ``IN`` lists, and for each active relationship to a filtered dimension, ``fk IN (visible keys
  of the dimension)``, recursively (filters flow from the one side to the many side only). A fact row
  whose key matches no dimension row belongs to the dimension's blank row: it stays visible only if every
  filter on that dimension allows BLANK.
- A boolean filter argument ``T[c] = x`` is ``FILTER(ALL(T[c]), ...)``: the predicate is evaluated in
  Python on each distinct value of the column, with DAX comparison rules (BLANK equals 0 and "", text
  compares case-insensitively), giving the value set.
- Filter arguments are evaluated in the outer context, then modifiers apply, then the filters. A filter on
  the marked date table's key column also removes every other filter on the date table (what Power BI does
  for a marked date table), so month-level slicers do not fight time intelligence.
- Time intelligence computes date sets in Python (``timeintel``) over the date key's values: DATESMTD,
  DATESQTD, DATESYTD (with year-end), DATESINPERIOD, DATEADD/SAMEPERIODLASTYEAR (a month's last day selects
  the rest of the target month, so a whole month maps to a whole month).
- BLANK is ``None`` with DAX's arithmetic, comparison and DIVIDE rules (``values``). Aggregations over no
  rows are BLANK; COUNTROWS/DISTINCTCOUNT of nothing are BLANK, not 0. DISTINCTCOUNT counts BLANK (NULL)
  as a value; DISTINCTCOUNTNOBLANK does not.

``support.SUPPORTED_FUNCTIONS`` lists every function implemented; ``support.NOT_SUPPORTED`` lists what is
not; ``support.unsupported_functions`` finds measures that use anything else. docs/dax_evaluator.md has
the same in prose.
"""

from esa.dax_eval.engine import Context, DaxError, Evaluator
from esa.dax_eval.support import NOT_SUPPORTED, SUPPORTED_FUNCTIONS, functions_used, unsupported_functions
from esa.dax_eval.tmdl import Model, TmdlError, load_model

__all__ = [
    "NOT_SUPPORTED",
    "SUPPORTED_FUNCTIONS",
    "Context",
    "DaxError",
    "Evaluator",
    "Model",
    "TmdlError",
    "functions_used",
    "load_model",
    "unsupported_functions",
]
