"""`esa bench`: the scale curve of generation and dbt builds (default), the PR checks, the generator sweep."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from esa.bench import checks, generator_sweep
from esa.bench.scale import PARTS
from esa.daily import DAILY_FLAGS

REPO = Path(__file__).resolve().parents[3]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "bench",
        help="Benchmarks: the build's scale curve (default), the PR checks, the generator.",
        description=(
            "Measure, at each --scales: generation (time, peak memory); the full build (models, tests, whole, "
            "peak memory); the raw-DuckDB floor and dbt run's ratio to it; one more landed day (models, tests, "
            "whole) and its share of the full build; the idle day (the daily job again, nothing landed); dbt's "
            "floor (`dbt build --empty`, `dbt run --empty`); one more day over --long-days of history against "
            "--days; the 10 slowest nodes. Writes --json, the marked section of --docs and the --chart, with the "
            "machine and the load average of every figure. `esa bench checks` and `esa bench generator` "
            "time the pull-request checks and the generator alone."
        ),
    )
    parser.add_argument("--scales", type=float, nargs="+", default=[0.1, 1.0, 5.0],
                        help="scales (default 0.1 1 5; add 10 for scale 10): a scale the disk cannot hold, "
                        "judged from the previous scale's use, is skipped and reported")
    parser.add_argument("--days", type=int, default=365, help="days of history (default %(default)s)")
    parser.add_argument("--long-days", type=int, default=730,
                        help="days of the long-history comparison, 0 to skip it (default %(default)s)")
    parser.add_argument("--parts", nargs="+", default=list(PARTS), metavar="PART",
                        help="what to measure at each scale (default all): generate; full (models, tests, whole "
                        "build, peak memory; needs generate); floor (raw-DuckDB floor; needs full); day (one more "
                        "landed day; needs full); idle (the daily job's build again right after the day's, nothing "
                        "newly landed; needs day); empty (dbt's floor: the daily job's `dbt build --empty` and "
                        "`dbt run --empty`, each on a fresh database; needs generate); long (the --long-days pair; "
                        "needs day); build (only the whole `dbt build` of full, with its peak memory: half the "
                        "cost; needs generate)")
    parser.add_argument("--fresh", action="store_true",
                        help="start --json afresh (default: merge into it, keeping the figures this run does "
                        "not measure, each with the run that measured it)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--dirty", type=float, default=0.02)
    parser.add_argument("--select", default=None, help="dbt selection for every dbt command (default: all)")
    parser.add_argument("--threads", type=int, default=None, help="dbt --threads (default: the profile's)")
    parser.add_argument("--project-dir", type=Path, default=REPO,
                        help="the dbt project to measure, e.g. a `git worktree` of another commit (default: this one)")
    parser.add_argument("--work-dir", type=Path, default=REPO / "build" / "bench",
                        help="landing zones and databases, one folder per scale (default build/bench)")
    parser.add_argument("--keep", action="store_true", help="keep each scale's folder (default: delete it)")
    parser.add_argument("--json", type=Path, default=REPO / "docs" / "benchmarks.json")
    parser.add_argument("--docs", type=Path, default=REPO / "docs" / "benchmarks.md",
                        help="markdown file whose `esa bench` section is replaced (default docs/benchmarks.md)")
    parser.add_argument("--chart", type=Path, default=REPO / "docs" / "assets" / "benchmarks_scale.png")
    parser.set_defaults(func=run)
    suites = parser.add_subparsers(dest="suite", metavar="SUITE")
    for name, module, text in (("checks", checks, "time lint, the T-SQL check and dbt parse"),
                               ("generator", generator_sweep, "time `esa generate` in-process at a few scales")):
        suite = suites.add_parser(name, help=text, description=module.__doc__,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(suite)
        suite.set_defaults(func=module.run)
    rerender = suites.add_parser("report", help="write the markdown section and the chart again from the JSON",
                                 description="Render --json (also one an interrupted run left) into --docs and "
                                             "--chart, e.g. after editing the text around the markers.")
    rerender.add_argument("--add", type=Path, nargs="+", default=[],
                          help="merge these runs' JSON files into --json first (later files win per scale and "
                          "figure group)")
    rerender.set_defaults(func=run_report)


def run_report(args: argparse.Namespace) -> int:
    import json

    from esa.bench import report
    from esa.bench.merge import empty, merge

    results = json.loads(args.json.read_text()) if args.json.exists() else empty()
    for added in args.add:
        results = merge(results, json.loads(added.read_text()))
    if args.add:
        report.write_json(results, args.json)
    report.write_chart(results, args.chart)
    report.write_markdown(report.markdown(results, args.chart, args.docs), args.docs)
    print(f"esa bench: wrote {args.docs} and {args.chart} from {args.json}", file=sys.stderr)
    return 0


def _env() -> dict[str, str]:
    env = dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false", ESA_TARGET="local",
               ESA_TEST_SEVERITY=os.environ.get("ESA_TEST_SEVERITY", "warn"))
    for key in ("DBT_TARGET_PATH", "DBT_LOG_PATH", "DBT_PROFILES_DIR", "DBT_PROJECT_DIR", "ESA_INCREMENTAL_BRANCH"):
        env.pop(key, None)
    return env


def _ratio_to_previous(figures: dict[str, Any], earlier: list[dict[str, Any]]) -> None:
    """The full build against the previous scale of the same run (same load, same commit), in `figures`."""
    prev = next((e for e in reversed(earlier) if "whole" in e.get("full", {})), None)
    full = figures.get("full", {})
    if prev is None or "whole" not in full:
        return
    ratios: dict[str, Any] = {"scale": prev["scale"]}
    for key in (k for k in ("models", "tests", "whole") if k in full and k in prev["full"]):
        now, then = full[key], prev["full"][key]
        ratios[key] = round(now["seconds"] / then["seconds"], 2) if then["seconds"] else None
        ratios[key + "_cpu"] = round(now["cpu_seconds"] / then["cpu_seconds"], 2) if then["cpu_seconds"] else None
    full["vs_previous_scale"] = ratios


def run(args: argparse.Namespace) -> int:
    import json

    from esa.bench import report
    from esa.bench.floor import profile_settings
    from esa.bench.machine import LoadSampler, machine_info, now_utc, project_commit
    from esa.bench.measure import CommandFailed
    from esa.bench.merge import empty, merge
    from esa.bench.scale import ScaleConfig, bench_scale, check_parts

    def log(message: str) -> None:
        print(f"esa bench: {message}", file=sys.stderr, flush=True)

    errors = check_parts(args.parts)
    if errors:
        log("; ".join(errors))
        return 2
    work = args.work_dir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    parts = tuple(p for p in PARTS if p in args.parts)
    cfg = ScaleConfig(project_dir=args.project_dir.resolve(), work_dir=work, days=args.days,
                      long_days=args.long_days, seed=args.seed, dirty=args.dirty, select=args.select,
                      threads=args.threads, parts=parts)
    # The figures of earlier runs that this one does not measure again stay (esa.bench.merge).
    base = empty() if args.fresh or not args.json.exists() else json.loads(args.json.read_text())
    results: dict[str, Any] = {
        "command": "esa bench " + " ".join(sys.argv[2:]) if len(sys.argv) > 2 else "esa bench",
        "commit": project_commit(cfg.project_dir), "started_at": now_utc(), "machine": machine_info(),
        "config": {"days": cfg.days, "long_days": cfg.long_days, "seed": cfg.seed, "dirty": cfg.dirty,
                   "select": cfg.select, "daily_vars": cfg.daily_vars, "daily_flags": list(DAILY_FLAGS),
                   "threads": cfg.threads, "parts": list(parts),
                   # the DuckDB settings every scale's dbt runs with (the env vars resolved)
                   "duckdb_settings": profile_settings(cfg.project_dir / "profiles.example.yml")},
        "scales": [], "skipped": [],
    }
    previous: tuple[float, float] | None = None
    with LoadSampler(interval=5.0) as load:
        for scale in sorted(args.scales):
            free_mb = shutil.disk_usage(work).free / 1024**2
            if previous and free_mb < 1.5 * previous[1] * scale / previous[0]:
                reason = (f"{free_mb:,.0f} MB free, about {previous[1] * scale / previous[0]:,.0f} MB needed "
                          f"(scale {previous[0]:g} used {previous[1]:,.0f} MB)")
                log(f"scale {scale:g} skipped: {reason}")
                results["skipped"].append({"scale": scale, "reason": reason})
                continue
            def checkpoint(partial: dict[str, Any]) -> None:
                # What a scale measured so far, in the JSON only, so an interrupted run keeps its figures.
                report.write_json(merge(base, {**results, "partial": partial}), args.json)

            try:
                figures = bench_scale(cfg, scale, _env(), log, checkpoint)
            except CommandFailed as exc:
                log(str(exc))
                return 1
            _ratio_to_previous(figures, results["scales"])
            results["scales"].append(figures)
            previous = (scale, figures["disk_mb"])
            report.write_json(merge(base, results), args.json)
            if not args.keep:
                shutil.rmtree(work / f"scale-{scale:g}", ignore_errors=True)
    results["finished_at"] = now_utc()
    results["load"] = load.summary()
    merged = merge(base, results)
    report.write_json(merged, args.json)
    if merged["scales"]:
        report.write_chart(merged, args.chart)
        report.write_markdown(report.markdown(merged, args.chart, args.docs), args.docs)
    log(f"wrote {args.json}, {args.docs} and {args.chart}")
    return 0
