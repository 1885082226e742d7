"""`esa bench --parts` and the merged JSON, on made-up figures (pure functions, no build: milliseconds)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from esa.bench import report
from esa.bench.empty import shares
from esa.bench.merge import merge, normalize
from esa.bench.scale import PARTS, check_parts


def _fig(seconds: float, cpu: float, peak_mb: float = 1000.0) -> dict[str, Any]:
    return {"label": "x", "seconds": seconds, "peak_rss_mb": peak_mb, "returncode": 0, "cpu_seconds": cpu,
            "load": {"start": 1.0, "mean": 1.5, "max": 2.0}, "log": ""}


def _full(seconds: float) -> dict[str, Any]:
    return {"parse": _fig(1, 1), "seed": _fig(1, 1), "models": _fig(seconds, seconds),
            "tests": _fig(seconds / 2, seconds / 2), "whole": _fig(seconds * 1.5, seconds * 1.5, 4000.0),
            "slowest_nodes": [{"node": "model.p.fct_a", "seconds": seconds / 3, "status": "success"}]}


def _gen(days: int = 365) -> dict[str, Any]:
    return {**_fig(10, 9), "days": days, "rows": 1000, "rows_per_second": 100}


def _run(started: str, commit: str, scales: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"command": f"esa bench ({started})", "commit": commit, "started_at": started,
            "finished_at": started.replace("T10", "T11"), "machine": {"cores": 2, "memory_gb": 23.6,
            "cpu_model": "cpu", "duckdb": "1.5.6"}, "config": {"days": 365, "long_days": 0, "seed": 42,
            "dirty": 0.02, "select": None}, "load": {"start": 1, "mean": 1, "max": 1}, "scales": scales,
            "skipped": [], **extra}


def test_parts_need_what_they_build_on() -> None:
    assert check_parts(list(PARTS)) == []
    assert check_parts(["generate", "full"]) == []
    assert check_parts(["generate"]) == []
    assert check_parts(["full"]) == ["part 'full' needs 'generate'"]
    assert check_parts(["generate", "day"]) == ["part 'day' needs 'full'"]
    assert check_parts(["generate", "full", "long"]) == ["part 'long' needs 'day'"]
    assert check_parts(["generate", "build"]) == []
    assert check_parts(["build"]) == ["part 'build' needs 'generate'"]
    assert check_parts(["generate", "build", "day"]) == ["part 'day' needs 'full'"]
    assert check_parts(["generate", "full", "idle"]) == ["part 'idle' needs 'day'"]
    assert check_parts(["generate", "empty"]) == [] and check_parts(["generate", "build", "empty"]) == []
    assert check_parts(["empty"]) == ["part 'empty' needs 'generate'"]
    assert check_parts(["generate", "nope"]) == [
        "unknown part 'nope' (choose from generate, full, build, floor, day, idle, empty, long)"]


def test_a_later_run_keeps_the_figures_it_did_not_measure() -> None:
    day = {"models": _fig(5, 5), "tests": _fig(3, 3), "whole": _fig(7, 7), "models_share_of_full": 0.5,
           "tests_share_of_full": 0.6, "whole_share_of_full": 0.47, "slowest_nodes": []}
    first = _run("2026-11-30T10:00:00Z", "aaa1111", [
        {"scale": 0.1, "days": 365, "disk_mb": 10, "generation": _gen(), "full": _full(10)},
        {"scale": 1.0, "days": 365, "disk_mb": 100, "generation": _gen(), "full": _full(100), "one_more_day": day},
    ])
    second = _run("2026-11-30T12:00:00Z", "bbb2222", [
        {"scale": 1.0, "days": 365, "disk_mb": 90, "generation": _gen(), "full": _full(80)},
        {"scale": 5.0, "days": 365, "disk_mb": 500, "generation": _gen(), "full": _full(400)},
    ])
    merged = merge(first, second)
    by_scale = {s["scale"]: s for s in merged["scales"]}
    assert list(by_scale) == [0.1, 1.0, 5.0]
    # Scale 1: the new run's generation and full build, the old run's day (which the new run did not measure).
    assert by_scale[1.0]["full"]["models"]["seconds"] == 80 and by_scale[1.0]["full"]["run"] == second["started_at"]
    assert by_scale[1.0]["one_more_day"]["run"] == first["started_at"]
    assert by_scale[1.0]["one_more_day"]["models"]["seconds"] == 5
    assert by_scale[0.1]["full"]["run"] == first["started_at"] and by_scale[5.0]["full"]["run"] == second["started_at"]
    # Each cited run keeps its commit, date and machine.
    assert merged["runs"][first["started_at"]]["commit"] == "aaa1111"
    assert merged["runs"][second["started_at"]]["commit"] == "bbb2222"
    assert merged["runs"][second["started_at"]]["machine"]["cores"] == 2
    # Merging again, or merging the merged file into itself, changes nothing.
    assert merge(merged, second) == merged and merge(merged, merged) == merged
    # A third run that measures all of scale 1 again leaves the first run cited by scale 0.1 only.
    third = _run("2026-11-30T14:00:00Z", "ccc3333", [
        {"scale": 0.1, "days": 365, "disk_mb": 10, "generation": _gen(), "full": _full(9)},
        {"scale": 1.0, "days": 365, "disk_mb": 100, "generation": _gen(), "full": _full(70), "one_more_day": day},
    ])
    assert set(merge(merged, third)["runs"]) == {second["started_at"], third["started_at"]}


def test_an_interrupted_run_keeps_its_figures_marked_partial() -> None:
    done = _run("2026-11-30T10:00:00Z", "aaa1111", [
        {"scale": 1.0, "days": 365, "disk_mb": 100, "generation": _gen(), "full": _full(100)}])
    running = _run("2026-11-30T12:00:00Z", "bbb2222", [], partial={
        "scale": 5.0, "days": 365, "generation": _gen(), "full": {"models": _fig(500, 500), "tests": _fig(2, 2)}})
    del running["finished_at"]
    merged = merge(done, running)
    five = merged["scales"][1]
    assert five["scale"] == 5.0 and five["full"]["partial"] is True and five["generation"]["partial"] is True
    assert "partial" not in merged["scales"][0]["full"]
    # Another history length is another benchmark: it replaces the scale, not one group of it.
    short = _run("2026-11-30T13:00:00Z", "ccc3333", [{"scale": 1.0, "days": 30, "generation": _gen(30)}])
    assert "full" not in merge(merged, short)["scales"][0]
    text = report.markdown(merged, None, Path("docs/benchmarks.md"))
    assert "| 5 | full: models (`dbt run`) | 500.0 s" in text and "interrupted" in text
    assert "full: whole (`dbt build`) | 150.0 s" in text  # scale 1's, from the finished run


def test_old_single_run_files_read_as_one_run() -> None:
    old = _run("2026-11-30T09:00:00Z", "x", [{"scale": 1.0, "days": 365, "generation": _gen()}])
    del old["commit"]
    merged = normalize(old)
    assert list(merged["runs"]) == [old["started_at"]] and merged["runs"][old["started_at"]]["commit"] is None
    assert merged["scales"][0]["generation"]["run"] == old["started_at"]


def _new_parts(full: dict[str, Any], day_whole: dict[str, Any]) -> dict[str, Any]:
    """The idle day and dbt's floor as the harness records them (esa.bench.scale, esa.bench.empty)."""
    idle = _fig(12, 9)
    empty = {"whole": _fig(6, 3, 420.0), "models": _fig(2, 1.5)}
    return {
        "idle_day": {"whole": idle, "whole_share_of_full": round(12 / full["whole"]["seconds"], 3),
                     "cpu_shares_of_full": {"whole": round(9 / full["whole"]["cpu_seconds"], 3)},
                     "ratio_to_day": round(12 / day_whole["seconds"], 3),
                     "cpu_ratio_to_day": round(9 / day_whole["cpu_seconds"], 3), "slowest_nodes": []},
        "dbt_floor": {**empty, **shares(empty, {"whole": full.get("whole"), "models": full.get("models")})},
    }


def test_dbt_floor_shares_are_of_the_full_build_it_has() -> None:
    full = _full(10)  # models 10 s (CPU 10), whole 15 s (CPU 15)
    got = shares({"whole": _fig(6, 3), "models": _fig(2, 1.5)}, {"whole": full["whole"], "models": full["models"]})
    assert got == {"whole_share_of_full": 0.4, "models_share_of_full": 0.2,
                   "cpu_shares_of_full": {"whole": 0.2, "models": 0.15}}
    # `--parts generate build empty`: no models run to compare with; `--parts generate empty`: no build.
    assert shares({"models": _fig(2, 1.5)}, {"models": None}) == {
        "models_share_of_full": None, "cpu_shares_of_full": {"models": None}}
    assert shares({"whole": _fig(6, 3)}, {"whole": _fig(0, 0)})["whole_share_of_full"] is None


def test_new_parts_in_the_table_and_old_files_without_them() -> None:
    full = _full(100)
    day = {"models": _fig(5, 5), "tests": _fig(3, 3), "whole": _fig(10, 8), "models_share_of_full": 0.05,
           "tests_share_of_full": 0.06, "whole_share_of_full": 0.067, "slowest_nodes": []}
    old = _run("2026-11-30T10:00:00Z", "aaa1111", [
        {"scale": 1.0, "days": 365, "disk_mb": 100, "generation": _gen(), "full": full, "one_more_day": day}])
    old_text = report.markdown(old, None, Path("docs/benchmarks.md"))
    assert "idle day" not in old_text and "--empty" not in old_text  # an older file: the rows it has
    new = _run("2026-11-30T12:00:00Z", "bbb2222", [
        {"scale": 1.0, "days": 365, "disk_mb": 100, "generation": _gen(), "full": full, "one_more_day": day,
         **_new_parts(full, day["whole"])}])
    merged = merge(old, new)
    assert merged["scales"][0]["dbt_floor"]["run"] == new["started_at"]
    text = report.markdown(merged, None, Path("docs/benchmarks.md"))
    # idle 12 s of the build's 150 s (8%), CPU 9 of 150 (6%); 1.20x the day's 10 s (CPU 9/8 = 1.12x)
    assert ("| 1 | idle day (the daily job again, nothing landed): whole | 12.0 s (CPU 9.0 s) | 0.98 GB | "
            "8% (CPU: 6%) of the full build; 1.20x (CPU: 1.12x) the landed day's |") in text
    # build --empty 6 s of 150 s (4%), CPU 3 of 150 (2%); run --empty 2 s of 100 s (2%), CPU 1.5 of 100
    assert "`dbt build --empty` (the daily job's arguments, fresh database) | 6.0 s (CPU 3.0 s) | 0.41 GB | " \
           "4% (CPU: 2%) of the full build |" in text
    assert "`dbt run --empty` (the daily job's arguments, fresh database) | 2.0 s (CPU 1.5 s) | 0.98 GB | " \
           "2% (CPU: 2%) of full models |" in text
    # Only the build measured: dbt's floor without a models run to compare has no ratio on that row.
    build_only = {"whole": full["whole"]}
    only = _run("2026-11-30T14:00:00Z", "ccc3333", [{"scale": 5.0, "days": 365, "generation": _gen(),
                "full": build_only, "dbt_floor": _new_parts(build_only, day["whole"])["dbt_floor"]}])
    row = next(line for line in report.markdown(only, None, Path("x.md")).splitlines() if "`dbt run --empty`" in line)
    assert row.split(" | ")[4] == ""


def test_a_day_figure_left_out_of_the_record_has_no_row() -> None:
    # A day measured on a database whose full build failed keeps its models and tests figures, not its whole.
    full = _full(100)
    day = {"models": _fig(5, 5), "tests": _fig(3, 3), "models_share_of_full": 0.05, "tests_share_of_full": 0.06,
           "slowest_nodes": []}
    run = _run("2026-12-01T10:00:00Z", "ddd4444", [
        {"scale": 5.0, "days": 365, "disk_mb": 100, "generation": _gen(), "full": full, "one_more_day": day}])
    text = report.markdown(run, None, Path("docs/benchmarks.md"))
    assert "| 5 | one more day: models | 5.0 s" in text and "| 5 | one more day: tests | 3.0 s" in text
    assert "one more day: whole" not in text
