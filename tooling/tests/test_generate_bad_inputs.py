"""`esa generate` on bad input: one line on stderr (plus the make hint after a refusal), a non-zero exit,
no traceback, nothing deleted.

Every case fails before anything is generated (in-process, so a traceback would fail the test).
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import duckdb
import pytest

from esa.cli import main

MAKE_HINT = "esa generate: with make, start afresh with: make landing FRESH=1 (plus your SCALE/DAYS/SEED)"


def _generate(capsys: pytest.CaptureFixture[str], out: Path, *extra: str) -> tuple[int, list[str]]:
    code = main(["generate", "--out", str(out), "--scale", "0.002", "--days", "3", "--quiet", *extra])
    lines = capsys.readouterr().err.strip().splitlines()
    return code, lines


@pytest.mark.parametrize(("args", "message"), [
    (["--scale", "nan"], "scale must be a positive finite number, not nan"),
    (["--scale", "inf"], "scale must be a positive finite number, not inf"),
    (["--scale", "1e9"], "scale must be at most 50 (about 1.2 GB of memory per unit of scale), not 1e+09"),
    (["--seed", "-1"], "seed must be zero or positive, not -1"),
    (["--start", "9999-12-29"], "start 9999-12-29 plus 3 days runs past 9996-06-30"),
])
def test_bad_parameters_fail_in_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                         args: list[str], message: str) -> None:
    code, lines = _generate(capsys, tmp_path / "landing", *args)
    assert code != 0
    assert len(lines) == 1 and message in lines[0]
    assert not (tmp_path / "landing").exists()


@pytest.mark.parametrize("start", ["2025-13-01", "01/07/2025"])
def test_start_that_is_no_date_names_the_format(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                start: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        _generate(capsys, tmp_path / "landing", "--start", start)
    assert exit_info.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error == f"esa generate: error: argument --start: not a calendar day in the form YYYY-MM-DD: '{start}'"
    assert not (tmp_path / "landing").exists()


def test_out_that_is_a_file_fails_in_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "landing"
    out.write_text("a file")
    code, lines = _generate(capsys, out)
    assert code != 0 and lines == [f"esa generate: --out {out} is a file, not a folder"]
    assert out.read_text() == "a file"


def test_read_only_out_fails_in_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "landing"
    out.mkdir()
    out.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        code, lines = _generate(capsys, out)
    finally:
        out.chmod(stat.S_IRWXU)
    assert code != 0 and lines == [f"esa generate: --out {out} is a read-only folder"]
    assert os.listdir(out) == []


def test_corrupt_manifest_is_refused_and_nothing_deleted(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "landing"
    partition = out / "lake/erp/customers/ingest_date=2025-07-01/part-00000.parquet"
    partition.parent.mkdir(parents=True)
    partition.write_bytes(b"landed before")
    (out / "_manifest.json").write_text('{"entities": {')
    code, lines = _generate(capsys, out)
    assert code != 0 and "_manifest.json is corrupt" in lines[0] and "pass --overwrite" in lines[0]
    assert lines[1:] == [MAKE_HINT]
    assert partition.read_bytes() == b"landed before"
    assert (out / "_manifest.json").read_text() == '{"entities": {'


def test_a_zone_reaching_past_today_is_generated_with_one_warning(capsys: pytest.CaptureFixture[str],
                                                                 tmp_path: Path) -> None:
    """Rows dated in the future are quarantined by dbt's plausibility guard: the generator says so up front."""
    today = dt.date.today()
    code, lines = _generate(capsys, tmp_path / "zone", "--start", today.isoformat())
    assert code == 0
    assert lines == [f"esa generate: warning: the zone runs to {today + dt.timedelta(days=2)}, after today ({today}). "
                     "dbt quarantines rows stamped more than 48 h in the future "
                     "(stg_quarantine__implausible_timestamps_rejected), so the marts and their reconciliation "
                     f"tests see part of the data; pass --start {today - dt.timedelta(days=3)} or earlier."]


def test_a_tiny_zone_with_no_support_ticket_yet_is_generated(capsys: pytest.CaptureFixture[str],
                                                             tmp_path: Path) -> None:
    """Three days at scale 0.002 from 2026-12-01 draw NPS surveys but no support ticket: the surveys' ticket ids
    are all null (the generator took ticket 0 as a placeholder for them and failed on an empty ticket list)."""
    code, _ = _generate(capsys, tmp_path / "zone", "--start", "2026-12-01")
    assert code == 0
    # the zone's survey documents: NPS only, none pointing at a ticket
    con = duckdb.connect()
    rows = con.execute(
        "select count(*), count(\"ticketId\"), count(*) filter (where \"surveyType\" = 'nps') from read_parquet("
        f"'{tmp_path / 'zone' / 'cosmos' / 'survey_responses' / 'changes'}/*/*.parquet')"
    ).fetchone()
    assert rows is not None and rows[0] > 0 and rows[1] == 0 and rows[2] == rows[0], rows
