"""A model's physical design in one place: its YAML `config:` block (DEVELOPERS.md, "A model's physical design").

- `physical-config-in-sql`: no model sets a physical setting (Synapse `dist` / `index`, dbt-sqlserver
  `as_columnstore` / `indexes`, partitioning, or statistics through the `create_statistics` hook) in a
  SQL `config()` call. SQL keeps only what its own logic depends on (materialized, incremental_strategy,
  unique_key, on_schema_change, and hooks that are part of the load, such as a delete).
- `physical-design-default`: a model's YAML does not restate its folder's default from the
  dbt_project.yml cascade (`+dist`, `+index`, `+as_columnstore`): it states only what differs.
- `physical-design-reason`: a model whose YAML sets a physical setting says why, in
  `config.meta.physical_design` (Synapse/Fabric) or `config.meta.physical_design_hyperscale`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from esa.checks.conventions import ConventionViolation

# Physical settings, by their config key (SQL keyword argument or YAML key).
PHYSICAL_KEYS = ("dist", "index", "as_columnstore", "indexes", "partition_by", "partitions")
# Keys the dbt_project.yml cascade gives folder defaults for.
CASCADE_KEYS = ("dist", "index", "as_columnstore")
REASON_KEYS = ("physical_design", "physical_design_hyperscale")
STATISTICS_HOOK = "create_statistics"

_CONFIG_CALL = re.compile(r"\bconfig\s*\(")
_SQL_KEY = re.compile(r"(?<![\w.])(" + "|".join(PHYSICAL_KEYS) + r")\s*=(?!=)")


def _config_calls(raw_code: str) -> Iterator[str]:
    """The argument text of every `config(...)` call in a model's raw SQL (strings skipped for parentheses)."""
    for match in _CONFIG_CALL.finditer(raw_code):
        depth, i, quote = 1, match.end(), ""
        while i < len(raw_code) and depth:
            char = raw_code[i]
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'":
                quote = char
            elif char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
            i += 1
        yield raw_code[match.end() : i - 1]


def _strip_strings(text: str) -> str:
    return re.sub(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'", "''", text)


def physical_settings_in_sql(raw_code: str) -> list[str]:
    """The physical settings a model's SQL `config()` calls set: keyword names, and `create_statistics`."""
    found: list[str] = []
    for args in _config_calls(raw_code):
        found += [m.group(1) for m in _SQL_KEY.finditer(_strip_strings(args))]
        if STATISTICS_HOOK in args:
            found.append(STATISTICS_HOOK)
    return sorted(set(found))


def _project_models(manifest: dict[str, Any]) -> Iterator[dict[str, Any]]:
    project_name = manifest.get("metadata", {}).get("project_name")
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model" and node.get("package_name", project_name) == project_name:
            yield node


def check_physical_config_in_sql(manifest: dict[str, Any]) -> Iterator[ConventionViolation]:
    for node in _project_models(manifest):
        settings = physical_settings_in_sql(node.get("raw_code") or "")
        if settings:
            yield ConventionViolation(
                node.get("original_file_path", ""),
                node["name"],
                "physical-config-in-sql",
                f"physical settings in SQL config(): {', '.join(settings)}: move them to the model's YAML "
                "`config:` block, with the reason in meta.physical_design",
            )


def folder_defaults(project: dict[str, Any], project_name: str, model_path: str) -> dict[str, Any]:
    """The `+dist`/`+index`/`+as_columnstore` the dbt_project.yml cascade gives a model's folder."""
    level = (project.get("models") or {}).get(project_name) or {}
    defaults: dict[str, Any] = {}
    folders = Path(model_path).parts[1:-1]  # models/<folder>/.../<file>.sql
    for depth in range(len(folders) + 1):
        for key in CASCADE_KEYS:
            if isinstance(level, dict) and f"+{key}" in level:
                defaults[key] = level[f"+{key}"]
        if depth == len(folders):
            break
        level = level.get(folders[depth]) if isinstance(level, dict) else None
        if not isinstance(level, dict):
            break
    return defaults


def _yaml_entries(project_dir: Path, manifest: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str, dict[str, Any]]]:
    cache: dict[str, Any] = {}
    for node in _project_models(manifest):
        patch_path = (node.get("patch_path") or "").split("://", 1)[-1]
        if not patch_path:
            continue
        if patch_path not in cache:
            try:
                cache[patch_path] = yaml.safe_load((project_dir / patch_path).read_text()) or {}
            except (OSError, yaml.YAMLError):
                cache[patch_path] = {}
        for entry in cache[patch_path].get("models") or []:
            if isinstance(entry, dict) and entry.get("name") == node["name"]:
                yield node, patch_path, entry


def check_physical_design_yaml(manifest: dict[str, Any], project_dir: Path) -> Iterator[ConventionViolation]:
    project_name = manifest.get("metadata", {}).get("project_name") or ""
    try:
        project = yaml.safe_load((project_dir / "dbt_project.yml").read_text()) or {}
    except (OSError, yaml.YAMLError):
        project = {}
    for node, patch_path, entry in _yaml_entries(project_dir, manifest):
        raw_config = entry.get("config")
        config: dict[str, Any] = raw_config if isinstance(raw_config, dict) else {}
        defaults = folder_defaults(project, project_name, node.get("original_file_path", ""))
        for key in CASCADE_KEYS:
            if key in config and key in defaults and str(config[key]).lower() == str(defaults[key]).lower():
                yield ConventionViolation(
                    patch_path,
                    node["name"],
                    "physical-design-default",
                    f"`{key}: {config[key]}` is its folder's default in dbt_project.yml: state only what differs",
                )
        hooks = config.get("post_hook") or config.get("post-hook") or []
        hooks = [hooks] if isinstance(hooks, str) else hooks
        sets_physical = any(key in config for key in PHYSICAL_KEYS) or any(STATISTICS_HOOK in str(h) for h in hooks)
        raw_meta = config.get("meta")
        meta: dict[str, Any] = raw_meta if isinstance(raw_meta, dict) else {}
        reason = " ".join(str(meta.get(key) or "") for key in REASON_KEYS).strip()
        if sets_physical and not reason:
            yield ConventionViolation(
                patch_path,
                node["name"],
                "physical-design-reason",
                "sets a physical setting without saying why: add config.meta.physical_design "
                "(or physical_design_hyperscale)",
            )
