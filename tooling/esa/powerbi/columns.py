"""Column properties from a dbt contract column: data type, summarization, format, sorting, folders.

Rules, in order of precedence: the column's `meta.powerbi` (keys summarize_by, format_string, sort_by,
display_folder, data_category, hidden) overrides the naming rules below. A column classified as personal
data (`meta.pii`, docs/personal_data.md) is always hidden: import-mode refresh reads it under one identity,
so the database's masks never reach report viewers, and no setting un-hides it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

DATA_TYPES = ("string", "int64", "double", "decimal", "dateTime", "boolean", "binary")
SUMMARIZE_BY = ("default", "none", "sum", "min", "max", "count", "average", "distinctCount")

# Columns whose name ends like this add up meaningfully across rows.
_ADDITIVE = re.compile(r"_(amount|amount_eur|quantity|count|revenue|cost)$")
_GEOGRAPHY = {"country_code": "Country", "country_name": "Country", "country": "Country", "region": "StateOrProvince",
              "city": "City", "postal_code": "PostalCode", "latitude": "Latitude", "longitude": "Longitude",
              "continent": "Continent"}
# A name column sorts by its number sibling, the first of these candidates that exists.
_SORT_CANDIDATES = {"month_name": ("calendar_month", "month_number", "month"),
                    "day_name": ("iso_day_of_week", "day_of_week", "weekday_number")}


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    data_type: str
    description: str
    is_hidden: bool
    summarize_by: str
    format_string: str | None
    sort_by: str | None
    display_folder: str | None
    data_category: str | None


def power_bi_type(sql_type: str | None) -> str:
    """The TMDL dataType for a contract's SQL data type."""
    text = (sql_type or "").strip().lower()
    base = re.split(r"[\s(]", text, maxsplit=1)[0]
    if base in {"int", "integer", "bigint", "smallint", "tinyint", "hugeint"}:
        return "int64"
    if base in {"decimal", "numeric", "money", "smallmoney"}:
        scale = re.search(r",\s*(\d+)\s*\)", text)
        return "double" if scale and int(scale.group(1)) > 4 else "decimal"
    if base in {"float", "real", "double"}:
        return "double"
    if base in {"date", "datetime", "datetime2", "timestamp", "datetimeoffset", "smalldatetime"}:
        return "dateTime"
    if base in {"bit", "boolean", "bool"}:
        return "boolean"
    if base in {"binary", "varbinary", "blob"}:
        return "binary"
    if base in {"varchar", "nvarchar", "char", "nchar", "text", "string", "uniqueidentifier"}:
        return "string"
    raise ValueError(f"no Power BI data type for SQL type {sql_type!r}")


def is_surrogate_key(name: str) -> bool:
    return name.endswith("_key")


# Amounts that are attributes of one row, never totals: a price, a cost per unit, a credit limit.
_NON_ADDITIVE_AMOUNT = re.compile(r"(price|unit_cost|limit)_amount(_eur)?$")


def _summarize(name: str, data_type: str, siblings: set[str]) -> str:
    if data_type not in {"int64", "double", "decimal"}:
        return "none"
    if re.search(r"(_key|_id|_number|_code|_year|_month|_quarter|_week|_day|_days_past_due|_period_id)$", name) \
            or name.startswith(("is_", "has_")):
        return "none"
    if _NON_ADDITIVE_AMOUNT.search(name):
        return "none"
    # A document-currency amount in a table that states a currency per row would add CHF to EUR in a
    # total: only its `_eur` twin (and amounts of single-currency tables) sum by default.
    if name.endswith("_amount") and any(c == "currency_code" or c.endswith("_currency_code") for c in siblings):
        return "none"
    return "sum" if _ADDITIVE.search(name) else "none"


def _format(name: str, data_type: str) -> str | None:
    if data_type == "dateTime":
        return "yyyy-mm-dd" if not name.endswith(("_at", "_ts")) else "yyyy-mm-dd hh:nn:ss"
    if data_type == "decimal":
        return "#,0.00"
    if data_type == "double":
        return "0.0%" if re.search(r"(_rate|_ratio|_pct|_share)$", name) else "#,0.00####"
    if data_type == "int64":
        return "0" if re.search(r"(_key|_id|_year|_period_id|year_month)$", name) else "#,0"
    return None


def _folder(name: str, data_type: str) -> str | None:
    if name.startswith("fiscal_"):
        return "Fiscal calendar"
    if name.startswith("iso_"):
        return "ISO week"
    if name.endswith(("_key", "_id")):
        return "Keys"
    if data_type == "dateTime":
        return "Dates"
    if _ADDITIVE.search(name) and data_type in {"decimal", "double", "int64"}:
        return "Amounts and counts"
    if name.startswith(("is_", "has_")):
        return "Flags"
    return None


def pii_category(column: dict[str, Any]) -> str | None:
    """The personal-data category of a manifest column (`config.meta.pii`), or None."""
    meta = (column.get("config") or {}).get("meta") or column.get("meta") or {}
    return meta.get("pii")


def column_spec(column: dict[str, Any], siblings: set[str]) -> ColumnSpec:
    """Power BI properties of one contract column (`siblings`: every column name of its table)."""
    name = column["name"]
    meta = (column.get("meta") or {}).get("powerbi") or {}
    data_type = power_bi_type(column.get("data_type"))
    sort_by = meta.get("sort_by")
    if sort_by is None:
        sort_by = next((c for c in _SORT_CANDIDATES.get(name, ()) if c in siblings), None)
    return ColumnSpec(
        name=name,
        data_type=data_type,
        description=" ".join(str(column.get("description") or "").split()),
        is_hidden=pii_category(column) is not None or bool(meta.get("hidden", is_surrogate_key(name))),
        summarize_by=str(meta.get("summarize_by", _summarize(name, data_type, siblings))),
        format_string=meta.get("format_string", _format(name, data_type)),
        sort_by=sort_by,
        display_folder=meta.get("display_folder", _folder(name, data_type)),
        data_category=meta.get("data_category", _GEOGRAPHY.get(name)),
    )
