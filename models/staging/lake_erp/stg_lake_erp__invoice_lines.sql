-- Deduplicated ERP extract of invoice_lines: one row per invoice_line_id, the latest updated_at,
-- then the latest extracted_at (ingest_date and batch_id break remaining ties). Dirty rows are kept.

with

source as (

    select * from {{ source('lake_erp', 'invoice_lines') }}

),

renamed as (

    select
        -- keys
        cast(invoice_line_id as {{ dbt.type_bigint() }}) as invoice_line_id,
        cast(invoice_id as {{ dbt.type_bigint() }}) as invoice_id,
        cast(sales_order_line_id as {{ dbt.type_bigint() }}) as sales_order_line_id,
        cast(product_id as {{ dbt.type_bigint() }}) as product_id,

        -- quantities, amounts and rates
        cast(quantity as {{ dbt.type_int() }}) as quantity,
        cast(unit_price_amount as decimal(18, 2)) as unit_price_amount,
        cast(line_amount as decimal(18, 2)) as line_amount,
        cast(tax_rate as decimal(5, 4)) as tax_rate,
        cast(tax_amount as decimal(18, 2)) as tax_amount,

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

{{ dedupe('renamed', partition_by=['invoice_line_id'],
            order_by=['updated_at desc', 'extracted_at desc', 'ingest_date desc', 'batch_id desc']) }}

select
    invoice_line_id,
    invoice_id,
    sales_order_line_id,
    product_id,
    quantity,
    unit_price_amount,
    line_amount,
    tax_rate,
    tax_amount,
    updated_at,
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
