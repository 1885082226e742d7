-- Deduplicated ERP extract of credit_memos: one row per credit_memo_id, the latest updated_at,
-- then the latest extracted_at (ingest_date and batch_id break remaining ties). Dirty rows are kept.

with

source as (

    select * from {{ source('lake_erp', 'credit_memos') }}

),

renamed as (

    select
        {{ erp_typed_columns('credit_memos') }},
        {{ lake_extract_columns() }}

    from source

),

{{ dedupe('renamed', partition_by=['credit_memo_id'],
            order_by=['updated_at desc', 'extracted_at desc', 'ingest_date desc', 'batch_id desc']) }}

select
    {{ erp_column_list('credit_memos') }},
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
