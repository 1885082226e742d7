-- ERP inventory_transactions, current state: one row per inventory_transaction_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'inventory_transactions') }}

),

renamed as (

    select
        -- keys
        cast(inventory_transaction_id as {{ dbt.type_bigint() }}) as inventory_transaction_id,
        cast(product_id as {{ dbt.type_bigint() }}) as product_id,
        cast(warehouse_id as {{ dbt.type_bigint() }}) as warehouse_id,
        cast(source_document_id as {{ dbt.type_bigint() }}) as source_document_id,

        -- attributes
        transaction_type,
        source_document_type,

        -- quantities, amounts and rates
        cast(quantity as {{ dbt.type_int() }}) as quantity,
        cast(unit_cost_amount as decimal(18, 2)) as unit_cost_amount,

        -- dates and timestamps
        cast(transaction_at as {{ dbt.type_timestamp() }}) as transaction_at,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    inventory_transaction_id,
    product_id,
    warehouse_id,
    transaction_type,
    quantity,
    unit_cost_amount,
    transaction_at,
    source_document_type,
    source_document_id,
    updated_at
from renamed
