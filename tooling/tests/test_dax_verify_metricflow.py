"""End to end with the real MetricFlow: a tiny dbt project (fixtures/dax_eval/mf_project, the rows of dax_tiny)
with ten metrics, and the Tiny TMDL model whose measures translate them.

`esa dax verify`'s pipeline runs as in production: MetricFlow compiles each metric's queries in a child
process, the SQL runs on the DuckDB build, the evaluator computes the DAX, cell by cell. Cost: one dbt build of
four tiny models and one MetricFlow child (about 12 s of CPU together).

It also pins a difference by design, seen here first: a cumulative window metric with `period_agg: last`
takes, per month and group, the value of the LAST DAY THAT HAS DATA, while DAX's DATESINPERIOD(..., MAX(date),
-28, DAY) ends on the month's last date. For SMB in March the only order in reach is Feb 28 (20.00): MetricFlow
keeps Mar 27's window (Feb 28 .. Mar 27) and says 20.00, DAX's window (Mar 4 .. Mar 31) is BLANK.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from dax_tiny import MODEL

from esa.dax_eval import Evaluator, load_model
from esa.dax_eval.compare import compare_all, zone_months
from esa.dax_eval.mf_reference import MetricReference
from esa.dax_eval.verify import Verification, render, verify

PROJECT = Path(__file__).parent / "fixtures" / "dax_eval" / "mf_project"
BIN = Path(sys.executable).parent
TRANSLATED = {
    "net_sales": "Net Sales",
    "enterprise_sales": "Enterprise Sales",
    "orders": "Orders",
    "cancel_rate": "Cancel Rate",
    "shipped_sales": "Shipped Sales",
    "active_users": "Users No Blank",
    "sales_mtd": "Sales MTD",
    "sales_last_28_days": "Sales Last 28 Days",
    "sales_prior_month": "Sales Prior Month",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny project copied, built with dbt-duckdb, and an export folder beside it."""
    work = tmp_path_factory.mktemp("dax_mf")
    proj = work / "project"
    shutil.copytree(PROJECT, proj)
    (work / "profiles.yml").write_text(
        "dax_eval_tiny:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n"
        f"      path: {work / 'tiny.duckdb'}\n      schema: main\n      threads: 1\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DBT_")}
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    result = subprocess.run(
        [str(BIN / "dbt"), "build", "--profiles-dir", str(work)], cwd=proj, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-4000:]
    export = work / "export"
    shutil.copytree(MODEL, export / MODEL.name)
    (export / "export_report.json").write_text(
        json.dumps({"model": "Tiny", "translated": TRANSLATED, "untranslated": {"cancelled_orders": "an input"}})
    )
    return work


def connect(work: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(work / "tiny.duckdb"), read_only=True)


@pytest.fixture(scope="module")
def verification(project: Path) -> Verification:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DBT_")}
    proj = project / "project"
    return verify(
        project / "export", lambda: connect(project), proj, project, proj / "target", ["customer__segment"], env=env
    )


def test_every_measure_equals_metricflow_but_the_documented_window_cell(verification: Verification) -> None:
    checks = {c.metric: c for c in verification.checks}
    assert set(checks) == set(TRANSLATED)
    assert verification.months == ["2024-12", "2025-01", "2025-02", "2025-03"]
    for metric, check in checks.items():
        assert check.error is None, check.line()
        # 4 months x (the month alone + segment BLANK, Enterprise, SMB)
        assert (check.dimension, check.cells) == ("customer__segment", 16), check.line()
        if metric != "sales_last_28_days":
            assert check.ok, (check.line(), check.mismatches)
    window = checks["sales_last_28_days"]
    assert (window.equal, window.largest_difference) == (15, 20.0)
    assert window.mismatches == [
        "sales_last_28_days at (2025-03, customer__segment='SMB'): DAX None, MetricFlow Decimal('20.00')"
    ]
    assert not verification.ok
    text = render(verification)
    assert "FAIL sales_last_28_days [Sales Last 28 Days] by month and customer__segment: 16 cells, 15 equal" in text
    assert "not a measure (export report): cancelled_orders: an input" in text


@pytest.fixture(scope="module")
def references(verification: Verification) -> list[MetricReference]:
    return verification.references


def test_metricflow_decimal_sums_stay_exact(references: list[MetricReference]) -> None:
    net = next(r for r in references if r.metric == "net_sales")
    assert net.by_month == {
        "2024-12": Decimal("10.00"),
        "2025-01": Decimal("180.00"),
        "2025-02": Decimal("220.00"),
        "2025-03": Decimal("75.00"),
    }
    assert net.by_month_and_dimension[("2025-03", None)] == Decimal("5.00")  # the unknown customer


def test_a_filter_without_keepfilters_fails_against_metricflow(
    project: Path, references: list[MetricReference], tmp_path: Path
) -> None:
    wrong = tmp_path / MODEL.name
    shutil.copytree(MODEL, wrong)
    sales = wrong / "definition" / "tables" / "Sales.tmdl"
    text = sales.read_text(encoding="utf-8")
    sales.write_text(
        text.replace("KEEPFILTERS('Customer'[segment] = \"Enterprise\")", "'Customer'[segment] = \"Enterprise\""),
        encoding="utf-8",
    )
    ev = Evaluator(load_model(wrong), connect(project))
    months = zone_months(references)
    checks = {
        c.metric: c
        for c in compare_all(ev, TRANSLATED, references, {"customer__segment": ("Customer", "segment")}, months)
    }
    assert checks["net_sales"].ok
    assert not checks["enterprise_sales"].ok
    assert (
        "enterprise_sales at (2025-01, customer__segment='SMB'): DAX Decimal('130.00'), MetricFlow None"
        in checks["enterprise_sales"].mismatches
    )
