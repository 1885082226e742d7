"""`esa powerbi export`: write the Power BI project (PBIP/TMDL) of one destination."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("powerbi", help="Power BI semantic model (PBIP/TMDL) from the dbt manifests.",
                            description="Power BI semantic model (PBIP/TMDL) from the dbt manifests.")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser(
        "export", help="Write <out>/<target>/: the semantic model, a report per exposure, export_report.json.",
        description="Read manifest.json and semantic_manifest.json of `dbt parse --target <target>` and write "
                    "the PBIP of that destination. Fails when a metric is neither a measure nor listed.")
    export.add_argument("--target", required=True, choices=["synapse", "fabric", "hyperscale"])
    export.add_argument("--out", type=Path, default=Path("build/powerbi"))
    export.add_argument("--target-dir", type=Path, default=Path("target"),
                        help="dbt target directory holding the manifests parsed for --target (default: target)")
    export.add_argument("--profiles-dir", type=Path, default=Path("."), help="where profiles.yml is (default: .)")
    export.add_argument("--project-dir", type=Path, default=Path("."))
    export.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from esa.powerbi.export import export
    from esa.powerbi.report import render

    result = export(args.target, args.target_dir, args.out, args.profiles_dir, args.project_dir)
    print(render(result.report))
    print(f"  written to {result.out} (report: {result.out / 'export_report.json'})")
    if result.missing:
        print(f"FAILED: metrics neither translated nor listed: {', '.join(result.missing)}")
        return 1
    return 0
