"""The T-SQL grammar check: SQLFluff's tsql parser on compiled SQL, sqlglot as a second opinion.

SQLFluff's tsql grammar is the reference (the project lints with it); where it cannot parse a
statement that sqlglot parses, the finding is reported as a warning naming both, because SQLFluff
has open tsql gaps (see docs/pr_checks.md). Unique SQL texts are parsed once, in parallel.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
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


def parse_many(sqls: Iterable[str], processes: int | None = None) -> dict[str, GrammarResult]:
    """Parse each unique SQL text once; results keyed by the text."""
    unique = sorted(set(sqls), key=len, reverse=True)  # longest first balances the pool
    workers = max(1, min(processes or os.cpu_count() or 1, len(unique)))
    if workers == 1 or len(unique) < 4:
        return {sql: parse_one(sql) for sql in unique}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(parse_one, unique, chunksize=4))
    return dict(zip(unique, results, strict=True))
