-- ERP gl_accounts, current state: one row per account_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'gl_accounts') }}

),

renamed as (

    select
        -- keys
        cast(account_id as {{ dbt.type_bigint() }}) as account_id,
        cast(parent_account_id as {{ dbt.type_bigint() }}) as parent_account_id,

        -- attributes
        account_number,
        account_name,
        account_type,
        statement,
        normal_balance,

        -- flags
        {{ to_flag('is_postable') }} as is_postable,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    account_id,
    account_number,
    account_name,
    account_type,
    statement,
    normal_balance,
    parent_account_id,
    is_postable,
    updated_at
from renamed
