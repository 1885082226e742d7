"""The docs site's content: doc blocks, groups and access, exposures, production names, diagrams,
and source freshness measured against the landing zone's own end. Reuses the session build."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, BuiltProject, dbt_env, generate_landing, run_dbt

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


def test_generated_docs_and_diagrams_are_up_to_date(built_project: BuiltProject,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
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


@pytest.fixture(scope="module")
def fresh_zone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A zone as `make landing` generates it (scale 0.1, 365 days): freshness reads only the
    sources, so no dbt build is needed."""
    out = tmp_path_factory.mktemp("fresh_zone")
    result = generate_landing(out, scale="0.1", days="365", seed="42", dirty="0.02")
    assert result.returncode == 0, result.stderr[-2000:]
    return out


def _freshness(profiles_dir: Path, landing: Path, select: str) -> tuple[int, dict[str, Any]]:
    target = landing.parent / f"{landing.name}_target"
    env = dbt_env(landing, landing.parent / f"{landing.name}.duckdb", target)
    result = run_dbt(["source", "freshness", "--target", "local", "--select", select], env, profiles_dir)
    sources = target / "sources.json"
    assert sources.exists(), result.stdout[-3000:] + result.stderr[-1000:]
    return result.returncode, json.loads(sources.read_text())


def test_freshness_is_clean_on_a_freshly_generated_zone(profiles_dir: Path, fresh_zone: Path) -> None:
    rc, out = _freshness(profiles_dir, fresh_zone, "source:*")
    statuses = {r["unique_id"].split(".", 2)[2]: r["status"] for r in out["results"]}
    assert "lake_catalog.product_reviews" in statuses and len(statuses) > 30
    assert rc == 0 and set(statuses.values()) == {"pass"}, statuses


def test_freshness_errors_when_the_zone_runs_on_without_a_source(profiles_dir: Path, fresh_zone: Path) -> None:
    manifest = fresh_zone / "_manifest.json"
    original = manifest.read_text()
    zone = json.loads(original)
    zone["last_date"] = f"{int(zone['last_date'][:4]) + 1}{zone['last_date'][4:]}"  # a year on, nothing new landed
    manifest.write_text(json.dumps(zone))
    try:
        rc, out = _freshness(profiles_dir, fresh_zone, "source:lake_catalog source:lake_erp.sales_orders")
    finally:
        manifest.write_text(original)
    assert rc != 0 and [r["status"] for r in out["results"]] == ["error", "error"]
