"""In-memory value conventions of the generator and their conversion to Arrow, per contract type.

A *frame* maps column names to equal-length arrays. Generators fill frames with plain numpy
arrays in these conventions, and :func:`to_arrow` turns a frame into a table whose schema is
exactly the contract's:

===================  ===========================================  ===========================
contract type        in a frame                                   NULL
===================  ===========================================  ===========================
bigint, integer      int64                                        ``NULL`` (int64 minimum)
decimal(p,s)         int64 scaled by 10**s (cents for money)      ``NULL``
timestamp            int64 epoch seconds (UTC)                    ``NULL``
date                 int64 days since 1970-01-01                  ``NULL``
boolean              int8 0/1                                     -1
double               float64                                      NaN
varchar, json        pyarrow string array or numpy object array   None
===================  ===========================================  ===========================
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from esa.landing.contract import LANDED_AT, Column, Entity

NULL = np.iinfo(np.int64).min

Array = Any  # numpy ndarray or pyarrow Array; kept loose on purpose (numpy typing is not precise here)
Frame = dict[str, Array]

_DECIMAL = re.compile(r"decimal\((\d+),\s*(\d+)\)")


def arrow_type(type_: str) -> pa.DataType:
    """The Arrow type a contract type lands as (parquet physical schema)."""
    m = _DECIMAL.fullmatch(type_)
    if m:
        return pa.decimal128(int(m.group(1)), int(m.group(2)))
    simple: dict[str, pa.DataType] = {
        "bigint": pa.int64(),
        "integer": pa.int32(),
        "varchar": pa.string(),
        "json": pa.string(),
        "boolean": pa.bool_(),
        "timestamp": pa.timestamp("us"),
        "date": pa.date32(),
        "double": pa.float64(),
    }
    if type_ not in simple:
        raise ValueError(f"no arrow type for contract type {type_}")
    return simple[type_]


def duckdb_type(type_: str) -> str:
    """The DuckDB column type of a contract type (json is stored as text)."""
    return "varchar" if type_ == "json" else type_


def decimal_scale(type_: str) -> int:
    m = _DECIMAL.fullmatch(type_)
    if not m:
        raise ValueError(f"{type_} is not a decimal type")
    return int(m.group(2))


def _validity(mask_null: np.ndarray) -> pa.Buffer | None:
    if not mask_null.any():
        return None
    return pa.py_buffer(np.packbits(~mask_null, bitorder="little"))


def _decimal_array(values: np.ndarray, type_: pa.Decimal128Type) -> pa.Array:
    v = np.asarray(values, dtype=np.int64)
    null = v == NULL
    v = np.where(null, 0, v)
    words = np.empty((len(v), 2), dtype=np.int64)
    words[:, 0] = v
    words[:, 1] = v >> 63
    return pa.Array.from_buffers(type_, len(v), [_validity(null), pa.py_buffer(words.tobytes())])


def column_array(col: Column, values: Array) -> pa.Array:
    """Convert one frame column to the Arrow array of the contract column."""
    target = arrow_type(col.type)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        if values.type != target:
            values = values.cast(target)
        return values
    arr = np.asarray(values)
    if pa.types.is_decimal(target):
        return _decimal_array(arr, target)
    if col.type in ("bigint", "integer"):
        v = arr.astype(np.int64)
        null = v == NULL
        out = pa.array(v, mask=null if null.any() else None, type=pa.int64())
        return out.cast(target) if col.type == "integer" else out
    if col.type == "timestamp":
        v = arr.astype(np.int64)
        null = v == NULL
        us = np.where(null, 0, v) * 1_000_000
        return pa.array(us, mask=null if null.any() else None, type=pa.int64()).cast(target)
    if col.type == "date":
        v = arr.astype(np.int64)
        null = v == NULL
        d = np.where(null, 0, v).astype(np.int32)
        return pa.array(d, mask=null if null.any() else None, type=pa.int32()).cast(target)
    if col.type == "boolean":
        v = arr.astype(np.int8)
        null = v < 0
        return pa.array(v == 1, mask=null if null.any() else None, type=pa.bool_())
    if col.type == "double":
        v = arr.astype(np.float64)
        null = np.isnan(v)
        return pa.array(v, mask=null if null.any() else None, type=pa.float64())
    return pa.array(arr, type=pa.string())


def to_arrow(entity: Entity, frame: Mapping[str, Array]) -> pa.Table:
    """The frame as a table with the entity's data columns, in contract order and types.

    The arrival marker (contract.LANDED_AT) is not data: the writer adds it per file (writers.py).
    """
    columns = [col for col in entity.columns if col.name != LANDED_AT]
    missing = [col.name for col in columns if col.name not in frame]
    if missing:
        raise KeyError(f"{entity.area}.{entity.name}: frame lacks {missing}")
    arrays = [column_array(col, frame[col.name]) for col in columns]
    schema = pa.schema([pa.field(col.name, arrow_type(col.type)) for col in columns])
    return pa.Table.from_arrays(arrays, schema=schema)


def take(frame: Mapping[str, Array], idx: np.ndarray) -> Frame:
    """Rows ``idx`` of every column."""
    out: Frame = {}
    for name, values in frame.items():
        if isinstance(values, pa.Array | pa.ChunkedArray):
            out[name] = values.take(pa.array(idx, type=pa.int64()))
        else:
            out[name] = np.asarray(values)[idx]
    return out


def concat(frames: list[Frame]) -> Frame:
    """Stack frames with the same columns."""
    if not frames:
        return {}
    out: Frame = {}
    for name in frames[0]:
        parts = [f[name] for f in frames]
        if any(isinstance(p, pa.Array | pa.ChunkedArray) for p in parts):
            arrs = [p if isinstance(p, pa.Array | pa.ChunkedArray) else pa.array(p, type=pa.string()) for p in parts]
            chunks: list[pa.Array] = []
            for a in arrs:
                chunks.extend(a.chunks if isinstance(a, pa.ChunkedArray) else [a])
            out[name] = pa.chunked_array(chunks, type=chunks[0].type).combine_chunks()
        else:
            out[name] = np.concatenate([np.asarray(p) for p in parts])
    return out


def nrows(frame: Mapping[str, Array]) -> int:
    for values in frame.values():
        return len(values)
    return 0


# ------------------------------------------------------------------------------------------
# Vectorised string builders (the generator's hot path: millions of ids and timestamps).
# ------------------------------------------------------------------------------------------
_DIG = np.frombuffer(b"0123456789", dtype=np.uint8)


def _fixed_width(buf: np.ndarray, width: int, null: np.ndarray | None = None) -> pa.Array:
    n = buf.shape[0]
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int32)
    validity = _validity(null) if null is not None else None
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(buf.tobytes()), validity)


def padded(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """``prefix`` followed by ``numbers`` zero-padded to ``width`` digits, e.g. SO00001234."""
    nums = np.asarray(numbers, dtype=np.int64)
    p = np.frombuffer(prefix.encode(), dtype=np.uint8)
    buf = np.empty((len(nums), len(p) + width), dtype=np.uint8)
    buf[:, : len(p)] = p
    _put_digits(buf, len(p), nums, width)
    return _fixed_width(buf, len(p) + width)


def _put_digits(buf: np.ndarray, col: int, numbers: np.ndarray, width: int) -> None:
    """``numbers`` as ``width`` zero-padded digits into buf[:, col:col+width], two digits per step (the last
    ``width`` digits of the floor-division remainders, as one digit per step gives, negatives included)."""
    rest = numbers.copy()
    i = width
    while i >= 2:
        i -= 2
        buf[:, col + i: col + i + 2] = _DIG2[rest % 100].view(np.uint8).reshape(-1, 2)
        rest //= 100
    if i:
        buf[:, col] = _DIG[rest % 10]


_HEX16 = np.frombuffer(b"".join(f"{i:02x}".encode() for i in range(256)), dtype=np.uint16)  # byte -> 2 hex chars
_DIG2 = np.frombuffer(b"".join(f"{i:02d}".encode() for i in range(100)), dtype=np.uint16)  # 0-99 -> 2 digits


def guids(hi: np.ndarray, lo: np.ndarray) -> pa.Array:
    """GUID-like strings (8-4-4-4-12 hex) from two uint64 arrays."""
    n = len(hi)
    raw = np.empty((n, 2), dtype=">u8")
    raw[:, 0] = np.asarray(hi, dtype=np.uint64)
    raw[:, 1] = np.asarray(lo, dtype=np.uint64)
    hexes = _HEX16[raw.view(np.uint8).reshape(n, 16)].view(np.uint8).reshape(n, 32)
    buf = np.full((n, 36), ord("-"), dtype=np.uint8)
    buf[:, 0:8] = hexes[:, 0:8]
    buf[:, 9:13] = hexes[:, 8:12]
    buf[:, 14:18] = hexes[:, 12:16]
    buf[:, 19:23] = hexes[:, 16:20]
    buf[:, 24:36] = hexes[:, 20:32]
    return _fixed_width(buf, 36)


def _civil(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month, day of days since 1970-01-01 (proleptic Gregorian), vectorised."""
    z = days + 719468
    era = np.floor_divide(z, 146097)
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    y = np.where(m <= 2, y + 1, y)
    return y, m, d


def _put(buf: np.ndarray, col: int, values: np.ndarray, width: int) -> None:
    """Write ``values`` as ``width`` (2 or 4) zero-padded digits into buf[:, col:col+width]."""
    if width == 2:
        buf[:, col : col + 2] = _DIG2[values].view(np.uint8).reshape(-1, 2)
        return
    rest = values.copy()
    for i in range(width - 2, -1, -2):
        buf[:, col + i : col + i + 2] = _DIG2[rest % 100].view(np.uint8).reshape(-1, 2)
        rest //= 100


def iso_datetimes(epoch_s: np.ndarray) -> pa.Array:
    """ISO 8601 UTC strings like 2026-01-31T12:34:56Z; NULL stays null."""
    v = np.asarray(epoch_s, dtype=np.int64)
    null = v == NULL
    v = np.where(null, 0, v)
    days = np.floor_divide(v, 86400)
    secs = v - days * 86400
    y, m, d = _civil(days)
    buf = np.empty((len(v), 20), dtype=np.uint8)
    buf[:, 4] = buf[:, 7] = ord("-")
    buf[:, 10] = ord("T")
    buf[:, 13] = buf[:, 16] = ord(":")
    buf[:, 19] = ord("Z")
    _put(buf, 0, y, 4)
    _put(buf, 5, m, 2)
    _put(buf, 8, d, 2)
    _put(buf, 11, secs // 3600, 2)
    _put(buf, 14, (secs // 60) % 60, 2)
    _put(buf, 17, secs % 60, 2)
    return _fixed_width(buf, 20, null if null.any() else None)


def iso_dates(epoch_days: np.ndarray) -> pa.Array:
    """YYYY-MM-DD strings."""
    v = np.asarray(epoch_days, dtype=np.int64)
    y, m, d = _civil(v)
    buf = np.empty((len(v), 10), dtype=np.uint8)
    buf[:, 4] = buf[:, 7] = ord("-")
    _put(buf, 0, y, 4)
    _put(buf, 5, m, 2)
    _put(buf, 8, d, 2)
    return _fixed_width(buf, 10)


def _fixed_rows(arr: pa.Array) -> np.ndarray | None:
    """The (rows, width) bytes of a string array whose values all have one width in bytes and none is null
    (ids, codes, timestamps: padded, guids, iso_datetimes); None for any other array."""
    n = len(arr)
    if arr.type != pa.string() or n == 0 or arr.null_count:
        return None
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32, count=n + 1, offset=4 * arr.offset)
    width = int(offsets[1] - offsets[0])
    if int(offsets[-1] - offsets[0]) != width * n or not (np.diff(offsets) == width).all():
        return None
    return np.frombuffer(arr.buffers()[2], dtype=np.uint8, count=width * n, offset=int(offsets[0])).reshape(n, width)


def _join_fixed(parts: tuple[Array, ...]) -> pa.Array | None:
    """:func:`join` of text literals and fixed-width arrays (see :func:`_fixed_rows`) as one byte matrix: the
    same values as pyarrow's ``binary_join_element_wise``, built without a per-row loop; None otherwise."""
    pieces: list[bytes | np.ndarray] = []
    n = -1
    for part in parts:
        if isinstance(part, str):
            pieces.append(part.encode())
            continue
        rows = _fixed_rows(part) if isinstance(part, pa.Array) else None
        if rows is None or n not in (-1, rows.shape[0]):
            return None
        n = rows.shape[0]
        pieces.append(rows)
    if n < 0:
        return None
    width = sum(len(piece) if isinstance(piece, bytes) else piece.shape[1] for piece in pieces)
    buf = np.empty((n, width), dtype=np.uint8)
    col = 0
    for piece in pieces:
        if isinstance(piece, bytes):
            buf[:, col: col + len(piece)] = np.frombuffer(piece, dtype=np.uint8)
            col += len(piece)
        else:
            buf[:, col: col + piece.shape[1]] = piece
            col += piece.shape[1]
    return _fixed_width(buf, width)


def join(*parts: Array) -> pa.Array:
    """Element-wise concatenation of string arrays and scalars (a null part makes the result null)."""
    fixed = _join_fixed(parts)
    if fixed is not None:
        return fixed
    args: list[Any] = []
    for p in parts:
        if isinstance(p, str):
            args.append(pa.scalar(p))
        elif isinstance(p, pa.Array | pa.ChunkedArray | pa.Scalar):
            args.append(p)
        else:
            arr = np.asarray(p)
            args.append(pa.array(arr.astype(str)) if arr.dtype.kind in "iuf" else pa.array(arr, type=pa.string()))
    return pc.binary_join_element_wise(*args, "")


def pick(choices: list[str] | tuple[str, ...], idx: np.ndarray) -> pa.Array:
    """choices[idx] as a string array."""
    return pa.array(list(choices), type=pa.string()).take(pa.array(np.asarray(idx, dtype=np.int64)))


def int_text(values: np.ndarray) -> pa.Array:
    """Integers as decimal text."""
    return pa.array(np.asarray(values, dtype=np.int64)).cast(pa.string())
