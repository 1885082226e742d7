{#
    Tests that cost what changed (issue 14, item 2; docs/benchmarks.md, "Which tests run when").

    Generic tests. dbt wraps the model a generic test checks in get_where_subquery(); this override
    adds, on a daily run, a filter to the new slice of the incremental models, next to the test's own
    `where` config. A model opts in with `meta: {test_slice: {column: <arrival column>}}`
    (dbt_project.yml): the landed_at its incremental run loads by (arrival_watermark). Only the test
    kinds whose verdict on a slice is the verdict on those rows are sliced (test_slice_kinds): a row
    check (not_null, accepted values, flags, codes, a parent that exists) or a key unique among the
    rows the run wrote (the incremental models delete+insert on their key). Tests over the whole
    model (a budget share, a count reconciled with a quarantine) always read everything.

    Singular tests read var('test_since') through test_slice_start(): each one restricts itself to
    the keys or periods that landed since the slice start, where its invariant allows it.

    The slice. With var('test_since') unset (the default, `make build`, CI), every test reads
    everything. With `--vars '{test_since: lookback}'` (the daily job), the slice is the rows that
    landed within var('test_slice_days', 1) days before the latest arrival the anchor model holds:
    what the daily runs of that span loaded, late partitions included. With a date or timestamp
    (`--vars '{test_since: "2026-11-29"}'`), the rows from that instant on. The start is a literal,
    read once per test (`select max(...)`), so the engine prunes the old row groups and files by
    their statistics instead of reading every row to compare it with a subquery.
#}

{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set slice = test_slice_condition(relation) if test_slice_active() and test_slice_applies() else none -%}
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


{% macro test_slice_kinds() %}
    {#- The generic tests whose result on the slice is their result on the rows the run wrote. -#}
    {{ return(['unique', 'not_null', 'accepted_values', 'relationships', 'unique_combination_of_columns',
               'is_flag', 'is_currency_code', 'is_pii_hash', 'is_landing_value']) }}
{% endmacro %}


{% macro test_slice_applies() %}
    {#- Whether the generic test being compiled (the context's `model`: the test node) may read a slice:
        its kind is in test_slice_kinds(), and it does not need the model's relation itself
        (is_landing_value without `entity` takes the contract's entity from the model's name). -#}
    {%- set metadata = (model.get('test_metadata') if model is mapping else none) or {} -%}
    {%- set kind = metadata.get('name') -%}
    {%- set kwargs = metadata.get('kwargs') or {} -%}
    {%- if kind not in test_slice_kinds() -%}
        {{ return(false) }}
    {%- endif -%}
    {{ return(not (kind == 'is_landing_value' and kwargs.get('entity') is none)) }}
{% endmacro %}


{% macro test_slice_column(relation) %}
    {#- The watermark column of the model behind `relation`, when it opted in; none otherwise. The test
        node (the context's `model`) names the model it is attached to: one lookup, not a scan of the graph. -#}
    {%- if not execute or graph.nodes is not defined
        or relation.identifier is not defined or relation.identifier is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set attached = graph.nodes.get(model.get('attached_node')) if model is mapping else none -%}
    {%- set candidates = [attached] if attached else graph.nodes.values() -%}
    {%- for node in candidates -%}
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
    {%- if not test_slice_active() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set column = test_slice_column(relation) -%}
    {%- if column is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set start = test_slice_start(relation, column) -%}
    {{ return(none if start is none else column ~ ' >= ' ~ start) }}
{% endmacro %}


{% macro test_slice_active() %}
    {#- True on a sliced run: var('test_since') is set to `lookback` or a date (not empty, not `all`). -#}
    {%- set since = var('test_since', none) -%}
    {{ return(not (since is none or since | string | trim in ('', 'all'))) }}
{% endmacro %}


{% macro test_slice_start(anchor, column='landed_at') %}
    {#- The start of the slice, as a timestamp literal, or none (read everything): var('test_since')
        unset; or `lookback` and `anchor` (a relation) holding no `column` value yet. For `lookback`,
        the latest `column` of `anchor` (up to the arrival watermark's future ceiling) less
        var('test_slice_days', 1) days; for a date, that date. -#}
    {%- if not test_slice_active() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set since = var('test_since') | string | trim -%}
    {%- if since == 'lookback' -%}
        {%- if not execute -%}
            {{ return(none) }}
        {%- endif -%}
        {#- the ceiling of arrival_watermark: a marker stamped in the future (beyond the run's start +
            watermark_future_tolerance_hours) must not move the slice past every other row -#}
        {%- set ceiling = run_started_at.replace(tzinfo=none)
            + modules.datetime.timedelta(hours=var('watermark_future_tolerance_hours', 48) | int) -%}
        {%- set latest = run_query(
            'select max(' ~ column ~ ') from ' ~ anchor ~ ' where ' ~ column ~ " <= cast('"
            ~ ceiling.strftime('%Y-%m-%d %H:%M:%S') ~ "' as " ~ dbt.type_timestamp() ~ ')'
        ).columns[0].values()[0] -%}
        {%- if latest is none -%}
            {{ return(none) }}
        {%- endif -%}
        {%- if latest is string -%}
            {%- set latest = modules.datetime.datetime.fromisoformat(latest) -%}
        {%- endif -%}
        {%- set start = latest - modules.datetime.timedelta(days=var('test_slice_days', 1) | int) -%}
        {%- set since = start.strftime('%Y-%m-%d %H:%M:%S') -%}
    {%- endif -%}
    {{ return("cast('" ~ (since | replace("'", "")) ~ "' as " ~ dbt.type_timestamp() ~ ")") }}
{% endmacro %}


{% macro test_slice_model_is_incremental(model_name) %}
    {#- Whether this project's model of that name is materialized incremental (false at parse time). -#}
    {%- if not execute -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set node = graph.nodes.get('model.' ~ project_name ~ '.' ~ model_name) -%}
    {{ return(node is not none and node.config.materialized == 'incremental') }}
{% endmacro %}
