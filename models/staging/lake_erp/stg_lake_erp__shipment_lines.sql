-- Deduplicated ERP extract of shipment_lines: one row per shipment_line_id, the latest updated_at,
-- then the latest extracted_at (ingest_date and batch_id break remaining ties). Dirty rows are kept.

with

source as (

    select * from {{ source('lake_erp', 'shipment_lines') }}

),

renamed as (

    select
        {{ erp_typed_columns('shipment_lines') }},
        {{ lake_extract_columns() }}

    from source

),

{{ dedupe('renamed', partition_by=['shipment_line_id'],
            order_by=['updated_at desc', 'extracted_at desc', 'ingest_date desc', 'batch_id desc']) }}

select
    {{ erp_column_list('shipment_lines') }},
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
