{#
    Landing partitions (the `<column>=YYYY-MM-DD` folders of the lake and of the Cosmos landing).

    On DuckDB the sources read the files with hive_partitioning, so the folder value is a column.
    A Synapse dedicated SQL pool reads the same folders through Hadoop external tables, which cannot
    expose the folder a row came from (filepath() exists only in the serverless pool): there the
    partition value is unknown (NULL), and the external table of a "latest partition only" source
    (Cosmos live_ids) points at that one partition folder (create_external_tables, argument
    live_ids_export_date), so every row of it is in the latest partition (see
    is_latest_complete_export in live_ids.sql).
#}

{#- landing_partition_date(column): the partition folder's date, or NULL where the engine cannot see it. -#}
{% macro landing_partition_date(column) -%}
    {{ return(adapter.dispatch('landing_partition_date', 'erp_service_analytics')(column)) }}
{%- endmacro %}

{% macro default__landing_partition_date(column) -%}
    cast(null as date)
{%- endmacro %}

{% macro duckdb__landing_partition_date(column) -%}
    cast({{ column }} as date)
{%- endmacro %}
