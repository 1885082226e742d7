"""Reference and master data that exist before the first generated day (plus their few changes)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from esa.landing import contract, rand
from esa.landing.names import COMPANY_KINDS, COMPANY_WORDS, FIRST_NAMES, LAST_NAMES, PRODUCT_WORDS
from esa.landing.params import DAY, Params
from esa.landing.sorting import lex_order
from esa.landing.values import NULL, Frame, concat, join, padded, pick, take

COUNTRIES: tuple[str, ...] = ("NL", "DE", "FR", "BE", "ES", "IT", "GB", "SE", "PL", "CH", "US")
COUNTRY_WEIGHTS: tuple[float, ...] = (18, 20, 12, 6, 8, 8, 10, 4, 5, 3, 6)
CURRENCIES: tuple[str, ...] = contract.CURRENCY_CODES  # COUNTRY_CURRENCY and FX_BASE index into it
COUNTRY_CURRENCY: tuple[int, ...] = (0, 0, 0, 0, 0, 0, 2, 3, 4, 5, 1)  # index into CURRENCIES
VAT_BPS: tuple[int, ...] = (2100, 1900, 2000, 2100, 2100, 2200, 2000, 2500, 2300, 810, 0)  # basis points
FX_BASE: tuple[float, ...] = (1.0, 1.08, 0.85, 11.40, 4.30, 0.95)  # units of currency per EUR
if CURRENCIES[:2] != ("EUR", "USD") or len(CURRENCIES) != len(FX_BASE):
    raise ValueError("the contract's currency_codes changed: update FX_BASE and COUNTRY_CURRENCY with them")

WAREHOUSES: tuple[tuple[str, str, str, str], ...] = (
    ("WH-AMS", "Amsterdam DC", "Amsterdam", "NL"),
    ("WH-FRA", "Frankfurt DC", "Frankfurt", "DE"),
    ("WH-LYS", "Lyon DC", "Lyon", "FR"),
    ("WH-MAN", "Manchester DC", "Manchester", "GB"),
    ("WH-WAW", "Warsaw DC", "Warsaw", "PL"),
    ("WH-EWR", "Newark DC", "Newark", "US"),
)
# The warehouse (1-based id) that normally serves each country in COUNTRIES.
COUNTRY_WAREHOUSE: tuple[int, ...] = (1, 2, 3, 1, 3, 3, 4, 2, 5, 2, 6)

CATEGORY_TREE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Office", ("Paper", "Writing", "Desk Accessories", "Filing")),
    ("Electronics", ("Cables", "Peripherals", "Audio", "Power")),
    ("Furniture", ("Chairs", "Desks", "Storage", "Lighting")),
    ("Cleaning", ("Chemicals", "Tools", "Dispensers", "Waste")),
    ("Catering", ("Coffee", "Snacks", "Tableware", "Appliances")),
    ("Safety", ("Gloves", "Signage", "First Aid", "Workwear")),
)

SEGMENTS: tuple[str, ...] = ("enterprise", "smb", "consumer")
SUPPORT_TEAMS: tuple[str, ...] = ("Tier-1", "Tier-2", "Billing", "Returns")

REF_UPDATED_DAYS_BEFORE = 400  # reference data was last touched this long before the start


@dataclass
class Reference:
    """Reference data frames (ERP table name -> versions) and lookup arrays for the simulation."""

    frames: dict[str, Frame]
    product_cost_cents: np.ndarray  # index = product_id
    product_list_cents: np.ndarray  # EUR list price, index = product_id
    product_change_s: np.ndarray  # when the price changes (may be after the horizon)
    product_change_bps: np.ndarray  # new price = old * (10000 + bps) / 10000
    product_popularity: np.ndarray  # cumulative weights over product ids 1..P
    n_products: int
    sales_reps: np.ndarray
    buyers: np.ndarray
    agents_by_team: dict[str, np.ndarray]
    finance_batch_user: int
    n_suppliers: int
    supplier_currency: np.ndarray  # index = supplier_id, into CURRENCIES
    supplier_terms: np.ndarray


def price_in(list_cents: np.ndarray, currency: np.ndarray) -> np.ndarray:
    """A price list price: the EUR list price at the base rate, rounded to .x9 for non-EUR."""
    fx = np.asarray(FX_BASE)[currency]
    raw = list_cents * fx
    return np.where(currency == 0, list_cents, np.maximum(np.round(raw / 10) * 10 - 1, 9)).astype(np.int64)


def build_reference(p: Params) -> Reference:
    seed = p.seed
    ref_ts = p.start_s - REF_UPDATED_DAYS_BEFORE * DAY
    frames: dict[str, Frame] = {}

    # product categories: top levels 1..6, leaves after
    cat_ids, cat_names, cat_parent = [], [], []
    leaf_ids: list[int] = []
    for i, (top, _) in enumerate(CATEGORY_TREE):
        cat_ids.append(i + 1)
        cat_names.append(top)
        cat_parent.append(NULL)
    nxt = len(CATEGORY_TREE) + 1
    for i, (_, leaves) in enumerate(CATEGORY_TREE):
        for leaf in leaves:
            cat_ids.append(nxt)
            cat_names.append(leaf)
            cat_parent.append(i + 1)
            leaf_ids.append(nxt)
            nxt += 1
    n_cat = len(cat_ids)
    frames["product_categories"] = {
        "category_id": np.array(cat_ids, dtype=np.int64),
        "category_name": np.array(cat_names, dtype=object),
        "parent_category_id": np.array(cat_parent, dtype=np.int64),
        "updated_at": np.full(n_cat, ref_ts, dtype=np.int64),
    }

    # products
    n_prod = max(60, round(2000 * p.scale))
    pid = np.arange(1, n_prod + 1, dtype=np.int64)
    leaf = np.array(leaf_ids, dtype=np.int64)[rand.integers(seed, "product.cat", pid, 0, len(leaf_ids))]
    cost = np.round(np.exp(2.0 + 1.3 * rand.normal(seed, "product.cost", pid)) * 100).astype(np.int64) + 50
    margin = 1.35 + 0.9 * rand.uniform(seed, "product.margin", pid)
    list_cents = (np.round(cost * margin / 100) * 100 - 1).astype(np.int64)
    list_cents = np.maximum(list_cents, cost + 9)
    launched = p.start_day - rand.integers(seed, "product.launch", pid, 30, 2000)
    change_s = p.start_s + rand.integers(seed, "product.change", pid, DAY, 3 * 365 * DAY)
    change_bps = rand.integers(seed, "product.change_bps", pid, 200, 900)
    uom = rand.choice(seed, "product.uom", pid, [8, 2, 1])
    word = rand.integers(seed, "product.word", pid, 0, len(PRODUCT_WORDS))
    leaf_name = pick(cat_names, leaf - 1)
    product_name = join(pick(PRODUCT_WORDS, word), " ", leaf_name, " ", padded("", pid % 1000, 3))
    inactive_flag = rand.uniform(seed, "product.inactive", pid) < 0.25  # discontinued at the price change
    base = {
        "product_id": pid,
        "sku": padded("SKU-", pid, 6),
        "product_name": product_name,
        "category_id": leaf,
        "unit_cost_amount": cost,
        "list_price_amount": list_cents,
        "unit_of_measure": pick(("each", "box", "kg"), uom),
        "is_active": np.ones(n_prod, dtype=np.int8),
        "launched_date": launched,
        "updated_at": launched * DAY + 3600 * 9,
    }
    changed = np.flatnonzero(change_s < p.horizon_s)
    v2 = take(base, changed)
    v2["list_price_amount"] = (list_cents[changed] * (10000 + change_bps[changed]) // 10000 // 100) * 100 + 99
    v2["unit_cost_amount"] = cost[changed] * (10000 + change_bps[changed] // 2) // 10000
    v2["is_active"] = np.where(inactive_flag[changed], 0, 1).astype(np.int8)
    v2["updated_at"] = change_s[changed]
    frames["products"] = concat([base, v2])
    # popularity: a heavy-tailed weight per product; discontinued products keep selling (run-down)
    pop = np.exp(1.4 * rand.normal(seed, "product.pop", pid))
    popularity = np.cumsum(pop)

    # price lists: one row per product and currency; a price change closes it and opens another
    prod_c = np.repeat(pid, len(CURRENCIES))
    cur_c = np.tile(np.arange(len(CURRENCIES)), n_prod)
    pl_id = np.arange(1, len(prod_c) + 1, dtype=np.int64)
    old_price = price_in(list_cents[prod_c - 1], cur_c)
    new_price = price_in(
        (list_cents[prod_c - 1] * (10000 + change_bps[prod_c - 1]) // 10000 // 100) * 100 + 99, cur_c
    )
    chg_s = change_s[prod_c - 1]
    first = {
        "price_list_id": pl_id,
        "product_id": prod_c,
        "currency_code": pick(CURRENCIES, cur_c),
        "unit_price_amount": old_price,
        "valid_from_date": launched[prod_c - 1],
        "valid_to_date": np.full(len(pl_id), NULL, dtype=np.int64),
        "updated_at": launched[prod_c - 1] * DAY + 3600 * 9,
    }
    ch = np.flatnonzero(chg_s < p.horizon_s)
    ch = ch[lex_order(ch, chg_s[ch])]  # new rows numbered in change order: a longer run keeps every id
    closed = take(first, ch)
    closed["valid_to_date"] = chg_s[ch] // DAY - 1
    closed["updated_at"] = chg_s[ch]
    opened = take(first, ch)
    opened["price_list_id"] = len(prod_c) + np.arange(1, len(ch) + 1, dtype=np.int64)
    opened["unit_price_amount"] = new_price[ch]
    opened["valid_from_date"] = chg_s[ch] // DAY
    opened["updated_at"] = chg_s[ch]
    frames["price_lists"] = concat([first, closed, opened])

    # warehouses
    nw = len(WAREHOUSES)
    frames["warehouses"] = {
        "warehouse_id": np.arange(1, nw + 1, dtype=np.int64),
        "warehouse_code": np.array([w[0] for w in WAREHOUSES], dtype=object),
        "warehouse_name": np.array([w[1] for w in WAREHOUSES], dtype=object),
        "city": np.array([w[2] for w in WAREHOUSES], dtype=object),
        "country_code": np.array([w[3] for w in WAREHOUSES], dtype=object),
        "updated_at": np.full(nw, ref_ts, dtype=np.int64),
    }

    # employees: managers first, then sales reps, buyers, finance, operations, support agents
    n_reps = max(3, round(25 * p.scale))
    n_buyers = max(2, round(6 * p.scale))
    n_fin = max(3, round(8 * p.scale))
    n_ops = max(2, round(10 * p.scale))
    n_agents = {team: max(2, round(n * p.scale)) for team, n in zip(SUPPORT_TEAMS, (40, 15, 10, 10), strict=True)}
    rows: list[tuple[str, str, str, str | None, int]] = []  # dept, title, is_agent, team, manager
    depts = ("sales", "support", "procurement", "finance", "operations")
    for d in depts:
        rows.append((d, f"Head of {d.capitalize()}", "0", None, NULL))
    rows.append(("finance", "Finance batch user", "0", None, 4))
    for _ in range(n_reps):
        rows.append(("sales", "Account Manager", "0", None, 1))
    for _ in range(n_buyers):
        rows.append(("procurement", "Buyer", "0", None, 3))
    for _ in range(n_fin):
        rows.append(("finance", "Accountant", "0", None, 4))
    for _ in range(n_ops):
        rows.append(("operations", "Warehouse Planner", "0", None, 5))
    for team in SUPPORT_TEAMS:
        for _ in range(n_agents[team]):
            rows.append(("support", f"Support Agent {team}", "1", team, 2))
    ne = len(rows)
    eid = np.arange(1, ne + 1, dtype=np.int64)
    fn = rand.integers(seed, "emp.first", eid, 0, len(FIRST_NAMES))
    ln = rand.integers(seed, "emp.last", eid, 0, len(LAST_NAMES))
    first_n = pick(FIRST_NAMES, fn)
    last_n = pick(LAST_NAMES, ln)
    hire = p.start_day - rand.integers(seed, "emp.hire", eid, 60, 3000)
    emp = {
        "employee_id": eid,
        "employee_number": padded("E", eid, 5),
        "first_name": first_n,
        "last_name": last_n,
        "email": join(padded("employee", eid, 5), "@esa-corp.example"),
        "job_title": np.array([r[1] for r in rows], dtype=object),
        "department": np.array([r[0] for r in rows], dtype=object),
        "is_support_agent": np.array([1 if r[2] == "1" else 0 for r in rows], dtype=np.int8),
        "support_team": np.array([r[3] for r in rows], dtype=object),
        "manager_employee_id": np.array([r[4] for r in rows], dtype=np.int64),
        "hire_date": hire,
        "termination_date": np.full(ne, NULL, dtype=np.int64),
        "updated_at": hire * DAY + 8 * 3600,
    }
    # a few leavers during the horizon (not the managers or the batch user)
    leave_s = p.start_s + rand.integers(seed, "emp.leave", eid, DAY, 4 * 365 * DAY)
    leaver = (eid > 6) & (rand.uniform(seed, "emp.leaves", eid) < 0.12) & (leave_s < p.horizon_s)
    li = np.flatnonzero(leaver)
    emp2 = take(emp, li)
    emp2["termination_date"] = leave_s[li] // DAY
    # recorded on the last working day: a version exists once its day is in the period, so a longer run keeps
    # every version of a shorter one (recorded 20 days ahead, a leaver of the days after a shorter run's horizon
    # was missing from its older partitions, and the future termination broke "null while employed")
    emp2["updated_at"] = leave_s[li]
    frames["employees"] = concat([emp, emp2])
    title_arr = np.array([r[1] for r in rows])
    team_arr = np.array([r[3] or "" for r in rows])
    agents_by_team = {t: eid[team_arr == t] for t in SUPPORT_TEAMS}

    # cost centres
    ccs = (("CC-100", "Sales", "sales", 1), ("CC-200", "Customer Service", "support", 2),
           ("CC-300", "Procurement", "procurement", 3), ("CC-400", "Finance", "finance", 4),
           ("CC-500", "Warehousing", "operations", 5), ("CC-600", "Marketing", "sales", 1),
           ("CC-700", "IT", "operations", 5), ("CC-800", "Management", "finance", 4))
    nc = len(ccs)
    frames["cost_centres"] = {
        "cost_centre_id": np.arange(1, nc + 1, dtype=np.int64),
        "cost_centre_code": np.array([x[0] for x in ccs], dtype=object),
        "cost_centre_name": np.array([x[1] for x in ccs], dtype=object),
        "department": np.array([x[2] for x in ccs], dtype=object),
        "manager_employee_id": np.array([x[3] for x in ccs], dtype=np.int64),
        "updated_at": np.full(nc, ref_ts, dtype=np.int64),
    }

    # suppliers
    n_sup = max(8, round(150 * p.scale))
    sid = np.arange(1, n_sup + 1, dtype=np.int64)
    s_country = rand.choice(seed, "sup.country", sid, [10, 25, 8, 4, 4, 8, 8, 3, 10, 5, 15])
    s_cur = np.asarray(COUNTRY_CURRENCY)[s_country]
    s_terms = np.asarray((14, 30, 45, 60))[rand.integers(seed, "sup.terms", sid, 0, 4)]
    frames["suppliers"] = {
        "supplier_id": sid,
        "supplier_name": join(pick(COMPANY_WORDS, rand.integers(seed, "sup.w", sid, 0, len(COMPANY_WORDS))), " ",
                              pick(COMPANY_KINDS, rand.integers(seed, "sup.k", sid, 0, len(COMPANY_KINDS))),
                              " Manufacturing ", padded("", sid, 3)),
        "country_code": pick(COUNTRIES, s_country),
        "currency_code": pick(CURRENCIES, s_cur),
        "payment_terms_days": s_terms,
        "email": join("ap", padded("", sid, 4), "@supplier.example"),
        "phone": join("+", padded("", 310000000 + sid * 7919 % 99999999, 10)),
        "updated_at": np.full(n_sup, ref_ts, dtype=np.int64),
    }

    return Reference(
        frames=frames,
        product_cost_cents=np.concatenate([[0], cost]),
        product_list_cents=np.concatenate([[0], list_cents]),
        product_change_s=np.concatenate([[0], change_s]),
        product_change_bps=np.concatenate([[0], change_bps]),
        product_popularity=popularity,
        n_products=n_prod,
        sales_reps=eid[title_arr == "Account Manager"],
        buyers=eid[title_arr == "Buyer"],
        agents_by_team=agents_by_team,
        finance_batch_user=6,
        n_suppliers=n_sup,
        supplier_currency=np.concatenate([[0], s_cur]),
        supplier_terms=np.concatenate([[0], s_terms]),
    )
