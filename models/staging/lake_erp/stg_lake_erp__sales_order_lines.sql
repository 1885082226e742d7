{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='sales_order_line_id',
        on_schema_change='fail'
    )
}}
-- Deduplicated ERP extract of sales_order_lines: one row per sales_order_line_id, the latest updated_at,
-- then the latest extracted_at (ingest_date and batch_id break remaining ties). Dirty rows are kept.
-- Incremental by arrival (macro with_staged_versions): a run reads the files landed since the latest
-- landed_at staged and re-ranks only their keys against the row already staged; the first copy landed
-- breaks exact ties, so the result equals a full refresh.

with

-- implausible _extracted_at (future, before the floor): quarantined, never a watermark
source as (

    select * from {{ source('lake_erp', 'sales_order_lines') }}
    where {{ implausible_time_reason('_extracted_at', 'timestamp') }} is null
        {% if is_incremental() %}
        and {{ landed_since_watermark() }}
        {% endif %}

),

renamed as (

    select
        {{ erp_typed_columns('sales_order_lines') }},
        {{ lake_extract_columns() }}

    from source

),

{{ with_staged_versions('renamed', ['sales_order_line_id'], lake_erp_columns('sales_order_lines')) }},

{{ dedupe('candidates', partition_by=['sales_order_line_id'],
            order_by=['updated_at desc', 'extracted_at desc', 'ingest_date desc', 'batch_id desc', 'landed_at asc']) }}

select
    {{ erp_column_list('sales_order_lines') }},
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
