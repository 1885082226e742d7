"""ERP reporting marts (issue 4) against the landed ERP catalog, recomputed without the project's models.

AR aging and the trial balance are recomputed here in Python straight from erp/erp.duckdb (attached
read-only as erp_db by the `duck` fixture) and compared with the marts that `dbt build` made. The
offline Hyperscale DDL rendering (run-operation erp_reporting_hyperscale_ddl) is checked too.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import BuiltProject, run_dbt

ZERO = Decimal("0.00")
REPORTING = "main_reporting"


def erp_rows(duck: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return duck.execute(sql).fetchall()


def latest_business_date(duck: duckdb.DuckDBPyConnection) -> dt.date:
    """The documented default as-of date: the latest business date anywhere in the ERP."""
    dates = erp_rows(duck, """
        select max(order_date) from erp_db.erp.sales_orders
        union all select max(invoice_date) from erp_db.erp.invoices
        union all select max(payment_date) from erp_db.erp.payments
        union all select max(credit_date) from erp_db.erp.credit_memos
        union all select max(order_date) from erp_db.erp.purchase_orders
        union all select max(invoice_date) from erp_db.erp.supplier_invoices
        union all select max(payment_date) from erp_db.erp.supplier_payments
        union all select max(posting_date) from erp_db.erp.gl_journal_entries
    """)
    latest: dt.date = max(d for (d,) in dates if d is not None)
    return latest


def bucket(days_past_due: int) -> str:
    if days_past_due <= 0:
        return "current"
    if days_past_due <= 30:
        return "1-30"
    if days_past_due <= 60:
        return "31-60"
    if days_past_due <= 90:
        return "61-90"
    return "over_90"


@pytest.fixture()
def as_of(duck: duckdb.DuckDBPyConnection) -> dt.date:
    return latest_business_date(duck)


def test_as_of_date_defaults_to_latest_business_date(duck: duckdb.DuckDBPyConnection, as_of: dt.date) -> None:
    marts_dates = erp_rows(duck, f"select distinct as_of_date from {REPORTING}.rpt_ar_open_items")
    assert marts_dates == [(as_of,)]


def test_ar_aging_matches_landed_erp(duck: duckdb.DuckDBPyConnection, as_of: dt.date) -> None:
    invoices = erp_rows(duck, "select invoice_id, customer_id, currency_code, invoice_date, due_date, total_amount "
                              "from erp_db.erp.invoices")
    settled: dict[int, Decimal] = defaultdict(lambda: ZERO)
    payments = erp_rows(duck, "select invoice_id, payment_amount, payment_date from erp_db.erp.payments")
    credits = erp_rows(duck, "select invoice_id, credit_amount, credit_date from erp_db.erp.credit_memos")
    for invoice_id, amount, day in payments:
        if day <= as_of:
            settled[invoice_id] += amount
    for invoice_id, amount, day in credits:
        if day <= as_of:
            settled[invoice_id] += amount

    expected: dict[tuple[int, str], dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    open_items = 0
    for invoice_id, customer_id, currency, invoice_date, due_date, total in invoices:
        if invoice_date > as_of:
            continue
        open_amount = total - settled[invoice_id]
        if open_amount == 0:
            continue
        open_items += 1
        row = expected[(customer_id, currency)]
        row[bucket((as_of - due_date).days)] += open_amount
        row["open"] += open_amount
    assert open_items > 0, "the test scale should leave open receivables"

    actual = {
        (r[0], r[1]): {"current": r[2], "1-30": r[3], "31-60": r[4], "61-90": r[5], "over_90": r[6], "open": r[7]}
        for r in erp_rows(duck, f"""
            select customer_id, currency_code, current_amount, past_due_1_30_amount, past_due_31_60_amount,
                   past_due_61_90_amount, past_due_over_90_amount, open_amount
            from {REPORTING}.rpt_ar_aging""")
    }
    assert set(actual) == set(expected)
    for key, buckets in expected.items():
        for name in ("current", "1-30", "31-60", "61-90", "over_90", "open"):
            assert actual[key][name] == buckets[name], (key, name)
    mart_items = erp_rows(duck, f"select count(*) from {REPORTING}.rpt_ar_open_items")[0][0]
    assert mart_items == open_items


def test_trial_balance_matches_landed_erp(duck: duckdb.DuckDBPyConnection, as_of: dt.date) -> None:
    lines = erp_rows(duck, """
        select e.fiscal_period_id, e.posting_date, l.account_id, l.debit_amount, l.credit_amount
        from erp_db.erp.gl_journal_lines as l
        join erp_db.erp.gl_journal_entries as e on l.journal_entry_id = e.journal_entry_id""")
    activity: dict[tuple[int, int], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for period, posting_date, account, debit, credit in lines:
        if posting_date <= as_of:
            activity[(period, account)][0] += debit
            activity[(period, account)][1] += credit
    assert activity, "the ERP should hold journal lines"

    mart = erp_rows(duck, f"""
        select fiscal_period_id, account_id, debit_amount, credit_amount, closing_balance_amount
        from {REPORTING}.rpt_gl_trial_balance""")
    mart_activity = {(p, a): [d, c] for p, a, d, c, _ in mart if d != 0 or c != 0}
    assert mart_activity == {k: v for k, v in activity.items() if v != [ZERO, ZERO]}

    # Running debit-positive balances, recomputed per account over the mart's periods.
    periods = sorted({p for p, *_ in mart})
    accounts = {a for _, a, *_ in mart}
    running = {a: ZERO for a in accounts}
    closing = {(p, a): c for p, a, _, _, c in mart}
    for period in periods:
        total = ZERO
        for account in accounts:
            debit, credit = activity.get((period, account), [ZERO, ZERO])
            running[account] += debit - credit
            assert closing[(period, account)] == running[account], (period, account)
            total += running[account]
        assert total == ZERO, f"trial balance of {period} does not net to zero"


def test_hyperscale_ddl_renders_offline(built_project: BuiltProject, tmp_path: Path) -> None:
    """Columnstore, indexes, masks and grants of the marts render offline for hyperscale."""
    env = built_project.env()
    env.update(DBT_TARGET_PATH=str(tmp_path / "target"), DBT_LOG_PATH=str(tmp_path / "logs"))
    result = run_dbt(["--no-populate-cache", "run-operation", "erp_reporting_hyperscale_ddl", "--target", "hyperscale"],
                     env, built_project.profiles_dir)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    ddl = result.stdout
    assert "CREATE CLUSTERED COLUMNSTORE INDEX reporting_rpt_ar_open_items_cci" in ddl
    assert "unique clustered" in ddl and "nonclustered" in ddl
    assert "alter column [customer_name] add masked with (function = 'partial(1,\"XXXX\",0)')" in ddl
    assert "alter column [email] add masked with (function = 'email()')" in ddl
    assert 'grant select on "erp"."reporting"."rpt_gl_trial_balance" to [erp_reporting_reader]' in ddl
