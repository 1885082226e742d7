"""SQLFluff with a result cache: `esa lint` (`make lint` and the pre-commit hook run it).

SQLFluff has no cache, and with the layout rules it needs about 0.8 s of CPU per file here, so a
whole-project lint costs about a minute on two cores even when one file changed. `esa lint`
remembers each file's result under a key that covers everything the result depends on:

- the file's path and content;
- a project fingerprint: the SQLFluff version (and its Rust parser's), every `.sqlfluff` and
  `.sqlfluffignore`, dbt_project.yml, every file under macros/ (the templater loads them all into
  every file's Jinja environment) and the `esa_jinja` templater with its library.

A file whose key is cached is not linted again; any change to one of those inputs lints it again,
and a change to the fingerprint lints everything. Results are stored with their violations, so a
cached failure still fails. `--no-cache` lints everything and writes nothing.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_PATHS = ("models", "macros", "tests", "snapshots", "analyses")
FINGERPRINT_DIRS = ("macros", "tooling/esa/checks/sqlfluff_jinja")
FINGERPRINT_FILES = (".sqlfluffignore", "dbt_project.yml", "tooling/esa/checks/sqlfluff_plugin.py")
SKIP_DIRS = {".venv", "target", "build", "logs", "dbt_packages", ".git", ".cache", "__pycache__"}


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    position: int
    code: str
    description: str
    warning: bool = False

    def render(self) -> str:
        level = "WARNING: " if self.warning else ""
        return f"L:{self.line:4d} | P:{self.position:4d} | {self.code} | {level}{self.description}"


@dataclass
class LintResult:
    violations: dict[str, list[Violation]] = field(default_factory=dict)
    linted: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    seconds: float = 0.0
    sqlfluff_failed: str = ""

    @property
    def errors(self) -> list[Violation]:
        return [v for vs in self.violations.values() for v in vs if not v.warning]


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def _walk(root: Path) -> Iterable[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            yield Path(dirpath) / name


def project_fingerprint(project_dir: Path) -> str:
    """A hash of every input, other than the file itself, that a file's lint result depends on."""
    digest = hashlib.sha256()
    digest.update(f"sqlfluff={_version('sqlfluff')};sqlfluffrs={_version('sqlfluffrs')}\n".encode())
    inputs = [p for p in _walk(project_dir) if p.name == ".sqlfluff"]
    inputs += [project_dir / f for f in FINGERPRINT_FILES]
    for directory in FINGERPRINT_DIRS:
        if (project_dir / directory).is_dir():
            inputs += [p for p in _walk(project_dir / directory) if p.suffix != ".pyc"]
    for path in sorted(set(inputs)):
        if path.is_file():
            digest.update(path.relative_to(project_dir).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def sql_files(project_dir: Path, paths: Sequence[str]) -> list[str]:
    """The .sql files under the given paths, relative to the project, in a stable order."""
    found: list[str] = []
    for entry in paths:
        path = (project_dir / entry).resolve()
        if path.is_dir():
            found += [p.relative_to(project_dir).as_posix() for p in _walk(path) if p.suffix == ".sql"]
        elif path.suffix == ".sql" and path.exists():
            found.append(path.relative_to(project_dir).as_posix())
    return sorted(set(found))


def _file_key(fingerprint: str, project_dir: Path, rel_path: str) -> str:
    digest = hashlib.sha256(fingerprint.encode())
    digest.update(rel_path.encode() + b"\0")
    digest.update((project_dir / rel_path).read_bytes())
    return digest.hexdigest()


def _run_sqlfluff(project_dir: Path, files: list[str], processes: int) -> tuple[dict[str, list[Violation]], str]:
    # On a terminal, SQLFluff's own progress bar counts the files as they are linted (esa.checks.lint_worker).
    progress = sys.stderr.isatty()
    cmd = [sys.executable, "-m", "esa.checks.lint_worker", "--processes", str(processes),
           *(["--progress"] if progress else []), *files]  # fmt: skip
    proc = subprocess.run(cmd, cwd=project_dir, stdout=subprocess.PIPE, stderr=None if progress else subprocess.PIPE,
                          text=True, check=False)  # fmt: skip
    try:
        records: list[dict[str, Any]] = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return {}, (proc.stdout + (proc.stderr or ""))[-3000:] or f"SQLFluff exited with {proc.returncode}"
    results: dict[str, list[Violation]] = {}
    for record in records:
        rel = Path(record["filepath"])
        rel_path = (rel if not rel.is_absolute() else rel.relative_to(project_dir)).as_posix()
        results[rel_path] = [
            Violation(
                rel_path,
                int(v.get("start_line_no") or 0),
                int(v.get("start_line_pos") or 0),
                str(v.get("code", "")),
                str(v.get("description", "")),
                bool(v.get("warning", False)),
            )
            for v in record.get("violations", [])
        ]
    return results, ""


def lint(
    project_dir: Path,
    paths: Sequence[str] = DEFAULT_PATHS,
    cache_dir: Path | None = None,
    processes: int = 2,
) -> LintResult:
    """Lint the .sql files under `paths`, reusing cached results when `cache_dir` is given."""
    start = time.perf_counter()
    result = LintResult()
    files = sql_files(project_dir, paths)
    fingerprint = project_fingerprint(project_dir) if cache_dir is not None else ""
    keys = {f: _file_key(fingerprint, project_dir, f) for f in files} if cache_dir is not None else {}
    to_lint: list[str] = []
    for rel_path in files:
        entry = cache_dir / f"{keys[rel_path]}.json" if cache_dir is not None else None
        if entry is not None and entry.exists():
            result.violations[rel_path] = [Violation(**v) for v in json.loads(entry.read_text())]
            result.cached.append(rel_path)
        else:
            to_lint.append(rel_path)
    if to_lint:
        # The one slow step (about 0.4 s per file cold): say how much is coming.
        print(f"esa lint: linting {len(to_lint)} of {len(to_lint) + len(result.cached)} files with SQLFluff "
              f"({len(result.cached)} unchanged, from the cache) ...", file=sys.stderr, flush=True)
        linted, failure = _run_sqlfluff(project_dir, to_lint, processes)
        result.sqlfluff_failed = failure
        for rel_path, violations in linted.items():
            result.violations[rel_path] = violations
            result.linted.append(rel_path)
            if cache_dir is not None and rel_path in keys:
                cache_dir.mkdir(parents=True, exist_ok=True)
                tmp = cache_dir / f".{keys[rel_path]}.tmp"
                tmp.write_text(json.dumps([v.__dict__ for v in violations]))
                tmp.replace(cache_dir / f"{keys[rel_path]}.json")
    if cache_dir is not None and tuple(paths) == DEFAULT_PATHS and cache_dir.is_dir():
        # A whole-project run knows every live key: drop the entries of old file versions.
        live = {f"{k}.json" for k in keys.values()}
        for entry in cache_dir.glob("*.json"):
            if entry.name not in live:
                entry.unlink(missing_ok=True)
    result.seconds = time.perf_counter() - start
    return result
