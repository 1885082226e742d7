"""The scale curve (issue 14): generation, full build, raw-DuckDB floor, one more landed day, longer history.

At each scale, in a work directory of its own:
1. generate D days (time, peak memory, rows);
2. full build, each part measured on its own: `dbt seed` + `dbt run` (models) and `dbt test` (tests)
   into one database, and `dbt build` (whole) into a second, fresh one; the raw-DuckDB floor of the
   models' compiled SQL (esa.bench.floor); the 10 slowest nodes of the whole build;
3. land one more day (`esa generate --days D+1` writes only the new day) and run the daily job on both
   databases: `dbt run` + `dbt test`, and `dbt build`, with the daily job's arguments (esa.daily: the
   tests of the large incremental models check the new slice, docs/benchmarks.md "Which tests run
   when"; no unit tests; the log file at info);
4. the idle day: the daily job's `dbt build` again right after the day's, nothing newly landed (what
   every run costs whatever landed);
5. dbt's floor: `dbt build --empty` and `dbt run --empty` with the daily job's arguments, each on a
   fresh database (every source and ref limited to no rows: what dbt costs per node, without data);
6. with `long_days` (730 by default): a zone of that many days, built in full with `dbt build`, then one
   more day with the daily job's `dbt build`, against the same over D days.

`parts` chooses which of these run (PARTS: generate, full, build, floor, day, idle, empty, long; all by default):
e.g. generate and full measure the curve of the full build alone, the costly part at large scales, and
generate and build only its whole `dbt build` (time and peak memory), half the cost of full.

Every dbt command sees the same database path, landing path and target dir: the databases and zones
not in use are parked (renamed) meanwhile. The profile and the env vars then never change, so dbt's
partial parse stays warm: only the first command and each switch of --vars parse in full, and those
parses run as commands of their own (recorded, not in the figures), as a daily job's previous run
leaves its partial parse warm.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from esa.bench.empty import dbt_floor
from esa.bench.floor import profile_settings, raw_floor_apart
from esa.bench.measure import Measured, run_measured
from esa.daily import DAILY_VARS, daily_args

BIN = Path(sys.executable).parent
# The parts of a scale, in the order they run, and the parts each one needs before it.
# "build" is the whole `dbt build` alone (what "full" measures last), for a scale too large for the rest.
# "idle" runs the daily job again on the day's database; "empty" needs only a landing zone (its ratios use
# the full build's figures when the run has them).
PARTS = ("generate", "full", "build", "floor", "day", "idle", "empty", "long")
NEEDS = {"generate": (), "full": ("generate",), "build": ("generate",), "floor": ("full",), "day": ("full",),
         "idle": ("day",), "empty": ("generate",), "long": ("day",)}
# Every zone the harness generates ends on the default zone's last day (esa generate's default start,
# 2025-07-01, plus 365 days), whatever its length: a 730-day zone from the default start would reach
# past today, where the plausibility guards quarantine "future" extracts, and the two histories would
# not be the same day's work.
ZONE_END = dt.date(2026, 6, 30)


def check_parts(parts: list[str] | tuple[str, ...]) -> list[str]:
    """What is wrong with a choice of parts (empty when it can run): unknown parts, or missing needs."""
    errors = [f"unknown part {p!r} (choose from {', '.join(PARTS)})" for p in parts if p not in PARTS]
    errors += [f"part {p!r} needs {n!r}" for p in parts if p in NEEDS for n in NEEDS[p] if n not in parts]
    return errors


def zone_start(days: int) -> dt.date:
    """The start of a zone of ``days`` days that ends on ZONE_END."""
    return ZONE_END - dt.timedelta(days=days - 1)


@dataclass(frozen=True)
class ScaleConfig:
    project_dir: Path
    work_dir: Path
    days: int = 365
    long_days: int = 730
    seed: int = 42
    dirty: float = 0.02
    select: str | None = None
    daily_vars: str = DAILY_VARS
    threads: int | None = None
    parts: tuple[str, ...] = PARTS


class Workspace:
    """One scale's folder: the live database and landing zone that dbt sees, and the parked ones."""

    def __init__(self, cfg: ScaleConfig, root: Path, env: dict[str, str]) -> None:
        self.cfg, self.root = cfg, root
        self.db = root / "live" / "esa.duckdb"
        self.landing = root / "landing"
        self.target = root / "target"
        self.db.parent.mkdir(parents=True, exist_ok=True)
        self.env = dict(env, ESA_LANDING_DIR=str(self.landing), ESA_DUCKDB_PATH=str(self.db),
                        DBT_TARGET_PATH=str(self.target), DBT_LOG_PATH=str(self.target / "logs"))

    def _parked(self, kind: str, name: str) -> Path:
        return self.root / "parked" / f"{kind}-{name}"

    def park_db(self, name: str) -> None:
        dest = self._parked("db", name)
        dest.mkdir(parents=True, exist_ok=True)
        for path in self.db.parent.glob(self.db.name + "*"):  # the file and its .wal, if any
            path.rename(dest / path.name)

    def unpark_db(self, name: str) -> None:
        for path in self._parked("db", name).iterdir():
            path.rename(self.db.parent / path.name)

    def park_landing(self, name: str) -> None:
        self._parked("landing", name).parent.mkdir(parents=True, exist_ok=True)
        self.landing.rename(self._parked("landing", name))

    def drop_db(self) -> None:
        """Delete the live database (the file, its .wal and its spill folder), so the next command starts fresh."""
        for path in self.db.parent.glob(self.db.name + "*"):
            shutil.rmtree(path) if path.is_dir() else path.unlink()

    def parked_db(self, name: str) -> Path | None:
        """The parked database `name` (park_db), if there is one."""
        path = self._parked("db", name) / self.db.name
        return path if path.exists() else None

    def unpark_landing(self, name: str) -> None:
        self._parked("landing", name).rename(self.landing)

    def dbt(self, label: str, args: list[str], select: bool = True) -> Measured:
        cmd = [str(BIN / "dbt"), *args, "--target", "local", "--profiles-dir", str(self.root)]
        if select and self.cfg.select:
            # cautious: only tests whose parents are all selected (not the tests of other facts on a dimension)
            cmd += ["--select", self.cfg.select, "--indirect-selection", "cautious"]
        if self.cfg.threads:
            cmd += ["--threads", str(self.cfg.threads)]
        (self.target / "run_results.json").unlink(missing_ok=True)
        # A failing test or model is the project's outcome, not the benchmark's: the figure keeps its
        # exit code (the table marks it) and the run goes on. A dbt that cannot start still stops it.
        measured = run_measured(label, cmd, self.cfg.project_dir, self.env, self.root / "logs" / f"{label}.log",
                                check=args[0] not in ("run", "test", "build"))
        # Each command's run_results.json, kept beside its log (the next command overwrites the target's).
        if (self.target / "run_results.json").exists():
            shutil.copy(self.target / "run_results.json", self.root / "logs" / f"{label}.run_results.json")
        return measured

    def slowest_nodes(self, count: int = 10) -> list[dict[str, Any]]:
        results = json.loads((self.target / "run_results.json").read_text())["results"]
        ranked = sorted(results, key=lambda r: -float(r["execution_time"]))[:count]
        return [{"node": r["unique_id"], "seconds": round(float(r["execution_time"]), 2), "status": r["status"]}
                for r in ranked]

    def generate(self, scale: float, days: int, label: str, start: dt.date) -> dict[str, Any]:
        cfg = self.cfg
        cmd = [str(BIN / "esa"), "generate", "--out", str(self.landing), "--scale", f"{scale:g}", "--days",
               str(days), "--seed", str(cfg.seed), "--dirty", f"{cfg.dirty:g}", "--start", start.isoformat(),
               "--quiet"]
        measured = run_measured(label, cmd, cfg.project_dir, self.env, self.root / "logs" / f"{label}.log")
        manifest = json.loads((self.landing / "_manifest.json").read_text())
        rows = sum(e["rows"] for e in manifest["entities"].values())
        return {**measured.as_dict(), "days": days, "rows": rows,
                "rows_per_second": round(rows / measured.seconds) if measured.seconds else None}


def _share(part: Measured, whole: Measured) -> float | None:
    return round(part.seconds / whole.seconds, 3) if whole.seconds else None


def _cpu_share(part: Measured, whole: Measured) -> float | None:
    """The same ratio in CPU time: steadier than wall time when other work shares the cores."""
    return round(part.cpu_seconds / whole.cpu_seconds, 3) if whole.cpu_seconds else None


def _disk_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1024**2, 1)


def bench_scale(cfg: ScaleConfig, scale: float, env: dict[str, str], log: Any = print,
                checkpoint: Any = None) -> dict[str, Any]:
    """Every figure of one scale (see the module docstring); `checkpoint(out)` after each phase."""
    root = cfg.work_dir / f"scale-{scale:g}"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    shutil.copy(cfg.project_dir / "profiles.example.yml", root / "profiles.yml")
    ws = Workspace(cfg, root, env)
    out: dict[str, Any] = {"scale": scale, "days": cfg.days}

    log(f"scale {scale:g}: generate {cfg.days} days")
    out["generation"] = ws.generate(scale, cfg.days, "generate", zone_start(cfg.days))
    if checkpoint:
        checkpoint(out)
    if "full" not in cfg.parts and "build" not in cfg.parts:
        if "empty" in cfg.parts:
            log(f"scale {scale:g}: dbt's floor (dbt build --empty, dbt run --empty)")
            out["dbt_floor"] = dbt_floor(ws, {}, parsed_daily=False)
        out["disk_mb"] = _disk_mb(root)
        return out
    log(f"scale {scale:g}: full build" + (" (models, tests; whole)" if "full" in cfg.parts else " (whole)"))
    parse = ws.dbt("parse", ["parse"], select=False)
    out["full"] = {"parse": parse.as_dict()}
    models: Measured | None = None
    if "full" in cfg.parts:
        seed = ws.dbt("seed", ["seed"], select=False)
        models = ws.dbt("run", ["run"])
        if "floor" in cfg.parts:
            floor = raw_floor_apart(ws.target, ws.db, root / "raw" / ws.db.name, ws.landing / "erp" / "erp.duckdb",
                                    profile_settings(root / "profiles.yml"))
            out["raw_floor"] = {**floor, "dbt_run_ratio": round(models.seconds / floor["seconds"], 2)
                                if floor["seconds"] else None,
                                "dbt_run_cpu_ratio": round(models.cpu_seconds / floor["cpu_seconds"], 2)
                                if floor["cpu_seconds"] else None}
        tests = ws.dbt("test", ["test"])
        out["full"].update(seed=seed.as_dict(), models=models.as_dict(), tests=tests.as_dict())
        if checkpoint:  # the whole build of a large scale is long: keep the figures so far
            checkpoint(out)
    disk_split = _disk_mb(root)
    if "full" in cfg.parts:
        ws.park_db("split")
        if "day" not in cfg.parts:  # only the day run needs this database again: free its disk for the build
            shutil.rmtree(ws._parked("db", "split"))
    build = ws.dbt("build", ["build"])
    out["full"].update(whole=build.as_dict(), slowest_nodes=ws.slowest_nodes())
    ws.park_db("whole")
    out["disk_mb"] = max(disk_split, _disk_mb(root))
    if checkpoint:
        checkpoint(out)
    if "day" not in cfg.parts:
        if "empty" in cfg.parts:
            log(f"scale {scale:g}: dbt's floor (dbt build --empty, dbt run --empty)")
            out["dbt_floor"] = dbt_floor(ws, out["full"], parsed_daily=False)
        return out
    assert models is not None  # day needs full (check_parts)

    log(f"scale {scale:g}: one more landed day")
    out["generation_one_more_day"] = ws.generate(scale, cfg.days + 1, "generate-day", zone_start(cfg.days))
    day_parse = ws.dbt("day-parse", ["parse", *daily_args("parse", cfg.daily_vars)], select=False)
    ws.unpark_db("split")
    day_models = ws.dbt("day-run", ["run", *daily_args("run", cfg.daily_vars)])
    day_tests = ws.dbt("day-test", ["test", *daily_args("test", cfg.daily_vars)])
    ws.park_db("split")
    ws.unpark_db("whole")
    day_build = ws.dbt("day-build", ["build", *daily_args("build", cfg.daily_vars)])
    out["one_more_day"] = {
        "parse": day_parse.as_dict(), "models": day_models.as_dict(), "tests": day_tests.as_dict(),
        "whole": day_build.as_dict(), "models_share_of_full": _share(day_models, models),
        "tests_share_of_full": _share(day_tests, tests), "whole_share_of_full": _share(day_build, build),
        "cpu_shares_of_full": {"models": _cpu_share(day_models, models), "tests": _cpu_share(day_tests, tests),
                               "whole": _cpu_share(day_build, build)},
        "slowest_nodes": ws.slowest_nodes(),
    }
    if "idle" in cfg.parts:
        # The daily job again at once: nothing newly landed, so this is what a run costs whatever landed.
        log(f"scale {scale:g}: the idle day (the daily job again, nothing landed)")
        idle = ws.dbt("idle-build", ["build", *daily_args("build", cfg.daily_vars)])
        out["idle_day"] = {
            "whole": idle.as_dict(), "whole_share_of_full": _share(idle, build),
            "cpu_shares_of_full": {"whole": _cpu_share(idle, build)},
            "ratio_to_day": _share(idle, day_build), "cpu_ratio_to_day": _cpu_share(idle, day_build),
            "slowest_nodes": ws.slowest_nodes(),
        }
    ws.park_db("whole")
    if checkpoint:
        checkpoint(out)
    if "empty" in cfg.parts:  # the day's parse has the daily job's vars: no parse of its own
        log(f"scale {scale:g}: dbt's floor (dbt build --empty, dbt run --empty)")
        out["dbt_floor"] = dbt_floor(ws, out["full"], parsed_daily=True)
        if checkpoint:
            checkpoint(out)

    if cfg.long_days and "long" in cfg.parts:
        # Last, being the least needed figure: a full build over the long history, then one more day.
        # Changed vars parse again, so each switch gets an untimed parse first.
        log(f"scale {scale:g}: full build over {cfg.long_days} days, then one more day")
        ws.park_landing("short")
        gen_long = ws.generate(scale, cfg.long_days, "generate-long", zone_start(cfg.long_days))
        ws.dbt("long-parse", ["parse"], select=False)
        long_build = ws.dbt("long-build", ["build"])
        if checkpoint:
            checkpoint({**out, "long_history_full": {"generation": gen_long, "full_whole": long_build.as_dict()}})
        ws.generate(scale, cfg.long_days + 1, "generate-long-day", zone_start(cfg.long_days))
        ws.dbt("long-day-parse", ["parse", *daily_args("parse", cfg.daily_vars)], select=False)
        long_day = ws.dbt("long-day-build", ["build", *daily_args("build", cfg.daily_vars)])
        out["long_history"] = {
            "days": cfg.long_days, "generation": gen_long, "full_whole": long_build.as_dict(),
            "one_more_day_whole": long_day.as_dict(), "ratio_to_short_history": _share(long_day, day_build),
            "cpu_ratio_to_short_history": _cpu_share(long_day, day_build),
        }
    out["disk_mb"] = max(out["disk_mb"], _disk_mb(root))
    return out
