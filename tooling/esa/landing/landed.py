"""Turning generated versions into landed change data, with the dirt of each area injected.

The outcome is a :class:`Landed`: the rows to write (contract columns), each row's partition (day
index), and exact counts of what was injected. The meaning of each count is documented in
docs/landing_contract.md (section "_manifest.json").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from esa.landing import rand
from esa.landing.contract import COSMOS_WITH_LIVE_IDS, Entity
from esa.landing.cosmos import Docs
from esa.landing.params import DAY, Params
from esa.landing.sorting import lex_order, n_distinct
from esa.landing.values import NULL, Frame, guids, join, padded, take

ORPHAN_BASE = 900_000_000  # orphan foreign keys are >= this; no generated id ever reaches it


@dataclass
class Landed:
    """Counts of the partitions landed, and ``build(wanted)``: the rows (and their partition) of the wanted days.

    Landed with ``from_day`` (an extension), every count covers the partitions from ``from_day`` on only.
    """

    build: Callable[[np.ndarray | None], tuple[Frame, np.ndarray]]
    counts: np.ndarray  # rows per partition, one per day of the period (0 before ``from_day``)
    dirty: dict[str, int] = field(default_factory=dict)
    distinct_keys: int = 0
    distinct_versions: int = 0
    live_ids: Frame | None = None


def latest_per_key(frame: Frame, key: str, ts: str = "updated_at") -> Frame:
    """The last version per key (ties: the later row), sorted by key: the state of a table."""
    k = np.asarray(frame[key])
    t = np.asarray(frame[ts])
    if len(k) == 0 or bool(np.all(k[1:] > k[:-1])):  # one version per key, in key order: the table as it is
        return dict(frame)
    order = lex_order(np.arange(len(k)), t, k)
    return take(frame, order[run_ends(k[order])])


def _position_type(n: int) -> type[np.signedinteger]:
    """The narrowest of int32 and int64 that holds the positions 0 .. n - 1."""
    return np.int32 if n < 2**31 else np.int64


def _version_key(pk: np.ndarray, ts: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        return (pk.astype(np.uint64) * np.uint64(0x9E3779B1) + ts.astype(np.uint64)).astype(np.int64)


def _wanted(day: np.ndarray, wanted: np.ndarray | None) -> np.ndarray:
    """Positions of the rows whose partition is wanted (all rows when ``wanted`` is None)."""
    if wanted is None:
        return np.arange(len(day))
    return np.flatnonzero(wanted[day]) if len(day) else np.zeros(0, np.int64)


LATE_MAX = 3  # an ERP change lands at most this many partitions after its day (``.late_by``)
DUP_MAX = 2  # a duplicate lands at most this many partitions after its original (``.dup_by``)
ERP_REACH = LATE_MAX + DUP_MAX  # a version of day u lands rows in partitions u .. u + ERP_REACH only


def land_erp_table(p: Params, ent: Entity, versions: Frame, from_day: int = 0) -> Landed:
    """ERP table versions -> lake change log: initial snapshot, daily changes, late rows, duplicates, bad keys.

    Rows are built on demand, for some partitions at a time. With ``from_day`` 0, counts and figures cover
    every partition. With ``from_day`` > ERP_REACH (extending a zone that has partitions 0 .. from_day - 1),
    only the versions that can reach partition ``from_day`` or later are landed, and every count covers
    those partitions only: rows per partition (0 before ``from_day``), dirt, and the keys and versions
    landed there that no earlier partition holds (so the figures of the whole period are the earlier
    partitions' plus these). The rows of a partition are the same in both modes.
    """
    if from_day and from_day <= ERP_REACH:
        raise ValueError(f"from_day must be 0 or more than {ERP_REACH}, not {from_day}")
    pk_name = ent.primary_key[0]
    pk = np.asarray(versions[pk_name])
    upd = np.asarray(versions["updated_at"])
    keep = upd < p.horizon_s
    if from_day:
        # the initial load lands in partition 0 and its duplicates by partition DUP_MAX: never reached
        rows = np.flatnonzero(keep & (upd >= (p.start_day + from_day - ERP_REACH) * DAY))
        # keys with a version landed before from_day for sure (on its day + at most LATE_MAX, or the initial load)
        early = pk[keep & (upd < (p.start_day + from_day - LATE_MAX) * DAY)]
    else:
        before = keep & (upd < p.start_s)
        # the initial load: the state at the start, one row per key
        init_rows = _last_per_key(pk, upd, np.flatnonzero(before))
        rows = np.concatenate([init_rows, np.flatnonzero(keep & ~before)])
        del before, init_rows
    # every whole-table array dies after its last use, and what ``build`` keeps is as narrow as its values
    # (positions int32, partitions int32, batch numbers and key columns int8): this is the landing's memory
    del keep
    pk, upd = pk[rows], upd[rows]
    day = np.maximum(upd // DAY - p.start_day, 0)
    vkey = _version_key(pk, upd)
    late = (rand.uniform(p.seed, ent.name + ".late", vkey) < p.dirty) & (upd >= p.start_s)
    day = day + np.where(late, rand.integers(p.seed, ent.name + ".late_by", vkey, 1, LATE_MAX + 1), 0)
    in_range = np.flatnonzero(day < p.days)
    rows, pk, upd, day, vkey, late = rows[in_range], pk[in_range], upd[in_range], day[in_range], vkey[in_range], \
        late[in_range]
    del in_range
    rows = rows.astype(_position_type(len(versions[pk_name])))

    # duplicates: the same version again one or two partitions later, from a re-run batch
    day_first = day  # each landed version's own partition (its duplicate lands later)
    dup = rand.uniform(p.seed, ent.name + ".dup", vkey) < p.dirty
    dup_day = day + rand.integers(p.seed, ent.name + ".dup_by", vkey, 1, DUP_MAX + 1)
    di = np.flatnonzero(dup & (dup_day < p.days))
    del dup
    src = np.concatenate([np.arange(len(rows)), di])  # position among the landed versions
    day = np.concatenate([day, dup_day[di]])
    n_dup = len(di)
    del dup_day, di
    batch_no = np.concatenate([np.ones(len(rows), np.int64), np.full(n_dup, 2, np.int64)])
    order = lex_order(batch_no, upd[src], pk[src], day)
    src, day, batch_no = src[order].astype(_position_type(len(rows))), day[order].astype(np.int32), \
        batch_no[order].astype(np.int8)
    del order
    if from_day:  # only the rows of partitions from_day on are landed (and counted) here
        mine = day >= from_day
        src, day, batch_no = src[mine], day[mine], batch_no[mine]
        del mine
    counts = np.bincount(day, minlength=p.days)[: p.days]
    if from_day:
        first = day_first >= from_day  # landed versions (batch 1) in the partitions counted here
        n_late = int((late & first).sum())
        keys, versions_n = _new_keys(pk, upd, first, early)
        del first, early
    else:
        n_late = int(late.sum())
        keys, versions_n = n_distinct(pk), n_distinct(pk, upd)
    del pk, upd, late, day_first

    # bad foreign keys (never the primary key), decided per version so duplicates carry the same dirt
    fk_cols = [c for c in ent.foreign_keys if c != pk_name]
    null_key = np.zeros(len(src), dtype=bool)
    orphan = np.zeros(len(src), dtype=bool)
    which = np.zeros(len(src), dtype=np.int8)
    vk = vkey[src]
    del vkey
    if fk_cols:
        u = rand.uniform(p.seed, ent.name + ".badkey", vk)
        null_key = u < p.dirty
        orphan = (u >= p.dirty) & (u < 2 * p.dirty)
        del u
        which = rand.integers(p.seed, ent.name + ".badcol", vk, 0, len(fk_cols)).astype(np.int8)
    dirty = {"duplicate": int((batch_no == 2).sum()) if from_day else n_dup, "late": n_late,
             "null_key": int(null_key.sum()), "orphan": int(orphan.sum())}

    def build(wanted: np.ndarray | None) -> tuple[Frame, np.ndarray]:
        sel = _wanted(day, wanted)
        s_src, s_day, s_batch, s_vk = src[sel], day[sel].astype(np.int64), batch_no[sel], vk[sel]
        s_null, s_orphan, s_which = null_key[sel], orphan[sel], which[sel]
        frame = take(versions, rows[s_src])
        for ci, col in enumerate(fk_cols):
            vals = np.asarray(frame[col]).copy()
            vals[s_null & (s_which == ci)] = NULL
            orph = s_orphan & (s_which == ci)
            vals[orph] = ORPHAN_BASE + rand.integers(p.seed, ent.name + ".orphan", s_vk[orph], 0, 1_000_000)
            frame[col] = vals
        ingest_epoch_day = p.start_day + s_day
        frame["_batch_id"] = join("erp-", _yyyymmdd(ingest_epoch_day), "-", padded("", s_batch, 2))
        frame["_extracted_at"] = (ingest_epoch_day + 1) * DAY + np.where(s_batch == 1, 30 * 60, 3 * 3600)
        return frame, s_day

    return Landed(build, counts, dirty, distinct_keys=keys, distinct_versions=versions_n)


def _new_keys(pk: np.ndarray, upd: np.ndarray, counted: np.ndarray, early: np.ndarray) -> tuple[int, int]:
    """Keys and versions landed by the ``counted`` versions that no version landed earlier holds.

    ``pk``/``upd`` are the landed versions that may reach the counted partitions (a version's rows are all
    in them or none: the same key and time is the same version); ``early`` the keys landed earlier for sure.
    """
    versions_n = n_distinct(pk, upd) - n_distinct(pk[~counted], upd[~counted]) if len(pk) else 0
    keys = np.unique(pk[counted])
    if len(keys) == 0:
        return 0, versions_n
    seen = np.isin(keys, early, kind="table") | np.isin(keys, pk[~counted])
    return int((~seen).sum()), versions_n


def run_ends(*cols: np.ndarray) -> np.ndarray:
    """Positions of the last row of each run of equal values (the columns are already sorted)."""
    n = len(cols[0])
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    change = np.zeros(n - 1, dtype=bool)
    for col in cols:
        change |= col[1:] != col[:-1]
    return np.flatnonzero(np.r_[change, True])


def _last_per_key(pk: np.ndarray, upd: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """Positions of the latest version per key among the candidate rows (ties: the later row)."""
    if len(candidates) == 0:
        return np.zeros(0, dtype=np.int64)
    order = lex_order(candidates, upd[candidates], pk[candidates])
    cand = candidates[order]
    return np.sort(cand[run_ends(pk[cand])])


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


def drift_versions(p: Params, ent: Entity, vkey: np.ndarray) -> np.ndarray | None:
    """Per version: does its drift column land as null (None: the container has no type drift)."""
    if DRIFT_COLUMN.get(ent.name) and any(v.startswith("type_drift") for v in ent.dirty_variants):
        out: np.ndarray = rand.uniform(p.seed, ent.name + ".drift", vkey) < p.dirty
        return out
    return None


def apply_drift(ent: Entity, frame: Frame, drift: np.ndarray) -> None:
    """Null the drift column of the rows flagged in ``drift`` (each column type has its own null)."""
    drift_col = DRIFT_COLUMN[ent.name]
    vals = frame[drift_col]
    if isinstance(vals, pa.Array | pa.ChunkedArray):
        frame[drift_col] = pc.if_else(pa.array(drift), pa.scalar(None, vals.type), vals)
    elif np.asarray(vals).dtype.kind == "f":
        frame[drift_col] = np.where(drift, np.nan, vals)
    elif np.asarray(vals).dtype == np.int8:
        frame[drift_col] = np.where(drift, -1, vals).astype(np.int8)
    else:
        frame[drift_col] = np.where(drift, NULL, vals)


def cosmos_system_columns(p: Params, container: str, doc: np.ndarray, ts: np.ndarray) -> Frame:
    """_etag and _rid of landed document versions."""
    hi = rand.bits(p.seed, container + ".etag", _version_key(doc, ts))
    return {
        "_etag": join('"', guids(hi, hi ^ np.uint64(0x5DEECE66D)), '"'),
        "_rid": join(padded("", (doc * 2654435761) % 10**10, 10), "AAAA", padded("", doc % 10**6, 6), "=="),
    }


def land_container(p: Params, ent: Entity, docs: Docs, single_version: bool = False, from_day: int = 0) -> Landed:
    """Document versions -> changes partitions (latest version per document and day) and live_ids.

    Rows are built on demand, for some partitions at a time. With ``from_day`` 0, counts and figures cover
    every partition. With ``from_day`` > 1 (extending a zone that has partitions 0 .. from_day - 1), only the
    versions that can reach partition ``from_day`` or later are landed (those of day ``from_day`` - 1 on: a
    duplicate lands one partition after its version), and every count covers those partitions only: rows per
    partition (0 before ``from_day``), dirt (a duplicate counts where it lands, a type drift with its version,
    a deletion in the period since ``from_day``), and the keys and versions that no earlier partition holds; so
    the figures of the whole period are the earlier partitions' plus these. The rows of a partition are the same
    in both modes, and so is the live_ids export (from the document-level numerics of the whole period).
    """
    if from_day == 1:
        raise ValueError("from_day must be 0 or more than 1")
    ts = docs.ts
    alive = (ts < p.horizon_s) & (ts < docs.deleted_at)
    if from_day:
        idx = np.flatnonzero(alive & (ts >= (p.start_day + from_day - 1) * DAY))
    else:
        before = alive & (ts < p.start_s) & (docs.deleted_at >= p.start_s)
        # the initial load: the version current at the start of every document alive then, in the first partition
        initial = _last_per_key(docs.doc, ts, np.flatnonzero(before))
        idx = np.sort(np.concatenate([initial, np.flatnonzero(alive & (ts >= p.start_s))]))
    day = np.maximum(ts[idx] // DAY - p.start_day, 0)
    if not single_version:
        order = lex_order(ts[idx], day, docs.doc[idx])
        idx, day = idx[order], day[order]
        last = run_ends(docs.doc[idx], day)
        idx, day = idx[last], day[last]
    doc = docs.doc[idx]
    t = ts[idx]
    vkey = _version_key(doc, t)
    counted = day >= from_day  # the landed versions whose own partition is counted here
    dirty: dict[str, int] = {}
    live: Frame | None = None
    if ent.name in COSMOS_WITH_LIVE_IDS:
        # a landed document deleted in the period (one deleted before it never landed), counted in the
        # partitions since ``from_day`` when it was deleted since then
        deleted = alive & (docs.deleted_at < p.horizon_s) & (docs.deleted_at >= (p.start_day + from_day) * DAY)
        dirty["deleted"] = n_distinct(docs.doc[deleted])
        live = live_ids(p, docs, alive)
    # duplicates: the same version again in the next partition
    dup = (rand.uniform(p.seed, ent.name + ".dup", vkey) < p.dirty) & (day + 1 < p.days)
    di = np.flatnonzero(dup)
    dirty["duplicate"] = len(di)
    src = np.concatenate([np.flatnonzero(counted), di])
    day = np.concatenate([day[counted], day[di] + 1])
    order = lex_order(t[src], doc[src], day)
    src, day = src[order], day[order]
    counts = np.bincount(day, minlength=p.days)[: p.days]
    drift_v = drift_versions(p, ent, vkey)
    if drift_v is not None:
        dirty["type_drift"] = int((drift_v & counted).sum())
    if from_day:
        keys, versions_n = _new_docs(doc[counted], t[counted], docs.doc[alive & (ts < (p.start_day + from_day) * DAY)])
    else:
        keys, versions_n = n_distinct(doc), n_distinct(doc, t)

    def build(wanted: np.ndarray | None) -> tuple[Frame, np.ndarray]:
        sel = _wanted(day, wanted)
        s_src, s_day = src[sel], day[sel]
        frame = docs.take(idx[s_src])
        frame["_ts"] = t[s_src]
        if drift_v is not None:
            apply_drift(ent, frame, drift_v[s_src])
        frame.update(cosmos_system_columns(p, ent.name, doc[s_src], t[s_src]))
        return frame, s_day

    return Landed(build, counts, dirty, distinct_keys=keys, distinct_versions=versions_n, live_ids=live)


def live_ids(p: Params, docs: Docs, alive: np.ndarray) -> Frame:
    """The live_ids export: every document not deleted by the horizon, with its latest version's ``_ts``, by key.

    ``alive``: the versions before the horizon and before their document's deletion (a document's id is the
    same in all its versions).
    """
    cand = np.flatnonzero(alive & (docs.deleted_at >= p.horizon_s))
    order = lex_order(docs.ts[cand], docs.doc[cand])
    last = cand[order[run_ends(docs.doc[cand][order])]]
    ids = docs.id_column()
    return {"id": ids.take(pa.array(last)) if isinstance(ids, pa.Array) else np.asarray(ids)[last],
            "_ts": docs.ts[last]}


def _new_docs(doc: np.ndarray, ts: np.ndarray, early: np.ndarray) -> tuple[int, int]:
    """Documents and versions among the counted versions (``doc``/``ts``) that no earlier partition holds:
    ``early``, the documents of the versions landed before them."""
    keys = np.unique(doc)
    seen = np.isin(keys, early, kind="table") if len(keys) and len(early) else np.zeros(len(keys), bool)
    return int((~seen).sum()), n_distinct(doc, ts)
