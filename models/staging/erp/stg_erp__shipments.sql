-- ERP shipments, current state: one row per shipment_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'shipments') }}

),

renamed as (

    select
        {{ erp_typed_columns('shipments') }}

    from source

)

select
    {{ erp_column_list('shipments') }}
from renamed
