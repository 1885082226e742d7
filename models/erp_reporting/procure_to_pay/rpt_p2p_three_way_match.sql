{#- Three-way match of every purchase order line as of the as-of date: ordered (PO), received
    (goods receipts) and invoiced (supplier invoice lines) quantities, and the invoiced amount
    against the PO price. match_status, first rule that applies:
      awaiting_receipt       nothing received, nothing invoiced
      invoiced_not_received  invoiced, nothing received
      over_invoiced          more units invoiced than received
      price_variance         invoiced amount differs from invoiced units at the PO unit cost by
                             more than the tolerance (var erp_match_price_tolerance, default 0.01)
      over_received          more units received than ordered
      awaiting_invoice       received, nothing invoiced
      partially_matched      invoiced < received, or received < ordered
      matched                ordered = received = invoiced, at the PO price -#}
{%- set price_tolerance = var('erp_match_price_tolerance', 0.01) -%}

with

po_lines as (
    select * from {{ ref('int_purchase_order_lines_matched') }}
),

variances as (
    select
        po_lines.*,
        {{ money(
            'po_lines.invoiced_amount - ' ~ money_multiply('po_lines.unit_cost_amount', 'po_lines.invoiced_quantity'),
            38
        ) }}
            as price_variance_amount
    from po_lines
),

classified as (
    select
        *,
        case
            when received_quantity = 0 and invoiced_quantity = 0 then 'awaiting_receipt'
            when received_quantity = 0 then 'invoiced_not_received'
            when invoiced_quantity > received_quantity then 'over_invoiced'
            when price_variance_amount > {{ price_tolerance }}
                or price_variance_amount < -{{ price_tolerance }} then 'price_variance'
            when received_quantity > ordered_quantity then 'over_received'
            when invoiced_quantity = 0 then 'awaiting_invoice'
            when invoiced_quantity < received_quantity or received_quantity < ordered_quantity then 'partially_matched'
            else 'matched'
        end as match_status
    from variances
),

final as (
    select
        -- keys
        purchase_order_line_id,
        purchase_order_id,
        po_number,
        line_number,
        supplier_id,
        product_id,
        warehouse_id,
        po_status,
        match_status,
        -- flags
        case when match_status = 'matched' then 1 else 0 end as is_matched,
        case
            when match_status in ('invoiced_not_received', 'over_invoiced', 'price_variance', 'over_received') then 1
            else 0
        end as is_exception,
        -- dates
        as_of_date,
        order_date,
        expected_date,
        first_received_date,
        last_received_date,
        first_invoice_date,
        -- quantities
        ordered_quantity,
        received_quantity,
        invoiced_quantity,
        received_quantity - invoiced_quantity as received_not_invoiced_quantity,
        -- amounts in the PO currency
        currency_code,
        unit_cost_amount,
        line_amount,
        invoiced_amount,
        price_variance_amount
    from classified
)

select * from final
