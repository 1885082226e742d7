"""Every landed entity of the contract has a dbt source table that describes it exactly.

Generic over contract.ALL_ENTITIES (erp, lake and cosmos areas); nothing is skipped: an entity
without a source table fails. The source name is the area's (`erp`, `cosmos`) or, for the lake,
`lake_<folder>` (`lake_erp`, `lake_finance`, `lake_marketing`, `lake_catalog`).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import BuiltProject

from esa.landing import contract
from esa.landing.contract import Entity
from esa.landing.dbt_render import dbt_type

PERIOD_HOURS = {"minute": 1 / 60, "hour": 1, "day": 24}


def source_name(entity: Entity) -> str:
    return f"lake_{entity.lake_folder}" if entity.area == "lake" else entity.area


def norm_type(type_: str | None) -> str:
    return "".join((type_ or "").lower().split())


@pytest.fixture(scope="module")
def sources(built_project: BuiltProject) -> dict[tuple[str, str], dict[str, Any]]:
    """The parsed source tables of the project (from the session's `dbt build`), by (source name, table name)."""
    manifest = json.loads((built_project.target_path / "manifest.json").read_text())
    return {(s["source_name"], s["name"]): s for s in manifest["sources"].values()}


@pytest.mark.parametrize("entity", contract.ALL_ENTITIES, ids=lambda e: f"{e.area}.{e.name}")
def test_source_matches_contract(entity: Entity, sources: dict[tuple[str, str], dict[str, Any]]) -> None:
    key = (source_name(entity), entity.name)
    assert key in sources, f"no source table {key[0]}.{key[1]} for contract entity {entity.area}.{entity.name}"
    src = sources[key]

    assert src["description"].strip(), "table not described"
    assert src.get("source_description", "").strip(), "source not described"

    # columns: the contract's names, in the contract's order, with the contract's types (spelled as the
    # project spells them: integer -> int), described
    declared = list(src["columns"].values())
    assert [c["name"] for c in declared] == [c.name for c in entity.columns]
    for col, want in zip(declared, entity.columns, strict=True):
        want_type = norm_type(dbt_type(want.type))
        assert norm_type(col.get("data_type")) == want_type, f"{col['name']}: {col.get('data_type')}"
        assert col["description"].strip(), f"{col['name']} not described"

    # freshness is measured on the contract's loaded_at field (possibly through an expression)
    loaded_at = src.get("loaded_at_field") or src.get("loaded_at_query") or ""
    assert entity.loaded_at_field in loaded_at, f"loaded_at {loaded_at!r}"
    freshness = src.get("freshness") or {}
    warn, error = freshness.get("warn_after") or {}, freshness.get("error_after") or {}
    if warn.get("count") and error.get("count"):
        assert warn["count"] * PERIOD_HOURS[warn["period"]] < error["count"] * PERIOD_HOURS[error["period"]]

    # the lake's landing layout, which the Synapse external-table operation reads from meta
    if entity.area == "lake":
        meta = src.get("config", {}).get("meta") or src.get("meta") or {}
        assert meta.get("landing_path") == f"lake/{entity.lake_folder}/{entity.name}"
        assert meta.get("landing_format") == entity.format
        assert meta.get("partition_column") == "ingest_date"


def test_no_source_table_outside_the_contract(sources: dict[tuple[str, str], dict[str, Any]]) -> None:
    landed = {(source_name(e), e.name) for e in contract.ALL_ENTITIES}
    areas = {s for s, _ in landed}
    extra = sorted(k for k in sources if k[0] in areas and k not in landed)
    assert not extra, f"source tables with no contract entity: {extra}"
