"""The files rendered from the landing contract are current, and a new column needs one edit.

The contract's data files (tooling/esa/landing/entities/*.yml) are the one place an entity is
described; `esa contract-render` renders the dbt sources YAML, the ERP column doc blocks and
docs/landing_contract.md from them, and `--check` fails while any committed file differs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from esa.landing import contract, staging_render
from esa.landing.dbt_render import COLUMN_DOCS_PATH, ERP_COLUMNS_MACRO_PATH, VALUES_MACRO_PATH, render_all

REPO = Path(__file__).resolve().parents[2]
NEW_COLUMN = (
    "      - {name: loyalty_tier, type: varchar, values: [bronze, silver, gold], pii: free_text,"
    " description: \"Loyalty programme tier.\"}\n"
)


def _esa(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "esa.cli", "contract-render", *args],
        capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=REPO,
    )  # fmt: skip


def test_committed_files_equal_the_rendering() -> None:
    result = _esa("--check", "--root", str(REPO))
    assert result.returncode == 0, result.stderr


def test_every_contract_column_is_in_its_sources_yaml() -> None:
    files = render_all()
    erp = yaml.safe_load(files["models/staging/erp/_erp__sources.yml"])["sources"][0]
    tables = {t["name"]: t for t in erp["tables"]}
    assert set(tables) == {e.name for e in contract.ERP_TABLES}
    carrier = next(c for c in tables["shipments"]["columns"] if c["name"] == "carrier")
    values = contract.entity("erp", "shipments").column("carrier").values
    assert values and all(v in carrier["description"] for v in values)


def test_adding_a_column_is_one_edit_to_the_contract(tmp_path: Path) -> None:
    """A column added to erp.customers in a contract copy reaches every rendered file; --check fails till then."""
    entities = tmp_path / "entities"
    shutil.copytree(contract.ENTITIES_DIR, entities)
    root = tmp_path / "repo"
    for rel in render_all():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / rel, root / rel)
    env = {"ESA_CONTRACT_DIR": str(entities)}
    assert _esa("--check", "--root", str(root), env=env).returncode == 0

    erp = (entities / "erp.yml").read_text()
    anchor = (
        "      - {name: is_active, type: boolean, required: true,"
        ' description: "Whether the account may place orders."}\n'
    )
    assert erp.count(anchor) == 1
    (entities / "erp.yml").write_text(erp.replace(anchor, anchor + NEW_COLUMN))

    stale = _esa("--check", "--root", str(root), env=env)
    assert stale.returncode == 1
    named = {line.split(" is out of date")[0] for line in stale.stderr.splitlines()}
    assert named == {
        "docs/landing_contract.md", COLUMN_DOCS_PATH, ERP_COLUMNS_MACRO_PATH,
        VALUES_MACRO_PATH,  # the new column's enumeration, for is_landing_value (landing_values)
        "models/staging/erp/_erp__sources.yml", "models/staging/lake_erp/_lake_erp__sources.yml",
        "models/staging/erp/_erp__models.yml", "models/staging/lake_erp/_lake_erp__models.yml",
    }  # fmt: skip

    assert _esa("--root", str(root), env=env).returncode == 0
    assert _esa("--check", "--root", str(root), env=env).returncode == 0
    for source in ("erp/_erp__sources.yml", "lake_erp/_lake_erp__sources.yml"):
        table = next(
            t for t in yaml.safe_load((root / "models/staging" / source).read_text())["sources"][0]["tables"]
            if t["name"] == "customers"
        )
        names = [c["name"] for c in table["columns"]]
        assert names[names.index("is_active") + 1] == "loyalty_tier"
        col = table["columns"][names.index("loyalty_tier")]
        assert col["description"] == "bronze | silver | gold. Loyalty programme tier."
        assert col["config"] == {"meta": {"pii": "free_text"}}
    # both staging models carry it, described by its doc block, its enumeration tested, its PII tagged
    for models, name in (("erp/_erp__models.yml", "stg_erp__customers"),
                         ("lake_erp/_lake_erp__models.yml", "stg_lake_erp__customers")):  # fmt: skip
        model = next(
            m for m in yaml.safe_load((root / "models/staging" / models).read_text())["models"] if m["name"] == name
        )
        names = [c["name"] for c in model["columns"]]
        assert names[names.index("is_active") + 1] == "loyalty_tier"
        assert model["columns"][names.index("loyalty_tier")] == {
            "name": "loyalty_tier", "description": "{{ doc('erp__customers__loyalty_tier') }}",
            "data_tests": ["is_landing_value"], "config": {"meta": {"pii": "free_text"}},
        }  # fmt: skip
    doc = (root / "docs/landing_contract.md").read_text()
    row = "| `loyalty_tier` | `varchar` | yes | free_text | bronze \\| silver \\| gold. Loyalty programme tier. |"
    assert row in doc
    assert "{% docs erp__customers__loyalty_tier %}" in (root / COLUMN_DOCS_PATH).read_text()
    # the staging models of both landing areas type their columns from this list (erp_typed_columns)
    macro = (root / ERP_COLUMNS_MACRO_PATH).read_text()
    assert "['is_active', 'boolean'], ['loyalty_tier', 'varchar']" in macro
    # and is_landing_value reads its enumeration from landing_values
    assert "'customers.loyalty_tier': ['bronze', 'silver', 'gold']" in (root / VALUES_MACRO_PATH).read_text()


def _tests(column: dict[str, Any]) -> dict[str, Any]:
    return {t if isinstance(t, str) else next(iter(t)): t for t in column.get("data_tests", [])}


def test_staging_models_test_what_the_contract_says() -> None:
    """Each ERP staging model: every contract column, its key unique, its foreign keys checked against the parent."""
    files = render_all()
    for path, prefix in (("models/staging/erp/_erp__models.yml", "stg_erp__"),
                         ("models/staging/lake_erp/_lake_erp__models.yml", "stg_lake_erp__")):  # fmt: skip
        models = {m["name"]: m for m in yaml.safe_load(files[path])["models"]}
        lake = prefix == "stg_lake_erp__"
        for ent in contract.ERP_TABLES:
            if lake and ent.name not in contract.LAKE_ERP_TABLES:
                continue
            columns = {c["name"]: c for c in models[prefix + ent.name]["columns"]}
            assert {c.name for c in ent.columns} - set(columns) <= ({"email", "phone"} if lake else set())
            (key,) = ent.primary_key
            assert {"unique", "not_null"} <= set(_tests(columns[key]))
            for column, parent in ent.foreign_keys.items():
                table, field = parent.split(".")
                test = _tests(columns[column])["orphan_keys_within_budget" if lake else "relationships"]
                arguments = next(iter(test.values()))["arguments"]
                assert arguments["to"] == f"ref('{prefix}{table}')" and arguments["field"] == field
                assert prefix + table in models


def test_a_column_misnamed_in_the_staging_overlay_is_refused(tmp_path: Path, monkeypatch: Any) -> None:
    """staging.yml naming a column its entity lacks (a typo) fails the render, naming the entity and column."""
    entities = tmp_path / "entities"
    shutil.copytree(contract.ENTITIES_DIR, entities)
    overlay = (entities / "staging.yml").read_text()
    assert overlay.count("shipments: {dirty_keys: [warehouse_id]}") == 1
    (entities / "staging.yml").write_text(overlay.replace("shipments: {dirty_keys: [warehouse_id]}",
                                                          "shipments: {dirty_keys: [warehose_id]}"))  # fmt: skip
    monkeypatch.setattr(contract, "ENTITIES_DIR", entities)
    with pytest.raises(ValueError, match="shipments has no column warehose_id"):
        staging_render.render_models()
