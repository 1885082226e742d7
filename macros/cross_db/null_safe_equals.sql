{#
    null_safe_equals(left, right): a join or filter condition that is true when both sides are equal
    or both are NULL (what GROUP BY and PARTITION BY treat as one group). DuckDB has IS NOT DISTINCT
    FROM (a hash join); T-SQL before SQL Server 2022, and Synapse, do not, so the default spells it out.
#}
{% macro null_safe_equals(left, right) -%}
    {{ return(adapter.dispatch('null_safe_equals', 'erp_service_analytics')(left, right)) }}
{%- endmacro %}

{% macro default__null_safe_equals(left, right) -%}
    ({{ left }} = {{ right }} or ({{ left }} is null and {{ right }} is null))
{%- endmacro %}

{% macro duckdb__null_safe_equals(left, right) -%}
    {{ left }} is not distinct from {{ right }}
{%- endmacro %}

{#
    null_safe_differs(left, right): the negation of null_safe_equals, true when exactly one side is
    NULL or both differ. Write this rather than `not null_safe_equals(...)`: on T-SQL, `a = b` is
    UNKNOWN when one side is NULL, so `not (a = b or (a is null and b is null))` is UNKNOWN too and
    the row is filtered out (a value erased to NULL would never count as changed).
#}
{% macro null_safe_differs(left, right) -%}
    {{ return(adapter.dispatch('null_safe_differs', 'erp_service_analytics')(left, right)) }}
{%- endmacro %}

{% macro default__null_safe_differs(left, right) -%}
    ({{ left }} <> {{ right }} or ({{ left }} is null and {{ right }} is not null)
        or ({{ left }} is not null and {{ right }} is null))
{%- endmacro %}

{% macro duckdb__null_safe_differs(left, right) -%}
    {{ left }} is distinct from {{ right }}
{%- endmacro %}
