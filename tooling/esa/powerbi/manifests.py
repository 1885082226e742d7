"""Read what the export needs: dbt's manifest, the semantic manifest and the target's connection.

The connection is the profile target's server and database only (never a credential): they become the
`Server` and `Database` parameters of the Power BI model.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Manifests:
    manifest: dict[str, Any]
    semantic: dict[str, Any]

    def models(self) -> list[dict[str, Any]]:
        nodes = self.manifest["nodes"].values()
        return sorted((n for n in nodes if n["resource_type"] == "model"), key=lambda n: n["name"])

    def unique_tests(self, model_id: str) -> dict[str, set[str]]:
        """Column -> generic test names (unique, not_null ...) attached to a model."""
        found: dict[str, set[str]] = {}
        for node in self.manifest["nodes"].values():
            if node["resource_type"] != "test" or node.get("attached_node") != model_id:
                continue
            name = (node.get("test_metadata") or {}).get("name")
            column = node.get("column_name")
            if name and column:
                found.setdefault(column, set()).add(name)
        return found

    def exposures(self) -> list[dict[str, Any]]:
        return sorted(self.manifest.get("exposures", {}).values(), key=lambda e: e["name"])


def load(target_dir: Path) -> Manifests:
    """manifest.json and semantic_manifest.json from a dbt target directory (run `dbt parse` first)."""
    manifest_path, semantic_path = target_dir / "manifest.json", target_dir / "semantic_manifest.json"
    for path in (manifest_path, semantic_path):
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: run `dbt parse --target <target>` first")
    return Manifests(json.loads(manifest_path.read_text()), json.loads(semantic_path.read_text()))


def _render(value: Any) -> str:
    """A profile value with its `env_var('NAME', 'default')` calls resolved (no other Jinja is used)."""
    import jinja2

    def env_var(name: str, default: str | None = None) -> str:
        if name.startswith("DBT_ENV_SECRET"):
            raise ValueError(f"refusing to read the secret {name} into a Power BI model")
        found = os.environ.get(name, default)
        if found is None:
            raise KeyError(f"environment variable {name} is not set and has no default")
        return found

    return jinja2.Environment().from_string(str(value)).render(env_var=env_var)


def connection(profiles_dir: Path, profile: str, target: str) -> tuple[str, str]:
    """(server, database) of a profile target."""
    path = profiles_dir / "profiles.yml"
    if not path.exists():
        path = profiles_dir / "profiles.example.yml"
    outputs = yaml.safe_load(path.read_text())[profile]["outputs"]
    settings = outputs[target]
    server = settings.get("server") or settings.get("host")
    database = settings.get("database")
    if not server or not database:
        raise KeyError(f"profile target {target} has no server/host or database")
    return _render(server), _render(database)


def project_vars(project_dir: Path) -> dict[str, Any]:
    project = yaml.safe_load((project_dir / "dbt_project.yml").read_text())
    return dict(project.get("vars") or {})
