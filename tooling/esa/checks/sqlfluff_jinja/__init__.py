"""Stand-ins for dbt's Jinja context, for SQLFluff's jinja templater (`library_path` in .sqlfluff).

The dbt templater needs a live database connection, so the project lints with the jinja templater.
SQLFluff's `apply_dbt_builtins` provides ref, source, config, var, this and is_incremental; the
project's macros also call `adapter.dispatch`, the `dbt.` cross-database macros, `target`,
`env_var`, `execute`, `run_query` ... which this module provides. SQLFluff imports this package
and puts every public global below into the template context.

The stand-ins render the T-SQL that the Synapse target would produce (dbt-synapse dispatches
synapse__ -> fabric__ -> default__), so the linter parses what production runs. They never talk
to a database: `execute` is False, as during `dbt parse`.
"""

from __future__ import annotations

import datetime as _datetime
import itertools as _itertools
import json as _json
import os as _os
import re as _re
from pathlib import Path as _Path
from types import SimpleNamespace as _Namespace
from typing import Any as _Any

import yaml as _yaml
from jinja2 import pass_context as _pass_context
from jinja2.runtime import Context as _Context

_PROJECT_DIR = _Path(__file__).resolve().parents[4]
_TARGET_TYPE = "synapse"
_DISPATCH_PREFIXES = ("synapse", "fabric", "default")


def _project_vars() -> dict[str, _Any]:
    try:
        project = _yaml.safe_load((_PROJECT_DIR / "dbt_project.yml").read_text()) or {}
    except (OSError, _yaml.YAMLError):
        return {}
    found = project.get("vars") or {}
    return dict(found) if isinstance(found, dict) else {}


_VARS = _project_vars()


def _sql(value: _Any) -> str:
    """Render a macro argument the way Jinja would print it."""
    if isinstance(value, list | tuple):
        return ", ".join(_sql(v) for v in value)
    return str(value)


def _call(name: str, *args: _Any) -> str:
    return f"{name}({', '.join(_sql(a) for a in args)})"


class _Anything:
    """Permissive object: any attribute is another _Anything, calling it renders nothing."""

    unsafe_callable = False
    alters_data = False

    def __init__(self, text: str = "") -> None:
        self._text = text

    def __getattr__(self, name: str) -> _Anything:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Anything(self._text)

    def __call__(self, *args: _Any, **kwargs: _Any) -> _Anything:
        return self

    def __getitem__(self, key: _Any) -> _Anything:
        return self

    def __iter__(self) -> _Any:
        return iter(())

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return self._text


class _DbtNamespace:
    """The `dbt.` namespace: dbt's cross-database macros, rendered as dbt-synapse renders them."""

    unsafe_callable = False
    alters_data = False

    # types
    def type_string(self) -> str:
        return "varchar(8000)"

    def type_timestamp(self) -> str:
        return "datetime2(6)"

    def type_int(self) -> str:
        return "int"

    def type_bigint(self) -> str:
        return "bigint"

    def type_float(self) -> str:
        return "float"

    def type_numeric(self) -> str:
        return "decimal(28, 6)"

    def type_boolean(self) -> str:
        return "bit"

    # expressions
    def hash(self, field: _Any) -> str:
        return f"lower(convert(varchar(50), hashbytes('md5', coalesce(convert(varchar(8000), {field}), '')), 2))"

    def concat(self, fields: _Any) -> str:
        return _call("concat", *fields) if len(fields) > 1 else f"concat({_sql(fields)}, '')"

    def dateadd(self, datepart: _Any, interval: _Any, from_date_or_timestamp: _Any) -> str:
        return _call("dateadd", datepart, interval, from_date_or_timestamp)

    def datediff(self, first_date: _Any, second_date: _Any, datepart: _Any) -> str:
        return _call("datediff", datepart, first_date, second_date)

    def date_trunc(self, datepart: _Any, date: _Any) -> str:
        return f"cast(datetrunc({datepart}, {date}) as date)"

    def last_day(self, date: _Any, datepart: _Any) -> str:
        return f"cast(dateadd(day, -1, dateadd({datepart}, 1, datetrunc({datepart}, {date}))) as date)"

    def safe_cast(self, field: _Any, type: _Any) -> str:
        return f"try_cast({field} as {type})"

    def cast(self, field: _Any, type: _Any) -> str:
        return f"cast({field} as {type})"

    def current_timestamp(self) -> str:
        return "cast(sysdatetime() as datetime2(6))"

    def current_timestamp_backcompat(self) -> str:
        return self.current_timestamp()

    def split_part(self, string_text: _Any, delimiter_text: _Any, part_number: _Any) -> str:
        return _call("esa_split_part", string_text, delimiter_text, part_number)

    def listagg(
        self, measure: _Any, delimiter_text: _Any = "','", order_by_clause: _Any = None, limit_num: _Any = None
    ) -> str:
        within = f" within group ({order_by_clause})" if order_by_clause else ""
        return f"string_agg({measure}, {delimiter_text}){within}"

    def string_literal(self, value: _Any) -> str:
        return "'" + str(value).replace("'", "''") + "'"

    def escape_single_quotes(self, expression: _Any) -> str:
        return str(expression).replace("'", "''")

    def any_value(self, expression: _Any) -> str:
        return f"min({expression})"

    def bool_or(self, expression: _Any) -> str:
        return f"max({expression})"

    def replace(self, field: _Any, old_chars: _Any, new_chars: _Any) -> str:
        return _call("replace", field, old_chars, new_chars)

    def length(self, expression: _Any) -> str:
        return f"len({expression})"

    def position(self, substring_text: _Any, string_text: _Any) -> str:
        return _call("charindex", substring_text, string_text)

    def right(self, string_text: _Any, length_expression: _Any) -> str:
        return _call("right", string_text, length_expression)

    def date(self, year: _Any, month: _Any, day: _Any) -> str:
        return _call("datefromparts", year, month, day)

    def cast_bool_to_text(self, field: _Any) -> str:
        return f"cast({field} as varchar(5))"

    def except_(self) -> str:
        return "except"

    def intersect(self) -> str:
        return "intersect"

    def is_incremental(self) -> bool:
        return True

    def should_full_refresh(self) -> bool:
        return False

    def __getattr__(self, name: str) -> _Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if name == "except":
            return self.except_

        def render(*args: _Any, **kwargs: _Any) -> str:
            return _call(name, *args, *kwargs.values())

        return render


dbt = _DbtNamespace()


class _Adapter:
    """`adapter`: dispatch to the project's macros in dbt-synapse's order, else to `dbt.`."""

    unsafe_callable = False
    alters_data = False

    @_pass_context
    def dispatch(self, context: _Context, macro_name: str, macro_namespace: str | None = None) -> _Any:
        if macro_namespace in (None, "erp_service_analytics"):
            for prefix in _DISPATCH_PREFIXES:
                found = context.get(f"{prefix}__{macro_name}")
                if found is not None:
                    return found
        return getattr(dbt, macro_name)

    def quote(self, identifier: _Any) -> str:
        return f"[{identifier}]"

    def get_relation(self, *args: _Any, **kwargs: _Any) -> None:
        return None

    def get_columns_in_relation(self, *args: _Any, **kwargs: _Any) -> list[_Any]:
        return []

    def type(self) -> str:
        return _TARGET_TYPE

    def __getattr__(self, name: str) -> _Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Anything()


adapter = _Adapter()

target = _Namespace(
    type=_TARGET_TYPE,
    name=_TARGET_TYPE,
    schema="dbt",
    database="esa_dw",
    threads=1,
    profile_name="erp_service_analytics",
)
execute = False
flags = _Anything()
graph: dict[str, dict[str, _Any]] = {"nodes": {}, "sources": {}, "exposures": {}, "metrics": {}}
model = _Anything()
invocation_id = "00000000-0000-0000-0000-000000000000"
run_started_at = _datetime.datetime(2026, 1, 1, tzinfo=_datetime.UTC)
project_name = "erp_service_analytics"
modules = _Namespace(datetime=_datetime, re=_re, itertools=_itertools)
exceptions = _Namespace(
    raise_compiler_error=lambda msg, *a: (_ for _ in ()).throw(RuntimeError(str(msg))),
    warn=lambda *a, **k: "",
    raise_not_implemented=lambda msg, *a: (_ for _ in ()).throw(NotImplementedError(str(msg))),
)


_NO_DEFAULT = object()


def var(name: str, default: _Any = _NO_DEFAULT) -> _Any:
    """`var()`: the project's value from dbt_project.yml, else the caller's default (None included)."""
    if name in _VARS:
        value = _VARS[name]
        # A default that is itself Jinja (e.g. an env_var) renders as the var's name.
        return name if isinstance(value, str) and "{{" in value else value
    if default is not _NO_DEFAULT:
        return default
    return name


def env_var(name: str, default: _Any = None) -> _Any:
    value = _os.environ.get(name)
    if value is not None:
        return value
    return default if default is not None else name.lower()


def log(*args: _Any, **kwargs: _Any) -> str:
    return ""


def run_query(*args: _Any, **kwargs: _Any) -> None:
    return None


def should_full_refresh() -> bool:
    return False


def tojson(value: _Any, *args: _Any, **kwargs: _Any) -> str:
    return _json.dumps(value, default=str)


def fromjson(value: str, default: _Any = None) -> _Any:
    try:
        return _json.loads(value)
    except ValueError:
        return default


def fromyaml(value: str, default: _Any = None) -> _Any:
    try:
        return _yaml.safe_load(value)
    except _yaml.YAMLError:
        return default


def toyaml(value: _Any, *args: _Any, **kwargs: _Any) -> str:
    return str(_yaml.safe_dump(value))


def local_md5(value: str) -> str:
    import hashlib

    return hashlib.md5(value.encode(), usedforsecurity=False).hexdigest()
