"""The lake's file feeds: exchange rates and marketing spend (CSV) and product reviews (JSON lines).

A file feed is returned as a list of partitions, each a list of rows (CSV: lists of text values
in contract order; JSONL: dicts), plus exact counts of every injected dirty variant.

Each builder takes ``from_day``: 0 builds every partition; more (extending a zone that has partitions
0 .. from_day - 1) builds only the partitions from ``from_day`` on (the others are left empty), and every
figure counts what lands in those partitions only, so the whole period's figures are the earlier
partitions' plus these. A partition's rows are the same either way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from esa.landing import rand
from esa.landing.names import COMPANY_WORDS, FIRST_NAMES, LAST_NAMES
from esa.landing.params import DAY, Params, season
from esa.landing.reference import COUNTRIES, CURRENCIES, Reference
from esa.landing.sales import Sales, pick_customers
from esa.landing.timeline import daily_times


@dataclass
class FileFeed:
    """Rows per partition (index = day index) and dirty counts."""

    partitions: list[list[Any]]
    dirty: dict[str, int] = field(default_factory=dict)
    extra: dict[str, int] = field(default_factory=dict)  # clean but noteworthy counts (corrections, edits)
    distinct_keys: int = 0
    # builds a row from an item of ``partitions`` when the items are not rows yet (only written partitions pay)
    render: Callable[[Any], Any] | None = None

    def rows(self, d: int) -> list[Any]:
        """The rows of partition ``d``."""
        items = self.partitions[d]
        return items if self.render is None else [self.render(x) for x in items]


def _iso(ts: int) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _bad_date(d: dt.date, u: float) -> str:
    if u < 1 / 3:
        return f"{d.year}/{d.month:02d}/{d.day:02d}"
    if u < 2 / 3:
        return f"{d.day:02d}-{d.month:02d}-{d.year}"
    return f"{d.year}/13/45"


def _bad_number(text: str, u: float) -> str:
    if u < 0.5:
        return text.replace(".", ",")
    return "n/a"


def _with_dirt(p: Params, stream: str, rows: list[list[list[str]]], date_col: int, num_col: int,
               ts_col: int, republish_s: int, from_day: int = 0) -> FileFeed:
    """Malformed dates/numbers (each corrected in the next file), and duplicate rows in the next file.

    ``rows`` holds the clean rows of every day that lands in partition ``from_day`` or later (the day before
    on: its corrections and duplicates land the next day); what lands before ``from_day`` is dropped.
    """
    out: list[list[list[str]]] = [[] for _ in range(p.days)]
    dirty = {"malformed_date": 0, "malformed_number": 0, "duplicate": 0}
    corrections = 0
    keys = 0
    rid = np.asarray([(p.start_day + d) * 1000 + i for d, day_rows in enumerate(rows) for i in range(len(day_rows))],
                     dtype=np.int64)
    us = rand.uniform(p.seed, stream + ".dirt", rid, 0).tolist()
    vs = rand.uniform(p.seed, stream + ".dirt", rid, 1).tolist()
    ws = rand.uniform(p.seed, stream + ".dup", rid).tolist()
    j = 0
    for d, day_rows in enumerate(rows):
        for row in day_rows:
            u, v, w = us[j], vs[j], ws[j]
            j += 1
            landed = list(row)
            bad = ""
            if u < p.dirty:
                landed[date_col] = _bad_date(p.date(d), v)
                bad = "malformed_date"
            elif u < 2 * p.dirty:
                landed[num_col] = _bad_number(row[num_col], v)
                bad = "malformed_number"
            if d >= from_day:  # the row's own partition is built
                out[d].append(landed)
                if bad:
                    dirty[bad] += 1
                if not (bad and landed[date_col] != row[date_col]):
                    keys += 1
            if bad and d + 1 < p.days:
                fixed = list(row)
                fixed[ts_col] = _iso((p.start_day + d + 1) * DAY + republish_s)
                out[d + 1].append(fixed)
                corrections += 1
                if landed[date_col] != row[date_col]:
                    keys += 1
            if w < p.dirty and d + 1 < p.days:
                out[d + 1].append(list(landed))
                dirty["duplicate"] += 1
    return FileFeed(out, dirty, {"corrections": corrections}, keys)


def exchange_rates(p: Params, fx: np.ndarray, from_day: int = 0) -> FileFeed:
    rows: list[list[list[str]]] = []
    for d in range(p.days):
        if d < from_day - 1:  # lands in no partition built
            rows.append([])
            continue
        day = p.date(d)
        published = _iso((p.start_day + d) * DAY + 16 * 3600)
        rows.append([[day.isoformat(), "EUR", cur, f"{fx[d, ci]:.6f}", published]
                     for ci, cur in enumerate(CURRENCIES) if ci > 0])
    return _with_dirt(p, "exchange_rates", rows, 0, 3, 4, 9 * 3600, from_day)


CHANNELS = ("search", "social", "display", "email", "affiliate")


def marketing_spend(p: Params, from_day: int = 0) -> FileFeed:
    n_campaigns = 24
    cid = np.arange(n_campaigns)
    ch = rand.integers(p.seed, "mkt.channel", cid, 0, len(CHANNELS))
    # campaigns run in yearly cycles: active on a day when (day + offset) mod period < length
    period = rand.integers(p.seed, "mkt.period", cid, 60, 200)
    length = (period * (0.4 + 0.5 * rand.uniform(p.seed, "mkt.len", cid))).astype(np.int64)
    offset = rand.integers(p.seed, "mkt.offset", cid, 0, 200)
    budget = 50 + 450 * rand.uniform(p.seed, "mkt.budget", cid)
    cpc = np.asarray([0.9, 0.6, 0.3, 0.05, 0.4])[ch]
    ctr = np.asarray([0.05, 0.012, 0.004, 0.03, 0.02])[ch]
    rows: list[list[list[str]]] = []
    spend_u = rand.uniform(p.seed, "mkt.spend",
                           ((p.start_day + np.arange(p.days))[:, None] * 100 + cid[None, :]).ravel())
    for d in range(p.days):
        if d < from_day - 1:  # lands in no partition built
            rows.append([])
            continue
        ed = p.start_day + d
        seas = float(season(np.asarray([ed]))[0])
        exported = _iso((ed + 1) * DAY + 6 * 3600)
        day_rows = []
        for c in range(n_campaigns):
            if (ed + int(offset[c])) % int(period[c]) >= int(length[c]):
                continue
            u = float(spend_u[d * n_campaigns + c])
            spend = budget[c] * p.scale * 10 * seas * (0.7 + 0.6 * u)
            clicks = int(spend / cpc[c])
            impressions = int(clicks / ctr[c])
            word = COMPANY_WORDS[c % len(COMPANY_WORDS)]
            day_rows.append([p.date(d).isoformat(), CHANNELS[ch[c]], f"CMP-{1000 + c}",
                             f"{word} {CHANNELS[ch[c]]} {2025 + (c % 3)}", f"{spend:.2f}", str(impressions),
                             str(clicks), exported])
        rows.append(day_rows)
    return _with_dirt(p, "marketing_spend", rows, 0, 4, 7, 7 * 3600, from_day)


TITLES = {1: "Disappointed", 2: "Not great", 3: "It's okay", 4: "Good value", 5: "Excellent"}
BODIES = {
    1: "Broke after a week and support was slow.", 2: "Does the job but feels cheap.",
    3: "Average quality, delivery was fine.", 4: "Solid product, would buy again.",
    5: "Exactly what we needed, fast delivery.",
}
TAGS = ("quality", "delivery", "price", "packaging", "support", "durability")


def product_reviews(p: Params, ref: Reference, sales: Sales, from_day: int = 0) -> FileFeed:
    at = daily_times(p, "reviews", 30 * p.scale)
    n = len(at)
    rid = np.arange(1, n + 1, dtype=np.int64)
    u = rand.uniform(p.seed, "rev.product", rid) * ref.product_popularity[-1]
    prod = np.minimum(np.searchsorted(ref.product_popularity, u, side="right"), ref.n_products - 1) + 1
    cust = pick_customers(p, sales, at, rand.uniform(p.seed, "rev.cust", rid))
    anonymous = rand.uniform(p.seed, "rev.anon", rid) < min(0.5, 5 * p.dirty)
    rating = 1 + rand.choice(p.seed, "rev.rating", rid, [6, 6, 12, 30, 46])
    edited = rand.uniform(p.seed, "rev.edit", rid) < 0.05
    edit_at = at + rand.integers(p.seed, "rev.edit_at", rid, DAY, 20 * DAY)
    hi = rand.bits(p.seed, "rev.id", rid, 0)
    lo = rand.bits(p.seed, "rev.id", rid, 1)
    from esa.landing.values import guids

    ids = guids(hi, lo).to_pylist()
    dup_u = rand.uniform(p.seed, "rev.dup", rid)
    dirty = {"duplicate": 0, "null_key": 0}
    edits = 0

    def doc(i: int, ts: int, r: int) -> dict[str, Any]:
        ntags = int(rid[i] % 3)
        return {
            "review_id": ids[i],
            "product_sku": f"SKU-{int(prod[i]):06d}",
            "customer_id": None if anonymous[i] else int(cust[i]),
            "rating": r,
            "title": TITLES[r],
            "body": BODIES[r],
            "submitted_at": _iso(ts),
            "reviewer": {
                "display_name": f"{FIRST_NAMES[int(rid[i]) % len(FIRST_NAMES)]} "
                                f"{LAST_NAMES[int(rid[i] * 7) % len(LAST_NAMES)][0]}.",
                "verified_buyer": bool(not anonymous[i]),
                "country_code": COUNTRIES[int(sales.cust_country[cust[i]])],
            },
            "tags": [TAGS[(int(rid[i]) + k) % len(TAGS)] for k in range(ntags)],
        }

    # a partition holds (review, time, rating) items; only the partitions written become documents
    out_items: list[list[tuple[int, int, int]]] = [[] for _ in range(p.days)]
    day = at // DAY - p.start_day
    # the reviews landing in a partition built: on their day, their duplicate's (the next) or their edit's
    reach = (day >= from_day - 1) | (edited & (edit_at < p.horizon_s) & (edit_at >= (p.start_day + from_day) * DAY))
    for i in np.flatnonzero(reach).tolist():
        d = int(day[i])
        r = int(rating[i])
        first = (i, int(at[i]), r)
        if d >= from_day:
            out_items[d].append(first)
            dirty["null_key"] += int(bool(anonymous[i]))
        if dup_u[i] < p.dirty and from_day <= d + 1 < p.days:
            out_items[d + 1].append(first)
            dirty["duplicate"] += 1
            dirty["null_key"] += int(bool(anonymous[i]))
        if edited[i] and edit_at[i] < p.horizon_s:
            de = int(edit_at[i] // DAY - p.start_day)
            if de >= from_day:
                out_items[de].append((i, int(edit_at[i]), max(1, r - 1)))
                dirty["null_key"] += int(bool(anonymous[i]))
                edits += 1
    keys = int((day >= from_day).sum())  # a review counts in its own partition
    return FileFeed(list(out_items), dirty, {"edits": edits}, keys, render=lambda item: doc(*item))
