-- Deduplicated ERP extract of sales_orders: one row per sales_order_id, the latest updated_at,
-- then the latest extracted_at (ingest_date and batch_id break remaining ties). Dirty rows are kept.

with

source as (

    select * from {{ source('lake_erp', 'sales_orders') }}

),

renamed as (

    select
        {{ erp_typed_columns('sales_orders') }},
        {{ lake_extract_columns() }}

    from source

),

{{ dedupe('renamed', partition_by=['sales_order_id'],
            order_by=['updated_at desc', 'extracted_at desc', 'ingest_date desc', 'batch_id desc']) }}

select
    {{ erp_column_list('sales_orders') }},
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
