"""Shared pieces of the Power BI export tests: exports per target (from the session's offline parses), the
fixture export (real dbt manifest + hand-written semantic manifest) and the TMDL checker's results."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from esa.powerbi.export import ExportResult, export

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tooling" / "tests" / "fixtures" / "powerbi" / "semantic_manifest.json"
# Typed date columns the fixture's semantic model uses as time dimensions (what helper "semantic" adds to facts).
FIXTURE_DATE_COLUMNS = {"fct_sales_order_lines": ("order_date", "ship_date")}


def run_export(target: str, target_dir: Path, out: Path, profiles_dir: Path) -> ExportResult:
    return export(target, target_dir, out, profiles_dir, REPO)


def fixture_target_dir(parsed_target: Path, work: Path) -> Path:
    """A target dir with the parsed manifest (plus the fixture's date columns) and the fixture semantic manifest."""
    manifest: dict[str, Any] = json.loads((parsed_target / "manifest.json").read_text())
    for model, columns in FIXTURE_DATE_COLUMNS.items():
        node = manifest["nodes"][f"model.erp_service_analytics.{model}"]
        for column in columns:
            node["columns"][column] = {"name": column, "data_type": "date", "meta": {},
                                       "description": f"{column} (test fixture)"}
    work.mkdir(parents=True, exist_ok=True)
    (work / "manifest.json").write_text(json.dumps(manifest))
    shutil.copy(FIXTURE, work / "semantic_manifest.json")
    return work


def definition_dir(result: ExportResult) -> Path:
    return next(result.out.glob("*.SemanticModel")) / "definition"
