"""Fiscal calendar, chart of accounts and the general ledger.

Subledger documents are summarised into one journal entry per day and posting kind (e.g. all of
a day's customer invoices), so the GL stays small; every entry balances by construction.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from esa.landing import rand
from esa.landing.params import DAY, EPOCH, Params
from esa.landing.reference import Reference
from esa.landing.values import NULL, Frame, concat, padded, take

HOUR = 3600

# (account_number, name, type, parent number or None, postable)
ACCOUNTS: tuple[tuple[str, str, str, str | None, bool], ...] = (
    ("1000", "Assets", "asset", None, False),
    ("1100", "Current assets", "asset", "1000", False),
    ("1110", "Bank", "asset", "1100", True),
    ("1120", "Accounts receivable", "asset", "1100", True),
    ("1130", "Inventory", "asset", "1100", True),
    ("1200", "Fixed assets", "asset", "1000", False),
    ("1210", "Equipment", "asset", "1200", True),
    ("2000", "Liabilities", "liability", None, False),
    ("2100", "Current liabilities", "liability", "2000", False),
    ("2110", "Accounts payable", "liability", "2100", True),
    ("2120", "VAT payable", "liability", "2100", True),
    ("2130", "Goods received not invoiced", "liability", "2100", True),
    ("2140", "Accrued liabilities", "liability", "2100", True),
    ("3000", "Equity", "equity", None, False),
    ("3100", "Share capital", "equity", "3000", True),
    ("3200", "Retained earnings", "equity", "3000", True),
    ("4000", "Revenue", "revenue", None, False),
    ("4100", "Product revenue", "revenue", "4000", True),
    ("4200", "Sales returns and allowances", "revenue", "4000", True),
    ("5000", "Cost of sales", "expense", None, False),
    ("5100", "Cost of goods sold", "expense", "5000", True),
    ("5200", "Inventory adjustments", "expense", "5000", True),
    ("6000", "Operating expenses", "expense", None, False),
    ("6100", "Salaries", "expense", "6000", True),
    ("6200", "Rent", "expense", "6000", True),
    ("6300", "Marketing", "expense", "6000", True),
)
ACCOUNT_ID = {a[0]: i + 1 for i, a in enumerate(ACCOUNTS)}


def fiscal_year_of(d: dt.date) -> int:
    return d.year + 1 if d.month >= 7 else d.year


def period_id_of_days(epoch_days: np.ndarray) -> np.ndarray:
    """fiscal_period_id (yyyypp) of dates given as days since 1970-01-01."""
    from esa.landing.values import _civil

    y, m, _ = _civil(np.asarray(epoch_days, dtype=np.int64))
    fy = np.where(m >= 7, y + 1, y)
    period = np.where(m >= 7, m - 6, m + 6)
    return (fy * 100 + period).astype(np.int64)


def build_fiscal_periods(p: Params) -> Frame:
    """Fiscal years from the one before the start to three after; created a month ahead, closed 8 days after."""
    fy0 = fiscal_year_of(p.start) - 1
    ids, fys, qs, pns, starts, ends = [], [], [], [], [], []
    for fy in range(fy0, fy0 + 5):
        for pn in range(1, 13):
            month = (pn + 5) % 12 + 1
            year = fy - 1 if pn <= 6 else fy
            first = dt.date(year, month, 1)
            nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
            ids.append(fy * 100 + pn)
            fys.append(fy)
            qs.append((pn - 1) // 3 + 1)
            pns.append(pn)
            starts.append((first - EPOCH).days)
            ends.append((nxt - EPOCH).days - 1)
    start = np.asarray(starts, dtype=np.int64)
    end = np.asarray(ends, dtype=np.int64)
    created = (start - 30) * DAY
    closed = (end + 8) * DAY + 12 * HOUR
    base: Frame = {
        "fiscal_period_id": np.asarray(ids, dtype=np.int64),
        "fiscal_year": np.asarray(fys, dtype=np.int64),
        "fiscal_quarter": np.asarray(qs, dtype=np.int64),
        "period_number": np.asarray(pns, dtype=np.int64),
        "period_start_date": start,
        "period_end_date": end,
        "is_closed": np.zeros(len(ids), dtype=np.int8),
        "updated_at": created,
    }
    v2 = take(base, np.arange(len(ids)))
    v2["is_closed"] = np.ones(len(ids), dtype=np.int8)
    v2["updated_at"] = closed
    allv = concat([base, v2])
    return take(allv, np.flatnonzero(np.asarray(allv["updated_at"]) < p.horizon_s))


def build_accounts(p: Params) -> Frame:
    n = len(ACCOUNTS)
    normal = {"asset": "debit", "expense": "debit", "liability": "credit", "equity": "credit", "revenue": "credit"}
    return {
        "account_id": np.arange(1, n + 1, dtype=np.int64),
        "account_number": np.asarray([a[0] for a in ACCOUNTS], dtype=object),
        "account_name": np.asarray([a[1] for a in ACCOUNTS], dtype=object),
        "account_type": np.asarray([a[2] for a in ACCOUNTS], dtype=object),
        "statement": np.asarray(["balance_sheet" if a[2] in ("asset", "liability", "equity") else "income_statement"
                                 for a in ACCOUNTS], dtype=object),
        "normal_balance": np.asarray(
            ["debit" if a[0] == "4200" else normal[a[2]] for a in ACCOUNTS], dtype=object),
        "parent_account_id": np.asarray([ACCOUNT_ID[a[3]] if a[3] else NULL for a in ACCOUNTS], dtype=np.int64),
        "is_postable": np.asarray([1 if a[4] else 0 for a in ACCOUNTS], dtype=np.int8),
        "updated_at": np.full(n, p.start_s - 400 * DAY, dtype=np.int64),
    }


# Posting kinds: (module, description, [(account, cost centre or 0, side, component)])
# side: +1 debit, -1 credit; component names a column of the posting frame (amount, net, tax, gross).
POSTINGS: tuple[tuple[str, str, str, tuple[tuple[str, int, int, str], ...]], ...] = (
    ("invoice", "AR", "Customer invoices of the day",
     (("1120", 0, 1, "gross"), ("4100", 1, -1, "net"), ("2120", 0, -1, "tax"))),
    ("payment", "AR", "Customer payments of the day", (("1110", 0, 1, "amount"), ("1120", 0, -1, "amount"))),
    ("credit_memo", "AR", "Credit memos of the day",
     (("4200", 2, 1, "net"), ("2120", 0, 1, "tax"), ("1120", 0, -1, "gross"))),
    ("cogs", "INV", "Cost of goods shipped", (("5100", 5, 1, "amount"), ("1130", 0, -1, "amount"))),
    ("return_stock", "INV", "Returned goods back to stock", (("1130", 0, 1, "amount"), ("5100", 5, -1, "amount"))),
    ("receipt", "INV", "Goods received", (("1130", 0, 1, "amount"), ("2130", 0, -1, "amount"))),
    ("adjustment", "INV", "Stock count adjustments", (("1130", 0, 1, "amount"), ("5200", 5, -1, "amount"))),
    ("supplier_invoice", "AP", "Supplier invoices of the day", (("2130", 0, 1, "amount"), ("2110", 0, -1, "amount"))),
    ("supplier_payment", "AP", "Supplier payments of the day", (("2110", 0, 1, "amount"), ("1110", 0, -1, "amount"))),
)


def build_gl(p: Params, ref: Reference, postings: dict[str, dict[str, np.ndarray]],
             since_s: int | None = None) -> tuple[Frame, Frame]:
    """Journal entries and lines: daily subledger summaries plus month-end manual entries.

    ``since_s`` (windowed, see world.build_world): only the entries posted since then and their lines; a posting's
    amounts of an earlier day need only be 0 exactly where the day's sum is (the ids count the lines that are not).
    """
    H = p.horizon_s
    e_day: list[int] = []
    e_kind: list[int] = []
    e_module: list[str] = []
    e_desc: list[str] = []
    l_entry: list[int] = []
    l_acc: list[int] = []
    l_cc: list[int] = []
    l_dr: list[int] = []
    l_cr: list[int] = []
    # per kind and day: sums of the components
    sums: dict[str, dict[str, np.ndarray]] = {}
    for kind, *_ in POSTINGS:
        post = postings.get(kind)
        if post is None or len(post["at"]) == 0:
            continue
        dd = post["at"] // DAY - p.start_day
        ok = (post["at"] < H) & (dd >= 0)
        comps: dict[str, np.ndarray] = {}
        for comp in ("amount", "net", "tax"):
            if comp in post:
                comps[comp] = np.bincount(dd[ok], weights=post[comp][ok], minlength=p.days).astype(np.int64)
        if "net" in comps:
            comps["gross"] = comps["net"] + comps["tax"]
        comps["count"] = np.bincount(dd[ok], minlength=p.days)
        sums[kind] = comps
    manual_days = [d for d in range(p.days) if (p.date(d) + dt.timedelta(days=1)).day == 1]
    entries: list[tuple[int, int]] = []  # (day, kind index); kind index len(POSTINGS) = manual
    for d in range(p.days):
        for ki, (kind, *_rest) in enumerate(POSTINGS):
            if kind in sums and sums[kind]["count"][d] > 0:
                entries.append((d, ki))
        if d in manual_days:
            entries.append((d, len(POSTINGS)))
    monthly = 1_800_000 * p.scale * 100  # EUR cents of salaries per month at this scale
    for eid, (day, ki) in enumerate(entries, start=1):
        d = day
        e_day.append(d)
        e_kind.append(ki)
        lines: list[tuple[int, int, int]] = []  # account, cc, signed amount
        if ki < len(POSTINGS):
            kind, module, desc, spec = POSTINGS[ki]
            e_module.append(module)
            e_desc.append(f"{desc} {p.date(d).isoformat()}")
            for acc, cc, side, comp in spec:
                lines.append((ACCOUNT_ID[acc], cc, side * int(sums[kind][comp][d])))
        else:
            e_module.append("MANUAL")
            e_desc.append(f"Month-end accruals {p.date(d).strftime('%Y-%m')}")
            u = rand.uniform(p.seed, "gl.manual", np.asarray([p.start_day + d]))[0]
            salaries = round(monthly * (0.95 + 0.1 * float(u)))
            rent = round(monthly * 0.18)
            marketing = round(monthly * (0.25 + 0.1 * float(u)))
            for cc, share in ((1, 0.3), (2, 0.25), (3, 0.08), (4, 0.12), (5, 0.25)):
                lines.append((ACCOUNT_ID["6100"], cc, round(salaries * share)))
            lines.append((ACCOUNT_ID["2140"], 0, -sum(x[2] for x in lines)))
            lines.append((ACCOUNT_ID["6200"], 8, rent))
            lines.append((ACCOUNT_ID["1110"], 0, -rent))
            lines.append((ACCOUNT_ID["6300"], 6, marketing))
            lines.append((ACCOUNT_ID["2140"], 0, -marketing))
        for account, centre, amt in lines:
            if amt == 0:
                continue
            l_entry.append(eid)
            l_acc.append(account)
            l_cc.append(centre if centre else NULL)
            l_dr.append(amt if amt > 0 else 0)
            l_cr.append(-amt if amt < 0 else 0)
    ne = len(entries)
    day_arr = np.asarray(e_day, dtype=np.int64)
    kind_arr = np.asarray(e_kind, dtype=np.int64)
    posted_at = (p.start_day + day_arr) * DAY + 23 * HOUR + kind_arr * 300
    posting_date = p.start_day + day_arr
    eid_arr = np.arange(1, ne + 1, dtype=np.int64)
    manual = kind_arr == len(POSTINGS)
    accountant = np.where(manual, 7 + (eid_arr % 3), ref.finance_batch_user)
    entries_f: Frame = {
        "journal_entry_id": eid_arr,
        "entry_number": padded("JE", eid_arr, 9),
        "fiscal_period_id": period_id_of_days(posting_date),
        "posting_date": posting_date,
        "source_module": np.asarray(e_module, dtype=object),
        "source_document_id": np.full(ne, NULL, dtype=np.int64),
        "entry_description": np.asarray(e_desc, dtype=object),
        "posted_by_employee_id": accountant,
        "posted_at": posted_at,
        "updated_at": posted_at,
    }
    le = np.asarray(l_entry, dtype=np.int64)
    line_no = np.arange(len(le)) - np.searchsorted(le, le) + 1
    lines_f: Frame = {
        "journal_line_id": np.arange(1, len(le) + 1, dtype=np.int64),
        "journal_entry_id": le,
        "line_number": line_no,
        "account_id": np.asarray(l_acc, dtype=np.int64),
        "cost_centre_id": np.asarray(l_cc, dtype=np.int64),
        "debit_amount": np.asarray(l_dr, dtype=np.int64),
        "credit_amount": np.asarray(l_cr, dtype=np.int64),
        "updated_at": posted_at[le - 1] if len(le) else np.zeros(0, np.int64),
    }
    if since_s is not None:  # the entries ascend with posted_at, their lines with their entry
        first = int(np.searchsorted(posted_at, since_s, side="left"))
        entries_f = take(entries_f, np.arange(first, ne))
        lines_f = take(lines_f, np.arange(int(np.searchsorted(le, first + 1, side="left")), len(le)))
    return entries_f, lines_f
