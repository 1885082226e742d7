"""Compare a measure, evaluated by the DAX evaluator, with the metric's reference numbers, cell by cell.

A cell is one month (a filter on the marked date table's key: that month's dates), or one month and one value
of a dimension column (BLANK included). Counts and decimal sums must be equal; a value that is a float on
either side (a ratio, an average) must agree to 1e-9 relative. BLANK equals 0 (as DAX's ``=`` has it), and a
missing reference row is BLANK.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from esa.dax_eval.engine import ColumnKey, DaxError, Evaluator
from esa.dax_eval.mf_reference import MetricReference, group_key
from esa.dax_eval.tmdl import TmdlError

RELATIVE_TOLERANCE = 1e-9


@dataclass
class MetricCheck:
    """The outcome for one metric: cells evaluated, cells equal, the largest difference, and each mismatch."""

    metric: str
    measure: str
    dimension: str | None = None
    cells: int = 0
    equal: int = 0
    largest_difference: float = 0.0
    mismatches: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.cells > 0 and self.cells == self.equal

    def line(self) -> str:
        status = "ok" if self.ok else "FAIL"
        grouping = f" by month and {self.dimension}" if self.dimension else " by month"
        text = (
            f"{status:4} {self.metric} [{self.measure}]{grouping}: {self.cells} cells, {self.equal} equal, "
            f"largest difference {self.largest_difference:.6g}"
        )
        return text + (f" - {self.error}" if self.error else "")


def same(dax_value: Any, reference: Any) -> tuple[bool, float]:
    """(equal, absolute difference) under the rules of the module docstring."""
    a = 0 if dax_value is None else dax_value
    b = 0 if reference is None else reference
    if isinstance(a, bool) or isinstance(b, bool) or isinstance(a, str) or isinstance(b, str):
        return a == b, 0.0 if a == b else math.inf
    if isinstance(a, float) or isinstance(b, float):
        x, y = float(a), float(b)
        if math.isnan(x) or math.isnan(y) or math.isinf(x) or math.isinf(y):
            return x == y, 0.0 if x == y else math.inf
        diff = abs(x - y)
        return diff <= RELATIVE_TOLERANCE * max(abs(x), abs(y)), diff
    diff_exact = abs(Decimal(str(a)) - Decimal(str(b)))
    return diff_exact == 0, float(diff_exact)


def month_dates(ev: Evaluator, date_key: ColumnKey) -> dict[str, frozenset[Any]]:
    """The marked date table's dates, by 'YYYY-MM'."""
    by_month: dict[str, set[Any]] = {}
    for d in ev.domain(date_key):
        if d is not None:
            by_month.setdefault(d.strftime("%Y-%m"), set()).add(d)
    return {m: frozenset(ds) for m, ds in by_month.items()}


def check_metric(
    ev: Evaluator,
    reference: MetricReference,
    measure: str,
    months: Sequence[str],
    column: ColumnKey | None,
) -> MetricCheck:
    """Evaluate the measure for every month, and every month and value of the column, against the reference."""
    check = MetricCheck(reference.metric, measure, reference.dimension if column else None)
    date_key = ev.model.date_table
    if date_key is None:
        check.error = "the model has no marked date table"
        return check
    dates = month_dates(ev, date_key)
    cells: list[tuple[str, dict[ColumnKey, Iterable[Any]], Any]] = []
    for month in months:
        month_filter: dict[ColumnKey, Iterable[Any]] = {date_key: dates.get(month, frozenset())}
        cells.append((month, month_filter, reference.by_month.get(month)))
        if column is not None:
            for value in sorted(ev.domain(column), key=lambda v: (v is not None, str(v))):
                expected = reference.by_month_and_dimension.get((month, group_key(value)))
                cells.append((f"{month}, {reference.dimension}={value!r}", {**month_filter, column: [value]}, expected))
    try:
        for row, filters, expected in cells:
            got = ev.evaluate(measure, filters)
            equal, diff = same(got, expected)
            check.cells += 1
            check.largest_difference = max(check.largest_difference, diff)
            if equal:
                check.equal += 1
            else:
                check.mismatches.append(f"{reference.metric} at ({row}): DAX {got!r}, MetricFlow {expected!r}")
    except (DaxError, TmdlError) as error:
        check.error = f"{type(error).__name__}: {error}"
    return check


def compare_all(
    ev: Evaluator,
    translated: Mapping[str, str],
    references: Iterable[MetricReference],
    columns: Mapping[str, ColumnKey],
    months: Sequence[str],
) -> list[MetricCheck]:
    """One check per translated metric that has a reference (metric -> measure; dimension name -> column)."""
    checks = []
    for reference in references:
        if reference.metric not in translated:
            continue
        column = columns.get(reference.dimension) if reference.dimension else None
        checks.append(check_metric(ev, reference, translated[reference.metric], months, column))
    return checks


def zone_months(references: Iterable[MetricReference]) -> list[str]:
    """Every month from the first to the last month in which the given references have a row."""
    seen = sorted({m for r in references for m in r.by_month if re.fullmatch(r"\d{4}-\d{2}", str(m))})
    if not seen:
        return []
    months, (year, month) = [], map(int, seen[0].split("-"))
    while f"{year:04d}-{month:02d}" <= seen[-1]:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
