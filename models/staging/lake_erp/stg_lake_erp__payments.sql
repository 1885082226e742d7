-- Deduplicated ERP extract of payments: one row per payment_id, the latest updated_at,
-- then the latest extracted_at (ingest_date and batch_id break remaining ties). Dirty rows are kept.

with

source as (

    select * from {{ source('lake_erp', 'payments') }}

),

renamed as (

    select
        -- keys
        cast(payment_id as {{ dbt.type_bigint() }}) as payment_id,
        cast(invoice_id as {{ dbt.type_bigint() }}) as invoice_id,
        cast(customer_id as {{ dbt.type_bigint() }}) as customer_id,

        -- attributes
        payment_method,

        -- quantities, amounts and rates
        cast(payment_amount as decimal(18, 2)) as payment_amount,

        -- dates and timestamps
        cast(payment_date as date) as payment_date,

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

{{ dedupe('renamed', partition_by=['payment_id'],
            order_by=['updated_at desc', 'extracted_at desc', 'ingest_date desc', 'batch_id desc']) }}

select
    payment_id,
    invoice_id,
    customer_id,
    payment_date,
    payment_amount,
    payment_method,
    updated_at,
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
