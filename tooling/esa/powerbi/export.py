"""Orchestrate one export: manifests -> model -> TMDL, JSON parts and the export report on disk."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from esa.powerbi import manifests, pbip, report, tmdl
from esa.powerbi.build import DESTINATIONS, Builder


@dataclass(frozen=True)
class ExportResult:
    out: Path
    report: dict[str, Any]
    missing: list[str]  # metrics neither translated nor listed (the export fails when non-empty)


def export(target: str, target_dir: Path, out: Path, profiles_dir: Path, project_dir: Path,
           profile: str = "erp_service_analytics") -> ExportResult:
    loaded = manifests.load(target_dir)
    server, database = manifests.connection(profiles_dir, profile, target)
    builder = Builder(loaded, DESTINATIONS[target], server, database, manifests.project_vars(project_dir))
    model = builder.build()
    files: dict[PurePosixPath, str] = {}
    root = PurePosixPath(f"{model.name}.SemanticModel")
    files.update({root / path: text for path, text in tmdl.files(model).items()})
    files.update(pbip.semantic_model_files(model))
    files.update(pbip.report_files(model))
    metrics = [m["name"] for m in loaded.semantic.get("metrics") or []]
    result = report.export_report(model, builder.log, metrics)
    files[PurePosixPath("export_report.json")] = report.to_json(result)
    destination = out / target
    if destination.exists():
        shutil.rmtree(destination)
    for path, text in sorted(files.items()):
        file = destination / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(text.encode("utf-8"))
    return ExportResult(destination, result, report.check(result))
