"""`esa dax verify`: every exported measure against MetricFlow, per month and per month and one dimension.

Inputs are the exporter's outputs only: the TMDL of ``<export>/*.SemanticModel`` (read by the evaluator),
``<export>/export_report.json`` (which metric became which measure), and dbt's
``target/semantic_manifest.json`` (which warehouse column a MetricFlow dimension is, to find its TMDL column).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from esa.dax_eval.compare import MetricCheck, compare_all, zone_months
from esa.dax_eval.engine import ColumnKey, Evaluator
from esa.dax_eval.mf_reference import MetricReference, metricflow_sql, run_reference
from esa.dax_eval.support import unsupported_functions
from esa.dax_eval.tmdl import Model, load_model


@dataclass(frozen=True)
class Verification:
    checks: list[MetricCheck]
    months: list[str]
    untranslated: dict[str, str]
    references: list[MetricReference]

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)


def semantic_model_dir(export_dir: Path) -> Path:
    found = sorted(export_dir.glob("*.SemanticModel"))
    if len(found) != 1:
        raise FileNotFoundError(f"expected one *.SemanticModel folder in {export_dir}, found {len(found)}")
    return found[0]


def dimension_columns(semantic_manifest: Mapping[str, Any], model: Model) -> dict[str, ColumnKey]:
    """MetricFlow categorical dimension (entity__dimension) -> the TMDL column that holds it.

    A semantic model's relation is matched to the TMDL table whose partition loads the same warehouse table,
    and the dimension's column (expr, or its name) to the TMDL column with that sourceColumn. Dimensions
    defined by an SQL expression, or whose relation is loaded by no table (or by several), are left out."""
    tables_by_source: dict[str, list[str]] = {}
    for table in model.tables.values():
        if table.source_table:
            tables_by_source.setdefault(table.source_table.lower(), []).append(table.name)
    out: dict[str, ColumnKey] = {}
    for sm in semantic_manifest.get("semantic_models", []):
        alias = ((sm.get("node_relation") or {}).get("alias") or "").lower()
        tables = tables_by_source.get(alias, [])
        if len(tables) != 1:
            continue
        table = model.tables[tables[0]]
        entities = [e["name"] for e in sm.get("entities") or [] if e.get("type") in {"primary", "unique", "natural"}]
        entities += [sm["primary_entity"]] if sm.get("primary_entity") else []
        by_source = {c.source_column.lower(): c.name for c in table.columns.values()}
        for dim in sm.get("dimensions") or []:
            if dim.get("type") != "categorical":
                continue
            column = by_source.get(str(dim.get("expr") or dim["name"]).strip().lower())
            if column is None:
                continue
            for entity in entities:
                out.setdefault(f"{entity}__{dim['name']}", (table.name, column))
    return out


MAX_GROUP_VALUES = 50


def grouping_candidates(
    model: Model,
    connect: Callable[[], duckdb.DuckDBPyConnection],
    columns: Mapping[str, ColumnKey],
    preferred: Sequence[str],
) -> list[str]:
    """Grouping dimensions in the order MetricFlow should try them: the preferred ones, then the others by their
    number of distinct values (fewest first); columns with more than MAX_GROUP_VALUES values are left out.
    The connection is closed again before MetricFlow's child process starts."""
    con = connect()
    try:
        ev = Evaluator(model, con)
        sizes = {dim: len(ev.domain(column)) for dim, column in columns.items()}
    finally:
        con.close()
    others = sorted((n, dim) for dim, n in sizes.items() if dim not in preferred and n <= MAX_GROUP_VALUES)
    return [d for d in preferred if d in columns] + [dim for _, dim in others]


def verify(
    export_dir: Path,
    connect: Callable[[], duckdb.DuckDBPyConnection],
    project_dir: Path,
    profiles_dir: Path,
    target_dir: Path,
    preferred_dimensions: Sequence[str] = (),
    months: Sequence[str] | None = None,
    env: dict[str, str] | None = None,
) -> Verification:
    report = json.loads((export_dir / "export_report.json").read_text(encoding="utf-8"))
    translated: dict[str, str] = dict(report["translated"])
    model = load_model(semantic_model_dir(export_dir))
    semantic = json.loads((target_dir / "semantic_manifest.json").read_text(encoding="utf-8"))
    columns = dimension_columns(semantic, model)
    candidates = grouping_candidates(model, connect, columns, preferred_dimensions)
    unsupported = unsupported_functions({m: model.measures[m].expression for m in translated.values()})
    compiled = metricflow_sql(sorted(translated), candidates, project_dir, profiles_dir, target_dir, env)
    con = connect()  # after MetricFlow's child process: it compiles only, but never holds the file with us
    references = [run_reference(con, c) for c in compiled]
    ev = Evaluator(model, con)
    simple = {m["name"] for m in semantic.get("metrics", []) if m.get("type") == "simple"}
    chosen = list(months) if months else zone_months(r for r in references if r.metric in simple)
    checks = compare_all(ev, translated, references, columns, chosen)
    for check in checks:
        if check.measure in unsupported:
            check.error = f"uses functions the evaluator does not support: {sorted(unsupported[check.measure])}"
    return Verification(checks, chosen, dict(report.get("untranslated") or {}), references)


def render(result: Verification) -> str:
    lines = [
        f"DAX vs MetricFlow over {len(result.months)} months ({', '.join(result.months[:1] + result.months[-1:])})"
    ]
    lines += [c.line() for c in result.checks]
    for check in result.checks:
        lines += [f"  mismatch: {m}" for m in check.mismatches[:5]]
        if len(check.mismatches) > 5:
            lines.append(f"  ... and {len(check.mismatches) - 5} more for {check.metric}")
    lines += [f"  not a measure (export report): {m}: {r}" for m, r in sorted(result.untranslated.items())]
    failed = [c.metric for c in result.checks if not c.ok]
    lines.append(
        f"{len(result.checks) - len(failed)} of {len(result.checks)} measures equal MetricFlow"
        + (f"; failed: {', '.join(failed)}" if failed else "")
    )
    return "\n".join(lines)


__all__ = ["MetricReference", "Verification", "dimension_columns", "render", "verify"]
