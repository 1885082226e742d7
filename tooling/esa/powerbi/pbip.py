"""The JSON parts of a PBIP: the semantic model's .platform and definition.pbism, and one thin report per
exposure (definition.pbir by path to the model, a blank page, the exposure's perspective as default)."""

from __future__ import annotations

import json
import uuid
from pathlib import PurePosixPath
from typing import Any

from esa.powerbi.build import NAMESPACE
from esa.powerbi.model import SemanticModel

SCHEMAS = "https://developer.microsoft.com/json-schemas/fabric/"


def dump(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _platform(kind: str, display_name: str) -> str:
    return dump({
        "$schema": SCHEMAS + "gitIntegration/platformProperties/2.0.0/schema.json",
        "metadata": {"type": kind, "displayName": display_name},
        "config": {"version": "2.0", "logicalId": str(uuid.uuid5(NAMESPACE, f"{kind}:{display_name}"))},
    })


def semantic_model_files(model: SemanticModel) -> dict[PurePosixPath, str]:
    root = PurePosixPath(f"{model.name}.SemanticModel")
    return {
        root / ".platform": _platform("SemanticModel", model.name),
        root / "definition.pbism": dump({
            "$schema": SCHEMAS + "item/semanticModel/definitionProperties/1.0.0/schema.json",
            "version": "4.2", "settings": {}}),
    }


def report_files(model: SemanticModel) -> dict[PurePosixPath, str]:
    """One report folder and .pbip shortcut per perspective (that is, per exposure)."""
    out: dict[PurePosixPath, str] = {}
    for perspective in model.perspectives:
        folder = f"{perspective.exposure}.Report"
        root = PurePosixPath(folder)
        page = "overview"
        out[PurePosixPath(f"{perspective.exposure}.pbip")] = dump({
            "$schema": SCHEMAS + "pbip/pbipProperties/1.0.0/schema.json", "version": "1.0",
            "artifacts": [{"report": {"path": folder}}], "settings": {"enableAutoRecovery": True}})
        out[root / ".platform"] = _platform("Report", perspective.name)
        out[root / "definition.pbir"] = dump({
            "$schema": SCHEMAS + "item/report/definitionProperties/2.0.0/schema.json", "version": "4.0",
            "datasetReference": {"byPath": {"path": f"../{model.name}.SemanticModel"}}})
        definition = root / "definition"
        out[definition / "version.json"] = dump({
            "$schema": SCHEMAS + "item/report/definition/versionMetadata/1.0.0/schema.json", "version": "2.0.0"})
        out[definition / "report.json"] = dump({
            "$schema": SCHEMAS + "item/report/definition/report/3.3.0/schema.json",
            "themeCollection": {"baseTheme": {
                "name": "CY24SU10", "reportVersionAtImport": {"visual": "1.8.50", "report": "2.0.50", "page": "1.3.50"},
                "type": "SharedResources"}},
            "settings": {"defaultDataExplorePerspective": perspective.name}})
        out[definition / "pages" / "pages.json"] = dump({
            "$schema": SCHEMAS + "item/report/definition/pagesMetadata/1.0.0/schema.json",
            "pageOrder": [page], "activePageName": page})
        out[definition / "pages" / page / "page.json"] = dump({
            "$schema": SCHEMAS + "item/report/definition/page/2.0.0/schema.json", "name": page,
            "displayName": perspective.name, "displayOption": "FitToPage", "height": 720, "width": 1280})
    return out
