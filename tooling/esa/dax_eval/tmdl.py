"""Read the parts of a TMDL semantic model that the DAX evaluator needs, from the files on disk.

A small indentation reader (one tab per level, as TMDL prescribes), independent of any exporter:
tables with their columns, measures and partition source, relationships (isActive,
crossFilteringBehavior) and the marked date table (``dataCategory: Time`` plus the ``isKey`` column).

The partition's source is M; only its navigation step is read (``Source{[Schema="s", Item="t"]}``,
or ``[Name="t"]``) to learn which warehouse table a TMDL table loads, and a ``Table.SelectRows(...,
each [c] <> null)`` step, the one row filter the date table is allowed to carry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

OBJECT_KEYWORDS = frozenset(
    {
        "model", "database", "table", "column", "measure", "partition", "relationship", "hierarchy", "level",
        "role", "tablePermission", "perspective", "perspectiveTable", "perspectiveColumn", "perspectiveMeasure",
        "perspectiveHierarchy", "expression", "annotation", "culture", "ref", "calculationGroup",
        "calculationItem", "variation", "changedProperty", "extendedProperty", "queryGroup", "refreshPolicy",
        "linguisticMetadata", "dataAccessOptions", "member", "calculatedColumn", "policyRange",
    }
)  # fmt: skip


class TmdlError(ValueError):
    """The TMDL files cannot be read into a model."""


@dataclass
class Node:
    """One TMDL object: its keyword, name, default expression, properties and child objects."""

    keyword: str
    name: str
    expression: str | None = None
    properties: dict[str, str] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    description: str | None = None

    def child_nodes(self, keyword: str) -> list[Node]:
        return [c for c in self.children if c.keyword == keyword]


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    source_column: str
    is_key: bool


@dataclass(frozen=True)
class Measure:
    table: str
    name: str
    expression: str


@dataclass(frozen=True)
class Table:
    name: str
    columns: dict[str, Column]
    measures: dict[str, Measure]
    source_schema: str | None
    source_table: str | None
    not_null_filters: tuple[str, ...]
    data_category: str | None
    calculated_source: str | None = None  # the DAX of a calculated partition

    def source_column(self, column: str) -> str:
        try:
            return self.columns[column].source_column
        except KeyError as exc:
            raise TmdlError(f"table {self.name!r} has no column {column!r}") from exc


@dataclass(frozen=True)
class Relationship:
    name: str
    from_table: str
    from_column: str
    to_table: str
    to_column: str
    is_active: bool
    both_directions: bool


@dataclass(frozen=True)
class Model:
    tables: dict[str, Table]
    relationships: tuple[Relationship, ...]

    @property
    def measures(self) -> dict[str, Measure]:
        return {m.name: m for t in self.tables.values() for m in t.measures.values()}

    @property
    def date_table(self) -> tuple[str, str] | None:
        """(table, key column) of the table marked as date table, if any."""
        for table in self.tables.values():
            if table.data_category == "Time":
                keys = [c.name for c in table.columns.values() if c.is_key and c.data_type == "dateTime"]
                if len(keys) == 1:
                    return table.name, keys[0]
        return None

    def table(self, name: str) -> Table:
        try:
            return self.tables[name]
        except KeyError as exc:
            raise TmdlError(f"no table {name!r} in the model") from exc


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip("\t"))


def _parse_name(text: str, stop: str = "") -> tuple[str, str]:
    """Split a (possibly quoted) TMDL name from the rest of the line."""
    text = text.strip()
    if text.startswith("'"):
        out, i = [], 1
        while i < len(text):
            if text[i] == "'":
                if text[i + 1 : i + 2] == "'":
                    out.append("'")
                    i += 2
                    continue
                return "".join(out), text[i + 1 :].strip()
            out.append(text[i])
            i += 1
        raise TmdlError(f"unterminated quoted name: {text!r}")
    m = re.match(r"([^\s=:" + re.escape(stop) + r"]+)(.*)$", text)
    if not m:
        raise TmdlError(f"no name in {text!r}")
    return m.group(1), m.group(2).strip()


def _read_block(lines: list[str], start: int, min_indent: int) -> tuple[str, int]:
    """Collect a multi-line expression: lines indented at least min_indent, or a ``` fenced block."""
    i = start
    if i < len(lines) and lines[i].strip() == "```":
        body = []
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i].strip("\t"))
            i += 1
        return "\n".join(body), i + 1
    body = []
    while i < len(lines) and (not lines[i].strip() or _indent(lines[i]) >= min_indent):
        body.append(lines[i][min_indent:] if lines[i].strip() else "")
        i += 1
    while body and not body[-1]:
        body.pop()
    return "\n".join(body), i


def parse_tmdl(text: str) -> list[Node]:
    """Parse one TMDL file into its top-level objects."""
    lines = text.lstrip("\ufeff").splitlines()
    roots: list[Node] = []
    stack: list[tuple[int, Node]] = []
    doc: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
            continue
        if line[: _indent(line)] != line[: len(line) - len(line.lstrip())]:
            raise TmdlError(f"line {i + 1}: indentation must be tabs")
        level = _indent(line)
        if stripped.startswith("///"):
            doc.append(stripped[3:].strip())
            i += 1
            continue
        while stack and stack[-1][0] >= level:
            stack.pop()
        keyword, _, rest = stripped.partition(" ")
        if keyword in OBJECT_KEYWORDS:
            name, after = _parse_name(rest) if rest else ("", "")
            node = Node(keyword, name, description="\n".join(doc) or None)
            doc = []
            i += 1
            if after.startswith("="):
                expr = after[1:].strip()
                if not expr:
                    expr, i = _read_block(lines, i, level + 2)
                node.expression = expr
            (stack[-1][1].children if stack else roots).append(node)
            stack.append((level, node))
            continue
        doc = []
        if not stack:
            raise TmdlError(f"line {i + 1}: property outside an object: {stripped!r}")
        m = re.match(r"([A-Za-z][\w]*)\s*([:=])\s*(.*)$", stripped)
        i += 1
        if not m:
            stack[-1][1].properties[stripped] = "true"
            continue
        key, sep, value = m.groups()
        if sep == "=" and not value:
            value, i = _read_block(lines, i, level + 1)
        stack[-1][1].properties[key] = value.strip()
    return roots


_NAV = re.compile(r'\{\s*\[\s*(?:Schema\s*=\s*"([^"]*)"\s*,\s*)?(?:Item|Name)\s*=\s*"([^"]*)"')
_NOT_NULL = re.compile(r"Table\.SelectRows\([^,]+,\s*each\s*\[([^\]]+)\]\s*<>\s*null\s*\)")


def _column_ref(text: str) -> tuple[str, str]:
    """`Table.Column` or `'My Table'.'My Column'` from a relationship end."""
    table, rest = _parse_name(text, stop=".")
    if not rest.startswith("."):
        raise TmdlError(f"relationship end {text!r} is not Table.Column")
    column, tail = _parse_name(rest[1:], stop=".")
    if tail:
        raise TmdlError(f"relationship end {text!r} has trailing text")
    return table, column


def load_model(path: Path) -> Model:
    """Read a model from a ``*.SemanticModel`` folder, its ``definition`` folder, or any folder of .tmdl files."""
    files = sorted(path.rglob("*.tmdl"))
    if not files:
        raise TmdlError(f"no .tmdl files under {path}")
    nodes = [n for f in files for n in parse_tmdl(f.read_text(encoding="utf-8"))]
    tables: dict[str, Table] = {}
    rels: list[Relationship] = []
    for node in nodes:
        if node.keyword == "table":
            tables[node.name] = _table(node)
        elif node.keyword == "relationship":
            rels.append(_relationship(node))
        elif node.keyword == "model":
            rels.extend(_relationship(n) for n in node.child_nodes("relationship"))
    return Model(tables, tuple(rels))


def _table(node: Node) -> Table:
    columns = {
        c.name: Column(
            c.name,
            c.properties.get("dataType", "string"),
            c.properties.get("sourceColumn", c.name).removeprefix("[").removesuffix("]"),
            c.properties.get("isKey") == "true",
        )
        for c in node.child_nodes("column")
    }
    measures = {m.name: Measure(node.name, m.name, m.expression or "") for m in node.child_nodes("measure")}
    schema = source = calculated = None
    not_null: tuple[str, ...] = ()
    partitions = node.child_nodes("partition")
    if len(partitions) > 1:
        raise TmdlError(f"table {node.name!r} has {len(partitions)} partitions; one is supported")
    if partitions and partitions[0].expression == "calculated":
        calculated = partitions[0].properties.get("source")
    elif partitions:
        m_code = partitions[0].properties.get("source", "")
        nav = _NAV.search(m_code)
        if nav:
            schema, source = nav.group(1), nav.group(2)
        not_null = tuple(_NOT_NULL.findall(m_code))
    return Table(
        node.name, columns, measures, schema, source, not_null, node.properties.get("dataCategory"), calculated
    )


def _relationship(node: Node) -> Relationship:
    props = node.properties
    from_table, from_column = _column_ref(props["fromColumn"])
    to_table, to_column = _column_ref(props["toColumn"])
    for key, expected in (("fromCardinality", "many"), ("toCardinality", "one")):
        if props.get(key, expected) != expected:
            raise TmdlError(f"relationship {node.name}: {key} {props[key]} is not supported (many-to-one only)")
    return Relationship(
        node.name,
        from_table,
        from_column,
        to_table,
        to_column,
        props.get("isActive", "true") != "false",
        props.get("crossFilteringBehavior", "oneDirection") == "bothDirections",
    )
