"""ERP and lake ERP staging reconcile to what landed.

Expected figures are computed here, independently of dbt: from the ERP catalog, from the landed
parquet files (read directly with DuckDB) and from the generator's _manifest.json.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb
import pytest
from conftest import BuiltProject

from esa.landing import contract
from esa.landing.contract import Entity

LAKE_ERP = [e for e in contract.LAKE_ENTITIES if e.lake_folder == "erp"]


def relation(built: BuiltProject, model: str) -> str:
    """The built relation of a model, as dbt's manifest names it (the schema depends on the target)."""
    manifest = json.loads((built.target_path / "manifest.json").read_text())
    node = manifest["nodes"][f"model.erp_service_analytics.{model}"]
    return f'"{node["schema"]}"."{node["alias"]}"'


def landed(built: BuiltProject, entity: Entity) -> str:
    """The landed parquet files of a lake ERP entity, read directly (no dbt involved)."""
    return f"read_parquet('{built.landing}/lake/erp/{entity.name}/ingest_date=*/*.parquet', hive_partitioning = true)"


def scalar(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    row = con.execute(sql).fetchone()
    assert row is not None
    return row[0]


def test_lake_erp_tables_are_the_contract_list() -> None:
    assert [e.name for e in LAKE_ERP] == list(contract.LAKE_ERP_TABLES)


@pytest.mark.parametrize("entity", LAKE_ERP, ids=lambda e: e.name)
def test_lake_erp_staging_reconciles_to_landed_files(
    entity: Entity, built_project: BuiltProject, duck: duckdb.DuckDBPyConnection
) -> None:
    pk = ", ".join(entity.primary_key)
    files = landed(built_project, entity)
    info = built_project.manifest["entities"][f"lake.{entity.name}"]

    landed_rows = scalar(duck, f"select count(*) from {files}")
    landed_keys = scalar(duck, f"select count(*) from (select distinct {pk} from {files}) as k")
    landed_versions = scalar(duck, f"select count(*) from (select distinct {pk}, updated_at from {files}) as v")
    staged = scalar(duck, f"select count(*) from {relation(built_project, 'stg_lake_erp__' + entity.name)}")

    # the files are what the manifest says landed; duplicates are exact re-landings of a version
    assert landed_rows == info["rows"]
    assert landed_versions == info["rows"] - info["dirty"]["duplicate"] == info["distinct_versions"]
    # staging keeps one row per primary key: every landed key, nothing else
    assert staged == landed_keys == info["distinct_keys"]
    if info["distinct_versions"] == info["distinct_keys"]:
        # a table whose rows never change: staging = landed rows less the landed duplicates
        assert staged == landed_rows - info["dirty"]["duplicate"]


@pytest.mark.parametrize("entity", LAKE_ERP, ids=lambda e: e.name)
def test_lake_erp_staging_keeps_the_latest_version(
    entity: Entity, built_project: BuiltProject, duck: duckdb.DuckDBPyConnection
) -> None:
    """Each staged row is the landed version with the latest updated_at, then _extracted_at."""
    pk = entity.primary_key
    files = landed(built_project, entity)
    stg = relation(built_project, "stg_lake_erp__" + entity.name)
    join = " and ".join(f"s.{k} = l.{k}" for k in pk)
    latest = f"""
        select {", ".join(pk)}, max(updated_at) as updated_at,
               arg_max(_extracted_at, (updated_at, _extracted_at)) as extracted_at
        from {files}
        group by {", ".join(pk)}
    """
    mismatches = scalar(
        duck,
        f"""
        select count(*)
        from {stg} as s
        full outer join ({latest}) as l on {join}
        where l.updated_at is null or s.updated_at is null
           or s.updated_at <> l.updated_at or s.extracted_at <> l.extracted_at
    """,
    )
    assert mismatches == 0


@pytest.mark.parametrize("entity", contract.ERP_TABLES, ids=lambda e: e.name)
def test_erp_staging_reconciles_to_catalog(
    entity: Entity, built_project: BuiltProject, duck: duckdb.DuckDBPyConnection
) -> None:
    stg = relation(built_project, "stg_erp__" + entity.name)
    catalog_rows = scalar(duck, f"select count(*) from erp_db.erp.{entity.name}")
    assert catalog_rows == built_project.manifest["entities"][f"erp.{entity.name}"]["rows"]
    assert scalar(duck, f"select count(*) from {stg}") == catalog_rows

    # the columns are the contract's, in its order; booleans became 0/1 flags with the same counts
    columns = [r[0] for r in duck.execute(f"select * from {stg} where 1 = 0").description]
    assert columns == [c.name for c in entity.columns]
    for col in (c for c in entity.columns if c.type == "boolean"):
        true_rows = scalar(duck, f"select count(*) from erp_db.erp.{entity.name} where {col.name}")
        flagged = scalar(duck, f"select count(*) from {stg} where {col.name} = 1")
        zeros_and_ones = scalar(duck, f"select count(*) from {stg} where {col.name} in (0, 1)")
        assert flagged == true_rows
        assert zeros_and_ones == catalog_rows - scalar(
            duck, f"select count(*) from erp_db.erp.{entity.name} where {col.name} is null"
        )


def test_landing_fixture_is_dirty(built_project: BuiltProject) -> None:
    """The reconciliation above means something only if duplicates and late rows did land."""
    entities: dict[str, Any] = built_project.manifest["entities"]
    assert sum(entities[f"lake.{e.name}"]["dirty"]["duplicate"] for e in LAKE_ERP) > 0
    assert any(
        entities[f"lake.{e.name}"]["distinct_versions"] > entities[f"lake.{e.name}"]["distinct_keys"] for e in LAKE_ERP
    )
