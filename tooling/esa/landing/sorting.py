"""Sorting integer key columns: ``lex_order`` gives what ``np.lexsort`` gives, faster when it can.

Several integer keys whose value ranges fit together in 63 bits are packed into one int64 (the packing keeps
the lexicographic order); the packed key is sorted once, with numpy's default sort when every packed key is
distinct (then any correct sort gives the one order), else with ``np.lexsort`` as before. The landing sorts
(versions by key and time, rows by partition) are that shape: this is the same order, in less time.
"""

from __future__ import annotations

import numpy as np

_BITS = 63


def _packed(keys: tuple[np.ndarray, ...]) -> np.ndarray | None:
    """The keys (minor first, as np.lexsort takes them) packed into one int64 key, or None when they do not fit."""
    lows, widths = [], []
    for key in keys:
        if key.dtype.kind not in "iu" or key.ndim != 1:
            return None
        low, high = int(key.min()), int(key.max())
        if high >= 1 << _BITS or low < -(1 << _BITS):
            return None
        lows.append(low)
        widths.append((high - low).bit_length())
    if sum(widths) > _BITS:
        return None
    packed = np.zeros(len(keys[0]), dtype=np.int64)
    shift = 0
    for key, low, width in zip(keys, lows, widths, strict=True):
        if width:
            packed |= (key.astype(np.int64) - low) << shift
            shift += width
    return packed


def lex_order(*keys: np.ndarray) -> np.ndarray:
    """``np.lexsort(keys)`` (the last key is the major one; ties keep their positions)."""
    if len(keys[0]) > 1:
        packed = _packed(keys)
        if packed is not None:
            order = np.argsort(packed)
            ranked = packed[order]
            if bool(np.all(ranked[1:] > ranked[:-1])):
                return order
    return np.lexsort(keys)


def n_distinct(*cols: np.ndarray) -> int:
    """Number of distinct tuples across equal-length integer columns (sort-based, exact)."""
    if len(cols[0]) == 0:
        return 0
    packed = _packed(cols[::-1])
    if packed is not None:
        ranked = np.sort(packed)
        return int(np.count_nonzero(ranked[1:] != ranked[:-1])) + 1
    order = np.lexsort(cols[::-1])
    change = np.zeros(len(order) - 1, dtype=bool)
    for col in cols:
        sc = col[order]
        change |= sc[1:] != sc[:-1]
    return int(change.sum()) + 1
