"""The generator's fast paths give exactly what the plain numpy forms give (the landed bytes depend on it)."""

from __future__ import annotations

import itertools

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from esa.landing import activity, rand, values
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


def _one_digit_padded(prefix: str, numbers: np.ndarray, width: int) -> list[str]:
    """One digit per step (floor remainders), the form values.padded must equal."""
    out = []
    for number in numbers.tolist():
        digits = []
        for _ in range(width):
            digits.append(str(number % 10))
            number //= 10
        out.append(prefix + "".join(reversed(digits)))
    return out


@pytest.mark.parametrize("width", [1, 2, 3, 6, 7, 10])
def test_padded_two_digits_a_step_equals_one_digit_a_step(width: int) -> None:
    numbers = np.concatenate([RNG.integers(-10**12, 10**12, 3000), [0, 9, 10, 99, 100, -1, -100]])
    assert values.padded("SO-", numbers, width).to_pylist() == _one_digit_padded("SO-", numbers, width)


def test_join_of_fixed_width_text_equals_pyarrows_join() -> None:
    """values.join builds literals and fixed-width arrays as one byte matrix; any other input goes to pyarrow."""
    n = 5000
    ids = values.guids(RNG.integers(0, 2**63, n).astype(np.uint64), RNG.integers(0, 2**63, n).astype(np.uint64))
    nums = values.padded("", RNG.integers(0, 10**6, n), 6)
    stamps = values.iso_datetimes(RNG.integers(10**9, 2 * 10**9, n))
    mixed = pa.array(RNG.choice(["a", "bb", "ccc", "é"], n))
    with_null = pa.array([None, *(["x"] * (n - 1))], type=pa.string())
    cases = [('"', ids, '"'), (nums, "AAAA", nums.slice(0), "=="), ("dev-", nums),
             (ids.slice(7, 100), "é", nums.slice(3, 100)), (stamps, "|", ids),
             ("pre", mixed, nums), (nums, with_null),
             (nums.slice(1), nums.slice(0, n - 1))]
    fast = 0
    for parts in cases:
        plain = pc.binary_join_element_wise(*[pa.scalar(x) if isinstance(x, str) else x for x in parts], "")
        joined = values.join(*parts)
        assert joined.to_pylist() == plain.to_pylist(), parts
        fast += values._join_fixed(parts) is not None
    assert fast == 6  # the fixed-width cases took the byte-matrix path, the others pyarrow's


def test_app_activity_partitions_are_emitted_in_the_landings_order() -> None:
    """activity._emit concatenates parts already in order instead of sorting them; both give the same rows."""
    frame = {"id": pa.array([f"d{k}" for k in range(12)]), "n": np.arange(12)}
    docs = np.array([3, 5, 8, 9, 11, 20, 21, 40, 41, 42, 50, 51], dtype=np.int64)
    ts = np.arange(12, dtype=np.int64) * 10

    def parts(bounds: list[int], doc: np.ndarray) -> list[activity._Part]:
        return [activity._Part(activity._rows_slice(frame, a, b - a), doc[a:b], ts[a:b])
                for a, b in itertools.pairwise(bounds)]

    def plain(ps: list[activity._Part]) -> dict[str, list[object]]:
        doc, t = np.concatenate([x.doc for x in ps]), np.concatenate([x.ts for x in ps])
        joined = values.concat([x.frame for x in ps])
        order = np.lexsort((t, doc))
        return {k: list(np.asarray(v)[order]) if isinstance(v, np.ndarray) else v.take(pa.array(order)).to_pylist()
                for k, v in joined.items()}

    def emitted(ps: list[activity._Part]) -> dict[str, list[object]]:
        return {k: list(v) if isinstance(v, np.ndarray) else v.to_pylist() for k, v in activity._emit(ps).items()}

    in_order = parts([0, 4, 9, 12], docs)
    crossing = parts([0, 4, 9, 12], docs[[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]][::-1].copy())  # needs the sort
    assert emitted(in_order) == plain(in_order)
    assert emitted(crossing) == plain(crossing)
    assert emitted(crossing)["n"] != list(range(12))
