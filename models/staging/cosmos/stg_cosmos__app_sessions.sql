{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='app_session_id',
        on_schema_change='fail'
    )
}}
{%- set session_columns = [
    'app_session_id', 'app_user_id', 'device_hash', 'platform', 'app_version', 'event_count', 'started_at',
    'ended_at', 'modified_at', 'etag', 'landed_at'
] -%}
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
-- Macro cosmos_restaged_arrivals writes the CTEs up to `landed` (the rows to rename) and
-- `deleted_since` (the staged rows of the sessions of users deleted since).
with

-- the delete flag is the user's: the app_users live_ids export, looked up by the session's user
{{ cosmos_restaged_arrivals('app_sessions', 'app_session_id', session_columns, flag_column='is_user_deleted',
    live_ids_container='app_users', live_ids_column='app_user_id') }},

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
    select * from deleted_since
    {% endif %}
),

{{ with_staged_versions('renamed', ['app_session_id'], session_columns) }},

-- device_hash last: a copy read again (a user live again) beats its erased staged row
{{ dedupe('candidates', ['app_session_id'], ['modified_at desc', 'etag desc', 'landed_at asc', 'device_hash desc'],
    name='latest_versions') }},

{{ cosmos_flagged('latest_versions', 'app_user_id', 'is_user_deleted') }}

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
