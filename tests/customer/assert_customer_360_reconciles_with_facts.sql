-- Lint exception ST05: a test is wrapped in a subquery, and T-SQL forbids nested WITH, so tests use
-- subqueries, not CTEs.
-- noqa: disable=ST05
-- customer_360 adds up to its facts for every customer that is not the unknown member: revenue
-- (non-cancelled order lines), tickets, open tickets and CSAT responses.
select
    c360.measure_name,
    c360.measure_value as customer_360_value,
    facts.measure_value as fact_value
from (
    select
        'revenue_amount_eur' as measure_name,
        sum(revenue_amount_eur) as measure_value
    from {{ ref('customer_360') }}
    union all
    select
        'ticket_count' as measure_name,
        sum(ticket_count) as measure_value
    from {{ ref('customer_360') }}
    union all
    select
        'open_ticket_count' as measure_name,
        sum(open_ticket_count) as measure_value
    from {{ ref('customer_360') }}
    union all
    select
        'csat_response_count' as measure_name,
        sum(csat_response_count) as measure_value
    from {{ ref('customer_360') }}
) as c360
inner join (
    select
        'revenue_amount_eur' as measure_name,
        sum(net_amount_eur) as measure_value
    from {{ ref('fct_sales_order_lines') }}
    where is_cancelled = 0 and customer_key != '-1'
    union all
    select
        'ticket_count' as measure_name,
        count(*) as measure_value
    from {{ ref('fct_support_tickets') }}
    where customer_key != '-1'
    union all
    select
        'open_ticket_count' as measure_name,
        sum(is_open) as measure_value
    from {{ ref('fct_support_tickets') }}
    where customer_key != '-1'
    union all
    select
        'csat_response_count' as measure_name,
        count(csat_score) as measure_value
    from {{ ref('fct_survey_responses') }}
    where customer_key != '-1'
) as facts
    on c360.measure_name = facts.measure_name
where coalesce(c360.measure_value, 0) != coalesce(facts.measure_value, 0)
