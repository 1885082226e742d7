{#- Generic test: no two rows share the same combination of `columns` (a composite primary key).
    T-SQL-safe: an explicit GROUP BY, no tuple COUNT(DISTINCT a, b). -#}
{% test erp_unique_combination(model, columns) %}
select
    {{ columns | join(', ') }},
    count(*) as duplicate_count
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
