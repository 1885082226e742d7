{#- Calendar parts of a date as integers, on every target: DuckDB (and ANSI) extract(), T-SQL
    datepart(). Models call these instead of year()/month()/day()/extract()/datepart() written out
    (`esa check conventions`). dbt-sqlserver 1.11 dispatches sqlserver__ -> default__ (it does not
    depend on dbt-fabric); dbt-synapse dispatches synapse__ -> fabric__ -> default__; dbt-duckdb
    uses default__. -#}
{% macro date_year(date_expr) %}
    {{ return(adapter.dispatch('date_part_number', 'erp_service_analytics')('year', date_expr)) }}
{% endmacro %}

{% macro date_month(date_expr) %}
    {{ return(adapter.dispatch('date_part_number', 'erp_service_analytics')('month', date_expr)) }}
{% endmacro %}

{% macro date_day(date_expr) %}
    {{ return(adapter.dispatch('date_part_number', 'erp_service_analytics')('day', date_expr)) }}
{% endmacro %}

{% macro default__date_part_number(part, date_expr) -%}
    extract({{ part }} from {{ date_expr }})
{%- endmacro %}

{% macro sqlserver__date_part_number(part, date_expr) -%}
    datepart({{ part }}, {{ date_expr }})
{%- endmacro %}

{% macro fabric__date_part_number(part, date_expr) -%}
    datepart({{ part }}, {{ date_expr }})
{%- endmacro %}
