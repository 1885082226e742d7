-- Lint exception ST05: a test is wrapped in a subquery, and T-SQL forbids nested WITH, so tests use
-- subqueries, not CTEs.
-- noqa: disable=ST05
-- An SLA clock is met, breached or pending - never met and breached at once - and a met clock has
-- its event inside the target.
select
    ticket_id,
    sla_first_response_met,
    sla_first_response_breached,
    sla_resolution_met,
    sla_resolution_breached
from {{ ref('fct_support_tickets') }}
where
    sla_first_response_met + sla_first_response_breached > 1
    or sla_resolution_met + sla_resolution_breached > 1
    or (sla_first_response_met = 1 and first_response_at > first_response_due_at)
    or (sla_resolution_met = 1 and coalesce(resolved_at, closed_at) > resolution_due_at)
