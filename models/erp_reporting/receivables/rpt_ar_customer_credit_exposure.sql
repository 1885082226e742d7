{#- Credit exposure of every customer as of the as-of date, in EUR: open receivables plus the
    value of ordered but not yet invoiced goods on live orders, against the credit limit
    (converted from the customer's currency at the as-of date's rate). -#}

{%- set open_eur = erp_to_reporting_currency(
    'invoice_balances.open_amount', 'invoice_balances.currency_code', 'exchange_rates.exchange_rate', 38
) -%}
{%- set uninvoiced_eur = erp_to_reporting_currency(
    'uninvoiced_lines.uninvoiced_amount', 'uninvoiced_lines.currency_code', 'exchange_rates.exchange_rate', 38
) -%}

with

customers as (
    select * from {{ ref('stg_erp__customers') }}
),

invoice_balances as (
    select * from {{ ref('int_invoice_balances') }}
),

order_lines as (
    select * from {{ ref('int_sales_order_lines_fulfilled') }}
),

exchange_rates as (
    select * from {{ ref('int_exchange_rates_valid') }}
),

as_of as (
    select * from {{ ref('int_reporting_as_of_date') }}
),

open_receivables as (
    select
        invoice_balances.customer_id,
        cast(count(*) as integer) as open_invoice_count,
        {{ money_sum(open_eur) }} as open_receivables_amount_eur,
        {{ money_sum('case when invoice_balances.days_past_due > 0 then ' ~ open_eur ~ ' else 0 end') }}
            as overdue_receivables_amount_eur
    from invoice_balances
    {{ eur_rate_join('invoice_balances.currency_code', 'invoice_balances.as_of_date') }}
    where invoice_balances.open_amount != 0
    group by invoice_balances.customer_id
),

uninvoiced_lines as (
    select
        order_lines.customer_id,
        order_lines.sales_order_id,
        order_lines.currency_code,
        order_lines.as_of_date,
        {{ money(safe_divide(
            money_multiply('order_lines.line_amount', 'order_lines.ordered_quantity - order_lines.invoiced_quantity'),
            'order_lines.ordered_quantity',
            6
        )) }} as uninvoiced_amount
    from order_lines
    where order_lines.order_status not in ('cancelled', 'closed')
        and order_lines.invoiced_quantity < order_lines.ordered_quantity
        and order_lines.ordered_quantity > 0
),

open_orders as (
    select
        uninvoiced_lines.customer_id,
        cast(count(distinct uninvoiced_lines.sales_order_id) as integer) as open_order_count,
        {{ money_sum(uninvoiced_eur) }} as uninvoiced_orders_amount_eur
    from uninvoiced_lines
    {{ eur_rate_join('uninvoiced_lines.currency_code', 'uninvoiced_lines.as_of_date') }}
    group by uninvoiced_lines.customer_id
),

customer_limits as (
    select
        customers.customer_id,
        customers.customer_number,
        customers.customer_name,
        customers.email,
        customers.phone,
        customers.segment,
        customers.country_code,
        customers.currency_code,
        customers.is_active,
        as_of.as_of_date,
        {{ money('customers.credit_limit_amount') }} as credit_limit_amount,
        {{ erp_to_reporting_currency(
            'customers.credit_limit_amount',
            'customers.currency_code',
            'exchange_rates.exchange_rate'
        ) }}
            as credit_limit_amount_eur
    from customers
    cross join as_of
    {{ eur_rate_join('customers.currency_code', 'as_of.as_of_date') }}
),

exposure as (
    select
        customer_limits.*,
        coalesce(open_receivables.open_invoice_count, 0) as open_invoice_count,
        coalesce(open_orders.open_order_count, 0) as open_order_count,
        {{ money('coalesce(open_receivables.open_receivables_amount_eur, 0)', 38) }} as open_receivables_amount_eur,
        {{ money('coalesce(open_receivables.overdue_receivables_amount_eur, 0)', 38) }}
            as overdue_receivables_amount_eur,
        {{ money('coalesce(open_orders.uninvoiced_orders_amount_eur, 0)', 38) }} as uninvoiced_orders_amount_eur
    from customer_limits
    left join open_receivables
        on customer_limits.customer_id = open_receivables.customer_id
    left join open_orders
        on customer_limits.customer_id = open_orders.customer_id
),

final as (
    select
        -- keys
        customer_id,
        customer_number,
        customer_name,
        email,
        phone,
        segment,
        country_code,
        -- flags
        is_active,
        case
            when credit_limit_amount_eur is not null
                and open_receivables_amount_eur + uninvoiced_orders_amount_eur > credit_limit_amount_eur
                then 1
            else 0
        end as is_over_credit_limit,
        -- dates
        as_of_date,
        -- numbers
        open_invoice_count,
        open_order_count,
        -- amounts
        currency_code,
        credit_limit_amount,
        credit_limit_amount_eur,
        open_receivables_amount_eur,
        overdue_receivables_amount_eur,
        uninvoiced_orders_amount_eur,
        {{ money('open_receivables_amount_eur + uninvoiced_orders_amount_eur', 38) }} as total_exposure_amount_eur,
        {{ money('credit_limit_amount_eur - open_receivables_amount_eur - uninvoiced_orders_amount_eur', 38) }}
            as available_credit_amount_eur,
        cast(
            {{ safe_divide(
                'open_receivables_amount_eur + uninvoiced_orders_amount_eur',
                'credit_limit_amount_eur',
                6
            ) }}
            as decimal(18, 4)
        ) as credit_utilisation_ratio
    from exposure
)

select * from final
