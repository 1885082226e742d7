"""Run the same dbt tests once per set of --vars, in one process, with one manifest (test_test_slice.py).

`python slice_runner.py <project dir> <profiles dir> <target path> <partial_parse.msgpack> <select> <vars>...`
prints one JSON object: for each vars string, each test's status, failures and compiled SQL.

The manifest is the session build's own (its partial_parse.msgpack, a dbt Manifest), so no command
parses the project again: a test's SQL, its `where` and the test slice (var test_since) are rendered
when the test runs, with that invocation's vars. Without a readable msgpack it parses once.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def load_manifest(msgpack: Path) -> Any:
    """The Manifest that dbt saved for partial parsing, with the flat graph that `graph` reads; None if unreadable."""
    try:
        from dbt.contracts.graph.manifest import Manifest
        from dbt.parser.manifest import extended_mashumuro_decoder

        manifest = Manifest.from_msgpack(msgpack.read_bytes(), decoder=extended_mashumuro_decoder)
    except Exception:  # any failure means: parse instead
        return None
    manifest.build_flat_graph()
    return manifest


def main(argv: list[str]) -> dict[str, Any]:
    from dbt.cli.main import dbtRunner

    project_dir, profiles_dir, target_path, msgpack, select, *all_vars = argv
    common = ["--project-dir", project_dir, "--profiles-dir", profiles_dir, "--target", "local",
              "--target-path", target_path, "--log-path", str(Path(target_path) / "logs"), "--quiet"]
    manifest = load_manifest(Path(msgpack))
    out: dict[str, Any] = {"parsed": manifest is None, "runs": {}}
    if manifest is None:
        parsed = dbtRunner().invoke(["parse", *common])
        if not parsed.success:
            raise SystemExit(f"dbt parse failed: {parsed.exception}")
        manifest = parsed.result
    for test_vars in all_vars:
        args = ["test", *common, "--select", *select.split(), "--vars", test_vars]
        result = dbtRunner(manifest=manifest).invoke(args)
        if result.result is None or not hasattr(result.result, "results"):
            raise SystemExit(f"dbt test failed to run: {result.exception}")
        out["runs"][test_vars] = {
            r.node.name: {"status": str(r.status), "failures": r.failures, "sql": r.node.compiled_code or ""}
            for r in result.result.results
        }
    return out


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
