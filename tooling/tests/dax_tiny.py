"""The tiny hand-built star behind the DAX evaluator's tests: TMDL in fixtures/dax_eval, rows here.

Sales (amount, by order date; customer c1/c3 Enterprise, c2 SMB, -1 unknown; ship date; status; user):
  7: c1  order 2024-12-31  ship 2025-01-02   10.00  shipped    u2
  1: c1  order 2025-01-05  ship 2025-01-07  100.00  shipped    u1
  2: c2  order 2025-01-20  ship 2025-02-02   50.00  shipped    u2
  3: c3  order 2025-01-31  ship 2025-02-01   30.00  cancelled  NULL
  4: c1  order 2025-02-10  ship 2025-02-11  200.00  shipped    u1
  5: c2  order 2025-02-28  ship 2025-03-01   20.00  cancelled  NULL
  6: c3  order 2025-03-15  ship 2025-03-16   70.00  shipped    u3
  8: -1  order 2025-03-31  ship unknown(-1)   5.00  shipped    u1
Month totals by order date: Dec 10, Jan 180, Feb 220, Mar 75 (all 485).
The date table runs 2024-12-01 .. 2025-03-31 plus an unknown member (key -1, NULL date) that the partition drops.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

MODEL = Path(__file__).parent / "fixtures" / "dax_eval" / "Tiny.SemanticModel"

SALES = [
    (7, 1, "2024-12-31", "2025-01-02", "10.00", "shipped", "u2"),
    (1, 1, "2025-01-05", "2025-01-07", "100.00", "shipped", "u1"),
    (2, 2, "2025-01-20", "2025-02-02", "50.00", "shipped", "u2"),
    (3, 3, "2025-01-31", "2025-02-01", "30.00", "cancelled", None),
    (4, 1, "2025-02-10", "2025-02-11", "200.00", "shipped", "u1"),
    (5, 2, "2025-02-28", "2025-03-01", "20.00", "cancelled", None),
    (6, 3, "2025-03-15", "2025-03-16", "70.00", "shipped", "u3"),
    (8, -1, "2025-03-31", None, "5.00", "shipped", "u1"),
]


def _key(day: str | None) -> int:
    return -1 if day is None else int(day.replace("-", ""))


def tiny_database() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the three tables the fixture's partitions name."""
    con = duckdb.connect(":memory:")
    con.execute(
        "create table tiny_date as select cast(strftime(d, '%Y%m%d') as integer) as date_key, cast(d as date)"
        " as date_day, strftime(d, '%Y-%m') as year_month from generate_series(date '2024-12-01',"
        " date '2025-03-31', interval 1 day) g(d) union all select -1, null, null"
    )
    con.execute("create table tiny_customer (customer_key integer, segment varchar, region varchar)")
    con.executemany(
        "insert into tiny_customer values (?, ?, ?)",
        [(1, "Enterprise", "EMEA"), (2, "SMB", "EMEA"), (3, "Enterprise", "APAC")],
    )
    con.execute(
        "create table tiny_sales (order_id integer, customer_key integer, order_date_key integer,"
        " ship_date_key integer, amount decimal(18, 2), status varchar, user_id varchar, order_day date)"
    )
    con.executemany(
        "insert into tiny_sales values (?, ?, ?, ?, ?, ?, ?, ?)",
        [(o, c, _key(od), _key(sd), a, s, u, od) for o, c, od, sd, a, s, u in SALES],
    )
    return con
