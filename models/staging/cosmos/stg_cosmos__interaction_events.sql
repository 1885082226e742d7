{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='event_id',
        on_schema_change='fail'
    )
}}
-- Events are immutable and never deleted (no live_ids export): no is_deleted flag. Duplicates
-- (the same event landed again in the next partition) are removed by the dedup. The search text
-- (`properties.query`, free text that can hold anything a user typed) is not read: no model needs it.
-- Staged incrementally by arrival (the largest container, append-only; macro with_staged_versions):
-- a run reads only the files landed at or after the latest landed_at staged (landed_since_watermark:
-- on DuckDB a literal, so the parquet scan skips the older files by their statistics) and ranks
-- their copies against the row already staged for the same event. The staged row is the winner of
-- every older copy, and the ranking columns are staged with it (modified_at from _ts, etag, landed_at
-- of the first copy), so the winner is the one a full refresh picks: the result equals a full refresh.
with

-- implausible _ts (future, epoch milliseconds, before the floor): quarantined, never a watermark
source as (
    select * from {{ source('cosmos', 'interaction_events') }}
    where {{ implausible_time_reason('_ts', 'epoch_seconds') }} is null
        {% if is_incremental() %}
        and {{ landed_since_watermark('_landed_at') }}
        {% endif %}
),

renamed as (
    select
        -- keys
        id as event_id,
        "userId" as app_user_id,
        "sessionId" as app_session_id,
        {{ try_cast_text(json_value('properties', '$.productId'), 'bigint') }} as product_id,
        {{ try_cast_text(json_value('properties', '$.orderId'), 'bigint') }} as sales_order_id,
        -- attributes
        "eventType" as event_type,
        platform,
        screen,
        -- timestamps (UTC)
        {{ iso_text_to_timestamp('"eventAt"') }} as event_at,
        {{ epoch_to_timestamp('_ts') }} as modified_at,
        -- the version tag: the dedup's tie-break after modified_at
        _etag as etag,
        -- the arrival marker of the file this version landed in (first copy): what incremental models load by
        cast(_landed_at as {{ dbt.type_timestamp() }}) as landed_at
    from source
),

{{ with_staged_versions('renamed', ['event_id'],
    ['event_id', 'app_user_id', 'app_session_id', 'event_type', 'event_at', 'platform', 'screen',
     'product_id', 'sales_order_id', 'modified_at', 'etag', 'landed_at']) }},

{{ dedupe('candidates', ['event_id'], ['modified_at desc', 'etag desc', 'landed_at asc'], name='latest_versions') }}

select
    event_id,
    app_user_id,
    app_session_id,
    event_type,
    event_at,
    platform,
    screen,
    product_id,
    sales_order_id,
    modified_at,
    etag,
    landed_at
from latest_versions
