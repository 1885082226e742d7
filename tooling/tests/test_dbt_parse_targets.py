"""`dbt parse` succeeds for the T-SQL targets with no server; Synapse gets no 3-part names.

Runs the committed profiles.example.yml (the `profiles_dir` fixture) with every host pointed at a
name that cannot resolve, so a test that passes proves nothing needed a connection.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from conftest import REPO, OfflineProject

# profile target -> the adapter type dbt must report for it
TARGETS = {"synapse": "synapse", "hyperscale": "sqlserver", "fabric": "fabric"}


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_dbt_parse_without_server(target: str, offline_projects: Callable[[str], OfflineProject]) -> None:
    project = offline_projects(target)  # runs `dbt parse --target <target>` and asserts it succeeded
    manifest = json.loads((project.work / "target" / "manifest.json").read_text())
    assert manifest["metadata"]["adapter_type"] == TARGETS[target]
    models = {n["name"] for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    # the staging layer, which everything else reads, parsed for this adapter
    assert "stg_erp__customers" in models
    assert "stg_lake_erp__sales_order_lines" in models


def test_synapse_staging_uses_no_three_part_names(synapse_offline: OfflineProject) -> None:
    """A dedicated pool has no cross-database queries: the ERP and lake ERP sources must render as
    schema.table there (dbt-synapse leaves the database out). The full offline compile of every
    model for every target is `esa tsql-check`; this checks the source rendering only."""
    args = [
        "--no-populate-cache",
        "compile",
        "--no-introspect",
        "-s",
        "path:models/staging/erp",
        "path:models/staging/lake_erp",
        # the lake ERP models are incremental: with no server, is_incremental() cannot ask whether the
        # table exists, so compile the first-run branch (tsql-check compiles both)
        "--vars",
        "{esa_incremental_branch: full}",
    ]
    result = synapse_offline.dbt(args)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    tmp_path = synapse_offline.work

    compiled = sorted((tmp_path / "target" / "compiled").rglob("stg_*erp__*.sql"))
    # every model of the two folders was compiled (counted from the tree, so a new model counts too)
    models = [p for folder in ("erp", "lake_erp") for p in (REPO / "models" / "staging" / folder).glob("stg_*.sql")]
    assert len(compiled) == len(models) >= 29 + 15
    for path in compiled:
        sql = path.read_text()
        refs = re.findall(r"from\s+((?:[\"\[]?\w+[\"\]]?\.)+[\"\[]?\w+[\"\]]?)", sql, flags=re.IGNORECASE)
        assert refs, f"{path.name}: no relation found"
        for ref in refs:
            assert ref.count(".") + 1 <= 2, f"{path.name}: 3-part name {ref} on Synapse"
        for forbidden in ("::", " qualify ", " limit ", "||"):
            assert forbidden not in sql.lower(), f"{path.name}: {forbidden!r} is not T-SQL"
