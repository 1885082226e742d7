"""The raw-DuckDB floor: the compiled SQL of the models dbt just ran, run in one DuckDB session in DAG order.

dbt's cost on top of the engine is `dbt run` time divided by this floor. The compiled SQL comes from
run_results.json of a full `dbt run` (so incremental models are in their full-refresh form) and the
DAG from manifest.json. The session writes into a fresh DuckDB file with the same name as dbt's (the
compiled SQL names its database), the ERP catalog attached as dbt attaches it, and the seeds copied
from dbt's database before the clock starts. Each model becomes `create table ... as <its SQL>` (a
view for view models); dbt's extra work (transactions, renames, contract checks, hooks, catalog
queries, tests) is what the ratio measures.
"""

from __future__ import annotations

import json
import os
import re
import time
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Any

import duckdb


def models_in_dag_order(run_results: dict[str, Any], manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """The successful models of a run, each with its compiled SQL and relation, parents first."""
    ran = {r["unique_id"]: r for r in run_results["results"]
           if r["unique_id"].startswith("model.") and r["status"] == "success"}
    graph = {uid: [p for p in manifest["nodes"][uid]["depends_on"]["nodes"] if p in ran] for uid in ran}
    ordered = []
    for uid in TopologicalSorter(graph).static_order():
        node = manifest["nodes"][uid]
        result = ran[uid]
        ordered.append({
            "unique_id": uid,
            "relation": result.get("relation_name") or node["relation_name"],
            "sql": result.get("compiled_code") or node.get("compiled_code"),
            "materialized": node["config"]["materialized"],
            "schema": node["schema"],
            "database": node["database"],
        })
    return ordered


_ENV_VAR = re.compile(r"""\{\{\s*env_var\(\s*['"](\w+)['"]\s*(?:,\s*['"]([^'"]*)['"])?\s*\)\s*\}\}""")


def profile_settings(profiles_yml: Path, target: str = "local") -> dict[str, str]:
    """The DuckDB `settings` of a dbt-duckdb target, with `{{ env_var('X', 'default') }}` resolved."""
    import yaml

    profile = next(iter(yaml.safe_load(profiles_yml.read_text()).values()))
    settings = profile["outputs"][target].get("settings") or {}
    return {key: _ENV_VAR.sub(lambda m: os.environ.get(m.group(1), m.group(2) or ""), str(value))
            for key, value in settings.items()}


def raw_floor(target_dir: Path, dbt_db: Path, raw_db: Path, erp_catalog: Path,
              settings: dict[str, str] | None = None) -> dict[str, Any]:
    """Time the models of target_dir's last `dbt run` in one DuckDB session over raw_db (with `settings`)."""
    run_results = json.loads((target_dir / "run_results.json").read_text())
    manifest = json.loads((target_dir / "manifest.json").read_text())
    models = models_in_dag_order(run_results, manifest)
    if raw_db.stem != dbt_db.stem:
        raise ValueError("the raw database must have dbt's file name: the compiled SQL names it")
    raw_db.parent.mkdir(parents=True, exist_ok=True)
    raw_db.unlink(missing_ok=True)
    con = duckdb.connect(str(raw_db))
    try:
        for key, value in (settings or {}).items():
            con.execute(f"set {key} = '{value}'")
        con.execute(f"attach '{erp_catalog}' as erp_db (read_only)")
        con.execute(f"attach '{dbt_db}' as bench_dbt_source (read_only)")
        for seed in (n for n in manifest["nodes"].values() if n["resource_type"] == "seed"):
            con.execute(f'create schema if not exists "{seed["schema"]}"')
            con.execute(f'create table "{seed["schema"]}"."{seed["alias"]}" as '
                        f'select * from bench_dbt_source."{seed["schema"]}"."{seed["alias"]}"')
        con.execute("detach bench_dbt_source")
        for schema in sorted({m["schema"] for m in models}):
            con.execute(f'create schema if not exists "{schema}"')
        timings = []
        cpu_start, start = time.process_time(), time.perf_counter()
        for model in models:
            kind = "view" if model["materialized"] == "view" else "table"
            t0, c0 = time.perf_counter(), time.process_time()
            con.execute(f"create or replace {kind} {model['relation']} as (\n{model['sql']}\n)")
            timings.append((model["unique_id"], time.perf_counter() - t0, time.process_time() - c0))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    finally:
        con.close()
    raw_db.unlink(missing_ok=True)
    # Ranked by CPU time (all DuckDB threads): on a shared machine the steadier order.
    slowest = sorted(timings, key=lambda t: -t[2])[:10]
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "models": len(models),
            "settings": settings or {},
            "slowest": [{"node": uid, "seconds": round(s, 2), "cpu_seconds": round(c, 2)} for uid, s, c in slowest]}


def raw_floor_apart(target_dir: Path, dbt_db: Path, raw_db: Path, erp_catalog: Path,
                    settings: dict[str, str] | None = None) -> dict[str, Any]:
    """raw_floor in a process of its own (spawned, so a fresh interpreter).

    The floor's DuckDB memory must stay out of the harness process: Linux carries a process's peak
    resident set into every child it forks afterwards (exec records the forked copy's high-water
    mark), so after an in-process floor every later figure's peak memory read the floor's peak.
    """
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        result: dict[str, Any] = pool.apply(raw_floor, (target_dir, dbt_db, raw_db, erp_catalog, settings))
    return result
