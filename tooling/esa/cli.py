"""The `esa` command line: the project's own tooling. Run `esa --help`.

A small dispatcher: each subcommand lives in its own module under esa.commands and registers
itself with ``register(subparsers)``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from esa.commands import (
    bench,
    check,
    contract_doc,
    contract_render,
    daily,
    dax,
    docs,
    generate,
    lint,
    powerbi,
    pr_check,
    tsql_check,
)

COMMANDS = (generate, contract_doc, contract_render, lint, tsql_check, dax, powerbi, docs, check, pr_check, daily,
            bench)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="esa", description="erp_service_analytics tooling.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and not hasattr(args, "passthrough"):  # only a command that hands its extra arguments on takes them
        parser.error("unrecognized arguments: " + " ".join(extra))
    if extra:
        args.passthrough = [*args.passthrough, *extra]
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
