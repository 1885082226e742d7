{#- Rowstore/columnstore `indexes` config for dbt-sqlserver, only on the sqlserver (Hyperscale) target.
    dbt-duckdb would otherwise try to build the same list as DuckDB indexes (and reject the
    SQL Server-only keys such as `type: nonclustered`), so every other adapter gets []. -#}
{% macro erp_sqlserver_indexes(indexes) %}
    {{ return(adapter.dispatch('erp_sqlserver_indexes', 'erp_service_analytics')(indexes)) }}
{% endmacro %}

{% macro default__erp_sqlserver_indexes(indexes) %}
    {{ return([]) }}
{% endmacro %}

{% macro sqlserver__erp_sqlserver_indexes(indexes) %}
    {{ return(indexes) }}
{% endmacro %}
