"""Event times drawn day by day, so day d's events are the same whatever the horizon."""

from __future__ import annotations

import numpy as np

from esa.landing.params import DAY, Params, season
from esa.landing.rand import day_rng
from esa.landing.sorting import lex_order

# Hour-of-day weights (UTC) for business activity and for app activity.
BUSINESS_HOURS = np.array([1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 14, 13, 11, 12, 13, 12, 10, 8, 6, 5, 4, 3, 2, 1.0])
APP_HOURS = np.array([3, 2, 1, 1, 1, 2, 4, 6, 8, 8, 8, 8, 9, 9, 8, 8, 9, 10, 12, 13, 13, 11, 8, 5.0])


def daily_rates(p: Params, per_day: float, seasonal: bool = True) -> np.ndarray:
    """The mean count per day of a stream, for every day of the period."""
    epoch_days = p.start_day + np.arange(p.days)
    return np.asarray(per_day * (season(epoch_days) if seasonal else np.ones(p.days)), dtype=np.float64)


def day_times(p: Params, stream: str, lam: float, d: int, hours: np.ndarray = BUSINESS_HOURS) -> np.ndarray:
    """Sorted epoch seconds of day ``d`` (index) of a Poisson stream with mean ``lam`` that day."""
    rng = day_rng(p.seed, stream, d)
    n = int(rng.poisson(lam))
    hour = rng.choice(24, size=n, p=hours / hours.sum())
    sec = hour * 3600 + rng.integers(0, 3600, size=n)
    return np.sort((p.start_day + d) * DAY + sec).astype(np.int64)


def day_counts(p: Params, stream: str, lam: np.ndarray, days: int) -> np.ndarray:
    """How many events days 0 .. days-1 of the stream hold (the first draw of each day's generator)."""
    return np.asarray([int(day_rng(p.seed, stream, d).poisson(lam[d])) for d in range(days)], dtype=np.int64)


def daily_times(p: Params, stream: str, per_day: float, hours: np.ndarray = BUSINESS_HOURS,
                seasonal: bool = True) -> np.ndarray:
    """Sorted epoch seconds of a Poisson stream with mean ``per_day`` (times the season) per day."""
    lam = daily_rates(p, per_day, seasonal)
    parts = [day_times(p, stream, lam[d], d, hours) for d in range(p.days)]
    return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)


def rank_ids(times: np.ndarray, tiebreak: np.ndarray, horizon_s: int) -> tuple[np.ndarray, np.ndarray]:
    """Ids 1..n for the events before the horizon, in time order (ties by ``tiebreak``).

    Returns (positions of the kept events, their ids). Numbering by time keeps ids stable when
    the horizon grows: every event before the old horizon keeps its id.
    """
    keep = np.flatnonzero(times < horizon_s)
    pos = keep[lex_order(tiebreak[keep], times[keep])]
    return pos, np.arange(1, len(pos) + 1, dtype=np.int64)


def rank_ids_window(times: np.ndarray, tiebreak: np.ndarray, horizon_s: int,
                    wanted: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """:func:`rank_ids` of the ``wanted`` events only (a boolean mask; None: every event), with the same ids.

    Only the events from the earliest wanted one on are sorted: time is the major key, so each id is the number
    of earlier events (counted, not sorted) plus the rank among those.
    """
    if wanted is None:
        return rank_ids(times, tiebreak, horizon_s)
    wanted = wanted & (times < horizon_s)
    lo = int(times[wanted].min()) if wanted.any() else horizon_s
    keep = np.flatnonzero((times >= lo) & (times < horizon_s))
    pos = keep[lex_order(tiebreak[keep], times[keep])]
    ids = int(np.count_nonzero(times < lo)) + np.arange(1, len(pos) + 1, dtype=np.int64)
    mine = wanted[pos]
    return pos[mine], ids[mine]
