{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['product_id', 'updated_at'],
        on_schema_change='fail'
    )
}}
-- Every version of the ERP product master that landed in the lake (the extracts are a change log):
-- one row per (product_id, updated_at), the latest extraction of that version (a duplicate landed again
-- by a re-run batch is dropped; ingest_date and batch_id break remaining ties). The history the
-- SCD2 dimension dim_product is built from; stg_lake_erp__products keeps only the latest version.
-- Incremental by arrival (macro with_staged_versions): a run reads the files landed since the latest
-- landed_at staged and re-ranks only their keys against the row already staged; the first copy landed
-- breaks exact ties, so the result equals a full refresh.

with

source as (

    select * from {{ source('lake_erp', 'products') }}
    {% if is_incremental() %}
    where {{ landed_since_watermark() }}
    {% endif %}

),

renamed as (

    select
        {{ erp_typed_columns('products') }},
        {{ lake_extract_columns() }}

    from source

),

{{ with_staged_versions('renamed', ['product_id', 'updated_at'], lake_erp_columns('products')) }},

{{ dedupe('candidates', partition_by=['product_id', 'updated_at'],
            order_by=['extracted_at desc', 'ingest_date desc', 'batch_id desc', 'landed_at asc']) }}

select
    {{ erp_column_list('products') }},
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
