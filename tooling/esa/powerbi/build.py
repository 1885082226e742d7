"""Build the Power BI semantic model of one destination from the dbt manifests.

Tables come from tags and meta (`Destination.tags`, `meta.powerbi`), relationships from the semantic
layer's entities and time dimensions, measures from its metrics (dax.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from esa.powerbi import dax
from esa.powerbi.columns import column_spec
from esa.powerbi.manifests import Manifests
from esa.powerbi.model import (
    Column,
    Expression,
    Measure,
    Partition,
    Perspective,
    RefreshPolicy,
    Relationship,
    Role,
    SemanticModel,
    Table,
)


@dataclass(frozen=True)
class Destination:
    target: str
    model_name: str
    tags: tuple[str, ...]  # a model is a table of this destination when it has every one of these tags


DESTINATIONS = {
    "synapse": Destination("synapse", "ESA_Star", ("star",)),
    "fabric": Destination("fabric", "ESA_Star", ("star",)),
    "hyperscale": Destination("hyperscale", "ESA_Finance", ("hyperscale", "finance")),
}
_FORMATS = {"currency": "#,0.00", "percent": "0.0%", "whole number": "#,0", "whole_number": "#,0",
            "integer": "#,0", "decimal": "#,0.00", "days": "#,0.0"}
NAMESPACE = uuid.UUID("6f1c2a52-8d8e-4a55-9a57-0e3c52d0a0b1")


def powerbi_meta(node: dict[str, Any]) -> dict[str, Any]:
    meta = (node.get("config") or {}).get("meta") or node.get("meta") or {}
    return dict(meta.get("powerbi") or {})


@dataclass
class BuildLog:
    notes: list[str] = field(default_factory=list)
    translations: list[dax.Translation] = field(default_factory=list)


def m_source(schema: str, table: str, row_filter: str | None = None) -> str:
    lines = ["let", "\tSource = Sql.Database(Server, Database),",
             f'\tData = Source{{[Schema = "{schema}", Item = "{table}"]}}[Data]' + ("," if row_filter else "")]
    if row_filter:
        lines.append(f"\tFiltered = Table.SelectRows(Data, each {row_filter})")
    lines += ["in", "\tFiltered" if row_filter else "\tData"]
    return "\n".join(lines)


class Builder:
    def __init__(self, manifests: Manifests, destination: Destination, server: str, database: str,
                 project_vars: dict[str, Any]) -> None:
        self.m = manifests
        self.dest = destination
        self.server, self.database = server, database
        self.vars = project_vars
        self.log = BuildLog()
        self.model = SemanticModel(name=destination.model_name, target=destination.target)
        self.nodes: dict[str, dict[str, Any]] = {}

    # ---- tables ---------------------------------------------------------------------------------
    def select_nodes(self) -> None:
        for node in self.m.models():
            if all(tag in node["tags"] for tag in self.dest.tags) and powerbi_meta(node).get("include", True):
                self.nodes[node["name"]] = node

    def date_spine(self) -> tuple[dict[str, Any] | None, str | None]:
        """The Date table's node and key column: the semantic layer's time spine, else meta.powerbi.date_table."""
        config = self.m.semantic.get("project_configuration") or {}
        for spine in config.get("time_spines") or []:
            alias = (spine.get("node_relation") or {}).get("alias")
            for node in self.m.models():
                if node["alias"] == alias:
                    return node, spine["primary_column"]["name"]
        for node in self.m.models():
            date_table = powerbi_meta(node).get("date_table")
            if date_table:
                return node, str(date_table["key"])
        return None, None

    def keys(self) -> dict[str, str]:
        """Table -> its key column: the semantic model's primary entity, else a unique+not_null `*_key`."""
        found: dict[str, str] = {}
        for sm in self.m.semantic.get("semantic_models") or []:
            table = self.table_of(sm)
            for entity in sm.get("entities") or []:
                if entity.get("type") == "primary" and table and table not in found and not sm.get("measures"):
                    found[table] = entity.get("expr") or entity["name"]
        for name, node in self.nodes.items():
            if name in found:
                continue
            tests = self.m.unique_tests(node["unique_id"])
            for column in node["columns"]:
                if column.endswith("_key") and {"unique", "not_null"} <= tests.get(column, set()):
                    found[name] = column
                    break
        return found

    def table_of(self, semantic_model: dict[str, Any]) -> str | None:
        relation = semantic_model.get("node_relation") or {}
        for name, node in self.nodes.items():
            if node["alias"] == relation.get("alias") and node["schema"] == relation.get("schema_name"):
                return name
        return None

    def build_tables(self) -> None:
        spine, spine_key = self.date_spine()
        keys = self.keys()
        fiscal_end = str(powerbi_meta(spine).get("fiscal_year_end", "6-30")) if spine else "6-30"
        self.fiscal_year_end = fiscal_end
        for name, node in self.nodes.items():
            meta = powerbi_meta(node)
            names = set(node["columns"])
            table = Table(name=name, description=" ".join((node.get("description") or "").split()),
                          dbt_model=node["unique_id"], schema=node["schema"], relation=node["alias"])
            is_date = spine is not None and node["unique_id"] == spine["unique_id"]
            for column in node["columns"].values():
                spec = column_spec(column, names)
                key = column["name"] == (spine_key if is_date else keys.get(name))
                table.columns.append(Column(
                    name=spec.name, data_type=spec.data_type, description=spec.description,
                    is_hidden=spec.is_hidden and not (is_date and key), is_key=key,
                    summarize_by="none" if key else spec.summarize_by, format_string=spec.format_string,
                    sort_by=spec.sort_by, display_folder=spec.display_folder, data_category=spec.data_category))
            mode = str(meta.get("storage_mode", "import"))
            row_filter = None
            if is_date:
                table.data_category = "Time"
                table.key_filter = spine_key
                row_filter = f"[{spine_key}] <> null"
                self.model.date_table, self.model.date_column = name, spine_key
            if mode == "incremental":
                column = str(meta["refresh_column"])
                row_filter = f"[{column}] >= RangeStart and [{column}] < RangeEnd"
                source = m_source(node["schema"], node["alias"], row_filter)
                table.refresh_policy = RefreshPolicy(column=column, source=source,
                                                     rolling_years=int(meta.get("rolling_years", 3)),
                                                     incremental_days=int(meta.get("incremental_days", 10)))
                mode = "import"
            if mode not in ("import", "directQuery", "dual"):
                raise ValueError(f"{name}: meta.powerbi.storage_mode {mode!r} is not import, directQuery, dual or "
                                 "incremental")
            table.partition = Partition(name=f"{name}-partition", kind="m", mode=mode,
                                        source=m_source(node["schema"], node["alias"], row_filter))
            self.model.tables.append(table)
        if self.model.date_table is None:
            self.model.tables.append(self.calculated_date_table(fiscal_end))

    def calculated_date_table(self, fiscal_end: str) -> Table:
        """A Date table computed in DAX, for a destination that does not hold the time spine."""
        start = date.fromisoformat(str(self.vars.get("dim_date_start", "2015-01-01")))
        end = date.fromisoformat(str(self.vars.get("dim_date_end", "2035-12-31")))
        fiscal_start_month = int(fiscal_end.split("-")[0]) % 12 + 1
        source = (f"ADDCOLUMNS(CALENDAR(DATE({start.year}, {start.month}, {start.day}), "
                  f"DATE({end.year}, {end.month}, {end.day})), "
                  '"Year", YEAR([Date]), "Month Number", MONTH([Date]), "Month", FORMAT([Date], "MMMM"), '
                  f'"Fiscal Year", YEAR([Date]) + IF(MONTH([Date]) >= {fiscal_start_month}, 1, 0))')
        table = Table(name="Date", description="Calendar computed in the model (this destination has no dim_date): "
                      f"one row per day from {start} to {end}; fiscal years end on {fiscal_end}.",
                      data_category="Time")
        table.columns = [
            Column("Date", "dateTime", "The calendar date.", source_column="Date", is_key=True,
                   format_string="yyyy-mm-dd", name_inferred=True),
            Column("Year", "int64", "Calendar year.", source_column="Year", format_string="0", name_inferred=True),
            Column("Month Number", "int64", "Calendar month, 1-12.", source_column="Month Number", is_hidden=True,
                   format_string="0", name_inferred=True),
            Column("Month", "string", "English month name.", source_column="Month", sort_by="Month Number",
                   name_inferred=True),
            Column("Fiscal Year", "int64", "Fiscal year, named by the calendar year it ends in.",
                   source_column="Fiscal Year", format_string="0", display_folder="Fiscal calendar",
                   name_inferred=True),
        ]
        table.partition = Partition(name="Date-partition", kind="calculated", mode="import", source=source)
        self.model.date_table, self.model.date_column = "Date", "Date"
        return table

    # ---- relationships --------------------------------------------------------------------------
    def rel_name(self, *parts: str) -> str:
        return str(uuid.uuid5(NAMESPACE, "relationship:" + "|".join(parts)))

    def build_relationships(self) -> None:
        semantic_models = self.m.semantic.get("semantic_models") or []
        primary: dict[str, tuple[str, str]] = {}  # entity -> (table, column) of the model it is primary in
        for sm in semantic_models:  # dimensions only: fact-to-fact joins are not relationships
            table = self.table_of(sm)
            for entity in sm.get("entities") or []:
                if entity.get("type") == "primary" and table and not sm.get("measures"):
                    primary.setdefault(entity["name"], (table, entity.get("expr") or entity["name"]))
        seen: set[tuple[str, str, str, str]] = set()
        for sm in sorted(semantic_models, key=lambda s: s["name"]):
            fact = self.table_of(sm)
            if fact is None or not sm.get("measures"):
                continue  # dimensions relate to nothing (no snowflake: no ambiguous filter paths)
            for entity in sm.get("entities") or []:
                if entity.get("type") != "foreign":
                    continue
                if entity["name"] not in primary:
                    self.log.notes.append(f"{fact}: entity {entity['name']} is no dimension of this model, so no "
                                          "relationship")
                    continue
                to_table, to_column = primary[entity["name"]]
                from_column = entity.get("expr") or entity["name"]
                self.add_relationship(fact, from_column, to_table, to_column, f"entity {entity['name']}", seen)
            self.date_relationships(sm, fact, seen)
        # No ambiguous filter paths: a relationship that starts at a table other relationships filter (a
        # snowflake edge) stays inactive, so every table reaches each dimension by one active path only.
        filtered = {r.to_table for r in self.model.relationships if r.is_active}
        for rel in self.model.relationships:
            if rel.is_active and rel.from_table in filtered:
                rel.is_active = False
                self.log.notes.append(f"{rel.from_table}[{rel.from_column}] -> {rel.to_table}: inactive (snowflake "
                                      "edge; use USERELATIONSHIP)")

    def date_relationships(self, sm: dict[str, Any], fact: str, seen: set[tuple[str, str, str, str]]) -> None:
        date_table = self.model.table(self.model.date_table or "")
        if date_table is None:
            return
        key = date_table.column(self.model.date_column or "")
        assert key is not None
        default = (sm.get("defaults") or {}).get("agg_time_dimension")
        dims = [d for d in sm.get("dimensions") or [] if d.get("type") == "time"]
        dims.sort(key=lambda d: (d["name"] != default, d["name"]))
        fact_table = self.model.table(fact)
        assert fact_table is not None
        for dim in dims:
            column = fact_table.column(dim.get("expr") or dim["name"])
            node_column = self.nodes[fact]["columns"].get(column.name if column else "", {})
            if column is None or str(node_column.get("data_type", "")).lower() != "date":
                self.log.notes.append(f"{fact}: time dimension {dim['name']} is not a date column, so it has no "
                                      "relationship to the Date table")
                continue
            self.add_relationship(fact, column.name, date_table.name, key.name, f"time dimension {dim['name']}", seen)

    def add_relationship(self, from_table: str, from_column: str, to_table: str, to_column: str, origin: str,
                         seen: set[tuple[str, str, str, str]]) -> None:
        if (from_table, from_column, to_table, to_column) in seen or from_table == to_table:
            return
        source, target = self.model.table(from_table), self.model.table(to_table)
        if source is None or target is None or source.column(from_column) is None or target.column(to_column) is None:
            self.log.notes.append(f"{origin}: {from_table}[{from_column}] -> {to_table}[{to_column}] skipped (column "
                                  "missing in this model)")
            return
        seen.add((from_table, from_column, to_table, to_column))
        active = not any(r.from_table == from_table and r.to_table == to_table and r.is_active
                         for r in self.model.relationships)
        self.model.relationships.append(Relationship(
            name=self.rel_name(from_table, from_column, to_table, to_column), from_table=from_table,
            from_column=from_column, to_table=to_table, to_column=to_column, is_active=active, origin=origin))

    # ---- measures -------------------------------------------------------------------------------
    def build_measures(self) -> None:
        table_of_model = {sm["name"]: t for sm in self.m.semantic.get("semantic_models") or []
                          if (t := self.table_of(sm)) is not None}
        columns = {t.name: {c.name for c in t.columns} for t in self.model.tables}
        related: dict[str, dict[str, bool]] = {}
        for rel in self.model.relationships:
            if rel.to_table == self.model.date_table:
                related.setdefault(rel.from_table, {})[rel.from_column] = rel.is_active
        date = (dax.DateContext(self.model.date_table, self.model.date_column or "", related)
                if self.model.date_table else None)
        translator = dax.DaxTranslator(self.m.semantic, table_of_model, columns, date)
        metrics = {m["name"]: m for m in self.m.semantic.get("metrics") or []}
        results = translator.translate_all()
        extra = [f for t in results if (f := translator.fiscal_ytd(t, self.fiscal_year_end)) is not None]
        used: set[str] = set()
        for result in [*results, *extra]:
            self.log.translations.append(result)
            if result.expression is None or result.table is None:
                continue
            if result.measure_name in used:
                result.reason = f"measure name {result.measure_name!r} is already used (give the metric its own label)"
                result.expression = None
                continue
            used.add(result.measure_name)
            metric = metrics[result.metric]
            meta = dict((metric.get("config") or {}).get("meta") or metric.get("meta") or {})
            fmt = meta.get("format")
            table = self.model.table(result.table)
            assert table is not None
            table.measures.append(Measure(
                name=result.measure_name, expression=result.expression,
                description=" ".join(str(metric.get("description") or "").split())
                + (" Fiscal year-to-date (DAX only)." if result.kind == "fiscal_ytd" else ""),
                format_string=_FORMATS.get(str(fmt).lower(), str(fmt)) if fmt else None,
                display_folder=meta.get("display_folder"), metric=result.metric))

    # ---- roles, perspectives, expressions -------------------------------------------------------
    def build_roles(self) -> None:
        roles: dict[str, Role] = {}
        for table in self.model.tables:
            node = self.nodes.get(table.name)
            for spec in powerbi_meta(node).get("roles", []) if node else []:
                column = str(spec["column"])
                if table.column(column) is None:
                    raise ValueError(f"role {spec['role']}: column {column} is not in {table.name}")
                values = ", ".join(_dax_literal(v) for v in spec["values"])
                role = roles.setdefault(spec["role"], Role(name=spec["role"], description=spec.get("description", "")))
                role.filters[table.name] = f"{dax.column_ref(table.name, column)} IN {{{values}}}"
        self.model.roles = [roles[name] for name in sorted(roles)]

    def build_perspectives(self) -> None:
        ids = {node["unique_id"]: name for name, node in self.nodes.items()}
        for exposure in self.m.exposures():
            deps = [d for d in exposure["depends_on"]["nodes"] if d.startswith("model.")]
            if not deps or not all(d in ids for d in deps):
                continue
            names = {ids[d] for d in deps} | ({self.model.date_table} if self.model.date_table else set())
            perspective = Perspective(name=str(exposure.get("label") or exposure["name"]), exposure=exposure["name"])
            for table in self.model.tables:
                if table.name in names:
                    perspective.tables[table.name] = ([c.name for c in table.columns],
                                                      [m.name for m in table.measures])
            self.model.perspectives.append(perspective)

    def build_expressions(self) -> None:
        text = 'meta [IsParameterQuery=true, Type="Text", IsParameterQueryRequired=true]'
        self.model.expressions = [
            Expression("Server", f'"{self.server}" {text}', f"SQL endpoint of the {self.dest.target} target."),
            Expression("Database", f'"{self.database}" {text}', f"Database of the {self.dest.target} target."),
        ]
        if any(t.refresh_policy for t in self.model.tables):
            dt = 'meta [IsParameterQuery=true, Type="DateTime", IsParameterQueryRequired=true]'
            self.model.expressions += [
                Expression("RangeStart", f"#datetime(2020, 1, 1, 0, 0, 0) {dt}", "Incremental refresh: window start."),
                Expression("RangeEnd", f"#datetime(2020, 1, 2, 0, 0, 0) {dt}", "Incremental refresh: window end."),
            ]

    def build(self) -> SemanticModel:
        self.select_nodes()
        if not self.nodes:
            raise ValueError(f"no model has the tags {self.dest.tags}: nothing to export for {self.dest.target}")
        self.build_tables()
        self.build_relationships()
        self.build_measures()
        self.build_roles()
        self.build_perspectives()
        self.build_expressions()
        return self.model


def _dax_literal(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE()" if value else "FALSE()"
    if isinstance(value, int | float):
        return str(value)
    return '"' + str(value).replace('"', '""') + '"'


def lineage_tag(model: str, *path: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "|".join((model, *path))))
