"""The T-SQL rules checked on compiled SQL: what the dedicated pool (and T-SQL in general) refuses.

Each rule is a function `(node, tokens, target) -> iterable of Finding`; RULES lists them with the
one-line reason that the report prints. The grammar rule (sqlfluff/sqlglot) lives in grammar.py and
the compile rule in runner.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from esa.tsql_check.sqltext import (
    LPAREN,
    NUMBER,
    OP,
    QIDENT,
    RPAREN,
    WORD,
    Token,
    dotted_name,
    is_identifier,
    matching_paren,
)

MAX_IDENTIFIER = 128

# What dbt's T-SQL adapters (dbt-fabric 1.9, dbt-synapse 1.8, dbt-sqlserver 1.11) append to a
# model's identifier while building it; the longest one per materialization must still fit.
RELATION_SUFFIXES: dict[str, tuple[str, ...]] = {
    "table": ("__dbt_temp__dbt_tmp_vw", "__dbt_tmp_vw", "__dbt_backup", "__dbt_temp"),
    "incremental": ("__dbt_temp__dbt_tmp_vw", "__dbt_tmp_vw", "__dbt_temp"),
    "view": ("__dbt_backup", "__dbt_tmp"),
    "snapshot": ("_snapshot_staging_temp_view", "__dbt_temp__dbt_tmp_vw", "__dbt_tmp_vw"),
}
EPHEMERAL_PREFIX = "__dbt__cte__"

BOOLEAN_TYPES = {"boolean", "bool"}


@dataclass(frozen=True)
class Node:
    """One compiled dbt node, as the rules see it."""

    unique_id: str
    resource_type: str  # model | snapshot | test | analysis
    name: str
    path: str  # the source file, relative to the project
    sql: str  # compiled SQL
    materialized: str = ""
    alias: str = ""
    schema: str = ""
    contract_columns: dict[str, str | None] = field(default_factory=dict)
    generic_test: str = ""  # the generic test's name (not_null, unique, ...); "" otherwise


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str
    line: int | None = None


Rule = Callable[[Node, list[Token], str], Iterable[Finding]]


# ---------------------------------------------------------------------------------------------
# helpers


@dataclass(frozen=True)
class Cte:
    with_index: int  # index of the WITH token that opens the list this CTE belongs to
    name: str
    name_token: Token
    body_open: int
    body_close: int


def find_ctes(tokens: list[Token]) -> list[Cte]:
    """Every common table expression: `WITH name [(cols)] AS (body) [, name AS (body)]...`."""
    ctes: list[Cte] = []
    i = 0
    while i < len(tokens):
        if tokens[i].is_word("with"):
            with_index = i
            j = i + 1
            if j < len(tokens) and tokens[j].is_word("recursive"):
                j += 1
            parsed_any = False
            while True:
                parsed = _parse_cte(tokens, j, with_index)
                if parsed is None:
                    break
                ctes.append(parsed)
                parsed_any = True
                j = parsed.body_close + 1
                if j < len(tokens) and tokens[j].kind == OP and tokens[j].text == ",":
                    j += 1
                    continue
                break
            i = j if parsed_any else i + 1
        else:
            i += 1
    return ctes


def _parse_cte(tokens: list[Token], j: int, with_index: int) -> Cte | None:
    if j >= len(tokens) or not is_identifier(tokens[j]):
        return None
    name_token = tokens[j]
    k = j + 1
    if k < len(tokens) and tokens[k].kind == LPAREN:  # column list
        k = matching_paren(tokens, k) + 1
    if k + 1 < len(tokens) and tokens[k].is_word("as") and tokens[k + 1].kind == LPAREN:
        close = matching_paren(tokens, k + 1)
        return Cte(with_index, name_token.name, name_token, k + 1, close)
    return None


def _next(tokens: list[Token], i: int) -> Token | None:
    return tokens[i + 1] if i + 1 < len(tokens) else None


def _prev(tokens: list[Token], i: int) -> Token | None:
    return tokens[i - 1] if i > 0 else None


# ---------------------------------------------------------------------------------------------
# rules


def nested_with(node: Node, tokens: list[Token], target: str) -> Iterator[Finding]:
    """A CTE inside a subquery or another CTE's body; T-SQL (and Synapse) refuse nested WITH."""
    with_indexes = sorted({cte.with_index for cte in find_ctes(tokens)})
    for index in with_indexes:
        if tokens[index].depth > 0:
            yield Finding(
                "nested-with",
                "WITH inside a subquery or a CTE body: T-SQL has no nested WITH (keep the model flat)",
                tokens[index].line,
            )
    # dbt-synapse's get_test_sql makes a view of a test that starts with WITH and wraps any other
    # test in `select ... from (<test>) dbt_internal_test`.
    wrapped = node.resource_type == "test" and target == "synapse" and not node.sql.strip().lower().startswith("with")
    if wrapped and with_indexes:
        yield Finding(
            "nested-with",
            "the test does not start with WITH, so dbt-synapse wraps it in a subquery and its WITH becomes "
            "nested (a leading SQL comment counts: use a Jinja comment)",
            tokens[with_indexes[0]].line,
        )


@dataclass
class _Frame:
    kind: str  # query | window | within group
    has_top: bool = False


def order_by_without_top(node: Node, tokens: list[Token], target: str) -> Iterator[Finding]:
    """ORDER BY outside a window or WITHIN GROUP, in a select without TOP: invalid in a view/CTAS."""
    if node.resource_type == "analysis":
        return
    frames: list[_Frame] = [_Frame("query")]
    for i, tok in enumerate(tokens):
        if tok.kind == LPAREN:
            prev, prev2 = _prev(tokens, i), _prev(tokens, i - 1)
            kind = "query"
            if prev is not None and prev.is_word("over"):
                kind = "window"
            elif prev is not None and prev.is_word("group") and prev2 is not None and prev2.is_word("within"):
                kind = "within group"
            frames.append(_Frame(kind))
        elif tok.kind == RPAREN:
            if len(frames) > 1:
                frames.pop()
        elif tok.is_word("select"):
            j = i + 1
            while j < len(tokens) and tokens[j].is_word("distinct", "all"):
                j += 1
            frames[-1].has_top = j < len(tokens) and tokens[j].is_word("top")
        elif tok.is_word("order") and (nxt := _next(tokens, i)) is not None and nxt.is_word("by"):
            if frames[-1].kind in ("window", "within group") or frames[-1].has_top:
                continue
            yield Finding(
                "order-by-without-top",
                "ORDER BY without TOP: dbt wraps the SQL in a view/CTAS, where ORDER BY is invalid "
                "(order in the report, or use TOP)",
                tok.line,
            )


def identifier_length(node: Node, tokens: list[Token], target: str) -> Iterator[Finding]:
    """Identifiers over 128 characters, including the suffixes dbt appends while building."""
    alias = node.alias or node.name
    if node.resource_type in ("model", "snapshot"):
        materialized = "snapshot" if node.resource_type == "snapshot" else node.materialized
        if materialized == "ephemeral":
            full = EPHEMERAL_PREFIX + alias
            if len(full) > MAX_IDENTIFIER:
                yield Finding(
                    "identifier-length",
                    f"ephemeral CTE name '{full}' is {len(full)} characters (max {MAX_IDENTIFIER})",
                )
        for suffix in RELATION_SUFFIXES.get(materialized, ()):
            if len(alias) + len(suffix) > MAX_IDENTIFIER:
                yield Finding(
                    "identifier-length",
                    f"relation '{alias}' plus dbt's suffix '{suffix}' is {len(alias) + len(suffix)} characters "
                    f"(max {MAX_IDENTIFIER})",
                )
                break
    if len(node.schema) > MAX_IDENTIFIER:
        yield Finding("identifier-length", f"schema '{node.schema}' is {len(node.schema)} characters")
    for column in node.contract_columns:
        if len(column) > MAX_IDENTIFIER:
            yield Finding("identifier-length", f"contract column '{column}' is {len(column)} characters")
    seen: set[str] = set()
    for tok in tokens:
        if tok.kind in (WORD, QIDENT) and len(tok.name) > MAX_IDENTIFIER and tok.name not in seen:
            seen.add(tok.name)
            yield Finding(
                "identifier-length",
                f"identifier '{tok.name[:40]}...' is {len(tok.name)} characters (max {MAX_IDENTIFIER})",
                tok.line,
            )


_OBJECT_KEYWORDS = ("from", "join", "into", "update", "merge", "apply")


def three_part_name(node: Node, tokens: list[Token], target: str) -> Iterator[Finding]:
    """A database-qualified object name: the dedicated pool has no cross-database queries."""
    if target != "synapse":
        return
    for i, tok in enumerate(tokens):
        if tok.kind == WORD and tok.lower in _OBJECT_KEYWORDS:
            parts, _ = dotted_name(tokens, i + 1)
            if len(parts) >= 3:
                name = ".".join(p.text for p in parts)
                yield Finding(
                    "three-part-name",
                    f"three-part name {name}: Synapse dedicated pools do not support cross-database names",
                    tok.line,
                )


def recursive_cte(node: Node, tokens: list[Token], target: str) -> Iterator[Finding]:
    """A CTE that reads itself: the dedicated pool has no recursive CTEs."""
    for i, tok in enumerate(tokens):
        if tok.is_word("with") and (nxt := _next(tokens, i)) is not None and nxt.is_word("recursive"):
            yield Finding("recursive-cte", "WITH RECURSIVE: recursive CTEs are not supported", tok.line)
    for cte in find_ctes(tokens):
        for j in range(cte.body_open + 1, cte.body_close):
            if tokens[j].kind == WORD and tokens[j].lower in ("from", "join"):
                parts, _ = dotted_name(tokens, j + 1)
                if len(parts) == 1 and parts[0].name == cte.name:
                    yield Finding(
                        "recursive-cte",
                        f"CTE '{cte.name}' reads itself: recursive CTEs are not supported on Synapse",
                        tokens[j].line,
                    )
                    break


def for_json_xml(node: Node, tokens: list[Token], target: str) -> Iterator[Finding]:
    """FOR JSON / FOR XML: not supported by the dedicated pool."""
    for i, tok in enumerate(tokens):
        nxt = _next(tokens, i)
        if tok.is_word("for") and nxt is not None and nxt.is_word("json", "xml"):
            yield Finding("for-json-xml", f"FOR {nxt.text.upper()} is not supported on Synapse", tok.line)


def offset_fetch(node: Node, tokens: list[Token], target: str) -> Iterator[Finding]:
    """OFFSET ... ROWS / FETCH NEXT: not supported by the dedicated pool."""
    for i, tok in enumerate(tokens):
        if tok.is_word("offset") and any(t.is_word("row", "rows") for t in tokens[i + 2 : i + 4]):
            yield Finding("offset-fetch", "OFFSET ... ROWS is not supported on Synapse", tok.line)
        nxt = _next(tokens, i)
        if tok.is_word("fetch") and nxt is not None and nxt.is_word("next", "first"):
            yield Finding("offset-fetch", "FETCH NEXT/FIRST is not supported on Synapse", tok.line)


def concat_operator(node: Node, tokens: list[Token], target: str) -> Iterator[Finding]:
    """`||` is not T-SQL: concatenate with dbt.concat / CONCAT()."""
    for tok in tokens:
        if tok.kind == OP and tok.text == "||":
            yield Finding("concat-operator", "'||' is not T-SQL string concatenation (use dbt.concat)", tok.line)


def double_colon_cast(node: Node, tokens: list[Token], target: str) -> Iterator[Finding]:
    """`::` casts are not T-SQL."""
    for tok in tokens:
        if tok.kind == OP and tok.text == "::":
            yield Finding("double-colon-cast", "'::' cast is not T-SQL (use cast(x as type))", tok.line)


def limit_clause(node: Node, tokens: list[Token], target: str) -> Iterator[Finding]:
    """LIMIT n is not T-SQL (TOP n is)."""
    for i, tok in enumerate(tokens):
        nxt = _next(tokens, i)
        prev = _prev(tokens, i)
        if (
            tok.is_word("limit")
            and (prev is None or prev.text != ".")
            and nxt is not None
            and (nxt.kind in (NUMBER, LPAREN) or nxt.text.startswith("@"))
        ):
            yield Finding("limit", "LIMIT is not T-SQL (use TOP)", tok.line)


def qualify_clause(node: Node, tokens: list[Token], target: str) -> Iterator[Finding]:
    """QUALIFY is not T-SQL."""
    for i, tok in enumerate(tokens):
        prev = _prev(tokens, i)
        if tok.is_word("qualify") and (prev is None or not (prev.text == "." or prev.is_word("as"))):
            yield Finding("qualify", "QUALIFY is not T-SQL (filter a window in a CTE)", tok.line)


def boolean_values(node: Node, tokens: list[Token], target: str) -> Iterator[Finding]:
    """T-SQL has no boolean type: no true/false literals, IS TRUE, or boolean contract columns."""
    for i, tok in enumerate(tokens):
        prev, nxt = _prev(tokens, i), _next(tokens, i)
        if (
            tok.is_word("true", "false")
            and (prev is None or prev.text != ".")
            and (nxt is None or nxt.kind != LPAREN)
            and (prev is None or not prev.is_word("as"))
        ):
            yield Finding("boolean", f"boolean literal {tok.text}: T-SQL has none (0/1 flags via a macro)", tok.line)
    for column, data_type in node.contract_columns.items():
        if data_type and data_type.strip().lower() in BOOLEAN_TYPES:
            yield Finding("boolean", f"contract column '{column}' is typed {data_type}: T-SQL has no boolean type")


def group_by_position(node: Node, tokens: list[Token], target: str) -> Iterator[Finding]:
    """GROUP BY 1 / GROUP BY ALL: T-SQL groups by expressions only."""
    for i, tok in enumerate(tokens):
        nxt = _next(tokens, i)
        if tok.is_word("group") and nxt is not None and nxt.is_word("by") and i + 2 < len(tokens):
            after = tokens[i + 2]
            if after.kind == NUMBER or after.is_word("all"):
                yield Finding("group-by-position", f"GROUP BY {after.text} is not T-SQL (name the columns)", tok.line)


RULES: dict[str, tuple[str, Rule]] = {
    "nested-with": ("no WITH inside a subquery or CTE body (incl. dbt's wrapping of tests)", nested_with),
    "order-by-without-top": ("no ORDER BY without TOP outside windows", order_by_without_top),
    "identifier-length": ("identifiers <= 128 chars incl. dbt's suffixes", identifier_length),
    "three-part-name": ("no database.schema.object names on Synapse", three_part_name),
    "recursive-cte": ("no recursive CTEs", recursive_cte),
    "for-json-xml": ("no FOR JSON / FOR XML", for_json_xml),
    "offset-fetch": ("no OFFSET/FETCH", offset_fetch),
    "concat-operator": ("no || concatenation", concat_operator),
    "double-colon-cast": ("no :: casts", double_colon_cast),
    "limit": ("no LIMIT", limit_clause),
    "qualify": ("no QUALIFY", qualify_clause),
    "boolean": ("no boolean literals or boolean contract columns", boolean_values),
    "group-by-position": ("no GROUP BY <position> / GROUP BY ALL", group_by_position),
}


def check_node(node: Node, tokens: list[Token], target: str) -> list[Finding]:
    findings: list[Finding] = []
    for _, rule in RULES.values():
        findings.extend(rule(node, tokens, target))
    return findings


__all__ = ["QIDENT", "RULES", "Finding", "Node", "check_node", "find_ctes"]
