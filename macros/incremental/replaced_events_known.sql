{#
    replaced_events_known(watermark): a condition, true when int_interaction_events_replaced holds the loaded
    versions of the events landed since `watermark` (an arrival watermark of fct_interaction_events: a literal or
    a subquery): this dbt invocation built it, for that watermark. A reader then takes the loaded versions of the
    arrived events from it, not from a scan of the whole fact by event id; otherwise (a model built alone, the
    fact loaded by another invocation) it looks them up in the fact. When the model runs it is read first and
    written as a constant (`1 = 1` or `1 = 0`), so that DuckDB drops the branch not taken without reading its
    tables; offline (the T-SQL check) and while parsing it is the condition itself, plain SQL on every target.
#}
{% macro replaced_events_known(watermark) -%}
    {%- set replaced = ref('int_interaction_events_replaced') -%}
    {%- set known -%}
exists (
        select 1
        from {{ replaced }} as replaced_built
        where
            replaced_built.invocation_id = '{{ invocation_id }}'
            and replaced_built.events_watermark = {{ watermark }}
    )
    {%- endset -%}
    {%- if execute and not offline_compile() and model.resource_type == 'model' -%}
        {%- if load_relation(replaced) is none -%}
            {{ return('1 = 0') }}
        {%- endif -%}
        {%- set value = run_query('select case when ' ~ known ~ ' then 1 else 0 end as known')
                        .columns[0].values()[0] -%}
        {{ return('1 = 1' if value | int == 1 else '1 = 0') }}
    {%- endif -%}
    {{ return(known) }}
{%- endmacro %}
