"""What `esa generate` is doing, per area and day: a rich progress bar on a terminal, plain lines otherwise.

Plain lines (a log file, CI) come at most once per area and :data:`EVERY` days (or a quarter of its other
steps), plus the end of each area, so a year prints a few dozen lines; ``--quiet`` prints nothing
(pass ``log=None``).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

EVERY = 30  # days between two plain progress lines of one area


class Progress:
    """Steps of one area at a time: ``start(area, total, unit)``, ``advance(n, note)``, ``done(note)``."""

    def __init__(self, log: Callable[[str], None] | None, stream: TextIO | None = None) -> None:
        self._log = log
        self._stream = stream if stream is not None else sys.stderr
        self._bar: Any = None
        self._task: Any = None
        self._area = ""
        self._unit = ""
        self._total = 0
        self._done = 0
        self._last_line = 0
        self._t0 = 0.0
        if log is not None and self._stream.isatty():
            try:
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
            except ImportError:  # rich comes with the pinned toolchain; without it, plain lines
                pass
            else:
                from rich.console import Console

                self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                     TextColumn("{task.fields[note]}"), TimeElapsedColumn(),
                                     console=Console(file=self._stream), transient=False)
                self._bar.start()

    @property
    def enabled(self) -> bool:
        return self._log is not None

    def start(self, area: str, total: int, unit: str = "days") -> None:
        self._area, self._total, self._unit, self._done, self._last_line = area, total, unit, 0, 0
        self._t0 = time.perf_counter()
        if self._bar is not None:
            self._task = self._bar.add_task(area, total=max(total, 1), note="")

    def advance(self, n: int = 1, note: str = "") -> None:
        self._done += n
        if self._log is None:
            return
        if self._bar is not None:
            self._bar.update(self._task, advance=n, note=note)
        elif self._done - self._last_line >= (EVERY if self._unit == "days" else max(1, -(-self._total // 4))):
            self._last_line = self._done
            self._log(f"{self._area}: {self._done}/{self._total} {self._unit}" + (f" ({note})" if note else ""))

    def done(self, note: str = "") -> None:
        if self._log is None:
            return
        took = time.perf_counter() - self._t0
        if self._bar is not None:
            self._bar.update(self._task, completed=max(self._total, 1), note=note or f"{took:.1f}s")
        else:
            self._log(f"{self._area}: done in {took:.1f}s" + (f", {note}" if note else ""))

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
