"""BLANK and the scalar operators as DAX defines them.

BLANK is ``None``. The rules (DAX reference, "Handling blanks"):
- ``+`` and ``-``: BLANK counts as 0, but BLANK + BLANK is BLANK; ``-BLANK`` is BLANK;
- ``*``: BLANK times anything is BLANK;
- ``/``: BLANK / x is BLANK, x / BLANK is infinite (x / 0 likewise; 0 / 0 and BLANK / 0 are NaN and BLANK);
- ``DIVIDE(n, d[, alt])``: alt (default BLANK) when d is 0 or BLANK, otherwise n / d (BLANK when n is BLANK);
- comparisons: BLANK equals 0, "" and FALSE (``==`` is strict: BLANK == 0 is FALSE); strings compare
  case-insensitively;
- ``&&``, ``||``, ``NOT``: BLANK is FALSE; ``&`` concatenates BLANK as "".
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

Value = Any  # None (BLANK), bool, int, float, Decimal, str, date, datetime

_EPOCH = dt.datetime(1899, 12, 30)


def is_number(v: Value) -> bool:
    return isinstance(v, int | float | Decimal) and not isinstance(v, bool)


def _numeric(v: Value) -> int | float | Decimal:
    if v is None:
        return 0
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, dt.datetime):
        return (v - _EPOCH).total_seconds() / 86400
    if isinstance(v, dt.date):
        return (dt.datetime.combine(v, dt.time()) - _EPOCH).days
    if is_number(v):
        return v  # type: ignore[no-any-return]
    raise TypeError(f"cannot use {v!r} in arithmetic")


def _pair(a: Value, b: Value) -> tuple[Any, Any]:
    x, y = _numeric(a), _numeric(b)
    if isinstance(x, float) or isinstance(y, float):
        return float(x), float(y)
    return x, y


def add(a: Value, b: Value) -> Value:
    if a is None and b is None:
        return None
    x, y = _pair(a, b)
    return x + y


def sub(a: Value, b: Value) -> Value:
    if a is None and b is None:
        return None
    x, y = _pair(a, b)
    return x - y


def mul(a: Value, b: Value) -> Value:
    if a is None or b is None:
        return None
    x, y = _pair(a, b)
    return x * y


def div(a: Value, b: Value) -> Value:
    if a is None:
        return None
    x, y = _pair(a, b)
    if y == 0:
        return math.nan if x == 0 else math.copysign(math.inf, float(x))
    return float(x) / float(y)


def divide(a: Value, b: Value, alternate: Value = None) -> Value:
    if b is None or _numeric(b) == 0:
        return alternate
    if a is None:
        return None
    x, y = _pair(a, b)
    return float(x) / float(y)


def negate(a: Value) -> Value:
    return None if a is None else -_numeric(a)


def truthy(v: Value) -> bool:
    if v is None:
        return False
    if isinstance(v, str):
        raise TypeError(f"cannot convert text {v!r} to TRUE/FALSE")
    return bool(_numeric(v))


def _comparable(a: Value, b: Value) -> tuple[Any, Any]:
    """Bring two values to one comparable form, BLANK taking the other side's zero."""
    if isinstance(a, str) or isinstance(b, str):
        sa = "" if a is None else a
        sb = "" if b is None else b
        if not (isinstance(sa, str) and isinstance(sb, str)):
            raise TypeError(f"DAX does not compare text with a number: {a!r}, {b!r}")
        return sa.casefold(), sb.casefold()
    return _pair(a, b)


def compare(op: str, a: Value, b: Value) -> bool:
    if op == "StrictEq":
        if (a is None) != (b is None):
            return False
        op = "Eq"
    x, y = _comparable(a, b)
    result = {
        "Eq": x == y,
        "Neq": x != y,
        "Lt": x < y,
        "Lte": x <= y,
        "Gt": x > y,
        "Gte": x >= y,
    }[op]
    return bool(result)


def concat(a: Value, b: Value) -> str:
    return ("" if a is None else str(a)) + ("" if b is None else str(b))
