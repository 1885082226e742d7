{#-
    Live support tickets with their SLA clocks.

    Rules (unit-tested in _int_customer_service__models.yml):
    - Deleted tickets (is_deleted = 1) are left out.
    - priority is normalised to low | medium | high | urgent | unknown; category to its value or 'unknown'.
    - Clocks run in calendar time from created_at, measured in seconds and compared with the
      policy's targets (int_ticket_sla_policies).
    - First-response clock: stops at first_response_at; a ticket never answered stops at
      resolved_at, then closed_at; a ticket still waiting runs to sla_measured_at.
    - Resolution clock: stops at resolved_at, then closed_at; an unresolved ticket runs to sla_measured_at.
    - met = 1 when the event happened within its target; breached = 1 when the clock passed the
      target. Both are 0 while a ticket is still inside its target, and for a ticket closed
      without any first response inside the target (nothing to measure).
    - sla_measured_at is the latest change landed for any ticket (not the wall clock), so that a
      rebuild of the same landing gives the same answer.
-#}
with

tickets as (
    select * from {{ ref('stg_cosmos__support_tickets') }}
),

sla_policies as (
    select * from {{ ref('int_ticket_sla_policies') }}
),

measured_as_of as (
    select max(modified_at) as sla_measured_at
    from tickets
),

live_tickets as (
    select
        ticket_id,
        ticket_number,
        customer_id,
        app_user_id,
        sales_order_id,
        assigned_agent_id,
        channel,
        coalesce(ticket_category, 'unknown') as ticket_category,
        case
            when priority in ('low', 'medium', 'high', 'urgent') then priority
            else 'unknown'
        end as priority,
        ticket_status,
        created_at,
        first_response_at,
        resolved_at,
        closed_at,
        modified_at
    from tickets
    where is_deleted = 0
),

with_policy as (
    select
        live_tickets.*,
        sla_policies.first_response_target_minutes,
        sla_policies.resolution_target_minutes,
        measured_as_of.sla_measured_at,
        coalesce(
            live_tickets.first_response_at,
            live_tickets.resolved_at,
            live_tickets.closed_at,
            measured_as_of.sla_measured_at
        ) as first_response_clock_stopped_at,
        coalesce(
            live_tickets.resolved_at,
            live_tickets.closed_at,
            measured_as_of.sla_measured_at
        ) as resolution_clock_stopped_at
    from live_tickets
    inner join sla_policies
        on live_tickets.priority = sla_policies.priority
    cross join measured_as_of
),

clocked as (
    select
        *,
        {{ dbt.datediff('created_at', 'first_response_at', 'second') }} as first_response_seconds,
        {{ dbt.datediff('created_at', 'resolved_at', 'second') }} as resolution_seconds,
        {{ dbt.datediff('created_at', 'closed_at', 'second') }} as close_seconds,
        {{ dbt.datediff('created_at', 'first_response_clock_stopped_at', 'second') }}
            as first_response_clock_seconds,
        {{ dbt.datediff('created_at', 'resolution_clock_stopped_at', 'second') }} as resolution_clock_seconds
    from with_policy
),

final as (
    select
        ticket_id,
        ticket_number,
        customer_id,
        app_user_id,
        sales_order_id,
        assigned_agent_id,
        channel,
        ticket_category,
        priority,
        ticket_status,
        case when ticket_status in ('new', 'open', 'pending') then 1 else 0 end as is_open,
        created_at,
        first_response_at,
        resolved_at,
        closed_at,
        modified_at,
        sla_measured_at,
        first_response_seconds,
        resolution_seconds,
        close_seconds,
        first_response_target_minutes,
        resolution_target_minutes,
        {{ dbt.dateadd('minute', 'first_response_target_minutes', 'created_at') }} as first_response_due_at,
        {{ dbt.dateadd('minute', 'resolution_target_minutes', 'created_at') }} as resolution_due_at,
        case
            when first_response_at is not null
                and first_response_seconds <= first_response_target_minutes * 60 then 1
            else 0
        end as sla_first_response_met,
        case
            when first_response_clock_seconds > first_response_target_minutes * 60 then 1
            else 0
        end as sla_first_response_breached,
        case
            when coalesce(resolved_at, closed_at) is not null
                and resolution_clock_seconds <= resolution_target_minutes * 60 then 1
            else 0
        end as sla_resolution_met,
        case
            when resolution_clock_seconds > resolution_target_minutes * 60 then 1
            else 0
        end as sla_resolution_breached
    from clocked
)

select * from final
