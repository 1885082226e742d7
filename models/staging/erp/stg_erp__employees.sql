-- ERP employees, current state: one row per employee_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'employees') }}

),

renamed as (

    select
        {{ erp_typed_columns('employees') }}

    from source

)

select
    {{ erp_column_list('employees') }}
from renamed
