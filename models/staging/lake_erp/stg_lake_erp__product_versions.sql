-- Every version of the ERP product master that landed in the lake (the extracts are a change log):
-- one row per (product_id, updated_at), the latest extraction of that version (a duplicate landed again
-- by a re-run batch is dropped; ingest_date and batch_id break remaining ties). The history the
-- SCD2 dimension dim_product is built from; stg_lake_erp__products keeps only the latest version.

with

source as (

    select * from {{ source('lake_erp', 'products') }}

),

renamed as (

    select
        {{ erp_typed_columns('products') }},
        {{ lake_extract_columns() }}

    from source

),

{{ dedupe('renamed', partition_by=['product_id', 'updated_at'],
            order_by=['extracted_at desc', 'ingest_date desc', 'batch_id desc']) }}

select
    {{ erp_column_list('products') }},
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
