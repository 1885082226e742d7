{#
    Generic test: the column holds one of the landing contract's ISO 4217 currency codes
    (`currency_codes` in tooling/esa/landing/entities/erp.yml, rendered into landing_currency_codes()).
    NULL passes, as with accepted_values: pair it with not_null. Fails with one row per other code.
#}
{% test is_currency_code(model, column_name) %}
select
    {{ column_name }} as currency_code,
    count(*) as row_count
from {{ model }}
where {{ column_name }} not in ('{{ landing_currency_codes() | join("', '") }}')
group by {{ column_name }}
{% endtest %}
