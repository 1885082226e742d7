-- Lint exception ST05: a test is wrapped in a subquery, and T-SQL forbids nested WITH, so tests use
-- subqueries, not CTEs.
-- noqa: disable=ST05
-- Tickets by status in the star equal the latest status of every live (not deleted) ticket
-- document in staging.
select
    coalesce(star.ticket_status, staged.ticket_status) as ticket_status,
    star.ticket_count as star_ticket_count,
    staged.ticket_count as staged_ticket_count
from (
    select
        ticket_status,
        count(*) as ticket_count
    from {{ ref('fct_support_tickets') }}
    group by ticket_status
) as star
full outer join (
    select
        ticket_status,
        count(*) as ticket_count
    from {{ ref('stg_cosmos__support_tickets') }}
    where is_deleted = 0
    group by ticket_status
) as staged
    on star.ticket_status = staged.ticket_status
where
    star.ticket_count is null
    or staged.ticket_count is null
    or star.ticket_count != staged.ticket_count
