"""The comparison of `esa dax verify` on the tiny hand-built model, against references written as plain SQL.

The references are written by hand in SQL over the tiny tables, independently of DAX: a metric filter ANDed
with the group-by, month grain, `period_agg: last` for month-to-date, and a 28-day window ending on the month's
last day (DAX's reading; MetricFlow's `period_agg: last` takes the last day WITH DATA instead, which differs in
one cell: test_dax_verify_metricflow.py runs the real MetricFlow and pins that difference). The correct
measures must equal them in every cell, and each deliberately wrong translation must be caught, naming the
metric, the row and both values.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from dax_tiny import MODEL, tiny_database

from esa.dax_eval import Evaluator, load_model
from esa.dax_eval.compare import MetricCheck, compare_all, same, zone_months
from esa.dax_eval.mf_reference import MetricReference, group_key, month_key
from esa.dax_eval.verify import dimension_columns

SEGMENT = "customer__segment"
COLUMNS = {SEGMENT: ("Customer", "segment")}
MEASURES = {
    "net_sales": "Net Sales",
    "enterprise_sales": "Enterprise Sales",
    "cancel_rate": "Cancel Rate",
    "shipped_sales": "Shipped Sales",
    "sales_mtd": "Sales MTD",
    "active_users": "Users No Blank",
    "sales_prior_month": "Sales Prior Month",
    "sales_last_28_days": "Sales Last 28 Days",
}

_FACTS = """
    select s.*, c.segment,
        strptime(cast(s.order_date_key as varchar), '%Y%m%d')::date as order_day,
        case when s.ship_date_key > 0 then strptime(cast(s.ship_date_key as varchar), '%Y%m%d')::date end as ship_day
    from tiny_sales s left join tiny_customer c using (customer_key)
"""
_MONTHS = "select distinct date_trunc('month', date_day)::date as m from tiny_date where date_day is not null"

# metric -> SQL giving (month, segment, value) rows; `{g}` is the segment column or NULL for the month-only query
REFERENCE_SQL = {
    "net_sales": "select date_trunc('month', order_day), {g}, sum(amount) from f group by all",
    "enterprise_sales": "select date_trunc('month', order_day), {g}, sum(amount) from f"
    " where segment = 'Enterprise' group by all",
    "cancel_rate": "select date_trunc('month', order_day), {g},"
    " count(*) filter (where status = 'cancelled') / count(*) from f group by all",
    "shipped_sales": "select date_trunc('month', ship_day), {g}, sum(amount) from f where ship_day is not null"
    " group by all",
    "sales_mtd": "select date_trunc('month', order_day), {g}, sum(amount) from f group by all",
    "active_users": "select date_trunc('month', order_day), {g}, count(distinct user_id) from f group by all",
    "sales_prior_month": "select date_trunc('month', order_day) + interval 1 month, {g}, sum(amount) from f"
    " group by all",
    "sales_last_28_days": f"select months.m, {{g}}, sum(amount) from ({_MONTHS}) months join f"
    " on f.order_day > last_day(months.m) - 28 and f.order_day <= last_day(months.m) group by all",
}


def sql_references() -> list[MetricReference]:
    con = tiny_database()
    con.execute(f"create view f as {_FACTS}")
    refs = []
    for metric, sql in REFERENCE_SQL.items():
        by_month = {month_key(m): v for m, _, v in con.execute(sql.format(g="null")).fetchall() if v is not None}
        grouped = {
            (month_key(m), group_key(g)): v
            for m, g, v in con.execute(sql.format(g="segment")).fetchall()
            if v is not None
        }
        refs.append(MetricReference(metric, by_month, SEGMENT, grouped))
    return refs


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    return tiny_database()


@pytest.fixture(scope="module")
def refs() -> list[MetricReference]:
    return sql_references()


def run_checks(
    model_dir: Path, con: duckdb.DuckDBPyConnection, refs: list[MetricReference], metrics: set[str] | None = None
) -> dict[str, MetricCheck]:
    ev = Evaluator(load_model(model_dir), con)
    months = zone_months(r for r in refs if r.metric == "net_sales")
    chosen = [r for r in refs if metrics is None or r.metric in metrics]
    return {c.metric: c for c in compare_all(ev, MEASURES, chosen, COLUMNS, months)}


def variant(tmp_path: Path, file: str, changes: list[tuple[str, str]]) -> Path:
    copy = tmp_path / "Tiny.SemanticModel"
    shutil.copytree(MODEL, copy)
    path = copy / "definition" / file
    text = path.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return copy


def test_the_correct_measures_equal_the_references_in_every_cell(
    con: duckdb.DuckDBPyConnection, refs: list[MetricReference]
) -> None:
    checks = run_checks(MODEL, con, refs)
    assert set(checks) == set(MEASURES)
    for check in checks.values():
        # 4 months (Dec..Mar) x (the month alone + segments BLANK, Enterprise, SMB)
        assert check.cells == 16, check.line()
        assert check.ok, (check.line(), check.mismatches)
        assert check.line().startswith("ok ")


@pytest.mark.parametrize(
    ("metric", "file", "changes", "row", "dax", "reference"),
    [
        # the metric filter without KEEPFILTERS replaces the segment row's filter: the SMB row shows Enterprise
        (
            "enterprise_sales",
            "tables/Sales.tmdl",
            [("KEEPFILTERS('Customer'[segment] = \"Enterprise\")", "'Customer'[segment] = \"Enterprise\"")],
            "2025-01, customer__segment='SMB'",
            "Decimal('130.00')",
            "None",
        ),
        # a window one day too wide: February's window takes in Jan 31 (30.00)
        (
            "sales_last_28_days",
            "tables/Sales.tmdl",
            [("-28, DAY", "-29, DAY")],
            "2025-02)",
            "Decimal('250.00')",
            "Decimal('220.00')",
        ),
        # the wrong role active: net sales by ship date instead of order date
        (
            "net_sales",
            "relationships.tmdl",
            [
                ("\tisActive: false\n\tfromColumn: Sales.ship", "\tfromColumn: Sales.ship"),
                ("relationship sales_order_date\n", "relationship sales_order_date\n\tisActive: false\n"),
            ],
            "2025-01)",
            None,
            "Decimal('180.00')",
        ),
        # DISTINCTCOUNT counts the orders without a user as one more user
        (
            "active_users",
            "tables/Sales.tmdl",
            [("DISTINCTCOUNTNOBLANK(Sales[user_id])", "DISTINCTCOUNT(Sales[user_id])")],
            "2025-01)",
            "3",
            "2",
        ),
        # year-to-date where month-to-date was meant
        (
            "sales_mtd",
            "tables/Sales.tmdl",
            [("DATESMTD('Date'[Date])", "DATESYTD('Date'[Date])")],
            "2025-02)",
            None,
            None,
        ),
    ],
)
def test_a_wrong_translation_is_caught(
    tmp_path: Path,
    con: duckdb.DuckDBPyConnection,
    refs: list[MetricReference],
    metric: str,
    file: str,
    changes: list[tuple[str, str]],
    row: str,
    dax: str | None,
    reference: str | None,
) -> None:
    checks = run_checks(variant(tmp_path, file, changes), con, refs, {metric, "shipped_sales"})
    check = checks[metric]
    assert not check.ok and check.line().startswith("FAIL")
    assert check.equal < check.cells
    hits = [m for m in check.mismatches if f"({row}" in m or row in m]
    assert hits, check.mismatches
    assert hits[0].startswith(f"{metric} at (")
    if dax is not None:
        assert f"DAX {dax}," in hits[0]
    if reference is not None:
        assert hits[0].endswith(f"MetricFlow {reference}")
    # a metric the change does not touch still passes
    assert checks["shipped_sales"].ok


def test_same_follows_the_tolerances() -> None:
    assert same(Decimal("180.00"), Decimal("180")) == (True, 0.0)
    assert same(Decimal("180.01"), Decimal("180.00"))[0] is False
    assert same(3, 3) == (True, 0.0)
    assert same(None, 0)[0] and same(None, None)[0]
    assert same(None, Decimal("5"))[0] is False
    assert same(1 / 3, 0.3333333333333333)[0]
    assert same(1 / 3, 1 / 3 * (1 + 1e-10))[0]
    assert same(1 / 3, 1 / 3 * (1 + 1e-8))[0] is False


def test_dimension_columns_from_the_semantic_manifest() -> None:
    manifest = {
        "semantic_models": [
            {
                "name": "customers",
                "node_relation": {"alias": "tiny_customer", "schema_name": "main"},
                "entities": [{"name": "customer", "type": "primary"}],
                "dimensions": [
                    {"name": "segment", "type": "categorical"},
                    {"name": "region_upper", "type": "categorical", "expr": "upper(region)"},
                ],
            },
            {
                "name": "sales",
                "node_relation": {"alias": "tiny_sales"},
                "entities": [{"name": "order", "type": "primary"}, {"name": "customer", "type": "foreign"}],
                "dimensions": [
                    {"name": "order_status", "type": "categorical", "expr": "status"},
                    {"name": "order_date", "type": "time"},
                ],
            },
            {"name": "elsewhere", "node_relation": {"alias": "not_exported"}, "entities": [], "dimensions": []},
        ]
    }
    assert dimension_columns(manifest, load_model(MODEL)) == {
        "customer__segment": ("Customer", "segment"),
        "order__order_status": ("Sales", "status"),
    }


def test_zone_months_fills_gaps() -> None:
    refs = [MetricReference("m", {"2024-11": 1, "2025-02": 2}, None, {})]
    assert zone_months(refs) == ["2024-11", "2024-12", "2025-01", "2025-02"]
