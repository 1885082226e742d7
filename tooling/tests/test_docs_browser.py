"""The generated docs site in a real browser: Playwright driving Debian's Chromium headless
(/usr/bin/chromium; `make setup` installs it as root, Playwright never downloads a browser).

Reuses the session build: `dbt docs generate --no-compile` on its manifest (the catalog comes from
its DuckDB file), then a local http.server on 127.0.0.1. Screenshots go to build/docs-screenshots/.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import BIN, REPO, BuiltProject, run_dbt
from playwright import sync_api

from esa.docs_site import site_patch

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = REPO / "build" / "docs-screenshots"
PROJECT = "erp_service_analytics"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture(scope="module")
def site(built_project: BuiltProject) -> Iterator[str]:
    """The docs site of the session build, served on 127.0.0.1; yields its base URL."""
    assert CHROMIUM.exists(), "Debian's chromium is missing: run `make setup` as root or apt-get install chromium"
    target = built_project.target_path
    for args in (["docs", "generate", "--no-compile"], ["docs", "generate", "--no-compile", "--static"]):
        result = run_dbt([*args, "--target", "local"], built_project.env(), built_project.profiles_dir)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-1000:]
    site_patch.patch(target)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(target)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def browser(site: str) -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    """A page that records console errors, page errors and failed requests; none may occur."""
    pg = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    yield pg
    pg.close()
    assert problems == []


def _search(page: Any, query: str) -> list[str]:
    page.fill("#search", query)
    # The results page titles itself with the query it shows: wait for THIS query's results.
    page.wait_for_function("""q => [...document.querySelectorAll('.app-title h1 .break')]
        .some(e => e.innerText.trim() === q) && document.querySelectorAll('.search-result').length > 0""",
                           arg=query)
    names = page.eval_on_selector_all(".search-result h4", "els => els.map(e => e.innerText)")
    page.fill("#search", "")
    # Results of every kind (macros, metrics, exposures ... models) are ranked together by weight.
    return [str(n).split(" ")[0] for n in names if str(n).endswith(" model")]


def test_overview_renders_glossary_and_diagrams(site: str, page: Any) -> None:
    page.goto(f"{site}/index.html#!/overview")
    page.wait_for_selector("text=Business glossary")
    images = page.eval_on_selector_all(
        "img[src^='docs/assets/']", "els => els.map(e => [e.getAttribute('src'), e.complete && e.naturalWidth])")
    assert len(images) == 5 and all(width and width > 100 for _, width in images), images
    page.screenshot(path=str(SHOTS / "overview.png"), full_page=True)


@pytest.mark.parametrize(("query", "expected"), [
    ("revenue", {"fct_sales_order_lines", "rpt_sales_by_period_customer_product"}),
    ("revenue by month", {"fct_sales_order_lines", "rpt_sales_by_period_customer_product"}),
    ("open AR", {"rpt_ar_open_items", "rpt_ar_aging"}),
    ("SLA", {"fct_support_tickets"}),
])
def test_search_finds_the_marts_among_the_first_models(site: str, page: Any, query: str,
                                                       expected: set[str]) -> None:
    page.goto(f"{site}/index.html#!/overview")
    page.wait_for_selector("#search")
    first = _search(page, query)[:10]
    assert expected <= set(first), first


def test_both_pages_rank_search_results_before_limiting_them(site: str, built_project: BuiltProject) -> None:
    """dbt-docs drops its own search weights and keeps the first 20 matches in manifest order before
    sorting; site_patch re-weighs the search directive's results and sorts before the limit."""
    for name in site_patch.PAGES:
        text = (built_project.target_path / name).read_text(encoding="utf-8")
        assert "function esaWeigh(" in text and "}(esaWeigh(t.search(n.query),n.query)," in text, name
        assert "orderBy:\\'overallWeight\\':true | filter:limit_search" in text, name
        assert "filter:limit_search | orderBy" not in text, name


def test_a_mart_page_lists_columns_and_its_production_name(site: str, page: Any) -> None:
    page.goto(f"{site}/index.html#!/model/model.{PROJECT}.fct_sales_order_lines")
    page.wait_for_selector("text=In production")
    body = page.inner_text("body")
    assert "marts.fct_sales_order_lines" in body and "active date role" in body
    assert "net_amount" in body and "Net line amount" in body
    page.screenshot(path=str(SHOTS / "fct_sales_order_lines.png"), full_page=True)


def test_lineage_reaches_a_power_bi_exposure(site: str, page: Any) -> None:
    page.goto(f"{site}/index.html#!/model/model.{PROJECT}.rpt_ar_aging?g_v=1")
    page.wait_for_selector("#submit-graph-selection")
    page.fill("input[ng-model='selectorService.selection.dirty.include']", "rpt_ar_aging+")
    page.click("#submit-graph-selection")
    page.wait_for_timeout(2000)
    shown = page.evaluate("""() => angular.element(document.body).injector().get('graph').graph.elements
        .filter(e => e.group === 'nodes' && !(e.classes || '').includes('hidden'))
        .map(e => [e.data.unique_id, e.data.resource_type, (e.data.tags || []).join(',')])""")
    exposures = [uid for uid, kind, tags in shown if kind == "exposure" and "power_bi" in tags]
    assert f"exposure.{PROJECT}.power_bi_credit_control" in exposures, shown
    page.screenshot(path=str(SHOTS / "lineage_rpt_ar_aging.png"))


def test_the_static_single_page_site_loads_without_errors(site: str, page: Any) -> None:
    page.goto(f"{site}/static_index.html#!/overview")
    page.wait_for_selector("text=Business glossary")
    page.screenshot(path=str(SHOTS / "static_overview.png"))


def _coverage(target: Path, report: Path, *paths: str, fail_under: float | None = None) -> int:
    cmd = [str(BIN / "dbt-coverage"), "compute", "doc", "--run-artifacts-dir", str(target),
           "--cov-report", str(report)]
    for path in paths:
        cmd += ["--model-path-filter", path]
    if fail_under is not None:
        cmd += ["--cov-fail-under", str(fail_under)]
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False).returncode


def test_doc_coverage_is_complete_for_the_marts_and_reported_for_the_rest(site: str, built_project: BuiltProject,
                                                                        tmp_path: Path) -> None:
    """dbt-coverage over the session build's manifest and catalog (the `site` fixture wrote the catalog)."""
    target = built_project.target_path
    assert _coverage(target, tmp_path / "marts.json", "models/marts", "models/erp_reporting", fail_under=1.0) == 0
    marts = json.loads((tmp_path / "marts.json").read_text())
    assert marts["total"] > 700 and marts["covered"] == marts["total"]
    assert _coverage(target, tmp_path / "other.json", "models/staging", "models/intermediate") == 0
    other = json.loads((tmp_path / "other.json").read_text())
    assert other["total"] > 0 and len(other["tables"]) > 50
