"""Turning generated versions into landed change data, with the dirt of each area injected.

The outcome is a :class:`Landed`: the rows to write (contract columns), each row's partition (day
index), and exact counts of what was injected. The meaning of each count is documented in
docs/landing_contract.md (section "_manifest.json").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from esa.landing import rand
from esa.landing.contract import COSMOS_WITH_LIVE_IDS, Entity
from esa.landing.cosmos import Docs
from esa.landing.params import DAY, Params
from esa.landing.values import NULL, Frame, concat, guids, join, padded, take

ORPHAN_BASE = 900_000_000  # orphan foreign keys are >= this; no generated id ever reaches it


@dataclass
class Landed:
    frame: Frame
    day: np.ndarray  # partition (day index) per row
    dirty: dict[str, int] = field(default_factory=dict)
    distinct_keys: int = 0
    distinct_versions: int = 0
    live_ids: Frame | None = None


def latest_per_key(frame: Frame, key: str, ts: str = "updated_at") -> Frame:
    """The last version per key (ties: the later row), sorted by key: the state of a table."""
    k = np.asarray(frame[key])
    t = np.asarray(frame[ts])
    if len(k) == 0:
        return dict(frame)
    order = np.lexsort((np.arange(len(k)), t, k))
    ks = k[order]
    last = np.flatnonzero(np.r_[ks[1:] != ks[:-1], True])
    return take(frame, order[last])


def _version_key(pk: np.ndarray, ts: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        return (pk.astype(np.uint64) * np.uint64(0x9E3779B1) + ts.astype(np.uint64)).astype(np.int64)


def land_erp_table(p: Params, ent: Entity, versions: Frame) -> Landed:
    """ERP table versions -> lake change log: initial snapshot, daily changes, late rows, duplicates, bad keys."""
    pk_name = ent.primary_key[0]
    pk = np.asarray(versions[pk_name])
    upd = np.asarray(versions["updated_at"])
    keep = upd < p.horizon_s
    before = keep & (upd < p.start_s)
    # the initial load: the state at the start, one row per key
    init_idx = np.flatnonzero(before)
    init_rows = _last_per_key(pk, upd, init_idx)
    change_rows = np.flatnonzero(keep & ~before)
    rows = np.concatenate([init_rows, change_rows])
    frame = take(versions, rows)
    pk = np.asarray(frame[pk_name])
    upd = np.asarray(frame["updated_at"])
    day = np.maximum(upd // DAY - p.start_day, 0)
    vkey = _version_key(pk, upd)
    late = (rand.uniform(p.seed, ent.name + ".late", vkey) < p.dirty) & (upd >= p.start_s)
    day = day + np.where(late, rand.integers(p.seed, ent.name + ".late_by", vkey, 1, 4), 0)
    in_range = day < p.days
    frame = take(frame, np.flatnonzero(in_range))
    day, vkey, late = day[in_range], vkey[in_range], late[in_range]
    n = len(day)

    # bad foreign keys (never the primary key)
    fk_cols = [c for c in ent.foreign_keys if c != pk_name]
    null_key = np.zeros(n, dtype=bool)
    orphan = np.zeros(n, dtype=bool)
    if fk_cols:
        u = rand.uniform(p.seed, ent.name + ".badkey", vkey)
        null_key = u < p.dirty
        orphan = (u >= p.dirty) & (u < 2 * p.dirty)
        which = rand.integers(p.seed, ent.name + ".badcol", vkey, 0, len(fk_cols))
        for ci, col in enumerate(fk_cols):
            vals = np.asarray(frame[col]).copy()
            vals[null_key & (which == ci)] = NULL
            orph = orphan & (which == ci)
            vals[orph] = ORPHAN_BASE + rand.integers(p.seed, ent.name + ".orphan", vkey[orph], 0, 1_000_000)
            frame[col] = vals
    batch_no = np.ones(n, dtype=np.int64)

    # duplicates: the same version again one or two partitions later, from a re-run batch
    dup = (rand.uniform(p.seed, ent.name + ".dup", vkey) < p.dirty)
    dup_day = day + rand.integers(p.seed, ent.name + ".dup_by", vkey, 1, 3)
    di = np.flatnonzero(dup & (dup_day < p.days))
    dframe = take(frame, di)
    frame = concat([frame, dframe])
    day = np.concatenate([day, dup_day[di]])
    batch_no = np.concatenate([batch_no, np.full(len(di), 2, np.int64)])
    null_key = np.concatenate([null_key, null_key[di]])
    orphan = np.concatenate([orphan, orphan[di]])

    ingest_epoch_day = p.start_day + day
    frame["_batch_id"] = join("erp-", _yyyymmdd(ingest_epoch_day), "-", padded("", batch_no, 2))
    frame["_extracted_at"] = (ingest_epoch_day + 1) * DAY + np.where(batch_no == 1, 30 * 60, 3 * 3600)
    order = np.lexsort((batch_no, np.asarray(frame["updated_at"]), np.asarray(frame[pk_name]), day))
    frame = take(frame, order)
    day = day[order]
    pk_all = np.asarray(frame[pk_name])
    upd_all = np.asarray(frame["updated_at"])
    n_versions = len(np.unique(_version_key(pk_all, upd_all)))
    return Landed(
        frame, day,
        {"duplicate": len(di), "late": int(late.sum()), "null_key": int(null_key.sum()),
         "orphan": int(orphan.sum())},
        distinct_keys=len(np.unique(pk_all)), distinct_versions=n_versions,
    )


def _last_per_key(pk: np.ndarray, upd: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """Positions of the latest version per key among the candidate rows (ties: the later row)."""
    if len(candidates) == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((candidates, upd[candidates], pk[candidates]))
    cand = candidates[order]
    ck = pk[cand]
    last = np.flatnonzero(np.r_[ck[1:] != ck[:-1], True])
    return np.sort(cand[last])


def _yyyymmdd(epoch_days: np.ndarray) -> pa.Array:
    from esa.landing.values import iso_dates

    return pc.replace_substring(iso_dates(epoch_days), "-", "")


DRIFT_COLUMN: dict[str, str] = {
    "support_tickets": "priority",
    "app_users": "marketingOptIn",
    "app_sessions": "eventCount",
    "survey_responses": "score",
    "return_requests": "refundAmount",
}


def land_container(p: Params, ent: Entity, docs: Docs, single_version: bool = False) -> Landed:
    """Document versions -> changes partitions (latest version per document and day) and live_ids."""
    ts = docs.ts
    alive = (ts < p.horizon_s) & (ts < docs.deleted_at)
    idx = np.flatnonzero(alive)
    day = ts[idx] // DAY - p.start_day
    if len(day) and day.min() < 0:
        raise AssertionError(f"{ent.name}: a document version before the first day")
    if not single_version:
        order = np.lexsort((ts[idx], day, docs.doc[idx]))
        idx, day = idx[order], day[order]
        dk = docs.doc[idx]
        last = np.flatnonzero(np.r_[(dk[1:] != dk[:-1]) | (day[1:] != day[:-1]), True])
        idx, day = idx[last], day[last]
    frame = take(docs.frame, idx)
    doc = docs.doc[idx]
    t = ts[idx]
    vkey = _version_key(doc, t)
    frame["_ts"] = t
    dirty: dict[str, int] = {}
    drift_col = DRIFT_COLUMN.get(ent.name)
    if drift_col and any(v.startswith("type_drift") for v in ent.dirty_variants):
        drift = rand.uniform(p.seed, ent.name + ".drift", vkey) < p.dirty
        vals = frame[drift_col]
        if isinstance(vals, pa.Array | pa.ChunkedArray):
            frame[drift_col] = pc.if_else(pa.array(drift), pa.scalar(None, vals.type), vals)
        elif np.asarray(vals).dtype.kind == "f":
            frame[drift_col] = np.where(drift, np.nan, vals)
        elif np.asarray(vals).dtype == np.int8:
            frame[drift_col] = np.where(drift, -1, vals).astype(np.int8)
        else:
            frame[drift_col] = np.where(drift, NULL, vals)
        dirty["type_drift"] = int(drift.sum())
    live: Frame | None = None
    if ent.name in COSMOS_WITH_LIVE_IDS:
        gone = docs.deleted_at[idx] < p.horizon_s
        dirty["deleted"] = len(np.unique(doc[gone]))
        order = np.lexsort((t, doc))
        ds = doc[order]
        last = order[np.flatnonzero(np.r_[ds[1:] != ds[:-1], True])]
        last = last[~gone[last]]
        last = last[np.argsort(doc[last], kind="stable")]
        ids = frame["id"]
        live = {"id": ids.take(pa.array(last)) if isinstance(ids, pa.Array) else np.asarray(ids)[last],
                "_ts": t[last]}
    # duplicates: the same version again in the next partition
    dup = (rand.uniform(p.seed, ent.name + ".dup", vkey) < p.dirty) & (day + 1 < p.days)
    di = np.flatnonzero(dup)
    frame = concat([frame, take(frame, di)])
    day = np.concatenate([day, day[di] + 1])
    doc = np.concatenate([doc, doc[di]])
    t = np.concatenate([t, t[di]])
    dirty["duplicate"] = len(di)
    hi = rand.bits(p.seed, ent.name + ".etag", _version_key(doc, t))
    frame["_etag"] = join('"', guids(hi, hi ^ np.uint64(0x5DEECE66D)), '"')
    frame["_rid"] = join(padded("", (doc * 2654435761) % 10**10, 10), "AAAA", padded("", doc % 10**6, 6), "==")
    order = np.lexsort((t, doc, day))
    frame = take(frame, order)
    day = day[order]
    return Landed(frame, day, dirty, distinct_keys=len(np.unique(doc)),
                  distinct_versions=len(np.unique(_version_key(doc, t))), live_ids=live)
