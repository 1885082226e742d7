"""The landing contract: every entity that lands, where, in what format, with which columns.

The contract is data: ``entities/erp.yml``, ``entities/lake.yml`` and ``entities/cosmos.yml`` beside
this module hold every landed entity (columns, types, keys, enumerations, descriptions, PII
classes). This module only reads them into typed objects. It is the single source of truth for the
interface between the production pipelines (Synapse Pipelines, Synapse Link / serverless CETAS) and
this dbt project: the generator writes exactly this, and `esa contract-render` renders
docs/landing_contract.md, the dbt sources YAML and the shared column doc blocks from it (with
``--check`` in pre-commit and pytest).

Three landing areas, under one landing root (ESA_LANDING_DIR, default build/landing):

* ``erp``    - the ERP's relational database (Azure SQL Hyperscale). Locally a DuckDB catalog at
               ``erp/erp.duckdb``, schema ``erp``: the current state of each table.
* ``lake``   - ADLS Gen2 as Synapse Pipelines land it: ERP extracts as parquet, CSV files and
               JSON-lines files, each partitioned by ``ingest_date=YYYY-MM-DD``.
* ``cosmos`` - the Cosmos DB analytical store of the customer-service apps, landed as parquet by
               a serverless CETAS, well-defined schema: ``changes/ts_date=YYYY-MM-DD`` holds the
               documents whose ``_ts`` fell on that day; ``live_ids/export_date=YYYY-MM-DD`` lists
               the ids alive at an export, which is how deletes are seen.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import yaml

Area = Literal["erp", "lake", "cosmos"]
Format = Literal["duckdb_table", "parquet", "csv", "jsonl"]
# Personal data categories (docs/personal_data.md): a column holding personal data names one as `pii`;
# the dbt sources carry it as the column's `config.meta.pii`, and every model column that carries the
# value on carries the same tag.
PII_CATEGORIES: tuple[str, ...] = ("name", "email", "phone", "address", "device_id", "free_text")

# ESA_CONTRACT_DIR points the contract at another copy of the data files (the one-edit test).
ENTITIES_DIR = Path(os.environ.get("ESA_CONTRACT_DIR") or Path(__file__).with_name("entities"))


@dataclass(frozen=True)
class Column:
    """One landed column. ``type`` is the logical type (DuckDB spelling); ``values`` its enumeration."""

    name: str
    type: str
    description: str
    nullable: bool = True
    values: tuple[str, ...] = ()
    pii: str | None = None


@dataclass(frozen=True)
class Entity:
    """One landed entity (a table, a file set or a Cosmos container)."""

    area: Area
    name: str
    format: Format
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    update_semantics: str
    loaded_at_field: str
    dirty_variants: tuple[str, ...] = ()
    foreign_keys: dict[str, str] = field(default_factory=dict)
    dbt: dict[str, Any] = field(default_factory=dict)

    @property
    def path_pattern(self) -> str:
        """Where the entity lands, relative to the landing root."""
        if self.area == "erp":
            return f"erp/erp.duckdb :: erp.{self.name}"
        if self.area == "cosmos":
            return f"cosmos/{self.name}/changes/ts_date=YYYY-MM-DD/part-00000.parquet"
        ext = {"parquet": "parquet", "csv": "csv", "jsonl": "jsonl"}[self.format]
        return f"lake/{self.lake_folder}/{self.name}/ingest_date=YYYY-MM-DD/part-00000.{ext}"

    @property
    def lake_folder(self) -> str:
        """The lake's top folder for a lake entity: the system it comes from."""
        return LAKE_FOLDERS.get(self.name, "erp")

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name}")


@dataclass(frozen=True)
class JsonField:
    """One property of the objects of a nested JSON array. ``type`` is the JSON type."""

    name: str
    type: str
    description: str


def _load(name: str) -> dict[str, Any]:
    # libyaml's parser when PyYAML has it (the pinned wheels do): the same data, ten times faster
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, Any] = yaml.load((ENTITIES_DIR / f"{name}.yml").read_text(), Loader=loader)
    return data


def _column(spec: dict[str, Any] | str, shared: dict[str, Column]) -> Column:
    if isinstance(spec, str):
        return shared[spec]
    values = tuple(str(v) for v in spec.get("values") or ())
    if spec.get("pii") is not None and spec["pii"] not in PII_CATEGORIES:
        raise ValueError(f"column {spec['name']}: pii {spec['pii']!r} is not one of {', '.join(PII_CATEGORIES)}")
    note = str(spec.get("description") or "")
    description = f"{' | '.join(values)}.{' ' + note if note else ''}" if values else note
    return Column(
        name=spec["name"], type=str(spec["type"]), description=description,
        nullable=not spec.get("required", False), values=values, pii=spec.get("pii"),
    )  # fmt: skip


def _entity(area: Area, spec: dict[str, Any], shared: dict[str, Column], **defaults: Any) -> Entity:
    spec = {**defaults, **{k: v for k, v in spec.items() if v is not None}}
    return Entity(
        area=area,
        name=spec["name"],
        format=spec.get("format", "duckdb_table" if area == "erp" else "parquet"),
        description=spec["description"],
        columns=tuple(_column(c, shared) for c in spec["columns"]),
        primary_key=tuple(spec["primary_key"]),
        update_semantics=spec["update_semantics"],
        loaded_at_field=spec["loaded_at_field"],
        dirty_variants=tuple(spec.get("dirty_variants") or ()),
        foreign_keys=dict(spec.get("foreign_keys") or {}),
        dbt=dict(spec.get("dbt") or {}),
    )


def _shared(specs: list[dict[str, Any]]) -> dict[str, Column]:
    cols = [_column(s, {}) for s in specs]
    return {c.name: c for c in cols}


# ---- the ERP (Hyperscale) -------------------------------------------------------------------------
_ERP = _load("erp")
_ERP_SHARED = _shared(_ERP["shared_columns"])
ERP_TABLES: tuple[Entity, ...] = tuple(_entity("erp", e, _ERP_SHARED) for e in _ERP["entities"])
# The ISO 4217 currencies of the ERP; the first is the reporting currency (EUR).
CURRENCY_CODES: tuple[str, ...] = tuple(str(c) for c in _ERP["currency_codes"])
# ERP tables that Synapse Pipelines also extract to the lake (the Synapse star's inputs).
LAKE_ERP_TABLES: tuple[str, ...] = tuple(e["name"] for e in _ERP["entities"] if e.get("lake_extract"))

# ---- the lake (ADLS Gen2) -------------------------------------------------------------------------
_LAKE = _load("lake")
_EXTRACT = _LAKE["erp_extract"]
LAKE_EXTRACT_COLUMNS: tuple[Column, ...] = tuple(_column(c, {}) for c in _EXTRACT["columns"])
LAKE_ERP_DIRTY: tuple[str, ...] = tuple(_EXTRACT["dirty_variants"])
LAKE_FOLDERS: dict[str, str] = {e["name"]: e["folder"] for e in _LAKE["entities"]}


def _lake_erp_entity(table: Entity) -> Entity:
    return Entity(
        "lake", table.name, "parquet", _EXTRACT["description"].format(name=table.name),
        table.columns + LAKE_EXTRACT_COLUMNS, table.primary_key, _EXTRACT["update_semantics"],
        _EXTRACT["loaded_at_field"], LAKE_ERP_DIRTY, dict(table.foreign_keys), dict(table.dbt),
    )  # fmt: skip


LAKE_FILES: tuple[Entity, ...] = tuple(_entity("lake", e, {}) for e in _LAKE["entities"])

# ---- Cosmos DB analytical store (Synapse Link), landed by a serverless CETAS ------------------------
_COSMOS = _load("cosmos")
COSMOS_SYSTEM: tuple[Column, ...] = tuple(_column(c, {}) for c in _COSMOS["system_columns"])
COSMOS_DIRTY_COMMON: tuple[str, ...] = tuple(_COSMOS["dirty_variants_common"])
COSMOS_SEMANTICS: str = _COSMOS["update_semantics_common"]


def _cosmos_entity(spec: dict[str, Any]) -> Entity:
    extra = spec.get("update_semantics_extra")
    dirty = spec.get("dirty_variants", "common")
    return _entity(
        "cosmos",
        {**spec, "columns": [*_COSMOS["system_columns"], *spec["columns"]],
         "dirty_variants": COSMOS_DIRTY_COMMON if dirty == "common" else dirty},
        {}, update_semantics=f"{COSMOS_SEMANTICS} {extra}" if extra else COSMOS_SEMANTICS,
    )  # fmt: skip


COSMOS_CONTAINERS: tuple[Entity, ...] = tuple(_cosmos_entity(e) for e in _COSMOS["entities"])
COSMOS_WITH_LIVE_IDS: tuple[str, ...] = tuple(e["name"] for e in _COSMOS["entities"] if e.get("live_ids"))

# The element objects of the nested JSON arrays that models unnest: container -> column -> fields, in
# the order the producer writes them. Every element carries every field; a reader must still treat a
# missing field or one of another JSON type as NULL.
NESTED_JSON: dict[str, dict[str, tuple[JsonField, ...]]] = {
    e["name"]: {
        column: tuple(JsonField(f["name"], str(f["type"]), f["description"]) for f in fields)
        for column, fields in e["nested_json"].items()
    }
    for e in _COSMOS["entities"]
    if e.get("nested_json")
}

# ---- the arrival marker: the last column of every lake and Cosmos file (lake.yml arrival_marker) --------
# When the pipeline run that wrote the file started (UTC), one value per file, set by the landing
# pipeline and never by the data (docs/landing_contract.md, "Arrival marker"). Incremental models load
# by it, not by event time. Parquet carries it as a timestamp, CSV and JSON lines as ISO 8601 text.
_ARRIVAL: dict[str, Any] = _LAKE["arrival_marker"]
LANDED_AT: str = _ARRIVAL["name"]


def with_landed_at(ent: Entity) -> Entity:
    """The entity with the arrival marker appended as its last column."""
    text = ent.format != "parquet"
    marker = Column(
        name=LANDED_AT, type="varchar" if text else "timestamp", nullable=False,
        description=_ARRIVAL["description"] + (" " + _ARRIVAL["text_note"] if text else ""),
    )  # fmt: skip
    return replace(ent, columns=(*ent.columns, marker))


LAKE_FILES = tuple(with_landed_at(e) for e in LAKE_FILES)
COSMOS_CONTAINERS = tuple(with_landed_at(e) for e in COSMOS_CONTAINERS)

LAKE_ENTITIES: tuple[Entity, ...] = tuple(
    with_landed_at(_lake_erp_entity(t)) for t in ERP_TABLES if t.name in LAKE_ERP_TABLES
) + LAKE_FILES

ALL_ENTITIES: tuple[Entity, ...] = ERP_TABLES + LAKE_ENTITIES + COSMOS_CONTAINERS


def entity(area: Area, name: str) -> Entity:
    for ent in ALL_ENTITIES:
        if ent.area == area and ent.name == name:
            return ent
    raise KeyError(f"no {area} entity {name}")
