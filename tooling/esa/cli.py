"""The `esa` command line: the project's own tooling. Run `esa --help`.

A small dispatcher: each subcommand lives in its own module under esa.commands and registers
itself with ``register(subparsers)``. Only the module of the command being run is imported (the
others are listed by name and help text): `esa generate` does not pay for the benchmark, lint or
dbt tooling's imports, and `esa --help` imports none of them.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Collection, Sequence

# command -> (module under esa.commands, the help line `esa --help` shows; test_cli checks it is the module's)
COMMANDS: dict[str, tuple[str, str]] = {
    "generate": ("generate", "Generate the landing zone (deterministic for a seed; re-run with more days to extend "
                             "it)."),
    "contract-doc": ("contract_doc", "Render only docs/landing_contract.md from the contract (esa contract-render "
                                     "writes it too)."),
    "contract-render": ("contract_render", "Render the sources YAML, column doc blocks and docs/landing_contract.md "
                                           "from the contract."),
    "lint": ("lint", "SQLFluff lint of the project's SQL, reusing cached results of unchanged files."),
    "tsql-check": ("tsql_check", "Compile for synapse, hyperscale and fabric offline and check the T-SQL (grammar "
                                 "+ pool rules)."),
    "dax": ("dax", "The DAX evaluator: prove the exported Power BI measures."),
    "powerbi": ("powerbi", "Power BI semantic model (PBIP/TMDL) from the dbt manifests."),
    "docs": ("docs", "Generate docs content from the manifest: production doc blocks, ERDs, architecture."),
    "check": ("check", "The project's checks that pre-commit runs: text files, dbt conventions."),
    "pr-check": ("pr_check", "Slim CI: build and test only state:modified+ against a base git ref, deferring to its "
                             "manifest."),
    "daily": ("daily", "The daily job: dbt build after a landing, with the row tests of the incremental models on "
                       "the day's slice and no unit tests."),
    "bench": ("bench", "Benchmarks: the build's scale curve (default), the PR checks, the generator."),
}


def build_parser(full: Collection[str] | None = None) -> argparse.ArgumentParser:
    """The parser; the commands in ``full`` (None: all) are registered by their modules, the others by name
    and help line only (enough for `esa --help` and for argparse's list of choices)."""
    parser = argparse.ArgumentParser(prog="esa", description="erp_service_analytics tooling.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, help_line) in COMMANDS.items():
        if full is None or name in full:
            importlib.import_module(f"esa.commands.{module}").register(sub)
        else:
            sub.add_parser(name, help=help_line)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    # the top-level parser takes no option but --help, so the first other word names the command
    command = next((a for a in args_in if not a.startswith("-")), None)
    parser = build_parser([command] if command in COMMANDS else ())
    args, extra = parser.parse_known_args(args_in)
    if extra and not hasattr(args, "passthrough"):  # only a command that hands its extra arguments on takes them
        parser.error("unrecognized arguments: " + " ".join(extra))
    if extra:
        args.passthrough = [*args.passthrough, *extra]
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
