"""Customers and the order-to-cash chain: orders, lines, shipments, invoices, payments, returns.

Every order's whole lifecycle (ship, deliver, invoice, pay, return, refund) is drawn when the
order is born, from counter-based randomness keyed by its id; what exists at the end of the run is
what happened before the horizon. Derived documents are numbered in time order (rank_ids), so a
longer run keeps every id of a shorter one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from esa.landing import contract, rand
from esa.landing.names import CITIES, COMPANY_KINDS, COMPANY_WORDS, FIRST_NAMES, LAST_NAMES, STREETS
from esa.landing.params import DAY, Params
from esa.landing.reference import (
    COUNTRIES,
    COUNTRY_CURRENCY,
    COUNTRY_WAREHOUSE,
    COUNTRY_WEIGHTS,
    CURRENCIES,
    SEGMENTS,
    VAT_BPS,
    Reference,
    price_in,
)
from esa.landing.timeline import BUSINESS_HOURS, daily_times, rank_ids, rank_ids_window
from esa.landing.values import NULL, Frame, concat, join, padded, pick, take

HOUR = 3600
ENT, SMB, CONS = 0, 1, 2


def _round_div(a: np.ndarray, b: int) -> np.ndarray:
    """Integer a / b rounded half away from zero."""
    out: np.ndarray = np.sign(a) * ((np.abs(a) * 2 + b) // (2 * b))
    return out


def poisson_classes(seed: int, stream: str, ids: np.ndarray, lams: tuple[float, ...], cls: np.ndarray) -> np.ndarray:
    """``rand.poisson(seed, stream, ids, np.asarray(lams)[cls])``, the same draws, by a table per mean.

    rand.poisson counts the CDF steps that stay below each id's uniform ``m / 2**53`` (m an integer); with a few
    means, each mean's CDF is summed once (the same float operations) and the counts are one binary search of
    the integers ``m`` in the integers ``floor(cdf * 2**53)`` (``m > cdf`` exactly when ``m > floor(cdf)``),
    each mean's table shifted by 2**54 so that one search serves them all.
    """
    m = (rand.bits(seed, stream, ids) >> np.uint64(11)).astype(np.int64)
    lam = np.asarray(lams, dtype=np.float64)
    p = np.exp(-lam)
    cdf = np.empty((len(lam), 119))
    cdf[:, 0] = p
    c = p.copy()
    for n in range(1, 119):
        p = p * lam / n
        c = c + p
        cdf[:, n] = c
    shift = np.arange(len(lam), dtype=np.int64)[:, None] << 54
    table = (np.floor(cdf * float(1 << 53)).astype(np.int64) + shift).reshape(-1)
    cls = np.asarray(cls, dtype=np.int64)
    out: np.ndarray = np.searchsorted(table, (cls << 54) + m, side="left") - cls * 119
    return out


@dataclass
class Sales:
    """Arrays of the order-to-cash world (index i = entity id i unless noted) and ERP frames."""

    frames: dict[str, Frame] = field(default_factory=dict)  # ERP tables kept by the default ``emit``
    # called with each ERP table's versions as soon as they are built (the generator lands and frees them)
    emit: Callable[[str, Frame], None] = None  # type: ignore[assignment]
    # extending a zone: the earliest version the landing needs (world.build_world); None: the whole period.
    # The builders read it as ``windowed`` and ``window_start``
    since_s: int | None = None
    # customers (index = customer_id; index 0 unused)
    cust_birth: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    cust_segment: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    cust_country: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    cust_weight_cum: np.ndarray = field(default_factory=lambda: np.zeros(0))
    cust_name: object = None
    cust_email: object = None
    n_customers: int = 0
    cust_terms: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    ship_address: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # index = customer_id - 1
    # orders (index = order_id - 1)
    order_at: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    order_customer: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    order_channel: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    order_cancelled: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    order_shipped_at: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    order_delivered_at: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    order_invoiced_at: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    order_paid_at: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    order_warehouse: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    order_first_line: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    order_n_lines: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    order_currency: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    order_vat: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    # order lines are not kept: _order_line_values computes the values of any of them from its order
    # invoices (index = order_id - 1): id or NULL
    order_invoice_id: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    # returns (one row per return request, in RMA-number order; only those requested before the horizon)
    ret: dict[str, np.ndarray] = field(default_factory=dict)
    # shipment lines for inventory: (shipment_line_id, product, warehouse, qty, shipped_at)
    ship_moves: dict[str, np.ndarray] = field(default_factory=dict)
    ship_moves_before: int = 0  # windowed: the shipment moves before window_start (not in ship_moves)
    # credit memos of returns for inventory: (credit_memo_id, product, warehouse, qty, at)
    return_moves: dict[str, np.ndarray] = field(default_factory=dict)
    # GL postings, one row per subledger document, amounts in EUR cents
    postings: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)

    @property
    def windowed(self) -> bool:
        """Extending a zone: the ERP frames hold only the keys with a version at or after ``window_start``."""
        return self.since_s is not None

    @property
    def window_start(self) -> int:
        """The window's lower bound, ``since_s``; not windowed, the int64 minimum (every version is after it)."""
        return self.since_s if self.since_s is not None else int(np.iinfo(np.int64).min)

    def __post_init__(self) -> None:
        if self.emit is None:
            self.emit = self.frames.__setitem__


def drop_details(s: Sales) -> None:
    """Free the order and line arrays that only the order-to-cash builders read (the Cosmos documents and lake
    files read the customers, the returns and the order dates only)."""
    empty = np.zeros(0, np.int64)
    for name in ("order_channel", "order_paid_at", "order_warehouse", "order_first_line", "order_n_lines",
                 "order_currency", "order_vat", "order_invoice_id"):
        setattr(s, name, empty)


def fx_eur(p: Params, fx_daily: np.ndarray, currency: np.ndarray, at_s: np.ndarray) -> np.ndarray:
    """Units of ``currency`` per EUR on the day of ``at_s`` (rates as float)."""
    d = np.clip(at_s // DAY - p.start_day, 0, fx_daily.shape[0] - 1)
    return np.asarray(fx_daily[d, currency], dtype=np.float64)


def to_eur(cents: np.ndarray, rate: np.ndarray) -> np.ndarray:
    out: np.ndarray = np.round(cents / rate).astype(np.int64)
    return out


# an order line's discount (basis points) by segment: ENT_DISCOUNT[0] + ENT_DISCOUNT[1] * k, k < ENT_DISCOUNT[2]
# (SMB likewise); a consumer's is CONS_DISCOUNT or 0
ENT_DISCOUNT, SMB_DISCOUNT, CONS_DISCOUNT = (1000, 25, 41), (0, 25, 33), 500
MAX_DISCOUNT = max(CONS_DISCOUNT, *(base + step * (n - 1) for base, step, n in (ENT_DISCOUNT, SMB_DISCOUNT)))


def _changed_list(base_list: np.ndarray, change_bps: np.ndarray) -> np.ndarray:
    """A product's EUR list price after its change."""
    out: np.ndarray = (base_list * (10000 + change_bps) // 10000 // 100) * 100 + 99
    return out


def _line_values(p: Params, ref: Reference, lid: np.ndarray, seg: np.ndarray, cur: np.ndarray,
                 at: np.ndarray) -> dict[str, np.ndarray]:
    """Product, quantity, unit price, discount and amount of the order lines ``lid`` (given their orders' segment,
    currency and time): each a function of its line alone, so a subset of the lines gets the whole period's values."""
    seed = p.seed
    u_prod = rand.uniform(seed, "line.product", lid) * ref.product_popularity[-1]
    prod = np.minimum(np.searchsorted(ref.product_popularity, u_prod, side="right"), ref.n_products - 1) + 1
    qty = 1 + poisson_classes(seed, "line.qty", lid, (12.0, 4.0, 0.4), seg)
    base_list = ref.product_list_cents[prod]
    list_now = np.where(at < ref.product_change_s[prod], base_list,
                        _changed_list(base_list, ref.product_change_bps[prod]))
    unit = price_in(list_now, cur)
    # discounts: each segment's draw, for its lines only
    disc = np.empty(len(lid), dtype=np.int64)
    ent, smb, cons = (lid[seg == k] for k in (ENT, SMB, CONS))
    disc[seg == ENT] = ENT_DISCOUNT[0] + ENT_DISCOUNT[1] * rand.integers(seed, "line.disc", ent, 0, ENT_DISCOUNT[2])
    disc[seg == SMB] = SMB_DISCOUNT[0] + SMB_DISCOUNT[1] * rand.integers(seed, "line.disc", smb, 0, SMB_DISCOUNT[2])
    disc[seg == CONS] = np.where(rand.uniform(seed, "line.disc", cons) < 0.1, CONS_DISCOUNT, 0)
    amount = _round_div(qty * unit * (10000 - disc), 10000)
    return {"product": prod, "quantity": qty, "unit": unit, "discount": disc, "amount": amount}


def _scattered(values: np.ndarray, at: np.ndarray | slice, n: int) -> np.ndarray:
    """``values`` at positions ``at`` of n, 0 elsewhere."""
    out = np.zeros(n, dtype=values.dtype)
    out[at] = values
    return out


def _order_line_values(p: Params, ref: Reference, s: Sales, lid: np.ndarray, order: np.ndarray
                       ) -> dict[str, np.ndarray]:
    """:func:`_line_values` of the lines ``lid`` of the orders ``order`` (ids; after build_orders)."""
    o = order - 1
    return _line_values(p, ref, lid, s.cust_segment[s.order_customer[o]], s.order_currency[o], s.order_at[o])


def _invoice_totals(p: Params, ref: Reference, s: Sales, orders: np.ndarray) -> np.ndarray:
    """The invoice total (amount plus tax of every line) of each of ``orders`` (ids; after build_orders)."""
    n = s.order_n_lines[orders - 1]
    of = np.repeat(np.arange(len(orders)), n)
    lid = np.repeat(s.order_first_line[orders - 1] - (np.cumsum(n) - n), n) + np.arange(int(n.sum()))
    amount = _order_line_values(p, ref, s, lid, orders[of])["amount"]
    tax = _round_div(amount * s.order_vat[orders[of] - 1], 10000)
    # bincount on floats: exact for cents below 2**53, as build_orders sums them
    sub = np.bincount(of, weights=amount, minlength=len(orders)).astype(np.int64)
    total: np.ndarray = sub + np.bincount(of, weights=tax, minlength=len(orders)).astype(np.int64)
    return total


class _EarlyBounds:
    """Lower bounds of the ledger's amounts of the days before a window (windowed build_orders).

    The general ledger leaves out a journal line whose sum over a day is 0 and numbers the others, so the days
    before the window (whose journal entries are not landed) need only whether each of their sums is 0. Every
    amount summed is >= 0 and at least its bound here, so a day whose bounds add up to more than 0 has sums that
    are not 0, and only the documents of a day whose bounds add up to 0 (:meth:`undecided`) need their exact
    values. The bounds: an order line is at least one unit of the cheapest list price (before or after its
    change, at the base rate of the order's currency) at the largest discount, its tax at least that amount's
    tax, a line's cost at least the cheapest product's; ``price_in``, ``_round_div``, ``to_eur`` and rounding
    never decrease as their argument grows.
    """

    def __init__(self, p: Params, ref: Reference, since_s: int, n_lines: np.ndarray, cur: np.ndarray,
                 vat: np.ndarray) -> None:
        self.p = p
        self.first_s = since_s // DAY * DAY  # the window's first day: the ledger's sums from it on are exact
        base = ref.product_list_cents[1:]
        cheapest = min(int(base.min()), int(_changed_list(base, ref.product_change_bps[1:]).min()))
        unit = price_in(np.full(len(CURRENCIES), cheapest, dtype=np.int64), np.arange(len(CURRENCIES)))
        least = _round_div(unit * (10000 - MAX_DISCOUNT), 10000)[cur]  # per order: its least line amount
        self.sub = n_lines * least  # per order
        self.tax = n_lines * _round_div(least * vat, 10000)
        self.cogs = int(ref.product_cost_cents[1:].min())  # per order line (a quantity is at least 1)

    def invoice(self, pos_i: np.ndarray, rate: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The net and tax (EUR cents) of the invoices of the orders at ``pos_i``."""
        return to_eur(self.sub[pos_i], rate), to_eur(self.tax[pos_i], rate)

    def payment(self, pos_i: np.ndarray, partial: np.ndarray, frac: np.ndarray, rate: np.ndarray) -> np.ndarray:
        """The payments (EUR cents) of the invoices of the orders at ``pos_i``: the first ones, then the second."""
        total = self.sub[pos_i] + self.tax[pos_i]
        first = np.where(partial, np.round(total * frac).astype(np.int64), total)
        # the second (partial only) is total - round(total * frac) >= total * (1 - frac) - 0.5, more than this
        second = np.where(partial, np.maximum(np.floor(total * (1 - frac) - 1), 0), 0).astype(np.int64)
        return to_eur(np.concatenate([first, second]), rate)

    def undecided(self, at: np.ndarray, *bounds: np.ndarray) -> np.ndarray:
        """Of the documents at ``at`` with these bounds, those of a day before the window whose bounds of one
        kind add up to 0 (a bool per document)."""
        p = self.p
        day = at // DAY - p.start_day
        early = np.flatnonzero((day >= 0) & (at < min(self.first_s, p.horizon_s)))
        zero = np.zeros(p.days, dtype=bool)
        for bound in bounds:
            zero |= np.bincount(day[early], weights=bound[early], minlength=p.days)[: p.days] == 0
        out = np.zeros(len(at), dtype=bool)
        out[early] = zero[day[early]]
        return out


def build_customers(p: Params, ref: Reference, s: Sales) -> None:
    seed, scale = p.seed, p.scale
    n0 = max(40, round(30000 * scale))
    init = np.sort(p.start_s - rand.integers(seed, "cust.birth0", np.arange(n0), DAY, 5 * 365 * DAY))
    new = daily_times(p, "customers", 55 * scale, BUSINESS_HOURS)
    birth = np.concatenate([init, new])
    n = len(birth)
    cid = np.arange(1, n + 1, dtype=np.int64)
    seg = rand.choice(seed, "cust.segment", cid, [5, 25, 70])
    country = rand.choice(seed, "cust.country", cid, list(COUNTRY_WEIGHTS))
    cur = np.asarray(COUNTRY_CURRENCY)[country]
    terms = np.select([seg == ENT, seg == SMB], [np.where(rand.uniform(seed, "cust.t", cid) < 0.5, 60, 45), 30], 14)
    fx = np.asarray([1.0, 1.08, 0.85, 11.4, 4.3, 0.95])[cur]
    limit_eur = np.select(
        [seg == ENT, seg == SMB],
        [50_000 + 450_000 * rand.uniform(seed, "cust.lim", cid), 5_000 + 45_000 * rand.uniform(seed, "cust.lim", cid)],
        1_000 + 2_000 * rand.uniform(seed, "cust.lim", cid),
    )
    limit = (np.round(limit_eur * fx / 100) * 10_000).astype(np.int64)
    fn = pick(FIRST_NAMES, rand.integers(seed, "cust.fn", cid, 0, len(FIRST_NAMES)))
    ln = pick(LAST_NAMES, rand.integers(seed, "cust.ln", cid, 0, len(LAST_NAMES)))
    cw = pick(COMPANY_WORDS, rand.integers(seed, "cust.cw", cid, 0, len(COMPANY_WORDS)))
    ck = pick(COMPANY_KINDS, rand.integers(seed, "cust.ck", cid, 0, len(COMPANY_KINDS)))
    person = join(fn, " ", ln)
    company = join(cw, " ", ck, " ", ln)
    name = pc.if_else(np.asarray(seg == CONS), person, company)
    email_local = pc.utf8_lower(pc.replace_substring(join(fn, ".", ln), " ", ""))
    email = join(email_local, padded(".", cid % 10000, 4), "@mail.example")
    email = pc.if_else(np.asarray(seg == CONS), email,
                       join("accounts", padded("", cid, 7), "@", pc.utf8_lower(cw), "-trading.example"))
    # windowed: the frames hold the customers with a version since s.window_start (every version of them),
    # and their addresses and contacts; the names and emails stay whole-period (the Cosmos documents)
    windowed, window_start = s.windowed, s.window_start
    eff = np.maximum(birth, p.start_s)
    change_at = eff + rand.integers(seed, "cust.change_at", cid, DAY, 2 * 365 * DAY)
    changes = (rand.uniform(seed, "cust.changes", cid) < 0.35) & (change_at < p.horizon_s)
    ci = np.flatnonzero(changes)
    deact = rand.uniform(seed, "cust.deact", cid[ci]) < 0.08
    built = (np.flatnonzero((birth >= window_start) | (changes & (change_at >= window_start))) if windowed
             else np.arange(n))  # the customers whose versions are built
    built_id = cid[built]
    v1: Frame = {
        "customer_id": built_id,
        "customer_number": padded("C", built_id, 7),
        "customer_name": name.take(pa.array(built)) if windowed else name,
        "email": email.take(pa.array(built)) if windowed else email,
        "phone": join("+", padded("", (built_id * 104729 + 3_100_000_000) % 9_999_999_999, 10)),
        "segment": pick(SEGMENTS, seg[built]),
        "country_code": pick(COUNTRIES, country[built]),
        "currency_code": pick(CURRENCIES, cur[built]),
        "credit_limit_amount": limit[built],
        "payment_terms_days": terms[built],
        "is_active": np.ones(len(built), dtype=np.int8),
        "created_at": birth[built],
        "updated_at": birth[built],
    }
    cw_in = change_at[ci] >= window_start
    cv = ci[cw_in]  # the changed customers in v1
    v2 = take(v1, np.searchsorted(built, cv))
    upgrade = (rand.uniform(seed, "cust.upgrade", cid[cv]) < 0.2) & (seg[cv] > ENT)
    v2["segment"] = pick(SEGMENTS, np.where(upgrade, seg[cv] - 1, seg[cv]))
    v2["credit_limit_amount"] = (limit[cv] * (0.5 + 1.5 * rand.uniform(seed, "cust.lim2", cid[cv])) // 10_000 * 10_000
                                 ).astype(np.int64)
    v2["phone"] = join("+", padded("", (cid[cv] * 15485863 + 3_200_000_000) % 9_999_999_999, 10))
    v2["is_active"] = np.where(deact[cw_in], 0, 1).astype(np.int8)
    v2["updated_at"] = change_at[cv]
    s.emit("customers", concat([v1, v2]))
    del v1, v2, built, built_id, cw_in, cv

    # addresses: billing, shipping (+ a second shipping address for enterprise)
    n_addr = np.where(seg == ENT, 3, 2)
    a_cust = np.repeat(cid, n_addr)
    a_first = np.cumsum(n_addr) - n_addr + 1
    a_idx = np.arange(len(a_cust)) - np.repeat(a_first - 1, n_addr)
    aid = np.arange(1, len(a_cust) + 1, dtype=np.int64)
    a_sel = np.flatnonzero(birth[a_cust - 1] >= window_start)
    a_cust, a_idx, aid = a_cust[a_sel], a_idx[a_sel], aid[a_sel]
    a_country = country[a_cust - 1]
    city_idx = rand.integers(seed, "addr.city", aid, 0, 3)
    city_tab = [CITIES[c_][i % len(CITIES[c_])] for c_ in COUNTRIES for i in range(3)]
    s.emit("customer_addresses", {
        "address_id": aid,
        "customer_id": a_cust,
        "address_type": pick(("billing", "shipping", "shipping"), a_idx),
        "address_line": join(padded("", rand.integers(seed, "addr.no", aid, 1, 300), 3), " ",
                             pick(STREETS, rand.integers(seed, "addr.st", aid, 0, len(STREETS)))),
        "city": pick(city_tab, a_country * 3 + city_idx),
        "region": pick(("North", "South", "East", "West", "Central"), rand.integers(seed, "addr.reg", aid, 0, 5)),
        "postal_code": padded("", rand.integers(seed, "addr.pc", aid, 1000, 99999), 5),
        "country_code": pick(COUNTRIES, a_country),
        "is_primary": np.where(a_idx < 2, 1, 0).astype(np.int8),
        "updated_at": birth[a_cust - 1],
    })
    s.ship_address = a_first + 1

    n_con = np.select([seg == ENT, seg == SMB], [3, 2], 1)
    k_cust = np.repeat(cid, n_con)
    kid = np.arange(1, len(k_cust) + 1, dtype=np.int64)
    k_idx = np.arange(len(k_cust)) - np.repeat(np.cumsum(n_con) - n_con, n_con)
    k_sel = np.flatnonzero(birth[k_cust - 1] >= window_start)
    k_cust, kid, k_idx = k_cust[k_sel], kid[k_sel], k_idx[k_sel]
    s.emit("customer_contacts", {
        "contact_id": kid,
        "customer_id": k_cust,
        "first_name": pick(FIRST_NAMES, rand.integers(seed, "con.fn", kid, 0, len(FIRST_NAMES))),
        "last_name": pick(LAST_NAMES, rand.integers(seed, "con.ln", kid, 0, len(LAST_NAMES))),
        "email": join("contact", padded("", kid, 8), "@mail.example"),
        "phone": join("+", padded("", (kid * 7919 + 4_400_000_000) % 9_999_999_999, 10)),
        "contact_role": pick(("owner", "billing", "purchasing", "technical"), np.where(seg[k_cust - 1] == CONS, 0,
                                                                                  k_idx + 1)),
        "updated_at": birth[k_cust - 1],
    })

    weight = np.asarray([10.0, 3.0, 1.0])[seg] * np.exp(0.6 * rand.normal(seed, "cust.activity", cid))
    s.cust_birth = np.concatenate([[0], birth])
    s.cust_segment = np.concatenate([[0], seg])
    s.cust_country = np.concatenate([[0], country])
    s.cust_weight_cum = np.cumsum(weight)
    s.cust_name = name
    s.cust_email = email
    s.n_customers = n
    s.cust_terms = np.concatenate([[0], terms])


def pick_customers(p: Params, s: Sales, at_s: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Customers (weighted by activity) that existed before the day of ``at_s``."""
    avail = np.searchsorted(s.cust_birth[1:], (at_s // DAY) * DAY, side="left")
    avail = np.maximum(avail, 1)
    target = u * s.cust_weight_cum[avail - 1]
    idx = np.searchsorted(s.cust_weight_cum, target, side="right")
    out: np.ndarray = np.minimum(idx, avail - 1).astype(np.int64) + 1
    return out


def build_orders(p: Params, ref: Reference, s: Sales, fx_daily: np.ndarray) -> None:
    seed, H = p.seed, p.horizon_s
    order_at = daily_times(p, "orders", 845 * p.scale, BUSINESS_HOURS)
    no = len(order_at)
    oid = np.arange(1, no + 1, dtype=np.int64)
    cust = pick_customers(p, s, order_at, rand.uniform(seed, "order.cust", oid))
    seg = s.cust_segment[cust]
    country = s.cust_country[cust]
    cur = np.asarray(COUNTRY_CURRENCY)[country]
    # about 2% of orders are placed through another country's shop, in that shop's currency: an order's
    # currency may differ from its customer's (the landing contract says so); everything downstream of
    # the order (lines, invoice, payments, credit memos) takes the order's currency
    other_shop = rand.uniform(seed, "order.other_shop", oid) < 0.02
    other_cur = (cur + rand.integers(seed, "order.other_cur", oid, 1, len(CURRENCIES))) % len(CURRENCIES)
    cur = np.where(other_shop, other_cur, cur)
    u_ch = rand.uniform(seed, "order.channel", oid)
    # 0 web, 1 mobile, 2 phone, 3 email
    channel = np.select(
        [seg == ENT, seg == SMB],
        [np.searchsorted([0.3, 0.3, 0.6, 1.0], u_ch, side="right"),
         np.searchsorted([0.5, 0.65, 0.85, 1.0], u_ch, side="right")],
        np.searchsorted([0.45, 0.95, 1.0, 1.0], u_ch, side="right"),
    )
    channel = np.minimum(channel, 3)
    wh = np.asarray(COUNTRY_WAREHOUSE)[country]
    other_wh = rand.integers(seed, "order.wh2", oid, 1, 7)
    wh = np.where(rand.uniform(seed, "order.wh", oid) < 0.08, other_wh, wh)
    n_lines = 1 + poisson_classes(seed, "order.lines", oid, (5.0, 2.2, 0.5), seg)
    # windowed: the ERP frames hold only the documents with a version since s.window_start (world.build_world);
    # the order-level numbers the general ledger, the inventory and the Cosmos documents read stay whole-period,
    # the line-level ones are computed for the orders that need them (``exact`` below)
    windowed, window_start = s.windowed, s.window_start

    # lifecycle, drawn at birth
    cancelled = rand.uniform(seed, "order.cancel", oid) < 0.03
    cancel_at = order_at + rand.integers(seed, "order.cancel_at", oid, 2 * HOUR, 2 * DAY)
    lead = np.select([seg == ENT, seg == SMB], [2.0, 1.2], 0.6) * DAY
    ship1 = order_at + (lead + rand.exponential(seed, "order.ship", oid, 0.8 * DAY)).astype(np.int64)
    split = (~cancelled) & (n_lines >= 2) & (rand.uniform(seed, "order.split", oid) < 0.12)
    ship2 = ship1 + rand.integers(seed, "order.ship2", oid, DAY, 5 * DAY)
    transit = np.where(country == COUNTRIES.index("US"), 3, 1) * DAY
    deliv1 = ship1 + transit + rand.integers(seed, "order.deliv", oid, 6 * HOUR, 4 * DAY)
    deliv2 = ship2 + transit + rand.integers(seed, "order.deliv2", oid, 6 * HOUR, 4 * DAY)
    last_ship = np.where(split, ship2, ship1)
    last_deliv = np.where(split, deliv2, deliv1)
    invoice_at = last_ship + rand.integers(seed, "order.inv", oid, HOUR, 20 * HOUR)
    never = np.iinfo(np.int64).max
    ship1 = np.where(cancelled, never, ship1)
    last_ship = np.where(cancelled, never, last_ship)
    last_deliv = np.where(cancelled, never, last_deliv)
    invoice_at = np.where(cancelled, never, invoice_at)

    # invoices: one per shipped order, ids in invoice-time order; their payments' times, drawn at birth per invoice
    # (key: order id). No time depends on an amount, so the orders whose line values are needed are known first
    pos_i, inv_id = rank_ids(invoice_at, oid, H)
    order_invoice = np.full(no, NULL, dtype=np.int64)
    order_invoice[pos_i] = inv_id
    vat = np.asarray(VAT_BPS)[country]
    inv_o = oid[pos_i]
    inv_at = invoice_at[pos_i]
    terms = s.cust_terms[cust[pos_i]]
    inv_day = inv_at // DAY
    o_seg = seg[pos_i]
    u_beh = rand.uniform(seed, "pay.behaviour", inv_o)
    due_s = (inv_day + terms) * DAY + 10 * HOUR
    # consumers pay by card; businesses around the due date, some late (each draw for its invoices only)
    pay_at = np.empty(len(inv_o), dtype=np.int64)
    card = np.flatnonzero(o_seg == CONS)
    pay_at[card] = inv_at[card] + rand.integers(seed, "pay.card", inv_o[card], 10 * 60, DAY)
    firm = np.flatnonzero(o_seg != CONS)
    noise = rand.normal(seed, "pay.noise", inv_o[firm])
    pay_at[firm] = due_s[firm] + np.where(o_seg[firm] == SMB, (noise * 6 * DAY).astype(np.int64) - 2 * DAY,
                                          (noise * 9 * DAY).astype(np.int64) + 4 * DAY)
    late = np.flatnonzero((o_seg != CONS) & (u_beh < 0.12))
    pay_at[late] = due_s[late] + rand.integers(seed, "pay.late", inv_o[late], 10 * DAY, 80 * DAY)
    pay_at = np.maximum(pay_at, inv_at + HOUR)
    never_pays = u_beh > np.select([o_seg == CONS, o_seg == SMB], [0.995, 0.97], 0.98)
    partial = (~never_pays) & (o_seg != CONS) & (rand.uniform(seed, "pay.partial", inv_o) < 0.10)
    frac = 0.3 + 0.6 * rand.uniform(seed, "pay.frac", inv_o)
    pay2_at = pay_at + rand.integers(seed, "pay.second", inv_o, 7 * DAY, 60 * DAY)
    stays_partial = partial & (rand.uniform(seed, "pay.stays", inv_o) < 0.3)
    pay_at = np.where(never_pays, never, pay_at)
    pay2_at = np.where(partial & ~stays_partial, pay2_at, never)
    p_at = np.concatenate([pay_at, pay2_at])
    p_cur = np.concatenate([cur[pos_i], cur[pos_i]])
    rate_inv = fx_eur(p, fx_daily, cur[pos_i], inv_at)
    rate_pay = fx_eur(p, fx_daily, p_cur, p_at)

    # order lines: their ids, orders and ship times cover the whole period; their values (product, quantity,
    # price, amount, tax) are computed for the orders in ``exact`` only. Windowed, that is the orders with an
    # event since the window's first day (each table landed reads the values of those only) and the orders the
    # ledger needs for an earlier day: there it needs only whether each day's sums are 0 (a journal line of 0 is
    # left out, and the line ids count the others), which the lower bounds of _EarlyBounds decide but on a day
    # whose bounds add up to 0; that day's documents are computed exactly
    nl = int(n_lines.sum())
    lid = np.arange(1, nl + 1, dtype=np.int64)
    first_line = np.cumsum(n_lines) - n_lines + 1
    l_ord = np.repeat(oid, n_lines)
    # each order line ships once: a split order's even line numbers in its second shipment (k 1), the others in
    # the first (ship1 is never for a cancelled order)
    so = np.flatnonzero(split)
    n_even = n_lines[so] // 2
    even = np.repeat(first_line[so], n_even) + 2 * (np.arange(int(n_even.sum())) - np.repeat(np.cumsum(n_even) - n_even,
                                                                                        n_even))
    line_k = np.zeros(nl, dtype=np.int64)
    line_k[even] = 1
    line_ship_at = np.repeat(ship1, n_lines)
    line_ship_at[even] = np.repeat(ship2[so], n_even)
    del so, n_even, even
    early: _EarlyBounds | None = None
    if windowed:
        early = _EarlyBounds(p, ref, window_start, n_lines, cur, vat)
        exact = np.zeros(no, dtype=bool)
        for at in (order_at, ship1, np.where(split, ship2, never), invoice_at):
            exact |= (at >= early.first_s) & (at < H)
        exact[pos_i] |= ((pay_at >= early.first_s) & (pay_at < H)) | ((pay2_at >= early.first_s) & (pay2_at < H))
        exact[pos_i] |= early.undecided(inv_at, *early.invoice(pos_i, rate_inv))
        exact[pos_i] |= early.undecided(p_at, early.payment(pos_i, partial, frac, rate_pay)).reshape(2, -1).any(0)
        if early.cogs == 0:  # a line's cost may be 0: the orders of the lines shipped before the window
            exact |= np.bincount(l_ord - 1, weights=early.undecided(line_ship_at, np.zeros(nl)), minlength=no) > 0
        lx: np.ndarray | slice = np.flatnonzero(exact[l_ord - 1])  # the lines computed (the others' values are 0)
    else:
        lx = slice(None)
    lo = l_ord[lx] - 1
    values = _line_values(p, ref, lid[lx], seg[lo], cur[lo], order_at[lo])
    if windowed:
        values = {k: _scattered(v, lx, nl) for k, v in values.items()}
    l_prod, l_qty, unit, disc, l_amount = (values[k] for k in ("product", "quantity", "unit", "discount", "amount"))
    del values
    # every line placed before the horizon; windowed, the lines of the orders placed since window_start (order ids
    # ascend with their time, and line ids with their order's)
    placed: np.ndarray | slice
    if windowed:
        ends = np.append(first_line - 1, nl)
        placed = np.arange(*ends[np.searchsorted(order_at, [window_start, H])])
    else:
        placed = slice(None) if (order_at < H).all() else np.flatnonzero(order_at[l_ord - 1] < H)
    pl_ord = l_ord[placed]
    s.emit("sales_order_lines", {
        "sales_order_line_id": lid[placed],
        "sales_order_id": pl_ord,
        "line_number": lid[placed] - first_line[pl_ord - 1] + 1,
        "product_id": l_prod[placed],
        "warehouse_id": wh[pl_ord - 1],
        "quantity": l_qty[placed],
        "unit_price_amount": unit[placed],
        "discount_rate": disc[placed],
        "line_amount": l_amount[placed],
        "updated_at": order_at[pl_ord - 1],
    })
    del placed, pl_ord, disc

    # shipments: ids in ship-time order
    sh_order = np.concatenate([oid[~cancelled], oid[split]])
    sh_k = np.concatenate([np.zeros((~cancelled).sum(), np.int64), np.ones(split.sum(), np.int64)])
    sh_at = np.where(sh_k == 0, ship1[sh_order - 1], ship2[sh_order - 1])
    sh_deliv = np.where(sh_k == 0, deliv1[sh_order - 1], deliv2[sh_order - 1])
    sh_wanted = ((sh_at >= window_start) | ((sh_deliv >= window_start) & (sh_deliv < H))) if windowed else None
    pos, sh_id = rank_ids_window(sh_at, sh_order * 2 + sh_k, H, sh_wanted)
    sh_order, sh_k, sh_at, sh_deliv = sh_order[pos], sh_k[pos], sh_at[pos], sh_deliv[pos]
    carriers = contract.entity("erp", "shipments").column("carrier").values
    carrier = rand.integers(seed, "ship.carrier", sh_order * 2 + sh_k, 0, len(carriers))
    delivered = sh_deliv < H
    sh_v1: Frame = {
        "shipment_id": sh_id,
        "sales_order_id": sh_order,
        "warehouse_id": wh[sh_order - 1],
        "carrier": pick(carriers, carrier),
        "shipped_at": sh_at,
        "delivered_at": np.full(len(sh_id), NULL, dtype=np.int64),
        "shipment_status": pick(("in_transit",), np.zeros(len(sh_id), np.int64)),
        "updated_at": sh_at,
    }
    di = np.flatnonzero(delivered)
    sh_v2 = take(sh_v1, di)
    sh_v2["delivered_at"] = sh_deliv[di]
    sh_v2["shipment_status"] = pick(("delivered",), np.zeros(len(di), np.int64))
    sh_v2["updated_at"] = sh_deliv[di]
    s.emit("shipments", concat([sh_v1, sh_v2]))
    del sh_v1, sh_v2, sh_at, sh_deliv, carrier, delivered, di

    # shipment lines (each order line ships once, line_ship_at)
    shipment_of = np.full(no * 2 + 2, NULL, dtype=np.int64)
    shipment_of[sh_order * 2 + sh_k] = sh_id
    pos_l, sl_id = rank_ids_window(line_ship_at, lid, H, (line_ship_at >= window_start) if windowed else None)
    s.emit("shipment_lines", {
        "shipment_line_id": sl_id,
        "shipment_id": shipment_of[l_ord[pos_l] * 2 + line_k[pos_l]],
        "sales_order_line_id": lid[pos_l],
        "shipped_quantity": l_qty[pos_l],
        "updated_at": line_ship_at[pos_l],
    })
    # the inventory's shipment moves: windowed, those since window_start, after ship_moves_before earlier ones
    s.ship_moves = {
        "id": sl_id, "product": l_prod[pos_l], "warehouse": wh[l_ord[pos_l] - 1], "qty": l_qty[pos_l],
        "at": line_ship_at[pos_l],
    }
    s.ship_moves_before = int(np.count_nonzero(line_ship_at < window_start)) if windowed else 0
    # cost of goods shipped: the ledger sums it per day (exact in float64), in any order
    cogs = ref.product_cost_cents[l_prod] * l_qty
    s.postings["cogs"] = {"at": line_ship_at, "amount": cogs if early is None else np.where(exact[l_ord - 1], cogs,
                                                                                              early.cogs)}
    del cogs, line_ship_at, line_k

    if windowed:
        l_tax = _scattered(_round_div(l_amount[lx] * vat[l_ord[lx] - 1], 10000), lx, nl)
    else:
        l_tax = _round_div(l_amount * vat[l_ord - 1], 10000)
    # invoice lines: by invoice, then order line; windowed, those of the invoices since window_start
    first_new = int(np.searchsorted(inv_at, window_start, side="left"))  # inv_at ascends with the invoice id
    il_o = inv_o[first_new:]
    il_n = n_lines[il_o - 1]
    il_start = int(n_lines[inv_o[:first_new] - 1].sum())
    il = np.repeat(first_line[il_o - 1] - 1 - (np.cumsum(il_n) - il_n), il_n) + np.arange(int(il_n.sum()))
    il_id = il_start + np.arange(1, len(il) + 1, dtype=np.int64)
    il_inv = order_invoice[l_ord[il] - 1]
    s.emit("invoice_lines", {
        "invoice_line_id": il_id,
        "invoice_id": il_inv,
        "sales_order_line_id": lid[il],
        "product_id": l_prod[il],
        "quantity": l_qty[il],
        "unit_price_amount": unit[il],
        "line_amount": l_amount[il],
        "tax_rate": vat[l_ord[il] - 1],
        "tax_amount": l_tax[il],
        "updated_at": invoice_at[l_ord[il] - 1],
    })
    # bincount on floats: exact for cents below 2**53 (windowed: 0 for the orders not in ``exact``)
    order_sub = np.bincount(l_ord[lx] - 1, weights=l_amount[lx], minlength=no).astype(np.int64)
    order_tax = np.bincount(l_ord[lx] - 1, weights=l_tax[lx], minlength=no).astype(np.int64)
    total = order_sub[pos_i] + order_tax[pos_i]

    # payments (their times above)
    part1 = np.where(partial, np.round(total * frac).astype(np.int64), total)
    p_inv = np.concatenate([inv_id, inv_id])
    p_amt = np.concatenate([part1, total - part1])
    p_k = np.concatenate([np.zeros(len(inv_id), np.int64), np.ones(len(inv_id), np.int64)])
    # the ledger sums the payments per day (exact in float64), in any order
    pay_eur = to_eur(p_amt, rate_pay)
    if early is not None:  # the payments not in ``exact``: their bounds
        pay_eur = np.where(np.tile(exact[pos_i], 2), pay_eur, early.payment(pos_i, partial, frac, rate_pay))
    s.postings["payment"] = {"at": p_at, "amount": pay_eur}
    pos_p, pay_id = rank_ids_window(p_at, p_inv * 2 + p_k, H, (p_at >= window_start) if windowed else None)
    p_of = pos_p % len(inv_id)  # the invoice of each payment built
    u_m = rand.uniform(seed, "pay.m", inv_o[p_of])
    p_seg = o_seg[p_of]
    p_method = np.select([p_seg == CONS, p_seg == SMB], [np.where(u_m < 0.8, 0, 3), np.where(u_m < 0.6, 1, 2)], 1)
    s.emit("payments", {
        "payment_id": pay_id,
        "invoice_id": p_inv[pos_p],
        "customer_id": np.concatenate([cust[pos_i], cust[pos_i]])[pos_p],
        "payment_date": p_at[pos_p] // DAY,
        "payment_amount": p_amt[pos_p],
        "payment_method": pick(("card", "bank_transfer", "direct_debit", "paypal"), p_method),
        "updated_at": p_at[pos_p],
    })
    paid_at = np.where(partial, pay2_at, pay_at)  # when fully paid (never if not)

    # invoice versions: open -> (partially_paid) -> paid; windowed, the invoices with a version since window_start
    v2_at = np.where(partial, pay_at, never)
    inv_sel = np.flatnonzero((inv_at >= window_start) | ((v2_at >= window_start) & (v2_at < H))
                             | ((paid_at >= window_start) & (paid_at < H)))
    sel_o = pos_i[inv_sel]  # the orders (positions) of the invoices selected
    inv_v1: Frame = {
        "invoice_id": inv_id[inv_sel],
        "invoice_number": padded("INV", inv_id[inv_sel], 8),
        "sales_order_id": inv_o[inv_sel],
        "customer_id": cust[sel_o],
        "currency_code": pick(CURRENCIES, cur[sel_o]),
        "invoice_date": inv_day[inv_sel],
        "due_date": inv_day[inv_sel] + terms[inv_sel],
        "subtotal_amount": order_sub[sel_o],
        "tax_amount": order_tax[sel_o],
        "total_amount": total[inv_sel],
        "invoice_status": pick(("open", "partially_paid", "paid"), np.zeros(len(inv_sel), np.int64)),
        "updated_at": inv_at[inv_sel],
    }
    ip = np.flatnonzero(v2_at[inv_sel] < H)
    inv_v2 = take(inv_v1, ip)
    inv_v2["invoice_status"] = pick(("partially_paid",), np.zeros(len(ip), np.int64))
    inv_v2["updated_at"] = pay_at[inv_sel][ip]
    ipd = np.flatnonzero(paid_at[inv_sel] < H)
    inv_v3 = take(inv_v1, ipd)
    inv_v3["invoice_status"] = pick(("paid",), np.zeros(len(ipd), np.int64))
    inv_v3["updated_at"] = paid_at[inv_sel][ipd]
    s.emit("invoices", concat([inv_v1, inv_v2, inv_v3]))
    del inv_v1, inv_v2, inv_v3, inv_sel, sel_o, v2_at

    # GL postings (EUR cents), one row per document; GL summarises them per day
    sub_eur = to_eur(order_sub[pos_i], rate_inv)
    tax_eur = to_eur(order_tax[pos_i], rate_inv)
    if early is not None:  # the invoices not in ``exact``: their bounds
        sub_lo, tax_lo = early.invoice(pos_i, rate_inv)
        sub_eur, tax_eur = np.where(exact[pos_i], sub_eur, sub_lo), np.where(exact[pos_i], tax_eur, tax_lo)
    s.postings["invoice"] = {"at": inv_at, "net": sub_eur, "tax": tax_eur}

    # sales order versions: open -> (cancelled | shipped -> invoiced -> closed)
    order_paid = np.full(no, never, dtype=np.int64)
    order_paid[pos_i] = paid_at
    # free what only the lines, shipments, invoices and payments needed before the order versions are built
    # (this is the ERP simulation's memory peak)
    del (l_tax, il, il_id, il_inv, il_o, il_n, p_inv, p_at, p_amt, p_k, p_method, pos_p, pay_id, p_cur, pos_l,
         sl_id, shipment_of, order_sub, order_tax, inv_o, inv_at, terms, inv_day, total, rate_inv, sub_eur, tax_eur,
         pos_i, paid_at, pay_at, pay2_at, part1, partial, stays_partial, never_pays, u_beh, due_s,
         noise, late, frac, card, firm, p_of, u_m, p_seg, o_seg, ip, ipd, inv_id, rate_pay, pay_eur, l_prod, l_qty,
         unit, l_amount, lid, l_ord, lx, lo)
    version_at = (order_at, np.where(cancelled, cancel_at, never), last_ship, invoice_at, order_paid)
    if windowed:  # the orders with a version since window_start (every version of them)
        o_wanted = np.zeros(no, dtype=bool)
        for at in version_at:
            o_wanted |= (at >= window_start) & (at < H)
        o_sel = np.flatnonzero(o_wanted)
    else:
        o_sel = np.arange(no)
    o_ids = oid[o_sel]
    o_cust = cust[o_sel]
    o_v1: Frame = {
        "sales_order_id": o_ids,
        "order_number": padded("SO", o_ids, 8),
        "customer_id": o_cust,
        "ship_to_address_id": s.ship_address[o_cust - 1],
        "order_channel": pick(("web", "mobile", "phone", "email"), channel[o_sel]),
        "sales_rep_employee_id": np.where(
            channel[o_sel] >= 2, ref.sales_reps[rand.integers(seed, "order.rep", oid[o_sel], 0, len(ref.sales_reps))],
            NULL),
        "currency_code": pick(CURRENCIES, cur[o_sel]),
        "order_date": order_at[o_sel] // DAY,
        "requested_delivery_date": order_at[o_sel] // DAY + rand.integers(seed, "order.req", o_ids, 3, 11),
        "order_status": pick(("open",), np.zeros(len(o_sel), np.int64)),
        "created_at": order_at[o_sel],
        "updated_at": order_at[o_sel],
    }
    del o_ids, o_cust
    # the versions are rows of o_v1 (one copy of them in memory: a take, not a concat of per-status takes)
    src, status_of, upd = [], [], []
    for k, at in enumerate(version_at):
        at_sel = at[o_sel]
        idx = np.flatnonzero(at_sel < H)
        src.append(idx)
        status_of.append(np.full(len(idx), k, np.int64))
        upd.append(at_sel[idx])
    v_src, v_status, v_upd = np.concatenate(src), np.concatenate(status_of), np.concatenate(upd)
    del src, status_of, upd, version_at, o_sel
    columns = list(o_v1)
    all_versions = take({k: v for k, v in o_v1.items() if k not in ("order_status", "updated_at")}, v_src)
    del o_v1
    all_versions["order_status"] = pick(("open", "cancelled", "shipped", "invoiced", "closed"), v_status)
    all_versions["updated_at"] = v_upd
    del v_src, v_status, v_upd
    s.emit("sales_orders", {c: all_versions[c] for c in columns})
    del all_versions

    s.order_at, s.order_customer, s.order_channel = order_at, cust, channel
    s.order_cancelled, s.order_shipped_at, s.order_delivered_at = cancelled, last_ship, last_deliv
    s.order_invoiced_at, s.order_paid_at, s.order_warehouse = invoice_at, order_paid, wh
    s.order_first_line, s.order_n_lines = first_line, n_lines
    s.order_invoice_id = order_invoice
    s.order_currency = cur
    s.order_vat = vat


def build_returns(p: Params, ref: Reference, s: Sales, fx_daily: np.ndarray) -> None:
    """Return requests of delivered orders, refunds and credit memos (return and non-return)."""
    seed, H = p.seed, p.horizon_s
    no = len(s.order_at)
    oid = np.arange(1, no + 1, dtype=np.int64)
    seg = s.cust_segment[s.order_customer]
    delivered = ~s.order_cancelled
    p_ret = np.asarray([0.03, 0.045, 0.07])[seg]
    has_ret = delivered & (rand.uniform(seed, "ret.has", oid) < p_ret)
    ro = oid[has_ret]
    req_at = s.order_delivered_at[ro - 1] + rand.integers(seed, "ret.req", ro, DAY, 25 * DAY)
    pos, rma = rank_ids(req_at, ro, H)
    ro, req_at = ro[pos], req_at[pos]
    rejected = rand.uniform(seed, "ret.rejected", ro) < 0.1
    decided = req_at + rand.integers(seed, "ret.decide", ro, 6 * HOUR, 3 * DAY)
    received = decided + rand.integers(seed, "ret.received", ro, 2 * DAY, 9 * DAY)
    refunded = received + rand.integers(seed, "ret.refunded", ro, 12 * HOUR, 4 * DAY)
    never = np.iinfo(np.int64).max
    received = np.where(rejected, never, received)
    refunded = np.where(rejected, never, refunded)
    reason = rand.choice(seed, "ret.reason", ro, [25, 15, 25, 25, 10])
    # items: the first line, and the second one sometimes
    n_items = np.where((s.order_n_lines[ro - 1] >= 2) & (rand.uniform(seed, "ret.two", ro) < 0.3), 2, 1)
    item_ret = np.repeat(np.arange(len(ro)), n_items)
    item_k = np.arange(len(item_ret)) - np.repeat(np.cumsum(n_items) - n_items, n_items)
    item_line = s.order_first_line[ro[item_ret] - 1] + item_k
    item = _order_line_values(p, ref, s, item_line, ro[item_ret])
    ordered = item["quantity"]
    item_qty = 1 + np.floor(rand.uniform(seed, "ret.qty", item_line) * np.minimum(ordered, 3)).astype(np.int64)
    item_qty = np.minimum(item_qty, ordered)
    net = _round_div(item["amount"] * item_qty, 1) // np.maximum(ordered, 1)
    vat = s.order_vat[ro[item_ret] - 1]
    gross_item = net + _round_div(net * vat, 10000)
    refund = np.bincount(item_ret, weights=gross_item, minlength=len(ro)).astype(np.int64)
    s.ret = {
        "rma": rma, "order": ro, "customer": s.order_customer[ro - 1], "requested_at": req_at,
        "decided_at": decided, "received_at": received, "refunded_at": refunded, "rejected": rejected,
        "reason": reason, "refund_cents": refund, "currency": s.order_currency[ro - 1],
        "item_ret": item_ret, "item_line": item_line, "item_product": item["product"],
        "item_qty": item_qty,
    }

    # credit memos: refunded returns, plus price adjustments / damage / goodwill on some invoices
    inv_orders = np.flatnonzero(s.order_invoice_id != NULL) + 1
    adj = inv_orders[rand.uniform(seed, "cm.adj", inv_orders) < 0.015]
    adj_at = s.order_invoiced_at[adj - 1] + rand.integers(seed, "cm.adj_at", adj, 3 * DAY, 30 * DAY)
    inv_total = _invoice_totals(p, ref, s, adj)
    adj_amt = np.round(inv_total * (0.05 + 0.15 * rand.uniform(seed, "cm.adj_amt", adj)) / 100).astype(
        np.int64) * 100
    adj_amt = np.maximum(adj_amt, 100)
    adj_reason = 1 + rand.integers(seed, "cm.adj_reason", adj, 0, 3)
    ref_idx = np.flatnonzero(~rejected)
    cm_order = np.concatenate([ro[ref_idx], adj])
    cm_at = np.concatenate([refunded[ref_idx], adj_at])
    cm_amt = np.concatenate([refund[ref_idx], adj_amt])
    cm_rma = np.concatenate([rma[ref_idx], np.full(len(adj), NULL, np.int64)])
    cm_reason = np.concatenate([np.zeros(len(ref_idx), np.int64), adj_reason])
    tb = np.concatenate([ro[ref_idx] * 2, adj * 2 + 1])
    pos_c, cm_id = rank_ids(cm_at, tb, H)
    # windowed (extending a zone): the credit memos since window_start
    w = np.flatnonzero(cm_at[pos_c] >= s.window_start) if s.windowed else np.arange(len(pos_c))
    pw, cm_rma_w = pos_c[w], cm_rma[pos_c[w]]
    cm_rma_s = padded("RMA", np.where(cm_rma_w == NULL, 0, cm_rma_w), 8)
    cm_rma_s = pc.if_else(np.asarray(cm_rma_w == NULL), None, cm_rma_s)
    s.emit("credit_memos", {
        "credit_memo_id": cm_id[w],
        "credit_memo_number": padded("CM", cm_id[w], 8),
        "invoice_id": s.order_invoice_id[cm_order[pw] - 1],
        "customer_id": s.order_customer[cm_order[pw] - 1],
        "rma_number": cm_rma_s,
        "credit_date": cm_at[pw] // DAY,
        "credit_amount": cm_amt[pw],
        "reason_code": pick(("return", "price_adjustment", "damaged", "goodwill"), cm_reason[pw]),
        "updated_at": cm_at[pw],
    })
    del w, pw, cm_rma_w
    # inventory moves of refunded returns: back into the order's warehouse at the credit memo
    ret_cm = np.full(len(ro), NULL, dtype=np.int64)
    is_ret = cm_rma[pos_c] != NULL
    ret_index_of_rma = np.searchsorted(rma, cm_rma[pos_c][is_ret])
    ret_cm[ret_index_of_rma] = cm_id[is_ret]
    s.ret["credit_memo_id"] = ret_cm
    mi = np.flatnonzero(ret_cm[item_ret] != NULL)
    s.return_moves = {
        "id": ret_cm[item_ret[mi]], "product": item["product"][mi],
        "warehouse": s.order_warehouse[ro[item_ret[mi]] - 1], "qty": item_qty[mi],
        "at": refunded[item_ret[mi]],
    }
    cur_c = s.order_currency[cm_order[pos_c] - 1]
    vat_c = s.order_vat[cm_order[pos_c] - 1]
    eur = to_eur(cm_amt[pos_c], fx_eur(p, fx_daily, cur_c, cm_at[pos_c]))
    tax = _round_div(eur * vat_c, 10000 + vat_c)
    s.postings["credit_memo"] = {"at": cm_at[pos_c], "net": eur - tax, "tax": tax}
    cost = ref.product_cost_cents[s.return_moves["product"]] * s.return_moves["qty"]
    s.postings["return_stock"] = {"at": s.return_moves["at"], "amount": cost}
