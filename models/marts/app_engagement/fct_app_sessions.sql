{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='app_session_key',
        on_schema_change='fail',
        post_hook=["delete from {{ this }} where session_source in ('inactivity_gap', 'events_only') and app_session_key not in (select session_events.app_session_key from {{ ref('int_interaction_events_sessionized') }} as session_events)"]
    )
}}
{#-
    One row per app session: the sessions the apps reported (session_source 'reported'), sessions
    that events name but whose document has not landed ('events_only'), and sessions derived from
    events without a sessionId by the 30-minute inactivity rule ('inactivity_gap'; rules in
    int_interaction_events_sessionized).

    Incremental by arrival, delete+insert keyed on app_session_key: a run reloads every session
    whose document or any of whose events landed since the latest landed_at already loaded
    (arrival_watermark; session_landed_at covers gap sessions that a late event merged or
    extended), whatever their event dates, recomputing its event aggregates over all its events,
    plus, for the app users with an event landed since, their sessions whose events differ from the
    loaded aggregates or that are not loaded (a new version that moves an event out of the middle of a
    gap session splits it, leaving the rest of its events unchanged: the session shrinks and its later
    part gets a new key; an event that changes its sessionId leaves the old session with fewer events),
    plus the sessions whose staged device hash differs from the loaded one (erased when a later
    live_ids export deleted the user). The other loaded sessions of app users whose document or any
    customer version landed since, and those whose customer did not resolve last time, keep every
    column but customer_key, which is resolved again at their loaded started_at: only the sessions
    whose customer_key changed are written again (no event aggregate is recomputed for them). No event-time lookback. A late event can
    merge two gap sessions, so the post-hook deletes gap sessions that no event points at any
    more, and events_only sessions left with no event. Sessions are never
    deleted in Cosmos (no live_ids). The result equals a full refresh.
-#}
-- the incremental branch reads the arrival of dimension rows:
-- depends_on: {{ ref('stg_lake_erp__customer_versions') }}
with

sessions as (
    select * from {{ ref('stg_cosmos__app_sessions') }}
),

events as (
    select * from {{ ref('int_interaction_events_sessionized') }}
),

app_users as (
    select * from {{ ref('stg_cosmos__app_users') }}
),

customers as (
    select * from {{ ref('dim_customer') }}
),

channels as (
    select * from {{ ref('dim_channel') }}
),

reported_sessions as (
    select
        {{ surrogate_key(['app_session_id']) }} as app_session_key,
        app_session_id,
        app_user_id,
        platform,
        app_version,
        device_hash,
        started_at,
        ended_at,
        event_count as reported_event_count,
        modified_at,
        landed_at
    from sessions
),

{% if is_incremental() %}
-- app users whose document, or a version of whose customer, landed since the watermark
arrived_app_users as (
    {{ app_users_arrived() }}
),

-- app users with an event landed since the watermark: a new version of an event can move it out of a
-- session (another time, another sessionId, none), so their loaded sessions can have lost events
changed_users as (
    select distinct arrived.app_user_id
    from events as arrived
    where arrived.landed_at >= {{ arrival_watermark() }}
),

-- their sessions as the events group them now
changed_users_sessions as (
    select
        user_events.app_session_key,
        count(*) as event_count,
        min(user_events.event_at) as first_event_at,
        max(user_events.event_at) as last_event_at
    from events as user_events
    inner join changed_users
        on {{ null_safe_equals('user_events.app_user_id', 'changed_users.app_user_id') }}
    group by user_events.app_session_key
),

changed_session_keys as (
    -- their loaded sessions whose events are not the loaded ones any more (an event moved out: a gap
    -- session split or shrunk, a reported session lost an event); an event-derived session left with no
    -- event produces no row and is deleted by the post-hook
    select stale.app_session_key
    from {{ this }} as stale
    inner join changed_users
        on {{ null_safe_equals('stale.app_user_id', 'changed_users.app_user_id') }}
    left join changed_users_sessions
        on stale.app_session_key = changed_users_sessions.app_session_key
    where
        coalesce(changed_users_sessions.event_count, 0) != stale.event_count
        or {{ null_safe_differs('changed_users_sessions.first_event_at', 'stale.first_event_at') }}
        or {{ null_safe_differs('changed_users_sessions.last_event_at', 'stale.last_event_at') }}
    union
    -- and their sessions not loaded yet (the later part of a split gap session, whose events landed long ago)
    select changed_users_sessions.app_session_key
    from changed_users_sessions
    where changed_users_sessions.app_session_key not in (select loaded.app_session_key from {{ this }} as loaded)
    union
    select reported_sessions.app_session_key
    from reported_sessions
    where reported_sessions.landed_at >= {{ arrival_watermark() }}
    union
    select events.app_session_key
    from events
    where
        events.landed_at >= {{ arrival_watermark() }}
        or events.session_landed_at >= {{ arrival_watermark() }}
    union
    -- a device hash erased (or restored) in staging by a later live_ids export: no landed_at moves
    select restaged.app_session_key
    from reported_sessions as restaged
    inner join {{ this }} as loaded
        on restaged.app_session_key = loaded.app_session_key
    where {{ null_safe_differs('restaged.device_hash', 'loaded.device_hash') }}
),
{% endif %}

session_events as (
    select
        events.app_session_key,
        min(events.app_session_id) as app_session_id,
        min(events.session_source) as session_source,
        min(events.app_user_id) as app_user_id,
        min(events.platform) as platform,
        min(events.event_at) as first_event_at,
        max(events.event_at) as last_event_at,
        count(*) as event_count,
        max(events.modified_at) as modified_at,
        max(events.landed_at) as landed_at
    from events
    {% if is_incremental() %}
    where events.app_session_key in (select changed_session_keys.app_session_key from changed_session_keys)
    {% endif %}
    group by events.app_session_key
),

changed_reported_sessions as (
    select *
    from reported_sessions
    {% if is_incremental() %}
    where app_session_key in (select changed_session_keys.app_session_key from changed_session_keys)
    {% endif %}
),

combined as (
    select
        coalesce(changed_reported_sessions.app_session_key, session_events.app_session_key) as app_session_key,
        coalesce(changed_reported_sessions.app_session_id, session_events.app_session_id) as app_session_id,
        case
            when changed_reported_sessions.app_session_key is not null then 'reported'
            when session_events.session_source = 'reported' then 'events_only'
            else session_events.session_source
        end as session_source,
        coalesce(changed_reported_sessions.app_user_id, session_events.app_user_id) as app_user_id,
        coalesce(changed_reported_sessions.platform, session_events.platform) as platform,
        changed_reported_sessions.app_version,
        changed_reported_sessions.device_hash,
        coalesce(changed_reported_sessions.started_at, session_events.first_event_at) as started_at,
        case
            when changed_reported_sessions.app_session_key is not null then changed_reported_sessions.ended_at
            else session_events.last_event_at
        end as ended_at,
        session_events.first_event_at,
        session_events.last_event_at,
        coalesce(session_events.event_count, 0) as event_count,
        changed_reported_sessions.reported_event_count,
        case
            when session_events.modified_at is null then changed_reported_sessions.modified_at
            when changed_reported_sessions.modified_at is null then session_events.modified_at
            when session_events.modified_at > changed_reported_sessions.modified_at then session_events.modified_at
            else changed_reported_sessions.modified_at
        end as modified_at,
        case
            when session_events.landed_at is null then changed_reported_sessions.landed_at
            when changed_reported_sessions.landed_at is null then session_events.landed_at
            when session_events.landed_at > changed_reported_sessions.landed_at then session_events.landed_at
            else changed_reported_sessions.landed_at
        end as landed_at
    from changed_reported_sessions
    full outer join session_events
        on changed_reported_sessions.app_session_key = session_events.app_session_key
),

joined as (
    select
        combined.*,
        {{ dimension_key('customers.customer_key') }} as customer_key,
        {{ dimension_key('channels.channel_key') }} as channel_key
    from combined
    left join app_users
        on combined.app_user_id = app_users.app_user_id
    left join customers
        on app_users.customer_id = customers.customer_id
            and combined.started_at >= customers.valid_from_at
            and combined.started_at < customers.valid_to_at
    left join channels
        on case
                when combined.platform = 'web' then 'web'
                when combined.platform in ('ios', 'android') then 'mobile'
            end = channels.channel_code
),

final as (
    select
        -- keys
        cast(app_session_key as varchar(32)) as app_session_key,
        cast(app_session_id as varchar(64)) as app_session_id,
        cast(app_user_id as varchar(64)) as app_user_id,
        cast(customer_key as varchar(32)) as customer_key,
        cast(channel_key as varchar(32)) as channel_key,
        {{ date_key('started_at') }} as started_date_key,
        -- dates (the typed dates behind the date keys, for the semantic layer)
        cast(started_at as date) as started_date,
        -- attributes
        cast(session_source as varchar(16)) as session_source,
        cast(platform as varchar(16)) as platform,
        cast(app_version as varchar(32)) as app_version,
        cast(device_hash as varchar(64)) as device_hash,
        -- flags
        cast(case when ended_at is null then 1 else 0 end as {{ dbt.type_int() }}) as is_end_missing,
        -- timestamps
        cast(started_at as {{ dbt.type_timestamp() }}) as started_at,
        cast(ended_at as {{ dbt.type_timestamp() }}) as ended_at,
        cast(first_event_at as {{ dbt.type_timestamp() }}) as first_event_at,
        cast(last_event_at as {{ dbt.type_timestamp() }}) as last_event_at,
        cast(modified_at as {{ dbt.type_timestamp() }}) as modified_at,
        -- arrival: the latest landed_at of the document or any of its events (the incremental watermark)
        cast(landed_at as {{ dbt.type_timestamp() }}) as landed_at,
        -- measures
        cast({{ dbt.datediff('started_at', 'ended_at', 'second') }} as {{ dbt.type_int() }}) as duration_seconds,
        cast(event_count as {{ dbt.type_int() }}) as event_count,
        cast(reported_event_count as {{ dbt.type_int() }}) as reported_event_count
    from joined
){% if is_incremental() %},

-- the other loaded sessions of the arrived app users, and those whose customer did not resolve last time:
-- only their customer_key can change (resolved again at the loaded started_at); written where it did
reresolved_sessions as (
    select
        loaded.app_session_key,
        loaded.customer_key as loaded_customer_key,
        cast({{ dimension_key('customers.customer_key') }} as varchar(32)) as customer_key
    from {{ this }} as loaded
    left join app_users
        on loaded.app_user_id = app_users.app_user_id
    left join customers
        on app_users.customer_id = customers.customer_id
            and loaded.started_at >= customers.valid_from_at
            and loaded.started_at < customers.valid_to_at
    where
        (
            loaded.app_user_id in (select arrived_app_users.app_user_id from arrived_app_users)
            or loaded.customer_key = {{ unknown_key() }}
        )
        and loaded.app_session_key not in (select changed_session_keys.app_session_key from changed_session_keys)
)

{% endif -%}
select * from final
{%- if is_incremental() %}
union all
select
    loaded.app_session_key,
    loaded.app_session_id,
    loaded.app_user_id,
    reresolved_sessions.customer_key,
    loaded.channel_key,
    loaded.started_date_key,
    loaded.started_date,
    loaded.session_source,
    loaded.platform,
    loaded.app_version,
    loaded.device_hash,
    loaded.is_end_missing,
    loaded.started_at,
    loaded.ended_at,
    loaded.first_event_at,
    loaded.last_event_at,
    loaded.modified_at,
    loaded.landed_at,
    loaded.duration_seconds,
    loaded.event_count,
    loaded.reported_event_count
from reresolved_sessions
inner join {{ this }} as loaded
    on reresolved_sessions.app_session_key = loaded.app_session_key
where reresolved_sessions.customer_key != reresolved_sessions.loaded_customer_key
{%- endif %}
