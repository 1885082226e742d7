"""A strict structural check of a TMDL folder, for what Power BI's own parser would reject and nothing on
PyPI catches (shared/NOTES.md "Validators"): indentation, `=` versus `:`, name quoting, descriptions,
unique names, enum values, relationship ends, sortByColumn, keys, roles and perspectives.

`check(definition_dir)` returns the parsed objects and a list of errors (empty when the folder is sound).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ENUMS = {
    "dataType": {"string", "int64", "double", "decimal", "dateTime", "boolean", "binary"},
    "summarizeBy": {"default", "none", "sum", "min", "max", "count", "average", "distinctCount"},
    "mode": {"import", "directQuery", "dual", "directLake", "default"},
    "crossFilteringBehavior": {"oneDirection", "bothDirections", "automatic"},
    "fromCardinality": {"one", "many"},
    "toCardinality": {"one", "many"},
    "modelPermission": {"none", "read", "readRefresh", "refresh", "administrator"},
    "policyType": {"basic"},
    "rollingWindowGranularity": {"day", "month", "quarter", "year"},
    "incrementalGranularity": {"day", "month", "quarter", "year"},
}
PARTITION_KINDS = {"m", "calculated", "entity", "policyRange", "query"}
EXPRESSION_PROPERTIES = {"source", "sourceExpression", "expression", "defaultDetailRowsExpression"}
FLAGS = {"isKey", "isHidden", "isNameInferred", "discourageImplicitMeasures", "isDefaultLabel", "isDefaultImage",
         "includeAll"}
OBJECTS = {
    0: {"database", "model", "table", "relationship", "expression", "role", "perspective", "ref"},
    "table": {"column", "measure", "partition", "refreshPolicy", "hierarchy"},
    "role": {"tablePermission"},
    "perspective": {"perspectiveTable"},
    "perspectiveTable": {"perspectiveColumn", "perspectiveMeasure", "perspectiveHierarchy"},
}
# A bare name has no whitespace and none of . = : ' (those need single quotes, '' escapes a quote).
_NAME = r"(?:[^\s.=:'\[\]\"]+|'(?:[^']|'')+')"
_DECL = re.compile(rf"^(?P<kw>[A-Za-z]+)(?: (?P<name>{_NAME}))?(?P<rest>.*)$")
_PROP = re.compile(r"^(?P<key>[A-Za-z]+)(?P<sep>: | =|:$| = )?(?P<value>.*)$")
_COLREF = re.compile(rf"^(?P<table>{_NAME})\.(?P<column>{_NAME})$")


def unquote(name: str) -> str:
    return name[1:-1].replace("''", "'") if name.startswith("'") else name


@dataclass
class TableInfo:
    columns: dict[str, dict[str, str]] = field(default_factory=dict)  # name -> properties
    measures: dict[str, str] = field(default_factory=dict)  # name -> DAX
    properties: dict[str, str] = field(default_factory=dict)
    partitions: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class Parsed:
    tables: dict[str, TableInfo] = field(default_factory=dict)
    relationships: dict[str, dict[str, str]] = field(default_factory=dict)
    roles: dict[str, dict[str, str]] = field(default_factory=dict)  # role -> table -> DAX filter
    perspectives: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    expressions: dict[str, str] = field(default_factory=dict)
    refs: list[tuple[str, str]] = field(default_factory=list)


def _check_file(path: Path, parsed: Parsed, errors: list[str]) -> None:
    raw = path.read_bytes()
    where = path.name
    if raw.startswith(b"\xef\xbb\xbf"):
        errors.append(f"{where}: starts with a BOM")
    text = raw.decode("utf-8")
    lines = text.split("\n")
    stack: list[tuple[int, str, str]] = []  # (level, kind, name)
    block_level: int | None = None  # inside a multi-line expression deeper than this level
    pending_description: int | None = None
    current: dict[str, object] = {}
    for number, line in enumerate(lines, 1):
        at = f"{where}:{number}"
        if not line.strip():
            if pending_description is not None:
                errors.append(f"{at}: description is not directly above an object")
                pending_description = None
            continue
        indent = len(line) - len(line.lstrip("\t"))
        body = line[indent:]
        if body[:1].isspace():
            errors.append(f"{at}: indentation with spaces")
            continue
        if block_level is not None:
            if indent > block_level + 1:
                continue  # expression text
            block_level = None
        if line.rstrip() != line:
            errors.append(f"{at}: trailing whitespace")
        while stack and stack[-1][0] >= indent:
            stack.pop()
        parent_level = stack[-1][0] if stack else -1
        if indent > parent_level + 2 or (indent == parent_level + 2 and not stack):
            errors.append(f"{at}: indented {indent} tabs under level {parent_level}")
        parent_kind = stack[-1][1] if stack else 0
        if body.startswith("///"):
            if not body.startswith("/// "):
                errors.append(f"{at}: description needs a space after ///")
            pending_description = indent
            continue
        decl = _DECL.match(body)
        allowed = OBJECTS.get(parent_kind if indent == parent_level + 1 and stack else 0, set()) if (
            indent == parent_level + 1 or not stack) else set()
        keyword = decl.group("kw") if decl else ""
        if decl and keyword in allowed and indent == (stack[-1][0] + 1 if stack else 0):
            raw_name = decl.group("name") or ""
            rest = decl.group("rest")
            if keyword == "ref":
                ref = re.match(rf"^ (?P<name>{_NAME})$", rest or "")
                if not raw_name or ref is None:
                    errors.append(f"{at}: malformed ref")
                else:
                    parsed.refs.append((raw_name, unquote(ref.group("name"))))
                continue
            if keyword in {"model", "refreshPolicy"}:
                raw_name = raw_name or keyword
            elif not raw_name:
                errors.append(f"{at}: {keyword} needs a name (quote names with spaces or . = : ')")
                continue
            if rest and not rest.startswith(" = "):
                errors.append(f"{at}: unexpected text after the name of {keyword} (unquoted name?): {rest!r}")
                continue
            name = unquote(raw_name)
            value = rest[3:] if rest else ""
            if pending_description is not None and pending_description != indent:
                errors.append(f"{at}: description indented differently from its object")
            pending_description = None
            table = stack[0][2] if stack and stack[0][1] == "table" else ""
            if keyword == "table":
                if name in parsed.tables:
                    errors.append(f"{at}: duplicate table {name}")
                parsed.tables[name] = TableInfo()
            elif keyword in {"column", "measure"}:
                info = parsed.tables[table]
                if name in info.columns or name in info.measures:
                    errors.append(f"{at}: duplicate column or measure {name} in {table}")
                if keyword == "column":
                    info.columns[name] = {}
                else:
                    if not value:
                        block_level = indent
                    info.measures[name] = value
            elif keyword == "partition":
                if value not in PARTITION_KINDS:
                    errors.append(f"{at}: partition kind {value!r} not in {sorted(PARTITION_KINDS)}")
                parsed.tables[table].partitions[name] = {"kind": value}
            elif keyword == "relationship":
                if name in parsed.relationships:
                    errors.append(f"{at}: duplicate relationship {name}")
                parsed.relationships[name] = {}
            elif keyword == "role":
                if name in parsed.roles:
                    errors.append(f"{at}: duplicate role {name}")
                parsed.roles[name] = {}
            elif keyword == "tablePermission":
                parsed.roles[stack[-1][2]][name] = value
            elif keyword == "perspective":
                if name in parsed.perspectives:
                    errors.append(f"{at}: duplicate perspective {name}")
                parsed.perspectives[name] = {}
            elif keyword == "perspectiveTable":
                parsed.perspectives[stack[-1][2]][name] = []
            elif keyword in {"perspectiveColumn", "perspectiveMeasure"}:
                perspective = stack[0][2]
                parsed.perspectives[perspective][stack[-1][2]].append(name)
            elif keyword == "expression":
                if name in parsed.expressions:
                    errors.append(f"{at}: duplicate expression {name}")
                parsed.expressions[name] = value
                if not value:
                    block_level = indent
            if keyword in {"measure", "tablePermission", "expression"} and rest and not value.strip():
                errors.append(f"{at}: {keyword} {name} has an empty expression")
            stack.append((indent, keyword, name))
            current = {"kind": keyword, "name": name, "table": table}
            continue
        if pending_description is not None:
            errors.append(f"{at}: description is not directly above an object")
            pending_description = None
        if not stack or indent != stack[-1][0] + 1:
            errors.append(f"{at}: property or object {body.split()[0]!r} at the wrong level or not allowed here")
            continue
        prop = _PROP.match(body)
        if prop is None:
            errors.append(f"{at}: not a property: {body!r}")
            continue
        key, sep, value = prop.group("key"), prop.group("sep"), prop.group("value")
        if sep is None and not value:
            if key not in FLAGS:
                errors.append(f"{at}: {key} is not a flag (properties take ': value')")
            value = "true"
        elif key in EXPRESSION_PROPERTIES:
            if not (sep or "").strip().startswith("="):
                errors.append(f"{at}: expression property {key} takes '=', not ':'")
            if sep == " =":  # multi-line expression follows
                block_level = indent
            value = value.strip()
        elif sep != ": ":
            errors.append(f"{at}: property {key} takes ': value' (found {sep!r})")
            continue
        if key in ENUMS and value not in ENUMS[key]:
            errors.append(f"{at}: {key} {value!r} is not one of {sorted(ENUMS[key])}")
        kind, name, table = current.get("kind"), str(current.get("name")), str(current.get("table"))
        if kind == "column":
            parsed.tables[table].columns[name][key] = value
        elif kind == "table":
            parsed.tables[name].properties[key] = value
        elif kind == "partition":
            parsed.tables[table].partitions[name][key] = value
        elif kind == "relationship":
            parsed.relationships[name][key] = value
    if pending_description is not None:
        errors.append(f"{where}: description at the end of the file")


def _col(ref: str) -> tuple[str, str] | None:
    match = _COLREF.match(ref)
    return (unquote(match.group("table")), unquote(match.group("column"))) if match else None


def _semantics(parsed: Parsed, errors: list[str]) -> None:
    for table_name, tinfo in parsed.tables.items():
        keys = [c for c, props in tinfo.columns.items() if props.get("isKey")]
        if len(keys) > 1:
            errors.append(f"{table_name}: several isKey columns {keys}")
        if tinfo.properties.get("dataCategory") == "Time" and (
                len(keys) != 1 or tinfo.columns[keys[0]].get("dataType") != "dateTime"):
            errors.append(f"{table_name}: a Date table needs exactly one isKey column of dataType dateTime")
        if len(tinfo.partitions) != 1:
            errors.append(f"{table_name}: {len(tinfo.partitions)} partitions (Power BI Desktop needs one)")
        for column, props in tinfo.columns.items():
            if "dataType" not in props:
                errors.append(f"{table_name}[{column}]: no dataType")
            sort_by = props.get("sortByColumn")
            if sort_by is not None and (unquote(sort_by) not in tinfo.columns or unquote(sort_by) == column):
                errors.append(f"{table_name}[{column}]: sortByColumn {sort_by} is not another column of the table")
    active: set[tuple[str, str]] = set()
    for name, rel in parsed.relationships.items():
        ends = [_col(rel.get(k, "")) for k in ("fromColumn", "toColumn")]
        if None in ends:
            errors.append(f"relationship {name}: fromColumn/toColumn missing or malformed")
            continue
        types = []
        for table, column in ends:  # type: ignore[misc]
            info = parsed.tables.get(table)
            if info is None or column not in info.columns:
                errors.append(f"relationship {name}: {table}.{column} does not exist")
            else:
                types.append(info.columns[column].get("dataType"))
        if len(types) == 2 and types[0] != types[1]:
            errors.append(f"relationship {name}: data types differ ({types[0]} vs {types[1]})")
        if rel.get("isActive", "true") == "true":
            pair = (ends[0][0], ends[1][0])  # type: ignore[index]
            if pair in active:
                errors.append(f"relationship {name}: a second active relationship between {pair[0]} and {pair[1]}")
            active.add(pair)
        if rel.get("crossFilteringBehavior", "oneDirection") != "oneDirection":
            errors.append(f"relationship {name}: not single direction")
    for role, filters in parsed.roles.items():
        for table, dax in filters.items():
            if table not in parsed.tables:
                errors.append(f"role {role}: table {table} does not exist")
                continue
            for quoted, column in re.findall(rf"({_NAME})\[([^\]]+)\]", dax):
                if unquote(quoted) != table or column not in parsed.tables[table].columns:
                    errors.append(f"role {role}: {quoted}[{column}] is not a column of {table}")
    for perspective, tables in parsed.perspectives.items():
        for table, members in tables.items():
            info = parsed.tables.get(table)
            if info is None:
                errors.append(f"perspective {perspective}: table {table} does not exist")
                continue
            missing = [m for m in members if m not in info.columns and m not in info.measures]
            if missing:
                errors.append(f"perspective {perspective}: {table} has no {missing}")
    for kind, name in parsed.refs:
        known: dict[str, set[str]] = {"table": set(parsed.tables), "role": set(parsed.roles),
                                      "perspective": set(parsed.perspectives)}
        if name not in known.get(kind, set()):
            errors.append(f"model.tmdl: ref {kind} {name} does not exist")
    names = [m for t in parsed.tables.values() for m in t.measures]
    duplicates = sorted({m for m in names if names.count(m) > 1})
    if duplicates:
        errors.append(f"measure names used twice in the model: {duplicates}")


def check(definition: Path) -> tuple[Parsed, list[str]]:
    parsed, errors = Parsed(), list[str]()
    files = [definition / "database.tmdl", definition / "model.tmdl", definition / "expressions.tmdl",
             *sorted((definition / "tables").glob("*.tmdl")), definition / "relationships.tmdl",
             *sorted((definition / "roles").glob("*.tmdl")), *sorted((definition / "perspectives").glob("*.tmdl"))]
    for path in files:
        if path.exists():
            _check_file(path, parsed, errors)
        elif path.name in {"database.tmdl", "model.tmdl"}:
            errors.append(f"{path.name} is missing")
    _semantics(parsed, errors)
    return parsed, errors
