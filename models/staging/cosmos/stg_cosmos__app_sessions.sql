-- Sessions are never deleted (no live_ids export): no is_deleted flag. Their users are: the device
-- id is personal data, kept only as a SHA-256 hash (pii_hash) and only while the session's user is
-- live in the latest complete app_users live_ids export (NULL otherwise: the right to erasure).
with

-- implausible _ts (future, epoch milliseconds, before the floor): quarantined, never a watermark
source as (
    select * from {{ source('cosmos', 'app_sessions') }}
    where {{ implausible_time_reason('_ts', 'epoch_seconds') }} is null
),

live_user_ids as (
    select * from {{ source('cosmos_live_ids', 'app_users') }}
),

{{ dedupe('source', ['id'], ['_ts desc', '_etag desc', '_landed_at asc'], name='latest_versions') }},

latest_live_user_ids as (
    select distinct id
    from live_user_ids
    where {{ is_latest_complete_export('export_date', 'live_user_ids', 'app_users') }}
),

-- the left join only looks up whether the session's user is still live
flagged as (
    select
        latest_versions.*,
        {{ to_flag('latest_live_user_ids.id is null') }} as is_user_deleted
    from latest_versions
    left join latest_live_user_ids
        on latest_versions."userId" = latest_live_user_ids.id
),

renamed as (
    select
        -- keys
        id as app_session_id,
        "userId" as app_user_id,
        {{ erase_when_deleted(pii_hash('"deviceId"'), 'is_user_deleted') }} as device_hash,
        -- attributes
        platform,
        "appVersion" as app_version,
        -- counts (NULL when the client wrote a string: type drift)
        "eventCount" as event_count,
        -- timestamps (UTC)
        {{ iso_text_to_timestamp('"startedAt"') }} as started_at,
        {{ iso_text_to_timestamp('"endedAt"') }} as ended_at,
        {{ epoch_to_timestamp('_ts') }} as modified_at,
        -- the arrival marker of the file this version landed in (first copy): what incremental models load by
        cast(_landed_at as {{ dbt.type_timestamp() }}) as landed_at
    from flagged
)

select
    app_session_id,
    app_user_id,
    platform,
    app_version,
    device_hash,
    started_at,
    ended_at,
    event_count,
    modified_at,
    landed_at
from renamed
