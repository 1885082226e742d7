-- One row per entry of the status history of the current version of a ticket (JSON array
-- `statusHistory` unnested).
{{ live_ids_circuit_breaker('support_tickets', 'ticket_id') }}
with

-- the latest version of each ticket and its delete flag, computed once (base_cosmos__support_tickets)
latest_versions as (
    select * from {{ ref('base_cosmos__support_tickets') }}
),

tickets as (
    select
        latest_versions.id as ticket_id,
        latest_versions."statusHistory" as status_history,
        {{ epoch_to_timestamp('latest_versions._ts') }} as modified_at,
        latest_versions.is_deleted
    from latest_versions
),

unnested as (
    {{ json_unnest(
        'tickets',
        'status_history',
        parent_columns=['ticket_id', 'modified_at', 'is_deleted'],
        index_column='change_index',
        fields=[
            {'name': 'ticket_status', 'path': '$.status'},
            {'name': 'changed_at', 'path': '$.changedAt'},
            {'name': 'changed_by', 'path': '$.changedBy'},
        ]
    ) }}
),

typed as (
    select
        -- keys
        ticket_id,
        change_index,
        -- attributes
        ticket_status,
        changed_by,
        -- timestamps (UTC)
        {{ iso_text_to_timestamp('changed_at') }} as changed_at,
        modified_at,
        -- flags
        is_deleted
    from unnested
)

select
    ticket_id,
    change_index,
    ticket_status,
    changed_at,
    changed_by,
    modified_at,
    is_deleted
from typed
