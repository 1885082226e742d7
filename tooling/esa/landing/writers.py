"""Writing landed files: parquet (snappy), CSV, JSON lines and the ERP DuckDB catalog.

Every file is written to a temporary name in its final directory and renamed into place, so a
reader never sees a half-written partition (the same rule production producers follow).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from esa.landing.contract import LANDED_AT, Entity
from esa.landing.values import Frame, duckdb_type, nrows, to_arrow

PART = "part-00000"
# The ERP catalog's DuckDB memory: its buffers spill to the file beyond this, so the generator's memory stays bounded
CATALOG_MEMORY = "256MB"
CATALOG_SLICE = 65_536  # rows converted to Arrow and inserted at a time (its copies are the catalog thread's memory)


# The arrival marker (contract.LANDED_AT): the daily landing run for day D starts at 07:00 UTC on D+1,
# after every extract, export and re-run of D (the latest, marketing's export, is at 06:00). A partition
# written late (its folder is missing when a later run fills it in) is written by a catch-up run at
# 08:00 UTC the day after the run's last day, so it always lands after every partition on time.
LANDING_HOUR = 7
CATCH_UP_HOUR = 8


def landed_at(date: dt.date, late_run_last_date: dt.date | None = None) -> dt.datetime:
    """When the partition of ``date`` landed: on time, or (given the run's last day) late."""
    if late_run_last_date is None:
        return dt.datetime.combine(date + dt.timedelta(days=1), dt.time(LANDING_HOUR))
    return dt.datetime.combine(late_run_last_date + dt.timedelta(days=1), dt.time(CATCH_UP_HOUR))


def landed_at_text(at: dt.datetime) -> str:
    """The arrival marker in CSV and JSON lines: ISO 8601 UTC text."""
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


_EPOCH = dt.datetime(1970, 1, 1)


def with_landed_at(table: pa.Table, at: dt.datetime) -> pa.Table:
    """The table with the arrival marker as its last column (one value for the file)."""
    if LANDED_AT in table.column_names:  # a table built from every contract column: replace its placeholder
        table = table.drop_columns([LANDED_AT])
    # one value repeated, built from its buffer (a list of datetimes cost 0.2 us a row)
    micros = (at - _EPOCH) // dt.timedelta(microseconds=1)
    values = pa.py_buffer(np.full(table.num_rows, micros, dtype=np.int64))
    return table.append_column(pa.field(LANDED_AT, pa.timestamp("us")),
                               pa.Array.from_buffers(pa.timestamp("us"), table.num_rows, [None, values]))


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


_EMPTY: dict[str, pa.Buffer] = {}


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


# Unique random text (the Cosmos document ids and etags, GUIDs): snappy shrank them by a tenth for 0.35 us a row
# each, a third of the encoding of an app event, so they are stored uncompressed (generator version 2026-11-30)
UNCOMPRESSED = ("id", "_etag")


def _parquet_bytes(table: pa.Table, dictionary: list[str] | None) -> pa.Buffer:
    """The file's bytes, in Arrow's buffer (written out as it is: no copy into a Python bytes object)."""
    sink = pa.BufferOutputStream()
    compression = {name: "none" if name in UNCOMPRESSED else "snappy" for name in table.column_names}
    pq.write_table(table, sink, compression=compression, write_statistics=True, store_schema=False,
                   use_dictionary=dictionary if dictionary is not None else True)
    return sink.getvalue()


def write_parquet(table: pa.Table, path: Path, dictionary: list[str] | None = None,
                  at: dt.datetime | None = None) -> None:
    """Snappy parquet (but :data:`UNCOMPRESSED`), schema exactly the table's; empty partitions reuse one
    cached file per schema.

    ``dictionary`` names the columns to dictionary-encode (default: all); ``at`` appends the arrival
    marker column.
    """
    if at is not None:
        table = with_landed_at(table, at)
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


def write_csv(header: list[str], rows: Iterable[Iterable[str]], path: Path, at: dt.datetime | None = None) -> None:
    """RFC 4180: comma, double-quote quoting only where needed, LF line ends, UTF-8, header row.

    With ``at``, the last header column is the arrival marker and every row gets its text.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=",", quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow(header)
    if at is None:
        writer.writerows(rows)
    else:
        stamp = landed_at_text(at)
        writer.writerows([*row, stamp] for row in rows)
    tmp = _atomic_target(path)
    tmp.write_text(buf.getvalue(), encoding="utf-8")
    tmp.replace(path)


def write_jsonl(docs: Iterable[Mapping[str, Any]], path: Path, at: dt.datetime | None = None) -> None:
    """One compact JSON object per line, UTF-8, LF line ends, keys in contract order.

    With ``at``, every object ends with the arrival marker's key and text.
    """
    if at is not None:
        stamp = landed_at_text(at)
        docs = ({**doc, LANDED_AT: stamp} for doc in docs)
    text = "".join(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n" for doc in docs)
    tmp = _atomic_target(path)
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


# An updated catalog keeps its changes in its write-ahead log until the log passes this share of the file
# (20 daily updates at scale 1, 30 at scale 0.3): one checkpoint in 20 days, not one a day;
# a reader replays at most this much.
WAL_SHARE = 1 / 8
UPDATE_CHECKPOINT_THRESHOLD = "64GB"  # no checkpoint at the commit of an update; close() decides


def _wal_size(path: Path) -> int:
    wal = path.with_name(path.name + ".wal")
    return wal.stat().st_size if wal.is_file() else 0


class ErpCatalog:
    """The ERP catalog (a DuckDB file, schema ``erp``, one table per entity with contract types and PKs).

    Filled one table at a time on its own thread, so the caller may free each table's source once added.
    Fresh: written to a temporary file that ``close`` renames into place. ``update``: the existing file gets
    the given rows by key (insert or replace) in one transaction, committed by ``close`` to the file's
    write-ahead log (``erp.duckdb.wal``); the log is folded into the file (a checkpoint) only once it passes
    :data:`WAL_SHARE` of the file's size. A checkpoint rewrites every updated table's blocks and primary-key
    index, which cost more than the day's updates (1.3 to 2.2 s wall of a 4 s day at scale 0.3); readers
    attach the file read-only and replay the log (DuckDB does, in memory), so they see the same rows.
    """

    def __init__(self, path: Path, update: bool = False) -> None:
        self._path = path
        self._update = update
        self._thread = ThreadPoolExecutor(max_workers=1)
        self._slots = threading.BoundedSemaphore(2)  # tables waiting for the thread
        self._futures: list[Future[None]] = []
        self._tmp = path if update else _atomic_target(path).with_name(f"tmp_catalog_{os.getpid()}.duckdb")
        self._con: duckdb.DuckDBPyConnection | None = None
        self._db = ""
        self._submit(self._open)

    def _submit(self, fn: Callable[..., None], *args: Any) -> None:
        self._slots.acquire()
        fut = self._thread.submit(fn, *args)
        fut.add_done_callback(lambda _: self._slots.release())
        self._futures.append(fut)

    def _open(self) -> None:
        if not self._update and self._tmp.exists():
            self._tmp.unlink()
        self._con = duckdb.connect(str(self._tmp))
        # one thread: a fresh catalog's inserts and key indexes cost a third less CPU than with two (scale 0.3, 1.7
        # against 2.7 s), and the generator's own threads keep the cores busy; an update's few thousand rows per
        # table too (one more day at scale 1: 0.33 s of CPU against 0.5 s with two)
        self._con.execute("set threads to 1")
        self._con.execute(f"set memory_limit = '{CATALOG_MEMORY}'")
        row = self._con.execute("select current_database()").fetchone()
        assert row is not None
        self._db = row[0]  # the file's catalog may also be called erp: qualify fully
        if self._update:
            # commits go to the log only (DuckDB checkpoints at a commit whose log passes its threshold)
            self._con.execute(f"set checkpoint_threshold = '{UPDATE_CHECKPOINT_THRESHOLD}'")
            self._con.execute("pragma disable_checkpoint_on_shutdown")
            self._con.execute("begin transaction")
        else:
            self._con.execute("create schema erp")

    def add(self, ent: Entity, frame: Frame) -> None:
        """Queue one table: its whole state (fresh) or its changed rows (update)."""
        self._submit(self._add, ent, frame)

    def _add(self, ent: Entity, frame: Frame) -> None:
        con = self._con
        if con is None:
            return  # opening failed; close() reports it
        name = f'"{self._db}".erp.{ent.name}'
        if not self._update:
            cols = [f'"{col.name}" {duckdb_type(col.type)}{"" if col.nullable else " not null"}'
                    for col in ent.columns]
            con.execute(f"create table {name} ({', '.join(cols)})")
        n = nrows(frame)
        if self._update and not n:
            return  # nothing changed (an insert of no rows still costs a few milliseconds)
        for start in range(0, n, CATALOG_SLICE):  # converted a slice at a time: one copy of a slice in memory
            table = to_arrow(ent, {k: v[start: start + CATALOG_SLICE] for k, v in frame.items()})
            con.register("_landing_src", table)
            con.execute(f"insert {'or replace ' if self._update else ''}into {name} select * from _landing_src")
            con.unregister("_landing_src")
        if not self._update:
            # the key's index built once from the loaded rows: a quarter less CPU than growing it row by row
            # (the same constraint: adding it fails on a duplicate or null key as an insert would)
            pk = ", ".join(f'"{p}"' for p in ent.primary_key)
            con.execute(f"alter table {name} add primary key ({pk})")

    def close(self) -> None:
        """Wait for every table; commit or rename into place. Raises the first failure (nothing is replaced)."""
        try:
            for fut in self._futures:
                fut.result()
            if self._con is not None:
                if self._update:
                    self._con.execute("commit")
                if not self._update or _wal_size(self._path) > WAL_SHARE * self._path.stat().st_size:
                    self._con.execute("checkpoint")
        finally:
            # after a failed table, the tables queued behind it are cancelled and the one being inserted is
            # waited for before the connection closes: closing it under a running insert is unsafe (a run
            # on a full disk hung there, the catalog's thread idle in `unregister`)
            self._thread.shutdown(wait=True, cancel_futures=True)
            if self._con is not None:
                self._con.close()
        if not self._update:
            # a log left beside an earlier catalog must never be replayed onto this one
            self._path.with_name(self._path.name + ".wal").unlink(missing_ok=True)
            self._tmp.replace(self._path)
            wal = self._tmp.with_name(self._tmp.name + ".wal")
            if wal.exists():
                wal.unlink()

    def abort(self) -> None:
        """Leave the catalog as it was: roll the update back, or delete the fresh file."""
        for fut in self._futures:
            fut.exception()
        if self._con is not None:
            if self._update:
                self._con.execute("rollback")
            self._con.close()
        self._thread.shutdown(wait=True)
        if not self._update:
            for leftover in (self._tmp, self._tmp.with_name(self._tmp.name + ".wal")):
                leftover.unlink(missing_ok=True)
