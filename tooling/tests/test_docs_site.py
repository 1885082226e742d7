"""The docs site's content: doc blocks, groups and access, exposures, production names, diagrams,
and source freshness measured against the landing zone's own end. Reuses the session build."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO, BuiltProject, run_dbt
from esa.cli import main as esa_main

DOC_REF = re.compile(r"""doc\(\s*'{1,2}(\w+)'{1,2}\s*\)|doc\(\s*"(\w+)"\s*\)""")
DOC_BLOCK = re.compile(r"{%\s*docs\s+(\w+)\s*%}")


@pytest.fixture(scope="module")
def manifest(built_project: BuiltProject) -> dict[str, Any]:
    return json.loads((built_project.target_path / "manifest.json").read_text())


def _models(manifest: dict[str, Any], folder: str) -> list[dict[str, Any]]:
    return [n for n in manifest["nodes"].values()
            if n["resource_type"] == "model" and n["original_file_path"].startswith(f"models/{folder}/")]


def test_every_doc_block_is_used() -> None:
    blocks: set[str] = set()
    used: set[str] = set()
    for path in [*REPO.glob("models/**/*"), *REPO.glob("macros/**/*.yml"), *REPO.glob("seeds/**/*.yml"),
                 *REPO.glob("snapshots/**/*.yml")]:
        if path.is_file() and path.suffix in (".md", ".yml", ".sql"):
            text = path.read_text()
            blocks |= set(DOC_BLOCK.findall(text))
            used |= {a or b for a, b in DOC_REF.findall(text)}
    assert blocks - used - {"__overview__"} == set()


def test_marts_are_public_in_owned_groups_and_building_blocks_are_not(manifest: dict[str, Any]) -> None:
    groups = {g["name"]: g for g in manifest["groups"].values()}
    assert {"sales", "customer_service", "finance"} <= set(groups)
    assert all(g["owner"].get("email") for g in groups.values())
    marts = _models(manifest, "marts") + _models(manifest, "erp_reporting")
    assert marts and all(m["access"] == "public" and m["group"] in groups for m in marts)
    blocks = _models(manifest, "staging") + _models(manifest, "intermediate")
    assert blocks and all(m["access"] in ("protected", "private") for m in blocks)



def test_anonymous_usage_stats_are_off_in_the_project() -> None:
    project = yaml.safe_load((REPO / "dbt_project.yml").read_text())
    assert project["flags"]["send_anonymous_usage_stats"] is False


def test_every_hyperscale_mart_has_a_power_bi_exposure(manifest: dict[str, Any]) -> None:
    exposed = {uid for e in manifest["exposures"].values() for uid in e["depends_on"]["nodes"]}
    rpt = _models(manifest, "erp_reporting")
    assert len(rpt) >= 20
    assert [m["name"] for m in rpt if m["unique_id"] not in exposed] == []
    app = manifest["exposures"]["exposure.erp_service_analytics.power_bi_finance_operations_app"]
    assert "# ERP reporting marts (Hyperscale)" in app["description"]  # erp_reporting_overview is shown


def test_each_mart_page_names_its_production_table(manifest: dict[str, Any]) -> None:
    for folder, where in (("marts", "Synapse dedicated SQL pool `marts."), ("erp_reporting", "Hyperscale `reporting.")):
        for m in _models(manifest, folder):
            assert f"{where}{m['name']}`" in m["description"], m["name"]
    lines = manifest["nodes"]["model.erp_service_analytics.fct_sales_order_lines"]["description"]
    assert "| `order_date_key` | `dim_date.date_key` | many-to-one | active date role |" in lines
    assert "| `ship_date_key` | `dim_date.date_key` | many-to-one | inactive date role" in lines


def test_generated_docs_and_diagrams_are_up_to_date(built_project: BuiltProject, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    manifest = built_project.target_path / "manifest.json"
    assert esa_main(["docs", "diagrams", "--check", "--manifest", str(manifest)]) == 0
    for name in ("architecture", "erd_sales", "erd_customer_service", "erd_app_engagement", "erd_erp_reporting"):
        assert (REPO / "docs/assets" / f"{name}.svg").stat().st_size > 1000
        assert f"docs/assets/{name}.svg" in (REPO / "models/overview.md").read_text()


def test_search_words_are_in_the_marts_descriptions(manifest: dict[str, Any]) -> None:
    text = {n["name"]: n["description"].lower() for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    assert "revenue by month" in text["fct_sales_order_lines"]
    assert "revenue by month" in text["rpt_sales_by_period_customer_product"]
    assert "open ar" in text["rpt_ar_open_items"] and "sla attainment" in text["fct_support_tickets"]


def _freshness(built_project: BuiltProject, landing: Path, target: Path, select: str) -> tuple[int, dict[str, Any]]:
    env = built_project.env()
    env.update(ESA_LANDING_DIR=str(landing), DBT_TARGET_PATH=str(target), DBT_LOG_PATH=str(target / "logs"))
    result = run_dbt(["source", "freshness", "--target", "local", "--select", select], env,
                     built_project.profiles_dir)
    sources = target / "sources.json"
    assert sources.exists(), result.stdout[-3000:] + result.stderr[-1000:]
    return result.returncode, json.loads(sources.read_text())


def test_freshness_is_clean_on_the_generated_zone(built_project: BuiltProject) -> None:
    rc, out = _freshness(built_project, built_project.landing, built_project.target_path, "source:*")
    statuses = {r["unique_id"]: r["status"] for r in out["results"]}
    assert "source.erp_service_analytics.lake_catalog.product_reviews" in statuses
    assert rc == 0 and set(statuses.values()) == {"pass"}, statuses


def test_freshness_errors_when_the_zone_ends_days_after_a_source(built_project: BuiltProject,
                                                                 tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    for area in built_project.landing.iterdir():
        if area.name != "_manifest.json":
            (landing / area.name).symlink_to(area)
    zone = json.loads((built_project.landing / "_manifest.json").read_text())
    last = zone["last_date"]
    zone["last_date"] = f"{int(last[:4]) + 1}{last[4:]}"  # the zone claims to run a year longer
    (landing / "_manifest.json").write_text(json.dumps(zone))
    rc, out = _freshness(built_project, landing, tmp_path / "target", "source:lake_catalog")
    assert rc != 0 and {r["status"] for r in out["results"]} == {"error"}
    shutil.rmtree(tmp_path / "target", ignore_errors=True)
