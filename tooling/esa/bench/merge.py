"""Figures of several `esa bench` runs in one JSON file: each figure keeps the run that measured it.

A run measures some scales and some parts of them (`--parts`); a later run that measures other
scales or parts must not erase the earlier figures. So the file holds:

- ``runs``: per run id (its start time), the command, the commit of the measured project, start and
  finish times, the machine, the configuration and the mean load;
- ``scales``: per scale, its figure groups (GROUPS), each with ``run``: the id of the run that measured
  it (so its commit, date and machine), and ``partial`` when that run stopped before the group's end;
- ``skipped``: scales a run skipped (disk), until a later run measures them.

`merge(old, new)` takes every group `new` measured and keeps the others of `old`.
"""

from __future__ import annotations

import copy
from typing import Any

# Files written before a group existed (idle_day and dbt_floor came later) simply lack it.
GROUPS = ("generation", "full", "raw_floor", "generation_one_more_day", "one_more_day", "idle_day", "dbt_floor",
          "long_history", "long_history_full")
RUN_KEYS = ("command", "commit", "started_at", "finished_at", "machine", "config", "load")


def empty() -> dict[str, Any]:
    return {"runs": {}, "scales": [], "skipped": []}


def normalize(results: dict[str, Any]) -> dict[str, Any]:
    """One run's results (`scales`, maybe an interrupted `partial`) in the merged form; merged input unchanged."""
    if "runs" in results:
        return copy.deepcopy(results)
    run_id = results["started_at"]
    run = {key: results[key] for key in RUN_KEYS if key in results}
    run.setdefault("commit", None)
    scales = []
    for entry, partial in [*((s, False) for s in results.get("scales", [])),
                           *([(results["partial"], True)] if results.get("partial") else [])]:
        scale: dict[str, Any] = {k: entry[k] for k in ("scale", "days", "disk_mb") if k in entry}
        for group in GROUPS:
            if group in entry:
                scale[group] = {**copy.deepcopy(entry[group]), "run": run_id,
                                **({"partial": True} if partial else {})}
        scales.append(scale)
    return {"runs": {run_id: run}, "scales": scales, "skipped": [dict(s, run=run_id)
                                                                 for s in results.get("skipped", [])]}


def merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """`old` with every figure group of `new` put in (per scale and group); runs no figure cites are dropped."""
    old, new = normalize(old), normalize(new)
    by_scale = {s["scale"]: s for s in old["scales"]}
    for entry in new["scales"]:
        base = by_scale.get(entry["scale"])
        if base is None or base.get("days") != entry.get("days"):  # another history length: not comparable
            by_scale[entry["scale"]] = entry
            continue
        if any(g in entry for g in ("long_history", "long_history_full")):
            base.pop("long_history", None)
            base.pop("long_history_full", None)
        base.update(entry)
    measured = {s["scale"] for s in new["scales"]}
    skipped = [s for s in old["skipped"] if s["scale"] not in measured | {n["scale"] for n in new["skipped"]}]
    scales = sorted(by_scale.values(), key=lambda s: s["scale"])
    skipped = sorted(skipped + new["skipped"], key=lambda s: s["scale"])
    cited = {g["run"] for s in scales for g in (s.get(k) for k in GROUPS) if g} | {s["run"] for s in skipped}
    runs = {k: v for k, v in sorted({**old["runs"], **new["runs"]}.items()) if k in cited}
    return {"runs": runs, "scales": scales, "skipped": skipped}
