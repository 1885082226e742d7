"""Every function in every generated DAX measure is on the DAX evaluator's supported list, for the exports of all
three destinations and for the export fixture that uses every metric type: the exporter cannot outgrow its proof
(issue 11). Reuses the session's offline parses; the exports take about a second each."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import OfflineProject
from powerbi_helpers import fixture_target_dir, run_export

from esa.dax_eval import load_model, unsupported_functions
from esa.dax_eval.verify import semantic_model_dir
from esa.powerbi.export import ExportResult

TARGETS = ("synapse", "fabric", "hyperscale")


@pytest.fixture(scope="module")
def dax_exports(
    offline_projects: Callable[[str], OfflineProject], profiles_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, ExportResult]:
    out = tmp_path_factory.mktemp("dax_exports")
    results = {t: run_export(t, offline_projects(t).work / "target", out, profiles_dir) for t in TARGETS}
    work = fixture_target_dir(offline_projects("synapse").work / "target", out / "fixture_target")
    results["fixture"] = run_export("synapse", work, out / "fixture", profiles_dir)
    return results


@pytest.mark.parametrize("name", [*TARGETS, "fixture"])
def test_every_generated_measure_uses_only_supported_functions(name: str, dax_exports: dict[str, ExportResult]) -> None:
    model = load_model(semantic_model_dir(dax_exports[name].out))
    measures = {m.name: m.expression for m in model.measures.values()}
    assert measures, name
    assert unsupported_functions(measures) == {}
