"""`esa bench` end to end at a tiny scale, narrowed to one incremental fact: the outputs' shape, no timings.

Cost: one generation at scale 0.005 over 10 days and about eight dbt commands on the ~20 models
upstream of fct_interaction_events and their tests. The long-history pair (`--long-days`) is left out
here: it repeats the same code path on a second zone and would add two full parses and builds to CI.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

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
    [scale] = results["scales"]
    assert all(scale[g]["run"] == run_id for g in ("generation", "full", "raw_floor", "one_more_day"))
    assert scale["scale"] == 0.005 and scale["days"] == DAYS
    assert scale["generation"]["days"] == DAYS and scale["generation"]["rows"] > 0
    assert scale["generation_one_more_day"]["days"] == DAYS + 1
    figures = [scale["generation"], scale["generation_one_more_day"],
               *(scale["full"][k] for k in ("models", "tests", "whole")),
               *(scale["one_more_day"][k] for k in ("models", "tests", "whole"))]
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
