-- Deduplicated ERP extract of sales_order_lines: one row per sales_order_line_id, the latest updated_at,
-- then the latest extracted_at (ingest_date and batch_id break remaining ties). Dirty rows are kept.

with

-- implausible _extracted_at (future, before the floor): quarantined, never a watermark
source as (

    select * from {{ source('lake_erp', 'sales_order_lines') }}
    where {{ implausible_time_reason('_extracted_at', 'timestamp') }} is null

),

renamed as (

    select
        {{ erp_typed_columns('sales_order_lines') }},
        {{ lake_extract_columns() }}

    from source

),

{{ dedupe('renamed', partition_by=['sales_order_line_id'],
            order_by=['updated_at desc', 'extracted_at desc', 'ingest_date desc', 'batch_id desc']) }}

select
    {{ erp_column_list('sales_order_lines') }},
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
