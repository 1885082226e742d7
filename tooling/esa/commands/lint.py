"""`esa lint`: SQLFluff (the project's .sqlfluff) with a result cache; see esa.checks.lint_cache."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from esa.checks.lint_cache import DEFAULT_PATHS


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "lint",
        help="SQLFluff lint of the project's SQL, reusing cached results of unchanged files.",
        description=(
            "Lint models, macros, tests, snapshots and analyses (or the given paths) with SQLFluff and the "
            "project's .sqlfluff. A file is linted again only when it, a macro, the SQLFluff config, the "
            "templater or the SQLFluff version changed. Exit 1 on any violation."
        ),
    )
    parser.add_argument("paths", nargs="*", default=list(DEFAULT_PATHS), help="files or folders (default: all)")
    parser.add_argument("--project-dir", type=Path, default=Path.cwd(),
                        help="the project whose .sqlfluff and macros apply (default: the working directory)")
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=Path(os.environ.get("ESA_LINT_CACHE_DIR", ".cache/esa-lint")),
        help="where results are kept (default .cache/esa-lint, or $ESA_LINT_CACHE_DIR), relative to the project",
    )
    parser.add_argument("--no-cache", action="store_true", help="lint every file and keep nothing")
    parser.add_argument("--processes", type=int, default=2, help="SQLFluff processes (default 2)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from esa.checks.lint_cache import lint

    project_dir = args.project_dir.resolve()
    missing = [p for p in args.paths if not (project_dir / p).exists()]
    if missing:
        print(f"esa lint: no such file or folder: {', '.join(missing)} (paths are relative to {project_dir}; "
              f"run `esa lint` alone to lint {', '.join(DEFAULT_PATHS)})", file=sys.stderr)
        return 2
    cache_dir = None if args.no_cache else project_dir / args.cache_dir
    result = lint(project_dir, tuple(args.paths), cache_dir, args.processes)
    for path in sorted(result.violations):
        violations = result.violations[path]
        if not violations:
            continue
        print(f"== [{path}] FAIL")
        for violation in sorted(violations, key=lambda v: (v.line, v.position, v.code)):
            print(violation.render())
    files = len(result.linted) + len(result.cached)
    print(
        f"esa lint: {files} files ({len(result.linted)} linted, {len(result.cached)} from the cache) in "
        f"{result.seconds:.1f} s; {len(result.errors)} violations"
    )
    if result.sqlfluff_failed:
        print(f"esa lint: SQLFluff failed:\n{result.sqlfluff_failed}", file=sys.stderr)
        return 2
    return 1 if result.errors else 0
