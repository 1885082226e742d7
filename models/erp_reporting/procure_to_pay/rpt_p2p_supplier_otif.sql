{#- Supplier on-time-in-full per supplier and fiscal period of the promised (expected) date, over
    the purchase order lines due by the as-of date. On time in full: the whole ordered quantity was
    received on or before the expected date. In full (at any time up to the as-of date): received
    >= ordered. On time: the last receipt of a fully received line came by the expected date. -#}

with

po_lines as (
    select * from {{ ref('int_purchase_order_lines_matched') }}
),

suppliers as (
    select * from {{ ref('stg_erp__suppliers') }}
),

due_lines as (
    select
        po_lines.*,
        {{ erp_fiscal_period_id('po_lines.expected_date') }} as fiscal_period_id,
        case when po_lines.received_quantity >= po_lines.ordered_quantity then 1 else 0 end as is_in_full,
        case
            when po_lines.received_quantity >= po_lines.ordered_quantity
                and po_lines.last_received_date <= po_lines.expected_date
                then 1
            else 0
        end as is_on_time,
        case
            when po_lines.received_by_expected_date_quantity >= po_lines.ordered_quantity then 1
            else 0
        end as is_on_time_in_full
    from po_lines
    where po_lines.expected_date <= po_lines.as_of_date
),

per_period as (
    select
        supplier_id,
        fiscal_period_id,
        max(as_of_date) as as_of_date,
        cast(count(*) as integer) as due_po_line_count,
        cast(sum(is_on_time) as integer) as on_time_line_count,
        cast(sum(is_in_full) as integer) as in_full_line_count,
        cast(sum(is_on_time_in_full) as integer) as on_time_in_full_line_count,
        cast(sum(ordered_quantity) as integer) as ordered_quantity,
        cast(sum(received_quantity) as integer) as received_quantity,
        cast(sum(received_by_expected_date_quantity) as integer) as received_on_time_quantity
    from due_lines
    group by supplier_id, fiscal_period_id
),

final as (
    select
        -- keys
        per_period.supplier_id,
        per_period.fiscal_period_id,
        suppliers.supplier_name,
        suppliers.country_code,
        -- dates
        per_period.as_of_date,
        -- numbers
        per_period.due_po_line_count,
        per_period.on_time_line_count,
        per_period.in_full_line_count,
        per_period.on_time_in_full_line_count,
        per_period.ordered_quantity,
        per_period.received_quantity,
        per_period.received_on_time_quantity,
        cast({{ safe_divide('per_period.on_time_line_count', 'per_period.due_po_line_count', 6) }} as decimal(9, 4))
            as on_time_rate,
        cast({{ safe_divide('per_period.in_full_line_count', 'per_period.due_po_line_count', 6) }} as decimal(9, 4))
            as in_full_rate,
        cast(
            {{ safe_divide('per_period.on_time_in_full_line_count', 'per_period.due_po_line_count', 6) }}
            as decimal(9, 4)
        ) as otif_rate
    from per_period
    left join suppliers
        on per_period.supplier_id = suppliers.supplier_id
)

select * from final
