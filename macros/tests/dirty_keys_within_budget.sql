{#
    Generic tests for foreign keys that the landing contract allows to be dirty (variants null_key and
    orphan): the share of such rows must stay within a stated budget (a share of the model's rows,
    vars dirty_null_key_budget_share and dirty_orphan_key_budget_share). They run at error severity:
    a warn test that always warns is no test, whereas a budget turns "one more bad key" into a
    failure once the share is exceeded. Each returns one row (the counts and the budget) when the
    budget is exceeded, none otherwise. Flat SQL (subqueries, no WITH), so it runs on T-SQL, where
    dbt wraps a test's SQL in a subquery.
#}
{% test null_keys_within_budget(model, column_name, budget_share=none) %}
    {%- set budget = budget_share if budget_share is not none else var('dirty_null_key_budget_share') -%}
select
    counts.total_rows,
    counts.null_key_rows,
    {{ budget }} as budget_share
from (
    select
        count(*) as total_rows,
        sum(case when {{ column_name }} is null then 1 else 0 end) as null_key_rows
    from {{ model }}
) as counts
where counts.null_key_rows > {{ budget }} * counts.total_rows
{% endtest %}

{#- orphan_keys_within_budget also reconciles with the orphan-key quarantine when `quarantine` is given
    (stg_quarantine__orphan_keys): it fails when that model does not list exactly the orphan rows counted
    here for this model and column. -#}
{% test orphan_keys_within_budget(model, column_name, to, field, budget_share=none, quarantine=none) %}
    {%- set budget = budget_share if budget_share is not none else var('dirty_orphan_key_budget_share') -%}
select
    counts.total_rows,
    counts.orphan_key_rows,
    {% if quarantine is not none %}quarantined.quarantined_rows{% else %}counts.orphan_key_rows{% endif %}
        as quarantined_rows,
    {{ budget }} as budget_share
from (
    select
        count(*) as total_rows,
        sum(case when child.{{ column_name }} is not null and parent.parent_key is null then 1 else 0 end)
            as orphan_key_rows
    from {{ model }} as child
    left join (
        select distinct {{ field }} as parent_key
        from {{ to }}
    ) as parent
        on child.{{ column_name }} = parent.parent_key
) as counts
{%- if quarantine is not none %}
cross join (
    select count(*) as quarantined_rows
    from {{ quarantine }}
    where source_model = '{{ model.identifier }}' and key_column = '{{ column_name }}'
) as quarantined
{%- endif %}
where
    counts.orphan_key_rows > {{ budget }} * counts.total_rows
    {%- if quarantine is not none %}
    or coalesce(counts.orphan_key_rows, 0) <> quarantined.quarantined_rows
    {%- endif %}
{% endtest %}
