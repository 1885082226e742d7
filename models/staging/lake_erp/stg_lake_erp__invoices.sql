-- Deduplicated ERP extract of invoices: one row per invoice_id, the latest updated_at,
-- then the latest extracted_at (ingest_date and batch_id break remaining ties). Dirty rows are kept.

with

source as (

    select * from {{ source('lake_erp', 'invoices') }}

),

renamed as (

    select
        -- keys
        cast(invoice_id as {{ dbt.type_bigint() }}) as invoice_id,
        cast(sales_order_id as {{ dbt.type_bigint() }}) as sales_order_id,
        cast(customer_id as {{ dbt.type_bigint() }}) as customer_id,

        -- attributes
        invoice_number,
        currency_code,
        invoice_status,

        -- quantities, amounts and rates
        cast(subtotal_amount as decimal(18, 2)) as subtotal_amount,
        cast(tax_amount as decimal(18, 2)) as tax_amount,
        cast(total_amount as decimal(18, 2)) as total_amount,

        -- dates and timestamps
        cast(invoice_date as date) as invoice_date,
        cast(due_date as date) as due_date,

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

{{ dedupe('renamed', partition_by=['invoice_id'],
            order_by=['updated_at desc', 'extracted_at desc', 'ingest_date desc', 'batch_id desc']) }}

select
    invoice_id,
    invoice_number,
    sales_order_id,
    customer_id,
    currency_code,
    invoice_date,
    due_date,
    subtotal_amount,
    tax_amount,
    total_amount,
    invoice_status,
    updated_at,
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
