"""What the manifest says about each mart: where it lives in production and its relationships.

Relationships come from the `relationships` tests; the cardinality from the `unique` tests on
either side; for date roles, the active one (in Power BI) is the date-key column whose description
calls it "the active date role", otherwise the first date key in the model's column order.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT = "erp_service_analytics"
DATE_DIM = "dim_date"
_REF = re.compile(r"""ref\(\s*['"]([\w]+)['"]\s*\)""")


@dataclass(frozen=True)
class Relationship:
    model: str
    column: str
    to_model: str
    to_column: str
    cardinality: str
    role: str = ""  # for date keys: "active" or "inactive"


@dataclass
class Mart:
    name: str
    folder: str  # marts/<domain> or erp_reporting/<area>
    schema: str
    alias: str
    dist: str
    index: str
    group: str
    columns: list[str]
    relationships: list[Relationship] = field(default_factory=list)
    referenced_by: list[Relationship] = field(default_factory=list)

    @property
    def is_star(self) -> bool:
        return self.folder.startswith("marts/")

    @property
    def area(self) -> str:
        return self.folder.split("/", 1)[1] if "/" in self.folder else self.folder


def load_manifest(path: Path) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads(path.read_text())
    return manifest


def _unique_columns(manifest: dict[str, Any]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for node in manifest["nodes"].values():
        meta = node.get("test_metadata") or {}
        if node["resource_type"] == "test" and meta.get("name") == "unique":
            model = (node.get("attached_node") or "").rsplit(".", 1)[-1]
            out.add((model, str(meta.get("kwargs", {}).get("column_name", "")).strip('"')))
    for node in manifest["nodes"].values():  # enforced primary key constraints count too
        for col in node.get("columns", {}).values():
            if any(c.get("type") == "primary_key" for c in col.get("constraints", [])):
                out.add((node["name"], col["name"]))
    return out


def collect(manifest: dict[str, Any]) -> dict[str, Mart]:
    """Every mart (models/marts, models/erp_reporting), with its production name and relationships."""
    marts: dict[str, Mart] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or node["package_name"] != PROJECT:
            continue
        parts = node["original_file_path"].split("/")
        if parts[1] not in ("marts", "erp_reporting"):
            continue
        cfg = node["config"]
        marts[node["name"]] = Mart(
            name=node["name"], folder="/".join(parts[1:3]), schema=cfg.get("schema") or "",
            alias=node.get("alias") or node["name"], dist=str(cfg.get("dist") or ""),
            index=str(cfg.get("index") or ""), group=str(cfg.get("group") or ""),
            columns=list(node.get("columns", {})),
        )
    unique = _unique_columns(manifest)
    rels: list[Relationship] = []
    for node in sorted(manifest["nodes"].values(), key=lambda n: n["unique_id"]):
        meta = node.get("test_metadata") or {}
        if node["resource_type"] != "test" or meta.get("name") != "relationships":
            continue
        model = (node.get("attached_node") or "").rsplit(".", 1)[-1]
        kwargs = meta.get("kwargs", {})
        found = _REF.search(str(kwargs.get("to", "")))
        if model not in marts or not found:
            continue
        column, to_column = str(kwargs.get("column_name", "")), str(kwargs.get("field", ""))
        many = "one" if (model, column) in unique else "many"
        one = "one" if (found.group(1), to_column) in unique else "many"
        rels.append(Relationship(model, column, found.group(1), to_column, f"{many}-to-{one}"))
    descriptions = {
        n["name"]: {c: (v.get("description") or "") for c, v in n.get("columns", {}).items()}
        for n in manifest["nodes"].values() if n["resource_type"] == "model"
    }
    for mart in marts.values():
        own = sorted({r for r in rels if r.model == mart.name},
                     key=lambda r: mart.columns.index(r.column) if r.column in mart.columns else 999)
        dates = [r for r in own if r.to_model == DATE_DIM]
        active = next((r for r in dates if "active date role" in descriptions[mart.name].get(r.column, "")),
                      dates[0] if dates else None)
        mart.relationships = [
            Relationship(r.model, r.column, r.to_model, r.to_column, r.cardinality,
                         ("active" if r == active else "inactive") if r.to_model == DATE_DIM else "")
            for r in own
        ]
    for mart in marts.values():
        for r in mart.relationships:
            if r.to_model in marts:
                marts[r.to_model].referenced_by.append(r)
    return marts
