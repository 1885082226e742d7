-- Deduplicated ERP extract of credit_memos: one row per credit_memo_id, the latest updated_at,
-- then the latest extracted_at (ingest_date and batch_id break remaining ties). Dirty rows are kept.

with

source as (

    select * from {{ source('lake_erp', 'credit_memos') }}

),

renamed as (

    select
        -- keys
        cast(credit_memo_id as {{ dbt.type_bigint() }}) as credit_memo_id,
        cast(invoice_id as {{ dbt.type_bigint() }}) as invoice_id,
        cast(customer_id as {{ dbt.type_bigint() }}) as customer_id,

        -- attributes
        credit_memo_number,
        rma_number,
        reason_code,

        -- quantities, amounts and rates
        cast(credit_amount as decimal(18, 2)) as credit_amount,

        -- dates and timestamps
        cast(credit_date as date) as credit_date,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at,
        -- the partition folder's date; NULL on Synapse (its Hadoop external tables cannot see it)
        {{ landing_partition_date('ingest_date') }} as ingest_date,
        _batch_id as batch_id,
        cast(_extracted_at as {{ dbt.type_timestamp() }}) as extracted_at,
        -- the arrival marker: when the file landed (set by the pipeline), what incremental models load by
        cast(_landed_at as {{ dbt.type_timestamp() }}) as landed_at

    from source

),

{{ dedupe('renamed', partition_by=['credit_memo_id'],
            order_by=['updated_at desc', 'extracted_at desc', 'ingest_date desc', 'batch_id desc']) }}

select
    credit_memo_id,
    credit_memo_number,
    invoice_id,
    customer_id,
    rma_number,
    credit_date,
    credit_amount,
    reason_code,
    updated_at,
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
