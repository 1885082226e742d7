{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='invoice_id',
        on_schema_change='fail'
    )
}}
-- Deduplicated ERP extract of invoices: one row per invoice_id, the latest updated_at,
-- then the latest extracted_at (ingest_date and batch_id break remaining ties). Dirty rows are kept.
-- Incremental by arrival (macro with_staged_versions): a run reads the files landed since the latest
-- landed_at staged and re-ranks only their keys against the row already staged; the first copy landed
-- breaks exact ties, so the result equals a full refresh.

with

source as (

    select * from {{ source('lake_erp', 'invoices') }}
    {% if is_incremental() %}
    where {{ landed_since_watermark() }}
    {% endif %}

),

renamed as (

    select
        {{ erp_typed_columns('invoices') }},
        {{ lake_extract_columns() }}

    from source

),

{{ with_staged_versions('renamed', ['invoice_id'], lake_erp_columns('invoices')) }},

{{ dedupe('candidates', partition_by=['invoice_id'],
            order_by=['updated_at desc', 'extracted_at desc', 'ingest_date desc', 'batch_id desc', 'landed_at asc']) }}

select
    {{ erp_column_list('invoices') }},
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
