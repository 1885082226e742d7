"""The daily run's test slice (var test_since; macros/tests/test_slice.sql) still catches what it must.

On a copy of the session build, stg_lake_erp__invoices (incremental, opted in) gets two bad rows of each
kind, fct_sales_order_lines loses three staged lines (one that landed in the slice, one that landed
long before it, and one that landed long before but was restaged in the slice: its order landed again),
and fct_interaction_events two staged events (one in the slice, one long before it).
Then the same four tests run twice in one process (tooling/tests/slice_runner.py, reusing the session
build's manifest, so nothing is parsed again): as the daily job runs them (`test_since: lookback`), each
fails on what the slice reaches only; as a full run (no var), each fails on every bad row.

Cost: one copy of the session database and one Python process with two `dbt test` runs of four tests
(about 8 s of CPU on an idle machine; it parses the project once more, about 20 s, only if the session
build's partial_parse.msgpack cannot be read).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import duckdb
from conftest import REPO, BuiltProject, relation_of

UNIQUE = "unique_stg_lake_erp__invoices_invoice_id"
LANDED = "assert_every_landed_key_is_staged"
IN_STAR = "assert_every_staged_order_line_is_in_the_star_once"
EVENTS = "assert_every_event_lands_in_the_star"
DAILY, FULL = "{test_since: lookback}", "{}"


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> Any:
    row = con.execute(sql, params).fetchone()
    assert row is not None and row[0] is not None, sql
    return row[0]


def _spoil(db: Path, landing: Path) -> dict[str, str]:
    """Bad rows in stg_lake_erp__invoices, one new and one old of each kind; returns their keys."""
    con = duckdb.connect(str(db))
    try:
        staged = relation_of(con, "stg_lake_erp__invoices")
        quarantine = relation_of(con, "stg_quarantine__implausible_timestamps_rejected")
        files = f"read_parquet('{landing}/lake/erp/invoices/[!._]*/[!._]*.parquet', union_by_name = true)"
        latest = _one(con, f"select max(landed_at) from {staged}", [])
        slice_start, long_before = latest - timedelta(days=1), latest - timedelta(days=3)
        # each key's latest landed copy, for the keys that staging holds and the quarantine does not
        candidates = (
            f"select invoice_id, max(_landed_at) as last_landed_at from {files} "
            f"where invoice_id in (select invoice_id from {staged}) and cast(invoice_id as varchar) not in "
            f"(select record_id from {quarantine} where source_table = 'invoices') group by invoice_id"
        )
        keys = {
            "new_duplicate": _one(con, f"select min(invoice_id) from {staged} where landed_at >= ?", [slice_start]),
            "old_duplicate": _one(con, f"select min(invoice_id) from {staged} where landed_at < ?", [long_before]),
        }
        taken = list(keys.values())
        keys["new_lost"] = _one(con, f"select max(invoice_id) from ({candidates}) as c "
                                     "where last_landed_at >= ? and invoice_id not in (?, ?)", [slice_start, *taken])
        keys["old_lost"] = _one(con, f"select max(invoice_id) from ({candidates}) as c "
                                     "where last_landed_at < ? and invoice_id not in (?, ?)", [long_before, *taken])
        for kind in ("new_duplicate", "old_duplicate"):
            con.execute(f"insert into {staged} select * from {staged} where invoice_id = ?", [keys[kind]])
        for kind in ("new_lost", "old_lost"):
            con.execute(f"delete from {staged} where invoice_id = ?", [keys[kind]])
        # the deletes did not move the slice: the new duplicate still lands in it
        assert _one(con, f"select max(landed_at) from {staged}", []) >= slice_start
        # two staged order lines lose their fact row: one that landed in the slice, one long before it
        lines, fact = relation_of(con, "stg_lake_erp__sales_order_lines"), relation_of(con, "fct_sales_order_lines")
        lines_latest = _one(con, f"select max(landed_at) from {lines}", [])
        keys["new_unplaced"] = _one(con, f"select min(sales_order_line_id) from {lines} where landed_at >= ?"
                                         f" and sales_order_line_id in (select sales_order_line_id from {fact})",
                                    [lines_latest - timedelta(days=1)])
        keys["old_unplaced"] = _one(con, f"select min(sales_order_line_id) from {fact} where source_landed_at < ?",
                                    [lines_latest - timedelta(days=3)])
        # and one that landed long before, whose order (or invoice, shipment...) landed in the slice: the
        # day's run rewrote its fact row from int_sales_order_lines_enriched, so a lost line leaves no new row
        enriched = relation_of(con, "int_sales_order_lines_enriched")
        keys["restaged_unplaced"] = _one(
            con, f"select min(e.sales_order_line_id) from {enriched} as e join {lines} as s"
                 f" on s.sales_order_line_id = e.sales_order_line_id where e.source_landed_at >= ?"
                 f" and s.landed_at < ? and e.sales_order_line_id in (select sales_order_line_id from {fact})",
            [lines_latest - timedelta(days=1), lines_latest - timedelta(days=3)])
        for kind in ("new_unplaced", "old_unplaced", "restaged_unplaced"):
            con.execute(f"delete from {fact} where sales_order_line_id = ?", [keys[kind]])
        # two staged events lose their fact row: one that landed in the slice, one long before it
        events = relation_of(con, "stg_cosmos__interaction_events")
        event_fact = relation_of(con, "fct_interaction_events")
        events_latest = _one(con, f"select max(landed_at) from {events}", [])
        keys["new_event_lost"] = _one(con, f"select min(event_id) from {event_fact} where landed_at >= ?",
                                      [events_latest - timedelta(days=1)])
        keys["old_event_lost"] = _one(con, f"select min(event_id) from {event_fact} where landed_at < ?",
                                      [events_latest - timedelta(days=3)])
        for kind in ("new_event_lost", "old_event_lost"):
            con.execute(f"delete from {event_fact} where event_id = ?", [keys[kind]])
    finally:
        con.close()
    return {kind: str(key) for kind, key in keys.items()}


def _run_twice(built: BuiltProject, db: Path, work: Path) -> dict[str, Any]:
    env = built.env()
    env.update(ESA_DUCKDB_PATH=str(db), DBT_TARGET_PATH=str(work / "target"), DBT_LOG_PATH=str(work / "logs"))
    cmd = [sys.executable, str(Path(__file__).with_name("slice_runner.py")), str(REPO), str(built.profiles_dir),
           str(work / "target"), str(built.target_path / "partial_parse.msgpack"),
           f"{UNIQUE} {LANDED} {IN_STAR} {EVENTS}", DAILY, FULL]
    result = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return dict(json.loads(result.stdout.strip().splitlines()[-1])["runs"])


def test_the_slice_fails_on_a_new_bad_row_and_the_full_run_on_an_old_one(
    built_project: BuiltProject, tmp_path: Path
) -> None:
    db = tmp_path / built_project.duckdb_path.name  # same file name: the same catalog as the session build
    shutil.copy(built_project.duckdb_path, db)
    keys = _spoil(db, built_project.landing)
    runs = _run_twice(built_project, db, tmp_path)
    daily, full = runs[DAILY], runs[FULL]

    # the daily run read the slice: the generic test through get_where_subquery, the singular one by _landed_at
    assert "where landed_at >= cast(" in daily[UNIQUE]["sql"] and "landed_at >=" not in full[UNIQUE]["sql"]
    assert "and _landed_at >= cast(" in daily[LANDED]["sql"] and "_landed_at >=" not in full[LANDED]["sql"]
    assert "slice_lines" in daily[IN_STAR]["sql"] and "slice_lines" not in full[IN_STAR]["sql"]
    # the event test searches the fact's slice too (facts.landed_at), on a daily run only
    assert "facts.landed_at >=" in daily[EVENTS]["sql"] and "facts.landed_at" not in full[EVENTS]["sql"]
    # each fails on the bad row that landed in the slice, and only on it
    assert (daily[UNIQUE]["status"], daily[UNIQUE]["failures"]) == ("fail", 1), (daily[UNIQUE], keys)
    assert (daily[LANDED]["status"], daily[LANDED]["failures"]) == ("fail", 1), (daily[LANDED], keys)
    # the order-line test: the line that landed in the slice and the one restaged in it (not the old one)
    assert (daily[IN_STAR]["status"], daily[IN_STAR]["failures"]) == ("fail", 2), (daily[IN_STAR], keys)
    # the event test: the event lost in the slice, and the two sessions whose count no longer adds up (whole)
    assert (daily[EVENTS]["status"], daily[EVENTS]["failures"]) == ("fail", 3), (daily[EVENTS], keys)
    # the full run still catches the old bad rows too
    assert (full[UNIQUE]["status"], full[UNIQUE]["failures"]) == ("fail", 2), (full[UNIQUE], keys)
    assert (full[LANDED]["status"], full[LANDED]["failures"]) == ("fail", 2), (full[LANDED], keys)
    assert (full[IN_STAR]["status"], full[IN_STAR]["failures"]) == ("fail", 3), (full[IN_STAR], keys)
    assert (full[EVENTS]["status"], full[EVENTS]["failures"]) == ("fail", 4), (full[EVENTS], keys)
