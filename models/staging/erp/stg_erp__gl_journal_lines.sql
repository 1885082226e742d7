-- ERP gl_journal_lines, current state: one row per journal_line_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'gl_journal_lines') }}

),

renamed as (

    select
        -- keys
        cast(journal_line_id as {{ dbt.type_bigint() }}) as journal_line_id,
        cast(journal_entry_id as {{ dbt.type_bigint() }}) as journal_entry_id,
        cast(account_id as {{ dbt.type_bigint() }}) as account_id,
        cast(cost_centre_id as {{ dbt.type_bigint() }}) as cost_centre_id,

        -- attributes
        cast(line_number as {{ dbt.type_int() }}) as line_number,

        -- quantities, amounts and rates
        cast(debit_amount as decimal(18, 2)) as debit_amount,
        cast(credit_amount as decimal(18, 2)) as credit_amount,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    journal_line_id,
    journal_entry_id,
    line_number,
    account_id,
    cost_centre_id,
    debit_amount,
    credit_amount,
    updated_at
from renamed
