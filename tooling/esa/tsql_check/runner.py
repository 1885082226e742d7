"""Offline T-SQL validation: compile for every T-SQL target with no server, then check the SQL.

One `dbt --no-populate-cache compile --no-introspect` per target and incremental branch (each in
its own target path, so partial parsing stays warm), run in parallel; then the rules (rules.py)
and the grammar (grammar.py) on every compiled model, snapshot and data test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from esa.tsql_check.grammar import GrammarResult, parse_many, unique_count
from esa.tsql_check.rules import Finding, Node, check_node
from esa.tsql_check.sqltext import tokenize

TARGETS = ("synapse", "hyperscale", "fabric")
BRANCHES = ("full", "incremental")


@dataclass(frozen=True)
class Violation:
    target: str
    branch: str
    resource_type: str
    name: str
    path: str
    rule: str
    message: str
    line: int | None = None
    warning: bool = False

    def render(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        level = "warning" if self.warning else "error"
        return (
            f"{level}: [{self.target}/{self.branch}] {self.resource_type} {self.name} ({where}) "
            f"{self.rule}: {self.message}"
        )


@dataclass
class CompileRun:
    target: str
    branch: str
    target_path: Path
    returncode: int = 0
    seconds: float = 0.0
    output: str = ""
    nodes: list[Node] = field(default_factory=list)
    errors: list[Violation] = field(default_factory=list)


@dataclass
class Report:
    violations: list[Violation]
    timings: list[tuple[str, float]]
    node_count: int
    statement_count: int

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if not v.warning]


def _profiles_dir(project_dir: Path, work_dir: Path) -> Path:
    """The committed profiles.example.yml: the check never depends on a developer's profiles.yml."""
    profiles = work_dir / "profiles"
    profiles.mkdir(parents=True, exist_ok=True)
    source = project_dir / "profiles.example.yml"
    if not source.exists():
        source = project_dir / "profiles.yml"
    shutil.copyfile(source, profiles / "profiles.yml")
    return profiles


def compile_target(
    project_dir: Path,
    work_dir: Path,
    profiles_dir: Path,
    target: str,
    branches: Sequence[str],
    select: Sequence[str],
    threads: int,
) -> tuple[list[CompileRun], list[tuple[str, float]]]:
    """Run the worker for one target (a subprocess: dbt keeps global state per process)."""
    out_file = work_dir / f"{target}.json"
    out_file.unlink(missing_ok=True)
    cmd = [
        sys.executable, "-m", "esa.tsql_check.worker",
        "--project-dir", str(project_dir), "--profiles-dir", str(profiles_dir), "--work-dir", str(work_dir),
        "--target", target, "--branches", *branches, "--threads", str(threads), "--out", str(out_file),
    ]  # fmt: skip
    if select:
        cmd += ["--select", *select]
    env = dict(os.environ)
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    for key in ("DBT_TARGET_PATH", "DBT_LOG_PATH", "DBT_PROFILES_DIR", "DBT_PROJECT_DIR", "ESA_INCREMENTAL_BRANCH"):
        env.pop(key, None)
    proc = subprocess.run(cmd, cwd=project_dir, env=env, capture_output=True, text=True, check=False)
    output = proc.stdout + proc.stderr
    if not out_file.exists():
        tail = "\n".join(line for line in output.splitlines()[-15:] if line.strip())
        failed = CompileRun(target, branches[0], work_dir / target, proc.returncode)
        failed.errors.append(
            Violation(target, "-", "project", "-", "dbt_project.yml", "compile", f"the dbt worker failed:\n{tail}")
        )
        return [failed], []
    data = json.loads(out_file.read_text())
    timings = [(label, seconds) for label, seconds in data["timings"]]
    runs: list[CompileRun] = []
    if "error" in data:
        tail = "\n".join(line for line in output.splitlines()[-15:] if line.strip())
        failed = CompileRun(target, branches[0], work_dir / target, proc.returncode, output=output)
        failed.errors.append(
            Violation(target, "-", "project", "-", "dbt_project.yml", "compile", f"{data['error']}\n{tail}")
        )
        return [failed], timings
    for record in data["runs"]:
        run = CompileRun(target, record["branch"], work_dir / target, proc.returncode, record["seconds"], output)
        if "fatal" in record:
            run.errors.append(
                Violation(target, record["branch"], "project", "-", "dbt_project.yml", "compile", record["fatal"])
            )
        for err in record["errors"]:
            branch = record["branch"] if err["materialized"] == "incremental" else "-"
            run.errors.append(
                Violation(target, branch, err["resource_type"], err["name"], err["path"], "compile", err["message"])
            )
        for item in record["nodes"]:
            run.nodes.append(Node(**item))
        runs.append(run)
    return runs, timings


def _grammar_statements(runs: list[CompileRun], all_tests: bool) -> dict[tuple[str, str, str], str]:
    """Which compiled texts get the (slow) grammar check: every model, snapshot and singular test;
    one instance of each generic test per target unless all_tests."""
    chosen: dict[tuple[str, str, str], str] = {}
    seen_generic: set[tuple[str, str]] = set()
    for run in runs:
        for node in run.nodes:
            if node.generic_test and not all_tests:
                kind = (run.target, node.generic_test)
                if kind in seen_generic:
                    continue
                seen_generic.add(kind)
            chosen[(run.target, run.branch, node.unique_id)] = node.sql
    return chosen


def _progress(message: str) -> None:
    """One line per phase on stderr, so a long check shows where it is."""
    print(f"tsql-check: {message}", file=sys.stderr, flush=True)


def run_check(
    project_dir: Path,
    work_dir: Path,
    targets: Sequence[str] = TARGETS,
    branches: Sequence[str] = BRANCHES,
    select: Sequence[str] = (),
    grammar: bool = True,
    all_tests_grammar: bool = False,
    jobs: int | None = None,
    threads: int = 4,
) -> Report:
    total_start = time.perf_counter()
    work_dir.mkdir(parents=True, exist_ok=True)
    profiles_dir = _profiles_dir(project_dir, work_dir)
    jobs = jobs or os.cpu_count() or 1
    timings: list[tuple[str, float]] = []

    start = time.perf_counter()
    _progress(f"compiling for {', '.join(targets)} (is_incremental() branches: {', '.join(branches)}; "
              "about a minute per target when cold)")
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(targets)))) as pool:
        futures = [
            pool.submit(compile_target, project_dir, work_dir, profiles_dir, t, list(branches), select, threads)
            for t in targets
        ]
        runs: list[CompileRun] = []
        for future in futures:
            target_runs, target_timings = future.result()
            _progress(f"{target_runs[0].target if target_runs else '?'} compiled "
                      f"({time.perf_counter() - start:.0f} s)")
            runs.extend(target_runs)
            timings.extend(target_timings)
    timings.append(
        (f"dbt, {len(targets)} targets ({min(jobs, len(targets))} in parallel)", time.perf_counter() - start)
    )

    violations: list[Violation] = [v for run in runs for v in run.errors]

    start = time.perf_counter()
    statements = 0
    _progress(f"T-SQL rules on {sum(len(r.nodes) for r in runs)} compiled nodes")
    for run in runs:
        for node in run.nodes:
            tokens = tokenize(node.sql)
            for finding in check_node(node, tokens, run.target):
                violations.append(_violation(run, node, finding))
    timings.append(("T-SQL rules", time.perf_counter() - start))

    if grammar:
        start = time.perf_counter()
        chosen = _grammar_statements(runs, all_tests_grammar)
        _progress(f"T-SQL grammar on {unique_count(chosen.values())} unique statements (cached ones are instant)")
        results = parse_many(chosen.values(), processes=jobs, cache_file=work_dir / "grammar_cache.json")
        statements = unique_count(chosen.values())
        by_key = {(r.target, r.branch, n.unique_id): (r, n) for r in runs for n in r.nodes}
        for key, sql in chosen.items():
            result: GrammarResult = results[sql]
            if result.ok:
                continue
            run, node = by_key[key]
            if result.sqlglot_ok:
                message = result.message + " (sqlglot parses it: probably a SQLFluff tsql gap)"
                violations.append(_violation(run, node, Finding("grammar", message, result.line), warning=True))
            else:
                violations.append(_violation(run, node, Finding("grammar", result.message, result.line)))
        timings.append((f"T-SQL grammar (sqlfluff tsql, {statements} unique statements)", time.perf_counter() - start))

    violations = _dedupe(violations)
    timings.append(("total", time.perf_counter() - total_start))
    node_count = len({n.unique_id for r in runs for n in r.nodes})
    return Report(violations, timings, node_count, statements)


def _violation(run: CompileRun, node: Node, finding: Finding, warning: bool = False) -> Violation:
    branch = run.branch if node.materialized == "incremental" else "-"
    return Violation(
        run.target,
        branch,
        node.resource_type,
        node.name,
        node.path,
        finding.rule,
        finding.message,
        finding.line,
        warning,
    )


def _dedupe(violations: list[Violation]) -> list[Violation]:
    seen: set[Violation] = set()
    out: list[Violation] = []
    for v in violations:
        if v not in seen:
            seen.add(v)
            out.append(v)
    return sorted(out, key=lambda v: (v.warning, v.path, v.name, v.target, v.branch, v.rule, v.line or 0))
