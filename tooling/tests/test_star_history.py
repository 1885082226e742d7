"""SCD2 history from the change log: the dimensions hold every landed version, and facts point at
the version valid at their event time, on a first build.

The session build is a first build over 120 landed days (no earlier build saw any version), so it
is exactly the case a snapshot-based dimension got wrong. The expected versions are recomputed
here from the landed parquet with DuckDB, without the project's models: a version is the landed
(key, updated_at); the one valid at time t is the latest with updated_at <= t, or the first one
when t is older than every landed version. That a build from scratch equals daily builds over the
same days is tested where the daily builds already run (test_star_service.py).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import BuiltProject, relation_of

ENTITIES = [("customers", "customer_id", "dim_customer"), ("products", "product_id", "dim_product")]


def _landed(landing: Path, table: str) -> str:
    files = landing / "lake" / "erp" / table / "ingest_date=*" / "*.parquet"
    return f"read_parquet('{files}', hive_partitioning = true, union_by_name = true)"


def _current(landing: Path, table: str, key: str) -> str:
    """The current row of each key: latest updated_at, then latest _extracted_at."""
    return f"""
        select * from (
            select *, row_number() over (partition by {key} order by updated_at desc, _extracted_at desc) as rn
            from {_landed(landing, table)}
        ) as ranked where rn = 1
    """


@pytest.mark.parametrize(("table", "key", "dim"), ENTITIES, ids=[e[0] for e in ENTITIES])
def test_dimension_holds_every_landed_version(
    table: str, key: str, dim: str, built_project: BuiltProject, duck: duckdb.DuckDBPyConnection
) -> None:
    """One dimension row per landed (key, updated_at), numbered and windowed in updated_at order."""
    info = built_project.manifest["entities"][f"lake.{table}"]
    assert info["distinct_versions"] > info["distinct_keys"], "the test data has keys with several versions"
    expected = duck.execute(f"""
        select {key}, row_number() over (partition by {key} order by updated_at) as version_number,
               case when row_number() over (partition by {key} order by updated_at) = 1
                    then timestamp '1900-01-01' else updated_at end as valid_from_at,
               coalesce(lead(updated_at) over (partition by {key} order by updated_at),
                        timestamp '9999-12-31') as valid_to_at
        from (select distinct {key}, updated_at from {_landed(built_project.landing, table)}) as versions
    """).fetchall()
    actual = duck.execute(
        f"select {key}, version_number, valid_from_at, valid_to_at from {relation_of(duck, dim)} where {key} <> -1"
    ).fetchall()
    assert len(expected) == info["distinct_versions"]
    assert sorted(actual) == sorted(expected)


def test_order_lines_point_at_the_versions_valid_when_ordered(
    built_project: BuiltProject, duck: duckdb.DuckDBPyConnection
) -> None:
    """Each order line's customer and product version is the landed version valid at its ordered_at."""
    landing = built_project.landing
    rows = duck.execute(f"""
        with
        customer_versions as (select distinct customer_id, updated_at from {_landed(landing, "customers")}),
        product_versions as (select distinct product_id, updated_at from {_landed(landing, "products")}),
        lines as (
            select f.sales_order_line_id, f.ordered_at, o.customer_id, l.product_id,
                   c.customer_id as fact_customer_id, c.version_number as fact_customer_version,
                   p.product_id as fact_product_id, p.version_number as fact_product_version
            from {relation_of(duck, "fct_sales_order_lines")} as f
            inner join ({_current(landing, "sales_order_lines", "sales_order_line_id")}) as l
                on f.sales_order_line_id = l.sales_order_line_id
            left join ({_current(landing, "sales_orders", "sales_order_id")}) as o
                on l.sales_order_id = o.sales_order_id
            inner join {relation_of(duck, "dim_customer")} as c on f.customer_key = c.customer_key
            inner join {relation_of(duck, "dim_product")} as p on f.product_key = p.product_key
        )
        select
            lines.*,
            (select count(*) from customer_versions as v where v.customer_id = lines.customer_id)
                as customer_versions,
            (select count(*) from customer_versions as v
             where v.customer_id = lines.customer_id and v.updated_at <= lines.ordered_at) as customer_changes_before,
            (select count(*) from product_versions as v where v.product_id = lines.product_id) as product_versions,
            (select count(*) from product_versions as v
             where v.product_id = lines.product_id and v.updated_at <= lines.ordered_at) as product_changes_before
        from lines
    """).fetchall()
    columns = [d[0] for d in duck.description]
    lines = [dict(zip(columns, row, strict=True)) for row in rows]
    assert len(lines) == duck.execute(
        f"select count(*) from {relation_of(duck, 'fct_sales_order_lines')}"
    ).fetchone()[0]  # type: ignore[index]

    wrong: list[str] = []
    for line in lines:
        for entity in ("customer", "product"):
            landed_versions = line[f"{entity}_versions"]
            if landed_versions == 0:  # NULL, orphan or never-landed id: the unknown member
                expected = (-1, 1)
            else:
                expected = (line[f"{entity}_id"], max(1, line[f"{entity}_changes_before"]))
            actual = (line[f"fact_{entity}_id"], line[f"fact_{entity}_version"])
            if actual != expected:
                wrong.append(f"line {line['sales_order_line_id']} {entity}: {actual} != {expected}")
    assert not wrong, f"{len(wrong)} wrong versions, e.g. {wrong[:5]}"

    # the check means something: lines of changed entities point at old and at new versions
    for entity in ("customer", "product"):
        changed = [line for line in lines if line[f"{entity}_versions"] > 1]
        assert any(line[f"fact_{entity}_version"] < line[f"{entity}_versions"] for line in changed), entity
        assert any(line[f"fact_{entity}_version"] > 1 for line in changed), entity
