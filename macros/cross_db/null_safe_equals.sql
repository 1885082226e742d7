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
