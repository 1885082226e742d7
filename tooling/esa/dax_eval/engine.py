"""Evaluate a DAX measure in a filter context over the model's tables in DuckDB.

See the package docstring for the design and the supported subset.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import duckdb
import pyarrow as pa
import sidemantic_dax as dax

from esa.dax_eval import timeintel, values
from esa.dax_eval.tmdl import Model, Relationship, TmdlError

ColumnKey = tuple[str, str]  # (table, column) as the model spells them
Value = values.Value


class DaxError(Exception):
    """The expression uses something outside the supported subset, or is not valid DAX for the model."""


@dataclass(frozen=True)
class ColumnTable:
    """A one-column table of values: what a filter argument or a time-intelligence function returns."""

    column: ColumnKey
    values: frozenset[Any]


@dataclass(frozen=True)
class Context:
    """A filter context: one set of allowed values per filtered column, and the relationships made active."""

    filters: Mapping[ColumnKey, frozenset[Any]] = field(default_factory=dict)
    activated: frozenset[Relationship] = frozenset()

    def without(self, keys: Iterable[ColumnKey]) -> Context:
        drop = set(keys)
        return Context({k: v for k, v in self.filters.items() if k not in drop}, self.activated)

    def intersect(self, key: ColumnKey, allowed: frozenset[Any]) -> Context:
        new = dict(self.filters)
        new[key] = new[key] & allowed if key in new else allowed
        return Context(new, self.activated)


@dataclass
class _Env:
    variables: dict[str, Any] = field(default_factory=dict)
    row: dict[ColumnKey, Any] | None = None


def sql_literal(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | Decimal):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return "'" + v.replace("'", "''") + "'"
    if isinstance(v, dt.datetime):
        return f"TIMESTAMP '{v.isoformat(sep=' ')}'"
    if isinstance(v, dt.date):
        return f"DATE '{v.isoformat()}'"
    raise DaxError(f"cannot use {v!r} as a filter value")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Evaluator:
    """Evaluates the measures of one TMDL model over one DuckDB connection."""

    def __init__(
        self, model: Model, con: duckdb.DuckDBPyConnection, relations: Mapping[str, str] | None = None
    ) -> None:
        self.model = model
        self.con = con
        self._relations = dict(relations or {})
        self._domain_cache: dict[ColumnKey, frozenset[Any]] = {}
        for rel in model.relationships:
            if rel.both_directions:
                raise DaxError(f"relationship {rel.name}: bothDirections cross-filtering is not supported")

    # ---- names -------------------------------------------------------------------------------------
    def _table_name(self, name: str) -> str:
        for t in self.model.tables:
            if t.casefold() == name.casefold():
                return t
        raise DaxError(f"no table {name!r}")

    def _column(self, table: str, column: str) -> ColumnKey:
        t = self._table_name(table)
        for c in self.model.tables[t].columns:
            if c.casefold() == column.casefold():
                return t, c
        raise DaxError(f"no column {table}[{column}]")

    def _measure(self, name: str) -> str:
        for m, measure in self.model.measures.items():
            if m.casefold() == name.casefold():
                return measure.expression
        raise DaxError(f"no measure [{name}]")

    def relation(self, table: str) -> str:
        """The DuckDB relation behind a TMDL table: given explicitly, or found by the partition's source table."""
        if table in self._relations:
            return self._relations[table]
        t = self.model.table(table)
        if t.calculated_source is not None:
            self._relations[table] = self._calendar(table, t.calculated_source)
            return self._relations[table]
        if not t.source_table:
            raise TmdlError(f"table {table!r} has no partition navigation to a source table")
        rows = self.con.execute(
            "select table_catalog, table_schema from information_schema.tables"
            " where lower(table_name) = lower(?) and table_catalog = current_database()",
            [t.source_table],
        ).fetchall()
        if t.source_schema and len(rows) > 1:
            rows = [r for r in rows if r[1].lower() == t.source_schema.lower()] or rows
        if len(rows) != 1:
            raise TmdlError(f"table {table!r}: source {t.source_table!r} found {len(rows)} times in DuckDB")
        self._relations[table] = ".".join(_quote(p) for p in (rows[0][0], rows[0][1], t.source_table))
        return self._relations[table]

    def _calendar(self, table: str, source: str) -> str:
        """A calculated date table, CALENDAR(start, end) or ADDCOLUMNS(CALENDAR(...), ...): its Date column only,
        registered as a DuckDB view (the ADDCOLUMNS columns are not materialised: filtering them fails)."""
        e = dax.parse_expression(source)
        if isinstance(e, dax.FunctionCall) and e.name.upper() == "ADDCOLUMNS":
            e = e.args[0]
        if not (isinstance(e, dax.FunctionCall) and e.name.upper() == "CALENDAR" and len(e.args) == 2):
            raise DaxError(f"calculated table {table!r}: only CALENDAR(start, end) is supported")
        start, end = (self.eval(a, Context(), _Env()) for a in e.args)
        days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
        name = f"__dax_calendar_{len(self._relations)}"
        self.con.register(name, pa.table({"Date": pa.array(days, type=pa.date32())}))
        return _quote(name)

    # ---- relationships and filter propagation -------------------------------------------------------
    def active_relationships(self, ctx: Context) -> list[Relationship]:
        active = [r for r in self.model.relationships if r.is_active]
        for rel in ctx.activated:
            pair = {rel.from_table, rel.to_table}
            active = [r for r in active if {r.from_table, r.to_table} != pair]
            active.append(rel)
        return active

    def expanded(self, table: str, ctx: Context) -> set[str]:
        """The table and every table it reaches along active many-to-one relationships."""
        seen, todo = {table}, [table]
        rels = self.active_relationships(ctx)
        while todo:
            t = todo.pop()
            for r in rels:
                if r.from_table == t and r.to_table not in seen:
                    seen.add(r.to_table)
                    todo.append(r.to_table)
        return seen

    def _base_where(self, table: str, alias: str) -> list[str]:
        t = self.model.table(table)
        return [
            f"{alias}.{_quote(t.source_column(c) if c in t.columns else c)} is not null" for c in t.not_null_filters
        ]

    def rows_sql(self, table: str, ctx: Context, depth: int = 0) -> str:
        """SELECT of the table's rows visible in the context (filters on its columns and on tables it reaches)."""
        alias = f"t{depth}"
        t = self.model.table(table)
        where = self._base_where(table, alias)
        for (ft, fc), allowed in ctx.filters.items():
            if ft == table:
                where.append(_in_sql(f"{alias}.{_quote(t.source_column(fc))}", allowed))
        for rel in self.active_relationships(ctx):
            if rel.from_table != table:
                continue
            reached = self.expanded(rel.to_table, ctx)
            if not any(ft in reached for ft, _ in ctx.filters):
                continue
            fk = f"{alias}.{_quote(t.source_column(rel.from_column))}"
            pk = _quote(self.model.table(rel.to_table).source_column(rel.to_column))
            visible = f"{fk} in (select {pk} from ({self.rows_sql(rel.to_table, ctx, depth + 1)}))"
            if self._blank_row_visible(rel.to_table, ctx):
                base = self._base_where(rel.to_table, "b")
                cond = " where " + " and ".join(base) if base else ""
                unmatched = f"({fk} is null or {fk} not in (select b.{pk} from {self.relation(rel.to_table)} b{cond}))"
                visible = f"({visible} or {unmatched})"
            where.append(visible)
        cond = " where " + " and ".join(where) if where else ""
        return f"select {alias}.* from {self.relation(table)} {alias}{cond}"

    def _blank_row_visible(self, table: str, ctx: Context) -> bool:
        """The blank row (facts whose key matches no row) passes only filters that allow BLANK."""
        return all(None in allowed for (ft, _), allowed in ctx.filters.items() if ft in self.expanded(table, ctx))

    def domain(self, key: ColumnKey) -> frozenset[Any]:
        """ALL(T[c]): every value of the column, plus BLANK (the blank row's value)."""
        if key not in self._domain_cache:
            table, column = key
            col = _quote(self.model.table(table).source_column(column))
            where = self._base_where(table, "t")
            cond = " where " + " and ".join(where) if where else ""
            rows = self.con.execute(f"select distinct t.{col} from {self.relation(table)} t{cond}").fetchall()
            self._domain_cache[key] = frozenset(r[0] for r in rows) | {None}
        return self._domain_cache[key]

    def visible_values(self, key: ColumnKey, ctx: Context) -> frozenset[Any]:
        """VALUES(T[c]) without the blank row."""
        col = _quote(self.model.table(key[0]).source_column(key[1]))
        rows = self.con.execute(f"select distinct {col} from ({self.rows_sql(key[0], ctx)})").fetchall()
        return frozenset(r[0] for r in rows if r[0] is not None)

    def _aggregate(self, table: str, select: str, ctx: Context) -> Any:
        return self.con.execute(f"select {select} from ({self.rows_sql(table, ctx)})").fetchone()[0]  # type: ignore[index]

    # ---- public entry points ------------------------------------------------------------------------
    def evaluate(self, measure: str, filters: Mapping[ColumnKey, Iterable[Any]] | None = None) -> Value:
        """The measure's value with the given column filters (a visual's row and slicers) applied."""
        ctx = Context({self._column(*k): frozenset(v) for k, v in (filters or {}).items()})
        return self.eval(dax.parse_expression(self._measure(measure)), ctx, _Env())

    def evaluate_expression(self, expression: str, filters: Mapping[ColumnKey, Iterable[Any]] | None = None) -> Value:
        ctx = Context({self._column(*k): frozenset(v) for k, v in (filters or {}).items()})
        return self.eval(dax.parse_expression(expression), ctx, _Env())

    # ---- scalar expressions -------------------------------------------------------------------------
    def eval(self, e: Any, ctx: Context, env: _Env) -> Value:
        if isinstance(e, dax.Number):
            return int(e.value) if e.value.isdigit() else float(e.value)
        if isinstance(e, dax.String):
            return e.value
        if isinstance(e, dax.Boolean):
            return e.value
        if isinstance(e, dax.Blank):
            return None
        if isinstance(e, dax.Paren):
            return self.eval(e.expr, ctx, env)
        if isinstance(e, dax.Identifier):
            if e.name in env.variables:
                return env.variables[e.name]
            raise DaxError(f"unknown variable {e.name}")
        if isinstance(e, dax.BracketRef):
            return self.eval(dax.parse_expression(self._measure(e.name)), ctx, _Env())
        if isinstance(e, dax.TableColumnRef):
            key = self._column(e.table.name, e.column)
            if env.row is None or key not in env.row:
                raise DaxError(f"column {key} used as a scalar outside a row context (not supported)")
            return env.row[key]
        if isinstance(e, dax.VarBlock):
            inner = _Env(dict(env.variables), env.row)
            for decl in e.decls:
                inner.variables[decl.name] = (
                    self.eval_table(decl.expr, ctx, inner)
                    if self._is_table(decl.expr)
                    else self.eval(decl.expr, ctx, inner)
                )
            return self.eval(e.body, ctx, inner)
        if isinstance(e, dax.Unary):
            v = self.eval(e.expr, ctx, env)
            if e.op == dax.UnaryOp.minus:
                return values.negate(v)
            if e.op == dax.UnaryOp.not_:
                return not values.truthy(v)
            return v
        if isinstance(e, dax.Binary):
            return self._binary(e, ctx, env)
        if isinstance(e, dax.FunctionCall):
            return self._call(e, ctx, env)
        raise DaxError(f"unsupported expression {type(e).__name__}")

    def _binary(self, e: Any, ctx: Context, env: _Env) -> Value:
        op = e.op.value
        if op == "And":
            return values.truthy(self.eval(e.left, ctx, env)) and values.truthy(self.eval(e.right, ctx, env))
        if op == "Or":
            return values.truthy(self.eval(e.left, ctx, env)) or values.truthy(self.eval(e.right, ctx, env))
        left = self.eval(e.left, ctx, env)
        if op == "In":
            if not isinstance(e.right, dax.TableConstructor) or any(len(r) != 1 for r in e.right.rows):
                raise DaxError("IN is supported with a one-column { ... } list only")
            return any(values.compare("Eq", left, self.eval(r[0], ctx, env)) for r in e.right.rows)
        right = self.eval(e.right, ctx, env)
        arithmetic = {"Add": values.add, "Sub": values.sub, "Mul": values.mul, "Div": values.div}
        if op in arithmetic:
            return arithmetic[op](left, right)
        if op == "Concat":
            return values.concat(left, right)
        if op in {"Eq", "StrictEq", "Neq", "Lt", "Lte", "Gt", "Gte"}:
            return values.compare(op, left, right)
        raise DaxError(f"operator {op} is not supported")

    def _column_arg(self, e: Any) -> ColumnKey:
        if not isinstance(e, dax.TableColumnRef):
            raise DaxError(f"expected a Table[Column] reference, got {type(e).__name__}")
        return self._column(e.table.name, e.column)

    def _table_arg(self, e: Any) -> str:
        """A table reference: 'Quoted Name', or a bare name (which the parser reads as an identifier)."""
        if isinstance(e, dax.TableRef):
            return self._table_name(e.table.name)
        if isinstance(e, dax.Identifier):
            return self._table_name(e.name)
        raise DaxError(f"expected a table reference, got {type(e).__name__}")

    def _call(self, e: Any, ctx: Context, env: _Env) -> Value:
        name, args = e.name.upper(), e.args
        if name == "CALCULATE":
            return self.eval(args[0], self._calculate_context(args[1:], ctx, env), _Env(dict(env.variables)))
        if name in _AGGREGATES:
            if len(args) != 1:
                raise DaxError(f"{name} with {len(args)} arguments is not supported")
            table, column = self._column_arg(args[0])
            col = _quote(self.model.table(table).source_column(column))
            result = self._aggregate(table, _AGGREGATES[name].format(c=col), ctx)
            return None if result is None or (name.startswith(("COUNT", "DISTINCT")) and result == 0) else result
        if name in _ITERATORS:
            return self._iterate(name, self._table_arg(args[0]), args[1], ctx, env)
        if name == "SWITCH":
            subject = self.eval(args[0], ctx, env)
            pairs, default = args[1:], None
            if len(pairs) % 2:
                pairs, default = pairs[:-1], pairs[-1]
            for i in range(0, len(pairs), 2):
                if values.compare("Eq", subject, self.eval(pairs[i], ctx, env)):
                    return self.eval(pairs[i + 1], ctx, env)
            return None if default is None else self.eval(default, ctx, env)
        if name == "COUNTROWS":
            count = self._aggregate(self._table_arg(args[0]), "count(*)", ctx)
            return count or None
        if name == "DIVIDE":
            alt = self.eval(args[2], ctx, env) if len(args) > 2 else None
            return values.divide(self.eval(args[0], ctx, env), self.eval(args[1], ctx, env), alt)
        if name == "BLANK":
            return None
        if name in {"TRUE", "FALSE"}:
            return name == "TRUE"
        if name == "ISBLANK":
            return self.eval(args[0], ctx, env) is None
        if name == "NOT":
            return not values.truthy(self.eval(args[0], ctx, env))
        if name == "IF":
            if values.truthy(self.eval(args[0], ctx, env)):
                return self.eval(args[1], ctx, env)
            return self.eval(args[2], ctx, env) if len(args) > 2 else None
        if name == "COALESCE":
            for a in args:
                v = self.eval(a, ctx, env)
                if v is not None:
                    return v
            return None
        if name == "DATE":
            y, m, d = (int(values._numeric(self.eval(a, ctx, env))) for a in args)
            return dt.date(y, m, d)
        if name in {"FIRSTDATE", "LASTDATE"}:
            dates = self.visible_values(self._column_arg(args[0]), ctx)
            return (min if name == "FIRSTDATE" else max)(dates) if dates else None
        raise DaxError(f"function {name} is not supported as a scalar")

    def _iterate(self, name: str, table: str, row_expr: Any, ctx: Context, env: _Env) -> Value:
        """SUMX/COUNTX/AVERAGEX/MINX/MAXX over a table's visible rows: the row expression is evaluated once per
        distinct combination of the columns it reads (weighted by its row count), with DAX's rules."""
        nodes = list(_walk(row_expr))
        if any(
            isinstance(n, dax.BracketRef)
            or (
                isinstance(n, dax.FunctionCall)
                and n.name.upper() in {"CALCULATE", *_AGGREGATES, "COUNTROWS", *_ITERATORS}
            )
            for n in nodes
        ):
            raise DaxError(
                f"{name}: a measure, CALCULATE or aggregation in the row expression (context transition)"
                " is not supported"
            )
        keys = sorted({self._column(n.table.name, n.column) for n in nodes if isinstance(n, dax.TableColumnRef)})
        if any(k[0] != table for k in keys):
            raise DaxError(f"{name}: the row expression reads columns of another table (RELATED is not supported)")
        t = self.model.table(table)
        cols = [_quote(t.source_column(c)) for _, c in keys]
        select = ", ".join([*cols, "count(*)"])
        group = f" group by {', '.join(cols)}" if cols else ""
        groups = self.con.execute(f"select {select} from ({self.rows_sql(table, ctx)}){group}").fetchall()
        total: Any = None
        count = 0
        extreme: Any = None
        for row in groups:
            if not row[-1]:
                continue
            v = self.eval(row_expr, ctx, _Env(env.variables, dict(zip(keys, row[:-1], strict=True))))
            if v is None:
                continue
            count += row[-1]
            if name in {"SUMX", "AVERAGEX"}:
                total = values.add(total, values.mul(v, row[-1]))
            if name in {"MINX", "MAXX"} and (
                extreme is None or values.compare("Lt" if name == "MINX" else "Gt", v, extreme)
            ):
                extreme = v
        if name == "SUMX":
            return total
        if name == "COUNTX":
            return count or None
        if name == "AVERAGEX":
            return None if not count else values.div(total, count)
        return extreme

    # ---- CALCULATE ----------------------------------------------------------------------------------
    def _calculate_context(self, args: list[Any], ctx: Context, env: _Env) -> Context:
        """Filter arguments are evaluated in the outer context; then modifiers apply, then the filters:
        a plain filter replaces the filters on its column, a KEEPFILTERS filter intersects with them."""
        new_filters: list[tuple[bool, ColumnTable]] = []
        removed: set[ColumnKey] = set()
        activated = set(ctx.activated)
        for arg in args:
            fname = arg.name.upper() if isinstance(arg, dax.FunctionCall) else ""
            if fname in {"REMOVEFILTERS", "ALL"}:
                removed |= self._removed_columns(arg.args, ctx)
            elif fname == "USERELATIONSHIP":
                activated.add(self._relationship(arg.args))
            elif fname == "KEEPFILTERS":
                new_filters.append((True, self._filter_table(arg.args[0], ctx, env)))
            else:
                new_filters.append((False, self._filter_table(arg, ctx, env)))
        out = Context(ctx.filters, frozenset(activated)).without(removed)
        date = self.model.date_table
        for keep, table in new_filters:
            if keep:
                continue
            out = out.without([table.column])
            if date and table.column == date:
                out = out.without([k for k in out.filters if k[0] == date[0]])
        for _, table in new_filters:
            out = out.intersect(table.column, table.values)
        return out

    def _removed_columns(self, args: list[Any], ctx: Context) -> set[ColumnKey]:
        if not args:
            return set(ctx.filters)
        removed: set[ColumnKey] = set()
        for a in args:
            if isinstance(a, dax.TableRef | dax.Identifier):
                reached = self.expanded(self._table_arg(a), ctx)
                removed |= {k for k in ctx.filters if k[0] in reached}
            else:
                removed.add(self._column_arg(a))
        return removed

    def _relationship(self, args: list[Any]) -> Relationship:
        ends = {self._column_arg(args[0]), self._column_arg(args[1])}
        for rel in self.model.relationships:
            if {(rel.from_table, rel.from_column), (rel.to_table, rel.to_column)} == ends:
                return rel
        raise DaxError(f"USERELATIONSHIP: no relationship between {sorted(ends)}")

    def _filter_table(self, arg: Any, ctx: Context, env: _Env) -> ColumnTable:
        if self._is_table(arg):
            return self.eval_table(arg, ctx, env)
        return self._predicate_filter(arg, ctx, env)

    def _predicate_filter(self, pred: Any, ctx: Context, env: _Env) -> ColumnTable:
        """A boolean filter argument: FILTER(ALL(T[c]), pred) over the one column it names."""
        columns = {self._column(r.table.name, r.column) for r in _walk(pred) if isinstance(r, dax.TableColumnRef)}
        if len(columns) != 1 or any(isinstance(r, dax.BracketRef) for r in _walk(pred)):
            raise DaxError("a boolean filter argument must reference exactly one column and no measure")
        (key,) = columns
        kept = frozenset(
            v for v in self.domain(key) if values.truthy(self.eval(pred, ctx, _Env(env.variables, {key: v})))
        )
        return ColumnTable(key, kept)

    # ---- table expressions --------------------------------------------------------------------------
    def _is_table(self, e: Any) -> bool:
        return isinstance(e, dax.FunctionCall) and e.name.upper() in TABLE_FUNCTIONS

    def _date_column(self, e: Any) -> ColumnKey:
        key = self._column_arg(e)
        if key != self.model.date_table:
            raise DaxError(f"time intelligence on {key}, which is not the marked date table's key column")
        return key

    def eval_table(self, e: Any, ctx: Context, env: _Env) -> ColumnTable:
        if isinstance(e, dax.Identifier) and isinstance(env.variables.get(e.name), ColumnTable):
            return env.variables[e.name]  # type: ignore[no-any-return]
        if not self._is_table(e):
            raise DaxError(f"not a supported table expression: {e}")
        name, args = e.name.upper(), e.args
        if name in {"ALL", "VALUES"}:
            key = self._column_arg(args[0])
            return ColumnTable(key, self.domain(key) if name == "ALL" else self.visible_values(key, ctx))
        if name == "FILTER":
            source = self.eval_table(args[0], ctx, env)
            kept = frozenset(
                v
                for v in source.values
                if values.truthy(self.eval(args[1], ctx, _Env(env.variables, {source.column: v})))
            )
            return ColumnTable(source.column, kept)
        key = self._date_column(args[0])
        domain = self.domain(key) - {None}
        if name in {"DATESMTD", "DATESQTD", "DATESYTD"}:
            visible = self.visible_values(key, ctx)
            if not visible:
                return ColumnTable(key, frozenset())
            period = {"DATESMTD": "MONTH", "DATESQTD": "QUARTER", "DATESYTD": "YEAR"}[name]
            year_end = self.eval(args[1], ctx, env) if len(args) > 1 else "12-31"
            return ColumnTable(key, frozenset(timeintel.dates_to_date(domain, max(visible), period, year_end)))
        if name == "DATESINPERIOD":
            start = self.eval(args[1], ctx, env)
            if start is None:
                return ColumnTable(key, frozenset())
            n, interval = int(self.eval(args[2], ctx, env)), _interval(args[3])
            return ColumnTable(key, frozenset(timeintel.dates_in_period(domain, start, n, interval)))
        if name in {"DATEADD", "SAMEPERIODLASTYEAR"}:
            n, interval = (int(self.eval(args[1], ctx, env)), _interval(args[2])) if name == "DATEADD" else (-1, "YEAR")
            visible = self.visible_values(key, ctx)
            return ColumnTable(key, frozenset(timeintel.date_add(domain, visible, n, interval)))
        raise DaxError(f"table function {name} is not supported")


_ITERATORS = frozenset({"SUMX", "COUNTX", "AVERAGEX", "MINX", "MAXX"})

_AGGREGATES = {
    "SUM": "sum({c})",
    "COUNTA": "count({c})",
    "MEDIAN": "median({c})",
    "AVERAGE": "avg({c})",
    "MIN": "min({c})",
    "MAX": "max({c})",
    "COUNT": "count({c})",
    "DISTINCTCOUNTNOBLANK": "count(distinct {c})",
    "DISTINCTCOUNT": "count(distinct {c}) + max(case when {c} is null then 1 else 0 end)",
}

TABLE_FUNCTIONS = frozenset(
    {"ALL", "VALUES", "FILTER", "DATESMTD", "DATESQTD", "DATESYTD", "DATESINPERIOD", "DATEADD", "SAMEPERIODLASTYEAR"}
)


def _interval(e: Any) -> str:
    if not isinstance(e, dax.Identifier) or e.name.upper() not in {"DAY", "MONTH", "QUARTER", "YEAR"}:
        raise DaxError(f"interval must be DAY, MONTH, QUARTER or YEAR, got {e}")
    return str(e.name.upper())


def _in_sql(expr: str, allowed: frozenset[Any]) -> str:
    vals = sorted(sql_literal(v) for v in allowed if v is not None)
    parts = [f"{expr} in ({', '.join(vals)})"] if vals else []
    if None in allowed:
        parts.append(f"{expr} is null")
    return "(" + " or ".join(parts) + ")" if parts else "false"


def _walk(e: Any) -> Iterable[Any]:
    """Every AST node under e (dataclasses of sidemantic_dax.ast)."""
    yield e
    for name in getattr(e, "__dataclass_fields__", {}):
        child = getattr(e, name)
        items = child if isinstance(child, list) else [child]
        for item in items:
            if isinstance(item, list):
                for sub in item:
                    yield from _walk(sub)
            elif hasattr(item, "__dataclass_fields__"):
                yield from _walk(item)
