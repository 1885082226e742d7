{#-
    One row per status change of a live support ticket (the ticket's statusHistory array), with
    the status it left and the time spent in that status. Rebuilt on every run.
-#}
with

status_changes as (
    select * from {{ ref('int_ticket_status_changes_sequenced') }}
),

tickets as (
    select * from {{ ref('fct_support_tickets') }}
),

joined as (
    select
        status_changes.*,
        tickets.customer_key,
        tickets.channel_key,
        tickets.support_agent_key,
        tickets.ticket_category_key
    from status_changes
    inner join tickets
        on status_changes.ticket_id = tickets.ticket_id
),

final as (
    select
        -- keys
        {{ surrogate_key(['ticket_id', 'change_index']) }} as ticket_status_event_key,
        cast(ticket_id as varchar(64)) as ticket_id,
        cast(customer_key as varchar(32)) as customer_key,
        cast(channel_key as varchar(32)) as channel_key,
        cast(support_agent_key as varchar(32)) as support_agent_key,
        cast(ticket_category_key as varchar(32)) as ticket_category_key,
        {{ date_key('changed_at') }} as changed_date_key,
        -- dates (the typed dates behind the date keys, for the semantic layer)
        cast(changed_at as date) as changed_date,
        -- attributes
        cast(change_index as {{ dbt.type_int() }}) as change_index,
        cast(ticket_status as varchar(16)) as ticket_status,
        cast(previous_ticket_status as varchar(16)) as previous_ticket_status,
        cast(changed_by as varchar(64)) as changed_by,
        -- flags
        cast(is_reopening as {{ dbt.type_int() }}) as is_reopening,
        -- timestamps
        cast(changed_at as {{ dbt.type_timestamp() }}) as changed_at,
        cast(previous_changed_at as {{ dbt.type_timestamp() }}) as previous_changed_at,
        -- measures
        {{ two_decimals(safe_divide('seconds_in_previous_status', 3600, 2)) }} as hours_in_previous_status
    from joined
)

select * from final
