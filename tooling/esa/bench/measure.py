"""Run a command and measure it: wall time, CPU time, peak memory (max RSS of the process tree), load.

CPU time (user + system, all threads) is the steadier figure on a shared machine: wall time grows
with the load, CPU time much less.

Peak memory is the larger of two figures. The kernel's rusage of the waited-for child (os.wait4), the
figure `/usr/bin/time -v` prints as "Maximum resident set size", is the largest RSS of the child or of
any one descendant it waited for: exact, but blind to processes that run side by side (`esa generate`
writes app activity from a process of its own beside the ERP simulation). :class:`TreeMemorySampler`
adds the RSS of the whole process tree every 50 ms, which sees the sum but can miss a peak shorter than
its interval.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

from esa.bench.machine import LoadSampler


@dataclass
class Measured:
    """One measured command."""

    label: str
    seconds: float
    peak_rss_mb: float
    returncode: int
    cpu_seconds: float = 0.0
    load: dict[str, float] = field(default_factory=dict)
    log: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class TreeMemorySampler:
    """Samples the summed RSS of a process and all its descendants every `interval` seconds."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak_bytes = 0
        self._root = psutil.Process(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree_rss(self) -> int:
        total = 0
        try:
            procs = [self._root, *self._root.children(recursive=True)]
        except psutil.Error:  # the root has ended
            return 0
        for proc in procs:
            with contextlib.suppress(psutil.Error):  # a process that ended between the listing and the read
                total += proc.memory_info().rss
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_bytes = max(self.peak_bytes, self._tree_rss())
            self._stop.wait(self.interval)

    def stop(self) -> float:
        """Stops sampling; the peak in MB."""
        self._stop.set()
        self._thread.join()
        return self.peak_bytes / 1024**2


class CommandFailed(RuntimeError):
    pass


def run_measured(label: str, cmd: list[str], cwd: Path, env: dict[str, str], log: Path,
                 check: bool = True) -> Measured:
    """Run `cmd`, its output to `log`; raise CommandFailed (with the log's tail) on a non-zero exit."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out, LoadSampler() as load:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        tree = TreeMemorySampler(proc.pid)
        # the sampler reads the tree while it exists: it stops once the child has ended, before the wait reaps it
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        tree_peak_mb = tree.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak_mb = max(usage.ru_maxrss / 1024, tree_peak_mb)
    measured = Measured(label, round(seconds, 2), round(peak_mb, 1), proc.returncode,
                        round(usage.ru_utime + usage.ru_stime, 2), load.summary(), str(log))
    if check and proc.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise CommandFailed(f"{label} failed (exit {proc.returncode}): {' '.join(cmd)}\n{tail}")
    return measured
