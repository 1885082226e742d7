{#-
    int_sales_order_lines_enriched: one row per ERP sales order line (lake extracts), with its order
    header, ship-to location, first shipment and invoicing, and `source_extracted_at`: the latest
    extraction time of ANY row the line's fact row is built from (line, order, address, customer,
    product, shipments, invoices), and `source_landed_at`: the latest arrival marker (`_landed_at`,
    when its file landed) of any of those rows, customer and product taken over ALL their versions
    (the fact resolves the version valid at order time, so a late older version re-resolves it).
    The incremental fact reloads a line when source_landed_at reaches its watermark (arrival, not
    event time): a late partition, a late shipment or invoice, a re-run batch or a late dimension
    version all land after the last run, whatever their dates.
    Natural ids only: the fact resolves the dimension keys.

    Incremental by arrival (delete+insert on sales_order_line_id): a run rebuilds, from the staged
    rows, every line any of whose input rows was staged since the latest source_landed_at it holds
    (macro arrival_watermark): the line itself; the lines of an order, of an address (through its
    orders), of a customer or product version (late or restated: any version landed), of a shipment
    or shipment line, of an invoice or invoice line that arrived. Why this equals a full refresh:
    the staging models are incremental by arrival too, so every staged row that changed since the
    last run carries a landed_at at or after that run's latest landed_at, which is at least this
    model's watermark; each rebuilt line is computed from ALL its staged rows (all its shipments and
    invoices, all versions of its customer and product), as a full refresh computes it; and a line
    none of whose input rows changed would come out of a full refresh the same as before. Staged
    rows are never deleted (staging keeps the latest version of every key), so no line disappears.
    Not covered, as in the order-line fact: a child row (shipment line, invoice line) re-parented to
    another order line by a later version; ERP line keys do not move between parents.
-#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='sales_order_line_id',
        on_schema_change='fail'
    )
}}
with

{% if is_incremental() %}
{#- the arrival watermark, read once as a literal (arrival_watermark_literal): each `landed_at >=` below
    prunes the staged tables' row groups by their zone maps instead of reading every row -#}
{%- set watermark = arrival_watermark_literal('source_landed_at') %}
-- every line one of whose input rows was staged at or after the watermark. Each branch starts from
-- the rows that landed and goes to their lines by key (no join of whole tables); the staged tables
-- are named directly, not through a CTE used several times (DuckDB would copy it whole).
changed_lines as (
    -- the line itself
    select changed.sales_order_line_id
    from {{ ref('stg_lake_erp__sales_order_lines') }} as changed
    where changed.landed_at >= {{ watermark }}
    union
    -- the lines of an order that landed, or whose ship-to address or customer (any version) landed
    select order_lines.sales_order_line_id
    from {{ ref('stg_lake_erp__sales_order_lines') }} as order_lines
    where order_lines.sales_order_id in (
            select changed_orders.sales_order_id
            from {{ ref('stg_lake_erp__sales_orders') }} as changed_orders
            where changed_orders.landed_at >= {{ watermark }}
            union all
            select address_orders.sales_order_id
            from {{ ref('stg_lake_erp__sales_orders') }} as address_orders
            where address_orders.ship_to_address_id in (
                    select changed_addresses.address_id
                    from {{ ref('stg_lake_erp__customer_addresses') }} as changed_addresses
                    where changed_addresses.landed_at >= {{ watermark }}
                )
            union all
            select customer_orders.sales_order_id
            from {{ ref('stg_lake_erp__sales_orders') }} as customer_orders
            where customer_orders.customer_id in (
                    select changed_customers.customer_id
                    from {{ ref('stg_lake_erp__customer_versions') }} as changed_customers
                    where changed_customers.landed_at >= {{ watermark }}
                )
        )
    union
    -- the lines of a product, any version of which landed
    select product_lines.sales_order_line_id
    from {{ ref('stg_lake_erp__sales_order_lines') }} as product_lines
    where product_lines.product_id in (
            select changed_products.product_id
            from {{ ref('stg_lake_erp__product_versions') }} as changed_products
            where changed_products.landed_at >= {{ watermark }}
        )
    union
    -- a shipment line that landed, or one of a shipment that landed
    select changed_shipment_lines.sales_order_line_id
    from {{ ref('stg_lake_erp__shipment_lines') }} as changed_shipment_lines
    where changed_shipment_lines.landed_at >= {{ watermark }}
    union
    select shipment_lines_of_changed.sales_order_line_id
    from {{ ref('stg_lake_erp__shipment_lines') }} as shipment_lines_of_changed
    where shipment_lines_of_changed.shipment_id in (
            select changed_shipments.shipment_id
            from {{ ref('stg_lake_erp__shipments') }} as changed_shipments
            where changed_shipments.landed_at >= {{ watermark }}
        )
    union
    -- an invoice line that landed, or one of an invoice that landed
    select changed_invoice_lines.sales_order_line_id
    from {{ ref('stg_lake_erp__invoice_lines') }} as changed_invoice_lines
    where changed_invoice_lines.landed_at >= {{ watermark }}
    union
    select invoice_lines_of_changed.sales_order_line_id
    from {{ ref('stg_lake_erp__invoice_lines') }} as invoice_lines_of_changed
    where invoice_lines_of_changed.invoice_id in (
            select changed_invoices.invoice_id
            from {{ ref('stg_lake_erp__invoices') }} as changed_invoices
            where changed_invoices.landed_at >= {{ watermark }}
        )
),
{% endif %}

order_lines as (
    select * from {{ ref('stg_lake_erp__sales_order_lines') }}
    {% if is_incremental() %}
    where sales_order_line_id in (select changed_lines.sales_order_line_id from changed_lines)
    {% endif %}
),

orders as (
    select * from {{ ref('stg_lake_erp__sales_orders') }}
),

addresses as (
    select * from {{ ref('stg_lake_erp__customer_addresses') }}
),

customers as (
    select * from {{ ref('stg_lake_erp__customers') }}
),

products as (
    select * from {{ ref('stg_lake_erp__products') }}
),

-- the latest arrival of any version of a customer / product: a version that lands late (older than
-- the current one) changes which version a line resolves to, so it must reload the line
customer_arrivals as (
    select
        customer_id,
        max(landed_at) as landed_at
    from {{ ref('stg_lake_erp__customer_versions') }}
    group by customer_id
),

product_arrivals as (
    select
        product_id,
        max(landed_at) as landed_at
    from {{ ref('stg_lake_erp__product_versions') }}
    group by product_id
),

shipment_lines as (
    select * from {{ ref('stg_lake_erp__shipment_lines') }}
    {% if is_incremental() %}
    where sales_order_line_id in (select order_lines.sales_order_line_id from order_lines)
    {% endif %}
),

shipments as (
    select * from {{ ref('stg_lake_erp__shipments') }}
),

invoice_lines as (
    select * from {{ ref('stg_lake_erp__invoice_lines') }}
    {% if is_incremental() %}
    where sales_order_line_id in (select order_lines.sales_order_line_id from order_lines)
    {% endif %}
),

invoices as (
    select * from {{ ref('stg_lake_erp__invoices') }}
),

line_shipments as (
    select
        shipment_lines.sales_order_line_id,
        min(shipments.shipped_at) as first_shipped_at,
        sum(shipment_lines.shipped_quantity) as shipped_quantity,
        max(shipment_lines.extracted_at) as shipment_line_extracted_at,
        max(shipments.extracted_at) as shipment_extracted_at,
        max(shipment_lines.landed_at) as shipment_line_landed_at,
        max(shipments.landed_at) as shipment_landed_at
    from shipment_lines
    left join shipments
        on shipment_lines.shipment_id = shipments.shipment_id
    where shipment_lines.sales_order_line_id is not null
    group by shipment_lines.sales_order_line_id
),

line_invoices as (
    select
        invoice_lines.sales_order_line_id,
        min(invoices.invoice_date) as first_invoice_date,
        sum(invoice_lines.quantity) as invoiced_quantity,
        {{ money_sum('invoice_lines.line_amount') }} as invoiced_amount,
        max(invoice_lines.extracted_at) as invoice_line_extracted_at,
        max(invoices.extracted_at) as invoice_extracted_at,
        max(invoice_lines.landed_at) as invoice_line_landed_at,
        max(invoices.landed_at) as invoice_landed_at
    from invoice_lines
    left join invoices
        on invoice_lines.invoice_id = invoices.invoice_id
    where invoice_lines.sales_order_line_id is not null
    group by invoice_lines.sales_order_line_id
),

joined as (
    select
        order_lines.sales_order_line_id,
        order_lines.sales_order_id,
        order_lines.line_number,
        order_lines.product_id,
        order_lines.warehouse_id,
        orders.order_number,
        orders.customer_id,
        orders.order_channel,
        orders.currency_code,
        orders.order_status,
        orders.order_date,
        orders.requested_delivery_date,
        orders.created_at as order_created_at,
        order_lines.updated_at as line_updated_at,
        addresses.country_code as ship_to_country_code,
        addresses.region as ship_to_region,
        addresses.city as ship_to_city,
        line_shipments.first_shipped_at,
        line_invoices.first_invoice_date,
        order_lines.quantity as ordered_quantity,
        coalesce(line_shipments.shipped_quantity, 0) as shipped_quantity,
        coalesce(line_invoices.invoiced_quantity, 0) as invoiced_quantity,
        order_lines.unit_price_amount,
        order_lines.discount_rate,
        order_lines.line_amount,
        coalesce(line_invoices.invoiced_amount, 0) as invoiced_amount,
        -- extraction times of every input row, unpivoted below
        order_lines.extracted_at as line_extracted_at,
        orders.extracted_at as order_extracted_at,
        addresses.extracted_at as address_extracted_at,
        customers.extracted_at as customer_extracted_at,
        products.extracted_at as product_extracted_at,
        line_shipments.shipment_line_extracted_at,
        line_shipments.shipment_extracted_at,
        line_invoices.invoice_line_extracted_at,
        line_invoices.invoice_extracted_at,
        -- arrival markers of every input row, unpivoted below with the extraction times
        order_lines.landed_at as line_landed_at,
        orders.landed_at as order_landed_at,
        addresses.landed_at as address_landed_at,
        customer_arrivals.landed_at as customer_landed_at,
        product_arrivals.landed_at as product_landed_at,
        line_shipments.shipment_line_landed_at,
        line_shipments.shipment_landed_at,
        line_invoices.invoice_line_landed_at,
        line_invoices.invoice_landed_at
    from order_lines
    left join orders
        on order_lines.sales_order_id = orders.sales_order_id
    left join addresses
        on orders.ship_to_address_id = addresses.address_id
    left join customers
        on orders.customer_id = customers.customer_id
    left join products
        on order_lines.product_id = products.product_id
    left join customer_arrivals
        on orders.customer_id = customer_arrivals.customer_id
    left join product_arrivals
        on order_lines.product_id = product_arrivals.product_id
    left join line_shipments
        on order_lines.sales_order_line_id = line_shipments.sales_order_line_id
    left join line_invoices
        on order_lines.sales_order_line_id = line_invoices.sales_order_line_id
),

-- a portable GREATEST (Synapse dedicated pools have none): unpivot with UNION ALL, then MAX
extractions as (
    select
        sales_order_line_id,
        line_extracted_at as extracted_at,
        line_landed_at as landed_at
    from joined
    union all
    select
        sales_order_line_id,
        order_extracted_at as extracted_at,
        order_landed_at as landed_at
    from joined
    union all
    select
        sales_order_line_id,
        address_extracted_at as extracted_at,
        address_landed_at as landed_at
    from joined
    union all
    select
        sales_order_line_id,
        customer_extracted_at as extracted_at,
        customer_landed_at as landed_at
    from joined
    union all
    select
        sales_order_line_id,
        product_extracted_at as extracted_at,
        product_landed_at as landed_at
    from joined
    union all
    select
        sales_order_line_id,
        shipment_line_extracted_at as extracted_at,
        shipment_line_landed_at as landed_at
    from joined
    union all
    select
        sales_order_line_id,
        shipment_extracted_at as extracted_at,
        shipment_landed_at as landed_at
    from joined
    union all
    select
        sales_order_line_id,
        invoice_line_extracted_at as extracted_at,
        invoice_line_landed_at as landed_at
    from joined
    union all
    select
        sales_order_line_id,
        invoice_extracted_at as extracted_at,
        invoice_landed_at as landed_at
    from joined
),

latest_extraction as (
    select
        sales_order_line_id,
        max(extracted_at) as source_extracted_at,
        max(landed_at) as source_landed_at
    from extractions
    group by sales_order_line_id
)

select
    joined.sales_order_line_id,
    joined.sales_order_id,
    joined.line_number,
    joined.product_id,
    joined.warehouse_id,
    joined.order_number,
    joined.customer_id,
    joined.order_channel,
    joined.currency_code,
    joined.order_status,
    joined.order_date,
    joined.requested_delivery_date,
    joined.order_created_at,
    joined.line_updated_at,
    joined.ship_to_country_code,
    joined.ship_to_region,
    joined.ship_to_city,
    joined.first_shipped_at,
    joined.first_invoice_date,
    joined.ordered_quantity,
    joined.shipped_quantity,
    joined.invoiced_quantity,
    joined.unit_price_amount,
    joined.discount_rate,
    joined.line_amount,
    joined.invoiced_amount,
    latest_extraction.source_extracted_at,
    latest_extraction.source_landed_at
from joined
inner join latest_extraction
    on joined.sales_order_line_id = latest_extraction.sales_order_line_id
