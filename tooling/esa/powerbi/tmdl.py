"""Write a SemanticModel as TMDL: one tab per level, `///` descriptions, stable lineage tags.

Files: definition/{database,model,relationships,expressions}.tmdl, tables/*.tmdl, roles/*.tmdl,
perspectives/*.tmdl. Every file is UTF-8 without BOM with LF line ends.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from esa.powerbi.build import lineage_tag
from esa.powerbi.model import Column, Measure, SemanticModel, Table

COMPATIBILITY_LEVEL = 1567
_NEEDS_QUOTES = re.compile(r"[\s.=:'\[\]\"]")


def name(text: str) -> str:
    """A TMDL object name, in single quotes when it holds whitespace or . = : ' (or brackets, quotes)."""
    return "'" + text.replace("'", "''") + "'" if not text or _NEEDS_QUOTES.search(text) else text


def _description(text: str, indent: int) -> list[str]:
    return [("\t" * indent) + "/// " + line for line in text.splitlines() if line.strip()] if text else []


def _block(text: str, indent: int) -> list[str]:
    """A multi-line expression under `source =`: two levels deeper than its property."""
    return [("\t" * indent) + line for line in text.splitlines()]


def _column(model: str, table: Table, column: Column) -> list[str]:
    lines = [*_description(column.description, 1), f"\tcolumn {name(column.name)}", f"\t\tdataType: {column.data_type}"]
    if column.is_key:
        lines.append("\t\tisKey")
    if column.is_hidden:
        lines.append("\t\tisHidden")
    if column.name_inferred:
        lines.append("\t\tisNameInferred")
    if column.format_string:
        lines.append(f"\t\tformatString: {column.format_string}")
    if column.display_folder:
        lines.append(f"\t\tdisplayFolder: {column.display_folder}")
    if column.data_category:
        lines.append(f"\t\tdataCategory: {column.data_category}")
    lines.append(f"\t\tlineageTag: {lineage_tag(model, 'column', table.name, column.name)}")
    lines.append(f"\t\tsummarizeBy: {column.summarize_by}")
    source = column.source_column or column.name
    lines.append(f"\t\tsourceColumn: [{source}]" if column.name_inferred else f"\t\tsourceColumn: {source}")
    if column.sort_by:
        lines.append(f"\t\tsortByColumn: {name(column.sort_by)}")
    return [*lines, ""]


def _measure(model: str, table: Table, measure: Measure) -> list[str]:
    lines = [*_description(measure.description, 1), f"\tmeasure {name(measure.name)} = {measure.expression}"]
    if measure.format_string:
        lines.append(f"\t\tformatString: {measure.format_string}")
    if measure.display_folder:
        lines.append(f"\t\tdisplayFolder: {measure.display_folder}")
    lines.append(f"\t\tlineageTag: {lineage_tag(model, 'measure', measure.name)}")
    return [*lines, ""]


def table_text(model: str, table: Table) -> str:
    lines = [*_description(table.description, 0), f"table {name(table.name)}",
             f"\tlineageTag: {lineage_tag(model, 'table', table.name)}"]
    if table.data_category:
        lines.append(f"\tdataCategory: {table.data_category}")
    lines.append("")
    if table.refresh_policy:
        policy = table.refresh_policy
        lines += ["\trefreshPolicy", "\t\tpolicyType: basic", "\t\trollingWindowGranularity: year",
                  f"\t\trollingWindowPeriods: {policy.rolling_years}", "\t\tincrementalGranularity: day",
                  f"\t\tincrementalPeriods: {policy.incremental_days}", "\t\tsourceExpression =",
                  *_block(policy.source, 4), ""]
    for measure in table.measures:
        lines += _measure(model, table, measure)
    for column in table.columns:
        lines += _column(model, table, column)
    if table.partition:
        part = table.partition
        lines += [f"\tpartition {name(part.name)} = {part.kind}", f"\t\tmode: {part.mode}"]
        if part.kind == "calculated":
            lines.append(f"\t\tsource = {part.source}")
        else:
            lines += ["\t\tsource =", *_block(part.source, 4)]
        lines.append("")
    return "\n".join(lines)


def _column_ref(table: str, column: str) -> str:
    return f"{name(table)}.{name(column)}"


def files(model: SemanticModel) -> dict[PurePosixPath, str]:
    """Every TMDL file of the model, by path under `definition/`."""
    root = PurePosixPath("definition")
    out: dict[PurePosixPath, str] = {
        root / "database.tmdl": f"database {name(model.name)}\n\tcompatibilityLevel: {COMPATIBILITY_LEVEL}\n",
    }
    model_lines = ["model Model", "\tculture: en-US", "\tdefaultPowerBIDataSourceVersion: powerBI_V3",
                   "\tsourceQueryCulture: en-US", "\tdiscourageImplicitMeasures", ""]
    model_lines += [f"ref table {name(t.name)}" for t in model.tables]
    model_lines += [f"ref role {name(r.name)}" for r in model.roles]
    model_lines += [f"ref perspective {name(p.name)}" for p in model.perspectives]
    out[root / "model.tmdl"] = "\n".join(model_lines) + "\n"
    rel_lines: list[str] = []
    for rel in model.relationships:
        rel_lines += [f"relationship {rel.name}"]
        if not rel.is_active:
            rel_lines.append("\tisActive: false")
        rel_lines += ["\tcrossFilteringBehavior: oneDirection", "\tfromCardinality: many", "\ttoCardinality: one",
                      f"\tfromColumn: {_column_ref(rel.from_table, rel.from_column)}",
                      f"\ttoColumn: {_column_ref(rel.to_table, rel.to_column)}", ""]
    out[root / "relationships.tmdl"] = "\n".join(rel_lines)
    expr_lines: list[str] = []
    for expression in model.expressions:
        expr_lines += [*_description(expression.description, 0),
                       f"expression {name(expression.name)} = {expression.expression}",
                       f"\tlineageTag: {lineage_tag(model.name, 'expression', expression.name)}", ""]
    out[root / "expressions.tmdl"] = "\n".join(expr_lines)
    for table in model.tables:
        out[root / "tables" / f"{table.name}.tmdl"] = table_text(model.name, table)
    for role in model.roles:
        lines = [*_description(role.description, 0), f"role {name(role.name)}", "\tmodelPermission: read", ""]
        lines += [f"\ttablePermission {name(t)} = {f}" for t, f in sorted(role.filters.items())]
        out[root / "roles" / f"{role.name}.tmdl"] = "\n".join([*lines, ""])
    for perspective in model.perspectives:
        lines = [f"perspective {name(perspective.name)}", ""]
        for table_name, (columns, measures) in perspective.tables.items():
            lines.append(f"\tperspectiveTable {name(table_name)}")
            lines += [f"\t\tperspectiveColumn {name(c)}" for c in columns]
            lines += [f"\t\tperspectiveMeasure {name(m)}" for m in measures]
            lines.append("")
        out[root / "perspectives" / f"{perspective.name}.tmdl"] = "\n".join(lines)
    return out
