"""Mistakes a newcomer makes get a one- or two-line message saying what to run, no traceback."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import BIN, REPO, generate_landing


def _run(args: list[str], cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)


def test_esa_lint_on_a_mistyped_path_fails_and_says_so() -> None:
    result = _run([str(BIN / "esa"), "lint", "modles/marts"])
    assert result.returncode == 2
    assert "no such file or folder: modles/marts" in result.stderr and "Traceback" not in result.stderr


def test_dbt_debug_without_profiles_reports_the_profile_not_the_grants(tmp_path: Path) -> None:
    result = _run([str(BIN / "dbt"), "debug", "--profiles-dir", str(tmp_path)])
    assert result.returncode != 0
    assert "'target' is undefined" not in result.stdout
    assert f"{tmp_path}/profiles.yml" in result.stdout and "did\nnot find one" in result.stdout


def test_regenerating_fewer_days_says_how_to_start_afresh(tmp_path: Path) -> None:
    out = tmp_path / "landing"
    assert generate_landing(out, scale="0.001", days="3").returncode == 0
    result = generate_landing(out, scale="0.001", days="2")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "make landing FRESH=1" in result.stderr
    assert generate_landing(out, scale="0.001", days="2").returncode == 1  # nothing was replaced
    fresh = subprocess.run([str(BIN / "esa"), "generate", "--out", str(out), "--scale", "0.001", "--days", "2",
                            "--overwrite"], cwd=REPO, capture_output=True, text=True, check=False)
    assert fresh.returncode == 0, fresh.stderr


def test_make_landing_fresh_passes_overwrite() -> None:
    result = _run(["make", "-n", "landing", "FRESH=1", "ESA_LANDING_DIR=/nonexistent"])
    assert result.returncode == 0 and "--overwrite" in result.stdout
    assert "--overwrite" not in _run(["make", "-n", "landing", "ESA_LANDING_DIR=/nonexistent"]).stdout
