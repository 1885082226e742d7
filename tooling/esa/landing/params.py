"""Generation parameters and the calendar they imply."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass
from functools import cached_property
from typing import Any

import numpy as np

EPOCH = dt.date(1970, 1, 1)
DAY = 86_400
# The last day a period may reach. The ERP calendar holds fiscal years up to three after the start's (which
# ends on 30 June), and every date must stay below 9999-12-31, the last date of Python, DuckDB and SQL Server.
LAST_DAY = dt.date(9996, 6, 30)
# The largest scale generated: the ERP is still simulated over the whole period at once, about 1 GB of
# memory per unit of scale (1.2 GB measured at scale 1, 4.4 GB at scale 5: docs/benchmarks.md), so 50 needs a
# large machine and more fails anyway.
MAX_SCALE = 50.0


@dataclass(frozen=True)
class Params:
    """What `esa generate` was asked for."""

    scale: float = 0.1
    days: int = 365
    seed: int = 42
    dirty: float = 0.02
    start: dt.date = dt.date(2025, 7, 1)

    def __post_init__(self) -> None:
        if not math.isfinite(self.scale) or self.scale <= 0:
            raise ValueError(f"scale must be a positive finite number, not {self.scale}")
        if self.scale > MAX_SCALE:
            raise ValueError(f"scale must be at most {MAX_SCALE:g} (about 1.2 GB of memory per unit of scale), "
                             f"not {self.scale:g}")
        if self.days < 1:
            raise ValueError("days must be at least 1")
        if not 0 <= self.dirty <= 0.5:
            raise ValueError(f"dirty must be between 0 and 0.5, not {self.dirty}")
        if self.seed < 0:
            raise ValueError(f"seed must be zero or positive, not {self.seed}")
        room = (LAST_DAY - self.start).days + 1
        if self.days > room:
            raise ValueError(f"start {self.start} plus {self.days} days runs past {LAST_DAY}: "
                             f"at most {max(room, 0)} days fit")

    @property
    def start_day(self) -> int:
        """The first generated day, as days since 1970-01-01."""
        return (self.start - EPOCH).days

    @property
    def end_day(self) -> int:
        """The day after the last generated day (exclusive), days since 1970-01-01."""
        return self.start_day + self.days

    @property
    def start_s(self) -> int:
        return self.start_day * DAY

    @property
    def horizon_s(self) -> int:
        """End of the last generated day (exclusive), epoch seconds: nothing happens at or after it."""
        return self.end_day * DAY

    def date(self, day_index: int) -> dt.date:
        return self.start + dt.timedelta(days=day_index)

    @cached_property
    def dates(self) -> tuple[str, ...]:
        """Every generated day's ISO date, in order (the partition names; built once per run, not per table)."""
        return tuple((self.start + dt.timedelta(days=d)).isoformat() for d in range(self.days))

    def identity(self) -> dict[str, Any]:
        """The parameters that must match for an incremental re-run into the same directory."""
        return {"scale": self.scale, "seed": self.seed, "dirty": self.dirty, "start": self.start.isoformat()}

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["start"] = self.start.isoformat()
        return out


def date_str(epoch_day: int) -> str:
    return (EPOCH + dt.timedelta(days=int(epoch_day))).isoformat()


_WEEKDAY = np.array([1.08, 1.12, 1.10, 1.05, 0.98, 0.78, 0.70])  # Monday .. Sunday (B2B-heavy)


def season(epoch_days: np.ndarray) -> np.ndarray:
    """Demand multiplier per day: weekly pattern, a yearly wave, and the November/December peak."""
    d = np.asarray(epoch_days, dtype=np.int64)
    weekday = (d + 3) % 7  # 1970-01-01 was a Thursday
    from esa.landing.values import _civil  # local import: values imports contract only

    _, month, mday = _civil(d)
    doy = (d - 10) % 365
    yearly = 1.0 + 0.12 * np.cos(2 * np.pi * (doy - 15) / 365.0)
    peak = np.where(month == 11, 1.25 + 0.4 * (mday >= 24), 1.0)
    peak = np.where((month == 12) & (mday <= 22), 1.45, peak)
    peak = np.where((month == 12) & (mday > 22), 0.6, peak)
    return np.asarray(_WEEKDAY[weekday] * yearly * peak, dtype=np.float64)


def weekday(epoch_days: np.ndarray) -> np.ndarray:
    """0 = Monday."""
    return (np.asarray(epoch_days, dtype=np.int64) + 3) % 7
