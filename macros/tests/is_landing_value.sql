{#
    Generic test: the column holds one of the values its landing contract enumeration allows
    (`values:` of the column in tooling/esa/landing/entities/erp.yml, rendered into
    landing_erp_values). For the ERP staging models of both landing areas: the ERP table defaults to
    the model's name (stg_erp__shipments and stg_lake_erp__shipments -> shipments;
    stg_lake_erp__customer_versions -> customers). NULL passes, as with accepted_values: pair it
    with not_null. Fails with one row per other value and its count.
#}
{% test is_landing_value(model, column_name, table=none) %}
    {%- if table is none -%}
        {%- set table = model.identifier.split('__')[-1] -%}
        {%- if table.endswith('_versions') -%}
            {%- set table = table[:-9] ~ 's' -%}
        {%- endif -%}
    {%- endif -%}
select
    {{ column_name }} as landed_value,
    count(*) as row_count
from {{ model }}
where {{ column_name }} not in ('{{ landing_erp_values(table, column_name) | join("', '") }}')
group by {{ column_name }}
{% endtest %}
