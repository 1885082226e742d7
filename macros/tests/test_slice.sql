{#
    Tests that cost what changed (issue 14, item 2). dbt wraps the model a generic test checks in
    get_where_subquery(); this override adds, on a daily run, a filter to the new slice of the large
    incremental models, next to the test's own `where` config.

    A model opts in with `meta: {test_slice: {column: <arrival column>}}` (dbt_project.yml): the
    landed_at its incremental run loads by (arrival_watermark). With var('test_since') unset (the
    default, `make build`, CI), every test reads the whole model. With
    `--vars '{test_since: lookback}'` (the daily job), a test of an opted-in model reads only the rows
    that landed within var('test_slice_days', 1) days before the model's latest landed_at: what the
    daily runs of that span loaded, late partitions included. With a date or timestamp
    (`--vars '{test_since: "2026-11-29"}'`), it reads the rows from that instant on. Tests of other
    models, source tests and singular tests always read everything.
#}

{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set slice = test_slice_condition(relation) -%}
    {%- if where and slice -%}
        {%- set where = '(' ~ where ~ ') and ' ~ slice -%}
    {%- elif slice -%}
        {%- set where = slice -%}
    {%- endif -%}
    {#- From here on, dbt's own default__get_where_subquery. -#}
    {%- if where -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {{ return(filtered) }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}


{% macro test_slice_column(relation) %}
    {#- The watermark column of the model behind `relation`, when it opted in; none otherwise. -#}
    {%- if not execute or graph.nodes is not defined
        or relation.identifier is not defined or relation.identifier is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model'
            and (node.alias or node.name) | lower == relation.identifier | lower
            and node.schema | lower == (relation.schema or '') | lower -%}
            {{ return((node.config.meta or {}).get('test_slice', {}).get('column')) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(none) }}
{% endmacro %}


{% macro test_slice_condition(relation) %}
    {#- The filter to the new slice, or none when var('test_since') is unset or the model did not opt in. -#}
    {%- set since = var('test_since', none) -%}
    {%- if since is none or since | string | trim in ('', 'all') -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set column = test_slice_column(relation) -%}
    {%- if column is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if since | string == 'lookback' -%}
        {%- set latest = dbt.dateadd('day', -1 * (var('test_slice_days', 1) | int), 'max(' ~ column ~ ')') -%}
        {{ return(column ~ ' >= (select ' ~ latest ~ ' from ' ~ relation ~ ')') }}
    {%- endif -%}
    {{ return(column ~ " >= cast('" ~ (since | string | replace("'", "")) ~ "' as " ~ dbt.type_timestamp() ~ ")") }}
{% endmacro %}
