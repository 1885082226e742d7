{#
    Generic test: the combination of the given columns is unique in the model (a compound primary
    key, e.g. (ticket_id, message_index)). Fails with one row per duplicated combination.
    Rows where any of the columns is NULL are compared too (GROUP BY treats NULLs as equal), so
    pair it with not_null tests on the key columns. Flat SQL (no WITH), so it runs on T-SQL, where
    dbt wraps a test's SQL in a subquery.
#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
    {%- if combination_of_columns is string -%}
        {%- set combination_of_columns = [combination_of_columns] -%}
    {%- endif -%}
    {%- set column_list = combination_of_columns | join(', ') -%}
select
    {{ column_list }},
    count(*) as duplicate_count
from {{ model }}
group by {{ column_list }}
having count(*) > 1
{% endtest %}
