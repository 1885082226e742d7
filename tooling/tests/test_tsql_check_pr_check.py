"""Slim CI (`esa pr-check`): in a temporary clone, modify one model; the check builds the base
ref's manifest itself and selects exactly that model and its children."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def _names(output: str) -> set[str]:
    return {line.strip() for line in output.splitlines() if line.strip() and " " not in line.strip()}


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pr_check") / "repo"
    result = subprocess.run(["git", "clone", "--quiet", str(REPO), str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # The clone uses this virtualenv (`esa pr-check` runs the dbt beside it).
    (path / ".venv").symlink_to(Path(sys.executable).parents[1])
    return path


def test_only_the_modified_model_and_its_children_are_selected(clone: Path, tmp_path: Path) -> None:
    env = dict(os.environ)
    # ESA_TARGET as `esa pr-check` sets it: with the same profile, env and target path, its own `dbt ls`
    # reuses the partial parse of the `dbt ls` calls below instead of parsing the project again.
    env.update(ESA_PR_CHECK_DIR=str(tmp_path / "pr"), DBT_SEND_ANONYMOUS_USAGE_STATS="false", ESA_TARGET="local")
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    shutil.copy(clone / "profiles.example.yml", profiles / "profiles.yml")

    @functools.cache
    def ls(select: str) -> frozenset[str]:
        result = _run(
            [str(BIN / "dbt"), "ls", "--quiet", "--target", "local", "--profiles-dir", str(profiles),
             "--target-path", str(tmp_path / "pr" / "target"), "--resource-type", "model", "--output", "name",
             "--select", select],
            clone, env,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout[-2000:]
        return frozenset(_names(result.stdout))

    # A staging model with children, chosen from the project as it is (not hard-coded).
    staging = sorted(p.stem for p in (clone / "models" / "staging").rglob("stg_*.sql"))
    assert staging, "no staging models to modify"
    chosen = next((m for m in staging if len(ls(f"{m}+")) > 1), staging[0])
    expected = ls(f"{chosen}+")
    everything = ls("*")
    assert expected < everything, "the chosen model's descendants are the whole project: the test proves nothing"

    # Nothing modified: nothing selected.
    unchanged = _run([str(BIN / "esa"), "pr-check", "HEAD", "--list"], clone, env)
    assert unchanged.returncode == 0, unchanged.stdout + unchanged.stderr
    assert "(none: nothing to build)" in unchanged.stdout

    model_file = next((clone / "models" / "staging").rglob(f"{chosen}.sql"))
    model_file.write_text(model_file.read_text() + "\n-- a change under review\n")
    result = _run([str(BIN / "esa"), "pr-check", "HEAD", "--list"], clone, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "building the manifest of HEAD" not in result.stdout  # built once, by the first call
    listed = result.stdout.split("and their children:", 1)[1]
    assert _names(listed) == expected
