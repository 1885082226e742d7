{#-
    One row per ERP customer (the current dim_customer version): what the customer bought, returned,
    asked support and answered in surveys, and when they were last active. Money is in EUR (the
    facts' *_eur amounts): a customer orders in several currencies, so a sum in the customer's
    currency would add CHF to EUR. Rows quarantined for want of a rate are left out. Facts point at customer
    versions; they are rolled up to the customer through dim_customer (every version), and facts on
    the unknown member are left out.
-#}
with

customers as (
    select * from {{ ref('dim_customer') }}
),

order_lines as (
    select * from {{ ref('fct_sales_order_lines') }}
),

returns as (
    select * from {{ ref('fct_returns') }}
),

tickets as (
    select * from {{ ref('fct_support_tickets') }}
),

survey_responses as (
    select * from {{ ref('fct_survey_responses') }}
),

daily_activity as (
    select * from {{ ref('fct_daily_user_activity') }}
),

customer_versions as (
    select
        customer_key,
        customer_id
    from customers
    where customer_key != {{ unknown_key() }}
),

current_customers as (
    select *
    from customers
    where is_current = 1 and customer_key != {{ unknown_key() }}
),

orders_by_customer as (
    select
        customer_versions.customer_id,
        count(distinct order_lines.sales_order_id) as order_count,
        {{ money_sum('order_lines.net_amount_eur') }} as revenue_amount_eur,
        min(order_lines.ordered_at) as first_ordered_at,
        max(order_lines.ordered_at) as last_ordered_at
    from order_lines
    inner join customer_versions
        on order_lines.customer_key = customer_versions.customer_key
    where order_lines.is_cancelled = 0
    group by customer_versions.customer_id
),

returns_by_customer as (
    select
        customer_versions.customer_id,
        count(distinct returns.return_request_id) as return_request_count,
        sum(returns.returned_quantity) as returned_quantity,
        {{ money_sum('returns.refund_amount_eur') }} as refund_amount_eur,
        max(returns.requested_at) as last_return_requested_at
    from returns
    inner join customer_versions
        on returns.customer_key = customer_versions.customer_key
    group by customer_versions.customer_id
),

tickets_by_customer as (
    select
        customer_versions.customer_id,
        count(*) as ticket_count,
        sum(tickets.is_open) as open_ticket_count,
        sum(tickets.sla_resolution_breached) as sla_resolution_breached_ticket_count,
        max(tickets.created_at) as last_ticket_opened_at
    from tickets
    inner join customer_versions
        on tickets.customer_key = customer_versions.customer_key
    group by customer_versions.customer_id
),

responses_of_customers as (
    select
        customer_versions.customer_id,
        survey_responses.survey_type,
        survey_responses.csat_score,
        survey_responses.nps_score,
        survey_responses.nps_class,
        survey_responses.submitted_at,
        row_number() over (
            partition by customer_versions.customer_id, survey_responses.survey_type
            order by
                case when survey_responses.score is null then 1 else 0 end,
                survey_responses.submitted_at desc,
                survey_responses.survey_response_id desc
        ) as recency_rank
    from survey_responses
    inner join customer_versions
        on survey_responses.customer_key = customer_versions.customer_key
),

surveys_by_customer as (
    select
        customer_id,
        sum(case when csat_score is not null then 1 else 0 end) as csat_response_count,
        {{ safe_divide('sum(csat_score)', 'sum(case when csat_score is not null then 1 else 0 end)', 2) }}
            as average_csat_score,
        max(case when survey_type = 'nps' and recency_rank = 1 then nps_score end) as latest_nps_score,
        max(case when survey_type = 'nps' and recency_rank = 1 then nps_class end) as nps_class,
        max(submitted_at) as last_survey_submitted_at
    from responses_of_customers
    group by customer_id
),

app_activity_by_customer as (
    select
        customer_versions.customer_id,
        count(*) as app_active_day_count,
        max(daily_activity.activity_date) as last_app_active_date,
        max(coalesce(daily_activity.last_event_at, daily_activity.first_activity_at)) as last_app_activity_at
    from daily_activity
    inner join customer_versions
        on daily_activity.customer_key = customer_versions.customer_key
    group by customer_versions.customer_id
),

joined as (
    select
        current_customers.customer_key,
        current_customers.customer_id,
        current_customers.customer_number,
        current_customers.segment,
        current_customers.country_code,
        current_customers.currency_code,
        current_customers.is_active,
        current_customers.has_app_account,
        coalesce(orders_by_customer.order_count, 0) as order_count,
        coalesce(orders_by_customer.revenue_amount_eur, 0) as revenue_amount_eur,
        orders_by_customer.first_ordered_at,
        orders_by_customer.last_ordered_at,
        coalesce(returns_by_customer.return_request_count, 0) as return_request_count,
        coalesce(returns_by_customer.returned_quantity, 0) as returned_quantity,
        coalesce(returns_by_customer.refund_amount_eur, 0) as refund_amount_eur,
        coalesce(tickets_by_customer.ticket_count, 0) as ticket_count,
        coalesce(tickets_by_customer.open_ticket_count, 0) as open_ticket_count,
        coalesce(tickets_by_customer.sla_resolution_breached_ticket_count, 0) as sla_resolution_breached_ticket_count,
        tickets_by_customer.last_ticket_opened_at,
        coalesce(surveys_by_customer.csat_response_count, 0) as csat_response_count,
        surveys_by_customer.average_csat_score,
        surveys_by_customer.latest_nps_score,
        surveys_by_customer.nps_class,
        coalesce(app_activity_by_customer.app_active_day_count, 0) as app_active_day_count,
        app_activity_by_customer.last_app_activity_at,
        orders_by_customer.last_ordered_at as activity_1_at,
        returns_by_customer.last_return_requested_at as activity_2_at,
        tickets_by_customer.last_ticket_opened_at as activity_3_at,
        surveys_by_customer.last_survey_submitted_at as activity_4_at,
        app_activity_by_customer.last_app_activity_at as activity_5_at
    from current_customers
    left join orders_by_customer
        on current_customers.customer_id = orders_by_customer.customer_id
    left join returns_by_customer
        on current_customers.customer_id = returns_by_customer.customer_id
    left join tickets_by_customer
        on current_customers.customer_id = tickets_by_customer.customer_id
    left join surveys_by_customer
        on current_customers.customer_id = surveys_by_customer.customer_id
    left join app_activity_by_customer
        on current_customers.customer_id = app_activity_by_customer.customer_id
),

activity_times as (
    -- the five "last" timestamps stacked, so that their maximum needs no GREATEST (not on every T-SQL target)
    select
        customer_id,
        activity_1_at as activity_at
    from joined
    union all
    select
        customer_id,
        activity_2_at as activity_at
    from joined
    union all
    select
        customer_id,
        activity_3_at as activity_at
    from joined
    union all
    select
        customer_id,
        activity_4_at as activity_at
    from joined
    union all
    select
        customer_id,
        activity_5_at as activity_at
    from joined
),

last_activity as (
    select
        customer_id,
        max(activity_at) as last_activity_at
    from activity_times
    group by customer_id
),

with_last_activity as (
    select
        joined.*,
        last_activity.last_activity_at
    from joined
    inner join last_activity
        on joined.customer_id = last_activity.customer_id
),

final as (
    select
        -- keys
        cast(customer_key as varchar(32)) as customer_key,
        cast(customer_id as {{ dbt.type_bigint() }}) as customer_id,
        -- attributes
        cast(customer_number as varchar(16)) as customer_number,
        cast(segment as varchar(20)) as segment,
        cast(country_code as varchar(2)) as country_code,
        cast(currency_code as varchar(3)) as currency_code,
        cast(nps_class as varchar(16)) as nps_class,
        -- flags
        cast(is_active as {{ dbt.type_int() }}) as is_active,
        cast(has_app_account as {{ dbt.type_int() }}) as has_app_account,
        cast(case when open_ticket_count > 0 then 1 else 0 end as {{ dbt.type_int() }}) as has_open_ticket,
        -- timestamps
        cast(first_ordered_at as {{ dbt.type_timestamp() }}) as first_ordered_at,
        cast(last_ordered_at as {{ dbt.type_timestamp() }}) as last_ordered_at,
        cast(last_ticket_opened_at as {{ dbt.type_timestamp() }}) as last_ticket_opened_at,
        cast(last_app_activity_at as {{ dbt.type_timestamp() }}) as last_app_activity_at,
        cast(last_activity_at as {{ dbt.type_timestamp() }}) as last_activity_at,
        -- counts and amounts
        cast(order_count as {{ dbt.type_int() }}) as order_count,
        {{ money('revenue_amount_eur', 38) }} as revenue_amount_eur,
        cast(return_request_count as {{ dbt.type_int() }}) as return_request_count,
        cast(returned_quantity as {{ dbt.type_int() }}) as returned_quantity,
        {{ money('refund_amount_eur', 38) }} as refund_amount_eur,
        cast(ticket_count as {{ dbt.type_int() }}) as ticket_count,
        cast(open_ticket_count as {{ dbt.type_int() }}) as open_ticket_count,
        cast(sla_resolution_breached_ticket_count as {{ dbt.type_int() }}) as sla_resolution_breached_ticket_count,
        cast(csat_response_count as {{ dbt.type_int() }}) as csat_response_count,
        {{ two_decimals('average_csat_score') }} as average_csat_score,
        cast(latest_nps_score as {{ dbt.type_int() }}) as latest_nps_score,
        cast(app_active_day_count as {{ dbt.type_int() }}) as app_active_day_count
    from with_last_activity
)

select * from final
