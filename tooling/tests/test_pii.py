"""Personal data (issue 12, item 8): classified in every layer, protected where BI reads it, erased.

The classification is the column's `config.meta.pii` (docs/personal_data.md). These tests read the
session build's manifest and DuckDB tables, the offline parses of the T-SQL targets, and the landing
contract; none of them decides a column's category or protection itself.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml
from conftest import REPO, BuiltProject, OfflineProject, relation_of

from esa.landing import contract

BI_FOLDERS = ("marts", "erp_reporting", "semantic")
PROTECTIONS = ("mask", "hash")
# Column names that hold personal data wherever they occur (dbt_project.yml var pii_column_names): a
# backstop for renamed columns, which the by-name lineage check below cannot follow.
PII_NAME = re.compile(
    "(^|_)(" + "|".join(yaml.safe_load((REPO / "dbt_project.yml").read_text())["vars"]["pii_column_names"]) + ")$")


def meta_of(column: dict[str, Any]) -> dict[str, Any]:
    return dict((column.get("config") or {}).get("meta") or column.get("meta") or {})


def pii_of(column: dict[str, Any]) -> str | None:
    return meta_of(column).get("pii")


@pytest.fixture(scope="module")
def manifest(built_project: BuiltProject) -> dict[str, Any]:
    return json.loads((built_project.target_path / "manifest.json").read_text())


@pytest.fixture(scope="module")
def con(built_project: BuiltProject) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = built_project.connect()
    try:
        yield connection
    finally:
        connection.close()


def models(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in manifest["nodes"].values()
            if n["resource_type"] == "model" and n["package_name"] == "erp_service_analytics"]


def built_columns(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    rows = con.execute(
        "select column_name from information_schema.columns where table_name = ? and table_catalog = current_database()"
        " order by ordinal_position", [name]).fetchall()
    return [r[0] for r in rows]


def parent_pii(manifest: dict[str, Any], node: dict[str, Any]) -> dict[str, str]:
    """Tagged column name -> category over every model and source the node reads."""
    found: dict[str, str] = {}
    for parent_id in node["depends_on"]["nodes"]:
        parent = manifest["nodes"].get(parent_id) or manifest["sources"].get(parent_id) or {}
        for column in (parent.get("columns") or {}).values():
            if pii_of(column):
                found[column["name"]] = str(pii_of(column))
    return found


def unprotected(manifest: dict[str, Any], con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every way personal data reaches a BI-facing model without its protection (empty when none)."""
    problems = []
    for node in models(manifest):
        if node["fqn"][1] not in BI_FOLDERS:
            continue
        columns = node["columns"]
        for name, column in columns.items():
            category, protection = pii_of(column), meta_of(column).get("pii_protection")
            if category and protection not in PROTECTIONS:
                problems.append(f"{node['name']}.{name}: {category} without pii_protection mask or hash")
            if protection == "mask" and not column.get("masked_with"):
                problems.append(f"{node['name']}.{name}: mask without masked_with")
            if protection == "hash":
                tests = [t for t in manifest["nodes"].values() if t["resource_type"] == "test"
                         and t.get("attached_node") == node["unique_id"] and t.get("column_name") == name
                         and (t.get("test_metadata") or {}).get("name") == "is_pii_hash"]
                if not tests:
                    problems.append(f"{node['name']}.{name}: hash without an is_pii_hash test")
        inherited = parent_pii(manifest, node)
        for name in built_columns(con, node["alias"]):
            if (name in inherited or PII_NAME.search(name)) and not pii_of(columns.get(name, {})):
                problems.append(f"{node['name']}.{name}: personal data ({inherited.get(name, 'by name')}) untagged")
        for name in meta_of(node.get("config") or {}).get("pii_dropped") or {}:
            if name in built_columns(con, node["alias"]):
                problems.append(f"{node['name']}.{name}: listed in pii_dropped but still built")
    return problems


def test_contract_classification_reaches_the_sources(manifest: dict[str, Any]) -> None:
    """Every contract column with a pii category is tagged the same in its dbt source, and back."""
    def source_name(ent: contract.Entity) -> str:
        return {"erp": "erp", "cosmos": "cosmos"}.get(ent.area) or f"lake_{ent.lake_folder}"

    expected = {(source_name(e), e.name, col.name): col.pii
                for e in contract.ALL_ENTITIES for col in e.columns if col.pii}
    tagged = {(s["source_name"], s["name"], name): pii_of(col)
              for s in manifest["sources"].values() for name, col in s["columns"].items() if pii_of(col)}
    assert expected, "the contract classifies no column"
    assert tagged == expected
    assert set(expected.values()) <= set(contract.PII_CATEGORIES)


def test_every_personal_column_is_tagged_in_every_layer(manifest: dict[str, Any],
                                                        con: duckdb.DuckDBPyConnection) -> None:
    """A built column named like a tagged column of a model or source it reads, or named like personal
    data, carries a pii tag of a known category, in staging, intermediate and marts alike."""
    problems, seen = [], 0
    for node in models(manifest):
        inherited = parent_pii(manifest, node)
        for name in built_columns(con, node["alias"]):
            category = pii_of(node["columns"].get(name, {}))
            seen += bool(category)
            if category and category not in contract.PII_CATEGORIES:
                problems.append(f"{node['name']}.{name}: unknown category {category}")
            elif not category and (name in inherited or PII_NAME.search(name)):
                problems.append(f"{node['name']}.{name}: untagged ({inherited.get(name, 'by name')})")
    assert problems == []
    assert seen >= 30, f"only {seen} tagged columns were built"


def test_bi_facing_personal_data_is_protected(manifest: dict[str, Any], con: duckdb.DuckDBPyConnection) -> None:
    assert unprotected(manifest, con) == []


def test_removing_a_protection_is_caught(manifest: dict[str, Any], con: duckdb.DuckDBPyConnection) -> None:
    """The check above is not vacuous: dropping the mask of dim_customer.customer_name, the tag of
    dim_support_agent.agent_name, or the hash test of fct_app_sessions.device_hash each fails it."""
    def without(model: str, column: str, key: str) -> list[str]:
        changed = json.loads(json.dumps(manifest))
        node = changed["nodes"][f"model.erp_service_analytics.{model}"]
        col = node["columns"][column]
        if key == "pii":
            col["config"]["meta"].pop("pii")
            col["meta"].pop("pii", None)
        elif key == "masked_with":
            col.pop("masked_with")
        else:
            changed["nodes"] = {k: v for k, v in changed["nodes"].items()
                                if not (v.get("attached_node") == node["unique_id"] and v.get("column_name") == column)}
        return unprotected(changed, con)

    assert without("dim_customer", "customer_name", "masked_with") == [
        "dim_customer.customer_name: mask without masked_with"]
    assert without("dim_support_agent", "agent_name", "pii") == [
        "dim_support_agent.agent_name: personal data (by name) untagged"]
    assert without("fct_app_sessions", "device_hash", "tests") == [
        "fct_app_sessions.device_hash: hash without an is_pii_hash test"]


@pytest.mark.parametrize("target", ["synapse", "fabric"])
def test_star_access_renders_offline(target: str, offline_projects: Callable[[str], OfflineProject],
                                     manifest: dict[str, Any]) -> None:
    """Synapse and Fabric: every masked mart column gets its mask, every mart its SELECT grant for the
    environment's BI readers, and the staging and intermediate schemas a DENY for them."""
    project = offline_projects(target)
    env = project.env()
    # a space after the comma, as people write lists: the grant must still name [bi_reader_two]
    env.update(ESA_STAR_READER_ROLES="bi_reader_test, bi_reader_two", ESA_PII_UNMASK_ROLES="credit_control")
    from conftest import run_dbt
    result = run_dbt(["--no-populate-cache", "run-operation", "star_security_ddl", "--target", target],
                     env, project.profiles_dir)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    ddl = result.stdout
    marts = [n for n in models(manifest) if n["fqn"][1] == "marts"]
    masked = [(n["name"], c) for n in marts for c, col in n["columns"].items() if col.get("masked_with")]
    assert ("dim_customer", "customer_name") in masked and ("dim_support_agent", "agent_name") in masked
    for model, column in masked:
        assert re.search(rf'alter table "?[\w"\.\[\]]*{model}\W+ alter column \[{column}\] add masked with '
                         rf"\(function = 'partial\(1,\"XXXX\",0\)'\);", ddl), (model, column)
    for node in marts:
        assert re.search(rf"grant select on \S*{node['name']}\W* to \[bi_reader_test\], \[bi_reader_two\];",
                         ddl), node["name"]
    landed = {s["schema"] for s in manifest["sources"].values() if s["meta"].get("landing_path")}
    assert {"lake_erp", "ext_cosmos"} <= landed and "erp" not in landed
    below = {"staging", "intermediate"} | landed
    for schema in below:
        assert f"deny select on schema::[{schema}] to [bi_reader_test];" in ddl
        assert not re.search(rf"grant select on \S*{schema}\b", ddl)
    assert "grant unmask to [credit_control];" in ddl


def test_deleted_users_and_documents_keep_no_personal_data(con: duckdb.DuckDBPyConnection) -> None:
    """The right to erasure, in staging and in the star: a deleted app user, ticket or survey response
    keeps its row (flagged) but no personal value, and the quarantine keeps no deleted document's text."""
    def count(sql: str) -> int:
        return int(con.execute(sql).fetchone()[0])

    users, sessions = relation_of(con, "stg_cosmos__app_users"), relation_of(con, "stg_cosmos__app_sessions")
    deleted_users = count(f"select count(*) from {users} where is_deleted = 1")
    assert deleted_users > 0, "the landing zone has no deleted app user: the test would prove nothing"
    assert count(f"select count(*) from {users} where is_deleted = 0 and email is not null") > 0
    assert count(f"select count(*) from {users} where is_deleted = 1 and (email is not null "
                 "or display_name is not null)") == 0
    for model, column in (("stg_cosmos__support_tickets", "subject"),
                          ("stg_cosmos__survey_responses", "survey_comment")):
        rel = relation_of(con, model)
        assert count(f"select count(*) from {rel} where is_deleted = 1") > 0, model
        assert count(f"select count(*) from {rel} where is_deleted = 1 and {column} is not null") == 0, model
    deleted_ids = f"select app_user_id from {users} where is_deleted = 1"
    for rel in (sessions, relation_of(con, "fct_app_sessions")):
        assert count(f"select count(*) from {rel} where app_user_id in ({deleted_ids})") > 0, rel
        assert count(f"select count(*) from {rel} where device_hash is not null "
                     f"and app_user_id in ({deleted_ids})") == 0, rel
        assert count(f"select count(*) from {rel} where device_hash is not null") > 0, rel
    quarantine = relation_of(con, "stg_cosmos__invalid_json_quarantine")
    for container, model, key in (("support_tickets", "stg_cosmos__support_tickets", "ticket_id"),
                                  ("return_requests", "stg_cosmos__return_requests", "return_request_id")):
        assert count(f"select count(*) from {quarantine} where container_name = '{container}' and json_text "
                     f"is not null and document_id in (select {key} from {relation_of(con, model)} "
                     "where is_deleted = 1)") == 0, container
    # the lake's customer history keeps only what the SCD2 dimension needs
    assert not {"email", "phone"} & set(built_columns(con, "stg_lake_erp__customer_versions"))
    assert not {"email", "phone"} & set(built_columns(con, "stg_lake_erp__customers"))


def test_an_unknown_category_is_refused(tmp_path: Path) -> None:
    """A typo in a contract column's pii class stops the contract from loading, naming the column."""
    entities = tmp_path / "entities"
    shutil.copytree(contract.ENTITIES_DIR, entities)
    erp = (entities / "erp.yml").read_text()
    assert erp.count("pii: email}") >= 1
    (entities / "erp.yml").write_text(erp.replace("pii: email}", "pii: e-mail}", 1))
    result = subprocess.run([sys.executable, "-m", "esa.cli", "contract-render", "--check"], cwd=REPO,
                            capture_output=True, text=True, env={**os.environ, "ESA_CONTRACT_DIR": str(entities)})
    assert result.returncode != 0
    assert "pii 'e-mail' is not one of name, email, phone, address, device_id, free_text" in result.stderr
