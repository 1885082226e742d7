"""`esa generate`: build the world, then write the three landing areas and _manifest.json.

Re-running into the same directory with the same seed, scale, dirty rate and start but more days
writes only the partitions that do not exist yet (they are byte-identical by construction) and
rewrites the ERP catalog, the live_ids export and the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from esa.landing import contract
from esa.landing.cleanup import MANIFEST, ManifestError, read_manifest, remove_written
from esa.landing.contract import Entity
from esa.landing.lake_files import FileFeed
from esa.landing.landed import Landed, land_container, land_erp_table, latest_per_key
from esa.landing.params import Params
from esa.landing.values import to_arrow
from esa.landing.world import World, build_world
from esa.landing.writers import (
    dictionary_columns,
    landed_at,
    live_ids_path,
    partition_path,
    write_csv,
    write_erp_catalog,
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

    def submit(self, fn: Callable[..., None], *args: Any) -> None:
        self._futures.append(self._pool.submit(fn, *args))

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


def _check_existing(out: Path, p: Params, overwrite: bool, log: Any) -> None:
    """Refuse a zone this run cannot extend; with ``overwrite``, delete only what a generator wrote there."""
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
        return
    if old is None:
        if any((out / area).exists() for area in ("erp", "lake", "cosmos")):
            raise LandingError(f"{out} holds landing data but no {MANIFEST}; pass --overwrite to replace it")
        return
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
    folder = partition_path(out, ent, "x").parent.parent
    if not folder.is_dir():
        return set()
    name = partition_path(out, ent, "x").name
    found = set()
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir() and (Path(entry.path) / name).is_file():
                found.add(entry.name.split("=", 1)[1])
    return found


def partition_landed_at(p: Params, d: int, existing: set[str]) -> dt.datetime:
    """The arrival marker of day ``d``'s partition: late when a later partition had already landed."""
    date = p.date(d)
    late = bool(existing) and date.isoformat() < max(existing)
    return landed_at(date, p.date(p.days - 1) if late else None)


def _write_partitions(out: Path, ent: Entity, landed: Landed, p: Params, stats: dict[str, int],
                      pool: Jobs) -> dict[str, int]:
    counts = np.bincount(landed.day, minlength=p.days) if len(landed.day) else np.zeros(p.days, np.int64)
    if np.any(np.diff(landed.day) < 0):
        raise AssertionError(f"{ent.name}: landed rows must be sorted by partition")
    bounds = np.concatenate([[0], np.cumsum(counts)])
    per_partition: dict[str, int] = {}
    table = None
    dictionary: list[str] = []
    existing = _existing_partitions(out, ent, p)
    for d in range(p.days):
        date = p.date(d).isoformat()
        per_partition[date] = int(counts[d])
        path = partition_path(out, ent, date)
        if date in existing:
            stats["skipped"] += 1
            continue
        if table is None:
            table = to_arrow(ent, landed.frame)
            dictionary = dictionary_columns(ent)
        pool.submit(write_parquet, table.slice(int(bounds[d]), int(counts[d])), path, dictionary,
                    partition_landed_at(p, d, existing))
        stats["written"] += 1
    return per_partition


def _write_feed(out: Path, ent: Entity, feed: FileFeed, p: Params, stats: dict[str, int],
                pool: Jobs) -> dict[str, int]:
    per_partition: dict[str, int] = {}
    header = [c.name for c in ent.columns]
    existing = _existing_partitions(out, ent, p)
    for d in range(p.days):
        date = p.date(d).isoformat()
        rows = feed.partitions[d]
        per_partition[date] = len(rows)
        path = partition_path(out, ent, date)
        if date in existing:
            stats["skipped"] += 1
            continue
        at = partition_landed_at(p, d, existing)
        if ent.format == "csv":
            pool.submit(write_csv, header, rows, path, at)
        else:
            pool.submit(write_jsonl, rows, path, at)
        stats["written"] += 1
    return per_partition


def generate(out: Path, p: Params, overwrite: bool = False, log: Any = None) -> dict[str, Any]:
    """Generate (or extend) the landing zone in ``out``; returns the manifest."""
    t0 = time.perf_counter()
    _check_writable(out)
    _check_existing(out, p, overwrite, log)
    world = build_world(p)
    t_world = time.perf_counter() - t0
    stats = {"written": 0, "skipped": 0}
    with Jobs() as pool:
        entities = _write_all(out, p, world, stats, pool)
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
        log(f"generated in {time.perf_counter() - t0:.1f}s (simulation {t_world:.1f}s, writing {t_write:.1f}s); "
            f"partition files written {stats['written']}, kept {stats['skipped']}")
    return manifest


def _write_all(out: Path, p: Params, world: World, stats: dict[str, int], pool: Jobs) -> dict[str, Any]:
    entities: dict[str, Any] = {}

    # ERP catalog: the state at the end of the last day
    tables = []
    for ent in contract.ERP_TABLES:
        state = latest_per_key(world.erp[ent.name], ent.primary_key[0])
        table = to_arrow(ent, state)
        tables.append((ent, table))
        entities[f"erp.{ent.name}"] = {"area": "erp", "name": ent.name, "path": ent.path_pattern,
                                       "rows": table.num_rows}
    pool.submit(write_erp_catalog, out / "erp" / "erp.duckdb", tables)

    for ent in contract.LAKE_ENTITIES:
        key = f"lake.{ent.name}"
        if ent.format == "parquet":
            landed = land_erp_table(p, ent, world.erp[ent.name])
            parts = _write_partitions(out, ent, landed, p, stats, pool)
            entities[key] = _entry(ent, parts, landed.distinct_keys, landed.distinct_versions, landed.dirty, {})
        else:
            feed = world.files[ent.name]
            parts = _write_feed(out, ent, feed, p, stats, pool)
            entities[key] = _entry(ent, parts, feed.distinct_keys, None, feed.dirty, feed.extra)

    last_date = p.date(p.days - 1).isoformat()
    for ent in contract.COSMOS_CONTAINERS:
        docs = world.docs[ent.name]
        landed = land_container(p, ent, docs, single_version=ent.name in ("app_sessions", "interaction_events"))
        if ent.name == "interaction_events":
            landed.dirty["late"] = world.events_late
        parts = _write_partitions(out, ent, landed, p, stats, pool)
        extra: dict[str, Any] = {}
        if landed.live_ids is not None:
            lpath = live_ids_path(out, ent.name, last_date)
            pool.submit(write_live_ids, to_arrow(LIVE_IDS, landed.live_ids), lpath)
            extra["live_ids"] = {"export_date": last_date, "rows": len(landed.live_ids["_ts"]),
                                 "path": f"cosmos/{ent.name}/live_ids/export_date=YYYY-MM-DD/part-00000.parquet"}
        entities[f"cosmos.{ent.name}"] = _entry(ent, parts, landed.distinct_keys, landed.distinct_versions,
                                                landed.dirty, extra)

    return entities


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
