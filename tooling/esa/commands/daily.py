"""`esa daily`: the daily job on the local DuckDB target (esa.daily)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "daily",
        help="The daily job: dbt build after a landing, with the row tests of the incremental models on "
             "the day's slice and no unit tests.",
        description="Run `dbt build --target local` as the scheduled job after each landing runs it: "
                    "--vars '{test_since: lookback}' (the row tests of the incremental models read the day's "
                    "slice), --exclude-resource-type unit_test (unit tests run where code changes: make "
                    "build, make test, CI) and --log-level-file info. Any other argument goes to dbt, "
                    "e.g. `esa daily --select marts`. docs/benchmarks.md, 'The daily job'.",
    )
    parser.set_defaults(func=run, passthrough=[])


def run(args: argparse.Namespace) -> int:
    from esa.daily import daily_args

    dbt = Path(sys.executable).with_name("dbt")
    cmd = [str(dbt), "build", "--target", "local", *daily_args("build"), *args.passthrough]
    print("+ " + " ".join(cmd), flush=True)
    return subprocess.call(cmd)
