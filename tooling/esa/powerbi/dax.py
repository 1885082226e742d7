"""MetricFlow metrics (semantic manifest) to DAX measures, following shared/NOTES.md "MetricFlow to DAX".

`translate_metrics` returns one Translation per metric: a measure (name, DAX, home table), or the reason
it cannot be translated. Nothing is dropped: the export report lists both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from esa.powerbi import sql_to_dax
from esa.powerbi.sql_to_dax import Untranslatable

_GRAIN = {"day": "DAY", "week": None, "month": "MONTH", "quarter": "QUARTER", "year": "YEAR"}
_TO_DATE = {"month": "DATESMTD", "quarter": "DATESQTD", "year": "DATESYTD"}
_CASE_COLUMN = re.compile(r"case\s+when\s+(.+?)\s+then\s+([A-Za-z_][A-Za-z0-9_]*)\s+(?:else\s+null\s+)?end",
                          re.IGNORECASE | re.DOTALL)
_JINJA = re.compile(r"\{\{\s*(\w+)\(([^)]*)\)((?:\.\w+\([^)]*\))*)\s*\}\}")


def quote_table(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def column_ref(table: str, column: str) -> str:
    return f"{quote_table(table)}[{column.replace(']', ']]')}]"


def measure_ref(name: str) -> str:
    return "[" + name.replace("]", "]]") + "]"


@dataclass(frozen=True)
class DateContext:
    """The Date table and, per fact table, the fact columns related to it (and the active one)."""

    table: str
    column: str
    related: dict[str, dict[str, bool]]  # fact table -> {fact date column: relationship is active}

    def ref(self) -> str:
        return column_ref(self.table, self.column)


@dataclass
class Translation:
    metric: str
    measure_name: str
    expression: str | None = None
    table: str | None = None
    reason: str | None = None
    references: set[str] = field(default_factory=set)  # metrics this measure references
    kind: str = ""


@dataclass
class DaxTranslator:
    semantic: dict[str, Any]
    table_of_model: dict[str, str]  # semantic model name -> Power BI table (destination's tables only)
    columns: dict[str, set[str]]  # Power BI table -> its column names
    date: DateContext | None
    results: dict[str, Translation] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.models = {m["name"]: m for m in self.semantic.get("semantic_models", [])}
        self.metrics = {m["name"]: m for m in self.semantic.get("metrics", [])}
        self.measures: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
        for model in self.models.values():
            for measure in model.get("measures") or []:
                self.measures[measure["name"]] = (model, measure)

    # ---- names -------------------------------------------------------------------------------------
    def measure_name(self, metric: str) -> str:
        return str(self.metrics[metric].get("label") or metric)

    # ---- tables and columns -----------------------------------------------------------------------
    def table_for(self, model: dict[str, Any]) -> str:
        table = self.table_of_model.get(model["name"])
        if table is None:
            raise Untranslatable(f"semantic model {model['name']} is not a table of this Power BI model")
        return table

    def column(self, table: str, expr: str | None, name: str) -> str:
        column = expr or name
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", column):
            raise Untranslatable(f"expression {column!r} is not a column of {table}")
        if column not in self.columns.get(table, set()):
            raise Untranslatable(f"column {column} is not in table {table}")
        return column_ref(table, column)

    def dimension_ref(self, path: str) -> tuple[str, str]:
        """(table, DAX column) for a `entity__dimension` name used in a filter."""
        parts = path.strip().strip("'\"").split("__")
        if len(parts) < 2:
            raise Untranslatable(f"dimension {path!r} has no entity prefix")
        entity, dim = parts[-2], parts[-1]
        for model in self.models.values():
            kinds = ("primary", "unique", "natural")
            names = {e["name"] for e in model.get("entities") or [] if e.get("type") in kinds}
            if model.get("primary_entity"):
                names.add(model["primary_entity"])
            if entity not in names:
                continue
            for dimension in model.get("dimensions") or []:
                if dimension["name"] == dim:
                    if dimension.get("type") == "time":
                        raise Untranslatable(f"filter on time dimension {path} is not translated")
                    table = self.table_for(model)
                    return table, self.column(table, dimension.get("expr"), dim)
        raise Untranslatable(f"dimension {path} not found in the semantic models")

    # ---- filters ------------------------------------------------------------------------------------
    def filters(self, where: dict[str, Any] | None) -> list[str]:
        """KEEPFILTERS(...) arguments for a metric or input filter (one per where filter)."""
        result = []
        for item in (where or {}).get("where_filters") or []:
            template = item["where_sql_template"]
            refs: dict[str, str] = {}
            tables: set[str] = set()

            def substitute(match: re.Match[str], refs: dict[str, str] = refs, tables: set[str] = tables) -> str:
                kind, args = match.group(1), match.group(2)
                if kind != "Dimension" or match.group(3):
                    raise Untranslatable(f"filter uses {kind}(...){match.group(3)}: only Dimension() is translated")
                table, ref = self.dimension_ref(args.split(",")[0])
                tables.add(table)
                key = f"\x00{len(refs)}\x00"
                refs[key] = ref
                return f" {key} "

            sql = _JINJA.sub(substitute, template)
            if len(tables) > 1:
                raise Untranslatable(f"filter {template!r} spans several tables ({', '.join(sorted(tables))})")

            def resolve(name: str, refs: dict[str, str] = refs, template: str = template) -> str:
                if name in refs:
                    return refs[name]
                raise Untranslatable(f"filter {template!r} names {name!r} outside Dimension()")

            result.append(f"KEEPFILTERS({sql_to_dax.translate(sql, resolve)})")
        return result

    @staticmethod
    def wrap(expression: str, filters: list[str]) -> str:
        return f"CALCULATE({expression}, {', '.join(filters)})" if filters else expression

    # ---- measures (the aggregation of a semantic-model measure) --------------------------------------
    def aggregation(self, name: str) -> tuple[str, str]:
        """(DAX, home table) of a semantic-model measure, including USERELATIONSHIP for its date."""
        if name not in self.measures:
            raise Untranslatable(f"measure {name} not found")
        model, measure = self.measures[name]
        table = self.table_for(model)
        agg = measure["agg"]
        expr = (measure.get("expr") or measure["name"]).strip()
        t = quote_table(table)
        if expr in ("1", "*") and agg in ("count", "sum"):
            dax = f"COUNTROWS({t})"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", expr):
            col = self.column(table, expr, name)
            dax = {
                "sum": f"SUM({col})", "count": f"COUNTA({col})", "count_distinct": f"DISTINCTCOUNTNOBLANK({col})",
                "average": f"AVERAGE({col})", "min": f"MIN({col})", "max": f"MAX({col})",
                "sum_boolean": f"SUMX({t}, IF({col}, 1, 0))", "median": f"MEDIAN({col})",
            }.get(agg, "")
            if not dax:
                raise Untranslatable(f"aggregation {agg} of measure {name} has no DAX pattern here")
        elif agg == "count_distinct" and (case := _CASE_COLUMN.fullmatch(expr)):
            # count_distinct(case when <row condition> then <column> end): the column's distinct values
            # among the rows that meet the condition.
            condition = sql_to_dax.translate(case.group(1), lambda c: self.column(table, c, c))
            col = self.column(table, case.group(2), name)
            dax = f"CALCULATE(DISTINCTCOUNTNOBLANK({col}), KEEPFILTERS({condition}))"
        else:
            row = sql_to_dax.translate(expr, lambda c: self.column(table, c, c))
            dax = {
                "sum": f"SUMX({t}, {row})", "count": f"COUNTX({t}, {row})", "average": f"AVERAGEX({t}, {row})",
                "min": f"MINX({t}, {row})", "max": f"MAXX({t}, {row})", "sum_boolean": f"SUMX({t}, IF({row}, 1, 0))",
            }.get(agg, "")
            if not dax:
                raise Untranslatable(f"aggregation {agg} over the expression of measure {name} has no DAX pattern")
        dax = self.semi_additive(model, measure, table, dax)
        date_column = self.agg_time_column(model, measure)
        if self.date is not None and date_column is not None:
            related = self.date.related.get(table, {})
            if date_column in related and not related[date_column]:
                dax = f"CALCULATE({dax}, USERELATIONSHIP({column_ref(table, date_column)}, {self.date.ref()}))"
        return dax, table

    def semi_additive(self, model: dict[str, Any], measure: dict[str, Any], table: str, dax: str) -> str:
        """A non_additive_dimension: the aggregate over the rows at the latest (or earliest) value of that
        dimension among the rows in context, as MetricFlow does when window_groupings is empty."""
        spec = measure.get("non_additive_dimension")
        if not spec:
            return dax
        if spec.get("window_groupings"):
            raise Untranslatable(f"measure {measure['name']}: non_additive_dimension with window_groupings has no "
                                 "DAX pattern here")
        name = spec["name"]
        dimension = next((d for d in model.get("dimensions") or [] if d["name"] == name), None)
        if name == "metric_time":
            column_name = self.agg_time_column(model, measure)
        else:
            column_name = str(dimension.get("expr") or name) if dimension else None
        if column_name is None:
            raise Untranslatable(f"measure {measure['name']}: non_additive_dimension {name} is not a dimension")
        col = self.column(table, column_name, column_name)
        choice = "MIN" if str(spec.get("window_choice", "max")).lower() == "min" else "MAX"
        return f"VAR __edge = {choice}({col}) RETURN CALCULATE({dax}, {col} = __edge)"

    def agg_time_column(self, model: dict[str, Any], measure: dict[str, Any]) -> str | None:
        name = measure.get("agg_time_dimension") or (model.get("defaults") or {}).get("agg_time_dimension")
        for dimension in model.get("dimensions") or []:
            if dimension["name"] == name:
                return str(dimension.get("expr") or dimension["name"])
        return None

    def require_date(self, table: str, what: str) -> str:
        if self.date is None:
            raise Untranslatable(f"{what} needs a Date table, and this model has none")
        if not self.date.related.get(table):
            raise Untranslatable(f"{what} needs a relationship from {table} to the Date table, and there is none")
        return self.date.ref()

    def input_measure(self, spec: dict[str, Any]) -> tuple[str, str]:
        dax, table = self.aggregation(spec["name"])
        dax = self.wrap(dax, self.filters(spec.get("filter")))
        if spec.get("fill_nulls_with") is not None:
            dax = f"COALESCE({dax}, {int(spec['fill_nulls_with'])})"
        return dax, table

    # ---- metrics ----------------------------------------------------------------------------------
    def metric_input(self, spec: dict[str, Any], result: Translation) -> tuple[str, str]:
        """DAX for a metric used as an input (ratio, derived): a measure reference, filtered and offset."""
        inner = self.translate(spec["name"])
        if inner.expression is None or inner.table is None:
            raise Untranslatable(f"input metric {spec['name']} is not translated ({inner.reason})")
        result.references.add(spec["name"])
        filters = self.filters(spec.get("filter"))
        if spec.get("offset_to_grain"):
            raise Untranslatable(f"offset_to_grain on input {spec['name']} has no DAX pattern here")
        window = spec.get("offset_window")
        if window:
            grain = _GRAIN.get(window["granularity"])
            if grain is None:
                raise Untranslatable(f"offset by {window['granularity']} has no DATEADD interval")
            date = self.require_date(inner.table, f"offset_window on {spec['name']}")
            filters.append(f"DATEADD({date}, -{int(window['count'])}, {grain})")
        return self.wrap(measure_ref(inner.measure_name), filters), inner.table

    def translate(self, name: str) -> Translation:
        if name in self.results:
            return self.results[name]
        metric = self.metrics[name]
        result = Translation(metric=name, measure_name=self.measure_name(name), kind=metric["type"])
        self.results[name] = result  # guards against cycles
        try:
            expression, table = self.expression(metric, result)
            result.expression = self.wrap(expression, self.filters(metric.get("filter")))
            result.table = table
        except Untranslatable as error:
            result.reason = str(error)
            result.expression = result.table = None
        return result

    def expression(self, metric: dict[str, Any], result: Translation) -> tuple[str, str]:
        kind, params = metric["type"], metric.get("type_params") or {}
        if kind == "simple":
            return self.input_measure(params["measure"])
        if kind == "ratio":
            numerator, table = self.metric_input(params["numerator"], result)
            denominator, _ = self.metric_input(params["denominator"], result)
            return f"DIVIDE({numerator}, {denominator})", table
        if kind == "derived":
            inputs = params.get("metrics") or []
            terms: dict[str, str] = {}
            home = ""
            for spec in inputs:
                dax, table = self.metric_input(spec, result)
                terms[spec.get("alias") or spec["name"]] = dax
                home = home or table

            def resolve(identifier: str) -> str:
                if identifier not in terms:
                    raise Untranslatable(f"derived expression names {identifier!r}, which is not an input metric")
                return terms[identifier]

            return sql_to_dax.translate(params["expr"], resolve), home
        if kind == "cumulative":
            return self.cumulative(metric, params)
        if kind == "conversion":
            raise Untranslatable("conversion metric: DAX has no built-in pattern (build it on an event-level model)")
        raise Untranslatable(f"metric type {kind} is not known")

    def cumulative(self, metric: dict[str, Any], params: dict[str, Any]) -> tuple[str, str]:
        cumulative = params.get("cumulative_type_params") or {}
        window = cumulative.get("window") or params.get("window")
        grain_to_date = cumulative.get("grain_to_date") or params.get("grain_to_date")
        period_agg = str(cumulative.get("period_agg") or "first")
        base, table = self.input_measure(params["measure"])
        date = self.require_date(table, f"cumulative metric {metric['name']}")
        if period_agg != "last":
            raise Untranslatable(
                f"cumulative period_agg {period_agg}: at a coarser grain MetricFlow returns the period's "
                "first value, while the DAX pattern returns the value at the period's end (set period_agg: last)"
            )
        if window:
            grain = _GRAIN.get(window["granularity"])
            if grain is None:
                raise Untranslatable(f"window in {window['granularity']}s has no DATESINPERIOD interval")
            period = f"DATESINPERIOD({date}, MAX({date}), -{int(window['count'])}, {grain})"
        elif grain_to_date:
            function = _TO_DATE.get(grain_to_date)
            if function is None:
                raise Untranslatable(f"grain_to_date {grain_to_date} has no DAX to-date function")
            period = f"{function}({date})"
        else:
            period = f"FILTER(ALL({date}), {date} <= MAX({date}))"
        return f"CALCULATE({base}, {period})", table

    def translate_all(self) -> list[Translation]:
        return [self.translate(name) for name in sorted(self.metrics)]

    def fiscal_ytd(self, translation: Translation, year_end: str) -> Translation | None:
        """A fiscal year-to-date twin of a calendar YTD metric (MetricFlow cannot express it)."""
        metric = self.metrics[translation.metric]
        params = metric.get("type_params") or {}
        grain = (params.get("cumulative_type_params") or {}).get("grain_to_date") or params.get("grain_to_date")
        if metric["type"] != "cumulative" or grain != "year" or translation.expression is None or self.date is None:
            return None
        base, table = self.input_measure(params["measure"])
        expression = f'CALCULATE({base}, DATESYTD({self.date.ref()}, "{year_end}"))'
        return Translation(metric=translation.metric, measure_name=f"{translation.measure_name} (fiscal YTD)",
                           expression=self.wrap(expression, self.filters(metric.get("filter"))), table=table,
                           kind="fiscal_ytd")
