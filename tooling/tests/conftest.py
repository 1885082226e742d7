"""Shared fixtures: one landing zone at the test scale and one `dbt build` on it, per session.

Every test that needs built models asks for `built_project` and queries its DuckDB file
read-only; nothing here decides what a test expects.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

# The test scale: small enough for CI, large enough that every entity, status and dirty variant occurs.
TEST_SCALE = os.environ.get("ESA_TEST_SCALE", "0.01")
TEST_DAYS = os.environ.get("ESA_TEST_DAYS", "120")
TEST_SEED = os.environ.get("ESA_TEST_SEED", "7")
TEST_DIRTY = os.environ.get("ESA_TEST_DIRTY", "0.05")


@dataclass(frozen=True)
class BuiltProject:
    """A landing zone and the DuckDB database that `dbt build` made from it."""

    landing: Path
    duckdb_path: Path
    target_path: Path
    profiles_dir: Path
    manifest: dict[str, Any]

    def env(self) -> dict[str, str]:
        return dbt_env(self.landing, self.duckdb_path, self.target_path)

    def connect(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(str(self.duckdb_path), read_only=True)
        con.execute(f"attach '{self.landing / 'erp' / 'erp.duckdb'}' as erp_db (read_only)")
        return con


def dbt_env(landing: Path, duckdb_path: Path, target_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        ESA_LANDING_DIR=str(landing),
        ESA_DUCKDB_PATH=str(duckdb_path),
        DBT_TARGET_PATH=str(target_path),
        DBT_LOG_PATH=str(target_path / "logs"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        ESA_TARGET="local",
        ESA_TEST_SEVERITY="error",
    )
    return env


def run_dbt(args: list[str], env: dict[str, str], profiles_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run dbt in the project directory; the caller asserts on the result."""
    cmd = [str(BIN / "dbt"), *args, "--profiles-dir", str(profiles_dir)]
    return subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, check=False)


def generate_landing(out: Path, scale: str = TEST_SCALE, days: str = TEST_DAYS, seed: str = TEST_SEED,
                     dirty: str = TEST_DIRTY) -> subprocess.CompletedProcess[str]:
    cmd = [str(BIN / "esa"), "generate", "--out", str(out), "--scale", scale, "--days", days,
           "--seed", seed, "--dirty", dirty]
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)


def _not_in_the_apart_group(fixture: str) -> None:
    """`make test` runs the files of the Makefile's PYTEST_APART in a pytest of their own beside this one's
    (ESA_PYTEST_GROUP=apart): a session fixture asked for there would be built a second time in CI."""
    if os.environ.get("ESA_PYTEST_GROUP") == "apart":
        pytest.fail(f"{fixture} is a shared session fixture: take this test file out of the Makefile's "
                    "PYTEST_APART (those files run in a pytest of their own, which would build it again)")


@pytest.fixture(scope="session")
def profiles_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A profiles dir holding the committed profiles.example.yml, as a fresh clone has it."""
    path = tmp_path_factory.mktemp("profiles")
    shutil.copy(REPO / "profiles.example.yml", path / "profiles.yml")
    return path


@pytest.fixture(scope="session")
def landing_zone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _not_in_the_apart_group("landing_zone")
    out = tmp_path_factory.mktemp("landing")
    result = generate_landing(out)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


@pytest.fixture(scope="session")
def built_project(landing_zone: Path, profiles_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> BuiltProject:
    _not_in_the_apart_group("built_project")
    work = tmp_path_factory.mktemp("dbt")
    duckdb_path, target_path = work / "esa.duckdb", work / "target"
    env = dbt_env(landing_zone, duckdb_path, target_path)
    result = run_dbt(["build", "--target", "local"], env, profiles_dir)
    assert result.returncode == 0, "dbt build failed:\n" + result.stdout[-8000:] + result.stderr[-2000:]
    manifest = json.loads((landing_zone / "_manifest.json").read_text())
    return BuiltProject(landing_zone, duckdb_path, target_path, profiles_dir, manifest)


def schema_of(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """The schema holding a model's table in the connected DuckDB file (exactly one)."""
    found = con.execute(
        "select table_schema from information_schema.tables"
        " where table_name = ? and table_catalog = current_database()",
        [table],
    ).fetchall()
    assert len(found) == 1, f"expected exactly one {table}, found {found}"
    return str(found[0][0])


def relation_of(con: duckdb.DuckDBPyConnection, model: str) -> str:
    """The quoted "schema"."table" of a model, to put in a query."""
    return f'"{schema_of(con, model)}"."{model}"'


def read_model_rows(duckdb_path: Path, model: str) -> list[tuple[Any, ...]]:
    """Every row of a model's table in a DuckDB file, in a stable order (for comparing two builds)."""
    con = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        return con.execute(f"select * from {schema_of(con, model)}.{model} order by all").fetchall()
    finally:
        con.close()


@pytest.fixture()
def duck(built_project: BuiltProject) -> Iterator[duckdb.DuckDBPyConnection]:
    con = built_project.connect()
    try:
        yield con
    finally:
        con.close()


# Hosts that cannot resolve: a test that passes with them proves nothing needed a connection.
NO_SERVER = {
    "SYNAPSE_HOST": "no-server.invalid",
    "HYPERSCALE_SERVER": "no-server.invalid",
    "FABRIC_HOST": "no-server.invalid",
}


@dataclass(frozen=True)
class OfflineProject:
    """The project parsed for a T-SQL target with no server; later dbt calls reuse the partial parse."""

    target: str
    work: Path
    profiles_dir: Path

    def env(self) -> dict[str, str]:
        env = dbt_env(self.work / "landing", self.work / "esa.duckdb", self.work / "target")
        env.update(NO_SERVER, ESA_TARGET=self.target)
        return env

    def dbt(self, args: list[str]) -> subprocess.CompletedProcess[str]:
        return run_dbt([*args, "--target", self.target], self.env(), self.profiles_dir)


@pytest.fixture(scope="session")
def offline_projects(
    tmp_path_factory: pytest.TempPathFactory, profiles_dir: Path
) -> Callable[[str], OfflineProject]:
    """`dbt parse` for a T-SQL target with no server, once per target and session."""
    _not_in_the_apart_group("offline_projects")
    parsed: dict[str, OfflineProject] = {}

    def get(target: str) -> OfflineProject:
        if target not in parsed:
            project = OfflineProject(target, tmp_path_factory.mktemp(target), profiles_dir)
            result = project.dbt(["parse"])
            assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
            parsed[target] = project
        return parsed[target]

    return get


@pytest.fixture(scope="session")
def synapse_offline(offline_projects: Callable[[str], OfflineProject]) -> OfflineProject:
    return offline_projects("synapse")
