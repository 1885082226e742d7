{#
    create_statistics(columns): a post-hook that creates (or refreshes) single-column statistics
    on the model's table for the given join and filter columns.

    Synapse dedicated pools auto-create statistics but never update them, so the marts declare the
    columns they are joined and filtered on and this hook keeps their statistics current after
    every build. The columns are part of a model's physical design, so the hook is set in the
    model's YAML `config:` block next to its `dist` (DEVELOPERS.md, "A model's physical design").
    On T-SQL engines it renders one guarded batch per column: UPDATE STATISTICS when the statistics object already exists (incremental tables keep theirs),
    CREATE STATISTICS otherwise. On DuckDB (and any engine without a dispatch) it renders nothing
    runnable, so the same hook can stay on the model for every target.

        config:
          dist: HASH(sales_order_id)
          post_hook:
            - "{{ create_statistics(['customer_key', 'order_date_key']) }}"
#}
{% macro create_statistics(columns) -%}
    {{ return(adapter.dispatch('create_statistics', 'erp_service_analytics')(columns)) }}
{%- endmacro %}

{% macro default__create_statistics(columns) -%}
    {#- no statistics objects outside the T-SQL engines: a harmless no-op statement -#}
    select 1 as no_statistics_needed
{%- endmacro %}

{% macro _tsql_create_statistics(columns) -%}
    {%- set columns = [columns] if columns is string else columns -%}
    {%- for column in columns -%}
        {%- set stat_name = ('st_' ~ this.identifier ~ '_' ~ column)[:128] -%}
if exists (
    select 1 from sys.stats
    where name = '{{ stat_name }}' and object_id = object_id('{{ this.schema }}.{{ this.identifier }}')
)
    update statistics [{{ this.schema }}].[{{ this.identifier }}] ([{{ stat_name }}]);
else
    create statistics [{{ stat_name }}] on [{{ this.schema }}].[{{ this.identifier }}] ([{{ column }}]);
{% endfor -%}
{%- endmacro %}

{% macro synapse__create_statistics(columns) -%}
    {{ erp_service_analytics._tsql_create_statistics(columns) }}
{%- endmacro %}

{% macro fabric__create_statistics(columns) -%}
    {#- Fabric Warehouse supports manual single-column statistics (CREATE/UPDATE STATISTICS) -#}
    {{ erp_service_analytics._tsql_create_statistics(columns) }}
{%- endmacro %}

{% macro sqlserver__create_statistics(columns) -%}
    {{ erp_service_analytics._tsql_create_statistics(columns) }}
{%- endmacro %}
