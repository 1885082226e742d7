{#
    Generic test: the column holds one of the values its landing contract enumeration allows
    (`values:` of the column in tooling/esa/landing/entities/*.yml, rendered into landing_values), plus
    any `extra` members a mart adds (such as the unknown member). The contract's entity and column
    default to the model's and the tested column's names, for the ERP staging models of both landing
    areas (stg_erp__shipments and stg_lake_erp__shipments -> shipments;
    stg_lake_erp__customer_versions -> customers); a mart names them:
    `is_landing_value: {arguments: {entity: support_tickets, column: priority, extra: [unknown]}}`.
    NULL passes, as with accepted_values: pair it with not_null. Fails with one row per other value
    and its count.
#}
{% test is_landing_value(model, column_name, entity=none, column=none, extra=[]) %}
    {%- if entity is none -%}
        {%- set entity = model.identifier.split('__')[-1] -%}
        {%- if entity.endswith('_versions') -%}
            {%- set entity = entity[:-9] ~ 's' -%}
        {%- endif -%}
    {%- endif -%}
    {#- at parse time `model` is not yet the tested relation: look the values up at execution only -#}
    {%- set allowed = (landing_values(entity, column or column_name) if execute else []) + extra -%}
select
    {{ column_name }} as landed_value,
    count(*) as row_count
from {{ model }}
where {{ column_name }} not in ('{{ allowed | join("', '") }}')
group by {{ column_name }}
{% endtest %}
