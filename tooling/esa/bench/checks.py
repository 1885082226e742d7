"""Benchmarks of the pull-request checks: prints wall times (not a test; figures for docs/benchmarks.md).

    esa bench checks [--skip lint,tsql,parse]

- lint: `sqlfluff lint` of models, macros, tests, snapshots and analyses with --processes 2
  (target: under 30 s on 2 cores), then `esa lint` with an empty cache, with nothing changed, and
  with one file changed;
- tsql: `esa tsql-check` for synapse, hyperscale and fabric, cold (empty work dir) and warm;
- parse: `dbt parse --target local`, cold (no partial_parse.msgpack) and warm (target: under 3 s),
  and the time Python takes to import dbt-core's CLI, which every dbt command pays first.

Everything runs in a temporary directory (never build/ or target/), so it can run anywhere.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, proc.returncode, proc.stdout + proc.stderr


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--skip", default="", help="comma-separated: lint, tsql, parse")


def run(args: argparse.Namespace) -> int:
    skip = set(filter(None, args.skip.split(",")))
    work = Path(tempfile.mkdtemp(prefix="esa-bench-"))
    env = dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false", ESA_TARGET="local")
    for key in ("DBT_TARGET_PATH", "DBT_LOG_PATH", "ESA_INCREMENTAL_BRANCH"):
        env.pop(key, None)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} CPUs, {platform.python_version()}, load average {load:.1f} at start")
    sql_files = sum(1 for d in ("models", "macros", "tests", "snapshots", "analyses")
                    for _ in (REPO / d).rglob("*.sql"))  # fmt: skip
    print(f"project: {sql_files} SQL files")
    rows: list[tuple[str, float, str]] = []
    try:
        if "lint" not in skip:
            seconds, rc, _ = timed(
                [str(BIN / "sqlfluff"), "lint", "models", "macros", "tests", "snapshots", "analyses",
                 "--processes", "2", "--disable-progress-bar", "--nofail"], env,
            )  # fmt: skip
            rows.append(("sqlfluff lint, whole project (--processes 2)", seconds, "target < 30 s"))
            cache = work / "lint-cache"
            esa_lint = [str(BIN / "esa"), "lint", "--processes", "2", "--cache-dir", str(cache)]
            seconds, rc, _ = timed(esa_lint, env)
            rows.append(("esa lint, whole project, empty cache", seconds, f"exit {rc}"))
            seconds, rc, _ = timed(esa_lint, env)
            rows.append(("esa lint, whole project, nothing changed", seconds, f"exit {rc}"))
            # One file's result gone from the cache is what a one-model edit costs.
            sorted(cache.glob("*.json"))[0].unlink()
            seconds, rc, _ = timed(esa_lint, env)
            rows.append(("esa lint, whole project, one file changed", seconds, f"exit {rc}"))
        if "parse" not in skip:
            profiles = work / "profiles"
            profiles.mkdir()
            shutil.copy(REPO / "profiles.example.yml", profiles / "profiles.yml")
            parse = [str(BIN / "dbt"), "parse", "--quiet", "--target", "local", "--profiles-dir", str(profiles),
                     "--target-path", str(work / "parse"), "--log-path", str(work / "parse" / "logs")]  # fmt: skip
            seconds, rc, out = timed(parse, env)
            rows.append(("dbt parse, cold (no partial parse)", seconds, "" if rc == 0 else f"FAILED: {out[-200:]}"))
            seconds, rc, _ = timed(parse, env)
            rows.append(("dbt parse, warm (partial parse, nothing changed)", seconds, "target < 3 s"))
            # The floor under any dbt command: Python importing dbt-core's CLI.
            seconds, rc, _ = timed([str(BIN / "python"), "-c", "import dbt.cli.main"], env)
            rows.append(("python -c 'import dbt.cli.main' (floor of every dbt command)", seconds, ""))
        if "tsql" not in skip:
            check = [str(BIN / "esa"), "tsql-check", "--work-dir", str(work / "tsql")]
            seconds, rc, out = timed(check, env)
            rows.append(("esa tsql-check, 3 targets x 2 branches, cold", seconds, f"exit {rc}"))
            print(out[out.find("Timings:") :] if "Timings:" in out else out[-2000:])
            seconds, rc, out = timed(check, env)
            rows.append(("esa tsql-check, warm (partial parse + grammar cache)", seconds, f"exit {rc}"))
            print(out[out.find("Timings:") :] if "Timings:" in out else out[-2000:])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{'benchmark':58} {'wall':>8}  note")
    for label, seconds, note in rows:
        print(f"{label:58} {seconds:7.1f}s  {note}")
    return 0
