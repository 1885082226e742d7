-- Deduplicated ERP extract of fiscal_periods: one row per fiscal_period_id, the latest updated_at,
-- then the latest extracted_at (ingest_date and batch_id break remaining ties). Dirty rows are kept.

with

source as (

    select * from {{ source('lake_erp', 'fiscal_periods') }}

),

renamed as (

    select
        {{ erp_typed_columns('fiscal_periods') }},
        {{ lake_extract_columns() }}

    from source

),

{{ dedupe('renamed', partition_by=['fiscal_period_id'],
            order_by=['updated_at desc', 'extracted_at desc', 'ingest_date desc', 'batch_id desc']) }}

select
    {{ erp_column_list('fiscal_periods') }},
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
