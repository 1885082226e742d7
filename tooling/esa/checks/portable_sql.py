"""Money and date parts through the project's macros in every model (one convention for both destinations).

- `raw-money-cast`: no model writes out a two-decimal type, `decimal(<p>, 2)` or `numeric(<p>, 2)`
  (in a cast, or as a type given to a macro): money goes through `money()` / `money_type()`, another
  two-decimal measure through `two_decimals()` (macros/cross_db/money.sql).
- `raw-date-part`: no model calls a date-part or date-arithmetic function written out (`year(`,
  `month(`, `day(`, `extract(`, `date_part(`, `datepart(`, `datename(`, `date_trunc(`, `datetrunc(`,
  `dateadd(`, `datediff(`, `date_add(`, `date_diff(`, `eomonth(`, `last_day(`, `strftime(`): their
  names and argument orders differ between DuckDB and T-SQL. Use `date_year` / `date_month` /
  `date_day` (macros/cross_db/date_parts.sql) or dbt's `dbt.dateadd`, `dbt.datediff`,
  `dbt.date_trunc`, `dbt.last_day`.

Comments (`--`, `/* */`, `{# #}`) and quoted strings are not read, and a name called as a macro or
method (`dbt.datediff(`, `erp_year(`) is not a written-out function.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from esa.checks.conventions import ConventionViolation

DATE_FUNCTIONS = (
    "year", "month", "day", "extract", "date_part", "datepart", "datename", "date_trunc", "datetrunc",
    "dateadd", "datediff", "date_add", "date_diff", "eomonth", "last_day", "strftime",
)  # fmt: skip
_MONEY_TYPE = re.compile(r"\b(?:decimal|numeric)\s*\(\s*\d+\s*,\s*2\s*\)", re.IGNORECASE)
_DATE_CALL = re.compile(r"(?<![\w.])(" + "|".join(DATE_FUNCTIONS) + r")\s*\(", re.IGNORECASE)
_COMMENTS = re.compile(r"\{#.*?#\}|/\*.*?\*/|--[^\n]*", re.DOTALL)
_SQL_STRING = re.compile(r"'(?:[^']|'')*'")


def _code(raw_code: str) -> str:
    return _COMMENTS.sub(" ", raw_code)


def raw_money_types(raw_code: str) -> list[str]:
    """Written-out two-decimal types, in SQL or in a string handed to a macro."""
    return [" ".join(m.group(0).split()) for m in _MONEY_TYPE.finditer(_code(raw_code))]


def raw_date_calls(raw_code: str) -> list[str]:
    """Date functions called by name in the SQL (not in strings, comments, or as macros)."""
    return [m.group(1).lower() for m in _DATE_CALL.finditer(_SQL_STRING.sub("''", _code(raw_code)))]


def _project_models(manifest: dict[str, Any]) -> Iterator[dict[str, Any]]:
    project_name = manifest.get("metadata", {}).get("project_name")
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model" and node.get("package_name", project_name) == project_name:
            yield node


def check_portable_sql(manifest: dict[str, Any]) -> Iterator[ConventionViolation]:
    for node in _project_models(manifest):
        raw_code = node.get("raw_code") or ""
        path = node.get("original_file_path", "")
        money = raw_money_types(raw_code)
        if money:
            yield ConventionViolation(
                path,
                node["name"],
                "raw-money-cast",
                f"{', '.join(sorted(set(money)))} written out: use money() / money_type() for money, "
                "two_decimals() for another two-decimal measure (macros/cross_db/money.sql)",
            )
        dates = raw_date_calls(raw_code)
        if dates:
            yield ConventionViolation(
                path,
                node["name"],
                "raw-date-part",
                f"{', '.join(f'{d}()' for d in sorted(set(dates)))} written out: use date_year/date_month/"
                "date_day (macros/cross_db/date_parts.sql) or dbt.dateadd/datediff/date_trunc/last_day",
            )
