"""The ERP catalog's writer raises a failed table, and places no catalog, while tables are queued behind it.

``close`` used to close the DuckDB connection while the catalog's thread was still inserting the tables
behind a failed one; one run on a full disk hung there (the thread idle in ``unregister``, ``esa generate``
waiting forever). The race is narrow: this test did not hang on the old code in 24 tries, so it pins the
behaviour (the failure is raised, in bounded time, and nothing is put in place), not the race.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pyarrow as pa

from esa.landing import contract
from esa.landing.values import arrow_type
from esa.landing.writers import ErpCatalog

ROWS = 600_000  # large enough that its insert is still running when the first table's failure is raised


def _frame(ent: contract.Entity, n: int, null_in: str | None = None) -> dict[str, Any]:
    """n valid rows of the entity (distinct keys), with a null in column ``null_in`` if given."""
    frame: dict[str, Any] = {}
    for col in ent.columns:
        if col.name == contract.LANDED_AT:
            continue
        type_ = arrow_type(col.type)
        if pa.types.is_string(type_):
            values = pa.array([f"v{i}" for i in range(n)])
        elif pa.types.is_boolean(type_):
            values = pa.array([i % 2 == 0 for i in range(n)])
        else:
            values = pa.array(range(n), pa.int64()).cast(type_ if not pa.types.is_date(type_) else pa.int32())
            if pa.types.is_date(type_):
                values = values.cast(type_)
        if col.name == null_in:
            values = pa.array([None] * n, type_)
        frame[col.name] = values
    return frame


def test_a_failed_table_is_raised_by_close_not_a_hang(tmp_path: Path) -> None:
    failing, big = contract.entity("erp", "warehouses"), contract.entity("erp", "sales_orders")
    not_null = next(col.name for col in failing.columns if not col.nullable and col.name != contract.LANDED_AT)
    catalog = ErpCatalog(tmp_path / "erp.duckdb")
    catalog.add(failing, _frame(failing, 10, null_in=not_null))
    catalog.add(big, _frame(big, ROWS))
    raised: list[BaseException] = []

    def close() -> None:
        try:
            catalog.close()
        except BaseException as exc:
            raised.append(exc)

    closer = threading.Thread(target=close, daemon=True)
    closer.start()
    closer.join(timeout=120)
    assert not closer.is_alive(), "ErpCatalog.close hung on the table queued behind a failed one"
    assert raised and "NOT NULL" in str(raised[0]).upper(), raised
    assert not (tmp_path / "erp.duckdb").exists()  # nothing replaced: the failed catalog is not put in place
