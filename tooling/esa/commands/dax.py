"""`esa dax verify`: evaluate every exported DAX measure and compare it with MetricFlow (docs/dax_evaluator.md)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "dax",
        help="The DAX evaluator: prove the exported Power BI measures.",
        description="No engine runs DAX here: `esa dax verify` evaluates the measures of an exported Power BI "
        "model (`make powerbi`) on the local DuckDB build and compares every one with its dbt metric.",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    verify = actions.add_parser(
        "verify",
        help="Evaluate every exported measure per month and per month and one dimension; compare with MetricFlow.",
        description="Reads <export>/*.SemanticModel (TMDL) and <export>/export_report.json, evaluates each measure "
        "on the local DuckDB build, and compares it with MetricFlow's query engine (what `mf query` runs). "
        "Prints one line per metric; exits 1 on any mismatch.",
    )
    verify.add_argument(
        "--export", type=Path, required=True, help="one destination's export, e.g. build/powerbi/synapse"
    )
    verify.add_argument("--duckdb", type=Path, default=Path(os.environ.get("ESA_DUCKDB_PATH", "build/esa.duckdb")))
    verify.add_argument(
        "--landing",
        type=Path,
        default=Path(os.environ.get("ESA_LANDING_DIR", "build/landing")),
        help="landing zone whose erp.duckdb is attached as erp_db, as the local profile does",
    )
    verify.add_argument("--project-dir", type=Path, default=Path("."), help="the dbt project (default: here)")
    verify.add_argument("--profiles-dir", type=Path, default=Path("."), help="where profiles.yml is (default: here)")
    verify.add_argument(
        "--target-dir",
        type=Path,
        default=Path(os.environ.get("DBT_TARGET_PATH", "target")),
        help="where `dbt parse` wrote semantic_manifest.json (default: target)",
    )
    verify.add_argument(
        "--group-by",
        action="append",
        default=[],
        metavar="DIMENSION",
        help="preferred grouping dimension (entity__dimension), repeatable; else the first mappable",
    )
    verify.add_argument(
        "--month",
        action="append",
        default=[],
        metavar="YYYY-MM",
        help="months to compare (default: every month in which a simple metric has data)",
    )
    verify.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import duckdb

    from esa.dax_eval.verify import render, verify

    def connect() -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(str(args.duckdb), read_only=True)
        erp = args.landing / "erp" / "erp.duckdb"
        if erp.exists():
            con.execute(f"attach '{erp}' as erp_db (read_only)")
        return con

    result = verify(
        args.export, connect, args.project_dir, args.profiles_dir, args.target_dir, args.group_by, args.month or None
    )
    print(render(result))
    return 0 if result.ok else 1
