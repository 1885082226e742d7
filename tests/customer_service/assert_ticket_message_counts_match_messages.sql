-- Lint exception ST05: a test is wrapped in a subquery, and T-SQL forbids nested WITH, so tests use
-- subqueries, not CTEs.
-- noqa: disable=ST05
-- The accumulating snapshot's message_count per ticket equals the rows of fct_ticket_messages, and
-- its status_change_count equals the rows of fct_ticket_status_events.
select
    tickets.ticket_id,
    tickets.message_count,
    messages.message_rows,
    tickets.status_change_count,
    status_events.status_event_rows
from {{ ref('fct_support_tickets') }} as tickets
left join (
    select
        ticket_id,
        count(*) as message_rows
    from {{ ref('fct_ticket_messages') }}
    group by ticket_id
) as messages
    on tickets.ticket_id = messages.ticket_id
left join (
    select
        ticket_id,
        count(*) as status_event_rows
    from {{ ref('fct_ticket_status_events') }}
    group by ticket_id
) as status_events
    on tickets.ticket_id = status_events.ticket_id
where
    tickets.message_count != coalesce(messages.message_rows, 0)
    or tickets.status_change_count != coalesce(status_events.status_event_rows, 0)
