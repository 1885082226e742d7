"""Bad input that must fail loudly or be ignored, never lose data or reach SQL unchecked (issue 12).

One copy of the session's landing zone, under a folder whose name holds an apostrophe, and a few
narrow dbt runs of the Cosmos staging models that read live_ids on it (one parse, then partial parses):

* a partial live_ids export without its completeness marker is ignored;
* the same export with its marker trips the circuit breaker: the build fails naming the container and
  the counts, and the staging table keeps the previous build;
* change timestamps in the future, in epoch milliseconds or from year 9999 are quarantined with their
  reason and stay out of staging, so they cannot move the watermark of an incremental fact;
* run-operation arguments and vars that are not dates, or that carry SQL, are refused;
* a build against another landing zone (another seed) is refused, saying to run with --full-refresh;
* a CSV file with CRLF line ends or an unquoted decimal comma fails its staging model naming the file.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import OfflineProject, dbt_env, generate_landing, relation_of, run_dbt

MODELS = [
    "base_cosmos__support_tickets",  # the view the two ticket models read
    "stg_cosmos__support_tickets",
    "stg_cosmos__support_ticket_messages",
    "stg_cosmos__interaction_events",
    "stg_lake_erp__sales_order_lines",
    "stg_quarantine__implausible_timestamps_rejected",
]
PARTIAL_ROWS = 5
TS_2030 = 1893456000  # 2030-01-01T00:00:00Z in epoch seconds


class Zone:
    """A copy of the session landing zone and its own DuckDB file and target folder."""

    def __init__(self, root: Path, landing: Path, profiles_dir: Path) -> None:
        self.landing = root / "it's a landing zone"
        shutil.copytree(landing, self.landing)
        self.duckdb_path = root / "esa.duckdb"
        self.target = root / "target"
        self.profiles_dir = profiles_dir

    def dbt(self, *args: str) -> tuple[int, str]:
        env = dbt_env(self.landing, self.duckdb_path, self.target)
        result = run_dbt(list(args), env, self.profiles_dir)
        return result.returncode, result.stdout + result.stderr

    def tickets(self) -> tuple[int, int]:
        """(live, deleted) tickets in the built staging table."""
        con = duckdb.connect(str(self.duckdb_path), read_only=True)
        try:
            rel = relation_of(con, "stg_cosmos__support_tickets")
            row = con.execute(f"select sum(1 - is_deleted), sum(is_deleted) from {rel}").fetchone()
        finally:
            con.close()
        assert row is not None
        return int(row[0]), int(row[1])

    def live_ids_folder(self) -> Path:
        return self.landing / "cosmos" / "support_tickets" / "live_ids"

    def poison(self) -> dict[tuple[str, str], str]:
        """Land a partition after the last with implausible timestamps; (source, id) -> expected reason."""
        expected: dict[tuple[str, str], str] = {}
        con = duckdb.connect()
        events = self.landing / "cosmos" / "interaction_events" / "changes"
        last = sorted(events.glob("ts_date=*"))[-1] / "part-00000.parquet"
        rows = con.execute("select id, _ts from read_parquet(?) order by id limit 2", [str(last)]).fetchall()
        (events / "ts_date=2099-01-01").mkdir()
        con.execute(
            f"copy (select * replace (case when id = ? then {TS_2030} else _ts * 1000 end as _ts)"
            f" from read_parquet(?) where id in (?, ?)) to {sql_text(events / 'ts_date=2099-01-01' / last.name)}",
            [rows[0][0], str(last), rows[0][0], rows[1][0]],
        )
        expected[("interaction_events", rows[0][0])] = "future"
        expected[("interaction_events", rows[1][0])] = "epoch_milliseconds"
        lines = self.landing / "lake" / "erp" / "sales_order_lines"
        last = sorted(lines.glob("ingest_date=*"))[-1] / "part-00000.parquet"
        first = sorted(lines.glob("ingest_date=*"))[0] / "part-00000.parquet"
        line_id = con.execute("select min(sales_order_line_id) from read_parquet(?)", [str(first)]).fetchone()
        assert line_id is not None
        (lines / "ingest_date=2099-01-01").mkdir()
        con.execute(
            "copy (select * replace (timestamp '9999-12-31 00:00:00' as _extracted_at) from read_parquet(?)"
            f" where sales_order_line_id = ?) to {sql_text(lines / 'ingest_date=2099-01-01' / last.name)}",
            [str(first), line_id[0]],
        )
        expected[("sales_order_lines", str(line_id[0]))] = "future"
        con.close()
        return expected


def sql_text(path: Path) -> str:
    return "'" + path.as_posix().replace("'", "''") + "'"


@pytest.fixture(scope="module")
def zone(landing_zone: Path, profiles_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Zone:
    return Zone(tmp_path_factory.mktemp("bad_inputs"), landing_zone, profiles_dir)


@pytest.fixture(scope="module")
def first_run(zone: Zone) -> tuple[str, dict[tuple[str, str], str]]:
    """Run 1 on the generated zone plus one partition of implausible timestamps."""
    expected = zone.poison()
    code, out = zone.dbt("run", "--target", "local", "--select", *MODELS)
    assert code == 0, out[-4000:]
    return out, expected


def test_implausible_timestamps_are_quarantined_not_staged(zone: Zone, first_run: tuple[str, dict]) -> None:
    _, expected = first_run
    con = duckdb.connect(str(zone.duckdb_path), read_only=True)
    try:
        rel = relation_of(con, "stg_quarantine__implausible_timestamps_rejected")
        rows = con.execute(f"select source_table, record_id, rejection_reason from {rel}").fetchall()
        found = {(r[0], r[1]): r[2] for r in rows}
        assert found == expected
        # staging keeps the previous plausible version: no watermark beyond the landed period
        events = relation_of(con, "stg_cosmos__interaction_events")
        newest = con.execute(f"select max(modified_at) from {events}").fetchone()
        lines = relation_of(con, "stg_lake_erp__sales_order_lines")
        newest_line = con.execute(f"select max(extracted_at) from {lines}").fetchone()
    finally:
        con.close()
    assert newest is not None and newest[0].year < 2030
    assert newest_line is not None and newest_line[0].year < 2030


def test_partial_live_ids_export_is_ignored_then_stopped(zone: Zone, first_run: tuple[str, dict]) -> None:
    # run 1: the generated zone, read through a path with an apostrophe; the deletes are reported
    out, _ = first_run
    live, deleted = zone.tickets()
    assert deleted > 0
    assert re.search(rf"support_tickets: the latest complete live_ids export lists {live} documents "
                     rf"and deletes {deleted} of {live + deleted} ", out), out[-4000:]

    # a newer export that lists only a few of the live ids
    exports = sorted(zone.live_ids_folder().glob("export_date=*"))
    latest = exports[-1]
    assert (latest / "_SUCCESS").exists(), "the generator marks its live_ids export complete"
    partial = latest.with_name("export_date=2099-01-01")
    partial.mkdir()
    con = duckdb.connect()
    con.execute(
        f"copy (select * from read_parquet(?) order by id limit {PARTIAL_ROWS})"
        f" to {sql_text(partial / 'part-00000.parquet')}",
        [str(latest / "part-00000.parquet")],
    )
    con.close()

    # run 2: the export has no completeness marker yet, so it is ignored: nothing is deleted
    code, out = zone.dbt("run", "--target", "local", "--select", *MODELS)
    assert code == 0, out[-4000:]
    assert zone.tickets() == (live, deleted)

    # run 3: marked complete, it would delete almost every live ticket: the build fails, loudly
    (partial / "_SUCCESS").touch()
    code, out = zone.dbt("run", "--target", "local", "--select", *MODELS)
    assert code != 0
    message = re.search(r"live_ids circuit breaker \(stg_cosmos__support_tickets\): Cosmos container "
                        r"support_tickets: .* lists (\d+) documents and deletes (\d+) of (\d+) ", out)
    assert message, out[-4000:]
    assert int(message.group(1)) == PARTIAL_ROWS
    assert int(message.group(3)) == live
    assert int(message.group(2)) == live - PARTIAL_ROWS
    assert "live_ids_max_delete_share" in out
    # the staging table still holds the previous build
    assert zone.tickets() == (live, deleted)


def test_as_of_date_var_with_sql_is_refused(zone: Zone) -> None:
    injection = "2025-09-01' as date) union all select cast('2020-01-01"
    code, out = zone.dbt("compile", "--target", "local", "--select", "int_reporting_as_of_date",
                         "--vars", '{as_of_date: "' + injection + '"}')
    assert code != 0
    assert "var as_of_date must be a date YYYY-MM-DD" in out, out[-3000:]
    assert "union all select cast('2020-01-01' as date)" not in out


@pytest.mark.parametrize("value", ["not-a-date", "2025-10-28/') drop table x --"])
def test_live_ids_export_date_must_be_a_date(synapse_offline: OfflineProject, value: str) -> None:
    args = '{dry_run: true, live_ids_export_date: "' + value + '"}'
    result = synapse_offline.dbt(["run-operation", "create_external_tables", "--args", args])
    assert result.returncode != 0
    assert "live_ids_export_date must be a date YYYY-MM-DD" in result.stdout + result.stderr
    assert "create external table" not in result.stdout


def test_identifier_args_are_checked(synapse_offline: OfflineProject) -> None:
    result = synapse_offline.dbt(["run-operation", "esa_identifier",
                                  "--args", "{value: 'x]; drop table y; --', name: var landing_credential}"])
    assert result.returncode != 0
    assert "var landing_credential must be a plain identifier" in result.stdout + result.stderr


def test_malformed_csv_files_are_named_with_what_is_wrong(zone: Zone) -> None:
    rates = sorted((zone.landing / "lake" / "finance" / "exchange_rates").glob("ingest_date=*"))[3]
    spend = sorted((zone.landing / "lake" / "marketing" / "marketing_spend").glob("ingest_date=*"))[3]
    crlf, shifted = rates / "part-00000.csv", spend / "part-00000.csv"
    originals = {crlf: crlf.read_bytes(), shifted: shifted.read_bytes()}
    lines = originals[shifted].decode().split("\n")
    header = lines[0].split(",")
    amount = header.index("spend_amount")
    fields = lines[1].split(",")
    assert len(fields) == len(header) and "." in fields[amount]
    fields[amount] = fields[amount].replace(".", ",")  # a decimal comma in an unquoted number
    lines[1] = ",".join(fields)
    try:
        crlf.write_bytes(originals[crlf].replace(b"\n", b"\r\n"))
        shifted.write_text("\n".join(lines))
        code, out = zone.dbt("run", "--target", "local", "--select",
                             "stg_lake_finance__exchange_rates", "stg_lake_marketing__marketing_spend")
    finally:
        for path, data in originals.items():
            path.write_bytes(data)
    assert code != 0
    assert f"lake file {crlf.as_posix()}: has CRLF line ends; the landing contract requires LF" in out, out[-3000:]
    assert (f"lake file {shifted.as_posix()}: line 2 has {len(header) + 1} fields but the header has {len(header)}"
            " (an unquoted decimal comma") in out, out[-3000:]
    assert "schema mismatch" not in out


def test_a_build_against_another_landing_zone_is_refused(zone: Zone, first_run: tuple[str, dict],
                                                        tmp_path: Path) -> None:
    # the warehouse recorded the session zone in run 1; a zone with another seed replaces it in the same
    # folder (same ESA_LANDING_DIR, so dbt parses partially)
    other = tmp_path / "other zone"
    assert generate_landing(other, scale="0.002", days="3", seed="99").returncode == 0
    kept = tmp_path / "session zone"
    zone.landing.rename(kept)
    other.rename(zone.landing)
    try:
        code, out = zone.dbt("run", "--target", "local", "--select", "stg_lake_finance__exchange_rates")
        assert code != 0
        assert "ESA_LANDING_DIR holds another landing zone (generator " in out, out[-3000:]
        assert ", seed 99, scale 0.002," in out
        assert "Rebuild everything with `dbt build --target local --full-refresh`" in out
        # a narrow full refresh would leave the other incremental models stale: refused as well
        code, out = zone.dbt("run", "--target", "local", "--select", "stg_lake_finance__exchange_rates",
                             "--full-refresh")
        assert code != 0 and "ESA_LANDING_DIR holds another landing zone" in out
    finally:
        zone.landing.rename(other)
        kept.rename(zone.landing)
