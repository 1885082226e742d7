-- ERP shipment_lines, current state: one row per shipment_line_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'shipment_lines') }}

),

renamed as (

    select
        {{ erp_typed_columns('shipment_lines') }}

    from source

)

select
    {{ erp_column_list('shipment_lines') }}
from renamed
