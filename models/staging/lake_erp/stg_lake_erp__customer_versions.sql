-- Every version of the ERP customer master that landed in the lake (the extracts are a change log):
-- one row per (customer_id, updated_at), the latest extraction of that version (a duplicate landed again
-- by a re-run batch is dropped; ingest_date and batch_id break remaining ties). The history the
-- SCD2 dimension dim_customer is built from; stg_lake_erp__customers keeps only the latest version.
-- Personal data: only the name, which dim_customer needs; the landed e-mail and phone are not read
-- (nothing on the star needs them, and the ERP reporting marts read them from the ERP itself).

with

source as (

    select * from {{ source('lake_erp', 'customers') }}

),

renamed as (

    select
        -- keys
        cast(customer_id as {{ dbt.type_bigint() }}) as customer_id,

        -- attributes
        customer_number,
        customer_name,
        segment,
        country_code,
        currency_code,
        cast(payment_terms_days as {{ dbt.type_int() }}) as payment_terms_days,

        -- flags
        {{ to_flag('is_active') }} as is_active,

        -- quantities, amounts and rates
        cast(credit_limit_amount as decimal(18, 2)) as credit_limit_amount,

        -- metadata
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at,
        -- the partition folder's date; NULL on Synapse (its Hadoop external tables cannot see it)
        {{ landing_partition_date('ingest_date') }} as ingest_date,
        _batch_id as batch_id,
        cast(_extracted_at as {{ dbt.type_timestamp() }}) as extracted_at,
        -- the arrival marker: when the file landed (set by the pipeline), what incremental models load by
        cast(_landed_at as {{ dbt.type_timestamp() }}) as landed_at

    from source

),

{{ dedupe('renamed', partition_by=['customer_id', 'updated_at'],
            order_by=['extracted_at desc', 'ingest_date desc', 'batch_id desc']) }}

select
    customer_id,
    customer_number,
    customer_name,
    segment,
    country_code,
    currency_code,
    credit_limit_amount,
    payment_terms_days,
    is_active,
    created_at,
    updated_at,
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
