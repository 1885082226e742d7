{#
    landing_missing_days(): one row per gap in the daily partitions of a landed source, as a flat
    SELECT (no WITH): source_name, partition_column, first_missing_day, last_missing_day, missing_days.
    Every source with meta.landing_path and a daily partition column (ingest_date, ts_date) lands one
    folder per calendar day, an empty file included (docs/landing_contract.md); a day missing between
    the first and the last landed day of a source is a lost delivery. live_ids exports (export_date)
    are not daily by contract (older ones may be removed) and are left out.

    DuckDB lists the folders with glob(); a Synapse dedicated pool cannot list a folder (its Hadoop
    external tables hide the file a row came from), so on the T-SQL targets the SELECT is empty with
    the same columns: there the pipeline's own monitoring owns the check.
#}
{% macro landing_missing_days() -%}
    {{ return(adapter.dispatch('landing_missing_days', 'erp_service_analytics')()) }}
{%- endmacro %}

{% macro landing_daily_sources() -%}
    {%- set found = [] -%}
    {%- if not execute -%}
        {{ return(found) }}
    {%- endif -%}
    {%- for node in graph.sources.values() | sort(attribute='unique_id') -%}
        {%- set meta = node.config.meta if node.config.meta else node.meta -%}
        {%- if meta.get('landing_path') and meta.get('partition_column') in ('ingest_date', 'ts_date') -%}
            {%- do found.append({
                'name': node.source_name ~ '.' ~ node.name,
                'path': meta['landing_path'],
                'column': meta['partition_column'],
            }) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(found) }}
{%- endmacro %}

{% macro default__landing_missing_days() -%}
select
    cast(null as varchar(200)) as source_name,
    cast(null as varchar(50)) as partition_column,
    cast(null as date) as first_missing_day,
    cast(null as date) as last_missing_day,
    cast(null as int) as missing_days
where 1 = 0
{%- endmacro %}

{% macro duckdb__landing_missing_days() -%}
    {%- set root = env_var('ESA_LANDING_DIR', 'build/landing') | replace("'", "''") -%}
    {%- set sources = landing_daily_sources() -%}
    {%- if sources | length == 0 -%}
        {{ return(default__landing_missing_days()) }}
    {%- endif -%}
select
    gaps.source_name,
    gaps.partition_column,
    cast(gaps.landed_day + interval 1 day as date) as first_missing_day,
    cast(gaps.next_landed_day - interval 1 day as date) as last_missing_day,
    cast(date_diff('day', gaps.landed_day, gaps.next_landed_day) - 1 as integer) as missing_days
from (
    select
        days.source_name,
        days.partition_column,
        days.landed_day,
        lead(days.landed_day) over (partition by days.source_name order by days.landed_day) as next_landed_day
    from (
        {%- for source in sources %}
        select distinct
            '{{ source.name }}' as source_name,
            '{{ source.column }}' as partition_column,
            cast(regexp_extract(file, '{{ source.column }}=([0-9]{4}-[0-9]{2}-[0-9]{2})', 1) as date) as landed_day
        from glob('{{ root }}/{{ source.path }}/[!._]*/[!._]*')
        {%- if not loop.last %}
        union all
        {%- endif -%}
        {%- endfor %}
    ) as days
) as gaps
where date_diff('day', gaps.landed_day, gaps.next_landed_day) > 1
{%- endmacro %}
