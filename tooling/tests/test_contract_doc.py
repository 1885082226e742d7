"""docs/landing_contract.md is the rendering of the contract module, and covers every entity."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from esa.landing import contract
from esa.landing.doc import render

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "landing_contract.md"


def test_committed_document_equals_the_rendering() -> None:
    assert DOC.read_text() == render(), "run: esa contract-render"


def test_every_entity_and_column_is_documented() -> None:
    text = render()
    for ent in contract.ALL_ENTITIES:
        section = text.split(f"### `{ent.area}.{ent.name}`\n", 1)
        assert len(section) == 2, f"{ent.area}.{ent.name} has no section"
        body = section[1].split("\n### ", 1)[0]
        assert ent.path_pattern in body
        for col in ent.columns:
            assert f"| `{col.name}` | `{col.type}` | {'yes' if col.nullable else 'no'} |" in body, col.name
        for variant in ent.dirty_variants:
            assert variant.split(":")[0] in body


def test_cli_check_mode_detects_drift(tmp_path: Path) -> None:
    esa = [sys.executable, "-m", "esa.cli", "contract-doc"]
    stale = tmp_path / "contract.md"
    stale.write_text("# old\n")
    assert subprocess.run([*esa, "--out", str(stale), "--check"], capture_output=True).returncode == 1
    assert subprocess.run([*esa, "--out", str(stale)], capture_output=True).returncode == 0
    assert subprocess.run([*esa, "--out", str(stale), "--check"], capture_output=True).returncode == 0
    assert stale.read_text() == render()
