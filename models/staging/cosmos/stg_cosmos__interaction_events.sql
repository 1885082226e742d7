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
-- Staged incrementally by arrival (the largest container, append-only): a run restages the events
-- of which any copy landed at or after the latest landed_at staged (arrival_watermark), deduplicated
-- over all their landed copies, so a late partition, a late event or a duplicate is staged whatever
-- its dates, and the result equals a full refresh.
with

{% if is_incremental() %}
-- the events of which a copy landed since the watermark: all their copies are deduplicated again
arrived as (
    select distinct arrived_copies.id
    from {{ source('cosmos', 'interaction_events') }} as arrived_copies
    where arrived_copies._landed_at >= {{ arrival_watermark() }}
),
{% endif %}

-- implausible _ts (future, epoch milliseconds, before the floor): quarantined, never a watermark
source as (
    select * from {{ source('cosmos', 'interaction_events') }}
    where {{ implausible_time_reason('_ts', 'epoch_seconds') }} is null
        {% if is_incremental() %}
        and id in (select arrived.id from arrived)
        {% endif %}
),

{{ dedupe('source', ['id'], ['_ts desc', '_etag desc', '_landed_at asc'], name='latest_versions') }},

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
        -- the arrival marker of the file this version landed in (first copy): what incremental models load by
        cast(_landed_at as {{ dbt.type_timestamp() }}) as landed_at
    from latest_versions
)

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
    landed_at
from renamed
