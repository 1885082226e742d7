"""`esa contract-render`: render every file that the landing contract defines.

docs/landing_contract.md, the dbt sources YAML of every landing area, the ERP column doc blocks and
the staging models YAML of erp and lake_erp (with entities/staging.yml)
are rendered from the contract's data files (tooling/esa/landing/entities/*.yml). ``--check`` exits 1
and names the stale files when a committed file differs from its rendering (pre-commit and pytest).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "contract-render",
        help="Render the sources YAML, column doc blocks and docs/landing_contract.md from the contract.",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--root", type=Path, default=Path("."), help="repository root (default: .)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is out of date")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from esa.landing.dbt_render import render_all, stale

    if args.check:
        out_of_date = stale(args.root)
        for rel in out_of_date:
            print(f"{rel} is out of date: run `esa contract-render`", file=sys.stderr)
        return 1 if out_of_date else 0
    for rel, text in render_all().items():
        path = args.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
            print(f"wrote {rel}")
    return 0
