{#-
    fct_sales_order_lines: one row per sales order line. Incremental by arrival (delete+insert on
    sales_order_line_id): a run reloads the lines any of whose source rows (line, order, address,
    shipments, invoices, any customer or product version) landed since the latest arrival already
    loaded (source_landed_at >= arrival_watermark), whatever their event or extraction dates, so a
    late partition, a re-run batch or a late dimension version is caught; no event-time lookback.
    An EUR rate that landed since (a new day, a late or corrected rate: int_exchange_rates_valid's
    landed_at, the same arrival clock) reloads the lines dated from its rate date on, or from the day
    after the latest rate date landed before if that is earlier (a feed end that moved over a
    missing day).
    The result equals a full refresh.
    Customer and product keys point at the version valid when the order was created. Lines with
    impossible values (quantity <= 0, negative price or amount, discount outside 0-1) are left out
    and listed in quarantine_sales_order_lines; a post-hook removes a line that becomes impossible
    in a later extract (delete+insert would keep its older row). Amounts in
    the order currency, each followed by EUR at the order date's rate (int_exchange_rates_valid:
    the rate of the order date or the latest earlier rate date).
-#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='sales_order_line_id',
        on_schema_change='append_new_columns',
        post_hook=["delete from {{ this }} where sales_order_line_id in (select sales_order_line_id from {{ ref('quarantine_sales_order_lines') }})"]
    )
}}
-- depends_on: {{ ref('quarantine_sales_order_lines') }}

with

{% if is_incremental() %}
-- the first order date an EUR rate landed since the watermark can convert anew: its rate date (the
-- window before it ends there), or the day after the latest rate date landed before (a feed end
-- that moved over a missing day)
reconverted as (
    {{ rates_reconverted_from(ref('int_exchange_rates_valid'), arrival_watermark('source_landed_at')) }}
),
{% endif %}

-- two branches rather than one OR, so that each filter reaches the scan
order_lines as (
    select * from {{ ref('int_sales_order_lines_enriched') }}
    {% if is_incremental() %}
    where source_landed_at >= {{ arrival_watermark('source_landed_at') }}
    union all
    select * from {{ ref('int_sales_order_lines_enriched') }}
    where sales_order_line_id in (
            -- the keys first: a compound filter under `select *` would read every column of every line
            select reconverted_lines.sales_order_line_id
            from {{ ref('int_sales_order_lines_enriched') }} as reconverted_lines
            where
                (
                    reconverted_lines.source_landed_at < {{ arrival_watermark('source_landed_at') }}
                    or reconverted_lines.source_landed_at is null
                )
                and reconverted_lines.order_date >= (select reconverted.from_date from reconverted)
        )
    {% endif %}
),

customers as (
    select * from {{ ref('dim_customer') }}
),

products as (
    select * from {{ ref('dim_product') }}
),

geographies as (
    select * from {{ ref('dim_geography') }}
),

channels as (
    select * from {{ ref('dim_channel') }}
),

exchange_rates as (
    select * from {{ ref('int_exchange_rates_valid') }}
),

timed as (
    select
        *,
        -- the event time that picks the dimension versions; a line whose order header is missing
        -- (dirty extracts) falls back to the line's own last change
        coalesce(
            order_created_at, cast(order_date as {{ dbt.type_timestamp() }}), line_updated_at
        ) as ordered_at,
        {{ geography_key('ship_to_country_code', 'ship_to_region', 'ship_to_city') }} as ship_to_geography_key
    from order_lines
    -- impossible values (quantity <= 0 ...) are quarantined, not summed: quarantine_sales_order_lines
    where {{ sales_line_impossible_reason('ordered_quantity', 'unit_price_amount', 'discount_rate', 'line_amount') }}
        is null
),

resolved as (
    select
        timed.*,
        customers.customer_key,
        products.product_key,
        geographies.geography_key,
        channels.channel_key,
        {{ eur_rate('timed.currency_code') }}
            as exchange_rate
    from timed
    left join customers
        on
            timed.customer_id = customers.customer_id
            and timed.ordered_at >= customers.valid_from_at
            and timed.ordered_at < customers.valid_to_at
    left join products
        on
            timed.product_id = products.product_id
            and timed.ordered_at >= products.valid_from_at
            and timed.ordered_at < products.valid_to_at
    left join geographies
        on timed.ship_to_geography_key = geographies.geography_key
    left join channels
        on lower(timed.order_channel) = channels.channel_code
    {{ eur_rate_join('timed.currency_code', 'timed.order_date') }}
)

select
    -- keys
    cast({{ surrogate_key(['sales_order_line_id']) }} as varchar(32)) as sales_order_line_key,
    cast(sales_order_line_id as bigint) as sales_order_line_id,
    cast(sales_order_id as bigint) as sales_order_id,
    cast(order_number as varchar(16)) as order_number,
    cast(line_number as int) as line_number,
    {{ dimension_key('customer_key') }} as customer_key,
    {{ dimension_key('product_key') }} as product_key,
    {{ dimension_key('geography_key') }} as ship_to_geography_key,
    {{ dimension_key('channel_key') }} as channel_key,
    -- date roles (dim_date)
    {{ date_key('order_date') }} as order_date_key,
    {{ date_key('requested_delivery_date') }} as requested_delivery_date_key,
    {{ date_key('first_shipped_at') }} as ship_date_key,
    {{ date_key('first_invoice_date') }} as invoice_date_key,
    -- dates (the typed dates behind the date keys, for the semantic layer)
    cast(order_date as date) as order_date,
    cast(requested_delivery_date as date) as requested_delivery_date,
    cast(first_shipped_at as date) as ship_date,
    cast(first_invoice_date as date) as invoice_date,
    -- attributes
    cast(currency_code as varchar(3)) as currency_code,
    cast(order_status as varchar(16)) as order_status,
    -- flags
    {{ to_flag("order_status = 'cancelled'") }} as is_cancelled,
    {{ to_flag('first_shipped_at is not null') }} as is_shipped,
    {{ to_flag('first_invoice_date is not null') }} as is_invoiced,
    -- quantities
    cast(ordered_quantity as int) as ordered_quantity,
    cast(shipped_quantity as int) as shipped_quantity,
    cast(invoiced_quantity as int) as invoiced_quantity,
    -- amounts (order currency)
    {{ money('unit_price_amount') }} as unit_price_amount,
    cast(discount_rate as decimal(5, 4)) as discount_rate,
    {{ money(money_multiply('unit_price_amount', 'ordered_quantity')) }} as gross_amount,
    {{ erp_to_reporting_currency(
        money_multiply('unit_price_amount', 'ordered_quantity'), 'currency_code', 'exchange_rate'
    ) }} as gross_amount_eur,
    {{ money(money_multiply('unit_price_amount', 'ordered_quantity') ~ ' - line_amount') }}
        as discount_amount,
    {{ erp_to_reporting_currency(
        money_multiply('unit_price_amount', 'ordered_quantity') ~ ' - line_amount', 'currency_code', 'exchange_rate'
    ) }} as discount_amount_eur,
    {{ money('line_amount') }} as net_amount,
    {{ erp_to_reporting_currency('line_amount', 'currency_code', 'exchange_rate') }} as net_amount_eur,
    {{ money('invoiced_amount', 38) }} as invoiced_amount,
    {{ erp_to_reporting_currency('invoiced_amount', 'currency_code', 'exchange_rate', 38) }} as invoiced_amount_eur,
    -- timestamps
    cast(ordered_at as {{ dbt.type_timestamp() }}) as ordered_at,
    cast(source_extracted_at as {{ dbt.type_timestamp() }}) as source_extracted_at,
    cast(source_landed_at as {{ dbt.type_timestamp() }}) as source_landed_at
from resolved
