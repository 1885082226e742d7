"""Slim CI: build and test only what a change touches, `state:modified+`, on the local DuckDB target,
deferring everything else to the base ref's manifest (`esa pr-check BASE`, `make pr-check`).

BASE is any git ref. Its manifest is built once per base commit (a `git worktree` of the base,
`dbt parse` there) and kept in $ESA_PR_CHECK_DIR/state-<sha>/ (default build/pr_check/). The build
uses ESA_LANDING_DIR / ESA_DUCKDB_PATH as `make build` does; parents that are not modified resolve to
the base manifest's relations (--defer), which must exist in that DuckDB file: when it is missing, the
unmodified parents are built once first.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

DBT = Path(sys.executable).parent / "dbt"
NODE_TYPES = ("--resource-type", "model", "--resource-type", "snapshot", "--resource-type", "seed")


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)


def _dbt(
    cwd: Path, args: Sequence[str], env: dict[str, str], capture: bool = False
) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(DBT), *args], cwd=cwd, env=env, capture_output=capture, text=True, check=False)


def base_manifest(root: Path, base: str, sha: str, state: Path, common: list[str], env: dict[str, str]) -> int:
    """Parse the base commit in a temporary worktree into `state` (once per commit)."""
    if (state / "manifest.json").is_file():
        return 0
    tree = state.parent / f"worktree-{sha}"
    print(f"pr-check: building the manifest of {base} ({sha}) in a worktree", flush=True)
    _git(root, "worktree", "remove", "--force", str(tree))
    added = _git(root, "worktree", "add", "--detach", "--quiet", str(tree), sha)
    if added.returncode != 0:
        print(f"pr-check: git worktree add failed: {added.stderr.strip()}", file=sys.stderr)
        return 2
    tmp = state.with_name(state.name + ".tmp")
    try:
        parsed = _dbt(tree, ["parse", "--quiet", *common, "--target-path", str(tmp), "--log-path", str(tmp / "logs")],
                      env)
    finally:
        _git(root, "worktree", "remove", "--force", str(tree))
    if parsed.returncode != 0:
        return parsed.returncode
    shutil.rmtree(state, ignore_errors=True)
    tmp.rename(state)
    return 0


def pr_check(base: str, list_only: bool) -> int:
    top = _git(Path.cwd(), "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        print("pr-check: not inside a git repository: run it in the project's clone", file=sys.stderr)
        return 2
    root = Path(top.stdout.strip())
    rev = _git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    if rev.returncode != 0:
        print(f"pr-check: '{base}' is not a git ref here (fetch it first)", file=sys.stderr)
        return 2
    sha = rev.stdout.strip()
    work = root / os.environ.get("ESA_PR_CHECK_DIR", "build/pr_check")  # an absolute value stays absolute
    work.mkdir(parents=True, exist_ok=True)
    state = work / f"state-{sha}"
    env = {k: v for k, v in os.environ.items() if k not in ("DBT_TARGET_PATH", "DBT_STATE", "DBT_DEFER")}
    env["ESA_TARGET"] = "local"
    with tempfile.TemporaryDirectory() as profiles:
        shutil.copy(root / "profiles.example.yml", Path(profiles) / "profiles.yml")
        common = ["--target", "local", "--profiles-dir", profiles, "--no-use-colors"]
        status = base_manifest(root, base, sha, state, common, env)
        if status:
            return status
        target = work / "target"
        paths = [*common, "--target-path", str(target), "--log-path", str(target / "logs")]
        select = ["--select", "state:modified+", "--state", str(state)]
        print(f"pr-check: nodes modified against {base}, and their children:", flush=True)
        listed = _dbt(root, ["ls", "--quiet", *paths, *select, *NODE_TYPES, "--output", "name"], env, capture=True)
        if listed.returncode != 0:
            print(listed.stdout + listed.stderr, file=sys.stderr)
            return listed.returncode
        selected = listed.stdout.split()
        if not selected:
            print("  (none: nothing to build)")
            return 0
        print("\n".join(f"  {name}" for name in selected), flush=True)
        if list_only:
            return 0
        # Parents that are not modified come from the base (deferred); build them once if the
        # database does not exist yet.
        duckdb_path = Path(env.get("ESA_DUCKDB_PATH", "build/esa.duckdb"))
        if not (root / duckdb_path).exists():
            print(f"pr-check: {duckdb_path} does not exist: building the unmodified parents once", flush=True)
            parents = _dbt(root, ["run", *paths, "--select", "+state:modified+", "--exclude", "state:modified+",
                                  "--state", str(state)], env)
            if parents.returncode != 0:
                return parents.returncode
        return _dbt(root, ["build", *paths, *select, "--defer"], env).returncode
