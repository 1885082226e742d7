{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='app_session_id',
        on_schema_change='fail'
    )
}}
-- Sessions are never deleted (no live_ids export): no is_deleted flag. Their users are: the device
-- id is personal data, kept only as a SHA-256 hash (pii_hash) and only while the session's user is
-- live in the latest complete app_users live_ids export (NULL otherwise: the right to erasure;
-- is_user_deleted says which).
-- Staged incrementally by arrival (macro with_staged_versions): a run reads only the files landed at
-- or after the latest landed_at staged (landed_since_watermark) and ranks their copies against the
-- row already staged for the same session (the winner of every older copy; the ranking columns
-- modified_at, etag and the first copy's landed_at are staged with it). The delete flags come from
-- the live_ids export, which the watermark does not see, so a run also restages the sessions whose
-- user's state in the latest export differs from the one staged: a user deleted since has its
-- sessions' device hash erased from the staged row, and a user live again (an earlier export that
-- missed it) has its sessions' every landed copy read again, since the staged hash is gone. Every
-- other staged row is what a full refresh would stage, so the result equals a full refresh.
with

live_user_ids as (
    select * from {{ source('cosmos_live_ids', 'app_users') }}
),

latest_live_user_ids as (
    select distinct id
    from live_user_ids
    where {{ is_latest_complete_export('export_date', 'live_user_ids', 'app_users') }}
),

{% if is_incremental() %}
-- staged sessions whose user's state in the latest export is not the one staged
user_state_changed as (
    select
        staged.app_session_id,
        staged.is_user_deleted
    from {{ this }} as staged
    left join latest_live_user_ids
        on staged.app_user_id = latest_live_user_ids.id
    where staged.is_user_deleted != {{ to_flag('latest_live_user_ids.id is null') }}
),
{% endif %}

-- implausible _ts (future, epoch milliseconds, before the floor): quarantined, never a watermark
source as (
    select * from {{ source('cosmos', 'app_sessions') }}
    where
        {{ implausible_time_reason('_ts', 'epoch_seconds') }} is null
        {% if is_incremental() %}
        and {{ landed_since_watermark('_landed_at') }}
        {% endif %}
),

{% if is_incremental() %}
-- every landed copy of the sessions of users live again (their staged device hash was erased)
revived as (
    select * from {{ source('cosmos', 'app_sessions') }}
    where
        {{ implausible_time_reason('_ts', 'epoch_seconds') }} is null
        and id in (
            select user_state_changed.app_session_id
            from user_state_changed
            where user_state_changed.is_user_deleted = 1
        )
),
{% endif %}

landed as (
    select * from source
    {% if is_incremental() %}
    union all
    select * from revived
    {% endif %}
),

renamed as (
    select
        -- keys
        id as app_session_id,
        "userId" as app_user_id,
        -- erased below unless the user is live
        {{ pii_hash('"deviceId"') }} as device_hash,
        -- attributes
        platform,
        "appVersion" as app_version,
        -- counts (NULL when the client wrote a string: type drift)
        "eventCount" as event_count,
        -- timestamps (UTC)
        {{ iso_text_to_timestamp('"startedAt"') }} as started_at,
        {{ iso_text_to_timestamp('"endedAt"') }} as ended_at,
        {{ epoch_to_timestamp('_ts') }} as modified_at,
        -- the version tag: the dedup's tie-break after modified_at
        _etag as etag,
        -- the arrival marker of the file this version landed in (first copy): what incremental models load by
        cast(_landed_at as {{ dbt.type_timestamp() }}) as landed_at
    from landed
    {% if is_incremental() %}
    union all
    -- the staged rows of the sessions of users deleted since (their hash is erased below)
    select
        staged.app_session_id,
        staged.app_user_id,
        staged.device_hash,
        staged.platform,
        staged.app_version,
        staged.event_count,
        staged.started_at,
        staged.ended_at,
        staged.modified_at,
        staged.etag,
        staged.landed_at
    from {{ this }} as staged
    where
        staged.app_session_id in (
            select user_state_changed.app_session_id
            from user_state_changed
            where user_state_changed.is_user_deleted = 0
        )
    {% endif %}
),

{{ with_staged_versions('renamed', ['app_session_id'],
    ['app_session_id', 'app_user_id', 'device_hash', 'platform', 'app_version', 'event_count', 'started_at',
     'ended_at', 'modified_at', 'etag', 'landed_at']) }},

-- device_hash last: a copy read again (a user live again) beats its erased staged row
{{ dedupe('candidates', ['app_session_id'], ['modified_at desc', 'etag desc', 'landed_at asc', 'device_hash desc'],
    name='latest_versions') }},

-- the left join only looks up whether the session's user is still live
flagged as (
    select
        latest_versions.*,
        {{ to_flag('latest_live_user_ids.id is null') }} as is_user_deleted
    from latest_versions
    left join latest_live_user_ids
        on latest_versions.app_user_id = latest_live_user_ids.id
)

select
    app_session_id,
    app_user_id,
    platform,
    app_version,
    {{ erase_when_deleted('device_hash', 'is_user_deleted') }} as device_hash,
    started_at,
    ended_at,
    event_count,
    modified_at,
    etag,
    landed_at,
    is_user_deleted
from flagged
