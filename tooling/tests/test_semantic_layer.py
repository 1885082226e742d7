"""The semantic layer (MetricFlow) on the session build: its configs validate against the warehouse,
and `mf query` gives the same numbers as the marts.

mf reads `<project dir>/target/semantic_manifest.json` (it ignores DBT_TARGET_PATH), so the
fixture gives it a project dir of its own: dbt_project.yml, the session build's semantic manifest
and the committed profile, with the session's DuckDB file and landing zone in the environment.
Each mf call costs about 5 s of CPU (imports); the tests make five.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import BIN, REPO, BuiltProject, relation_of

FORMATS = {"currency", "percent", "whole_number", "decimal"}
METRIC_TYPES = {"simple", "ratio", "derived", "cumulative", "conversion"}


@dataclass(frozen=True)
class MetricFlow:
    project_dir: Path
    env: dict[str, str]

    def run(self, args: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / "mf"), *args], cwd=self.project_dir, env=self.env, capture_output=True, text=True, check=False
        )

    def query(self, metrics: list[str], group_by: list[str], name: str) -> list[dict[str, str]]:
        out = self.project_dir / f"{name}.csv"
        result = self.run(
            ["query", "--metrics", ",".join(metrics), "--group-by", ",".join(group_by), "--csv", str(out)]
        )
        assert result.returncode == 0 and out.exists(), result.stdout[-3000:] + result.stderr[-3000:]
        with out.open(newline="") as handle:
            return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def mf(built_project: BuiltProject, tmp_path_factory: pytest.TempPathFactory) -> MetricFlow:
    project_dir = tmp_path_factory.mktemp("mf")
    shutil.copy(REPO / "dbt_project.yml", project_dir / "dbt_project.yml")
    (project_dir / "target").mkdir()
    shutil.copy(built_project.target_path / "semantic_manifest.json", project_dir / "target" / "semantic_manifest.json")
    shutil.copy(built_project.profiles_dir / "profiles.yml", project_dir / "profiles.yml")
    env = built_project.env()
    env.update(DBT_PROFILES_DIR=str(project_dir), DBT_PROJECT_DIR=str(project_dir))
    return MetricFlow(project_dir, env)


@pytest.fixture(scope="module")
def manifest(built_project: BuiltProject) -> dict[str, Any]:
    return json.loads((built_project.target_path / "manifest.json").read_text())


def _mart(built_project: BuiltProject, sql: str) -> list[tuple[Any, ...]]:
    """Rows of a query on the session build; `{name}` placeholders are models. Opened after mf ran:
    mf opens the DuckDB file read-write and cannot while a test holds it."""
    con = built_project.connect()
    try:
        names = {name: relation_of(con, name) for name in _MODELS if "{" + name + "}" in sql}
        return con.execute(sql.format(**names)).fetchall()
    finally:
        con.close()


_MODELS = ("fct_sales_order_lines", "fct_support_tickets", "dim_channel", "rpt_ar_dso", "rpt_ar_open_items")


def _month(value: str) -> str | None:
    return value[:7] if value else None


def _amount(value: str | None) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01")) if value else Decimal("0.00")


def test_mf_validate_configs_against_the_warehouse(mf: MetricFlow) -> None:
    result = mf.run(["validate-configs"])
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "Successfully validated metrics against data warehouse" in output, output[-4000:]
    assert "ERRORS: 0" in output


def test_net_order_value_by_month_equals_the_sales_mart(mf: MetricFlow, built_project: BuiltProject) -> None:
    # Lines without an order date (date key -1) have no month; MetricFlow puts them in one row with
    # no currency when a cumulative metric is in the query, so only dated months are compared.
    rows = mf.query(
        ["net_order_value", "net_order_value_mtd"], ["metric_time__month", "sales_order_line__currency_code"], "sales"
    )
    got = {
        (_month(row["metric_time__month"]), row["sales_order_line__currency_code"]): _amount(row["net_order_value"])
        for row in rows
        if row["net_order_value"] and row["metric_time__month"]
    }
    expected = {
        (month, currency): _amount(str(amount))
        for month, currency, amount in _mart(
            built_project,
            """
            select strftime(order_date, '%Y-%m'), currency_code, sum(net_amount_eur)
            from {fct_sales_order_lines}
            where is_cancelled = 0 and order_date is not null
            group by all
            """,
        )
    }
    assert len(expected) > 4
    assert got == expected
    # month to date, read by month, is the month's total (period_agg: last)
    mtd = {
        (_month(row["metric_time__month"]), row["sales_order_line__currency_code"]): _amount(row["net_order_value_mtd"])
        for row in rows
        if row["net_order_value"] and row["metric_time__month"]
    }
    assert mtd == expected


def test_tickets_by_channel_and_month_equal_the_service_mart(mf: MetricFlow, built_project: BuiltProject) -> None:
    rows = mf.query(["tickets_opened"], ["metric_time__month", "channel__channel_name"], "tickets")
    got = {
        (_month(row["metric_time__month"]), row["channel__channel_name"] or None): int(row["tickets_opened"])
        for row in rows
    }
    expected = {
        (month, channel): count
        for month, channel, count in _mart(
            built_project,
            """
            select strftime(tickets.created_at, '%Y-%m'), channels.channel_name, count(*)
            from {fct_support_tickets} as tickets
            left join {dim_channel} as channels
                on tickets.channel_key = channels.channel_key
            group by all
            """,
        )
    }
    assert len(expected) > 4
    assert got == expected


def test_reopen_rate_and_first_contact_resolution_follow_their_definitions(
    mf: MetricFlow, built_project: BuiltProject
) -> None:
    """Reopen rate is over tickets resolved at least once (not tickets opened); first-contact resolution
    counts exactly one agent message, over resolved tickets an agent handled (glossary)."""
    metrics = ["tickets_ever_resolved", "reopened_tickets", "agent_resolved_tickets", "first_contact_resolved_tickets"]
    rows = mf.query([*metrics, "reopen_rate", "first_contact_resolution"], ["metric_time__month"], "ticket_rates")
    got = {_month(row["metric_time__month"]): tuple(int(row[m] or 0) for m in metrics) for row in rows}
    expected = {
        month: counts
        for month, *counts in _mart(
            built_project,
            """
            select
                strftime(created_at, '%Y-%m'),
                sum(case when coalesce(resolved_at, closed_at) is not null or reopen_count > 0 then 1 else 0 end),
                sum(case when reopen_count > 0 then 1 else 0 end),
                sum(case when coalesce(resolved_at, closed_at) is not null and agent_message_count >= 1
                    then 1 else 0 end),
                sum(case when coalesce(resolved_at, closed_at) is not null and reopen_count = 0
                    and agent_message_count = 1 then 1 else 0 end)
            from {fct_support_tickets}
            group by all
            """,
        )
    }
    assert len(expected) > 2
    assert got == {month: tuple(int(c) for c in counts) for month, counts in expected.items()}
    for row in rows:
        ever, reopened, handled, first_contact = (int(row[m] or 0) for m in metrics)
        if ever:
            assert Decimal(row["reopen_rate"]) == pytest.approx(Decimal(reopened) / ever), row
        if handled:
            assert Decimal(row["first_contact_resolution"]) == pytest.approx(Decimal(first_contact) / handled), row


def test_dso_by_month_equals_the_dso_mart(mf: MetricFlow, built_project: BuiltProject) -> None:
    rows = mf.query(["dso"], ["metric_time__month"], "dso")
    got = {_month(row["metric_time__month"]): _amount(row["dso"]) for row in rows if row["dso"]}
    expected = {
        month: _amount(str(days))
        for month, days in _mart(
            built_project,
            "select strftime(period_start_date, '%Y-%m'), dso_days from {rpt_ar_dso} where dso_days is not null",
        )
    }
    assert expected
    assert got == expected


def test_open_ar_by_aging_bucket_equals_the_open_items_mart(mf: MetricFlow, built_project: BuiltProject) -> None:
    rows = mf.query(["open_ar"], ["ar_open_item__aging_bucket"], "open_ar")
    got = {row["ar_open_item__aging_bucket"]: _amount(row["open_ar"]) for row in rows}
    expected = {
        bucket: _amount(str(amount))
        for bucket, amount in _mart(
            built_project, "select aging_bucket, sum(open_amount_eur) from {rpt_ar_open_items} group by all"
        )
    }
    assert len(expected) > 1
    assert got == expected


def test_every_metric_is_labelled_described_and_formatted(manifest: dict[str, Any]) -> None:
    metrics = list(manifest["metrics"].values())
    assert len(metrics) >= 30
    assert {metric["type"] for metric in metrics} == METRIC_TYPES
    for metric in metrics:
        meta = metric.get("config", {}).get("meta") or metric.get("meta") or {}
        assert metric.get("label"), f"{metric['name']}: no label"
        assert len(metric.get("description") or "") > 20, f"{metric['name']}: no business description"
        assert meta.get("format") in FORMATS, f"{metric['name']}: format {meta.get('format')!r}"
        assert meta.get("display_folder"), f"{metric['name']}: no display folder"


def test_every_exposure_has_saved_queries_and_they_name_real_metrics(manifest: dict[str, Any]) -> None:
    """Every exposure that reads a model of the semantic layer has a saved query per main visual."""
    semantic = {uid for sm in manifest["semantic_models"].values() for uid in sm["depends_on"]["nodes"]}
    exposures = {node["name"] for node in manifest["exposures"].values() if set(node["depends_on"]["nodes"]) & semantic}
    assert len(exposures) >= 7
    metrics = {node["name"] for node in manifest["metrics"].values()}
    by_exposure: dict[str, int] = {}
    for saved in manifest["saved_queries"].values():
        exposure = saved["config"]["meta"].get("exposure")
        assert exposure in exposures, f"{saved['name']}: unknown exposure {exposure!r}"
        by_exposure[exposure] = by_exposure.get(exposure, 0) + 1
        assert set(saved["query_params"]["metrics"]) <= metrics
    assert set(by_exposure) == exposures
