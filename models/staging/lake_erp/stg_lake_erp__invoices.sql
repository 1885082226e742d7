-- Deduplicated ERP extract of invoices: one row per invoice_id, the latest updated_at,
-- then the latest extracted_at (ingest_date and batch_id break remaining ties). Dirty rows are kept.

with

source as (

    select * from {{ source('lake_erp', 'invoices') }}

),

renamed as (

    select
        {{ erp_typed_columns('invoices') }},
        {{ lake_extract_columns() }}

    from source

),

{{ dedupe('renamed', partition_by=['invoice_id'],
            order_by=['updated_at desc', 'extracted_at desc', 'ingest_date desc', 'batch_id desc']) }}

select
    {{ erp_column_list('invoices') }},
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
