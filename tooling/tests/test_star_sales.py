"""The sales star against the landed data, and its incremental load against a full refresh.

Revenue by month is recomputed here straight from the lake's parquet files with DuckDB (the
pipeline's own rule: the latest row version per key wins), never through the project's models,
and must equal what the marts report.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
from conftest import BuiltProject, dbt_env, generate_landing, read_model_rows, run_dbt, schema_of

Rows = list[tuple[object, ...]]


def _latest_versions(landing: Path, table: str, key: str) -> str:
    """SQL for the current rows of a lake ERP extract: latest updated_at, then latest _extracted_at."""
    files = landing / "lake" / "erp" / table / "ingest_date=*" / "*.parquet"
    return f"""
        select * exclude (version_rank) from (
            select *, row_number() over (
                partition by {key} order by updated_at desc, _extracted_at desc
            ) as version_rank
            from read_parquet('{files}', hive_partitioning = true, union_by_name = true)
        ) where version_rank = 1
    """


def _as_dict(rows: Rows) -> dict[tuple[object, ...], Decimal]:
    return {tuple(row[:-1]): Decimal(str(row[-1])) for row in rows}


def test_ordered_revenue_by_month_equals_the_landed_order_lines(
    built_project: BuiltProject, duck: duckdb.DuckDBPyConnection
) -> None:
    """Net order-line amount per order month and currency: mart == lake parquet."""
    lines = _latest_versions(built_project.landing, "sales_order_lines", "sales_order_line_id")
    orders = _latest_versions(built_project.landing, "sales_orders", "sales_order_id")
    landed = duck.execute(f"""
        select
            year(o.order_date) * 100 + month(o.order_date) as year_month,
            o.currency_code,
            sum(l.line_amount) as revenue
        from ({lines}) as l
        left join ({orders}) as o on l.sales_order_id = o.sales_order_id
        group by all
    """).fetchall()

    marts = schema_of(duck, "fct_sales_order_lines")
    mart = duck.execute(f"""
        select d.year_month, f.currency_code, sum(f.net_amount) as revenue
        from {marts}.fct_sales_order_lines as f
        inner join {marts}.dim_date as d on f.order_date_key = d.date_key
        group by all
    """).fetchall()

    expected, actual = _as_dict(landed), _as_dict(mart)
    assert len(expected) >= 4, f"too little landed data to compare: {expected}"
    assert sum(expected.values()) > 0
    assert actual == expected


def test_invoiced_revenue_by_month_equals_the_landed_invoices(
    built_project: BuiltProject, duck: duckdb.DuckDBPyConnection
) -> None:
    """Invoiced net revenue (subtotal) and credits per month and currency: mart == lake parquet."""
    invoices = _latest_versions(built_project.landing, "invoices", "invoice_id")
    credits = _latest_versions(built_project.landing, "credit_memos", "credit_memo_id")
    landed = duck.execute(f"""
        select year(invoice_date) * 100 + month(invoice_date) as year_month, currency_code,
               sum(subtotal_amount) as revenue
        from ({invoices}) group by all
    """).fetchall()
    landed_credits = duck.execute(f"""
        select year(credit_date) * 100 + month(credit_date) as year_month, sum(credit_amount)
        from ({credits}) group by all
    """).fetchall()

    marts = schema_of(duck, "fct_invoices")
    mart = duck.execute(f"""
        select d.year_month, f.currency_code, sum(f.subtotal_amount) as revenue
        from {marts}.fct_invoices as f
        inner join {marts}.dim_date as d on f.invoice_date_key = d.date_key
        group by all
    """).fetchall()
    mart_credits = duck.execute(f"""
        select d.year_month, sum(f.credit_amount)
        from {marts}.fct_credit_memos as f
        inner join {marts}.dim_date as d on f.credit_date_key = d.date_key
        group by all
    """).fetchall()

    assert len(landed) >= 4 and len(landed_credits) >= 1
    assert _as_dict(mart) == _as_dict(landed)
    assert _as_dict(mart_credits) == _as_dict(landed_credits)


# ---------------------------------------------------------------------------------------------
# Incremental loading: N, N+1, N+2 daily runs must equal one full refresh.
# ---------------------------------------------------------------------------------------------
INCREMENTAL_SCALE = "0.005"
INCREMENTAL_DAYS = 40
INCREMENTAL_FACTS = ("fct_sales_order_lines",)
BUILD_ARGS = [
    "build",
    "--target",
    "local",
    "--select",
    "+fct_sales_order_lines",
    "--resource-type",
    "model",
    "--resource-type",
    "seed",
]


def test_incremental_runs_equal_a_full_refresh(tmp_path: Path, profiles_dir: Path) -> None:
    landing, duckdb_path, target = tmp_path / "landing", tmp_path / "esa.duckdb", tmp_path / "target"
    env = dbt_env(landing, duckdb_path, target)
    counts: list[int] = []
    for days in (INCREMENTAL_DAYS, INCREMENTAL_DAYS + 1, INCREMENTAL_DAYS + 2):
        generated = generate_landing(landing, scale=INCREMENTAL_SCALE, days=str(days))
        assert generated.returncode == 0, generated.stdout[-2000:] + generated.stderr[-2000:]
        built = run_dbt(BUILD_ARGS, env, profiles_dir)
        assert built.returncode == 0, built.stdout[-6000:] + built.stderr[-2000:]
        counts.append(len(read_model_rows(duckdb_path, "fct_sales_order_lines")))
    # the later days added order lines, so the incremental runs had something to do
    assert counts[0] < counts[1] <= counts[2], counts

    incremental = {fact: read_model_rows(duckdb_path, fact) for fact in INCREMENTAL_FACTS}
    refreshed = run_dbt(
        ["run", "--target", "local", "--select", *INCREMENTAL_FACTS, "--full-refresh"], env, profiles_dir
    )
    assert refreshed.returncode == 0, refreshed.stdout[-6000:] + refreshed.stderr[-2000:]
    for fact in INCREMENTAL_FACTS:
        full = read_model_rows(duckdb_path, fact)
        assert len(full) == counts[-1]
        only_incremental = set(incremental[fact]) - set(full)
        only_full = set(full) - set(incremental[fact])
        assert not only_incremental and not only_full, (
            f"{fact}: {len(only_incremental)} rows only in the incremental build, {len(only_full)} only in the "
            f"full refresh, e.g. {sorted(only_incremental, key=str)[:3]} vs {sorted(only_full, key=str)[:3]}"
        )
