-- Sessions are never deleted (no live_ids export): no is_deleted flag.
with

-- implausible _ts (future, epoch milliseconds, before the floor): quarantined, never a watermark
source as (
    select * from {{ source('cosmos', 'app_sessions') }}
    where {{ implausible_time_reason('_ts', 'epoch_seconds') }} is null
),

{{ dedupe('source', ['id'], ['_ts desc', '_etag desc', '_landed_at asc'], name='latest_versions') }},

renamed as (
    select
        -- keys
        id as app_session_id,
        "userId" as app_user_id,
        "deviceId" as device_id,
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
    from latest_versions
)

select
    app_session_id,
    app_user_id,
    platform,
    app_version,
    device_id,
    started_at,
    ended_at,
    event_count,
    modified_at,
    landed_at
from renamed
