"""`esa tsql-check`: compile the project for every T-SQL target with no server and check the SQL."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from esa.tsql_check.rules import RULES
    from esa.tsql_check.runner import BRANCHES, TARGETS

    rules = "\n".join(f"  {name:22} {doc}" for name, (doc, _) in RULES.items())
    parser = sub.add_parser(
        "tsql-check",
        help="Compile for synapse, hyperscale and fabric offline and check the T-SQL (grammar + pool rules).",
        description=(
            "Compile every model, snapshot and data test for each T-SQL target with no server (both branches "
            "of every incremental model, via var esa_incremental_branch), then check the compiled SQL with "
            "SQLFluff's tsql grammar (sqlglot as second opinion) and these rules:\n"
            f"{rules}\n  {'grammar':22} SQLFluff tsql parses it\n  {'compile':22} dbt compiles it offline\n"
            "Exit status 1 when any rule is violated."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--project-dir", type=Path, default=Path("."), help="dbt project (default: .)")
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=Path(os.environ.get("ESA_TSQL_CHECK_DIR", "build/tsql_check")),
        help="target paths and logs (default: $ESA_TSQL_CHECK_DIR or build/tsql_check)",
    )
    parser.add_argument("--target", dest="targets", action="append", choices=TARGETS, help="repeatable; default all")
    parser.add_argument("--branch", dest="branches", action="append", choices=BRANCHES, help="repeatable; default both")
    parser.add_argument("--select", "-s", nargs="+", default=[], help="dbt selection (default: everything)")
    parser.add_argument("--no-grammar", action="store_true", help="skip the SQLFluff/sqlglot grammar check")
    parser.add_argument(
        "--all-tests-grammar",
        action="store_true",
        help="grammar-check every generic test instance (default: one per generic test and target)",
    )
    parser.add_argument("--jobs", type=int, default=None, help="parallel dbt compiles / parsers (default: CPUs)")
    parser.add_argument("--threads", type=int, default=4, help="dbt --threads for each compile")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from esa.tsql_check.runner import BRANCHES, TARGETS, run_check

    project_dir = args.project_dir.resolve()
    work_dir = args.work_dir if args.work_dir.is_absolute() else project_dir / args.work_dir
    report = run_check(
        project_dir,
        work_dir,
        targets=args.targets or TARGETS,
        branches=args.branches or BRANCHES,
        select=args.select,
        grammar=not args.no_grammar,
        all_tests_grammar=args.all_tests_grammar,
        jobs=args.jobs,
        threads=args.threads,
    )
    for violation in report.violations:
        print(violation.render())
    print("\nTimings:")
    for label, seconds in report.timings:
        print(f"  {seconds:7.1f} s  {label}")
    errors = report.errors
    warnings = len(report.violations) - len(errors)
    summary = (
        f"\ntsql-check: {report.node_count} nodes x {len(args.targets or TARGETS)} targets, "
        f"{len(errors)} violation(s), {warnings} warning(s)"
    )
    print(summary, file=sys.stderr if errors else sys.stdout)
    return 1 if errors else 0
