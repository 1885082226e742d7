"""`esa pr-check`: slim CI, build and test only what a change touches (esa.slim_ci)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "pr-check",
        help="Slim CI: build and test only state:modified+ against a base git ref, deferring to its manifest.",
        description="Build and test, on the local DuckDB target, the nodes modified against BASE and their "
                    "children; everything else resolves to BASE's manifest (--defer), built once per base commit "
                    "in $ESA_PR_CHECK_DIR (default build/pr_check). Run it in the project's clone. "
                    "docs/pr_checks.md explains it.",
    )
    parser.add_argument("base", metavar="BASE", help="the git ref to compare with, e.g. origin/main")
    parser.add_argument("--list", action="store_true", help="only print the selected nodes (dbt ls), build nothing")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from esa.slim_ci import pr_check

    return pr_check(args.base, args.list)
