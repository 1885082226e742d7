"""Run a command and measure it: wall time, CPU time, peak memory (max RSS of the process tree), load.

CPU time (user + system, all threads) is the steadier figure on a shared machine: wall time grows
with the load, CPU time much less.

Peak memory comes from the kernel's rusage of the waited-for child (os.wait4), the figure
`/usr/bin/time -v` prints as "Maximum resident set size": the largest RSS of the child or of any
descendant it waited for. dbt and `esa generate` are one process each, so it is their peak.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

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


class CommandFailed(RuntimeError):
    pass


def run_measured(label: str, cmd: list[str], cwd: Path, env: dict[str, str], log: Path,
                 check: bool = True) -> Measured:
    """Run `cmd`, its output to `log`; raise CommandFailed (with the log's tail) on a non-zero exit."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out, LoadSampler() as load:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    measured = Measured(label, round(seconds, 2), round(usage.ru_maxrss / 1024, 1), proc.returncode,
                        round(usage.ru_utime + usage.ru_stime, 2), load.summary(), str(log))
    if check and proc.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise CommandFailed(f"{label} failed (exit {proc.returncode}): {' '.join(cmd)}\n{tail}")
    return measured
