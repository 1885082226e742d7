"""Writing landed files: parquet (snappy), CSV, JSON lines and the ERP DuckDB catalog.

Every file is written to a temporary name in its final directory and renamed into place, so a
reader never sees a half-written partition (the same rule production producers follow).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from esa.landing.contract import Entity
from esa.landing.values import duckdb_type

PART = "part-00000"


def partition_path(root: Path, entity: Entity, date: str) -> Path:
    """The file of one partition of a lake or Cosmos entity."""
    if entity.area == "cosmos":
        return Path(f"{root}/cosmos/{entity.name}/changes/ts_date={date}/{PART}.parquet")
    if entity.area == "lake":
        return Path(f"{root}/lake/{entity.lake_folder}/{entity.name}/ingest_date={date}/{PART}.{entity.format}")
    raise ValueError(f"{entity.name} is not partitioned")


def live_ids_path(root: Path, container: str, date: str) -> Path:
    return root / "cosmos" / container / "live_ids" / f"export_date={date}" / f"{PART}.parquet"


# The completeness marker of a live_ids export: written (empty) after its parquet file; readers ignore
# an export folder without it (a partial export must never delete live documents).
EXPORT_COMPLETE = "_SUCCESS"


def write_live_ids(table: pa.Table, path: Path) -> None:
    """A live_ids export: the parquet file, then its completeness marker next to it."""
    write_parquet(table, path)
    marker = path.with_name(EXPORT_COMPLETE)
    marker.touch()


def _atomic_target(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


_EMPTY: dict[str, bytes] = {}


_LOW_CARDINALITY = ("_batch_id", "appVersion", "screen", "city", "region", "platform", "job_title", "department")


def dictionary_columns(entity: Entity) -> list[str]:
    """Text columns with few distinct values (enumerations, codes): dictionary encoding pays only for those.

    Decided from the contract, not from the data, so a partition's bytes never depend on the horizon.
    """
    return [
        col.name for col in entity.columns
        if col.type == "varchar"
        and (" | " in col.description or col.name.endswith(("_code", "Code", "currency"))
             or col.name in _LOW_CARDINALITY)
    ]


def _parquet_bytes(table: pa.Table, dictionary: list[str] | None) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="snappy", write_statistics=True, store_schema=False,
                   use_dictionary=dictionary if dictionary is not None else True)
    return bytes(sink.getvalue())


def write_parquet(table: pa.Table, path: Path, dictionary: list[str] | None = None) -> None:
    """Snappy parquet, schema exactly the table's; empty partitions reuse one cached file per schema.

    ``dictionary`` names the columns to dictionary-encode (default: all).
    """
    if table.num_rows == 0:
        key = table.schema.to_string()
        data = _EMPTY.get(key)
        if data is None:
            data = _EMPTY[key] = _parquet_bytes(table, None)
    else:
        data = _parquet_bytes(table, dictionary)
    tmp = _atomic_target(path)
    tmp.write_bytes(data)
    tmp.replace(path)


def write_csv(header: list[str], rows: Iterable[Iterable[str]], path: Path) -> None:
    """RFC 4180: comma, double-quote quoting only where needed, LF line ends, UTF-8, header row."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=",", quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    tmp = _atomic_target(path)
    tmp.write_text(buf.getvalue(), encoding="utf-8")
    tmp.replace(path)


def write_jsonl(docs: Iterable[Mapping[str, Any]], path: Path) -> None:
    """One compact JSON object per line, UTF-8, LF line ends, keys in contract order."""
    text = "".join(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n" for doc in docs)
    tmp = _atomic_target(path)
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def write_erp_catalog(path: Path, tables: list[tuple[Entity, pa.Table]]) -> None:
    """A fresh DuckDB file with schema ``erp`` and one table per entity (contract types, PKs)."""
    tmp = _atomic_target(path).with_name(f"tmp_catalog_{os.getpid()}.duckdb")
    if tmp.exists():
        tmp.unlink()
    con = duckdb.connect(str(tmp))
    try:
        con.execute("set threads to 2")
        con.execute("create schema erp")
        for ent, table in tables:
            cols = [
                f'"{col.name}" {duckdb_type(col.type)}{"" if col.nullable else " not null"}' for col in ent.columns
            ]
            pk = ", ".join(f'"{p}"' for p in ent.primary_key)
            con.execute(f"create table erp.{ent.name} ({', '.join(cols)}, primary key ({pk}))")
            con.register("_landing_src", table)
            con.execute(f"insert into erp.{ent.name} select * from _landing_src")
            con.unregister("_landing_src")
        con.execute("checkpoint")
    finally:
        con.close()
    tmp.replace(path)
    wal = tmp.with_name(tmp.name + ".wal")
    if wal.exists():
        wal.unlink()


def update_erp_catalog(path: Path, tables: list[tuple[Entity, pa.Table]]) -> None:
    """Upserts the given rows (the latest version of every key changed since the catalog was written) by key.

    One transaction: a reader sees the catalog before or after, never half of it.
    """
    con = duckdb.connect(str(path))
    try:
        con.execute("set threads to 2")
        row = con.execute("select current_database()").fetchone()
        assert row is not None
        db = row[0]  # the file's catalog is also called erp: qualify fully
        con.execute("begin transaction")
        for ent, table in tables:
            if table.num_rows == 0:
                continue
            con.register("_landing_src", table)
            con.execute(f'insert or replace into "{db}".erp.{ent.name} select * from _landing_src')
            con.unregister("_landing_src")
        con.execute("commit")
        con.execute("checkpoint")
    finally:
        con.close()
