"""The typed dates the semantic layer aggregates over agree with the star's yyyymmdd date keys.

MetricFlow needs a real date column in a fact's own semantic model, so every star fact that had only
`<role>_date_key` columns also carries `<role>_date`. Both come from the same source value; this
checks on the session build that they never disagree (key -1 exactly where the date is NULL).
"""

from __future__ import annotations

import json

import duckdb
from conftest import BuiltProject, relation_of


def _star_date_roles(built_project: BuiltProject) -> dict[str, list[str]]:
    """fact -> roles that have both `<role>_date_key` and a `<role>_date` column of type date."""
    manifest = json.loads((built_project.target_path / "manifest.json").read_text())
    roles: dict[str, list[str]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or not node["name"].startswith("fct_"):
            continue
        columns = node["columns"]
        found = [
            name.removesuffix("_date_key")
            for name in columns
            if name.endswith("_date_key") and (columns.get(name.removesuffix("_key")) or {}).get("data_type") == "date"
        ]
        if found:
            roles[node["name"]] = sorted(found)
    return roles


def test_every_sales_fact_has_typed_dates_beside_its_keys(built_project: BuiltProject) -> None:
    roles = _star_date_roles(built_project)
    for fact in ("fct_sales_order_lines", "fct_invoices", "fct_payments", "fct_credit_memos", "fct_returns"):
        assert fact in roles, f"{fact} has no typed date beside a date key"
    assert roles["fct_sales_order_lines"] == ["invoice", "order", "requested_delivery", "ship"]
    assert roles["fct_invoices"] == ["due", "invoice", "last_payment"]


def test_typed_dates_equal_their_date_keys(built_project: BuiltProject, duck: duckdb.DuckDBPyConnection) -> None:
    checked = 0
    for fact, fact_roles in _star_date_roles(built_project).items():
        relation = relation_of(duck, fact)
        for role in fact_roles:
            date, key = f"{role}_date", f"{role}_date_key"
            bad, non_null = duck.execute(
                f"""
                select
                    count(*) filter (
                        where {key} <> coalesce(
                            year({date}) * 10000 + month({date}) * 100 + day({date}), -1
                        )
                    ),
                    count({date})
                from {relation}
                """
            ).fetchone()  # type: ignore[misc]
            assert bad == 0, f"{fact}.{date} disagrees with {key} on {bad} rows"
            checked += non_null
    assert checked > 0, "no typed date had a value: the check compared nothing"
