"""The generator across runs: determinism, incremental landing, linearity in scale, the CLI."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

from esa.landing import activity, contract, generator, writers
from esa.landing.generator import LandingError, generate
from esa.landing.params import Params

BASE = Params(scale=0.005, days=30, seed=5, dirty=0.05)


def _hashes(root: Path) -> dict[str, str]:
    """Content hash of every landed data file (not the ERP database, whose file layout is DuckDB's)."""
    out = {}
    for path in sorted(root.rglob("part-00000.*")):
        out[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _erp_rows(root: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect()
    con.execute(f"attach '{root / 'erp' / 'erp.duckdb'}' as erp_db (read_only)")
    tables = [r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_catalog = 'erp_db' order by 1").fetchall()]
    return {t: con.execute(f"select * from erp_db.erp.{t} order by all").fetchall() for t in tables}


@pytest.fixture(scope="module")
def base_zone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("base")
    generate(out, BASE)
    return out


def test_same_seed_gives_identical_files(base_zone: Path, tmp_path: Path) -> None:
    generate(tmp_path, BASE)
    first, second = _hashes(base_zone), _hashes(tmp_path)
    partitioned = len(contract.LAKE_ENTITIES) + len(contract.COSMOS_CONTAINERS)
    assert len(first) == partitioned * BASE.days + len(contract.COSMOS_WITH_LIVE_IDS)
    assert first == second
    assert _erp_rows(base_zone) == _erp_rows(tmp_path)
    assert (base_zone / "_manifest.json").read_text() == (tmp_path / "_manifest.json").read_text()


def test_another_seed_gives_different_files(base_zone: Path, tmp_path: Path) -> None:
    generate(tmp_path, Params(scale=BASE.scale, days=BASE.days, seed=BASE.seed + 1, dirty=BASE.dirty))
    first, other = _hashes(base_zone), _hashes(tmp_path)
    assert first.keys() == other.keys()
    differing = sum(first[k] != other[k] for k in first)
    assert differing > 0.5 * len(first)


def test_more_days_writes_only_new_partitions(base_zone: Path, tmp_path: Path) -> None:
    short = Params(scale=BASE.scale, days=BASE.days - 1, seed=BASE.seed, dirty=BASE.dirty)
    generate(tmp_path, short)
    before = _hashes(tmp_path)
    mtimes = {p: os.stat(tmp_path / p).st_mtime_ns for p in before}
    live_before = list((tmp_path / "cosmos/support_tickets/live_ids").glob("*/part-00000.parquet"))
    generate(tmp_path, BASE)
    after = _hashes(tmp_path)
    # old partitions untouched (same bytes, not rewritten)
    for path, digest in before.items():
        assert after[path] == digest, path
        assert os.stat(tmp_path / path).st_mtime_ns == mtimes[path], path
    new = set(after) - set(before)
    last = BASE.date(BASE.days - 1).isoformat()
    assert new and all(last in p for p in new)
    assert {p for p in new if "live_ids" not in p}
    assert len(list(live_before)) == 1
    # the extended zone equals a zone generated in one go
    assert after == _hashes(base_zone) | {p: after[p] for p in after if "live_ids" in p and last not in p}
    assert _erp_rows(tmp_path) == _erp_rows(base_zone)
    # the new partitions carry new versions of old rows (orders moving on), not only new rows
    con = duckdb.connect()
    moved = con.execute(
        f"select count(*) from read_parquet('{tmp_path}/lake/erp/sales_orders/ingest_date={last}/*.parquet') "
        "where order_status <> 'open'").fetchone()
    assert moved is not None and moved[0] > 0


def test_catalog_updates_stay_in_its_log_until_the_log_grows(base_zone: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Extending a zone commits the catalog's changed rows to erp.duckdb.wal and leaves the file as it was (a
    checkpoint costs more than a day's rows) until the log passes writers.WAL_SHARE of the file; readers
    attaching the file read-only see the same rows as a catalog written afresh either way."""
    def days(n: int) -> Params:
        return Params(scale=BASE.scale, days=n, seed=BASE.seed, dirty=BASE.dirty)

    catalog = tmp_path / "erp" / "erp.duckdb"
    log = catalog.with_name("erp.duckdb.wal")
    generate(tmp_path, days(BASE.days - 3))
    assert not log.exists()
    digest = hashlib.sha256(catalog.read_bytes()).hexdigest()
    sizes = []
    for n in (BASE.days - 2, BASE.days - 1):
        generate(tmp_path, days(n))
        assert hashlib.sha256(catalog.read_bytes()).hexdigest() == digest  # the file is not rewritten
        sizes.append(log.stat().st_size)
    assert 0 < sizes[0] < sizes[1] < writers.WAL_SHARE * catalog.stat().st_size
    monkeypatch.setattr(writers, "WAL_SHARE", 0.0)  # the log has grown past its share: folded into the file
    generate(tmp_path, BASE)
    assert not log.exists() or log.stat().st_size == 0
    assert hashlib.sha256(catalog.read_bytes()).hexdigest() != digest
    assert _erp_rows(tmp_path) == _erp_rows(base_zone)


def test_one_more_day_generates_only_the_days_that_reach_it(base_zone: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The streaming property: landing day N+1 on an N-day zone simulates the app activity of the few days that
    reach it (not the whole period), and gives the same files, catalog and manifest as N+1 days in one go."""
    short = Params(scale=BASE.scale, days=BASE.days - 1, seed=BASE.seed, dirty=BASE.dirty)
    generate(tmp_path, short)
    simulated: list[int] = []
    real = activity._sessions_of_day

    def counting(p: Params, ref: Any, users: Any, b: int, first_id: int, lam: float) -> Any:
        simulated.append(b)
        return real(p, ref, users, b, first_id, lam)

    monkeypatch.setattr(activity, "_sessions_of_day", counting)
    manifest = generate(tmp_path, BASE)
    assert simulated == list(range(BASE.days - 1 - activity.REACH, BASE.days))
    last = BASE.date(BASE.days - 1).isoformat()
    same = {p: d for p, d in _hashes(tmp_path).items() if "live_ids" not in p or last in p}
    assert same == _hashes(base_zone)
    assert _erp_rows(tmp_path) == _erp_rows(base_zone)
    assert manifest == json.loads((base_zone / "_manifest.json").read_text())
    # and a zone generated in one go simulates every day once
    simulated.clear()
    generate(tmp_path / "again", BASE)
    assert simulated == list(range(BASE.days))


def test_app_activity_in_its_own_process_lands_the_same_zone(base_zone: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """App activity generated by a child process (the year's path at scale 0.03 and more) gives the same files,
    catalog and manifest as in process, fresh and extending a zone; a failure in the child is raised here."""
    assert not generator._activity_apart(tmp_path / "none", BASE, None)  # the pytest scales stay in process
    assert generator._activity_apart(tmp_path / "none", Params(scale=0.05, days=365), None)
    monkeypatch.setattr(generator, "ACTIVITY_APART_MIN", 0.0)
    lines: list[str] = []
    manifest = generate(tmp_path / "fresh", BASE, log=lines.append)
    assert any(line.startswith("cosmos app sessions and events (in their own process)") for line in lines)
    assert _hashes(tmp_path / "fresh") == _hashes(base_zone)
    assert _erp_rows(tmp_path / "fresh") == _erp_rows(base_zone)
    assert manifest == json.loads((base_zone / "_manifest.json").read_text())
    short = Params(scale=BASE.scale, days=BASE.days - 2, seed=BASE.seed, dirty=BASE.dirty)
    generate(tmp_path / "ext", short)
    manifest = generate(tmp_path / "ext", BASE)
    last = BASE.date(BASE.days - 1).isoformat()
    assert {p: d for p, d in _hashes(tmp_path / "ext").items() if "live_ids" not in p or last in p} \
        == _hashes(base_zone)
    assert manifest == json.loads((base_zone / "_manifest.json").read_text())
    blocked = tmp_path / "file"
    blocked.write_text("")
    with pytest.raises(OSError):  # the child cannot create its partitions' folders under a file
        generator._ActivityApart(blocked / "zone", Params(scale=0.002, days=3, seed=3), None).result(
            {"written": 0, "skipped": 0})


def test_progress_per_area_and_day_and_quiet(tmp_path: Path) -> None:
    lines: list[str] = []
    generate(tmp_path / "loud", Params(scale=BASE.scale, days=65, seed=BASE.seed, dirty=BASE.dirty), log=lines.append)
    areas = {line.split(":")[0] for line in lines}
    assert {"simulation of the ERP, 65 days", "erp catalog and lake, 65 days", "cosmos documents, 65 days",
            "cosmos app sessions and events"} <= areas
    days = [line for line in lines if line.startswith("cosmos app sessions and events: ")]
    assert [line.split(": ")[1].split(" ")[0] for line in days] == ["30/65", "60/65", "done"]
    assert "(2025-07-30)" in days[0]  # the 30th day
    esa = [sys.executable, "-m", "esa.cli", "generate", "--scale", "0.002", "--days", "3", "--seed", "3"]
    quiet = subprocess.run([*esa, "--out", str(tmp_path / "quiet"), "--quiet"], capture_output=True, text=True)
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    loud = subprocess.run([*esa, "--out", str(tmp_path / "plain")], capture_output=True, text=True)
    assert "cosmos app sessions and events: done" in loud.stderr and "\x1b[" not in loud.stderr


def test_extending_with_other_parameters_is_refused(base_zone: Path, tmp_path: Path) -> None:
    generate(tmp_path, BASE)
    with pytest.raises(LandingError):
        generate(tmp_path, Params(scale=BASE.scale * 2, days=BASE.days, seed=BASE.seed, dirty=BASE.dirty))
    with pytest.raises(LandingError):
        generate(tmp_path, Params(scale=BASE.scale, days=BASE.days - 5, seed=BASE.seed, dirty=BASE.dirty))


def test_row_counts_are_linear_in_scale(base_zone: Path, tmp_path: Path) -> None:
    generate(tmp_path, Params(scale=BASE.scale * 4, days=BASE.days, seed=BASE.seed, dirty=BASE.dirty))
    small = json.loads((base_zone / "_manifest.json").read_text())["entities"]
    big = json.loads((tmp_path / "_manifest.json").read_text())["entities"]
    for key in ("erp.customers", "erp.sales_orders", "erp.sales_order_lines", "erp.invoices",
                "cosmos.interaction_events", "cosmos.app_sessions", "cosmos.support_tickets", "cosmos.app_users"):
        ratio = big[key]["rows"] / small[key]["rows"]
        assert 3.3 < ratio < 4.7, f"{key}: {small[key]['rows']} -> {big[key]['rows']}"


def test_clean_run_has_no_dirt(tmp_path: Path) -> None:
    manifest = generate(tmp_path, Params(scale=BASE.scale, days=BASE.days, seed=BASE.seed, dirty=0.0))
    for key, entry in manifest["entities"].items():
        for variant, count in entry.get("dirty", {}).items():
            assert count == 0, f"{key} {variant}"


def test_cli_help_and_generate(tmp_path: Path) -> None:
    esa = [sys.executable, "-m", "esa.cli"]
    assert "generate" in subprocess.run([*esa, "--help"], capture_output=True, text=True).stdout
    help_text = subprocess.run([*esa, "generate", "--help"], capture_output=True, text=True).stdout
    for option in ("--out", "--scale", "--days", "--seed", "--dirty", "--start"):
        assert option in help_text
    result = subprocess.run([*esa, "generate", "--out", str(tmp_path), "--scale", "0.002", "--days", "10",
                             "--seed", "3", "--dirty", "0", "--start", "2026-01-01"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "_manifest.json").read_text())
    assert manifest["first_date"] == "2026-01-01" and manifest["last_date"] == "2026-01-10"
    assert manifest["parameters"] == {"scale": 0.002, "days": 10, "seed": 3, "dirty": 0.0, "start": "2026-01-01"}


def test_a_zone_from_another_generator_version_is_refused_then_overwritten(base_zone: Path, tmp_path: Path) -> None:
    generate(tmp_path, BASE)
    manifest_path = tmp_path / "_manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["generator_version"] = "an-older-version"
    manifest_path.write_text(json.dumps(manifest))
    stale = tmp_path / "lake/erp/customers" / f"ingest_date={BASE.date(3).isoformat()}" / "part-00000.parquet"
    stale.write_bytes(b"not what this version writes")
    foreign = [tmp_path / "lake/erp/customers/notes.txt", tmp_path / "lake/other_team/data.csv"]
    for path in foreign:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("not landed by the generator")
    with pytest.raises(LandingError, match=r"another generator version .* pass --overwrite"):
        generate(tmp_path, BASE)
    assert stale.read_bytes() == b"not what this version writes"
    messages: list[str] = []
    generate(tmp_path, BASE, overwrite=True, log=messages.append)
    assert any("deleted" in m for m in messages)
    assert _hashes(tmp_path) == _hashes(base_zone)
    assert all(path.read_text() == "not landed by the generator" for path in foreign)


def test_overwrite_without_a_readable_manifest_deletes_only_generator_files(tmp_path: Path) -> None:
    small = Params(scale=0.002, days=3, seed=1, dirty=0.0)
    generate(tmp_path, Params(scale=0.002, days=5, seed=1, dirty=0.0))
    late = list(tmp_path.rglob(f"*={small.date(4).isoformat()}/part-00000.*"))
    assert late
    (tmp_path / "_manifest.json").write_text("{ corrupt")
    foreign = tmp_path / "cosmos/support_tickets/changes/README"
    foreign.write_text("kept")
    with pytest.raises(LandingError, match="corrupt"):
        generate(tmp_path, small)
    generate(tmp_path, small, overwrite=True)
    assert foreign.read_text() == "kept"
    assert not any(path.exists() for path in late)
    assert json.loads((tmp_path / "_manifest.json").read_text())["parameters"]["days"] == 3


def test_extending_refills_a_missing_old_erp_partition(base_zone: Path, tmp_path: Path) -> None:
    """An extension lands the ERP tables from the first new partition on only when every older partition is there:
    a missing one is landed again (whole period), with the same rows, and the manifest is still a fresh zone's."""
    generate(tmp_path, Params(scale=BASE.scale, days=BASE.days - 1, seed=BASE.seed, dirty=BASE.dirty))
    victim = Path(f"lake/erp/sales_orders/ingest_date={BASE.date(3).isoformat()}/part-00000.parquet")
    (tmp_path / victim).unlink()
    manifest = generate(tmp_path, BASE)
    refilled, fresh = (pq.read_table(root / victim) for root in (tmp_path, base_zone))
    assert refilled.num_rows > 0
    assert refilled.drop_columns([contract.LANDED_AT]).equals(fresh.drop_columns([contract.LANDED_AT]))
    assert manifest == json.loads((base_zone / "_manifest.json").read_text())
