{#-
    The status history of every live ticket in order, with the status it left and how long it
    stayed there. Deleted tickets are left out.
-#}
with

status_changes as (
    select * from {{ ref('stg_cosmos__support_ticket_status_changes') }}
),

live_status_changes as (
    select
        ticket_id,
        change_index,
        ticket_status,
        changed_at,
        changed_by,
        modified_at
    from status_changes
    where is_deleted = 0
),

sequenced as (
    select
        ticket_id,
        change_index,
        ticket_status,
        lag(ticket_status) over (partition by ticket_id order by change_index) as previous_ticket_status,
        changed_at,
        lag(changed_at) over (partition by ticket_id order by change_index) as previous_changed_at,
        changed_by,
        modified_at
    from live_status_changes
),

final as (
    select
        ticket_id,
        change_index,
        ticket_status,
        previous_ticket_status,
        changed_at,
        previous_changed_at,
        {{ dbt.datediff('previous_changed_at', 'changed_at', 'second') }} as seconds_in_previous_status,
        case
            when previous_ticket_status in ('resolved', 'closed')
                and ticket_status in ('new', 'open', 'pending') then 1
            else 0
        end as is_reopening,
        changed_by,
        modified_at
    from sequenced
)

select * from final
