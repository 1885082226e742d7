-- One row per entry of the status history of the current version of a ticket (JSON array
-- `statusHistory` unnested).
{{ live_ids_circuit_breaker('support_tickets', 'ticket_id') }}
with

-- implausible _ts (future, epoch milliseconds, before the floor): quarantined, never a watermark
source as (
    select * from {{ source('cosmos', 'support_tickets') }}
    where {{ implausible_time_reason('_ts', 'epoch_seconds') }} is null
),

live_ids as (
    select * from {{ source('cosmos_live_ids', 'support_tickets') }}
),

{{ dedupe('source', ['id'], ['_ts desc', '_etag desc', '_landed_at asc'], name='latest_versions') }},

latest_live_ids as (
    select distinct id
    from live_ids
    where {{ is_latest_complete_export('export_date', 'live_ids', 'support_tickets') }}
),

-- the left join only looks up the delete flag (see stg_cosmos__support_tickets)
tickets as (
    select
        latest_versions.id as ticket_id,
        latest_versions."statusHistory" as status_history,
        {{ epoch_to_timestamp('latest_versions._ts') }} as modified_at,
        {{ to_flag('latest_live_ids.id is null') }} as is_deleted
    from latest_versions
    left join latest_live_ids
        on latest_versions.id = latest_live_ids.id
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
