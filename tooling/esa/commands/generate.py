"""`esa generate`: write the landing zone (ERP catalog, lake files, Cosmos exports)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from esa.landing.generator import LandingError, generate
from esa.landing.params import Params

DEFAULTS = Params()


def iso_date(text: str) -> dt.date:
    """--start as a calendar day; argparse shows the message instead of "invalid fromisoformat value"."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a calendar day in the form YYYY-MM-DD: {text!r}") from None


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "generate",
        help="Generate the landing zone (deterministic for a seed; re-run with more days to extend it).",
        description=(
            "Generate the landing zone described by docs/landing_contract.md. Re-running into the same --out "
            "with the same seed, scale, dirty rate and start but more --days writes only the new partitions."
        ),
    )
    parser.add_argument("--out", type=Path, required=True, help="landing root directory")
    parser.add_argument("--scale", type=float, default=DEFAULTS.scale,
                        help="1 = about 50k customers, 1M order lines, 5M events per year (default %(default)s)")
    parser.add_argument("--days", type=int, default=DEFAULTS.days, help="days to generate (default %(default)s)")
    parser.add_argument("--seed", type=int, default=DEFAULTS.seed, help="random seed (default %(default)s)")
    parser.add_argument("--dirty", type=float, default=DEFAULTS.dirty,
                        help="rate of each dirty-data variant, 0 = clean (default %(default)s)")
    parser.add_argument("--start", type=iso_date, default=DEFAULTS.start,
                        help="first day, YYYY-MM-DD (default %(default)s: the fiscal year starts on 1 July)")
    parser.add_argument("--overwrite", action="store_true",
                        help="first delete the files an earlier run wrote in --out (as its _manifest.json lists them; "
                             "other files stay); needed to change seed/scale/... or the generator version")
    parser.add_argument("--quiet", action="store_true", help="print nothing on success")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        params = Params(scale=args.scale, days=args.days, seed=args.seed, dirty=args.dirty, start=args.start)
    except ValueError as exc:
        print(f"esa generate: {exc}", file=sys.stderr)
        return 2
    last, today = params.start + dt.timedelta(days=params.days - 1), dt.date.today()
    if last > today:
        earlier = today - dt.timedelta(days=params.days)
        print(f"esa generate: warning: the zone runs to {last}, after today ({today}). dbt quarantines rows "
              "stamped more than 48 h in the future (stg_quarantine__implausible_timestamps_rejected), so the "
              f"marts and their reconciliation tests see part of the data; pass --start {earlier} or earlier.",
              file=sys.stderr)
    try:
        manifest = generate(args.out, params, overwrite=args.overwrite,
                            log=None if args.quiet else (lambda m: print(m, file=sys.stderr)))
    except LandingError as exc:
        print(f"esa generate: {exc}", file=sys.stderr)
        if "--overwrite" in str(exc):
            print("esa generate: with make, start afresh with: make landing FRESH=1 (plus your SCALE/DAYS/SEED)",
                  file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"esa generate: cannot write the landing zone in {args.out}: {exc}", file=sys.stderr)
        return 1
    if not args.quiet:
        total = sum(e["rows"] for e in manifest["entities"].values())
        print(f"landing zone in {args.out}: {len(manifest['entities'])} entities, {total} rows, "
              f"{manifest['first_date']} .. {manifest['last_date']}")
    return 0
