-- Deduplicated ERP extract of warehouses: one row per warehouse_id, the latest updated_at,
-- then the latest extracted_at (ingest_date and batch_id break remaining ties). Dirty rows are kept.

with

source as (

    select * from {{ source('lake_erp', 'warehouses') }}

),

renamed as (

    select
        {{ erp_typed_columns('warehouses') }},
        {{ lake_extract_columns() }}

    from source

),

{{ dedupe('renamed', partition_by=['warehouse_id'],
            order_by=['updated_at desc', 'extracted_at desc', 'ingest_date desc', 'batch_id desc']) }}

select
    {{ erp_column_list('warehouses') }},
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
