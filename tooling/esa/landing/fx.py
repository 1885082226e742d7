"""Daily EUR exchange rates: a random walk per currency, weekends carry Friday's rate."""

from __future__ import annotations

import numpy as np

from esa.landing.params import Params, weekday
from esa.landing.rand import day_rng
from esa.landing.reference import FX_BASE


def fx_daily(p: Params) -> np.ndarray:
    """Array (days, currencies) of units of currency per EUR, rounded to 6 decimals; column 0 is EUR = 1."""
    shocks = np.zeros((p.days, len(FX_BASE)))
    wd = weekday(p.start_day + np.arange(p.days))
    for d in range(p.days):
        if wd[d] < 5:
            shocks[d, 1:] = day_rng(p.seed, "fx", d).normal(0.0, 0.004, len(FX_BASE) - 1)
    rates = np.asarray(FX_BASE) * np.exp(np.cumsum(shocks, axis=0))
    return np.round(rates, 6)
