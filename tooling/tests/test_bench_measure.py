"""`esa bench`'s measurement of one command: its peak memory covers processes that run side by side."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

from esa.bench.measure import run_measured

# The parent holds 300 MB, then starts a child that holds 300 MB too; both are alive together for a second.
SIDE_BY_SIDE = textwrap.dedent("""
    import subprocess, sys
    held = bytearray(300 * 1024 * 1024)
    child = subprocess.Popen([sys.executable, "-c",
                              "import time; held = bytearray(300 * 1024 * 1024); time.sleep(1.0)"])
    child.wait()
""")


def test_peak_memory_adds_up_processes_that_run_side_by_side(tmp_path: Path) -> None:
    measured = run_measured("side by side", [sys.executable, "-c", SIDE_BY_SIDE], tmp_path, {},
                            tmp_path / "side.log")
    # the kernel's rusage alone would give the larger of the two processes, about 300 MB
    assert measured.peak_rss_mb > 550, measured
    assert measured.returncode == 0 and measured.cpu_seconds > 0
