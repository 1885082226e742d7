"""dbt's floor: what the daily job's dbt costs per node with no rows (`--empty`), each on a fresh database.

`dbt build --empty` and `dbt run --empty` limit every source and ref to no rows
(`(select * from ... where false limit 0)`), so what is left is dbt's own work for each node: parse
state, compile, transactions, catalog queries, tests. Both run with the daily job's arguments
(esa.daily) on a fresh database, so the incremental models take their first-run branch as on a new
target. `dbt build` loads the seeds itself; `dbt run` does not, so its fresh database gets the seed
tables copied from a database the harness built before (untimed), or an untimed `dbt seed`.
The shares are of the same run's full build (whole, models) when it has them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from esa.daily import daily_args

if TYPE_CHECKING:
    from esa.bench.scale import Workspace


def ratio(part: dict[str, Any], whole: dict[str, Any] | None, key: str) -> float | None:
    """``part[key] / whole[key]`` from two recorded figures (None without the whole, or when it is 0)."""
    return round(part[key] / whole[key], 3) if whole and whole.get(key) else None


def shares(parts: dict[str, dict[str, Any]], wholes: dict[str, dict[str, Any] | None]) -> dict[str, Any]:
    """Each part's share of its whole: wall time (`<key>_share_of_full`) and CPU time (`cpu_shares_of_full`)."""
    return {**{f"{k}_share_of_full": ratio(parts[k], wholes.get(k), "seconds") for k in parts},
            "cpu_shares_of_full": {k: ratio(parts[k], wholes.get(k), "cpu_seconds") for k in parts}}


def copy_seeds(manifest_path: Path, source_db: Path, dest_db: Path) -> int:
    """Copy the seed tables of `source_db` that the manifest names into `dest_db`; returns how many."""
    import duckdb

    seeds = [n for n in json.loads(manifest_path.read_text())["nodes"].values() if n["resource_type"] == "seed"]
    con = duckdb.connect(str(dest_db))
    try:
        con.execute(f"attach '{source_db}' as bench_seed_source (read_only)")
        present = set(con.execute("select table_schema, table_name from information_schema.tables "
                                  "where table_catalog = 'bench_seed_source'").fetchall())
        copied = 0
        for seed in (s for s in seeds if (s["schema"], s["alias"]) in present):
            con.execute(f'create schema if not exists "{seed["schema"]}"')
            con.execute(f'create table "{seed["schema"]}"."{seed["alias"]}" as '
                        f'select * from bench_seed_source."{seed["schema"]}"."{seed["alias"]}"')
            copied += 1
    finally:
        con.close()
    return copied


def _copy_seeds_apart(manifest_path: Path, source_db: Path, dest_db: Path) -> int:
    """copy_seeds in a spawned process: DuckDB's memory stays out of the harness (see floor.raw_floor_apart)."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        copied: int = pool.apply(copy_seeds, (manifest_path, source_db, dest_db))
    return copied


def dbt_floor(ws: Workspace, full: dict[str, Any], parsed_daily: bool) -> dict[str, Any]:
    """The figures of `dbt build --empty` and `dbt run --empty` (the live database must be parked before)."""
    daily = ws.cfg.daily_vars
    parse = None if parsed_daily else ws.dbt("empty-parse", ["parse", *daily_args("parse", daily)], select=False)
    ws.drop_db()
    build = ws.dbt("empty-build", ["build", "--empty", *daily_args("build", daily)])
    ws.drop_db()
    source = ws.parked_db("whole") or ws.parked_db("split")
    if source:
        _copy_seeds_apart(ws.target / "manifest.json", source, ws.db)
    else:
        ws.dbt("empty-seed", ["seed", "--vars", daily])  # the same vars: no parse
    models = ws.dbt("empty-run", ["run", "--empty", *daily_args("run", daily)])
    ws.drop_db()
    figures = {"whole": build.as_dict(), "models": models.as_dict()}
    return {**({"parse": parse.as_dict()} if parse else {}), **figures,
            **shares(figures, {"whole": full.get("whole"), "models": full.get("models")})}
