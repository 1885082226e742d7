{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['customer_id', 'updated_at'],
        on_schema_change='fail'
    )
}}
-- Every version of the ERP customer master that landed in the lake (the extracts are a change log):
-- one row per (customer_id, updated_at), the latest extraction of that version (a duplicate landed again
-- by a re-run batch is dropped; ingest_date and batch_id break remaining ties). The history the
-- SCD2 dimension dim_customer is built from; stg_lake_erp__customers keeps only the latest version.
-- Personal data: only the name, which dim_customer needs; the landed e-mail and phone are not read
-- (nothing on the star needs them, and the ERP reporting marts read them from the ERP itself).
-- Incremental by arrival (macro with_staged_versions): a run reads the files landed since the latest
-- landed_at staged and re-ranks only their keys against the row already staged; the first copy landed
-- breaks exact ties, so the result equals a full refresh.

with

source as (

    select * from {{ source('lake_erp', 'customers') }}
    {% if is_incremental() %}
    where {{ landed_since_watermark() }}
    {% endif %}

),

renamed as (

    select
        {{ erp_typed_columns('customers', exclude=['email', 'phone']) }},
        {{ lake_extract_columns() }}

    from source

),

{{ with_staged_versions('renamed', ['customer_id', 'updated_at'],
                        lake_erp_columns('customers', exclude=['email', 'phone'])) }},

{{ dedupe('candidates', partition_by=['customer_id', 'updated_at'],
            order_by=['extracted_at desc', 'ingest_date desc', 'batch_id desc', 'landed_at asc']) }}

select
    {{ erp_column_list('customers', exclude=['email', 'phone']) }},
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
