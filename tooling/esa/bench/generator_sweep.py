"""Benchmark `esa generate` in-process: seconds, rows and rows/s at a few scales (not a test).

    esa bench generator                                 # scales 0.1 0.25 0.5 1, 365 days
    esa bench generator --scales 1 --days 365 --dir /tmp/bench

Prints wall time, CPU time (all threads, and the app-activity process `generate` spawns), landed rows
and rows per second per scale, and rows per unit of scale, which stays flat when generation is linear
in scale; max_rss_MB is the largest single process (`esa bench --parts generate` measures the sum of
the processes that run side by side). Wall time depends
on what else runs on the machine; CPU time is the steadier figure on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from esa.landing.generator import generate
from esa.landing.params import Params


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scales", type=float, nargs="+", default=[0.1, 0.25, 0.5, 1.0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--dirty", type=float, default=0.02)
    parser.add_argument("--dir", type=Path, default=None, help="work directory (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the generated landing zones")


def _cpu_seconds() -> float:
    """User + system CPU of this process and of its ended children (the app-activity process)."""
    return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                 resource.getrusage(resource.RUSAGE_CHILDREN)))


def run(args: argparse.Namespace) -> int:
    work = args.dir or Path(tempfile.mkdtemp(prefix="esa-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"# esa generate benchmark: {args.days} days, seed {args.seed}, dirty {args.dirty}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(f"{'scale':>6} {'wall_s':>8} {'cpu_s':>8} {'rows':>11} {'rows/s':>10} {'rows/scale':>11} "
          f"{'order_lines':>11} {'events':>9} {'max_rss_MB':>10}")
    for scale in args.scales:
        out = work / f"scale-{scale:g}"
        shutil.rmtree(out, ignore_errors=True)
        params = Params(scale=scale, days=args.days, seed=args.seed, dirty=args.dirty)
        cpu0, wall0 = _cpu_seconds(), time.perf_counter()
        manifest = generate(out, params)
        wall, cpu = time.perf_counter() - wall0, _cpu_seconds() - cpu0
        ents = manifest["entities"]
        rows = sum(e["rows"] for e in ents.values())
        rss = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
        print(f"{scale:>6g} {wall:>8.1f} {cpu:>8.1f} {rows:>11,} {rows / wall:>10,.0f} {rows / scale:>11,.0f} "
              f"{ents['erp.sales_order_lines']['rows']:>11,} {ents['cosmos.interaction_events']['rows']:>9,} "
              f"{rss:>10,.0f}", flush=True)
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)
    if args.dir is None and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0
