"""macros/cross_db/null_safe_equals.sql: both implementations of null_safe_equals and null_safe_differs,
evaluated over every pair of NULL / equal / different values.

The T-SQL implementations (default__) are plain ANSI predicates, evaluated by SQLite's three-valued
logic as SQL Server and Synapse evaluate them (ANSI_NULLS on); not by DuckDB, whose optimizer rewrites
`a = b or (a is null and b is null)` into IS NOT DISTINCT FROM. A WHERE keeps a row only when its
predicate is TRUE: the negation of null_safe_equals must not be UNKNOWN where one side is NULL.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import duckdb
import jinja2
import pytest

MACROS = Path(__file__).resolve().parents[2] / "macros" / "cross_db" / "null_safe_equals.sql"
PAIRS = [(None, None), (1, None), (None, 1), (1, 1), (1, 2)]


def _render(macro: str) -> str:
    source = MACROS.read_text() + "{{ " + macro + "('l', 'r') }}"
    return jinja2.Environment().from_string(source).render().strip()


def _kept(predicate: str, engine: str = "default") -> list[tuple[int | None, int | None]]:
    """The pairs a `where predicate` keeps, on DuckDB (its own macro) or SQLite (the ANSI one)."""
    values = " union all ".join(f"select {'null' if a is None else a} as l, {'null' if b is None else b} as r"
                                for a, b in PAIRS)
    sql = f"select l, r from ({values}) as t where {predicate}"
    rows = duckdb.sql(sql).fetchall() if engine == "duckdb" else sqlite3.connect(":memory:").execute(sql).fetchall()
    return sorted(rows, key=repr)


@pytest.mark.parametrize("engine", ["default", "duckdb"])
def test_equals_and_differs_split_every_pair(engine: str) -> None:
    equals = _kept(_render(f"{engine}__null_safe_equals"), engine)
    differs = _kept(_render(f"{engine}__null_safe_differs"), engine)
    assert equals == sorted([(None, None), (1, 1)], key=repr)
    assert differs == sorted([(1, None), (None, 1), (1, 2)], key=repr)


def test_negated_equals_loses_the_one_sided_nulls_on_tsql() -> None:
    """Why null_safe_differs exists: `not` of the T-SQL null_safe_equals drops a value erased to NULL."""
    assert _kept("not " + _render("default__null_safe_equals")) == [(1, 2)]
