{#-
    Accumulating snapshot: one row per live support ticket, rebuilt on every run from the current
    ticket documents (deleted tickets are left out). SLA rules: int_support_tickets_sla_measured.
-#}
with

tickets as (
    select * from {{ ref('int_support_tickets_sla_measured') }}
),

status_changes as (
    select * from {{ ref('int_ticket_status_changes_sequenced') }}
),

messages as (
    select * from {{ ref('stg_cosmos__support_ticket_messages') }}
),

customers as (
    select * from {{ ref('dim_customer') }}
),

channels as (
    select * from {{ ref('dim_channel') }}
),

agents as (
    select * from {{ ref('dim_support_agent') }}
),

ticket_categories as (
    select * from {{ ref('dim_ticket_category') }}
),

message_counts as (
    select
        ticket_id,
        count(*) as message_count,
        sum(case when author_type = 'customer' then 1 else 0 end) as customer_message_count,
        sum(case when author_type = 'agent' then 1 else 0 end) as agent_message_count,
        sum(case when author_type = 'bot' then 1 else 0 end) as bot_message_count
    from messages
    where is_deleted = 0
    group by ticket_id
),

status_change_counts as (
    select
        ticket_id,
        count(*) as status_change_count,
        sum(is_reopening) as reopen_count
    from status_changes
    group by ticket_id
),

joined as (
    select
        tickets.*,
        {{ dimension_key('customers.customer_key') }} as customer_key,
        {{ dimension_key('channels.channel_key') }} as channel_key,
        {{ dimension_key('agents.support_agent_key') }} as support_agent_key,
        {{ dimension_key('ticket_categories.ticket_category_key') }} as ticket_category_key,
        coalesce(message_counts.message_count, 0) as message_count,
        coalesce(message_counts.customer_message_count, 0) as customer_message_count,
        coalesce(message_counts.agent_message_count, 0) as agent_message_count,
        coalesce(message_counts.bot_message_count, 0) as bot_message_count,
        coalesce(status_change_counts.status_change_count, 0) as status_change_count,
        coalesce(status_change_counts.reopen_count, 0) as reopen_count
    from tickets
    left join customers
        on tickets.customer_id = customers.customer_id
            and tickets.created_at >= customers.valid_from_at
            and tickets.created_at < customers.valid_to_at
    left join channels
        on tickets.channel = channels.channel_code
    left join agents
        on tickets.assigned_agent_id = agents.employee_id
    left join ticket_categories
        on tickets.ticket_category = ticket_categories.ticket_category
            and tickets.priority = ticket_categories.priority
    left join message_counts
        on tickets.ticket_id = message_counts.ticket_id
    left join status_change_counts
        on tickets.ticket_id = status_change_counts.ticket_id
),

final as (
    select
        -- keys
        cast(ticket_id as varchar(64)) as ticket_id,
        cast(ticket_number as varchar(16)) as ticket_number,
        cast(customer_key as varchar(32)) as customer_key,
        cast(channel_key as varchar(32)) as channel_key,
        cast(support_agent_key as varchar(32)) as support_agent_key,
        cast(ticket_category_key as varchar(32)) as ticket_category_key,
        {{ date_key('created_at') }} as opened_date_key,
        {{ date_key('first_response_at') }} as first_response_date_key,
        {{ date_key('resolved_at') }} as resolved_date_key,
        {{ date_key('closed_at') }} as closed_date_key,
        cast(customer_id as {{ dbt.type_bigint() }}) as customer_id,
        cast(app_user_id as varchar(64)) as app_user_id,
        cast(sales_order_id as {{ dbt.type_bigint() }}) as sales_order_id,
        -- dates (the typed dates behind the date keys, for the semantic layer)
        cast(created_at as date) as opened_date,
        cast(first_response_at as date) as first_response_date,
        cast(resolved_at as date) as resolved_date,
        cast(closed_at as date) as closed_date,
        -- attributes
        cast(ticket_status as varchar(16)) as ticket_status,
        cast(priority as varchar(16)) as priority,
        -- flags
        cast(is_open as {{ dbt.type_int() }}) as is_open,
        cast(sla_first_response_met as {{ dbt.type_int() }}) as sla_first_response_met,
        cast(sla_first_response_breached as {{ dbt.type_int() }}) as sla_first_response_breached,
        cast(sla_resolution_met as {{ dbt.type_int() }}) as sla_resolution_met,
        cast(sla_resolution_breached as {{ dbt.type_int() }}) as sla_resolution_breached,
        -- timestamps
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(first_response_at as {{ dbt.type_timestamp() }}) as first_response_at,
        cast(resolved_at as {{ dbt.type_timestamp() }}) as resolved_at,
        cast(closed_at as {{ dbt.type_timestamp() }}) as closed_at,
        cast(first_response_due_at as {{ dbt.type_timestamp() }}) as first_response_due_at,
        cast(resolution_due_at as {{ dbt.type_timestamp() }}) as resolution_due_at,
        cast(sla_measured_at as {{ dbt.type_timestamp() }}) as sla_measured_at,
        cast(modified_at as {{ dbt.type_timestamp() }}) as modified_at,
        -- durations and targets
        {{ two_decimals(safe_divide('first_response_seconds', 60, 2)) }} as first_response_minutes,
        {{ two_decimals(safe_divide('resolution_seconds', 60, 2)) }} as resolution_minutes,
        {{ two_decimals(safe_divide('resolution_seconds', 3600, 2)) }} as resolution_hours,
        {{ two_decimals(safe_divide('close_seconds', 3600, 2)) }} as close_hours,
        cast(first_response_target_minutes as {{ dbt.type_int() }}) as first_response_target_minutes,
        cast(resolution_target_minutes as {{ dbt.type_int() }}) as resolution_target_minutes,
        -- counts
        cast(message_count as {{ dbt.type_int() }}) as message_count,
        cast(customer_message_count as {{ dbt.type_int() }}) as customer_message_count,
        cast(agent_message_count as {{ dbt.type_int() }}) as agent_message_count,
        cast(bot_message_count as {{ dbt.type_int() }}) as bot_message_count,
        cast(status_change_count as {{ dbt.type_int() }}) as status_change_count,
        cast(reopen_count as {{ dbt.type_int() }}) as reopen_count
    from joined
)

select * from final
