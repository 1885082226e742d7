"""Benchmarks for the pull-request checks: prints wall times (not a test; figures for docs/benchmarks.md).

    .venv/bin/python scripts/benchmarks.py [--skip lint,tsql,parse]

- lint: `sqlfluff lint` of models, macros, tests, snapshots and analyses with --processes 2
  (target: under 30 s on 2 cores);
- tsql: `esa tsql-check` for synapse, hyperscale and fabric, cold (empty work dir) and warm;
- parse: `dbt parse --target local`, cold (no partial_parse.msgpack) and warm (target: under 3 s).

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

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, proc.returncode, proc.stdout + proc.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip", default="", help="comma-separated: lint, tsql, parse")
    args = parser.parse_args()
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


if __name__ == "__main__":
    raise SystemExit(main())
