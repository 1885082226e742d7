"""Quarantine, budgets and completeness on a crafted bad batch (issue 12, items 4-6).

One copy of the session's landing zone with three planted faults, and one narrow `dbt build`:

* a support ticket whose newest version carries invalid JSON in `messages`: the ticket keeps its
  staging row flagged has_invalid_json = 1, stg_cosmos__invalid_json_quarantine names it with the reason,
  and the budget test (0 by contract) fails the build;
* a day folder removed from two daily sources: assert_no_landing_day_missing names source and day;
* the SEK rate of a day in the middle of the feed removed: the day is listed as carried forward, and
  assert_exchange_rates_carried_only_on_last_day names currency and day.

Then the orphan-key budget on the session build: it passed there at the default budget; at a budget just
below the measured orphan share the same test fails (a bad key beyond the budget fails the build).
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import BuiltProject, dbt_env, relation_of, run_dbt

SELECT = [
    "base_cosmos__support_tickets", "base_cosmos__return_requests",  # the views the cosmos models read
    "stg_cosmos__support_tickets", "stg_cosmos__support_ticket_messages", "stg_cosmos__return_requests",
    "stg_cosmos__invalid_json_quarantine", "assert_invalid_json_within_budget",
    "assert_no_landing_day_missing",
    "stg_lake_finance__exchange_rates", "int_exchange_rates_valid", "int_exchange_rates_carried_forward",
    "assert_exchange_rates_carried_only_on_last_day",
]
BROKEN_JSON = '[{"messageId": "m-1", "sentAt": '


def _sql_path(path: Path) -> str:
    return path.as_posix().replace("'", "''")


class BadBatch:
    """The planted faults and the build's outcome."""

    def __init__(self, root: Path, landing: Path, profiles_dir: Path) -> None:
        self.landing = root / "landing"
        shutil.copytree(landing, self.landing)
        self.duckdb_path = root / "esa.duckdb"
        self.target = root / "target"
        self.profiles_dir = profiles_dir
        manifest_days = sorted(p.name.split("=")[1] for p in (self.landing / "lake/finance/exchange_rates").iterdir())
        self.first_day = dt.date.fromisoformat(manifest_days[0])
        self.last_day = dt.date.fromisoformat(manifest_days[-1])
        self.ticket_id = self._plant_invalid_json()
        self.removed = self._remove_days()
        self.sek_day = self._remove_sek_rate()
        result = run_dbt(["build", "--target", "local", "--select", *SELECT, "--exclude-resource-type", "unit_test"],
                         dbt_env(self.landing, self.duckdb_path, self.target), profiles_dir)
        self.code, self.out = result.returncode, result.stdout + result.stderr

    def _plant_invalid_json(self) -> str:
        changes = self.landing / "cosmos/support_tickets/changes"
        live = sorted((self.landing / "cosmos/support_tickets/live_ids").glob("export_date=*"))[-1]
        con = duckdb.connect()
        row = con.execute(
            f"select id, max(_ts) from read_parquet('{_sql_path(changes)}/*/*.parquet') "
            f"where id in (select id from read_parquet('{_sql_path(live)}/*.parquet')) "
            "and json_array_length(messages) > 0 group by id order by id limit 1"
        ).fetchone()
        assert row is not None, "a live ticket with messages"
        ticket_id, ts = str(row[0]), int(row[1])
        newest = sorted(changes.glob("ts_date=*"))[-1]
        con.execute(
            f"copy (select * replace ({ts + 1} as _ts, '\"bad-etag\"' as _etag, ? as messages) "
            f"from read_parquet('{_sql_path(changes)}/*/*.parquet') where id = ? and _ts = {ts} limit 1) "
            f"to '{_sql_path(newest / 'part-00099.parquet')}' (format parquet)",
            [BROKEN_JSON, ticket_id],
        )
        con.close()
        return ticket_id

    def _remove_days(self) -> dict[str, str]:
        removed = {}
        for name, path, column, offset in (
            ("lake_marketing.marketing_spend", "lake/marketing/marketing_spend", "ingest_date", 40),
            ("cosmos.app_sessions", "cosmos/app_sessions/changes", "ts_date", 70),
        ):
            day = (self.first_day + dt.timedelta(days=offset)).isoformat()
            shutil.rmtree(self.landing / path / f"{column}={day}")
            removed[name] = day
        return removed

    def _remove_sek_rate(self) -> str:
        day = (self.first_day + dt.timedelta(days=50)).isoformat()
        for file in (self.landing / "lake/finance/exchange_rates").glob("*/*.csv"):
            with file.open(newline="") as handle:
                rows = list(csv.reader(handle))
            kept = [r for r in rows if not (r[2] == "SEK" and r[0] == day)]
            if len(kept) != len(rows):
                with file.open("w", newline="") as handle:
                    csv.writer(handle, lineterminator="\n").writerows(kept)
        return day

    def rows(self, table: str) -> list[tuple[Any, ...]]:
        con = duckdb.connect(str(self.duckdb_path), read_only=True)
        try:
            return con.execute(f"select * from {relation_of(con, table)} order by all").fetchall()
        finally:
            con.close()

    def query(self, sql: str, table: str) -> list[tuple[Any, ...]]:
        con = duckdb.connect(str(self.duckdb_path), read_only=True)
        try:
            return con.execute(sql.format(rel=relation_of(con, table))).fetchall()
        finally:
            con.close()


@pytest.fixture(scope="module")
def batch(landing_zone: Path, profiles_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> BadBatch:
    return BadBatch(tmp_path_factory.mktemp("bad_batch"), landing_zone, profiles_dir)


def test_the_bad_batch_fails_the_build_by_name(batch: BadBatch) -> None:
    assert batch.code != 0
    for test in ("assert_invalid_json_within_budget", "assert_no_landing_day_missing",
                 "assert_exchange_rates_carried_only_on_last_day"):
        assert f"FAIL 1 {test}" in batch.out or f"Failure in test {test}" in batch.out, batch.out[-4000:]


def test_invalid_json_keeps_the_document_flagged_and_quarantined(batch: BadBatch) -> None:
    flagged = batch.query("select ticket_id, has_invalid_json from {rel} where has_invalid_json = 1",
                          "stg_cosmos__support_tickets")
    assert flagged == [(batch.ticket_id, 1)]
    quarantined = batch.query(
        "select container_name, document_id, json_property, quarantine_reason, json_text from {rel}",
        "stg_cosmos__invalid_json_quarantine")
    assert quarantined == [("support_tickets", batch.ticket_id, "messages", "invalid JSON", BROKEN_JSON)]
    messages = batch.query(f"select count(*) from {{rel}} where ticket_id = '{batch.ticket_id}'",
                           "stg_cosmos__support_ticket_messages")
    assert messages == [(0,)], "its children are missing from the unnested model, and the quarantine says why"
    report = batch.rows("assert_invalid_json_within_budget")
    assert [(r[0], r[1]) for r in report] == [("support_tickets", 1)]


def test_missing_days_are_reported_by_source_and_day(batch: BadBatch) -> None:
    report = batch.rows("assert_no_landing_day_missing")
    found = {(r[0], r[2].isoformat(), r[3].isoformat(), r[4]) for r in report}
    assert found == {(name, day, day, 1) for name, day in batch.removed.items()}


def test_exchange_rate_missing_day_is_carried_forward_and_counted(batch: BadBatch) -> None:
    carried = batch.query("select currency_code, missing_rate_date, carried_rate_date from {rel} "
                          "where missing_rate_date < (select max(missing_rate_date) from {rel})",
                          "int_exchange_rates_carried_forward")
    day = dt.date.fromisoformat(batch.sek_day)
    assert ("SEK", day, day - dt.timedelta(days=1)) in carried
    report = batch.rows("assert_exchange_rates_carried_only_on_last_day")
    assert ("SEK", day, day - dt.timedelta(days=1)) in report
    assert all(r[1] < batch.last_day for r in report)


def test_orphan_key_budget_fails_beyond_the_budget(built_project: BuiltProject, tmp_path: Path) -> None:
    con = built_project.connect()
    try:
        orders, customers = relation_of(con, "stg_lake_erp__sales_orders"), relation_of(con, "stg_lake_erp__customers")
        row = con.execute(
            f"select count(*), count(*) filter (where o.customer_id is not null and c.customer_id is null) "
            f"from {orders} o left join (select distinct customer_id from {customers}) c using (customer_id)"
        ).fetchone()
    finally:
        con.close()
    assert row is not None
    total, orphans = int(row[0]), int(row[1])
    assert orphans > 0, "the dirty build has orphan customer keys"
    share = orphans / total
    # the session build passed at the default budget (var dirty_orphan_key_budget_share); just below the
    # measured share, the same test fails: one bad key more than the budget allows fails the build
    env = built_project.env()
    env["DBT_TARGET_PATH"] = str(tmp_path / "target")
    env["DBT_LOG_PATH"] = str(tmp_path / "logs")
    result = run_dbt(["test", "--target", "local",
                      "--select", "stg_lake_erp__sales_orders,test_name:orphan_keys_within_budget",
                      "--vars", f"{{dirty_orphan_key_budget_share: {share * 0.99}}}"],
                     env, built_project.profiles_dir)
    out = result.stdout + result.stderr
    assert result.returncode != 0, out[-4000:]
    assert "FAIL 1 orphan_keys_within_budget_stg_lake_erp__sales_orders_customer_id" in out, out[-4000:]
