"""The reference numbers: MetricFlow's own query engine (what `mf query` runs), in one child process.

The parent (``query_metricflow``) sends the metrics and the candidate group-by dimensions as JSON; the child
(``python -m esa.dax_eval.mf_reference``) builds MetricFlow's engine once, the way `mf query` does (the dbt
project, its profiles.yml and target/semantic_manifest.json), and runs, per metric, one query by
``metric_time__month`` and one by ``metric_time__month`` plus the first candidate dimension the metric offers.
A child process keeps dbt's global state and the DuckDB file lock out of the caller.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

MONTH = "metric_time__month"


@dataclass(frozen=True)
class MetricReference:
    """MetricFlow's rows for one metric: by month, and by month and one dimension (None: none available)."""

    metric: str
    by_month: dict[str, Any]
    dimension: str | None
    by_month_and_dimension: dict[tuple[str, str | None], Any]


def _encode(v: Any) -> list[str] | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return ["bool", str(v)]
    if isinstance(v, int):
        return ["int", str(v)]
    if isinstance(v, Decimal):
        return ["decimal", str(v)]
    if isinstance(v, float):
        return ["float", repr(v)]
    if isinstance(v, dt.date):
        return ["date", v.isoformat()]
    return ["str", str(v)]


def decode(v: list[str] | None) -> Any:
    if v is None:
        return None
    kind, text = v
    if kind == "int":
        return int(text)
    if kind == "decimal":
        return Decimal(text)
    if kind == "float":
        return float(text)
    if kind == "bool":
        return text == "True"
    return text


def month_key(v: Any) -> str:
    """'YYYY-MM' of a metric_time__month value (a date, a timestamp or its ISO text)."""
    if isinstance(v, dt.date):
        return v.strftime("%Y-%m")
    return str(v)[:7]


def group_key(v: Any) -> str | None:
    """A dimension value as the comparison keys it: text, or None for NULL/BLANK."""
    return None if v is None else str(v)


def _worker(request: dict[str, Any]) -> dict[str, Any]:  # pragma: no cover - runs in the child process
    from dbt_metricflow.cli.cli_configuration import CLIConfiguration
    from metricflow.engine.metricflow_engine import MetricFlowQueryRequest

    cfg = CLIConfiguration()
    cfg.setup(dbt_profiles_path=Path(request["profiles_dir"]), dbt_project_path=Path(request["project_dir"]))
    engine = cfg.mf

    def run(metric: str, group_by: list[str]) -> list[list[Any]]:
        result = engine.query(MetricFlowQueryRequest.create(metric_names=[metric], group_by_names=group_by))
        df = result.result_df
        if df is None:
            return []
        names = [c.lower() for c in df.column_names]
        out = []
        for row in df.rows:
            cells = dict(zip(names, row, strict=True))
            out.append(
                [month_key(cells[MONTH])]
                + [_encode(cells[g.lower()]) for g in group_by[1:]]
                + [_encode(cells[metric.lower()])]
            )
        return out

    answers = []
    for metric in request["metrics"]:
        offered = {d.dunder_name for d in engine.simple_dimensions_for_metrics([metric])}
        dimension = next((d for d in request["candidates"] if d in offered), None)
        answers.append(
            {
                "metric": metric,
                "by_month": run(metric, [MONTH]),
                "dimension": dimension,
                "by_month_and_dimension": run(metric, [MONTH, dimension]) if dimension else [],
            }
        )
    return {"answers": answers}


def query_metricflow(
    metrics: Sequence[str],
    candidates: Sequence[str],
    project_dir: Path,
    profiles_dir: Path,
    env: dict[str, str] | None = None,
) -> list[MetricReference]:
    """Run the child process and decode its answers."""
    request = {
        "metrics": list(metrics),
        "candidates": list(candidates),
        "project_dir": str(project_dir.resolve()),
        "profiles_dir": str(profiles_dir.resolve()),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "esa.dax_eval.mf_reference"],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        cwd=project_dir,
        env=env or dict(os.environ),
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"MetricFlow reference query failed:\n{proc.stderr[-4000:]}")
    answers = json.loads(proc.stdout.strip().splitlines()[-1])["answers"]
    return [
        MetricReference(
            a["metric"],
            {row[0]: decode(row[-1]) for row in a["by_month"]},
            a["dimension"],
            {(row[0], group_key(decode(row[1]))): decode(row[-1]) for row in a["by_month_and_dimension"]},
        )
        for a in answers
    ]


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(_worker(json.loads(sys.stdin.read()))))
