"""`esa contract-doc`: render docs/landing_contract.md alone from the contract (entities/*.yml)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "contract-doc",
        help="Render only docs/landing_contract.md from the contract (esa contract-render writes it too).",
        description=(
            "Render the landing contract (tooling/esa/landing/entities/*.yml) as Markdown, to --out or "
            "standard output. `esa contract-render` writes the same file together with the sources YAML."
        ),
    )
    parser.add_argument("--out", type=Path, default=None, help="file to write (default: standard output)")
    parser.add_argument("--check", action="store_true", help="exit 1 if --out differs from the rendering")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from esa.landing.doc import render

    text = render()
    if args.out is None:
        sys.stdout.write(text)
        return 0
    if args.check:
        current = args.out.read_text() if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date: run `esa contract-render` (or `esa contract-doc --out {args.out}`)",
                  file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text)
    return 0
