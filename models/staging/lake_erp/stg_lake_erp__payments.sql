-- Deduplicated ERP extract of payments: one row per payment_id, the latest updated_at,
-- then the latest extracted_at (ingest_date and batch_id break remaining ties). Dirty rows are kept.

with

source as (

    select * from {{ source('lake_erp', 'payments') }}

),

renamed as (

    select
        {{ erp_typed_columns('payments') }},
        {{ lake_extract_columns() }}

    from source

),

{{ dedupe('renamed', partition_by=['payment_id'],
            order_by=['updated_at desc', 'extracted_at desc', 'ingest_date desc', 'batch_id desc']) }}

select
    {{ erp_column_list('payments') }},
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
