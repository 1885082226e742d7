"""Procurement (purchase orders, receipts, supplier invoices and payments) and the inventory ledger."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from esa.landing import rand
from esa.landing.params import DAY, Params
from esa.landing.reference import CURRENCIES, FX_BASE, Reference
from esa.landing.sales import HOUR, Sales, fx_eur, to_eur
from esa.landing.sorting import lex_order
from esa.landing.timeline import BUSINESS_HOURS, daily_times, rank_ids
from esa.landing.values import NULL, Frame, concat, padded, pick, take

PO_WAREHOUSE_WEIGHTS = (24, 27, 28, 10, 5, 6)
NEVER = np.iinfo(np.int64).max


@dataclass
class Supply:
    frames: dict[str, Frame] = field(default_factory=dict)  # ERP tables kept by the default ``emit``
    postings: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    emit: Callable[[str, Frame], None] = None  # type: ignore[assignment]  # see Sales.emit

    def __post_init__(self) -> None:
        if self.emit is None:
            self.emit = self.frames.__setitem__


def build_procurement(p: Params, ref: Reference, fx_daily: np.ndarray, out: Supply) -> dict[str, np.ndarray]:
    seed, H = p.seed, p.horizon_s
    po_rate = max(25 * p.scale, 1.0)
    po_at = daily_times(p, "purchase_orders", po_rate, BUSINESS_HOURS)
    n = len(po_at)
    po = np.arange(1, n + 1, dtype=np.int64)
    sup = rand.integers(seed, "po.supplier", po, 1, ref.n_suppliers + 1)
    cur = ref.supplier_currency[sup]
    # replenishment: POs rotate over the warehouses, and each warehouse's PO lines cycle through the
    # products with a fixed stride, so every (product, warehouse) is reordered about every
    # `interval` days, for the demand expected over that interval
    nwh = len(PO_WAREHOUSE_WEIGHTS)
    wh = 1 + (po % nwh)
    buyer = ref.buyers[rand.integers(seed, "po.buyer", po, 0, len(ref.buyers))]
    expected_day = po_at // DAY + rand.integers(seed, "po.lead", po, 7, 31)
    n_lines = 1 + rand.poisson(seed, "po.lines", po, 3.0)
    nl = int(n_lines.sum())
    lid = np.arange(1, nl + 1, dtype=np.int64)
    l_po = np.repeat(po, n_lines)
    l_num = lid - np.repeat(np.cumsum(n_lines) - n_lines, n_lines)
    l_wh = wh[l_po - 1]
    k = np.zeros(nl, dtype=np.int64)
    for w in range(1, nwh + 1):
        mask = l_wh == w
        k[mask] = np.arange(int(mask.sum()))
    n_prod = ref.n_products
    stride = _stride(n_prod)
    l_prod = (k * stride + l_wh * 97) % n_prod + 1
    interval = n_prod * nwh / (po_rate * 4.0)
    rate = expected_daily_units(p, ref)[l_prod - 1, l_wh - 1]
    noise = 0.9 + 0.3 * rand.uniform(seed, "pol.qty", lid)
    l_qty = 10 * np.maximum(1, np.ceil(1.15 * interval * rate * noise / 10)).astype(np.int64)
    fx = np.asarray(FX_BASE)[cur[l_po - 1]]
    l_cost = np.round(ref.product_cost_cents[l_prod] * fx).astype(np.int64)
    l_amt = l_qty * l_cost

    # receipts, one per line: some late, some short, a few never
    exp_s = expected_day[l_po - 1] * DAY + 9 * HOUR
    uu = rand.uniform(seed, "gr.kind", lid)
    late = uu < 0.10
    short = (uu >= 0.10) & (uu < 0.18)
    never_rcv = (uu >= 0.18) & (uu < 0.21)
    rcv_at = exp_s + np.where(late, rand.integers(seed, "gr.late", lid, 5 * DAY, 21 * DAY),
                              rand.integers(seed, "gr.early", lid, -3 * DAY, 2 * DAY))
    rcv_at = np.maximum(rcv_at, po_at[l_po - 1] + DAY)
    rcv_qty = np.where(short, np.maximum(1, (l_qty * (0.8 + 0.15 * rand.uniform(seed, "gr.short", lid))).astype(
        np.int64)), l_qty)
    rcv_at = np.where(never_rcv, NEVER, rcv_at)
    pos_r, gr_id = rank_ids(rcv_at, lid, H)
    out.emit("goods_receipts", {
        "goods_receipt_id": gr_id,
        "purchase_order_line_id": lid[pos_r],
        "warehouse_id": wh[l_po[pos_r] - 1],
        "received_date": rcv_at[pos_r] // DAY,
        "received_quantity": rcv_qty[pos_r],
        "updated_at": rcv_at[pos_r],
    })
    out.postings["receipt"] = {"at": rcv_at[pos_r],
                               "amount": ref.product_cost_cents[l_prod[pos_r]] * rcv_qty[pos_r]}

    # supplier invoices: one per PO, for the ordered quantities
    last_rcv = np.zeros(n, dtype=np.int64)
    np.maximum.at(last_rcv, l_po - 1, np.where(never_rcv, exp_s, rcv_at))
    ui = rand.uniform(seed, "si.kind", po)
    inv_at = last_rcv + rand.integers(seed, "si.delay", po, 0, 10 * DAY)
    inv_at = np.where(ui < 0.05, po_at + rand.integers(seed, "si.early", po, 2 * DAY, 6 * DAY), inv_at)
    inv_at = np.where((ui >= 0.05) & (ui < 0.11), last_rcv + rand.integers(seed, "si.slow", po, 30 * DAY, 70 * DAY),
                      inv_at)
    price_mm = rand.uniform(seed, "sil.price", lid) < 0.05
    inv_cost = np.where(price_mm, np.round(l_cost * (1.02 + 0.04 * rand.uniform(seed, "sil.pct", lid))).astype(
        np.int64), l_cost)
    inv_line_amt = l_qty * inv_cost
    total = np.bincount(l_po - 1, weights=inv_line_amt, minlength=n).astype(np.int64)
    pos_i, si_id = rank_ids(inv_at, po, H)
    terms = ref.supplier_terms[sup]
    due_day = inv_at // DAY + terms
    pay_at = due_day * DAY + 11 * HOUR + (rand.normal(seed, "sp.noise", po) * 3 * DAY).astype(np.int64)
    pay_at = np.maximum(pay_at, inv_at + DAY)
    pay_at = np.where(rand.uniform(seed, "sp.never", po) < 0.04, NEVER, pay_at)
    pay_at = np.where(np.isin(po, po[pos_i]), pay_at, NEVER)
    po_si = np.full(n, NULL, dtype=np.int64)
    po_si[pos_i] = si_id
    si_v1: Frame = {
        "supplier_invoice_id": si_id,
        "supplier_invoice_number": padded("SI-", 100000 + po[pos_i] * 7 % 900000, 6),
        "supplier_id": sup[pos_i],
        "purchase_order_id": po[pos_i],
        "currency_code": pick(CURRENCIES, cur[pos_i]),
        "invoice_date": inv_at[pos_i] // DAY,
        "due_date": due_day[pos_i],
        "total_amount": total[pos_i],
        "invoice_status": pick(("open",), np.zeros(len(si_id), np.int64)),
        "updated_at": inv_at[pos_i],
    }
    paid_i = np.flatnonzero(pay_at[pos_i] < H)
    si_v2 = take(si_v1, paid_i)
    si_v2["invoice_status"] = pick(("paid",), np.zeros(len(paid_i), np.int64))
    si_v2["updated_at"] = pay_at[pos_i][paid_i]
    out.emit("supplier_invoices", concat([si_v1, si_v2]))
    sil = np.flatnonzero(po_si[l_po - 1] != NULL)
    sil = sil[lex_order(lid[sil], po_si[l_po[sil] - 1])]
    out.emit("supplier_invoice_lines", {
        "supplier_invoice_line_id": np.arange(1, len(sil) + 1, dtype=np.int64),
        "supplier_invoice_id": po_si[l_po[sil] - 1],
        "purchase_order_line_id": lid[sil],
        "invoiced_quantity": l_qty[sil],
        "unit_cost_amount": inv_cost[sil],
        "line_amount": inv_line_amt[sil],
        "updated_at": inv_at[l_po[sil] - 1],
    })
    pos_p, sp_id = rank_ids(pay_at, po, H)
    out.emit("supplier_payments", {
        "supplier_payment_id": sp_id,
        "supplier_invoice_id": po_si[pos_p],
        "payment_date": pay_at[pos_p] // DAY,
        "payment_amount": total[pos_p],
        "updated_at": pay_at[pos_p],
    })
    si_eur = to_eur(total[pos_i], fx_eur(p, fx_daily, cur[pos_i], inv_at[pos_i]))
    out.postings["supplier_invoice"] = {"at": inv_at[pos_i], "amount": si_eur}
    out.postings["supplier_payment"] = {
        "at": pay_at[pos_p], "amount": to_eur(total[pos_p], fx_eur(p, fx_daily, cur[pos_p], pay_at[pos_p]))}

    # PO status versions: open -> partially_received -> received -> closed (paid)
    first_rcv = np.full(n, NEVER, dtype=np.int64)
    np.minimum.at(first_rcv, l_po - 1, rcv_at)
    all_rcv = np.zeros(n, dtype=np.int64)
    np.maximum.at(all_rcv, l_po - 1, rcv_at)  # NEVER if any line never arrives
    any_short = np.zeros(n, dtype=bool)
    np.logical_or.at(any_short, l_po - 1, short)
    partial_at = np.where((first_rcv < all_rcv) | any_short, first_rcv, NEVER)
    received_at = np.where(any_short, NEVER, all_rcv)
    closed_at = np.where(received_at < NEVER, np.maximum(pay_at, received_at), NEVER)
    closed_at = np.where(any_short & (pay_at < NEVER), np.maximum(pay_at, first_rcv) + DAY, closed_at)
    po_v1: Frame = {
        "purchase_order_id": po,
        "po_number": padded("PO", po, 8),
        "supplier_id": sup,
        "warehouse_id": wh,
        "buyer_employee_id": buyer,
        "currency_code": pick(CURRENCIES, cur),
        "order_date": po_at // DAY,
        "expected_date": expected_day,
        "po_status": pick(("open",), np.zeros(n, np.int64)),
        "created_at": po_at,
        "updated_at": po_at,
    }
    versions = [po_v1]
    for status, at in (("partially_received", partial_at), ("received", received_at), ("closed", closed_at)):
        idx = np.flatnonzero(at < H)
        v = take(po_v1, idx)
        v["po_status"] = pick((status,), np.zeros(len(idx), np.int64))
        v["updated_at"] = at[idx]
        versions.append(v)
    all_v = concat(versions)
    out.emit("purchase_orders", take(all_v, np.flatnonzero(np.asarray(all_v["updated_at"]) < H)))
    keep = np.flatnonzero(po_at < H)
    out.emit("purchase_order_lines", take({
        "purchase_order_line_id": lid,
        "purchase_order_id": l_po,
        "line_number": l_num,
        "product_id": l_prod,
        "ordered_quantity": l_qty,
        "unit_cost_amount": l_cost,
        "line_amount": l_amt,
        "updated_at": po_at[l_po - 1],
    }, np.flatnonzero(np.isin(l_po, po[keep]))))
    return {"id": gr_id, "product": l_prod[pos_r], "warehouse": wh[l_po[pos_r] - 1], "qty": rcv_qty[pos_r],
            "at": rcv_at[pos_r]}


DAILY_UNITS_PER_SCALE = 22_000  # units shipped per day at scale 1 (order lines x average quantity)


def expected_daily_units(p: Params, ref: Reference) -> np.ndarray:
    """Expected units shipped per day, per (product - 1, warehouse - 1), from the demand model."""
    pop = np.diff(np.concatenate([[0.0], ref.product_popularity]))
    share = pop / pop.sum()
    wshare = np.asarray(PO_WAREHOUSE_WEIGHTS, dtype=np.float64) / sum(PO_WAREHOUSE_WEIGHTS)
    out: np.ndarray = DAILY_UNITS_PER_SCALE * p.scale * share[:, None] * wshare[None, :]
    return out


def _stride(n: int) -> int:
    """A step coprime with n, near n * 0.618, so k * step mod n visits every residue evenly."""
    step = max(1, int(n * 0.618))
    while np.gcd(step, n) != 1:
        step += 1
    return step


def build_inventory(p: Params, ref: Reference, sales: Sales, receipts: dict[str, np.ndarray], out: Supply) -> None:
    """Opening balances, receipts, shipments, customer returns and small adjustments."""
    seed, H = p.seed, p.horizon_s
    nprod, nwh = ref.n_products, len(PO_WAREHOUSE_WEIGHTS)
    cells = np.arange(nprod * nwh)
    c_prod = cells // nwh + 1
    c_wh = cells % nwh + 1
    opening_qty = np.round(150 * expected_daily_units(p, ref)[c_prod - 1, c_wh - 1]).astype(np.int64) + 20
    adj_at = daily_times(p, "inventory.adjust", 20 * p.scale, BUSINESS_HOURS, seasonal=False)
    aid = np.arange(1, len(adj_at) + 1, dtype=np.int64)
    a_cell = rand.integers(seed, "adj.cell", aid, 0, nprod * nwh)
    a_qty = rand.integers(seed, "adj.qty", aid, -5, 4)
    a_qty = np.where(a_qty >= 0, a_qty + 1, a_qty)
    # the ledger sums the adjustments per day (exact in float64), in any order
    out.postings["adjustment"] = {"at": adj_at, "amount": a_qty * ref.product_cost_cents[a_cell // nwh + 1]}
    kinds: list[tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]] = [
        (0, cells + 1, c_prod, c_wh, opening_qty, np.full(len(cells), p.start_s, np.int64), -1),
        (1, receipts["id"], receipts["product"], receipts["warehouse"], receipts["qty"], receipts["at"], 0),
        (2, sales.ship_moves["id"], sales.ship_moves["product"], sales.ship_moves["warehouse"],
         -sales.ship_moves["qty"], sales.ship_moves["at"], 1),
        (3, sales.return_moves["id"], sales.return_moves["product"], sales.return_moves["warehouse"],
         sales.return_moves["qty"], sales.return_moves["at"], 2),
        (4, aid, a_cell // nwh + 1, a_cell % nwh + 1, a_qty, adj_at, 3),
    ]
    before = 0  # extending a zone: the transactions before since_s, counted, not built (ids are ranks in time)
    if sales.since_s is not None:
        since = sales.since_s
        before = sales.ship_moves_before  # sales.ship_moves holds the shipment moves since since_s only
        windowed = []
        for k in kinds:
            if k[0] == 2:
                windowed.append(k)
                continue
            new = np.flatnonzero(k[5] >= since)
            before += len(k[5]) - len(new)
            windowed.append((k[0], *(col[new] for col in k[1:6]), k[6]))  # type: ignore[arg-type]
        kinds = windowed
    kind = np.concatenate([np.full(len(k[1]), k[0], np.int64) for k in kinds])
    src = np.concatenate([k[1] for k in kinds])
    prod = np.concatenate([k[2] for k in kinds])
    whs = np.concatenate([k[3] for k in kinds])
    qty = np.concatenate([k[4] for k in kinds])
    at = np.concatenate([k[5] for k in kinds])
    doc = np.concatenate([np.full(len(k[1]), k[6], np.int64) for k in kinds])
    pos, tid = rank_ids(at, kind * 10**12 + src, H)
    tid = tid + before
    del kinds
    kind, src, prod, whs, qty, at, doc = kind[pos], src[pos], prod[pos], whs[pos], qty[pos], at[pos], doc[pos]
    del pos
    src_type = pick(("goods_receipt", "shipment_line", "credit_memo", "manual"), np.maximum(doc, 0))
    frame: Frame = {
        "inventory_transaction_id": tid,
        "product_id": prod,
        "warehouse_id": whs,
        "transaction_type": pick(("opening", "receipt", "shipment", "customer_return", "adjustment"), kind),
        "quantity": qty,
        "unit_cost_amount": ref.product_cost_cents[prod],
        "transaction_at": at,
        "source_document_type": _null_where(src_type, doc < 0),
        "source_document_id": np.where(doc < 0, NULL, np.where(kind == 4, NULL, src)),
        "updated_at": at,
    }
    del tid, kind, src, prod, whs, qty, at, doc, src_type
    out.emit("inventory_transactions", frame)


def _null_where(arr: pa.Array, mask: np.ndarray) -> pa.Array:
    return pc.if_else(pa.array(mask), pa.scalar(None, pa.string()), arr)
