{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='ticket_id',
        on_schema_change='fail',
        post_hook=["{{ stale_children_delete(ref('stg_cosmos__support_tickets'), 'ticket_id') }}"]
    )
}}
-- One row per entry of the status history of the current version of a ticket (JSON array
-- `statusHistory` unnested).
-- Incremental by arrival, delete+insert on ticket_id (a ticket's whole history is replaced at once):
-- a run unnests the ticket versions landed since the latest landed_at it holds that
-- stg_cosmos__support_tickets (incremental, built before it) now stages as the ticket's version
-- (cosmos_arrived_versions), re-flags the history of the tickets whose delete flag changed in a later
-- live_ids export, and its post-hook deletes the history of tickets whose new version has none
-- (stale_children_delete). Every other ticket's history was unnested from the version staged now,
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
        latest_versions."statusHistory" as status_history,
        {{ epoch_to_timestamp('latest_versions._ts') }} as modified_at,
        cast(latest_versions._landed_at as {{ dbt.type_timestamp() }}) as landed_at,
        latest_versions.is_deleted
    from latest_versions
),

unnested as (
    {{ json_unnest(
        'tickets',
        'status_history',
        parent_columns=['ticket_id', 'modified_at', 'landed_at', 'is_deleted'],
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
        landed_at,
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
    landed_at,
    is_deleted
from typed
{% if is_incremental() %}
union all
{{ cosmos_children_flagged_again(ref('stg_cosmos__support_tickets'), 'ticket_id',
    ['ticket_id', 'change_index', 'ticket_status', 'changed_at', 'changed_by', 'modified_at', 'landed_at']) }}
{% endif %}
