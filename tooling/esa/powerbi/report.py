"""The export report: what the PBIP holds, and every metric that is not a measure, with its reason.

`check` fails when a metric of the semantic manifest is neither a measure nor listed as untranslatable.
"""

from __future__ import annotations

import json
from typing import Any

from esa.powerbi.build import BuildLog
from esa.powerbi.model import SemanticModel


def export_report(model: SemanticModel, log: BuildLog, metrics: list[str]) -> dict[str, Any]:
    measures = {m.metric: m.name for t in model.tables for m in t.measures if m.metric and not
                m.name.endswith("(fiscal YTD)")}
    return {
        "target": model.target,
        "model": model.name,
        "tables": {t.name: {"columns": [c.name for c in t.columns], "measures": [m.name for m in t.measures],
                            "storage_mode": t.partition.mode if t.partition else None,
                            "incremental_refresh": t.refresh_policy is not None}
                   for t in model.tables},
        "date_table": {"table": model.date_table, "key": model.date_column},
        "relationships": [{"from": f"{r.from_table}[{r.from_column}]", "to": f"{r.to_table}[{r.to_column}]",
                           "active": r.is_active, "origin": r.origin} for r in model.relationships],
        "translated": {name: measures[name] for name in sorted(measures)},
        "fiscal_ytd": sorted(m.name for t in model.tables for m in t.measures if m.name.endswith("(fiscal YTD)")),
        "untranslated": {t.metric: t.reason for t in sorted(log.translations, key=lambda t: t.metric)
                         if t.expression is None},
        "roles": {r.name: r.filters for r in model.roles},
        "perspectives": {p.name: {"exposure": p.exposure, "tables": sorted(p.tables)} for p in model.perspectives},
        "notes": log.notes,
        "metrics": sorted(metrics),
    }


def check(report: dict[str, Any]) -> list[str]:
    """Metrics that are neither translated nor listed with a reason (must be empty)."""
    return [m for m in report["metrics"] if m not in report["translated"] and not report["untranslated"].get(m)]


def render(report: dict[str, Any]) -> str:
    measure_count = sum(len(t["measures"]) for t in report["tables"].values())
    lines = [f"Power BI export for {report['target']}: model {report['model']}",
             f"  {len(report['tables'])} tables, {measure_count} measures, "
             f"{len(report['relationships'])} relationships, {len(report['roles'])} roles, "
             f"{len(report['perspectives'])} perspectives",
             f"  metrics: {len(report['metrics'])}, translated {len(report['translated'])}, "
             f"untranslated {len(report['untranslated'])}"]
    for metric, reason in report["untranslated"].items():
        lines.append(f"  - not translated: {metric}: {reason}")
    for note in report["notes"]:
        lines.append(f"  - note: {note}")
    return "\n".join(lines)


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, sort_keys=True) + "\n"
