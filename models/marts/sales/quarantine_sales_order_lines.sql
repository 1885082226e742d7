{#-
    quarantine_sales_order_lines: the ERP order lines (lake extracts) whose values are impossible
    (macro sales_line_impossible_reason: quantity <= 0, negative unit price or line amount, discount
    outside 0-1). One row per quarantined line, with its reason and values. They are left out of
    fct_sales_order_lines, so a negative quantity never lowers revenue silently; every staged line is
    in exactly one of the two (tests/sales/assert_every_staged_order_line_is_in_the_star_once).

    Incremental by arrival, as fct_sales_order_lines (delete+insert on sales_order_line_id): a run
    checks the lines int_sales_order_lines_enriched rebuilt since the latest source_landed_at held
    here (macro arrival_watermark), which are all the lines whose values can have changed. A line
    that was impossible and arrives possible is deleted by the post-hook (delete+insert only replaces
    the keys it inserts), so the table equals a full refresh: the lines of the enriched model that
    fail a rule, with their latest values.
-#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='sales_order_line_id',
        on_schema_change='append_new_columns',
        post_hook=[
            "delete from {{ this }} where sales_order_line_id in (select order_lines.sales_order_line_id from "
            ~ "{{ ref('int_sales_order_lines_enriched') }} as order_lines where {{ sales_line_impossible_reason("
            ~ "'order_lines.ordered_quantity', 'order_lines.unit_price_amount', 'order_lines.discount_rate',"
            ~ " 'order_lines.line_amount') }} is null)"
        ]
    )
}}

with

order_lines as (
    select * from {{ ref('int_sales_order_lines_enriched') }}
    {% if is_incremental() %}
    where source_landed_at >= {{ arrival_watermark('source_landed_at') }}
    {% endif %}
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
    cast(source_extracted_at as {{ dbt.type_timestamp() }}) as source_extracted_at,
    cast(source_landed_at as {{ dbt.type_timestamp() }}) as source_landed_at
from checked
where reason is not null
