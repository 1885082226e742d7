-- Lint exception ST05: a test is wrapped in a subquery, and T-SQL forbids nested WITH, so tests use
-- subqueries, not CTEs.
-- noqa: disable=ST05
-- Every milestone of a ticket in the accumulating snapshot happens at or after its creation:
-- resolved_at, closed_at and first_response_at >= created_at. (No CTE: tests are wrapped, T-SQL
-- forbids nested WITH.)
select
    ticket_id,
    created_at,
    first_response_at,
    resolved_at,
    closed_at
from {{ ref('fct_support_tickets') }}
where
    resolved_at < created_at
    or closed_at < created_at
    or first_response_at < created_at
