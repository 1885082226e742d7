-- Deduplicated ERP extract of fiscal_periods: one row per fiscal_period_id, the latest updated_at,
-- then the latest extracted_at (ingest_date and batch_id break remaining ties). Dirty rows are kept.

with

source as (

    select * from {{ source('lake_erp', 'fiscal_periods') }}

),

renamed as (

    select
        -- keys
        cast(fiscal_period_id as {{ dbt.type_int() }}) as fiscal_period_id,

        -- attributes
        cast(fiscal_year as {{ dbt.type_int() }}) as fiscal_year,
        cast(fiscal_quarter as {{ dbt.type_int() }}) as fiscal_quarter,
        cast(period_number as {{ dbt.type_int() }}) as period_number,

        -- flags
        {{ to_flag('is_closed') }} as is_closed,

        -- dates and timestamps
        cast(period_start_date as date) as period_start_date,
        cast(period_end_date as date) as period_end_date,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at,
        -- the partition folder's date; NULL on Synapse (its Hadoop external tables cannot see it)
        {{ landing_partition_date('ingest_date') }} as ingest_date,
        _batch_id as batch_id,
        cast(_extracted_at as {{ dbt.type_timestamp() }}) as extracted_at,
        -- the arrival marker: when the file landed (set by the pipeline), what incremental models load by
        cast(_landed_at as {{ dbt.type_timestamp() }}) as landed_at

    from source

),

{{ dedupe('renamed', partition_by=['fiscal_period_id'],
            order_by=['updated_at desc', 'extracted_at desc', 'ingest_date desc', 'batch_id desc']) }}

select
    fiscal_period_id,
    fiscal_year,
    fiscal_quarter,
    period_number,
    period_start_date,
    period_end_date,
    is_closed,
    updated_at,
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
