{#
    dedupe(relation, partition_by, order_by, name='deduplicated'): "latest row per key", written
    as two flat CTEs so that it runs unchanged on DuckDB and T-SQL (no QUALIFY, no nested WITH,
    no subquery):

        <name>__ranked as (select *, row_number() over (partition by ... order by ...) as dedupe_row_number
                           from <relation>),
        <name> as (select * from <name>__ranked where dedupe_row_number = 1)

    Call it inside a model's WITH list, where a CTE definition may stand, and end the model with
    an explicit column list from <name> (which drops dedupe_row_number):

        with
        source as (...),
        renamed as (...),
        {{ dedupe('renamed', ['customer_id'], ['updated_at desc', 'extracted_at desc']) }}
        select customer_id, ... from deduplicated

    partition_by and order_by are a column name or a list of SQL fragments. Make the order total
    (end with a unique tie-breaker) so the chosen row is deterministic, and prefer `desc` on
    non-null columns: DuckDB sorts NULLs last and T-SQL sorts them lowest, which only agree for desc.
#}
{% macro dedupe(relation, partition_by, order_by, name='deduplicated') -%}
    {%- set partition_by = [partition_by] if partition_by is string else partition_by -%}
    {%- set order_by = [order_by] if order_by is string else order_by -%}
    {%- if partition_by | length == 0 or order_by | length == 0 -%}
        {{ exceptions.raise_compiler_error('dedupe needs partition_by and order_by columns') }}
    {%- endif -%}
{{ name }}__ranked as (
    select
        *,
        row_number() over (
            partition by {{ partition_by | join(', ') }}
            order by {{ order_by | join(', ') }}
        ) as dedupe_row_number
    from {{ relation }}
),

{{ name }} as (
    select *
    from {{ name }}__ranked
    where dedupe_row_number = 1
)
{%- endmacro %}
