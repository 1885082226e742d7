{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='ticket_id',
        on_schema_change='fail',
        post_hook=["{{ stale_children_delete(ref('stg_cosmos__support_tickets'), 'ticket_id') }}"]
    )
}}
-- One row per message of the current version of a ticket (JSON array `messages` unnested).
-- Incremental by arrival, delete+insert on ticket_id (every message of a ticket is replaced at once):
-- a run unnests the ticket versions landed since the latest landed_at it holds that
-- stg_cosmos__support_tickets (incremental, built before it) now stages as the ticket's version
-- (cosmos_arrived_versions), re-flags the messages of the tickets whose delete flag changed in a later
-- live_ids export, and its post-hook deletes the messages of tickets whose new version has none
-- (stale_children_delete). Every other ticket's messages were unnested from the version staged now,
-- so the result equals a full refresh.
{{ live_ids_circuit_breaker('support_tickets', 'ticket_id') }}
-- the incremental branch reads the landed tickets: {{ source('cosmos', 'support_tickets') }}
with

{% if is_incremental() %}
{{ cosmos_arrived_versions('support_tickets', ref('stg_cosmos__support_tickets'), 'ticket_id') }},
{% else %}
-- the latest version of each ticket and its delete flag (base_cosmos__support_tickets)
latest_versions as (
    select * from {{ ref('base_cosmos__support_tickets') }}
),
{% endif %}

tickets as (
    select
        latest_versions.id as ticket_id,
        latest_versions.messages,
        {{ epoch_to_timestamp('latest_versions._ts') }} as modified_at,
        cast(latest_versions._landed_at as {{ dbt.type_timestamp() }}) as landed_at,
        latest_versions.is_deleted
    from latest_versions
),

unnested as (
    {{ json_unnest(
        'tickets',
        'messages',
        parent_columns=['ticket_id', 'modified_at', 'landed_at', 'is_deleted'],
        index_column='message_index',
        fields=[
            {'name': 'message_id', 'path': '$.messageId'},
            {'name': 'sent_at', 'path': '$.sentAt'},
            {'name': 'author_type', 'path': '$.authorType'},
            {'name': 'author_id', 'path': '$.authorId'},
            {'name': 'channel', 'path': '$.channel'},
            {'name': 'body_length', 'path': '$.bodyLength'},
        ]
    ) }}
),

typed as (
    select
        -- keys
        message_id,
        ticket_id,
        message_index,
        author_id,
        -- an agent's authorId is an ERP employee id as text; NULL when it is not a number (the fact then
        -- points at the unknown agent) and for customers (an app user uuid) and bots (a bot name)
        case
            when author_type = 'agent' then {{ try_cast_text('author_id', 'bigint') }}
        end as author_employee_id,
        -- attributes
        author_type,
        channel,
        {{ try_cast_text('body_length', 'integer') }} as body_length,
        -- timestamps (UTC)
        {{ iso_text_to_timestamp('sent_at') }} as sent_at,
        modified_at,
        landed_at,
        -- flags
        is_deleted
    from unnested
)

select
    message_id,
    ticket_id,
    message_index,
    sent_at,
    author_type,
    author_id,
    author_employee_id,
    channel,
    body_length,
    modified_at,
    landed_at,
    is_deleted
from typed
{% if is_incremental() %}
union all
{{ cosmos_children_flagged_again(ref('stg_cosmos__support_tickets'), 'ticket_id',
    ['message_id', 'ticket_id', 'message_index', 'sent_at', 'author_type', 'author_id', 'author_employee_id',
     'channel', 'body_length', 'modified_at', 'landed_at']) }}
{% endif %}
