"""Deterministic randomness that never depends on how many days are generated.

Two sources:

* :func:`day_rng`: a numpy Generator seeded by (seed, stream, day). Used for per-day counts
  (how many orders on day d), so day d's draws are the same whatever the horizon.
* :func:`uniform` and friends: counter-based draws, a pure function of (seed, stream, row id).
  Used for the attributes and the whole lifecycle of a row, drawn at its birth, so a row looks the
  same in every run that contains it and all rows of an entity are drawn in one vectorised call.
"""

from __future__ import annotations

import zlib

import numpy as np

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLD = np.uint64(0x9E3779B97F4A7C15)


def _stream(name: str) -> int:
    return zlib.crc32(name.encode())


def mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, vectorised on uint64 (wrapping arithmetic)."""
    return _mix_in_place(np.array(x, dtype=np.uint64))


def _mix_in_place(z: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        z += _GOLD
        z ^= z >> np.uint64(30)
        z *= _M1
        z ^= z >> np.uint64(27)
        z *= _M2
        z ^= z >> np.uint64(31)
    return z


def bits(seed: int, stream: str, ids: np.ndarray, k: int = 0) -> np.ndarray:
    """64 random bits per id for draw number ``k`` of ``stream``."""
    base = mix64(np.asarray((seed * 0x1000193 + _stream(stream) * 131 + k) & 0xFFFFFFFFFFFFFFFF, dtype=np.uint64))
    z = np.asarray(ids, dtype=np.int64).astype(np.uint64)
    with np.errstate(over="ignore"):
        z *= _M2
        z += base
    return _mix_in_place(z)


def uniform(seed: int, stream: str, ids: np.ndarray, k: int = 0) -> np.ndarray:
    """Uniform [0, 1) per id."""
    return (bits(seed, stream, ids, k) >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def integers(seed: int, stream: str, ids: np.ndarray, low: int, high: int, k: int = 0) -> np.ndarray:
    """Integers in [low, high) per id."""
    out: np.ndarray = low + np.floor(uniform(seed, stream, ids, k) * (high - low)).astype(np.int64)
    return out


def choice(seed: int, stream: str, ids: np.ndarray, weights: list[float] | np.ndarray, k: int = 0) -> np.ndarray:
    """Index into ``weights`` per id, with those (unnormalised) probabilities."""
    cum = np.cumsum(np.asarray(weights, dtype=np.float64))
    idx = np.searchsorted(cum / cum[-1], uniform(seed, stream, ids, k), side="right")
    return np.minimum(idx, len(cum) - 1).astype(np.int64)


def normal(seed: int, stream: str, ids: np.ndarray, k: int = 0) -> np.ndarray:
    """Standard normal per id (Box-Muller)."""
    u1 = np.maximum(uniform(seed, stream, ids, 2 * k), 1e-12)
    u2 = uniform(seed, stream, ids, 2 * k + 1)
    out: np.ndarray = np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)
    return out


def exponential(seed: int, stream: str, ids: np.ndarray, scale: float | np.ndarray, k: int = 0) -> np.ndarray:
    return -np.log(np.maximum(1.0 - uniform(seed, stream, ids, k), 1e-12)) * scale


def poisson(seed: int, stream: str, ids: np.ndarray, lam: float | np.ndarray, k: int = 0) -> np.ndarray:
    """Poisson per id by inversion (for small means, up to ~30): how many CDF steps stay below the uniform.

    The walk drops the ids already placed once they are most of those it walks (each id sees the same float
    operations as in a walk over all ids, so the draws do not change).
    """
    u = uniform(seed, stream, ids, k)
    lam_arr = np.broadcast_to(np.asarray(lam, dtype=np.float64), u.shape)
    out = np.zeros(u.shape, dtype=np.int64)
    at = np.arange(u.size)
    u_w, lam_w = u.reshape(-1), lam_arr.reshape(-1)
    p = np.exp(-lam_w)
    cdf = p.copy()
    count = np.zeros(u.size, dtype=np.int64)
    for n in range(1, 120):
        below = u_w > cdf
        still = int(np.count_nonzero(below))
        if still == 0:
            break
        if 2 * still < len(below):  # walk only the ids not placed yet
            out.reshape(-1)[at] = count
            keep = np.flatnonzero(below)
            at, u_w, lam_w, p, cdf, count = at[keep], u_w[keep], lam_w[keep], p[keep], cdf[keep], count[keep]
            count += 1
        else:
            count += below
        p = p * lam_w / n
        cdf = cdf + p
    out.reshape(-1)[at] = count
    return out


def day_rng(seed: int, stream: str, day: int) -> np.random.Generator:
    """A Generator for one (seed, stream, day): a day's draws do not depend on the horizon."""
    return np.random.default_rng([seed, _stream(stream), day + 100_000])
