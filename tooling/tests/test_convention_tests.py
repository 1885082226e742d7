"""The convention tests is_flag, is_currency_code and is_landing_value fail on a value outside their convention.

They replace 0/1, currency-list and enumeration accepted_values blocks across the YAML (staging and marts: a mart
names the contract's entity and column, plus members of its own such as 'unknown'); here their SQL, as the
session build compiled it, runs against rows with wrong values: each must report them, and only them.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb
import pytest
from conftest import BuiltProject

from esa.landing import contract


def _dbt_manifest(built: BuiltProject) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((built.target_path / "manifest.json").read_text())
    return manifest


def _compiled(manifest: dict[str, Any], test_name: str, model: str, column: str) -> tuple[str, str]:
    for node in manifest["nodes"].values():
        meta = node.get("test_metadata") or {}
        if meta.get("name") == test_name and node.get("column_name") == column and node["attached_node"].endswith(
            f".{model}"
        ):
            relation = manifest["nodes"][node["attached_node"]]["relation_name"]
            return node["compiled_code"], relation
    raise AssertionError(f"no {test_name} test on {model}.{column}")


@pytest.mark.parametrize(
    ("test_name", "model", "column", "rows", "wrong"),
    [
        ("is_flag", "stg_erp__customers", "is_active", ["0", "1", "2", "null", "1"], [(2, 1)]),
        ("is_currency_code", "stg_lake_erp__invoices", "currency_code",
         ["'EUR'", "'USD'", "'XXX'", "null", "'XXX'"], [("XXX", 2)]),
        ("is_landing_value", "stg_lake_erp__shipments", "carrier", ["'DHL'", "'FedEx'", "'PostNL'"], [("FedEx", 1)]),
        ("is_landing_value", "stg_erp__customers", "segment", ["'smb'", "'SMB'"], [("SMB", 1)]),
        # marts name the contract's entity and column and add their own members (the unknown member)
        ("is_landing_value", "fct_support_tickets", "priority",
         ["'low'", "'unknown'", "'Urgent'", "null", "'not applicable'"], [("Urgent", 1), ("not applicable", 1)]),
        ("is_landing_value", "dim_ticket_category", "priority", ["'unknown'", "'not applicable'", "'p1'"], [("p1", 1)]),
        ("is_landing_value", "fct_returns", "return_reason", ["'damaged'", "'broken'"], [("broken", 1)]),
        ("is_landing_value", "rpt_gl_journal_audit_trail", "source_module", ["'AR'", "'GL'", "'GL'"], [("GL", 2)]),
        ("is_flag", "rpt_ar_open_items", "is_overdue", ["0", "1", "-1"], [(-1, 1)]),
    ],
)  # fmt: skip
def test_convention_test_reports_only_the_wrong_value(
    built_project: BuiltProject, test_name: str, model: str, column: str, rows: list[str], wrong: list[Any]
) -> None:
    sql, relation = _compiled(_dbt_manifest(built_project), test_name, model, column)
    fake = f"(select * from (values {', '.join(f'({r})' for r in rows)}) as t({column}))"
    assert relation in sql
    con = duckdb.connect()
    assert sorted(con.execute(sql.replace(relation, fake)).fetchall()) == sorted(wrong)
    # the real table passes
    real = built_project.connect()
    assert real.execute(sql).fetchall() == []


def test_currency_codes_come_from_the_contract(built_project: BuiltProject) -> None:
    sql, _ = _compiled(_dbt_manifest(built_project), "is_currency_code", "stg_lake_erp__invoices", "currency_code")
    assert "not in (" + ", ".join(f"'{c}'" for c in contract.CURRENCY_CODES) + ")" in sql
