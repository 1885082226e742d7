"""Project conventions that dbt-bouncer's checks do not cover, checked on a dbt manifest.

- `model-primary-key-test`: every model has a primary-key test: `unique` and `not_null` on the same
  column, or a unique-combination test (any generic test whose name contains `unique_combination`,
  i.e. unique_combination_of_columns). A model that has no key by design
  (a quarantine table holds every rejected landed row, duplicates included) says so with
  `meta: {primary_key_exemption: "<why>"}`; an empty reason does not count.
- `source-freshness`: every source table has a freshness threshold or an explicit `freshness: null`
  (at table, source, or `config:` level, or `+freshness` for sources in dbt_project.yml). The manifest
  shows both "absent" and "explicitly null" as null, so the YAML itself is read.
- `landing-in-progress-files`: every wildcard path segment of a source's `meta.external_location`
  starts with `[!._]`, so files and folders still being written (names starting with `.` or `_`,
  docs/landing_contract.md) are never read.
- `model-destination-tag`: every model carries a destination tag (DESTINATION_TAGS, set per folder in
  dbt_project.yml), so which production destination a folder feeds is visible in the cascade.
- `config-meta`: no model or model column sets `meta:` at the top level of its YAML entry (deprecated
  since dbt 1.10); it goes under `config:`. dbt merges both into the manifest, so the YAML is read.
- `physical-config-in-sql`, `physical-design-default`, `physical-design-reason`: a model's physical
  design (dist, index, indexes, statistics) in its YAML `config:` block only, stating only what differs
  from its folder's default, with the reason (esa.checks.physical_design).
- `raw-money-cast`, `raw-date-part`: money types and date parts through the project's macros in every
  model, never written out (esa.checks.portable_sql).
- `unsafe-cast`: no model, snapshot, test or macro calls `dbt.safe_cast` (a plain cast on dbt-duckdb,
  which fails on bad text); landed text converts with `try_cast_text`.
- `model-grain`: every model of the marts, the ERP reporting marts, intermediate and semantic states its
  grain exactly once, in one form: "Grain: one row per ..." (or "Grain: one row.") in its description,
  with no other "one row" phrase and no `meta.grain` restating it.
- `unit-test-placement` / `unit-test-name`: a unit test of a mart, intermediate or semantic model sits in
  the YAML file that documents its model (no separate unit-test files; staging's models YAML is rendered
  from the landing contract, so its unit tests keep a hand-written file beside it), and every unit test's
  name reads as the behaviour it proves: no `test`/`unit` prefix or suffix, and at least three words
  besides the model's name (`open_balance_excludes_fully_paid_invoices`).
- `mart-exposure` / `exposure-shape`: every model of both destinations' marts (models/marts: Synapse,
  models/erp_reporting: Hyperscale) is read by at least one dbt exposure, and every exposure has one
  shape: label, type, maturity, url, description, owner name and e-mail, and the destination tag
  (synapse_star / hyperscale_reporting) of every mart it reads.

dbt-bouncer (dbt-bouncer.yml) checks model descriptions, uniqueness tests and mart column docs.
Run: `esa check conventions --manifest target/manifest.json` (exit 1 on violations), or `esa check dbt`
(parse first, then these checks and dbt-bouncer: the pre-commit hook).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

COMBINATION_MARKER = "unique_combination"
DESTINATION_TAGS = frozenset({"synapse_star", "hyperscale_reporting"})


@dataclass(frozen=True, order=True)
class ConventionViolation:
    path: str
    name: str
    rule: str
    message: str

    def render(self) -> str:
        return f"{self.path}: {self.name}: {self.rule}: {self.message}"


def _tests_by_model(manifest: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    tests: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test" or not node.get("test_metadata"):
            continue
        attached = node.get("attached_node")
        if attached:
            tests[attached].append(node)
    return tests


def _exemption_reason(node: dict[str, Any]) -> str:
    meta = node.get("meta") or node.get("config", {}).get("meta") or {}
    reason = meta.get("primary_key_exemption") if isinstance(meta, dict) else None
    return reason.strip() if isinstance(reason, str) else ""


def check_primary_key_tests(manifest: dict[str, Any], project_name: str | None = None) -> Iterator[ConventionViolation]:
    tests = _tests_by_model(manifest)
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model":
            continue
        if project_name and node.get("package_name") != project_name:
            continue
        if _exemption_reason(node):
            continue
        unique_columns: set[str] = set()
        not_null_columns: set[str] = set()
        has_combination = False
        for test in tests.get(node["unique_id"], []):
            name = test["test_metadata"]["name"]
            column = test.get("column_name") or test["test_metadata"].get("kwargs", {}).get("column_name") or ""
            column = column.strip().lower()
            if name == "unique" and column:
                unique_columns.add(column)
            elif name == "not_null" and column:
                not_null_columns.add(column)
            elif COMBINATION_MARKER in name:
                has_combination = True
        if has_combination or unique_columns & not_null_columns:
            continue
        if unique_columns:
            detail = f"unique on {', '.join(sorted(unique_columns))} but no not_null on the same column"
        else:
            detail = "no unique + not_null on one column and no unique-combination test"
        yield ConventionViolation(node["original_file_path"], node["name"], "model-primary-key-test", detail)


def _has_key(mapping: Any, key: str) -> bool:
    if not isinstance(mapping, dict):
        return False
    if key in mapping:
        return True
    config = mapping.get("config")
    return isinstance(config, dict) and key in config


def _project_sources_freshness(project_dir: Path) -> bool:
    """True when dbt_project.yml sets `+freshness` (or `freshness`) for the project's sources."""
    try:
        project = yaml.safe_load((project_dir / "dbt_project.yml").read_text()) or {}
    except (OSError, yaml.YAMLError):
        return False
    sources = project.get("sources")

    def walk(value: Any) -> bool:
        if not isinstance(value, dict):
            return False
        if "+freshness" in value or "freshness" in value:
            return True
        return any(walk(v) for v in value.values())

    return walk(sources)


def check_source_freshness(manifest: dict[str, Any], project_dir: Path) -> Iterator[ConventionViolation]:
    yaml_cache: dict[str, Any] = {}
    project_level = _project_sources_freshness(project_dir)
    for source in manifest["sources"].values():
        if source.get("freshness") not in (None, {}) and _threshold_set(source["freshness"]):
            continue
        if project_level:
            continue
        path = source["original_file_path"]
        if path not in yaml_cache:
            try:
                yaml_cache[path] = yaml.safe_load((project_dir / path).read_text()) or {}
            except (OSError, yaml.YAMLError):
                yaml_cache[path] = {}
        if _explicit_in_yaml(yaml_cache[path], source["source_name"], source["name"]):
            continue
        yield ConventionViolation(
            path,
            f"{source['source_name']}.{source['name']}",
            "source-freshness",
            "no freshness threshold: set warn_after/error_after, or `freshness: null` with a comment saying why",
        )


def _threshold_set(freshness: Any) -> bool:
    if not isinstance(freshness, dict):
        return False
    for key in ("warn_after", "error_after"):
        threshold = freshness.get(key) or {}
        if isinstance(threshold, dict) and threshold.get("count") is not None:
            return True
    return False


def _explicit_in_yaml(document: Any, source_name: str, table_name: str) -> bool:
    for source in (document or {}).get("sources") or []:
        if not isinstance(source, dict) or source.get("name") != source_name:
            continue
        if _has_key(source, "freshness"):
            return True
        for table in source.get("tables") or []:
            if isinstance(table, dict) and table.get("name") == table_name and _has_key(table, "freshness"):
                return True
    return False


# a path segment of a glob that starts with a wildcard also matches names starting with . or _
WILDCARD_SEGMENT = re.compile(r"(?:^|/)[*?]")


def check_landing_readers(manifest: dict[str, Any]) -> Iterator[ConventionViolation]:
    for source in manifest["sources"].values():
        meta = {**(source.get("meta") or {}), **((source.get("config") or {}).get("meta") or {})}
        location = str(meta.get("external_location") or "")
        if WILDCARD_SEGMENT.search(location):
            yield ConventionViolation(
                source["original_file_path"],
                f"{source['source_name']}.{source['name']}",
                "landing-in-progress-files",
                "a glob segment starting with * or ? reads files still landing (names starting with . or _): "
                "start it with [!._]",
            )


def check_unsafe_casts(manifest: dict[str, Any]) -> Iterator[ConventionViolation]:
    project_name = manifest.get("metadata", {}).get("project_name")
    nodes = [*manifest["nodes"].values(), *(manifest.get("macros") or {}).values()]
    for node in nodes:
        if node.get("package_name", project_name) != project_name:
            continue  # dbt's own macros call it for adapters where it is safe
        if "dbt.safe_cast" in (node.get("raw_code") or node.get("macro_sql") or ""):
            yield ConventionViolation(
                node.get("original_file_path", ""),
                node.get("name", ""),
                "unsafe-cast",
                "dbt.safe_cast is a plain cast on dbt-duckdb and fails on bad text: use try_cast_text",
            )


def _project_models(manifest: dict[str, Any]) -> Iterator[dict[str, Any]]:
    project_name = manifest.get("metadata", {}).get("project_name")
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model" and node.get("package_name", project_name) == project_name:
            yield node


def check_destination_tags(manifest: dict[str, Any]) -> Iterator[ConventionViolation]:
    for node in _project_models(manifest):
        if not DESTINATION_TAGS & set(node.get("tags") or []):
            yield ConventionViolation(
                node.get("original_file_path", ""),
                node["name"],
                "model-destination-tag",
                f"no destination tag ({', '.join(sorted(DESTINATION_TAGS))}): tag its folder in dbt_project.yml",
            )


def check_config_meta(manifest: dict[str, Any], project_dir: Path) -> Iterator[ConventionViolation]:
    yaml_cache: dict[str, Any] = {}
    for node in _project_models(manifest):
        patch_path = (node.get("patch_path") or "").split("://", 1)[-1]
        if not patch_path:
            continue
        if patch_path not in yaml_cache:
            try:
                yaml_cache[patch_path] = yaml.safe_load((project_dir / patch_path).read_text()) or {}
            except (OSError, yaml.YAMLError):
                yaml_cache[patch_path] = {}
        entries = [m for m in yaml_cache[patch_path].get("models") or [] if isinstance(m, dict)]
        for entry in (m for m in entries if m.get("name") == node["name"]):
            where = ["the model"] if "meta" in entry else []
            columns = [c for c in entry.get("columns") or [] if isinstance(c, dict)]
            where += [f"column {c.get('name')}" for c in columns if "meta" in c]
            for place in where:
                yield ConventionViolation(
                    patch_path, node["name"], "config-meta", f"{place} sets top-level `meta:`: move it under `config:`"
                )


GRAIN_PATHS = ("models/marts/", "models/erp_reporting/", "models/intermediate/", "models/semantic/")
GRAIN_STATED = re.compile(r"\bGrain: one row\b")
ONE_ROW = re.compile(r"\bone row\b", re.IGNORECASE)


def _meta(node: dict[str, Any]) -> dict[str, Any]:
    meta = {**(node.get("meta") or {}), **((node.get("config") or {}).get("meta") or {})}
    return meta


def check_grain(manifest: dict[str, Any]) -> Iterator[ConventionViolation]:
    for node in _project_models(manifest):
        path = node.get("original_file_path", "")
        if not path.startswith(GRAIN_PATHS):
            continue
        description = node.get("description") or ""
        stated, said = len(GRAIN_STATED.findall(description)), len(ONE_ROW.findall(description))
        if stated != 1 or said != 1:
            yield ConventionViolation(
                path,
                node["name"],
                "model-grain",
                f"the description says 'Grain: one row' {stated} times and 'one row' {said} times: state the grain "
                "once, as 'Grain: one row per ...'",
            )
        if "grain" in _meta(node):
            yield ConventionViolation(
                path, node["name"], "model-grain", "meta.grain restates the grain: keep it in the description only"
            )


UNIT_TEST_NOISE = frozenset({"test", "tests", "unit"})
UNIT_TEST_MIN_WORDS = 3


def _yaml_path(node: dict[str, Any]) -> str:
    return (node.get("patch_path") or "").split("://", 1)[-1]


def check_unit_tests(manifest: dict[str, Any]) -> Iterator[ConventionViolation]:
    project_name = manifest.get("metadata", {}).get("project_name")
    models = {node["name"]: node for node in _project_models(manifest)}
    for test in (manifest.get("unit_tests") or {}).values():
        if test.get("package_name", project_name) != project_name:
            continue
        path, name, model = test.get("original_file_path", ""), test["name"], models.get(test.get("model", ""))
        home = _yaml_path(model) if model and model.get("original_file_path", "").startswith(GRAIN_PATHS) else ""
        if home and path != home:
            yield ConventionViolation(
                path,
                name,
                "unit-test-placement",
                f"declared apart from its model: move it to {home}, beside {test.get('model')}",
            )
        words = name.split("_")
        behaviour = name.removeprefix(f"{test.get('model', '')}_").split("_")
        if words[0] in UNIT_TEST_NOISE or words[-1] in UNIT_TEST_NOISE or len(behaviour) < UNIT_TEST_MIN_WORDS:
            yield ConventionViolation(
                path,
                name,
                "unit-test-name",
                "name it by the behaviour it proves (e.g. open_balance_excludes_fully_paid_invoices): no test/unit "
                f"prefix or suffix, at least {UNIT_TEST_MIN_WORDS} words besides the model's name",
            )


MART_DESTINATIONS = {"models/marts/": "synapse_star", "models/erp_reporting/": "hyperscale_reporting"}
EXPOSURE_FIELDS = ("label", "type", "maturity", "url", "description")


def _mart_destination(node: dict[str, Any]) -> str | None:
    path = node.get("original_file_path", "")
    return next((tag for prefix, tag in MART_DESTINATIONS.items() if path.startswith(prefix)), None)


def check_exposures(manifest: dict[str, Any]) -> Iterator[ConventionViolation]:
    project_name = manifest.get("metadata", {}).get("project_name")
    read: set[str] = set()
    for exposure in (manifest.get("exposures") or {}).values():
        if exposure.get("package_name", project_name) != project_name:
            continue
        nodes = [manifest["nodes"].get(uid) or {} for uid in (exposure.get("depends_on") or {}).get("nodes") or []]
        read.update(n["unique_id"] for n in nodes if n)
        owner = exposure.get("owner") or {}
        missing = [key for key in EXPOSURE_FIELDS if not exposure.get(key)]
        missing += [f"owner {key}" for key in ("name", "email") if not owner.get(key)]
        destinations = {tag for tag in map(_mart_destination, nodes) if tag}
        tags = set(exposure.get("tags") or []) | set((exposure.get("config") or {}).get("tags") or [])
        missing += [f"tag {tag}" for tag in sorted(destinations - tags)]
        if not destinations:
            missing.append("a mart in depends_on")
        if missing:
            yield ConventionViolation(
                exposure.get("original_file_path", ""),
                exposure["name"],
                "exposure-shape",
                f"missing {', '.join(missing)}",
            )
    for node in _project_models(manifest):
        destination = _mart_destination(node)
        if destination and node["unique_id"] not in read:
            yield ConventionViolation(
                node["original_file_path"],
                node["name"],
                "mart-exposure",
                f"no exposure reads this {destination} mart: declare its consumers in the folder's _*__exposures.yml",
            )


def run_checks(manifest: dict[str, Any], project_dir: Path) -> list[ConventionViolation]:
    from esa.checks import physical_design, portable_sql  # they import ConventionViolation from here

    project_name = manifest.get("metadata", {}).get("project_name")
    found = [
        *physical_design.check_physical_config_in_sql(manifest),
        *physical_design.check_physical_design_yaml(manifest, project_dir),
        *portable_sql.check_portable_sql(manifest),
        *check_primary_key_tests(manifest, project_name),
        *check_source_freshness(manifest, project_dir),
        *check_landing_readers(manifest),
        *check_unsafe_casts(manifest),
        *check_destination_tags(manifest),
        *check_config_meta(manifest, project_dir),
        *check_grain(manifest),
        *check_unit_tests(manifest),
        *check_exposures(manifest),
    ]
    return sorted(found)
