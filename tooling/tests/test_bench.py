"""`esa bench` end to end at a tiny scale, narrowed to one incremental fact: the outputs' shape, no timings.

Cost: one generation at scale 0.005 over 10 days and about eleven dbt commands on the ~20 models
upstream of fct_interaction_events and their tests (the idle day and dbt's two `--empty` commands are
three of them: about 28 s of CPU under load). The long-history pair (`--long-days`) is left out here:
it repeats the same code path on a second zone and would add two full parses and builds to CI.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from esa.bench import report

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SELECT = "+fct_interaction_events"
DAYS = 10


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    work = tmp_path_factory.mktemp("bench")
    docs = work / "benchmarks.md"
    docs.write_text("# Benchmarks\n\nHand-written text above.\n")
    cmd = [str(BIN / "esa"), "bench", "--scales", "0.005", "--days", str(DAYS), "--long-days", "0",
           "--select", SELECT, "--work-dir", str(work / "runs"), "--keep", "--json", str(work / "bench.json"),
           "--docs", str(docs), "--chart", str(work / "assets" / "chart.png")]
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return work, json.loads((work / "bench.json").read_text())


def _is_measured(figure: dict[str, Any]) -> bool:
    # A dbt test that fails is the project's outcome; the harness records the exit code and goes on.
    return (isinstance(figure["returncode"], int) and figure["seconds"] > 0 and figure["peak_rss_mb"] > 0
            and set(figure["load"]) == {"start", "mean", "max"})


def test_every_figure_is_measured_with_its_machine_and_load(bench_run: tuple[Path, dict[str, Any]]) -> None:
    _, results = bench_run
    [(run_id, run)] = results["runs"].items()
    machine = run["machine"]
    assert machine["cores"] >= 1 and machine["memory_gb"] > 0 and machine["cpu_model"]
    assert run["config"]["select"] == SELECT and run["commit"]  # the measured checkout's commit
    # the DuckDB settings dbt ran with, env vars resolved (a memory figure means little without its limit)
    assert run["config"]["duckdb_settings"]["memory_limit"], run["config"]
    [scale] = results["scales"]
    assert all(scale[g]["run"] == run_id
               for g in ("generation", "full", "raw_floor", "one_more_day", "idle_day", "dbt_floor"))
    assert scale["scale"] == 0.005 and scale["days"] == DAYS
    assert scale["generation"]["days"] == DAYS and scale["generation"]["rows"] > 0
    assert scale["generation_one_more_day"]["days"] == DAYS + 1
    figures = [scale["generation"], scale["generation_one_more_day"],
               *(scale["full"][k] for k in ("models", "tests", "whole")),
               *(scale["one_more_day"][k] for k in ("models", "tests", "whole")), scale["idle_day"]["whole"],
               scale["dbt_floor"]["whole"], scale["dbt_floor"]["models"]]
    assert all(_is_measured(f) for f in figures), figures
    assert all(f["cpu_seconds"] > 0 for f in figures if "generate" not in f["label"]), figures
    for share in ("models_share_of_full", "tests_share_of_full", "whole_share_of_full"):
        assert scale["one_more_day"][share] > 0
    assert "long_history" not in scale and run["config"]["long_days"] == 0


def test_raw_floor_runs_every_model_dbt_ran(bench_run: tuple[Path, dict[str, Any]]) -> None:
    work, results = bench_run
    [scale] = results["scales"]
    logs = work / "runs" / "scale-0.005" / "logs"
    run = json.loads((logs / "run.run_results.json").read_text())["results"]
    ran = [r for r in run if r["unique_id"].startswith("model.") and r["status"] == "success"]
    assert len(ran) > 5 and scale["raw_floor"]["models"] == len(ran)
    assert scale["raw_floor"]["seconds"] > 0 and scale["raw_floor"]["cpu_seconds"] > 0
    assert scale["raw_floor"]["dbt_run_ratio"] > 0
    heaviest = [n["cpu_seconds"] for n in scale["raw_floor"]["slowest"]]
    assert heaviest == sorted(heaviest, reverse=True)


def test_slowest_nodes_are_ten_at_most_slowest_first(bench_run: tuple[Path, dict[str, Any]]) -> None:
    _, results = bench_run
    nodes = results["scales"][0]["full"]["slowest_nodes"]
    assert 1 <= len(nodes) <= 10
    seconds = [n["seconds"] for n in nodes]
    assert seconds == sorted(seconds, reverse=True)


def test_markdown_and_chart_written(bench_run: tuple[Path, dict[str, Any]]) -> None:
    work, results = bench_run
    text = (work / "benchmarks.md").read_text()
    assert text.startswith("# Benchmarks\n\nHand-written text above.\n")
    assert text.count(report.BEGIN) == 1 and text.count(report.END) == 1
    assert "| 0.005 | full: whole (`dbt build`) |" in text and "one more day over" not in text  # --long-days 0
    assert "](assets/chart.png)" in text
    assert (work / "assets" / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # Writing again replaces the section and keeps the text around it.
    (work / "benchmarks.md").write_text(text + "\nHand-written text below.\n")
    report.write_markdown(report.markdown(results, work / "assets" / "chart.png", work / "benchmarks.md"),
                          work / "benchmarks.md")
    again = (work / "benchmarks.md").read_text()
    assert again.count(report.BEGIN) == 1 and again.endswith("Hand-written text below.\n")


def test_daily_tests_of_an_opted_in_fact_read_only_the_new_slice(bench_run: tuple[Path, dict[str, Any]]) -> None:
    """The daily `dbt test` ran with test_since=lookback: the row tests of opted-in models are sliced, others not."""
    work, _ = bench_run
    root = work / "runs" / "scale-0.005"
    nodes = json.loads((root / "target" / "manifest.json").read_text())["nodes"]
    results = [r for r in json.loads((root / "logs" / "day-test.run_results.json").read_text())["results"]
               if r["unique_id"].startswith("test.")]
    assert results

    def opted_in(test: dict[str, Any]) -> bool:
        model = nodes.get(nodes[test["unique_id"]].get("attached_node") or "", {})
        return "test_slice" in (model.get("config", {}).get("meta") or {})

    row_tests = ("unique", "not_null", "relationships", "accepted_values")
    fact = "model.erp_service_analytics.fct_interaction_events"
    sliced = [r for r in results if opted_in(r)
              and (nodes[r["unique_id"]].get("test_metadata") or {}).get("name") in row_tests]
    others = [r for r in results if nodes[r["unique_id"]].get("attached_node") and not opted_in(r)
              and not nodes[r["unique_id"]]["config"].get("where")]
    assert sliced and others
    assert any(nodes[r["unique_id"]].get("attached_node") == fact for r in sliced)
    assert all(r["status"] in ("pass", "warn") for r in sliced)
    assert all("dbt_subquery" in r["compiled_code"] and "landed_at >= cast(" in r["compiled_code"]
               for r in sliced), [r["unique_id"] for r in sliced]
    assert not any("dbt_subquery" in r["compiled_code"] for r in others)


def test_the_day_runs_the_daily_job(bench_run: tuple[Path, dict[str, Any]]) -> None:
    """The day's build is `esa daily`'s (esa.daily): the slice's vars, no unit tests, the info log file."""
    work, _ = bench_run
    logs = work / "runs" / "scale-0.005" / "logs"
    day, full = (json.loads((logs / f"{label}.run_results.json").read_text()) for label in ("day-build", "build"))
    assert day["args"]["exclude_resource_types"] == ["unit_test"] and day["args"]["log_level_file"] == "info"
    assert day["args"]["vars"] == {"test_since": "lookback"}
    assert not any(r["unique_id"].startswith("unit_test.") for r in day["results"])
    assert not full["args"].get("exclude_resource_types") and not full["args"].get("vars")


def _results(logs: Path, label: str) -> dict[str, Any]:
    return json.loads((logs / f"{label}.run_results.json").read_text())


def _node(results: dict[str, Any], name: str) -> dict[str, Any]:
    [node] = [r for r in results["results"] if r["unique_id"].split(".")[-1] == name]
    return node


def test_new_parts_ratios_are_the_recorded_figures(bench_run: tuple[Path, dict[str, Any]]) -> None:
    """The idle day's and dbt's floor's ratios are their figures over the same run's full build and day."""
    _, results = bench_run
    [scale] = results["scales"]
    full, day, idle, empty = scale["full"], scale["one_more_day"], scale["idle_day"], scale["dbt_floor"]
    for key, whole in (("whole", full["whole"]), ("models", full["models"])):
        assert empty[f"{key}_share_of_full"] == round(empty[key]["seconds"] / whole["seconds"], 3)
        assert empty["cpu_shares_of_full"][key] == round(empty[key]["cpu_seconds"] / whole["cpu_seconds"], 3)
    assert idle["whole_share_of_full"] == round(idle["whole"]["seconds"] / full["whole"]["seconds"], 3)
    assert idle["cpu_shares_of_full"]["whole"] == round(idle["whole"]["cpu_seconds"] / full["whole"]["cpu_seconds"], 3)
    assert idle["ratio_to_day"] == round(idle["whole"]["seconds"] / day["whole"]["seconds"], 3)
    assert idle["cpu_ratio_to_day"] == round(idle["whole"]["cpu_seconds"] / day["whole"]["cpu_seconds"], 3)
    assert {"idle", "empty"} <= set(results["runs"][scale["full"]["run"]]["config"]["parts"])


def test_dbt_floor_runs_empty_on_a_fresh_database(bench_run: tuple[Path, dict[str, Any]]) -> None:
    """`dbt build --empty` / `dbt run --empty`: the daily job's arguments, no rows, every model's first-run branch."""
    work, _ = bench_run
    logs = work / "runs" / "scale-0.005" / "logs"
    full_run = _results(logs, "run")
    for label, command in (("empty-build", "build"), ("empty-run", "run")):
        empty = _results(logs, label)
        assert empty["args"]["empty"] is True and empty["args"]["which"] == command
        assert empty["args"]["vars"] == {"test_since": "lookback"} and empty["args"]["log_level_file"] == "info"
        models = [r for r in empty["results"] if r["unique_id"].startswith("model.")]
        # Every model dbt ran in the full build ran here too, and succeeded (`dbt run` needs the seeds copied).
        assert {r["unique_id"] for r in models} == {
            r["unique_id"] for r in full_run["results"] if r["unique_id"].startswith("model.")}
        assert all(r["status"] == "success" for r in models), [(r["unique_id"], r["status"]) for r in models]
        staged = _node(empty, "stg_cosmos__interaction_events")
        assert "where false limit 0" in staged["compiled_code"]
        # A fresh database: the incremental model takes its first-run branch (it does not read itself).
        assert staged["relation_name"] not in staged["compiled_code"]
    build = _results(logs, "empty-build")
    assert build["args"]["exclude_resource_types"] == ["unit_test"]
    assert any(r["unique_id"].startswith("test.") for r in build["results"])
    assert not any(r["unique_id"].startswith("unit_test.") for r in build["results"])


def test_idle_day_runs_the_daily_job_with_nothing_newly_landed(bench_run: tuple[Path, dict[str, Any]]) -> None:
    """The idle day is the daily job's build right after the day's: its watermark is the newest arrival landed."""
    work, _ = bench_run
    root = work / "runs" / "scale-0.005"
    day, idle = _results(root / "logs", "day-build"), _results(root / "logs", "idle-build")
    assert idle["args"]["vars"] == {"test_since": "lookback"} and idle["args"]["log_level_file"] == "info"
    assert idle["args"]["exclude_resource_types"] == ["unit_test"] and not idle["args"].get("empty")
    assert {r["unique_id"] for r in idle["results"]} == {r["unique_id"] for r in day["results"]}

    def watermark(results: dict[str, Any]) -> str:
        staged = _node(results, "stg_cosmos__interaction_events")
        assert staged["relation_name"] in staged["compiled_code"]  # the incremental branch
        [literal] = re.findall(r"_landed_at >= cast\('([^']+)' as timestamp\)", staged["compiled_code"])
        return literal

    changes = root / "landing" / "cosmos" / "interaction_events" / "changes" / "*" / "*.parquet"
    newest = duckdb.sql(f"select strftime(max(cast(_landed_at as timestamp)), '%Y-%m-%d %H:%M:%S') "
                        f"from read_parquet('{changes}')").fetchone()
    assert newest is not None
    # The day's build staged the new day (its watermark was the day before); the idle run starts from it.
    assert watermark(day) < watermark(idle) and watermark(idle).startswith(newest[0])
