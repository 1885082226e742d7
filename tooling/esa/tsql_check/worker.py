"""One T-SQL target, in one process: parse once, then compile each incremental branch in-process.

Run by runner.py as `python -m esa.tsql_check.worker` (one process per target, in parallel). The
branch reaches is_incremental() through the env var ESA_INCREMENTAL_BRANCH, so the parsed manifest
is reused for the second branch and dbt's partial parsing stays warm across runs.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

CHECKED_TYPES = ("model", "snapshot", "test")
EXCLUDED = ["resource_type:unit_test", "resource_type:analysis", "resource_type:seed"]


def _selection(select: list[str], branch: str) -> list[str]:
    if branch == "full":
        return ["--select", *select] if select else []
    incremental = "config.materialized:incremental"
    chosen = [f"{s},{incremental}" for s in select] if select else [incremental]
    # Only the models' SQL differs between branches; their tests are compiled in the full branch.
    return ["--select", *chosen, "--indirect-selection", "empty"]


def _node_record(node: Any) -> dict[str, Any]:
    config = node.config
    contract = getattr(node, "contract", None)
    enforced = bool(getattr(contract, "enforced", False))
    columns = getattr(node, "columns", {}) or {}
    test_metadata = getattr(node, "test_metadata", None)
    return {
        "unique_id": node.unique_id,
        "resource_type": str(node.resource_type),
        "name": node.name,
        "path": node.original_file_path,
        "sql": getattr(node, "compiled_code", None) or "",
        "materialized": getattr(config, "materialized", "") or "",
        "alias": getattr(node, "alias", None) or node.name,
        "schema": getattr(node, "schema", "") or "",
        "contract_columns": {c.name: c.data_type for c in columns.values()} if enforced else {},
        "generic_test": test_metadata.name if test_metadata is not None else "",
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    from dbt.cli.main import dbtRunner

    target_path = Path(args.work_dir) / args.target
    common = [
        "--project-dir", args.project_dir,
        "--profiles-dir", args.profiles_dir,
        "--target", args.target,
        "--target-path", str(target_path),
        "--log-path", str(target_path / "logs"),
        "--no-use-colors",
        "--quiet",
    ]  # fmt: skip
    out: dict[str, Any] = {"target": args.target, "runs": [], "timings": []}
    start = time.perf_counter()
    os.environ["ESA_INCREMENTAL_BRANCH"] = args.branches[0]
    parsed = dbtRunner().invoke(["parse", *common])
    out["timings"].append([f"dbt parse {args.target}", time.perf_counter() - start])
    if not parsed.success or parsed.result is None:
        out["error"] = f"dbt parse failed for {args.target}: {parsed.exception}"
        return out
    manifest: Any = parsed.result
    for branch in args.branches:
        os.environ["ESA_INCREMENTAL_BRANCH"] = branch
        start = time.perf_counter()
        compile_args = [
            "compile", *common, "--no-introspect", "--no-populate-cache", "--no-write-json",
            "--threads", str(args.threads), *_selection(args.select, branch), "--exclude", *EXCLUDED,
        ]  # fmt: skip
        result = dbtRunner(manifest=manifest).invoke(compile_args)
        seconds = time.perf_counter() - start
        record: dict[str, Any] = {"branch": branch, "nodes": [], "errors": [], "seconds": seconds}
        results: Any = result.result
        if results is None or not hasattr(results, "results"):
            record["fatal"] = str(result.exception)
        else:
            for node_result in results.results:
                node = node_result.node
                if str(node.resource_type) not in CHECKED_TYPES:
                    continue
                if str(node_result.status) != "success":
                    message = " ".join(str(node_result.message or "compile failed").split())
                    record["errors"].append({**_node_record(node), "message": message[:600]})
                else:
                    record["nodes"].append(_node_record(node))
        out["runs"].append(record)
        out["timings"].append([f"dbt compile {args.target}/{branch} ({len(record['nodes'])} nodes)", seconds])
    os.environ.pop("ESA_INCREMENTAL_BRANCH", None)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--project-dir", required=True)
    parser.add_argument("--profiles-dir", required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--branches", nargs="+", default=["full", "incremental"])
    parser.add_argument("--select", nargs="*", default=[])
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    Path(args.out).write_text(json.dumps(run(args)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
