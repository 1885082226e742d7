-- Deduplicated ERP extract of invoice_lines: one row per invoice_line_id, the latest updated_at,
-- then the latest extracted_at (ingest_date and batch_id break remaining ties). Dirty rows are kept.

with

source as (

    select * from {{ source('lake_erp', 'invoice_lines') }}

),

renamed as (

    select
        {{ erp_typed_columns('invoice_lines') }},
        {{ lake_extract_columns() }}

    from source

),

{{ dedupe('renamed', partition_by=['invoice_line_id'],
            order_by=['updated_at desc', 'extracted_at desc', 'ingest_date desc', 'batch_id desc']) }}

select
    {{ erp_column_list('invoice_lines') }},
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
