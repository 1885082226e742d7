{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='ticket_id',
        on_schema_change='fail',
        post_hook=[
            "delete from {{ this }} where ticket_id in (select ticket_id from {{ ref('stg_cosmos__support_tickets') }} where is_deleted = 1)",
            "delete from {{ this }} where ticket_id not in (select ticket_id from {{ ref('stg_cosmos__support_ticket_messages') }})"
        ]
    )
}}
{#-
    One row per message of a live support ticket. Incremental by arrival, delete+insert keyed on
    ticket_id: a run reloads every message of each ticket whose current version landed since the
    latest landed_at already loaded (arrival_watermark), whatever its _ts (a late partition, a
    version re-landed), so a message edited or removed in a later ticket version is replaced as a
    whole; also the tickets of customers with a customer version landed since (the customer key
    resolves at ticket creation) and of agents whose employee row landed since. No event-time
    lookback. Deletes: a deleted ticket document does not change its _ts, so the first post-hook
    deletes the messages of every ticket now flagged is_deleted (plain DELETE ... WHERE IN, valid on
    every target), and a run reloads the messages of a live ticket that has none loaded (live again:
    a later export lists it). A ticket whose new version has no messages left (an empty or invalid
    array) inserts no row to replace its old ones, so the second post-hook deletes the messages of
    every ticket with none staged. The result equals a full refresh.
-#}
-- the incremental branch reads the arrival of dimension rows:
-- depends_on: {{ ref('stg_lake_erp__customer_versions') }}
-- depends_on: {{ ref('stg_lake_erp__employees') }}
with

messages as (
    select * from {{ ref('stg_cosmos__support_ticket_messages') }}
),

tickets as (
    select * from {{ ref('stg_cosmos__support_tickets') }}
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

{% if is_incremental() %}
-- tickets whose current version, or whose customer or agent dimension row, landed since the watermark
changed_tickets as (
    select tickets.ticket_id
    from tickets
    where tickets.landed_at >= {{ arrival_watermark() }}
    union
    select tickets.ticket_id
    from tickets
    inner join {{ ref('stg_lake_erp__customer_versions') }} as customer_versions
        on tickets.customer_id = customer_versions.customer_id
    where customer_versions.landed_at >= {{ arrival_watermark() }}
    union
    select messages.ticket_id
    from messages
    inner join {{ ref('stg_lake_erp__employees') }} as employees
        on messages.author_employee_id = employees.employee_id
    where employees.landed_at >= {{ arrival_watermark() }}
    union
    -- tickets live again (an earlier live_ids export missed them): the post-hook had deleted their messages
    select tickets.ticket_id
    from tickets
    where
        tickets.is_deleted = 0
        and tickets.ticket_id in (select messages.ticket_id from messages)
        and tickets.ticket_id not in (select loaded.ticket_id from {{ this }} as loaded)
),
{% endif %}

live_messages as (
    select
        messages.*,
        tickets.customer_id,
        tickets.created_at as ticket_created_at
    from messages
    inner join tickets
        on messages.ticket_id = tickets.ticket_id
    where tickets.is_deleted = 0
        {% if is_incremental() %}
        and tickets.ticket_id in (select changed_tickets.ticket_id from changed_tickets)
        {% endif %}
),

joined as (
    select
        live_messages.*,
        {{ dimension_key('customers.customer_key') }} as customer_key,
        {{ dimension_key('channels.channel_key') }} as channel_key,
        case
            when live_messages.author_type = 'agent' then {{ dimension_key('agents.support_agent_key') }}
            else {{ unknown_key() }}
        end as support_agent_key
    from live_messages
    left join customers
        on live_messages.customer_id = customers.customer_id
            and live_messages.ticket_created_at >= customers.valid_from_at
            and live_messages.ticket_created_at < customers.valid_to_at
    left join channels
        on live_messages.channel = channels.channel_code
    left join agents
        on live_messages.author_employee_id = agents.employee_id
),

final as (
    select
        -- keys
        {{ surrogate_key(['ticket_id', 'message_index']) }} as ticket_message_key,
        cast(message_id as varchar(64)) as message_id,
        cast(ticket_id as varchar(64)) as ticket_id,
        cast(customer_key as varchar(32)) as customer_key,
        cast(channel_key as varchar(32)) as channel_key,
        cast(support_agent_key as varchar(32)) as support_agent_key,
        {{ date_key('sent_at') }} as sent_date_key,
        -- dates (the typed dates behind the date keys, for the semantic layer)
        cast(sent_at as date) as sent_date,
        -- attributes
        cast(message_index as {{ dbt.type_int() }}) as message_index,
        cast(author_type as varchar(16)) as author_type,
        cast(author_id as varchar(64)) as author_id,
        -- timestamps
        cast(sent_at as {{ dbt.type_timestamp() }}) as sent_at,
        cast(modified_at as {{ dbt.type_timestamp() }}) as modified_at,
        -- arrival: when the ticket version's file landed (the incremental watermark)
        cast(landed_at as {{ dbt.type_timestamp() }}) as landed_at,
        -- measures
        cast(body_length as {{ dbt.type_int() }}) as body_length,
        {{ two_decimals(safe_divide(dbt.datediff('ticket_created_at', 'sent_at', 'second'), 60, 2)) }}
            as minutes_since_ticket_opened
    from joined
)

select * from final
