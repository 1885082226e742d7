{#- Days sales outstanding per fiscal period, company-wide in EUR (period method):
    AR at the period's end / gross credit sales invoiced in the period * days in the period.
    Every AR movement (invoice +, payment -, credit memo -) converts at its invoice's date rate,
    so a fully settled invoice nets to exactly zero in EUR. The current period ends at the as-of date;
    periods start with the first invoice's. -#}
{%- set payment_eur = erp_to_reporting_currency(
    'payments.payment_amount', 'invoice_rates.currency_code', 'invoice_rates.exchange_rate'
) -%}
{%- set credit_eur = erp_to_reporting_currency(
    'credit_memos.credit_amount', 'invoice_rates.currency_code', 'invoice_rates.exchange_rate'
) -%}

with

fiscal_periods as (
    select * from {{ ref('stg_erp__fiscal_periods') }}
),

invoices as (
    select * from {{ ref('stg_erp__invoices') }}
),

payments as (
    select * from {{ ref('stg_erp__payments') }}
),

credit_memos as (
    select * from {{ ref('stg_erp__credit_memos') }}
),

exchange_rates as (
    select * from {{ ref('int_exchange_rates_valid') }}
),

as_of as (
    select * from {{ ref('int_reporting_as_of_date') }}
),

invoice_rates as (
    select
        invoices.invoice_id,
        invoices.invoice_date,
        invoices.currency_code,
        invoices.total_amount,
        exchange_rates.exchange_rate
    from invoices
    {{ eur_rate_join('invoices.currency_code', 'invoices.invoice_date') }}
),

ar_movements as (
    select
        invoice_date as movement_date,
        {{ erp_to_reporting_currency('total_amount', 'currency_code', 'exchange_rate') }} as ar_change_amount_eur,
        {{ erp_to_reporting_currency('total_amount', 'currency_code', 'exchange_rate') }} as sales_amount_eur
    from invoice_rates
    union all
    select
        payments.payment_date as movement_date,
        {{ money(
            '0 - ' ~ payment_eur
        ) }}
            as ar_change_amount_eur,
        {{ money('0') }} as sales_amount_eur
    from payments
    inner join invoice_rates
        on payments.invoice_id = invoice_rates.invoice_id
    union all
    select
        credit_memos.credit_date as movement_date,
        {{ money(
            '0 - ' ~ credit_eur
        ) }}
            as ar_change_amount_eur,
        {{ money('0') }} as sales_amount_eur
    from credit_memos
    inner join invoice_rates
        on credit_memos.invoice_id = invoice_rates.invoice_id
),

periods as (
    select
        fiscal_periods.fiscal_period_id,
        fiscal_periods.fiscal_year,
        fiscal_periods.period_number,
        fiscal_periods.period_start_date,
        fiscal_periods.period_end_date,
        case
            when fiscal_periods.period_end_date < as_of.as_of_date then fiscal_periods.period_end_date
            else as_of.as_of_date
        end as measured_to_date
    from fiscal_periods
    cross join as_of
    where fiscal_periods.period_start_date <= as_of.as_of_date
        and fiscal_periods.period_end_date >= (select min(invoices.invoice_date) from invoices)
),

period_movements as (
    select
        periods.fiscal_period_id,
        {{ money_sum('ar_movements.ar_change_amount_eur') }} as ar_change_amount_eur,
        {{ money_sum('ar_movements.sales_amount_eur') }} as sales_amount_eur
    from ar_movements
    inner join periods
        on ar_movements.movement_date >= periods.period_start_date
            and ar_movements.movement_date <= periods.measured_to_date
    group by periods.fiscal_period_id
),

opening_movements as (
    select
        {{ money_sum('ar_movements.ar_change_amount_eur') }} as ar_change_amount_eur
    from ar_movements
    where ar_movements.movement_date < (select min(periods.period_start_date) from periods)
),

balances as (
    select
        periods.fiscal_period_id,
        periods.fiscal_year,
        periods.period_number,
        periods.period_start_date,
        periods.period_end_date,
        periods.measured_to_date,
        {{ dbt.datediff('periods.period_start_date', 'periods.measured_to_date', 'day') }} + 1 as measured_day_count,
        {{ money('coalesce(period_movements.sales_amount_eur, 0)', 38) }} as sales_amount_eur,
        {{ money('coalesce(period_movements.ar_change_amount_eur, 0)', 38) }} as ar_change_amount_eur,
        {{ money(
            'coalesce((select ar_change_amount_eur from opening_movements), 0) + '
            ~ money_sum(
                'coalesce(period_movements.ar_change_amount_eur, 0)',
                'order by periods.fiscal_period_id rows between unbounded preceding and current row'
            ),
            38
        ) }} as closing_ar_amount_eur
    from periods
    left join period_movements
        on periods.fiscal_period_id = period_movements.fiscal_period_id
),

final as (
    select
        -- keys
        fiscal_period_id,
        fiscal_year,
        period_number,
        -- dates
        period_start_date,
        period_end_date,
        measured_to_date,
        -- numbers
        cast(measured_day_count as integer) as measured_day_count,
        -- amounts in EUR
        sales_amount_eur,
        ar_change_amount_eur,
        closing_ar_amount_eur,
        {{ two_decimals(
            safe_divide(money_multiply('closing_ar_amount_eur', 'measured_day_count'), 'sales_amount_eur', 6)
        ) }} as dso_days
    from balances
)

select * from final
