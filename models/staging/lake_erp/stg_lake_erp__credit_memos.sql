{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='credit_memo_id',
        on_schema_change='fail'
    )
}}
-- Deduplicated ERP extract of credit_memos: one row per credit_memo_id, the latest updated_at,
-- then the latest extracted_at (ingest_date and batch_id break remaining ties). Dirty rows are kept.
-- Incremental by arrival (macro with_staged_versions): a run reads the files landed since the latest
-- landed_at staged and re-ranks only their keys against the row already staged; the first copy landed
-- breaks exact ties, so the result equals a full refresh.

with

source as (

    select * from {{ source('lake_erp', 'credit_memos') }}
    {% if is_incremental() %}
    where {{ landed_since_watermark() }}
    {% endif %}

),

renamed as (

    select
        {{ erp_typed_columns('credit_memos') }},
        {{ lake_extract_columns() }}

    from source

),

{{ with_staged_versions('renamed', ['credit_memo_id'], lake_erp_columns('credit_memos')) }},

{{ dedupe('candidates', partition_by=['credit_memo_id'],
            order_by=['updated_at desc', 'extracted_at desc', 'ingest_date desc', 'batch_id desc', 'landed_at asc']) }}

select
    {{ erp_column_list('credit_memos') }},
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
