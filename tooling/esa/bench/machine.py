"""The machine a figure was measured on, and the load average while it ran."""

from __future__ import annotations

import os
import platform
import subprocess
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any


def _meminfo_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        return None
    return None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_info() -> dict[str, Any]:
    """Cores, memory, CPU model and the software versions that matter to the figures."""
    import duckdb

    return {
        "cores": os.cpu_count(),
        "memory_gb": _meminfo_gb(),
        "cpu_model": _cpu_model(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
    }


class LoadSampler:
    """Samples the 1-minute load average every `interval` seconds while a measurement runs."""

    def __init__(self, interval: float = 1.0) -> None:
        self.interval = interval
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(os.getloadavg()[0])
            self._stop.wait(self.interval)

    def __enter__(self) -> LoadSampler:
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append(os.getloadavg()[0])

    def summary(self) -> dict[str, float]:
        """Load average at the start, its mean and its maximum over the measurement."""
        values = self.samples or [os.getloadavg()[0]]
        return {"start": round(values[0], 2), "mean": round(sum(values) / len(values), 2),
                "max": round(max(values), 2)}


def now_utc() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def project_commit(project_dir: Path) -> str | None:
    """The short commit of the measured checkout, with "+dirty" when its tracked files differ from it."""
    def git(*args: str) -> str | None:
        proc = subprocess.run(["git", "-C", str(project_dir), *args], capture_output=True, text=True, check=False)
        return proc.stdout.strip() if proc.returncode == 0 else None

    commit = git("rev-parse", "--short", "HEAD")
    if commit and git("status", "--porcelain", "--untracked-files=no"):
        commit += "+dirty"
    return commit
