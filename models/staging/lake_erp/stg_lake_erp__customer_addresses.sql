-- Deduplicated ERP extract of customer_addresses: one row per address_id, the latest updated_at,
-- then the latest extracted_at (ingest_date and batch_id break remaining ties). Dirty rows are kept.

with

source as (

    select * from {{ source('lake_erp', 'customer_addresses') }}

),

renamed as (

    select
        {{ erp_typed_columns('customer_addresses') }},
        {{ lake_extract_columns() }}

    from source

),

{{ dedupe('renamed', partition_by=['address_id'],
            order_by=['updated_at desc', 'extracted_at desc', 'ingest_date desc', 'batch_id desc']) }}

select
    {{ erp_column_list('customer_addresses') }},
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
