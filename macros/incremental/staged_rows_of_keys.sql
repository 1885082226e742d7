{#
    staged_rows_of_keys(staged, relation, key_columns): the predicate that keeps the rows of `staged`
    (the alias of the model's loaded table, `this`) whose key is among the rows of `relation` (the
    arrived rows), for with_staged_versions. Dispatched:
    * default (T-SQL): `exists` on the key columns;
    * DuckDB: the same test on a second, narrow scan of `this` that reads only the key columns and
      returns the matching rowids; the outer scan then reads the other columns of those rows only
      (DuckDB prunes the row groups by rowid), instead of every column of every staged row for a join.
      The table is read in one statement, so the rowids are stable.
#}
{% macro staged_rows_of_keys(staged, relation, key_columns) -%}
    {{ return(adapter.dispatch('staged_rows_of_keys', 'erp_service_analytics')(staged, relation, key_columns)) }}
{%- endmacro %}

{% macro default__staged_rows_of_keys(staged, relation, key_columns) -%}
exists (
        select 1
        from {{ relation }} as arrived
        where
            {% for key in key_columns -%}
            arrived.{{ key }} = {{ staged }}.{{ key }}{{ ' and' if not loop.last }}
            {% endfor %}
    )
{%- endmacro %}

{% macro duckdb__staged_rows_of_keys(staged, relation, key_columns) -%}
{{ staged }}.rowid in (
        select keyed.rowid
        from {{ this }} as keyed
        where {{ default__staged_rows_of_keys('keyed', relation, key_columns) }}
    )
{%- endmacro %}
