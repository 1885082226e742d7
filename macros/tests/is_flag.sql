{#
    Generic test: the column is an integer flag, 1 = true and 0 = false (T-SQL has no boolean
    column type; booleans become flags through `to_flag`). NULL passes, as with accepted_values:
    pair it with not_null. Fails with one row per other value and its count.
#}
{% test is_flag(model, column_name) %}
select
    {{ column_name }} as flag_value,
    count(*) as row_count
from {{ model }}
where {{ column_name }} not in (0, 1)
group by {{ column_name }}
{% endtest %}
