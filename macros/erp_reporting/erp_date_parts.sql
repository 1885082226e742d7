{#- Calendar parts of a date, portable: DuckDB and ANSI use extract(), T-SQL uses datepart().
    dbt-sqlserver 1.11 dispatches sqlserver__ -> default__ (it does not depend on dbt-fabric);
    dbt-synapse dispatches synapse__ -> fabric__ -> default__. -#}
{% macro erp_year(date_expr) %}
    {{ return(adapter.dispatch('erp_date_part', 'erp_service_analytics')('year', date_expr)) }}
{% endmacro %}

{% macro erp_month(date_expr) %}
    {{ return(adapter.dispatch('erp_date_part', 'erp_service_analytics')('month', date_expr)) }}
{% endmacro %}

{% macro default__erp_date_part(part, date_expr) -%}
    extract({{ part }} from {{ date_expr }})
{%- endmacro %}

{% macro sqlserver__erp_date_part(part, date_expr) -%}
    datepart({{ part }}, {{ date_expr }})
{%- endmacro %}

{% macro fabric__erp_date_part(part, date_expr) -%}
    datepart({{ part }}, {{ date_expr }})
{%- endmacro %}
