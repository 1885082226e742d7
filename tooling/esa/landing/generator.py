"""`esa generate`: build the world, then write the three landing areas and _manifest.json.

Re-running into the same directory with the same seed, scale, dirty rate and start but more days
writes only the partitions that do not exist yet (they are byte-identical by construction) and
rewrites the ERP catalog, the live_ids export and the manifest.

Version note (2026-11-30, issue 14): the parquet files' `id` and `_etag` columns (Cosmos) are stored uncompressed
(writers.UNCOMPRESSED), so a fresh zone's Cosmos parquet bytes differ from earlier generators' (the values do not);
the ERP catalog keeps an extension's updates in erp.duckdb.wal until the log passes writers.WAL_SHARE of the file.

Version note (2026-12-01, issue 14): an employee who leaves is recorded on the last working day (was 20 days
before, which an extension past that day missed): the lake employees partitions and catalog rows of a fresh zone
differ from earlier generators'; every other byte is the same. An extension simulates only the documents with a
version since its window (build_world's ``since_s``) and writes the same bytes as a fresh zone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import os
import stat
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from esa.landing import activity, contract, cosmos, sales
from esa.landing.cleanup import MANIFEST, ManifestError, read_manifest, remove_written
from esa.landing.contract import Entity
from esa.landing.lake_files import FileFeed
from esa.landing.landed import ERP_REACH, Landed, land_container, land_erp_table, latest_per_key
from esa.landing.params import DAY, Params
from esa.landing.progress import Progress
from esa.landing.reference import Reference, build_reference
from esa.landing.sorting import n_distinct
from esa.landing.values import Frame, arrow_type, nrows, take, to_arrow
from esa.landing.world import FILE_FEEDS, REST_STEPS, STEPS, World, build_world
from esa.landing.writers import (
    ErpCatalog,
    dictionary_columns,
    landed_at,
    live_ids_path,
    partition_path,
    write_csv,
    write_jsonl,
    write_live_ids,
    write_parquet,
)

MANIFEST_VERSION = 1
WRITERS = 3  # writer threads: pyarrow and duckdb release the GIL while writing
LIVE_IDS = contract.Entity(
    "cosmos", "live_ids", "parquet", "ids alive at an export",
    (contract.Column("id", "varchar", "Document id.", False), contract.Column("_ts", "bigint", "Latest _ts.", False)),
    ("id",), "Rewritten per export.", "_ts",
)


class Jobs:
    """Writes files on a few threads; leaving the context waits for all and re-raises any failure."""

    def __init__(self, workers: int = WRITERS) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers)
        self._futures: list[Future[None]] = []
        self._slots = threading.BoundedSemaphore(4 * workers)  # files in flight: bounds the memory they hold

    def submit(self, fn: Callable[..., None], *args: Any) -> None:
        self._slots.acquire()
        fut = self._pool.submit(fn, *args)
        fut.add_done_callback(lambda _: self._slots.release())
        self._futures.append(fut)

    def __enter__(self) -> Jobs:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            for fut in self._futures:
                fut.result()
        finally:
            self._pool.shutdown(wait=True)


class LandingError(Exception):
    """The output directory holds a landing zone that this run cannot extend."""


def generator_version() -> str:
    """A digest of the generator's source: files landed by another version are not extended."""
    digest = hashlib.sha256()
    for src in sorted(Path(__file__).parent.glob("*.py")):
        if src.name != "doc.py":
            digest.update(src.name.encode() + b"\0" + src.read_bytes())
    return digest.hexdigest()[:16]


def _check_existing(out: Path, p: Params, overwrite: bool, log: Any) -> dict[str, Any] | None:
    """Refuse a zone this run cannot extend; with ``overwrite``, delete only what a generator wrote there.

    Returns the manifest of the zone this run extends (None for a new zone).
    """
    try:
        old = read_manifest(out)
    except ManifestError as exc:
        if not overwrite:
            raise LandingError(f"{exc}; pass --overwrite to replace the zone") from None
        old = None
    if overwrite:
        removed = remove_written(out, old)
        if log is not None and removed:
            log(f"deleted {removed} files of the previous landing zone in {out}")
        return None
    if old is None:
        if any((out / area).exists() for area in ("erp", "lake", "cosmos")):
            raise LandingError(f"{out} holds landing data but no {MANIFEST}; pass --overwrite to replace it")
        return None
    old_version = old.get("generator_version")
    if old_version != generator_version():
        raise LandingError(
            f"{out} was landed by another generator version ({old_version}, this is {generator_version()}); "
            "pass --overwrite to generate it afresh"
        )
    old_p = old.get("parameters", {})
    same = {k: old_p.get(k) for k in p.identity()} == p.identity()
    if not same:
        raise LandingError(
            f"{out} was generated with {old_p}; seed, scale, dirty and start must match to extend it "
            "(pass --overwrite to start afresh)"
        )
    if int(old_p.get("days", 0)) > p.days:
        raise LandingError(f"{out} already covers {old_p['days']} days; pass --overwrite to generate fewer")
    return old


def _check_writable(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise LandingError(f"--out {out} is a file, not a folder")
    if out.is_dir() and not (out.stat().st_mode & stat.S_IWUSR and os.access(out, os.W_OK)):
        raise LandingError(f"--out {out} is a read-only folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".esa-write-probe"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise LandingError(f"cannot write to --out {out}: {exc.strerror or exc}") from None


def _existing_partitions(out: Path, ent: Entity, p: Params) -> set[str]:
    """Dates of the partitions of ``ent`` that already hold their file (one directory listing)."""
    sample = partition_path(out, ent, "x")
    folder, name = str(sample.parent.parent), sample.name
    if not os.path.isdir(folder):
        return set()
    found = set()
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir() and os.path.isfile(os.path.join(entry.path, name)):
                found.add(entry.name.split("=", 1)[1])
    return found


def _wanted_days(out: Path, ent: Entity, p: Params, stats: dict[str, int],
                 known: set[str] | None = None) -> np.ndarray:
    """A bool per day: the partitions of ``ent`` whose file is missing (the others are kept as they are).

    ``known``: the dates of the partitions that hold their file, when the caller listed them already.
    """
    existing = _existing_partitions(out, ent, p) if known is None else known
    wanted = np.array([date not in existing for date in p.dates], dtype=bool)
    stats["skipped"] += int((~wanted).sum())
    return wanted


def partition_landed_at(p: Params, d: int, wanted: np.ndarray) -> dt.datetime:
    """The arrival marker of day ``d``'s partition: late when a later partition had already landed."""
    late = bool((~wanted[d + 1:]).any())
    return landed_at(p.date(d), p.date(p.days - 1) if late else None)


CHUNK_DAYS = 31  # partitions built at a time from an entity's landed rows: bounds the copies in memory


def _write_partitions(out: Path, ent: Entity, landed: Landed, p: Params, wanted: np.ndarray,
                      stats: dict[str, int], pool: Jobs) -> dict[str, int]:
    """Writes the wanted partitions, a few weeks at a time; returns ``landed.counts`` per partition date (every
    date of the period; 0 before the ``from_day`` the entity was landed from)."""
    dictionary = dictionary_columns(ent)
    days = np.flatnonzero(wanted)
    for chunk in np.array_split(days, max(1, -(-len(days) // CHUNK_DAYS))) if len(days) else []:
        mask = np.zeros(p.days, dtype=bool)
        mask[chunk] = True
        frame, day = landed.build(mask)
        if np.any(np.diff(day) < 0):
            raise AssertionError(f"{ent.name}: landed rows must be sorted by partition")
        own = np.bincount(day, minlength=p.days)[: p.days] if len(day) else np.zeros(p.days, np.int64)
        if not np.array_equal(own[chunk], landed.counts[chunk]):
            raise AssertionError(f"{ent.name}: landed rows do not match the partition counts")
        bounds = np.concatenate([[0], np.cumsum(own)])
        table = to_arrow(ent, frame)
        del frame
        for d in chunk.tolist():
            path = partition_path(out, ent, p.dates[d])
            pool.submit(write_parquet, table.slice(int(bounds[d]), int(own[d])), path, dictionary,
                        partition_landed_at(p, d, wanted))
            stats["written"] += 1
    return dict(zip(p.dates, landed.counts.tolist(), strict=True))


def _write_feed(out: Path, ent: Entity, feed: FileFeed, p: Params, wanted: np.ndarray, stats: dict[str, int],
                pool: Jobs) -> dict[str, int]:
    """Writes the wanted partitions of a lake file feed; returns the rows of every partition the feed built."""
    per_partition: dict[str, int] = {}
    header = [c.name for c in ent.columns]
    for d in range(p.days):
        date = p.date(d).isoformat()
        per_partition[date] = len(feed.partitions[d])
        if not wanted[d]:
            continue
        rows = feed.rows(d)
        path = partition_path(out, ent, date)
        at = partition_landed_at(p, d, wanted)
        if ent.format == "csv":
            pool.submit(write_csv, header, rows, path, at)
        else:
            pool.submit(write_jsonl, rows, path, at)
        stats["written"] += 1
    return per_partition


def _feed_entry(old: dict[str, Any] | None, ent: Entity, feed: FileFeed, p: Params, from_day: int,
                parts: dict[str, int]) -> dict[str, Any]:
    """The manifest entry of a lake file feed built from ``from_day`` on (its corrections or edits are added
    up like the dirt)."""
    return _merged_entry(old, ent, p, from_day, parts, feed.distinct_keys, None, feed.dirty, added=feed.extra)


def generate(out: Path, p: Params, overwrite: bool = False, log: Any = None) -> dict[str, Any]:
    """Generate (or extend) the landing zone in ``out``; returns the manifest."""
    t0 = time.perf_counter()
    _check_writable(out)
    old = _check_existing(out, p, overwrite, log)
    progress = Progress(log)
    stats = {"written": 0, "skipped": 0}
    # app activity (the bulk of the rows, one GIL-bound loop) runs beside the ERP in a process of its own
    apart = _ActivityApart(out, p, old) if _activity_apart(out, p, old) else None
    try:
        with Jobs() as pool:
            # the ERP tables are landed (catalog and lake) as the simulation builds them, one at a time
            progress.start(f"simulation of the ERP, {p.days} days", STEPS, "parts")
            erp = _ErpLanding(out, p, old, stats, pool)
            try:
                world = build_world(p, lambda part: progress.advance(1, part), erp.add, erp.window_since())
                erp.check_complete()
            except BaseException:
                erp.abort()
                raise
            progress.done()
            progress.start(f"erp catalog and lake, {p.days} days", 1, "steps")
            erp.catalog.close()
            progress.done()
            t_world = time.perf_counter() - t0
            entities = erp.entities
            entities.update(_write_rest(out, p, world, old, stats, pool, progress))
            if apart is None:
                assert world.users is not None, "world.rest() simulates the app users"
                entities.update(_write_activity(out, p, world.ref, world.users, old, stats, pool, progress))
            progress.start("waiting for the last files", 1, "steps")
        progress.done()
        if apart is not None:
            progress.start("cosmos app sessions and events (in their own process)", 1, "steps")
            entities.update(apart.result(stats))
            apart = None
            progress.done()
    finally:
        if apart is not None:
            apart.stop()
        progress.close()
    order = [f"{e.area}.{e.name}" for e in contract.ERP_TABLES + contract.LAKE_ENTITIES + contract.COSMOS_CONTAINERS]
    entities = {key: entities[key] for key in order}
    t_write = time.perf_counter() - t0 - t_world
    manifest = {
        "manifest_version": MANIFEST_VERSION,
        "generator_version": generator_version(),
        "parameters": p.as_json(),
        "first_date": p.date(0).isoformat(),
        "last_date": p.date(p.days - 1).isoformat(),
        "entities": entities,
    }
    tmp = out / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, indent=1) + "\n")
    tmp.replace(out / MANIFEST)
    if log is not None:
        log(f"generated in {time.perf_counter() - t0:.1f}s (ERP {t_world:.1f}s, the rest {t_write:.1f}s); "
            f"partition files written {stats['written']}, kept {stats['skipped']}")
    return manifest


def _catalog_table(ent: Entity, frame: Frame, since: int | None, old_rows: int | None) -> tuple[Frame, int]:
    """The ERP state of one table (only the keys changed since ``since`` when extending) and its row count.

    Extending, the count is the catalog's ``old_rows`` plus the changed keys that had no version before
    ``since`` (without ``old_rows``, all keys are counted).
    """
    pk = ent.primary_key[0]
    if since is None:
        state = latest_per_key(frame, pk)
        return state, nrows(state)
    upd = np.asarray(frame["updated_at"])
    changed = upd >= since
    state = latest_per_key(take(frame, np.flatnonzero(changed)), pk)
    if old_rows is None:
        return state, n_distinct(np.asarray(frame[pk]))
    keys = np.asarray(state[pk])
    before = np.asarray(frame[pk])[~changed]
    seen = np.isin(keys, before, kind="table") if len(keys) and len(before) else np.zeros(len(keys), bool)
    return state, old_rows + int((~seen).sum())


def _extend_entry(old: dict[str, Any] | None, ent: Entity, landed: Landed, p: Params, from_day: int,
                  parts: dict[str, int], extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The manifest entry of an entity landed from ``from_day`` on (land_erp_table, land_container)."""
    return _merged_entry(old, ent, p, from_day, parts, landed.distinct_keys, landed.distinct_versions,
                         landed.dirty, extra)


class _ErpLanding:
    """Lands each ERP table as the simulation emits it: the catalog (the state at the end of the last day; an
    extended zone's catalog gets the rows changed since its horizon) and the lake change log; then drops it."""

    def __init__(self, out: Path, p: Params, old: dict[str, Any] | None, stats: dict[str, int], pool: Jobs) -> None:
        self.out, self.p, self.stats, self.pool = out, p, stats, pool
        path = out / "erp" / "erp.duckdb"
        self.old = old
        self.old_days = int(old["parameters"]["days"]) if old is not None else 0
        self.since = (p.start_day + self.old_days) * DAY if old is not None and path.is_file() else None
        self.catalog = ErpCatalog(path, update=self.since is not None)
        self.lake = {ent.name: ent for ent in contract.LAKE_ENTITIES}
        self.tables = {ent.name: ent for ent in contract.ERP_TABLES}
        self.entities: dict[str, Any] = {}
        self.windowed = False  # window_since() said the simulation may emit only the keys changed since then
        # the lake tables' partitions window_since() listed: add() reuses them (no table lands in between)
        self._listed: dict[str, set[str]] = {}

    def window_since(self) -> int | None:
        """The earliest version this landing reads, when every ERP table lands only from the old horizon on.

        That is an extension of a zone whose catalog and every lake partition of the ERP tables are there (and
        that is longer than ERP_REACH days): the catalog takes the rows changed since the old horizon, and each
        lake table the versions of the last ERP_REACH days before it on (land_erp_table's ``from_day``).
        Otherwise None: a table is landed over the whole period, so the simulation emits every version.
        """
        old = self.old
        if old is None or self.since is None or self.old_days <= ERP_REACH:
            return None
        if any(f"erp.{name}" not in old["entities"] for name in self.tables):
            return None
        for name, ent in self.lake.items():
            if f"lake.{name}" not in old["entities"]:
                return None
            existing = self._listed[name] = _existing_partitions(self.out, ent, self.p)
            if any(date not in existing for date in self.p.dates[: self.old_days]):
                return None
        self.windowed = True
        return (self.p.start_day + self.old_days - ERP_REACH) * DAY

    def add(self, name: str, frame: Frame) -> None:
        ent = self.tables[name]
        if f"erp.{name}" in self.entities:
            raise AssertionError(f"the ERP simulation emitted {name} twice")
        old_entry = self.old["entities"].get(f"erp.{name}") if self.old is not None else None
        table, rows = _catalog_table(ent, frame, self.since, None if old_entry is None else int(old_entry["rows"]))
        self.catalog.add(ent, table)
        del table
        self.entities[f"erp.{name}"] = {"area": "erp", "name": name, "path": ent.path_pattern, "rows": rows}
        lake_ent = self.lake.get(name)
        if lake_ent is not None:
            p, stats = self.p, self.stats
            wanted = _wanted_days(self.out, lake_ent, p, stats, self._listed.pop(name, None))
            # extending a zone whose partitions are all there: land only what reaches the new ones
            from_day = self.old_days if self.old is not None and self.old_days > ERP_REACH \
                and not wanted[: self.old_days].any() and f"lake.{name}" in self.old["entities"] else 0
            if self.windowed and not from_day:
                raise AssertionError(f"{name}: windowed versions cannot land over the whole period")
            landed = land_erp_table(p, lake_ent, frame, from_day)
            parts = _write_partitions(self.out, lake_ent, landed, p, wanted, stats, self.pool)
            if from_day and self.old is not None:
                self.entities[f"lake.{name}"] = _extend_entry(self.old, lake_ent, landed, p, from_day, parts)
            else:
                self.entities[f"lake.{name}"] = _entry(lake_ent, parts, landed.distinct_keys,
                                                       landed.distinct_versions, landed.dirty, {})

    def check_complete(self) -> None:
        """Every ERP table is in (the catalog is committed, or renamed into place, only then)."""
        missing = [name for name in self.tables if f"erp.{name}" not in self.entities]
        if missing:
            raise AssertionError(f"the ERP simulation did not emit {missing}")

    def abort(self) -> None:
        self.catalog.abort()


def _write_rest(out: Path, p: Params, world: World, old: dict[str, Any] | None, stats: dict[str, int], pool: Jobs,
                progress: Progress) -> dict[str, Any]:
    """The Cosmos documents (not app activity) and the lake file feeds.

    Extending a zone (``old``, its manifest), a container whose earlier partitions are all there lands only
    the versions that reach the new ones; the figures of the earlier partitions come from the manifest.
    """
    entities: dict[str, Any] = {}
    old_days = int(old["parameters"]["days"]) if old is not None else 0

    def from_day(key: str, wanted: np.ndarray) -> int:
        """The first partition landed: the first new one when every earlier partition is there (else 0)."""
        return old_days if old is not None and old_days > 1 and not wanted[:old_days].any() \
            and key in old["entities"] else 0

    feeds = {ent.name: ent for ent in contract.LAKE_ENTITIES if ent.name in FILE_FEEDS}
    feed_wanted = {name: _wanted_days(out, ent, p, stats) for name, ent in feeds.items()}
    feed_from = {name: from_day(f"lake.{name}", wanted) for name, wanted in feed_wanted.items()}
    # simulated now that the ERP versions are freed
    progress.start(f"simulation of the Cosmos documents and lake files, {p.days} days", REST_STEPS, "parts")
    world.rest(lambda part: progress.advance(1, part), feed_from)
    progress.done()
    for name, feed in world.files.items():
        parts = _write_feed(out, feeds[name], feed, p, feed_wanted[name], stats, pool)
        entities[f"lake.{name}"] = _feed_entry(old, feeds[name], feed, p, feed_from[name], parts)
    world.files.clear()

    last_date = p.date(p.days - 1).isoformat()
    docs_containers = [ent for ent in contract.COSMOS_CONTAINERS if ent.name not in activity.CONTAINERS]
    progress.start(f"cosmos documents, {p.days} days", len(docs_containers), "containers")
    for ent in docs_containers:  # app activity streams day by day: _write_activity
        docs = world.docs[ent.name]
        wanted = _wanted_days(out, ent, p, stats)
        # extending a zone whose partitions are all there: land only what reaches the new ones
        first = from_day(f"cosmos.{ent.name}", wanted)
        landed = land_container(p, ent, docs, from_day=first)
        parts = _write_partitions(out, ent, landed, p, wanted, stats, pool)
        extra: dict[str, Any] = {}
        if landed.live_ids is not None:
            lpath = live_ids_path(out, ent.name, last_date)
            pool.submit(write_live_ids, to_arrow(LIVE_IDS, landed.live_ids), lpath)
            extra["live_ids"] = {"export_date": last_date, "rows": len(landed.live_ids["_ts"]),
                                 "path": f"cosmos/{ent.name}/live_ids/export_date=YYYY-MM-DD/part-00000.parquet"}
        entities[f"cosmos.{ent.name}"] = _extend_entry(old, ent, landed, p, first, parts, extra)
        del landed, docs, world.docs[ent.name]
        progress.advance(1, ent.name)
    progress.done()

    return entities


def _write_activity(out: Path, p: Params, ref: Reference, users: cosmos.Users, old: dict[str, Any] | None,
                    stats: dict[str, int], pool: Jobs, progress: Progress) -> dict[str, Any]:
    """App sessions and events, day by day: only the days that reach a missing partition are generated.

    The figures of the partitions an extended zone already had come from its manifest.
    """
    old_days = int(old["parameters"]["days"]) if old is not None else 0
    counted = np.arange(p.days) >= old_days
    ents = {name: contract.entity("cosmos", name) for name in activity.CONTAINERS}
    wanted = {name: _wanted_days(out, ent, p, stats) for name, ent in ents.items()}
    figures = {name: activity.Stats() for name in activity.CONTAINERS}
    empty = {name: pa.schema([pa.field(c.name, arrow_type(c.type)) for c in ent.columns]).empty_table()
             for name, ent in ents.items()}
    progress.start("cosmos app sessions and events", int(activity.birth_days(p, wanted, counted).sum()), "days")
    for ent, d, frame in activity.stream_activity(p, ref, users, wanted, counted, figures,
                                                  lambda b: progress.advance(1, p.date(b).isoformat())):
        table = to_arrow(ent, frame) if frame is not None else empty[ent.name]
        pool.submit(write_parquet, table, partition_path(out, ent, p.date(d).isoformat()), dictionary_columns(ent),
                    partition_landed_at(p, d, wanted[ent.name]))
        stats["written"] += 1
    progress.done()
    entities: dict[str, Any] = {}
    for name, ent in ents.items():
        fig = figures[name]
        parts = {p.date(d).isoformat(): fig.rows.get(d, 0) for d in range(p.days)}
        # one version per document: its distinct versions are its distinct keys
        entities[f"cosmos.{name}"] = _merged_entry(old, ent, p, old_days, parts, fig.versions, fig.versions,
                                                   fig.dirty)
    return entities


# App activity runs in a process of its own when its generated days times the scale reach this (a year at
# scale 0.03 and more): its loop holds the GIL, so in one process it and the ERP simulation take turns on one
# core. The process costs about 0.7 s of CPU (imports, reference, customers, app users), not worth it for a day.
ACTIVITY_APART_MIN = 10.0


def _activity_apart(out: Path, p: Params, old: dict[str, Any] | None) -> bool:
    """Whether app activity runs in its own process (:data:`ACTIVITY_APART_MIN`)."""
    old_days = int(old["parameters"]["days"]) if old is not None else 0
    counted = np.arange(p.days) >= old_days
    wanted = {name: _wanted_days(out, contract.entity("cosmos", name), p, {"skipped": 0})
              for name in activity.CONTAINERS}
    return float(activity.birth_days(p, wanted, counted).sum()) * p.scale >= ACTIVITY_APART_MIN


def _activity_process(conn: Any, out: Path, p: Params, old: dict[str, Any] | None) -> None:
    """The child of :class:`_ActivityApart`: builds the reference, customers and app users again (the same
    arrays as the parent's: they depend on the parameters only), writes the app activity's partitions with
    writer threads of its own, and sends back its manifest entries and file counts."""
    try:
        ref = build_reference(p)
        s = sales.Sales(emit=lambda _name, _frame: None)
        sales.build_customers(p, ref, s)
        users = cosmos.build_app_users(p, s)
        del s
        stats = {"written": 0, "skipped": 0}
        with Jobs() as pool:
            entities = _write_activity(out, p, ref, users, old, stats, pool, Progress(None))
        conn.send(("ok", entities, stats))
    except BaseException as exc:  # every failure goes back to the parent, which raises it
        try:
            conn.send(("error", exc, traceback.format_exc()))
        except Exception:  # an exception that cannot be pickled: its text
            conn.send(("error", RuntimeError(traceback.format_exc()), ""))
    finally:
        conn.close()


class _ActivityApart:
    """App activity generated and written by a child process (spawned: no thread of this one is inherited)."""

    def __init__(self, out: Path, p: Params, old: dict[str, Any] | None) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_activity_process, args=(child, out, p, old), name="esa-app-activity")
        self._proc.start()
        child.close()

    def result(self, stats: dict[str, int]) -> dict[str, Any]:
        """Waits for the child; returns its manifest entries and adds its file counts to ``stats``."""
        try:
            reply = self._conn.recv()
        except EOFError:
            reply = ("error", RuntimeError("the app activity process ended without a reply"), "")
        self._proc.join()
        if reply[0] != "ok":
            raise reply[1]
        entities: dict[str, Any] = reply[1]
        for key, n in reply[2].items():
            stats[key] += n
        return entities

    def stop(self) -> None:
        """The parent failed: end the child (its partitions are renamed into place whole, or not at all)."""
        self._proc.terminate()
        self._proc.join()


def _merged_entry(old: dict[str, Any] | None, ent: Entity, p: Params, from_day: int, parts: dict[str, int],
                  distinct_keys: int, distinct_versions: int | None, dirty: dict[str, int],
                  extra: dict[str, Any] | None = None, added: dict[str, int] | None = None) -> dict[str, Any]:
    """The manifest entry of an entity whose partitions from ``from_day`` on this run landed.

    ``parts`` (rows per partition, 0 before ``from_day``) and the figures (distinct keys and versions, dirty
    rows, the ``added`` counts) cover those partitions only. Extending a zone (``old``, its manifest;
    ``from_day`` > 0), the earlier partitions' rows come from the manifest and each figure is added to its
    old value; ``extra`` is taken as it is. ``parts`` is updated in place.
    """
    added = added or {}
    if not from_day or old is None:
        return _entry(ent, parts, distinct_keys, distinct_versions, dirty, {**(extra or {}), **added})
    before = old["entities"][f"{ent.area}.{ent.name}"]
    for date in p.dates[:from_day]:
        parts[date] = int(before["partitions"][date])
    if distinct_versions is not None:
        distinct_versions += int(before["distinct_versions"])
    dirty = {v: int(before["dirty"].get(v, 0)) + dirty.get(v, 0) for v in dirty.keys() | before["dirty"]}
    added = {k: int(before[k]) + n for k, n in added.items()}
    return _entry(ent, parts, int(before["distinct_keys"]) + distinct_keys, distinct_versions, dirty,
                  {**(extra or {}), **added})


def _entry(ent: Entity, parts: dict[str, int], distinct_keys: int, distinct_versions: int | None,
           dirty: dict[str, int], extra: dict[str, Any]) -> dict[str, Any]:
    variants = [v.split(":")[0] for v in ent.dirty_variants]
    entry: dict[str, Any] = {
        "area": ent.area,
        "name": ent.name,
        "path": ent.path_pattern,
        "rows": sum(parts.values()),
        "distinct_keys": distinct_keys,
    }
    if distinct_versions is not None:
        entry["distinct_versions"] = distinct_versions
    entry["dirty"] = {v: int(dirty.get(v, 0)) for v in variants}
    entry.update(extra)
    entry["partitions"] = parts
    return entry
