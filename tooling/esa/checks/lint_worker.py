"""SQLFluff lint of the given files for `esa lint` (esa.checks.lint_cache runs it in a subprocess).

Prints the JSON records that `sqlfluff lint --format json` prints. With --progress (esa lint asks for it
when its stderr is a terminal) SQLFluff's own file progress bar counts the files on stderr as they are
linted: the CLI turns that bar off for every machine-readable format.
"""

from __future__ import annotations

import argparse
import json
import sys

from sqlfluff.core import FluffConfig, Linter
from sqlfluff.core.config import progress_bar_configuration


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="esa lint worker", description=__doc__)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--progress", action="store_true", help="SQLFluff's file progress bar on stderr")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    progress_bar_configuration.disable_progress_bar = not args.progress
    config = FluffConfig.from_root(overrides={"processes": args.processes}, require_dialect=False)
    result = Linter(config=config).lint_paths(
        tuple(args.files), ignore_non_existent_files=False, processes=args.processes, retain_files=False
    )
    json.dump(result.as_records(), sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
