"""The generator's fast paths give exactly what the plain numpy forms give (the landed bytes depend on it)."""

from __future__ import annotations

import numpy as np
import pytest

from esa.landing import rand
from esa.landing.sorting import lex_order, n_distinct

RNG = np.random.default_rng(20261130)


def _walk_poisson(u: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """Inversion over every id at every step: the form rand.poisson must equal."""
    p = np.exp(-lam)
    cdf = p.copy()
    out = np.zeros(u.shape, dtype=np.int64)
    for n in range(1, 120):
        below = u > cdf
        if not below.any():
            break
        out += below
        p = p * lam / n
        cdf = cdf + p
    return out


@pytest.mark.parametrize("lam", [0.4, 6.0, 30.0, "mixed"])
def test_poisson_equals_the_walk_over_every_id(lam: float | str) -> None:
    ids = np.arange(1, 200_001, dtype=np.int64)
    means = RNG.choice([0.0, 0.5, 2.2, 12.0, 40.0], len(ids)) if lam == "mixed" else np.full(len(ids), lam)
    drawn = rand.poisson(7, "test.poisson", ids, means)
    assert np.array_equal(drawn, _walk_poisson(rand.uniform(7, "test.poisson", ids), means))
    assert drawn.max() > drawn.min()


def _plain_n_distinct(*cols: np.ndarray) -> int:
    return len({tuple(row) for row in np.stack(cols, axis=1).tolist()}) if len(cols[0]) else 0


@pytest.mark.parametrize("spans", [(10**6, 2 * 10**9), (50, 5), (2, 3, 400), (2**40, 2**30), (2**62, 3)])
@pytest.mark.parametrize("n", [0, 1, 2, 5_000])
def test_lex_order_and_n_distinct_equal_lexsort(spans: tuple[int, ...], n: int) -> None:
    """Distinct packed keys (one sort), repeated keys and keys too wide to pack (np.lexsort) alike."""
    keys = tuple(RNG.integers(-3, span, n) for span in spans)
    assert np.array_equal(lex_order(*keys), np.lexsort(keys))
    assert n_distinct(*keys[::-1]) == _plain_n_distinct(*keys[::-1])


def test_lex_order_keeps_ties_in_place_and_takes_unsigned_keys() -> None:
    minor = np.asarray([3, 1, 3, 1, 2], dtype=np.uint64)
    major = np.asarray([9, 9, 9, 9, 9], dtype=np.int64)
    assert lex_order(minor, major).tolist() == np.lexsort((minor, major)).tolist() == [1, 3, 4, 0, 2]
    huge = np.asarray([2**64 - 1, 5, 2**63], dtype=np.uint64)
    assert np.array_equal(lex_order(huge), np.lexsort((huge,)))
