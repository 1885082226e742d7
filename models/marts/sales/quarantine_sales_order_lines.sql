{#-
    quarantine_sales_order_lines: the ERP order lines (lake extracts) whose values are impossible
    (macro sales_line_impossible_reason: quantity <= 0, negative unit price or line amount, discount
    outside 0-1). One row per quarantined line, with its reason and values. They are left out of
    fct_sales_order_lines, so a negative quantity never lowers revenue silently; every staged line is
    in exactly one of the two (tests/sales/assert_every_staged_order_line_is_in_the_star_once).
-#}
with

order_lines as (
    select * from {{ ref('int_sales_order_lines_enriched') }}
),

checked as (
    select
        *,
        {{ sales_line_impossible_reason('ordered_quantity', 'unit_price_amount', 'discount_rate', 'line_amount') }}
            as reason
    from order_lines
)

select
    -- keys
    cast(sales_order_line_id as bigint) as sales_order_line_id,
    cast(sales_order_id as bigint) as sales_order_id,
    -- attributes
    cast(reason as varchar(32)) as reason,
    cast(currency_code as varchar(3)) as currency_code,
    -- quantities
    cast(ordered_quantity as int) as ordered_quantity,
    -- amounts (order currency)
    {{ money('unit_price_amount') }} as unit_price_amount,
    cast(discount_rate as decimal(9, 4)) as discount_rate,
    {{ money('line_amount') }} as line_amount,
    -- timestamps
    cast(source_extracted_at as {{ dbt.type_timestamp() }}) as source_extracted_at
from checked
where reason is not null
