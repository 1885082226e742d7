{#
    Cosmos live_ids: which export counts, and the circuit breaker on the deletes it implies.

    A Cosmos container has no tombstones: a document absent from the latest live_ids export was
    deleted. A partial export (a failed or truncated CETAS) would therefore "delete" live documents.
    Two guards (docs/landing_contract.md, "live_ids exports"):

    * Completeness marker. A producer writes `_SUCCESS` (empty) into the export folder after the
      parquet file. Readers ignore an export folder without it (is_latest_complete_export).
    * Circuit breaker. Before a staging model applies the deletes of the latest complete export, it
      counts them against the documents that are live now (its own table's rows with is_deleted = 0
      from the previous build; on a first build or --full-refresh, every document in `changes`). When
      more than var live_ids_max_delete_share (default 0.25) of them would disappear at once, the
      model fails (when that is also at least var live_ids_min_deletes_to_trip documents, default 10,
      so that one delete in a tiny container does not trip it), naming the container and the counts,
      so its table (and everything downstream)
      keeps the previous build. The deletes it does apply are counted in the log.
#}

{#- is_latest_complete_export(column, relation, container): a predicate, true for the rows of the
    latest live_ids export of container that carries its completeness marker. -#}
{% macro is_latest_complete_export(column, relation, container) -%}
    {{ return(adapter.dispatch('is_latest_complete_export', 'erp_service_analytics')(column, relation, container)) }}
{%- endmacro %}

{#- T-SQL: the external table points at the one export folder that create_external_tables was given
    (the orchestrator passes the latest export whose _SUCCESS marker exists; Hadoop external tables
    cannot see files starting with _), so every row belongs to it. -#}
{% macro default__is_latest_complete_export(column, relation, container) -%}
    1 = 1 /* the external table holds only the chosen export: see create_external_tables */
{%- endmacro %}

{#- var live_ids_require_marker false (unit tests, whose fixtures are not folders): the latest export. -#}
{% macro duckdb__is_latest_complete_export(column, relation, container) -%}
    {%- if not var('live_ids_require_marker', true) -%}
        cast({{ column }} as date) = (select max(cast(latest.{{ column }} as date)) from {{ relation }} as latest)
    {%- else -%}
    cast({{ column }} as date) = (
        select max(cast(latest.{{ column }} as date))
        from {{ relation }} as latest
        {#- a unit test (this is none) gives its export rows as fixtures: no marker files to look for -#}
        {%- if this is not none %}
        where cast(latest.{{ column }} as date) in (
            select cast(regexp_extract(markers.file, '{{ column }}=([0-9]{4}-[0-9]{2}-[0-9]{2})', 1) as date)
            from glob({{ landing_path_literal('cosmos/' ~ esa_identifier(container) ~ '/live_ids/*/_SUCCESS') }}) as markers
        )
        {%- endif %}
    )
    {%- endif -%}
{%- endmacro %}


{#- live_ids_circuit_breaker(container, key_column): run before a parent staging model of a container
    with live_ids; renders nothing. Fails the model when the latest complete export would delete
    more than var live_ids_max_delete_share of the live documents; logs the deletes it applies. -#}
{% macro live_ids_circuit_breaker(container, key_column) -%}
    {#- a unit test renders the model without a relation of its own (this is none): nothing to guard -#}
    {%- if not execute or offline_compile() or this is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- set max_share = var('live_ids_max_delete_share', 0.25) | float -%}
    {%- set live_ids = source('cosmos_live_ids', container) -%}
    {%- set previous = none if should_full_refresh()
        else adapter.get_relation(this.database, this.schema, this.identifier) -%}
    {%- if previous is none -%}
        {%- set reference = 'select distinct changes.id from ' ~ source('cosmos', container) ~ ' as changes' -%}
        {%- set reference_name = 'documents in changes (first build or full refresh)' -%}
    {%- else -%}
        {%- set reference = 'select distinct built.' ~ esa_identifier(key_column) ~ ' as id from ' ~ previous
            ~ ' as built where built.is_deleted = 0' -%}
        {%- set reference_name = 'documents live after the previous build' -%}
    {%- endif -%}
    {%- set exported = 'select distinct live_ids.id from ' ~ live_ids ~ ' as live_ids where '
        ~ is_latest_complete_export('export_date', live_ids, container) -%}
    {#- no CTE and no subquery next to an aggregate: the same text runs on DuckDB and T-SQL -#}
    {%- set query -%}
        select counted.reference_count, counted.deleted_count, listed.export_count
        from (
            select
                count(*) as reference_count,
                coalesce(sum(case when exported.id is null then 1 else 0 end), 0) as deleted_count
            from ({{ reference }}) as reference
            left join ({{ exported }}) as exported
                on reference.id = exported.id
        ) as counted
        cross join (
            select count(*) as export_count from ({{ exported }}) as export_rows
        ) as listed
    {%- endset -%}
    {%- set row = run_query(query).rows[0] -%}
    {%- set reference_count, deleted_count, export_count = row[0] | int, row[1] | int, row[2] | int -%}
    {%- set share = (deleted_count / reference_count) if reference_count > 0 else 0 -%}
    {%- set counts = 'the latest complete live_ids export lists ' ~ export_count ~ ' documents and deletes '
        ~ deleted_count ~ ' of ' ~ reference_count ~ ' ' ~ reference_name
        ~ ' (' ~ '%.1f' | format(share * 100) ~ '%)' -%}
    {%- set min_deletes = var('live_ids_min_deletes_to_trip', 10) | int -%}
    {%- if share > max_share and deleted_count >= min_deletes -%}
        {{ exceptions.raise_compiler_error(
            'live_ids circuit breaker (' ~ this.identifier ~ '): Cosmos container ' ~ container ~ ': ' ~ counts
            ~ ', more than the allowed ' ~ '%.0f' | format(max_share * 100) ~ '% (var live_ids_max_delete_share). '
            ~ ('No export folder carries its _SUCCESS marker. ' if export_count == 0 else '')
            ~ 'If the export is partial, remove it (or its _SUCCESS marker) and build again; if the deletes '
            ~ "are real, build with --vars '{live_ids_max_delete_share: 1}'.") }}
    {%- endif -%}
    {{ log(this.identifier ~ ': live_ids: Cosmos container ' ~ container ~ ': ' ~ counts, info=true) }}
    {{ return('') }}
{%- endmacro %}
