"""The Synapse physical design of the star schemas, rendered offline.

`dbt compile` shows only a model's SELECT: dbt-synapse builds the CTAS at run time. The macro
star_ctas_preview renders, with no server, the CREATE TABLE ... WITH (DISTRIBUTION = ..., <index>)
each mart gets; these tests check that every mart is there with the distribution and index its
YAML chose, that big facts are hash-distributed and dimensions replicated, and that each statement
is valid T-SQL.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import OfflineProject

from esa.tsql_check.grammar import parse_one

STATEMENT = re.compile(r"^\S+\s+(?P<name>\w+) \((?P<materialized>\w+)\): (?P<ddl>.+)$")


@pytest.fixture(scope="module")
def preview(synapse_offline: OfflineProject) -> tuple[dict[str, str], dict]:
    result = synapse_offline.dbt(["--no-populate-cache", "--no-use-colors", "run-operation", "star_ctas_preview"])
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    statements = {}
    for line in result.stdout.splitlines():
        match = STATEMENT.match(line.strip())
        if match:
            statements[match["name"]] = match["ddl"]
    manifest = json.loads((synapse_offline.work / "target" / "manifest.json").read_text())
    return statements, manifest


def _marts(manifest: dict) -> dict[str, dict]:
    return {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["original_file_path"].startswith("models/marts/")
    }


def test_every_mart_has_a_ctas_with_its_distribution_and_index(preview: tuple[dict[str, str], dict]) -> None:
    statements, manifest = preview
    marts = _marts(manifest)
    assert len(marts) >= 20
    assert set(statements) == set(marts), "every star mart, and nothing else, is rendered"
    for name, node in marts.items():
        ddl = statements[name]
        dist, index = node["config"]["dist"], node["config"]["index"]
        assert f"WITH(DISTRIBUTION = {dist}, {index})" in ddl, (name, ddl[:300])
        assert ddl.startswith(f"CREATE TABLE [{node['schema']}].[{node['alias']}] ("), name


def test_facts_are_hash_distributed_and_dimensions_replicated(preview: tuple[dict[str, str], dict]) -> None:
    statements, manifest = preview
    for name, node in _marts(manifest).items():
        dist = re.search(r"DISTRIBUTION = (\S+?),", statements[name])
        assert dist is not None, name
        # The choice and its reason are written in the model's YAML.
        assert dist.group(1) in node["meta"]["physical_design"], name
        if name.startswith("dim_"):
            assert dist.group(1) == "REPLICATE", name
        key = re.fullmatch(r"HASH\((\w+)\)", dist.group(1))
        if key is not None:
            assert key.group(1) in node["columns"], (name, "hashes on a column it does not have")
        if name.startswith("fct_") and node["config"]["materialized"] == "incremental":
            # The high-volume facts are hash-distributed on their most-joined key (a small incremental
            # mart such as a quarantine stays replicated, with its reason).
            assert key is not None, (name, dist.group(1))


def test_each_ctas_is_valid_tsql(preview: tuple[dict[str, str], dict]) -> None:
    statements, _ = preview
    for name, ddl in statements.items():
        result = parse_one(ddl)
        assert result.ok, (name, result.message, ddl[:300])
