"""What `esa bench` writes: the JSON file, the markdown table (a marked section of docs/benchmarks.md), the chart."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def _scales(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The scales measured in full, then the one an interrupted run left (marked as such)."""
    partial = results.get("partial")
    return [*results["scales"], *([{**partial, "interrupted": True}] if partial else [])]


def _scale_rows(r: dict[str, Any]) -> list[str]:
    """The table rows of one scale; an interrupted scale has only the figures it reached."""
    sc = f"{r['scale']:g}" + (" (interrupted)" if r.get("interrupted") else "")
    gen = r["generation"]
    rows = [f"| {sc} | generate {gen['days']} days ({gen['rows']:,} rows, {gen['rows_per_second']:,} rows/s) | "
            f"{_s(gen)} | {_mb(gen)} | | {_load(gen)} |"]
    day_gen = r.get("generation_one_more_day")
    if day_gen:
        rows.append(f"| {sc} | generate one more day | {_s(day_gen)} | {_mb(day_gen)} | "
                    f"{_pct(day_gen['seconds'] / gen['seconds'])} of the whole generation | {_load(day_gen)} |")
    full, floor = r.get("full"), r.get("raw_floor")
    if full and floor:
        rows += [
            f"| {sc} | full: models (`dbt run`) | {_s(full['models'])} | {_mb(full['models'])} | "
            f"{_x(floor['dbt_run_ratio'])}{_cpu(floor.get('dbt_run_cpu_ratio'))} the raw-DuckDB floor | "
            f"{_load(full['models'])} |",
            f"| {sc} | raw-DuckDB floor ({floor['models']} models, one session, DAG order) | {_s(floor)} | | | |",
            f"| {sc} | full: tests (`dbt test`) | {_s(full['tests'])} | {_mb(full['tests'])} | | "
            f"{_load(full['tests'])} |",
            f"| {sc} | full: whole (`dbt build`) | {_s(full['whole'])} | {_mb(full['whole'])} | | "
            f"{_load(full['whole'])} |",
        ]
    long_full = r.get("long_history") or r.get("long_history_full")
    if long_full:
        days = long_full.get("days") or long_full["generation"]["days"]
        rows.append(f"| {sc} | full build over {days} days | {_s(long_full['full_whole'])} | "
                    f"{_mb(long_full['full_whole'])} | | {_load(long_full['full_whole'])} |")
    day = r.get("one_more_day")
    if day:
        cpu = day.get("cpu_shares_of_full", {})
        for key, what in (("models", "full models"), ("tests", "full tests"), ("whole", "the full build")):
            rows.append(f"| {sc} | one more day: {key} | {_s(day[key])} | {_mb(day[key])} | "
                        f"{_pct(day[key + '_share_of_full'])}{_cpu(cpu.get(key), True)} of {what} | "
                        f"{_load(day[key])} |")
    long = r.get("long_history")
    if long:
        rows.append(f"| {sc} | one more day over {long['days']} days: whole | {_s(long['one_more_day_whole'])} | "
                    f"{_mb(long['one_more_day_whole'])} | {_x(long['ratio_to_short_history'])}"
                    f"{_cpu(long.get('cpu_ratio_to_short_history'))} the same over {r['days']} days | "
                    f"{_load(long['one_more_day_whole'])} |")
    return rows


def markdown(results: dict[str, Any], chart: Path | None, docs: Path) -> str:
    """The section: machine, one row per scale and figure, the slowest nodes, the chart."""
    m = results["machine"]
    cfg = results["config"]
    lines = [
        BEGIN,
        "",
        f"Measured {results['started_at']} .. {results.get('finished_at', 'interrupted')} by `{results['command']}` on "
        f"{m['cores']} cores ({m['cpu_model']}), {m['memory_gb']} GB, DuckDB {m['duckdb']}; "
        f"{cfg['days']} days of history (and {cfg['long_days'] or 'no'} for the long-history row), seed "
        f"{cfg['seed']}, dirty {cfg['dirty']:g}" + (f", dbt `--select {cfg['select']}`" if cfg["select"] else "")
        + ". Load is the 1-minute load average during each figure: mean (max). Figures from a loaded "
        "machine are slower than idle ones; compare ratios measured in the same run.",
        "",
        "| scale | figure | wall time (CPU time) | peak memory | ratio (of wall times) | load |",
        "|---|---|---|---|---|---|",
    ]
    for r in _scales(results):
        lines += _scale_rows(r)
    for skipped in results.get("skipped", []):
        lines.append(f"| {skipped['scale']:g} | not run: {skipped['reason']} | | | | |")
    lines += ["", "The 10 slowest nodes of the full `dbt build`, per scale (from run_results.json):", ""]
    for r in _scales(results):
        if "full" not in r:
            continue
        nodes = ", ".join(f"`{n['node'].split('.', 2)[-1]}` {n['seconds']:.1f} s" for n in r["full"]["slowest_nodes"])
        lines.append(f"- scale {r['scale']:g}: {nodes}")
    lines += ["", "The 10 heaviest models of the raw-DuckDB floor by CPU time (all DuckDB threads; the steadier "
              "ranking on a shared machine), per scale:", ""]
    for r in _scales(results):
        heavy = r.get("raw_floor", {}).get("slowest", [])
        nodes = ", ".join(f"`{n['node'].split('.')[-1]}` " + (f"{n['cpu_seconds']:.2f} s CPU" if "cpu_seconds" in n
                                                             else f"{n['seconds']:.1f} s") for n in heavy)
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
    """Time against scale: full build and one more landed day (whole, models), log-log."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [r for r in _scales(results) if "full" in r]
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    series: list[tuple[str, Callable[[dict[str, Any]], float], str]] = [
        ("full build (dbt build)", lambda r: r["full"]["whole"]["seconds"], "o-"),
        ("full models (dbt run)", lambda r: r["full"]["models"]["seconds"], "o--"),
        ("raw-DuckDB floor", lambda r: r["raw_floor"]["seconds"], "x:"),
        ("one more day (dbt build)", lambda r: r["one_more_day"]["whole"]["seconds"], "s-"),
        ("one more day: models", lambda r: r["one_more_day"]["models"]["seconds"], "s--"),
    ]
    for label, value, style in series:
        points = [(r["scale"], value(r)) for r in rows if "one_more_day" in r or "one more day" not in label]
        if points:
            ax.plot([p[0] for p in points], [p[1] for p in points], style, label=label)
    if len(rows) > 1:
        ax.set_xscale("log")
        ax.set_yscale("log")
    ax.set_xlabel("scale (1 = 50k customers, 1M order lines, 5M events a year)")
    ax.set_ylabel("seconds (wall)")
    m = results["machine"]
    loads = [r["full"]["whole"]["load"]["mean"] for r in rows] or [0.0]
    ax.set_title(f"{results['config']['days']} days; {m['cores']} cores; load {min(loads):.1f} to {max(loads):.1f}",
                 fontsize=9)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
