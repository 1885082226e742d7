"""The reference numbers: the SQL of MetricFlow's own query engine (what `mf query` runs), executed on DuckDB.

The parent (``metricflow_sql``) sends the metrics and the candidate group-by dimensions as JSON; the child
(``python -m esa.dax_eval.mf_reference``) builds MetricFlow's engine once, the way `mf query` does (the dbt
project, its profiles.yml and target/semantic_manifest.json), and compiles (``explain``), per metric, one query
by ``metric_time__month`` and one by ``metric_time__month`` plus the first candidate dimension the metric offers.
The parent then runs that SQL on its own read-only DuckDB connection (``run_reference``): `mf query` returns
decimal sums as floats, the SQL keeps them exact. A child process keeps dbt's global state out of the caller,
and it compiles only, so it holds no DuckDB lock.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

MONTH = "metric_time__month"


@dataclass(frozen=True)
class MetricReference:
    """MetricFlow's rows for one metric: by month, and by month and one dimension (None: none available)."""

    metric: str
    by_month: dict[str, Any]
    dimension: str | None
    by_month_and_dimension: dict[tuple[str, str | None], Any]


def month_key(v: Any) -> str | None:
    """'YYYY-MM' of a metric_time__month value (a date, a timestamp or its ISO text); None for NULL."""
    if v is None:
        return None
    if isinstance(v, dt.date):
        return v.strftime("%Y-%m")
    return str(v)[:7]


def group_key(v: Any) -> str | None:
    """A dimension value as the comparison keys it: text, or None for NULL/BLANK."""
    return None if v is None else str(v)


def _worker(request: dict[str, Any]) -> dict[str, Any]:  # pragma: no cover - runs in the child process
    from dbt_metricflow.cli.cli_configuration import CLIConfiguration
    from dbt_metricflow.cli.dbt_connectors import dbt_config_accessor as accessor
    from metricflow.engine.metricflow_engine import MetricFlowQueryRequest

    # `mf` reads <project>/target/semantic_manifest.json only; read the one in the given target directory.
    manifest_text = (Path(request["target_dir"]) / "semantic_manifest.json").read_text(encoding="utf-8")

    def load_manifest(project_root: Path) -> Any:
        return accessor.parse_manifest_from_dbt_generated_manifest(manifest_json_string=manifest_text)  # type: ignore[attr-defined]

    accessor.dbtArtifacts.build_semantic_manifest_from_dbt_project_root = staticmethod(load_manifest)  # type: ignore[method-assign]
    cfg = CLIConfiguration()
    cfg.setup(dbt_profiles_path=Path(request["profiles_dir"]), dbt_project_path=Path(request["project_dir"]))
    engine = cfg.mf

    def sql(metric: str, group_by: list[str]) -> str:
        explained = engine.explain(MetricFlowQueryRequest.create(metric_names=[metric], group_by_names=group_by))
        return str(explained.sql_statement.without_descriptions.sql)

    answers = []
    for metric in request["metrics"]:
        offered = {d.dunder_name for d in engine.simple_dimensions_for_metrics([metric])}
        dimension = next((d for d in request["candidates"] if d in offered), None)
        answers.append(
            {
                "metric": metric,
                "by_month": sql(metric, [MONTH]),
                "dimension": dimension,
                "by_month_and_dimension": sql(metric, [MONTH, dimension]) if dimension else None,
            }
        )
    return {"answers": answers}


@dataclass(frozen=True)
class MetricSql:
    """The SQL MetricFlow generates for one metric (what `mf query` would run), by month and by month and dimension."""

    metric: str
    by_month: str
    dimension: str | None
    by_month_and_dimension: str | None


def metricflow_sql(
    metrics: Sequence[str],
    candidates: Sequence[str],
    project_dir: Path,
    profiles_dir: Path,
    target_dir: Path,
    env: dict[str, str] | None = None,
) -> list[MetricSql]:
    """Compile every metric's queries with MetricFlow's engine in a child process (no database connection held)."""
    request = {
        "metrics": list(metrics),
        "candidates": list(candidates),
        "project_dir": str(project_dir.resolve()),
        "profiles_dir": str(profiles_dir.resolve()),
        "target_dir": str(target_dir.resolve()),
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
        raise RuntimeError(f"MetricFlow failed to compile the reference queries:\n{proc.stderr[-4000:]}")
    answers = json.loads(proc.stdout.strip().splitlines()[-1])["answers"]
    return [MetricSql(a["metric"], a["by_month"], a["dimension"], a["by_month_and_dimension"]) for a in answers]


def run_reference(con: duckdb.DuckDBPyConnection, compiled: MetricSql) -> MetricReference:
    """Execute MetricFlow's SQL on DuckDB: values keep their SQL types (decimal sums stay Decimal)."""

    def rows(sql: str, group: str | None) -> dict[Any, Any]:
        cur = con.execute(sql)
        names = [d[0].lower() for d in cur.description]
        out: dict[Any, Any] = {}
        for row in cur.fetchall():
            cells = dict(zip(names, row, strict=True))
            month = month_key(cells[MONTH])
            if month is None:  # facts with no date: in no month (in DAX, the date table's blank row)
                continue
            key = month if group is None else (month, group_key(cells[group.lower()]))
            out[key] = cells[compiled.metric.lower()]
        return out

    grouped = rows(compiled.by_month_and_dimension, compiled.dimension) if compiled.by_month_and_dimension else {}
    return MetricReference(compiled.metric, rows(compiled.by_month, None), compiled.dimension, grouped)


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(_worker(json.loads(sys.stdin.read()))))
