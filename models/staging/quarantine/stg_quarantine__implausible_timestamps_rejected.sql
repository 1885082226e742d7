-- Quarantine: landed rows whose change timestamp cannot be true (implausible_time_reason), which the
-- staging models behind the incremental facts leave out so that they never move a watermark.
-- One row per rejected landed row, with the source, the row's identity, the landed value and the reason.
with

{% set cosmos_sources = ['interaction_events', 'app_sessions', 'support_tickets'] %}
{% for container in cosmos_sources %}
{{ container }}_checked as (
    select
        '{{ container }}' as source_table,
        cast(id as {{ dbt.type_string() }}) as record_id,
        cast(_ts as {{ dbt.type_string() }}) as landed_value,
        {{ implausible_time_reason('_ts', 'epoch_seconds') }} as rejection_reason,
        {{ landing_partition_date('ts_date') }} as partition_date
    from {{ source('cosmos', container) }}
),

{% endfor %}
sales_order_lines_checked as (
    select
        'sales_order_lines' as source_table,
        cast(sales_order_line_id as {{ dbt.type_string() }}) as record_id,
        cast(_extracted_at as {{ dbt.type_string() }}) as landed_value,
        {{ implausible_time_reason('_extracted_at', 'timestamp') }} as rejection_reason,
        {{ landing_partition_date('ingest_date') }} as partition_date
    from {{ source('lake_erp', 'sales_order_lines') }}
),

checked as (
    {% for container in cosmos_sources %}
    select * from {{ container }}_checked
    union all
    {% endfor %}
    select * from sales_order_lines_checked
)

select
    source_table,
    record_id,
    landed_value,
    rejection_reason,
    partition_date
from checked
where rejection_reason is not null
