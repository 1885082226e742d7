"""What `esa bench` writes: the JSON file, the markdown table (a marked section of docs/benchmarks.md), the chart."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from esa.bench.merge import normalize

BEGIN = "<!-- esa bench: begin (written by `esa bench`; edit outside the markers) -->"
END = "<!-- esa bench: end -->"


def write_json(results: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n")


def _s(figure: dict[str, Any] | None) -> str:
    if not figure:
        return "-"
    cpu = figure.get("cpu_seconds")
    failed = f" **exit {figure['returncode']}**" if figure.get("returncode") else ""
    return f"{figure['seconds']:.1f} s" + (f" (CPU {cpu:.{1 if cpu < 10 else 0}f} s)" if cpu else "") + failed


def _mb(figure: dict[str, Any] | None) -> str:
    return f"{figure['peak_rss_mb'] / 1024:.2f} GB" if figure else "-"


def _pct(share: float | None) -> str:
    return f"{share * 100:.0f}%" if share is not None else "-"


def _x(ratio: float | None) -> str:
    return f"{ratio:.2f}x" if ratio is not None else "-"


def _cpu(ratio: float | None, pct: bool = False) -> str:
    if ratio is None:
        return ""
    return f" (CPU: {ratio * 100:.0f}%)" if pct else f" (CPU: {ratio:.2f}x)"


def _load(figure: dict[str, Any]) -> str:
    load = figure["load"]
    return f"{load['mean']:.1f} (max {load['max']:.1f})"


def _runs(results: dict[str, Any]) -> dict[str, str]:
    """A letter per run (in the order they started), for the table's run column."""
    return {run_id: chr(ord("A") + i) for i, run_id in enumerate(sorted(results["runs"]))}


def _by(labels: dict[str, str], *groups: dict[str, Any] | None) -> str:
    """The run column: the letter of the run that measured the row's figures, marked when it stopped before."""
    group = next(g for g in groups if g)
    return labels.get(group.get("run", ""), "?") + (" (interrupted)" if any(g and g.get("partial") for g in groups)
                                                   else "")


def _scale_rows(r: dict[str, Any], labels: dict[str, str]) -> list[str]:
    """The table rows of one scale: the figure groups it has, each with the run that measured it."""
    sc = f"{r['scale']:g}"
    rows: list[str] = []
    gen = r.get("generation")
    if gen:
        rows.append(f"| {sc} | generate {gen['days']} days ({gen['rows']:,} rows, {gen['rows_per_second']:,} rows/s)"
                    f" | {_s(gen)} | {_mb(gen)} | | {_load(gen)} | {_by(labels, gen)} |")
    day_gen = r.get("generation_one_more_day")
    if day_gen:
        share = _pct(day_gen["seconds"] / gen["seconds"]) + " of the whole generation" if gen else ""
        rows.append(f"| {sc} | generate one more day | {_s(day_gen)} | {_mb(day_gen)} | {share} | "
                    f"{_load(day_gen)} | {_by(labels, day_gen)} |")
    full, floor = r.get("full") or {}, r.get("raw_floor")
    if "models" in full:
        ratio = (f"{_x(floor['dbt_run_ratio'])}{_cpu(floor.get('dbt_run_cpu_ratio'))} the raw-DuckDB floor"
                 if floor else "")
        rows.append(f"| {sc} | full: models (`dbt run`) | {_s(full['models'])} | {_mb(full['models'])} | {ratio} | "
                    f"{_load(full['models'])} | {_by(labels, full)} |")
    if floor:
        rows.append(f"| {sc} | raw-DuckDB floor ({floor['models']} models, one session, DAG order) | {_s(floor)} "
                    f"| | | | {_by(labels, floor)} |")
    if "tests" in full:
        rows.append(f"| {sc} | full: tests (`dbt test`) | {_s(full['tests'])} | {_mb(full['tests'])} | | "
                    f"{_load(full['tests'])} | {_by(labels, full)} |")
    if "whole" in full:
        prev = full.get("vs_previous_scale")
        ratio = (f"{_x(prev['whole'])}{_cpu(prev.get('whole_cpu'))} scale {prev['scale']:g}'s (same run)"
                 if prev else "")
        rows.append(f"| {sc} | full: whole (`dbt build`) | {_s(full['whole'])} | {_mb(full['whole'])} | {ratio} | "
                    f"{_load(full['whole'])} | {_by(labels, full)} |")
    long_full = r.get("long_history") or r.get("long_history_full")
    if long_full:
        days = long_full.get("days") or long_full["generation"]["days"]
        rows.append(f"| {sc} | full build over {days} days | {_s(long_full['full_whole'])} | "
                    f"{_mb(long_full['full_whole'])} | | {_load(long_full['full_whole'])} | {_by(labels, long_full)} |")
    day = r.get("one_more_day")
    if day:
        cpu = day.get("cpu_shares_of_full", {})
        for key, what in (("models", "full models"), ("tests", "full tests"), ("whole", "the full build")):
            if key not in day:  # a figure left out of the record (e.g. measured on a database whose build failed)
                continue
            rows.append(f"| {sc} | one more day: {key} | {_s(day[key])} | {_mb(day[key])} | "
                        f"{_pct(day[key + '_share_of_full'])}{_cpu(cpu.get(key), True)} of {what} | "
                        f"{_load(day[key])} | {_by(labels, day)} |")
    idle = r.get("idle_day")
    if idle:
        fig = idle["whole"]
        rows.append(f"| {sc} | idle day (the daily job again, nothing landed): whole | {_s(fig)} | {_mb(fig)} | "
                    f"{_pct(idle['whole_share_of_full'])}{_cpu(idle['cpu_shares_of_full'].get('whole'), True)} of "
                    f"the full build; {_x(idle['ratio_to_day'])}{_cpu(idle.get('cpu_ratio_to_day'))} the landed "
                    f"day's | {_load(fig)} | {_by(labels, idle)} |")
    empty = r.get("dbt_floor")
    if empty:
        cpu = empty.get("cpu_shares_of_full", {})
        for key, command, what in (("whole", "dbt build", "the full build"), ("models", "dbt run", "full models")):
            share = empty.get(key + "_share_of_full")
            ratio = f"{_pct(share)}{_cpu(cpu.get(key), True)} of {what}" if share is not None else ""
            rows.append(f"| {sc} | dbt's floor: `{command} --empty` (the daily job's arguments, fresh database) | "
                        f"{_s(empty[key])} | {_mb(empty[key])} | {ratio} | {_load(empty[key])} | "
                        f"{_by(labels, empty)} |")
    long = r.get("long_history")
    if long:
        rows.append(f"| {sc} | one more day over {long['days']} days: whole | {_s(long['one_more_day_whole'])} | "
                    f"{_mb(long['one_more_day_whole'])} | {_x(long['ratio_to_short_history'])}"
                    f"{_cpu(long.get('cpu_ratio_to_short_history'))} the same over {r['days']} days | "
                    f"{_load(long['one_more_day_whole'])} | {_by(labels, long)} |")
    return rows


def _run_line(label: str, run: dict[str, Any]) -> str:
    m, cfg = run["machine"], run["config"]
    parts = cfg.get("parts")
    return (f"- run {label}: `{run['command']}` at commit {run.get('commit') or 'unrecorded'}, "
            f"{run['started_at']} .. {run.get('finished_at') or 'interrupted'}, on {m['cores']} cores "
            f"({m['cpu_model']}), {m['memory_gb']} GB, DuckDB {m['duckdb']}; {cfg['days']} days of history"
            + (f" (and {cfg['long_days']} for the long-history rows)" if cfg.get("long_days") else "")
            + f", seed {cfg['seed']}, dirty {cfg['dirty']:g}"
            + (f", dbt `--select {cfg['select']}`" if cfg.get("select") else "")
            + (f"; parts: {', '.join(parts)}" if parts else "")
            + (f"; DuckDB memory_limit {cfg['duckdb_settings']['memory_limit']}"
               if "memory_limit" in (cfg.get("duckdb_settings") or {}) else "") + ".")


def markdown(results: dict[str, Any], chart: Path | None, docs: Path) -> str:
    """The section: the runs, one row per scale and figure (with its run), the slowest nodes, the chart."""
    results = normalize(results)
    labels = _runs(results)
    lines = [BEGIN, "", "Measured by these runs of `esa bench` (each row names its run; a later run replaces only "
             "the scales and parts it measured):", ""]
    lines += [_run_line(labels[run_id], run) for run_id, run in sorted(results["runs"].items())]
    lines += [
        "",
        "Load is the 1-minute load average during each figure: mean (max). Figures from a loaded machine are "
        "slower than idle ones; compare ratios measured in the same run.",
        "",
        "| scale | figure | wall time (CPU time) | peak memory | ratio (of wall times) | load | run |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results["scales"]:
        lines += _scale_rows(r, labels)
    for skipped in results.get("skipped", []):
        lines.append(f"| {skipped['scale']:g} | not run: {skipped['reason']} | | | | | "
                     f"{labels.get(skipped.get('run', ''), '?')} |")
    lines += ["", "The 10 slowest nodes of the full `dbt build`, per scale (from run_results.json):", ""]
    for r in results["scales"]:
        if "slowest_nodes" not in r.get("full", {}):
            continue
        nodes = ", ".join(f"`{n['node'].split('.', 2)[-1]}` {n['seconds']:.1f} s" for n in r["full"]["slowest_nodes"])
        lines.append(f"- scale {r['scale']:g}: {nodes}")
    floors = [r for r in results["scales"] if r.get("raw_floor", {}).get("slowest")]
    if floors:
        lines += ["", "The 10 heaviest models of the raw-DuckDB floor by CPU time (all DuckDB threads; the steadier "
                  "ranking on a shared machine), per scale:", ""]
    for r in floors:
        nodes = ", ".join(f"`{n['node'].split('.')[-1]}` " + (f"{n['cpu_seconds']:.2f} s CPU" if "cpu_seconds" in n
                                                             else f"{n['seconds']:.1f} s")
                          for n in r["raw_floor"]["slowest"])
        lines.append(f"- scale {r['scale']:g}: {nodes}")
    if chart is not None:
        rel = os.path.relpath(chart.resolve(), docs.resolve().parent)
        lines += ["", f"![Build time against scale: full build and one more landed day]({rel})"]
    lines += ["", END]
    return "\n".join(lines) + "\n"


def write_markdown(section: str, docs: Path) -> None:
    """Replace the marked section of `docs` (appended under a heading when the file has none)."""
    text = docs.read_text() if docs.exists() else "# Benchmarks\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        text = head + section + ("\n" + tail if tail else "")
    else:
        text = text.rstrip("\n") + "\n\n## Scale curve (`make bench`)\n\n" + section
    docs.parent.mkdir(parents=True, exist_ok=True)
    docs.write_text(text)


def write_chart(results: dict[str, Any], path: Path) -> None:
    """Time against scale: full build, one more landed day (whole, models) and dbt's floor, log-log."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    results = normalize(results)
    rows = results["scales"]
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    series: list[tuple[str, Callable[[dict[str, Any]], float | None], str]] = [
        ("full build (dbt build)", lambda r: r.get("full", {}).get("whole", {}).get("seconds"), "o-"),
        ("full models (dbt run)", lambda r: r.get("full", {}).get("models", {}).get("seconds"), "o--"),
        ("raw-DuckDB floor", lambda r: r.get("raw_floor", {}).get("seconds"), "x:"),
        ("one more day (dbt build)", lambda r: r.get("one_more_day", {}).get("whole", {}).get("seconds"), "s-"),
        ("one more day: models", lambda r: r.get("one_more_day", {}).get("models", {}).get("seconds"), "s--"),
        ("dbt's floor (dbt build --empty)", lambda r: r.get("dbt_floor", {}).get("whole", {}).get("seconds"), "d:"),
    ]
    for label, value, style in series:
        points = [(r["scale"], v) for r in rows if (v := value(r)) is not None]
        if points:
            ax.plot([p[0] for p in points], [p[1] for p in points], style, label=label)
    if len(rows) > 1:
        ax.set_xscale("log")
        ax.set_yscale("log")
    ax.set_xlabel("scale (1 = 50k customers, 1M order lines, 5M events a year)")
    ax.set_ylabel("seconds (wall)")
    runs = list(results["runs"].values())
    loads = [r["full"]["whole"]["load"]["mean"] for r in rows if "whole" in r.get("full", {})] or [0.0]
    days = sorted({run["config"]["days"] for run in runs})
    ax.set_title(f"{', '.join(map(str, days))} days; {runs[0]['machine']['cores'] if runs else '?'} cores; "
                 f"{len(runs)} run(s); load {min(loads):.1f} to {max(loads):.1f}", fontsize=9)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
