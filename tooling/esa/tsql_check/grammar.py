"""The T-SQL grammar check: SQLFluff's tsql parser on compiled SQL, sqlglot as a second opinion.

SQLFluff's tsql grammar is the reference (the project lints with it); where it cannot parse a
statement that sqlglot parses, the finding is reported as a warning naming both, because SQLFluff
has open tsql gaps (see docs/pr_checks.md). Unique SQL texts are parsed once, in parallel.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

_LINTER: Any = None


@dataclass(frozen=True)
class GrammarResult:
    ok: bool
    message: str = ""
    line: int | None = None
    sqlglot_ok: bool | None = None  # only asked when SQLFluff fails


def _linter() -> Any:
    global _LINTER
    if _LINTER is None:
        from sqlfluff.core import FluffConfig, Linter

        config = FluffConfig(
            overrides={"dialect": "tsql", "templater": "raw", "large_file_skip_byte_limit": 0},
            require_dialect=False,
        )
        _LINTER = Linter(config=config)
    return _LINTER


def sqlglot_parses(sql: str) -> bool:
    try:
        import sqlglot
        from sqlglot.errors import ParseError
    except ImportError:  # pragma: no cover - sqlglot comes with metricflow
        return False
    try:
        statements = sqlglot.parse(sql, read="tsql")
    except ParseError:
        return False
    except Exception:  # sqlglot raises TokenError and others on odd input
        return False
    return any(s is not None for s in statements)


def parse_one(sql: str) -> GrammarResult:
    """Parse one compiled statement with SQLFluff's tsql dialect."""
    parsed = _linter().parse_string(sql)
    errors = [v for v in parsed.violations if getattr(v, "rule_code", lambda: "")() in ("PRS", "TMP", "LXR")]
    if parsed.tree is not None:
        for segment in parsed.tree.recursive_crawl("unparsable"):
            line = segment.pos_marker.line_no if segment.pos_marker else None
            snippet = " ".join(segment.raw.split())[:80]
            return GrammarResult(False, f"SQLFluff (tsql) cannot parse: {snippet!r}", line, sqlglot_parses(sql))
    if errors or parsed.tree is None:
        first = errors[0] if errors else None
        message = first.desc() if first is not None else "SQLFluff (tsql) produced no parse tree"
        line = first.line_no if first is not None else None
        return GrammarResult(False, f"SQLFluff (tsql): {message}", line, sqlglot_parses(sql))
    return GrammarResult(True)


# A multi-part quoted name ("db"."schema"."table", [db].[schema].[table]) parses exactly like its last
# part: normalising them makes the three targets' SQL mostly identical, so it is parsed once.
_QUOTED = r'(?:"[^"\n]*"|\[[^\]\n]*\])'
_MULTIPART = re.compile(rf"(?:{_QUOTED}\.){{1,3}}({_QUOTED})")


def normalise(sql: str) -> str:
    return _MULTIPART.sub(lambda m: "[" + m.group(1)[1:-1] + "]", sql)


def _cache_key(sql: str) -> str:
    from sqlfluff import __version__ as sqlfluff_version

    return hashlib.sha256(f"{sqlfluff_version}\0{sql}".encode()).hexdigest()


def parse_many(
    sqls: Iterable[str], processes: int | None = None, cache_file: Path | None = None
) -> dict[str, GrammarResult]:
    """Parse each unique (normalised) SQL text once; results keyed by the original text.

    With cache_file, results of earlier runs are reused (keyed by the text and SQLFluff's version).
    """
    originals = set(sqls)
    by_normal: dict[str, list[str]] = {}
    for sql in originals:
        by_normal.setdefault(normalise(sql), []).append(sql)
    cache: dict[str, dict[str, Any]] = {}
    if cache_file is not None and cache_file.exists():
        try:
            cache = json.loads(cache_file.read_text())
        except ValueError:
            cache = {}
    keys = {normal: _cache_key(normal) for normal in by_normal}
    todo = sorted((n for n in by_normal if keys[n] not in cache), key=len, reverse=True)  # longest first
    workers = max(1, min(processes or os.cpu_count() or 1, len(todo)))
    if workers == 1 or len(todo) < 4:
        parsed = [parse_one(sql) for sql in todo]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            parsed = list(pool.map(parse_one, todo, chunksize=2))
    for normal, result in zip(todo, parsed, strict=True):
        cache[keys[normal]] = asdict(result)
    if cache_file is not None:
        used = {keys[n] for n in by_normal}
        cache_file.write_text(json.dumps({k: v for k, v in cache.items() if k in used}))
    results: dict[str, GrammarResult] = {}
    for normal, sources in by_normal.items():
        result = GrammarResult(**cache[keys[normal]])
        for sql in sources:
            results[sql] = result
    return results


def unique_count(sqls: Iterable[str]) -> int:
    return len({normalise(sql) for sql in sqls})
