"""The Power BI semantic model as plain data: what build.py produces and tmdl.py writes."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Column:
    name: str
    data_type: str
    description: str = ""
    source_column: str | None = None  # defaults to the name
    is_hidden: bool = False
    is_key: bool = False
    summarize_by: str = "none"
    format_string: str | None = None
    sort_by: str | None = None
    display_folder: str | None = None
    data_category: str | None = None
    name_inferred: bool = False  # calculated-table columns


@dataclass
class Measure:
    name: str
    expression: str
    description: str = ""
    format_string: str | None = None
    display_folder: str | None = None
    metric: str | None = None  # the dbt metric it comes from


@dataclass
class Partition:
    name: str
    kind: str  # "m" or "calculated"
    mode: str  # import, directQuery, dual, directLake
    source: str


@dataclass
class RefreshPolicy:
    column: str
    source: str  # the M expression, also the partition's
    rolling_years: int = 3
    incremental_days: int = 10


@dataclass
class Table:
    name: str
    description: str = ""
    columns: list[Column] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    partition: Partition | None = None
    data_category: str | None = None
    refresh_policy: RefreshPolicy | None = None
    dbt_model: str | None = None
    schema: str | None = None
    relation: str | None = None
    key_filter: str | None = None  # the column filtered to non-NULL in the partition (the Date table)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


@dataclass
class Relationship:
    name: str
    from_table: str
    from_column: str
    to_table: str
    to_column: str
    is_active: bool = True
    origin: str = ""  # entity or time dimension it comes from


@dataclass
class Role:
    name: str
    description: str = ""
    filters: dict[str, str] = field(default_factory=dict)  # table -> DAX filter


@dataclass
class Perspective:
    name: str
    exposure: str
    tables: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)  # table -> (columns, measures)


@dataclass
class Expression:
    name: str
    expression: str
    description: str = ""


@dataclass
class SemanticModel:
    name: str
    target: str
    tables: list[Table] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    perspectives: list[Perspective] = field(default_factory=list)
    expressions: list[Expression] = field(default_factory=list)
    date_table: str | None = None
    date_column: str | None = None

    def table(self, name: str) -> Table | None:
        return next((t for t in self.tables if t.name == name), None)
