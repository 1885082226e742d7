"""The landing-zone generator: conformance to the contract and the ERP catalog's integrity.

Each module generates its own small landing zone (not the session fixture): these tests are about
the generator, at a scale where every entity, status and dirty variant still occurs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow.parquet as pq
import pytest

from esa.landing import contract
from esa.landing.cosmos import _items_json
from esa.landing.generator import generate
from esa.landing.params import Params
from esa.landing.values import arrow_type

PARAMS = Params(scale=0.02, days=60, seed=11, dirty=0.1)


@pytest.fixture(scope="module")
def zone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen")
    generate(out, PARAMS)
    return out


@pytest.fixture(scope="module")
def manifest(zone: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((zone / "_manifest.json").read_text())
    return data


@pytest.fixture()
def erp(zone: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"attach '{zone / 'erp' / 'erp.duckdb'}' as erp_db (read_only)")
    return con


def _partitions(zone: Path, ent: contract.Entity) -> list[Path]:
    if ent.area == "cosmos":
        return sorted((zone / "cosmos" / ent.name / "changes").glob("ts_date=*/part-00000.parquet"))
    ext = ent.format
    return sorted((zone / "lake" / ent.lake_folder / ent.name).glob(f"ingest_date=*/part-00000.{ext}"))


def test_every_entity_lands_with_one_partition_per_day(zone: Path) -> None:
    for ent in contract.ALL_ENTITIES:
        if ent.area == "erp":
            continue
        parts = _partitions(zone, ent)
        assert len(parts) == PARAMS.days, ent.name
        assert parts[0].parent.name.endswith("=" + PARAMS.start.isoformat())


def test_parquet_files_have_exactly_the_contract_schema(zone: Path) -> None:
    for ent in contract.ALL_ENTITIES:
        if ent.area == "erp" or ent.format != "parquet":
            continue
        expected = [(c.name, arrow_type(c.type)) for c in ent.columns]
        for part in _partitions(zone, ent)[::7]:
            schema = pq.read_schema(part)
            assert [(f.name, f.type) for f in schema] == expected, f"{ent.name} {part}"


def test_parquet_columns_are_snappy_but_the_document_ids_and_etags(zone: Path) -> None:
    """The contract's codecs: snappy, except the Cosmos `id` and `_etag` (random GUID text) stored uncompressed."""
    seen = set()
    for ent in contract.ALL_ENTITIES:
        if ent.area == "erp" or ent.format != "parquet":
            continue
        for part in _partitions(zone, ent)[-2:]:
            meta = pq.read_metadata(part)
            if meta.num_row_groups == 0:
                continue
            for i in range(meta.num_columns):
                col = meta.row_group(0).column(i)
                want = "UNCOMPRESSED" if col.path_in_schema in ("id", "_etag") else "SNAPPY"
                assert col.compression == want, f"{ent.name} {col.path_in_schema}"
                seen.add(col.compression)
    assert seen == {"UNCOMPRESSED", "SNAPPY"}


def test_erp_catalog_has_exactly_the_contract_tables_and_types(erp: duckdb.DuckDBPyConnection) -> None:
    for ent in contract.ERP_TABLES:
        rows = erp.execute(
            "select column_name, data_type, is_nullable from information_schema.columns "
            "where table_catalog = 'erp_db' and table_schema = 'erp' and table_name = ? order by ordinal_position",
            [ent.name],
        ).fetchall()
        expected_types = [("VARCHAR" if c.type == "json" else c.type.upper().replace(" ", "")) for c in ent.columns]
        assert [r[0] for r in rows] == [c.name for c in ent.columns], ent.name
        assert [r[1].replace(" ", "") for r in rows] == expected_types, ent.name
        assert erp.execute(f"select count(*) from erp_db.erp.{ent.name}").fetchone()[0] > 0, ent.name  # type: ignore[index]


def test_csv_and_jsonl_have_the_contract_columns(zone: Path) -> None:
    for ent in contract.LAKE_FILES:
        parts = _partitions(zone, ent)
        names = [c.name for c in ent.columns]
        if ent.format == "csv":
            for part in parts:
                assert part.read_text(encoding="utf-8").splitlines()[0] == ",".join(names)
        else:
            docs = [json.loads(line) for part in parts for line in part.read_text().splitlines()]
            assert docs, ent.name
            assert all(list(d) == names for d in docs)


def test_erp_primary_keys_unique_and_not_null(erp: duckdb.DuckDBPyConnection) -> None:
    for ent in contract.ERP_TABLES:
        pk = ", ".join(ent.primary_key)
        dupes = erp.execute(
            f"select count(*) from (select {pk} from erp_db.erp.{ent.name} group by {pk} having count(*) > 1)"
        ).fetchone()
        assert dupes == (0,), ent.name


def test_erp_foreign_keys_resolve(erp: duckdb.DuckDBPyConnection) -> None:
    checked = 0
    for ent in contract.ERP_TABLES:
        for col, target in ent.foreign_keys.items():
            table, key = target.split(".")
            orphans = erp.execute(
                f"select count(*) from erp_db.erp.{ent.name} c where c.{col} is not null and not exists "
                f"(select 1 from erp_db.erp.{table} p where p.{key} = c.{col})"
            ).fetchone()
            assert orphans == (0,), f"{ent.name}.{col} -> {target}"
            checked += 1
    assert checked >= 20


def test_erp_required_columns_are_not_null(erp: duckdb.DuckDBPyConnection) -> None:
    for ent in contract.ERP_TABLES:
        for col in ent.columns:
            if not col.nullable:
                n = erp.execute(f"select count(*) from erp_db.erp.{ent.name} where {col.name} is null").fetchone()
                assert n == (0,), f"{ent.name}.{col.name}"


def test_invoice_totals_are_lines_plus_tax(erp: duckdb.DuckDBPyConnection) -> None:
    bad = erp.execute("""
        select count(*) from erp_db.erp.invoices i
        join (select invoice_id, sum(line_amount) net, sum(tax_amount) tax
              from erp_db.erp.invoice_lines group by invoice_id) l using (invoice_id)
        where i.subtotal_amount <> l.net or i.tax_amount <> l.tax
           or i.total_amount <> i.subtotal_amount + i.tax_amount
    """).fetchone()
    assert bad == (0,)
    missing = erp.execute("""select count(*) from erp_db.erp.invoices i where not exists
        (select 1 from erp_db.erp.invoice_lines l where l.invoice_id = i.invoice_id)""").fetchone()
    assert missing == (0,)


def test_payments_never_exceed_the_invoice(erp: duckdb.DuckDBPyConnection) -> None:
    over = erp.execute("""
        select count(*) from erp_db.erp.invoices i
        join (select invoice_id, sum(payment_amount) paid from erp_db.erp.payments group by invoice_id) p
          using (invoice_id)
        where p.paid > i.total_amount
    """).fetchone()
    assert over == (0,)
    statuses = {r[0] for r in erp.execute("select distinct invoice_status from erp_db.erp.invoices").fetchall()}
    assert {"open", "paid"} <= statuses


def test_gl_entries_balance_and_match_their_period(erp: duckdb.DuckDBPyConnection) -> None:
    unbalanced = erp.execute("""
        select count(*) from (select journal_entry_id from erp_db.erp.gl_journal_lines
        group by journal_entry_id having sum(debit_amount) <> sum(credit_amount))
    """).fetchone()
    assert unbalanced == (0,)
    wrong_period = erp.execute("""
        select count(*) from erp_db.erp.gl_journal_entries e
        join erp_db.erp.fiscal_periods f using (fiscal_period_id)
        where e.posting_date not between f.period_start_date and f.period_end_date
    """).fetchone()
    assert wrong_period == (0,)
    not_postable = erp.execute("""
        select count(*) from erp_db.erp.gl_journal_lines l join erp_db.erp.gl_accounts a using (account_id)
        where not a.is_postable
    """).fetchone()
    assert not_postable == (0,)


def test_credit_memos_of_returns_carry_rma_numbers_of_refunded_returns(zone: Path,
                                                                       erp: duckdb.DuckDBPyConnection) -> None:
    refunded = {
        r[0] for r in erp.execute(
            f"select distinct rmaNumber from read_parquet('{zone}/cosmos/return_requests/changes/*/*.parquet') "
            "where status = 'refunded'"
        ).fetchall()
    }
    rmas = [r[0] for r in erp.execute(
        "select rma_number from erp_db.erp.credit_memos where reason_code = 'return'").fetchall()]
    assert rmas and all(r is not None for r in rmas)
    landed_share = sum(r in refunded for r in rmas) / len(rmas)
    assert landed_share > 0.8  # deleted return documents and late refunds explain the rest


def test_support_agents_are_employees_flagged_as_agents(zone: Path, erp: duckdb.DuckDBPyConnection) -> None:
    bad = erp.execute(f"""
        select count(*) from read_parquet('{zone}/cosmos/support_tickets/changes/*/*.parquet') t
        left join erp_db.erp.employees e on e.employee_id = t.assignedAgentId
        where t.assignedAgentId is not null and (e.employee_id is null or not e.is_support_agent)
    """).fetchone()
    assert bad == (0,)


def test_manifest_counts_match_the_files(zone: Path, manifest: dict[str, Any]) -> None:
    con = duckdb.connect()
    for ent in contract.LAKE_ENTITIES + contract.COSMOS_CONTAINERS:
        entry = manifest["entities"][f"{ent.area}.{ent.name}"]
        parts = _partitions(zone, ent)
        if ent.format == "parquet":
            counts = {p.parent.name.split("=")[1]: pq.read_metadata(p).num_rows for p in parts}
        elif ent.format == "csv":
            counts = {p.parent.name.split("=")[1]: len(p.read_text().splitlines()) - 1 for p in parts}
        else:
            counts = {p.parent.name.split("=")[1]: len(p.read_text().splitlines()) for p in parts}
        assert counts == entry["partitions"], ent.name
        assert entry["rows"] == sum(counts.values())
        if ent.format == "parquet":
            glob = str(parts[0].parent.parent / "*" / "*.parquet")
            pk = "id" if ent.area == "cosmos" else ent.primary_key[0]
            ts = "_ts" if ent.area == "cosmos" else "updated_at"
            landing_columns = ("_batch_id", "_extracted_at", contract.LANDED_AT)
            everything = ", ".join(f'"{c.name}"' for c in ent.columns if c.name not in landing_columns)
            distinct_rows, keys, versions = con.execute(
                f"select (select count(*) from (select distinct {everything} from read_parquet('{glob}', "
                f"hive_partitioning=false))), count(distinct {pk}), count(distinct ({pk}, {ts})) "
                f"from read_parquet('{glob}', hive_partitioning=false)"
            ).fetchone()  # type: ignore[misc]
            assert keys == entry["distinct_keys"], ent.name
            assert versions == entry["distinct_versions"], ent.name
            # every duplicate is an exact copy of a landed version: rows - duplicates = distinct versions
            assert entry["rows"] - entry["dirty"]["duplicate"] == versions, ent.name
            assert distinct_rows == versions, ent.name


def test_every_dirty_variant_occurs(manifest: dict[str, Any]) -> None:
    for ent in contract.LAKE_ENTITIES + contract.COSMOS_CONTAINERS:
        dirty = manifest["entities"][f"{ent.area}.{ent.name}"]["dirty"]
        assert set(dirty) == {v.split(":")[0] for v in ent.dirty_variants}, ent.name
        for variant, count in dirty.items():
            if variant in ("null_key", "orphan") and ent.format == "parquet" and not ent.foreign_keys:
                assert count == 0, ent.name  # only foreign keys are broken, never primary keys
                continue
            if ent.name in ("product_categories", "warehouses", "fiscal_periods", "employees", "products") and \
                    variant in ("duplicate", "late"):
                continue  # tiny reference tables: too few rows for a 5% rate to be sure to hit
            assert count > 0, f"{ent.name}: {variant}"


def test_type_drift_lands_as_null(zone: Path, manifest: dict[str, Any]) -> None:
    con = duckdb.connect()
    for name, col in (("support_tickets", "priority"), ("survey_responses", "score"), ("app_sessions", "eventCount")):
        entry = manifest["entities"][f"cosmos.{name}"]
        nulls, dup_nulls = con.execute(
            f"select count(*) filter (where {col} is null), 0 from "
            f"read_parquet('{zone}/cosmos/{name}/changes/*/*.parquet')").fetchone()  # type: ignore[misc]
        assert entry["dirty"]["type_drift"] > 0
        # duplicates copy drifted versions too, so nulls >= drifted versions
        assert entry["dirty"]["type_drift"] <= nulls <= entry["dirty"]["type_drift"] + entry["dirty"]["duplicate"]
        assert dup_nulls == 0


def test_deleted_documents_are_in_changes_but_not_in_live_ids(zone: Path, manifest: dict[str, Any]) -> None:
    con = duckdb.connect()
    last = manifest["last_date"]
    for name in contract.COSMOS_WITH_LIVE_IDS:
        changes = f"read_parquet('{zone}/cosmos/{name}/changes/*/*.parquet')"
        live = f"read_parquet('{zone}/cosmos/{name}/live_ids/export_date={last}/part-00000.parquet')"
        gone = con.execute(f"select count(distinct id) from {changes} where id not in (select id from {live})"
                           ).fetchone()
        assert gone == (manifest["entities"][f"cosmos.{name}"]["dirty"]["deleted"],), name
        assert gone[0] > 0, name  # type: ignore[index]
        stale = con.execute(
            f"select count(*) from {live} l join (select id, max(_ts) ts from {changes} group by id) c using (id) "
            "where c.ts <> l._ts").fetchone()
        assert stale == (0,), name
        unknown = con.execute(f"select count(*) from {live} where id not in (select id from {changes})").fetchone()
        assert unknown == (0,), name


def test_stock_stays_mostly_non_negative(erp: duckdb.DuckDBPyConnection) -> None:
    negative, total = erp.execute("""
        select count(*) filter (where balance < 0), count(*) from (
          select sum(quantity) over (partition by product_id, warehouse_id
                                     order by transaction_at, inventory_transaction_id) balance
          from erp_db.erp.inventory_transactions)
    """).fetchone()  # type: ignore[misc]
    assert total > 1000
    assert negative / total < 0.05
    kinds = {r[0] for r in erp.execute("select distinct transaction_type from erp_db.erp.inventory_transactions"
                                       ).fetchall()}
    assert kinds == {"opening", "receipt", "shipment", "customer_return", "adjustment"}


def test_three_way_match_has_every_state(erp: duckdb.DuckDBPyConnection) -> None:
    states = {r[0] for r in erp.execute("""
        with l as (
          select pol.purchase_order_line_id, pol.unit_cost_amount,
                 (select sum(received_quantity) from erp_db.erp.goods_receipts g
                   where g.purchase_order_line_id = pol.purchase_order_line_id) received,
                 (select sum(invoiced_quantity) from erp_db.erp.supplier_invoice_lines s
                   where s.purchase_order_line_id = pol.purchase_order_line_id) invoiced,
                 (select max(unit_cost_amount) from erp_db.erp.supplier_invoice_lines s
                   where s.purchase_order_line_id = pol.purchase_order_line_id) invoiced_cost
          from erp_db.erp.purchase_order_lines pol)
        select case when received is null and invoiced is not null then 'not yet received'
                    when invoiced is null and received is not null then 'not yet invoiced'
                    when invoiced_cost <> unit_cost_amount then 'price mismatch'
                    when invoiced <> received then 'quantity mismatch'
                    when invoiced = received then 'matched' end
        from l
    """).fetchall()}
    assert {"matched", "quantity mismatch", "price mismatch", "not yet received", "not yet invoiced"} <= states


# ---- the landing contract's cases (issue 9): each answer in docs/landing_contract.md occurs in the zone


def test_cosmos_initial_load_lands_documents_changed_before_the_first_day(zone: Path,
                                                                          manifest: dict[str, Any]) -> None:
    con = duckdb.connect()
    first = manifest["first_date"]
    for name in ("app_users", "support_tickets", "survey_responses", "return_requests", "app_sessions"):
        changes = f"read_parquet('{zone}/cosmos/{name}/changes/*/*.parquet', hive_partitioning = true)"
        older = "cast(make_timestamp(_ts * 1000000) as date) < ts_date"
        initial, unexplained = con.execute(
            f"select count(*) filter (where ts_date = '{first}' and {older}),"
            f" count(*) filter (where ts_date > '{first}' and {older} and not exists ("
            f"   select 1 from {changes} as earlier"
            f"   where earlier.id = c.id and earlier._ts = c._ts and earlier.ts_date < c.ts_date))"
            f" from {changes} as c").fetchone()  # type: ignore[misc]
        # after the first partition an older _ts is only ever a duplicate of a version landed before
        assert unexplained == 0, name
        if name == "app_users":
            assert initial > 0  # users who signed up before the first day land through the initial load
            dupes = con.execute(f"select count(*) from (select id from {changes} where ts_date = '{first}'"
                                " group by id, _ts having count(*) > 1)").fetchone()
            assert dupes == (0,)


JSON_TYPES = {"VARCHAR": "string", "BIGINT": "integer", "UBIGINT": "integer", "DOUBLE": "number",
              "BOOLEAN": "boolean"}


def test_nested_json_elements_have_the_contract_properties_and_types(zone: Path) -> None:
    con = duckdb.connect()
    for container, columns in contract.NESTED_JSON.items():
        for column, fields in columns.items():
            rows = con.execute(
                f"select distinct e.value->>'$.questionId' as question, k.key, json_type(k.value) "
                f"from read_parquet('{zone}/cosmos/{container}/changes/*/*.parquet') as d, "
                f"json_each(d.\"{column}\") as e, json_each(e.value) as k").fetchall()
            assert rows, (container, column)
            declared = {f.name: f.type for f in fields}
            assert {key for _, key, _ in rows} == set(declared), (container, column)
            for question, key, json_type in rows:
                observed = JSON_TYPES[json_type]
                assert observed in declared[key], (container, column, key, question, json_type)


def test_message_authors_and_status_changers_follow_the_contract(zone: Path, erp: duckdb.DuckDBPyConnection
                                                                 ) -> None:
    tickets = f"read_parquet('{zone}/cosmos/support_tickets/changes/*/*.parquet')"
    users = f"read_parquet('{zone}/cosmos/app_users/changes/*/*.parquet')"
    kinds = dict(erp.execute(f"""
        select kind, count(*) from (
            select case
                when (m.value->>'authorType') = 'agent' and emp.employee_id is not null then 'agent: an employee id'
                when (m.value->>'authorType') = 'customer' and (m.value->>'authorId') = cast(t.customerId as varchar)
                    then 'customer: the ERP customer id'
                when (m.value->>'authorType') = 'customer'
                    and (m.value->>'authorId') in (select id from {users}) then 'customer: an app user id'
                when (m.value->>'authorType') = 'bot' and (m.value->>'authorId') = 'chat-bot' then 'bot: its name'
                else 'other'
            end as kind
            from {tickets} as t, json_each(t.messages) as m
            left join erp_db.erp.employees as emp
                on cast(emp.employee_id as varchar) = (m.value->>'authorId')
        ) group by kind""").fetchall())
    assert set(kinds) == {"agent: an employee id", "customer: the ERP customer id", "customer: an app user id",
                          "bot: its name"}, kinds
    changed_by = erp.execute(
        f"select count(*) filter (where not regexp_full_match(h.value->>'changedBy', 'customer|agent:[0-9]+')),"
        f" count(*) from {tickets} as t, json_each(t.statusHistory) as h").fetchone()
    assert changed_by is not None and changed_by[0] == 0 and changed_by[1] > 0


def test_exchange_rates_cover_every_calendar_day_with_six_decimals(zone: Path, manifest: dict[str, Any]) -> None:
    con = duckdb.connect()
    rates = (f"read_csv('{zone}/lake/finance/exchange_rates/*/*.csv', header = true, all_varchar = true, "
             "hive_partitioning = false)")
    valid = f"(select * from {rates} where regexp_full_match(rate_date, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}'))"
    days = manifest["parameters"]["days"]
    per_currency = con.execute(f"select to_currency, count(distinct rate_date) from {valid} group by 1").fetchall()
    assert len(per_currency) == 5
    # every calendar day has its own row (weekends included), except a malformed last day not yet corrected
    assert all(days - 1 <= n <= days for _, n in per_currency), per_currency
    decimals = con.execute(f"select count(*) filter (where not regexp_full_match(rate, '[0-9]+\\.[0-9]{{6}}')),"
                           f" count(*) filter (where rate in ('n/a') or rate like '%,%') from {rates}").fetchone()
    assert decimals is not None and decimals[0] == decimals[1]  # only the malformed numbers differ
    weekend = con.execute(f"""
        with latest as (
            select cast(rate_date as date) as day, to_currency, arg_max(rate, published_at) as rate
            from {valid} where rate not like '%,%' and rate <> 'n/a' group by all
        )
        select count(*) filter (where sat.rate <> fri.rate), count(*)
        from latest as sat join latest as fri
            on fri.to_currency = sat.to_currency and fri.day = sat.day - 1
        where dayofweek(sat.day) = 6""").fetchone()
    assert weekend is not None and weekend[1] > 0 and weekend[0] == 0  # Saturday repeats Friday's rate


def test_an_order_may_be_in_another_currency_than_its_customer(erp: duckdb.DuckDBPyConnection) -> None:
    other, total = erp.execute(
        "select count(*) filter (where o.currency_code <> c.currency_code), count(*) "
        "from erp_db.erp.sales_orders as o join erp_db.erp.customers as c using (customer_id)").fetchone()  # type: ignore[misc]
    assert 0 < other < total * 0.1
    mismatched = erp.execute(
        "select count(*) from erp_db.erp.invoices as i join erp_db.erp.sales_orders as o using (sales_order_id) "
        "where i.currency_code <> o.currency_code").fetchone()
    assert mismatched == (0,)  # the invoice takes its order's currency


@pytest.mark.parametrize("rets", [[0, 0, 1, 3, 3], [], [2, 2, 2]])
def test_return_items_are_the_json_of_each_returns_items(rets: list[int]) -> None:
    """The items of return requests are built column-wise; each is the compact JSON of its items, in item order
    (a return without items is an empty array)."""
    ret = np.asarray(rets, dtype=np.int64)
    line, product, qty = 100 + np.arange(len(ret)), 7 * np.arange(len(ret)), 1 + np.arange(len(ret)) % 3
    n = 5
    expected = [json.dumps([{"orderLineId": int(line[i]), "productId": int(product[i]), "quantity": int(qty[i])}
                            for i in np.flatnonzero(ret == r)], separators=(",", ":")) for r in range(n)]
    assert _items_json(n, ret, line, product, qty).to_pylist() == expected
