{#
    rows_with_key_in(alias, relation, column, keys): the predicate `alias.column in (keys)` for a scan of
    the table `relation` (read as `alias`) by a small set of keys (`keys`, a query). Dispatched:
    * default (T-SQL): the predicate itself;
    * DuckDB: the same test on a second, narrow scan of `relation` that reads only `column` and returns
      the matching rowids; the outer scan then reads its other columns for those rows only (DuckDB
      skips the row groups without one). One statement reads the table, so the rowids are stable.
      It pays where the matching rows are few and recent (the loaded versions of arrived rows); where
      they span the history (every event of some users) the second scan costs more than it saves.
    `relation` must be a table (rowid), not a CTE.
#}
{% macro rows_with_key_in(alias, relation, column, keys) -%}
    {{ return(adapter.dispatch('rows_with_key_in', 'erp_service_analytics')(alias, relation, column, keys)) }}
{%- endmacro %}

{% macro default__rows_with_key_in(alias, relation, column, keys) -%}
{{ alias }}.{{ column }} in ({{ keys }})
{%- endmacro %}

{% macro duckdb__rows_with_key_in(alias, relation, column, keys) -%}
{{ alias }}.rowid in (
        select keyed.rowid
        from {{ relation }} as keyed
        where keyed.{{ column }} in ({{ keys }})
    )
{%- endmacro %}
