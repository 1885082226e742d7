"""App sessions and interaction events, generated and landed day by day (the bulk of the landed rows).

A session is born on a day of the ``app_sessions`` stream; its id is its rank in that stream, so the
sessions of day ``b`` are known from the counts of the days before (one draw per day) and that day's
own draws: no earlier day is simulated. A session and its events land on the day of their ``_ts``,
at most :data:`REACH` days after the session's birth (4 h sessions, events up to 30 h late, and a
duplicate one partition later), so partition ``d`` is complete once the sessions born up to day
``d`` are generated, and it needs only those born from ``d - REACH``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from esa.landing import contract, rand
from esa.landing.contract import Entity
from esa.landing.cosmos import NEVER, PLATFORMS, Docs, Users, doc_ids
from esa.landing.landed import _version_key, apply_drift, cosmos_system_columns, drift_versions
from esa.landing.params import DAY, Params
from esa.landing.reference import Reference
from esa.landing.sales import HOUR
from esa.landing.sorting import lex_order
from esa.landing.timeline import APP_HOURS, daily_rates, day_counts, day_times
from esa.landing.values import NULL, Frame, concat, iso_datetimes, join, padded, pick, take

REACH = 3  # a session born on day b lands rows up to partition b + REACH
CONTAINERS = ("app_sessions", "interaction_events")
EVENT_TYPES = ("app_open", "screen_view", "search", "add_to_cart", "checkout", "order_placed", "ticket_opened",
               "survey_submitted", "return_requested")
SCREENS = ("home", "product", "search", "cart", "checkout", "orders", "support", "account")
SESSIONS_PER_DAY = 1920  # at scale 1, times the season


@dataclass
class Stats:
    """What one container landed in the partitions counted (the manifest's figures)."""

    rows: dict[int, int] = field(default_factory=dict)  # partition -> rows
    versions: int = 0  # landed versions (not duplicates): one per document, so also the distinct keys
    dirty: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, n: int) -> None:
        self.dirty[key] = self.dirty.get(key, 0) + int(n)


def _sessions_of_day(p: Params, ref: Reference, users: Users, b: int, first_id: int, lam: float
                     ) -> tuple[Docs, Docs, np.ndarray]:
    """Sessions born on day ``b`` (ids from ``first_id``) and their events; and each event's late flag."""
    seed = p.seed
    start = day_times(p, "app_sessions", lam, b, APP_HOURS)
    sid = first_id + np.arange(len(start), dtype=np.int64)
    signup_sorted = users.signup[users.by_signup]
    avail = np.maximum(np.searchsorted(signup_sorted, (start // DAY) * DAY, side="left"), 1)
    target = rand.uniform(seed, "sess.user", sid) * users.weight_cum[avail - 1]
    pos = np.minimum(np.searchsorted(users.weight_cum, target, side="right"), avail - 1)
    upos = users.by_signup[pos]
    ok = start < users.deleted_at[upos]
    sid, start, upos = sid[ok], start[ok], upos[ok]
    ns = len(sid)
    n_ev = 1 + rand.poisson(seed, "sess.events", sid, 6.0)
    dur = np.minimum(np.exp(5.5 + 0.9 * rand.normal(seed, "sess.dur", sid)).astype(np.int64) + 5 * n_ev, 4 * HOUR)
    killed = rand.uniform(seed, "sess.killed", sid) < 0.05
    ended = np.where(killed, NULL, start + dur)
    s_ts = np.where(killed, start + dur + 30 * 60, start + dur) + rand.integers(seed, "sess.ts", sid, 1, 30)
    plat = users.platform[upos]
    s_ids = doc_ids(seed, "app_sessions", sid)
    user_ids = users.ids.take(pa.array(upos))
    app_ver = pick([f"5.{m}.{k}" for m in range(8, 14) for k in range(3)], rand.integers(seed, "sess.v", sid, 0, 18))
    sessions: Frame = {
        "id": s_ids,
        "userId": user_ids,
        "platform": pick(PLATFORMS, plat),
        "appVersion": pc.if_else(pa.array(plat == 2), pa.scalar(None, pa.string()), app_ver),
        "deviceId": padded("dev-", users.uid[upos], 7),
        "startedAt": iso_datetimes(start),
        "endedAt": iso_datetimes(ended),
        "eventCount": n_ev,
    }
    sess_docs = Docs(sessions, sid, s_ts, np.full(ns, NEVER, dtype=np.int64))

    # events: n_ev per session, spread over the session
    ne = int(n_ev.sum())
    e_sess = np.repeat(np.arange(ns), n_ev)
    first = np.cumsum(n_ev) - n_ev
    e_k = np.arange(ne) - np.repeat(first, n_ev)
    eid_key = np.repeat(sid, n_ev) * 64 + e_k  # stable event key (a session has < 64 events)
    frac = np.where(e_k == 0, 0.0, rand.uniform(seed, "ev.t", eid_key))
    e_at = start[e_sess] + (frac * dur[e_sess]).astype(np.int64)
    etype = np.where(e_k == 0, 0, 1 + rand.choice(seed, "ev.type", eid_key, [55, 15, 12, 5, 3, 2, 1, 1]))
    late = rand.uniform(seed, "ev.late", eid_key) < p.dirty
    e_ts = e_at + np.where(late, rand.integers(seed, "ev.late_s", eid_key, 2 * HOUR, 30 * HOUR),
                           rand.integers(seed, "ev.ts", eid_key, 1, 20))
    lost = rand.uniform(seed, "ev.lost", eid_key) < 0.02
    sess_id_col = pc.if_else(pa.array(lost), pa.scalar(None, pa.string()), s_ids.take(pa.array(e_sess)))
    u = rand.uniform(seed, "ev.product", eid_key) * ref.product_popularity[-1]
    prod = np.minimum(np.searchsorted(ref.product_popularity, u, side="right"), ref.n_products - 1) + 1
    screen_idx = np.select([etype == 0, etype == 2, etype == 3, etype == 4, etype == 5, etype == 6, etype == 8],
                           [0, 2, 3, 4, 5, 6, 5], 1)
    prod_txt = pa.array(prod).cast(pa.string())
    qty_txt = pa.array(1 + eid_key % 3).cast(pa.string())
    props_product = join('{"productId":', prod_txt, "}")
    props_cart = join('{"productId":', prod_txt, ',"quantity":', qty_txt, "}")
    props_search = join('{"query":"', pick(("chair", "cable", "coffee", "gloves", "paper", "lamp"), eid_key % 6),
                        '"}')
    props_open = pa.repeat(pa.scalar('{"source":"launcher"}', pa.string()), ne)  # not from ne Python strings
    props = pc.case_when(
        pc.make_struct(pa.array(etype == 0), pa.array(etype == 2), pa.array(etype == 3), pa.array(etype == 1)),
        props_open, props_search, props_cart, props_product,
        pa.repeat(pa.scalar("{}", pa.string()), ne),
    )
    events: Frame = {
        "id": doc_ids(seed, "interaction_events", eid_key),
        "userId": user_ids.take(pa.array(e_sess)),
        "sessionId": sess_id_col,
        "eventType": pick(EVENT_TYPES, etype),
        "eventAt": iso_datetimes(e_at),
        "platform": pick(PLATFORMS, plat[e_sess]),
        "screen": pick(SCREENS, screen_idx),
        "properties": props,
    }
    ev_docs = Docs(events, eid_key, e_ts, np.full(ne, NEVER, dtype=np.int64))
    return sess_docs, ev_docs, (e_ts - e_at) > HOUR


@dataclass
class _Part:
    frame: Frame
    doc: np.ndarray
    ts: np.ndarray


def _land_chunk(p: Params, ent: Entity, docs: Docs, late: np.ndarray | None, counted: np.ndarray,
                stats: Stats, buffers: dict[int, list[_Part]]) -> None:
    """One day's single-version documents -> landed rows (with duplicates and drift) in partition buffers.

    Figures are added for the rows landing in ``counted`` partitions.
    """
    day = docs.ts // DAY - p.start_day
    keep = np.flatnonzero(day < p.days)
    doc, t, day = docs.doc[keep], docs.ts[keep], day[keep]
    vkey = _version_key(doc, t)
    dup = (rand.uniform(p.seed, ent.name + ".dup", vkey) < p.dirty) & (day + 1 < p.days)
    di = np.flatnonzero(dup)
    src = np.concatenate([np.arange(len(keep)), di])
    lday = np.concatenate([day, day[di] + 1])
    in_count = counted[day]
    stats.versions += int(in_count.sum())
    stats.add("duplicate", int(counted[day[di] + 1].sum()))
    if late is not None:
        stats.add("late", int((late[keep] & in_count).sum()))
    days, counts = np.unique(lday, return_counts=True)
    for d, n in zip(days.tolist(), counts.tolist(), strict=True):
        if counted[d]:
            stats.rows[d] = stats.rows.get(d, 0) + n
    # the rows grouped by partition and in each by document and _ts (the order _emit lands), taken once; each
    # partition gets a slice
    src = src[lex_order(t[src], doc[src], lday)]
    frame = docs.take(keep[src])
    frame["_ts"] = t[src]
    drift_v = drift_versions(p, ent, vkey)
    if drift_v is not None:
        stats.add("type_drift", int((drift_v & in_count).sum()))
        apply_drift(ent, frame, drift_v[src])
    frame.update(cosmos_system_columns(p, ent.name, doc[src], t[src]))
    doc, t = doc[src], t[src]
    start = 0
    for d, n in zip(days.tolist(), counts.tolist(), strict=True):
        buffers.setdefault(d, []).append(_Part(_rows_slice(frame, start, n), doc[start: start + n],
                                               t[start: start + n]))
        start += n


def _rows_slice(frame: Frame, start: int, n: int) -> Frame:
    """Rows ``start`` .. ``start + n`` of every column, without a copy."""
    return {name: values.slice(start, n) if isinstance(values, pa.Array | pa.ChunkedArray)
            else values[start: start + n] for name, values in frame.items()}


def _emit(parts: list[_Part]) -> Frame:
    """A partition's rows in the order of the landing (by document, then _ts).

    Each part comes sorted (_land_chunk), and the parts of later birth days hold later documents, so the parts
    one after the other are usually in that order already: then they are only concatenated.
    """
    doc = np.concatenate([x.doc for x in parts])
    frame = concat([x.frame for x in parts]) if len(parts) > 1 else parts[0].frame
    if bool(np.all(doc[1:] > doc[:-1])):  # distinct documents in order: the landing's order
        return frame
    ts = np.concatenate([x.ts for x in parts])
    return take(frame, lex_order(ts, doc))


def birth_days(p: Params, wanted: dict[str, np.ndarray], counted: np.ndarray) -> np.ndarray:
    """A bool per day: the days whose sessions reach a wanted or counted partition (so must be generated)."""
    need = counted.copy()
    for w in wanted.values():
        need |= w
    born = np.zeros(p.days, dtype=bool)
    for k in range(min(REACH, p.days - 1) + 1):  # a zone shorter than REACH days
        born[: p.days - k] |= need[k:]
    return born


def stream_activity(p: Params, ref: Reference, users: Users, wanted: dict[str, np.ndarray],
                    counted: np.ndarray, stats: dict[str, Stats],
                    progress: Callable[[int], None] | None = None) -> Iterator[tuple[Entity, int, Frame | None]]:
    """Yields (container, partition, rows or None if empty) for every wanted partition, in day order.

    ``wanted`` (a bool per day and container) says which partitions to build; ``counted`` (a bool per
    day) which partitions' figures go into ``stats``. Only the days that reach a wanted or counted
    partition are generated.
    """
    born = birth_days(p, wanted, counted)
    lam = daily_rates(p, SESSIONS_PER_DAY * p.scale)
    first_ids = 1 + np.concatenate([[0], np.cumsum(day_counts(p, "app_sessions", lam, p.days))])
    buffers: dict[str, dict[int, list[_Part]]] = {name: {} for name in CONTAINERS}
    ents = {name: contract.entity("cosmos", name) for name in CONTAINERS}
    for b in np.flatnonzero(born).tolist():
        sessions, events, late = _sessions_of_day(p, ref, users, b, int(first_ids[b]), float(lam[b]))
        _land_chunk(p, ents["app_sessions"], sessions, None, counted, stats["app_sessions"],
                    buffers["app_sessions"])
        _land_chunk(p, ents["interaction_events"], events, late, counted, stats["interaction_events"],
                    buffers["interaction_events"])
        # partition b is complete: no session born later lands in it (earlier ones were emitted or not needed)
        for name in CONTAINERS:
            parts = buffers[name].pop(b, None)
            for d in [k for k in buffers[name] if k < b]:
                del buffers[name][d]
            if wanted[name][b]:
                yield ents[name], b, _emit(parts) if parts else None
        if progress is not None:
            progress(b)
