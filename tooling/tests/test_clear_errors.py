"""Mistakes a newcomer makes get a one- or two-line message saying what to run, no traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from conftest import BIN, REPO, generate_landing

from esa.dbt_landing_check import REMEDY as LANDING_REMEDY
from esa.dbt_landing_check import landing_problem
from esa.dbt_preflight import problem


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


def _dbt_env(**extra: str) -> dict[str, str]:
    """The environment without any directory chosen for dbt (as a newcomer's shell has it)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DBT_PROFILES_DIR", "DBT_PROJECT_DIR")}
    env.update(extra)
    return env


def test_dbt_without_a_landing_zone_names_make_landing(tmp_path: Path, profiles_dir: Path) -> None:
    # Every dbt command that connects to the local target (build, run, seed, show, docs, freshness, debug)
    # opens DuckDB through the same plugin; `dbt debug` is the one that does not parse the whole project.
    env = _dbt_env(ESA_LANDING_DIR=str(tmp_path / "landing"), ESA_DUCKDB_PATH=str(tmp_path / "esa.duckdb"),
                   ESA_TARGET="local")
    result = subprocess.run([str(BIN / "dbt"), "debug", "--target", "local", "--profiles-dir", str(profiles_dir)],
                            cwd=REPO, env=env, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert f"The landing zone is missing: ESA_LANDING_DIR={tmp_path / 'landing'} is not a folder" in result.stdout
    assert "Run `make landing` first" in result.stdout and "Traceback" not in result.stdout + result.stderr


def test_an_incomplete_landing_zone_names_the_missing_file(tmp_path: Path) -> None:
    erp = tmp_path / "erp" / "erp.duckdb"
    assert landing_problem(str(tmp_path), [str(erp)]) == (
        f"The landing zone is incomplete: {erp} does not exist. {LANDING_REMEDY}")
    erp.parent.mkdir()
    erp.touch()
    assert landing_problem(str(tmp_path), [str(erp)]) is None


def test_dbt_from_a_subfolder_says_where_to_run() -> None:
    result = _run_env([str(BIN / "dbt"), "build", "--target", "local"], REPO / "models", _dbt_env())
    assert result.returncode == 2 and "--profiles-dir" not in result.stdout + result.stderr
    assert result.stderr.startswith(f"dbt: {REPO / 'models'} is not the project folder; dbt runs in {REPO}")
    assert f"cd {REPO}" in result.stderr and len(result.stderr.splitlines()) == 1


def test_dbt_without_profiles_says_make_setup(tmp_path: Path) -> None:
    shutil.copy(REPO / "dbt_project.yml", tmp_path / "dbt_project.yml")
    result = _run_env([str(BIN / "dbt"), "parse"], tmp_path, _dbt_env(HOME=str(tmp_path / "home")))
    assert result.returncode == 2 and "--profiles-dir" not in result.stdout + result.stderr
    assert result.stderr == f"dbt: {tmp_path} has no profiles.yml: run `make setup` there (it writes profiles.yml" \
        " from profiles.example.yml).\n"


def test_dbt_preflight_stays_silent_when_dbt_can_run(tmp_path: Path) -> None:
    home, env = tmp_path / "home", {"PATH": "/usr/bin"}
    sub = REPO / "models"
    project = tmp_path / "project"
    project.mkdir()
    (project / "dbt_project.yml").touch()
    assert problem(["build"], project, home, env) is not None  # no profiles.yml yet
    (project / "profiles.yml").touch()
    assert problem(["build"], project, home, env) is None
    assert problem(["build", "--profiles-dir", "x"], sub, home, env) is None
    assert problem(["build", "--project-dir=.."], sub, home, env) is None
    assert problem(["build"], sub, home, {"DBT_PROJECT_DIR": str(REPO)}) is None
    assert problem(["build", "--help"], sub, home, env) is None
    assert problem(["init", "other_project"], tmp_path, home, env) is None
    assert problem([], sub, home, env) is None
    assert problem(["build"], sub, home, env) is not None
    (home / ".dbt").mkdir(parents=True)
    (home / ".dbt" / "profiles.yml").touch()
    shutil.copy(REPO / "dbt_project.yml", tmp_path / "dbt_project.yml")
    assert problem(["build"], tmp_path, home, env) is None  # the user's own ~/.dbt/profiles.yml


def _run_env(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
