{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='app_session_key',
        on_schema_change='fail',
        post_hook=["delete from {{ this }} where session_source in ('inactivity_gap', 'events_only') and event_count = 0"]
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
    plus the sessions a new version of an event left (it moved the event out: another time, another
    sessionId, none; a gap session splits or shrinks, its later part gets a new key, and its other
    events a new key if the event was its first): the loaded sessions of the arrived events' loaded
    versions, read from fct_interaction_events before it replaces them (it runs after this model), and
    the gap sessions their other events are in now (between the loaded session's first and last event).
    That holds when both facts loaded the same arrivals (the same arrival watermark; the daily run
    builds both); otherwise (this model built alone, rare) it compares every loaded session with its events
    now (a new version can move an event to another app user, whom no arrived event names) and writes the
    sessions not loaded yet. Plus the loaded gap sessions that a
    reloaded gap session now covers (merged into it, or re-keyed when an earlier event became its first),
    plus the sessions whose staged device hash differs from the loaded one (erased when a later
    live_ids export deleted the user). The other loaded sessions of app users whose document or any
    customer version landed since, and those whose customer did not resolve last time, keep every
    column but customer_key, which is resolved again at their loaded started_at: only the sessions
    whose customer_key changed are written again (no event aggregate is recomputed for them). No
    event-time lookback. A reloaded gap or events_only session that no event points at any more is
    written with no event and deleted by the post-hook. Sessions are never deleted in Cosmos (no
    live_ids). The result equals a full refresh.
-#}
-- the incremental branch reads the arrival of dimension rows:
-- depends_on: {{ ref('stg_lake_erp__customer_versions') }}
-- runs after int_app_user_days_replaced, which reads the user-days this table loaded before they are replaced:
-- depends_on: {{ ref('int_app_user_days_replaced') }}
-- and after int_interaction_events_replaced (the loaded versions of the arrived events, read below):
-- depends_on: {{ ref('int_interaction_events_replaced') }}
{#- the incremental branch reads the intermediate in several places; naming it there, not the `events` CTE,
    keeps `events` referenced once, so DuckDB does not materialise the whole intermediate for it -#}
{%- set sessionized = ref('int_interaction_events_sessionized') %}
{#- the reported sessions' columns, from the staging table or (incremental) its rows that can have changed -#}
{%- set reported_columns = [
    surrogate_key(['app_session_id']) ~ ' as app_session_key', 'app_session_id', 'app_user_id', 'platform',
    'app_version', 'device_hash', 'started_at', 'ended_at', 'event_count as reported_event_count', 'modified_at',
    'landed_at'
] %}
with

events as (
    select * from {{ sessionized }}
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

{% if not is_incremental() -%}
reported_sessions as (
    select
        {{ reported_columns | join(',\n        ') }}
    from {{ ref('stg_cosmos__app_sessions') }}
),
{%- endif %}

{% if is_incremental() %}
{#- the watermark, read once: a constant, by whose zone maps the scans below skip the history -#}
{%- set watermark = arrival_watermark_literal() -%}
{#- the event fact as loaded before this run (it runs after this model: its depends_on) -#}
{%- set loaded_events_relation = loaded_model_relation('fct_interaction_events') -%}
{%- if loaded_events_relation is none %}
-- (fct_interaction_events is not built: the sessions an event left are sought among all of its app user's)
{%- set in_lockstep = '1 = 0' -%}
{%- else -%}
{%- set in_lockstep = arrival_watermark(relation=loaded_events_relation) ~ ' = ' ~ watermark -%}
{%- endif %}
{#- known when the model runs: in lockstep, the fallback's whole-fact comparison below is not even written -#}
{%- set lockstep_known = false -%}
{%- if loaded_events_relation is not none and execute and not offline_compile() -%}
{%- set lockstep_known = run_query('select case when ' ~ in_lockstep ~ ' then 1 else 0 end as in_lockstep')
                         .columns[0].values()[0] | int == 1 -%}
{#- and then a constant: the event fact's watermark is not read again for every use -#}
{%- if lockstep_known %}{% set in_lockstep = '1 = 1' %}{% endif -%}
{%- endif %}
-- app users whose document, or a version of whose customer, landed since the watermark
arrived_app_users as (
    {{ app_users_arrived(watermark=watermark) }}
),

-- the events landed since the watermark
arrived_events as (
    select
        arrived.event_id,
        arrived.app_user_id,
        arrived.app_session_key
    from {{ sessionized }} as arrived
    where arrived.landed_at >= {{ watermark }}
),

-- A new version of an event can move it out of a session (another time, another sessionId, none): the session
-- it left has lost an event (a gap session splits or shrinks: its later part gets a new key, whose events did
-- not land; its other events get a new key if it was the first). fct_interaction_events still holds the session
-- key each event had when this model loaded it, when both facts loaded the same arrivals (the same arrival
-- watermark: the daily run builds both; it runs after this model). Then only the sessions that the arrived
-- events were in are sought (a first version has none: it can only extend or merge gap sessions, whose events
-- then carry the new session_landed_at). Otherwise (a model built alone), the sessions of every app user with an
-- event landed since are compared with their events.
{% if loaded_events_relation is not none -%}
-- the loaded sessions of the arrived events' loaded versions (whatever their key now: an event moved within
-- the first part of the gap session it splits keeps its key)
{%- set replaced_known = replaced_events_known(watermark) %}
left_sessions as (
    -- (read from int_interaction_events_replaced when this invocation built it for this watermark: it implies the
    -- lockstep; the fact's 4.8M event ids are not scanned again here at scale 1)
    select replaced.app_session_key
    from {{ ref('int_interaction_events_replaced') }} as replaced
    where
        replaced.event_id is not null
        and {{ replaced_known }}
    union all
    select loaded_events.app_session_key
    from {{ loaded_events_relation }} as loaded_events
    where
        loaded_events.event_id in (select arrived_events.event_id from arrived_events)
        and {{ in_lockstep }}
        and not ({{ replaced_known }})
),
{%- else %}
left_sessions as (
    select arrived_events.app_session_key
    from arrived_events
    where 1 = 0
),
{%- endif %}

-- the sessions their other events are in now: a gap session's events lie between its first and last event
left_sessions_parts as (
    select current_events.app_session_key
    from {{ this }} as left_gap_sessions
    inner join {{ sessionized }} as current_events
        on {{ null_safe_equals('left_gap_sessions.app_user_id', 'current_events.app_user_id') }}
    where
        left_gap_sessions.session_source = 'inactivity_gap'
        and current_events.session_source = 'inactivity_gap'
        and left_gap_sessions.app_session_key in (select left_sessions.app_session_key from left_sessions)
        and (
            current_events.event_at is null
            or left_gap_sessions.first_event_at is null
            or left_gap_sessions.last_event_at is null
            or (
                current_events.event_at >= left_gap_sessions.first_event_at
                and current_events.event_at <= left_gap_sessions.last_event_at
            )
        )
),

-- the loaded gap sessions that a gap session with an event landed since now covers: merged into it, or
-- re-keyed when an earlier event became its first (no event carries their key any more)
reloaded_gap_sessions as (
    select
        reloaded.app_user_id,
        min(reloaded.event_at) as first_event_at,
        max(reloaded.event_at) as last_event_at
    from {{ sessionized }} as reloaded
    where
        reloaded.session_landed_at >= {{ watermark }}
        and reloaded.session_source = 'inactivity_gap'
    group by reloaded.app_user_id, reloaded.app_session_key
),

covered_gap_sessions as (
    select covered.app_session_key
    from {{ this }} as covered
    inner join reloaded_gap_sessions
        on {{ null_safe_equals('covered.app_user_id', 'reloaded_gap_sessions.app_user_id') }}
    where
        covered.session_source = 'inactivity_gap'
        and (
            covered.first_event_at is null
            or covered.last_event_at is null
            or reloaded_gap_sessions.first_event_at is null
            or (
                covered.last_event_at >= reloaded_gap_sessions.first_event_at
                and covered.first_event_at <= reloaded_gap_sessions.last_event_at
            )
        )
),

{% if not lockstep_known -%}
-- not in lockstep: the app users with an event landed since
changed_users as (
    select distinct arrived_events.app_user_id
    from arrived_events
    where not ({{ in_lockstep }})
),

-- their sessions as the events group them now
changed_users_sessions as (
    select
        user_events.app_session_key,
        count(*) as event_count,
        min(user_events.event_at) as first_event_at,
        max(user_events.event_at) as last_event_at
    from {{ sessionized }} as user_events
    inner join changed_users
        on {{ null_safe_equals('user_events.app_user_id', 'changed_users.app_user_id') }}
    group by user_events.app_session_key
),

-- not in lockstep (rare: a model built alone, a catch-up landing of one container): a new version can also move
-- an event to another app user, whose loaded sessions the arrived events do not name any more. Every loaded
-- session is compared with its events now (their count, first and last event), and every session not loaded yet
-- is written: the sessions an event left, whoever their user, and the later parts of the gap sessions they split
fallback_current_sessions as (
    select
        all_events.app_session_key,
        count(*) as event_count,
        min(all_events.event_at) as first_event_at,
        max(all_events.event_at) as last_event_at
    from {{ sessionized }} as all_events
    where not ({{ in_lockstep }})
    group by all_events.app_session_key
),

fallback_session_keys as (
    select fallback_stale.app_session_key
    from {{ this }} as fallback_stale
    left join fallback_current_sessions
        on fallback_stale.app_session_key = fallback_current_sessions.app_session_key
    where
        not ({{ in_lockstep }})
        and (
            coalesce(fallback_current_sessions.event_count, 0) != fallback_stale.event_count
            or {{ null_safe_differs('fallback_current_sessions.first_event_at', 'fallback_stale.first_event_at') }}
            or {{ null_safe_differs('fallback_current_sessions.last_event_at', 'fallback_stale.last_event_at') }}
        )
    union
    select fallback_current_sessions.app_session_key
    from fallback_current_sessions
    where fallback_current_sessions.app_session_key not in (
            select fallback_loaded.app_session_key
            from {{ this }} as fallback_loaded
        )
),

{% endif -%}
changed_session_keys as (
    select left_sessions.app_session_key
    from left_sessions
    union
    select left_sessions_parts.app_session_key
    from left_sessions_parts
    union
    select covered_gap_sessions.app_session_key
    from covered_gap_sessions
    union
    -- (the staging table itself, not reported_sessions: the key is hashed for the rows landed since only)
    select {{ surrogate_key(['arrived_sessions.app_session_id']) }} as app_session_key
    from {{ ref('stg_cosmos__app_sessions') }} as arrived_sessions
    where arrived_sessions.landed_at >= {{ watermark }}
    union
    -- (session_landed_at is never before landed_at: the latest landed_at of the session's events)
    select reloaded.app_session_key
    from {{ sessionized }} as reloaded
    where reloaded.session_landed_at >= {{ watermark }}
    union
    -- a device hash erased (or restored) in staging by a later live_ids export: no landed_at moves. Only
    -- that makes the staged hash and the loaded one differ with no landing since (any other change is a new
    -- version, which landed), and then one of them is NULL: so each side's few NULL hashes are looked up in
    -- the other side's rows, by document id (a loaded session with an id has the key of its id, as the staged
    -- session has; a gap session has none), and no key is hashed for the whole staging table
    select loaded.app_session_key
    from {{ this }} as loaded
    where
        loaded.device_hash is not null
        and loaded.app_session_id in (
            select restaged_erased.app_session_id
            from {{ ref('stg_cosmos__app_sessions') }} as restaged_erased
            where restaged_erased.device_hash is null
        )
    union
    select {{ surrogate_key(['restaged_restored.app_session_id']) }} as app_session_key
    from {{ ref('stg_cosmos__app_sessions') }} as restaged_restored
    where
        restaged_restored.device_hash is not null
        and restaged_restored.app_session_id in (
            select loaded.app_session_id
            from {{ this }} as loaded
            where loaded.device_hash is null
        )
    {%- if not lockstep_known %}
    union
    -- the changed users' loaded sessions whose events are not the loaded ones any more (an event moved out: a
    -- gap session split or shrunk, a reported session lost an event), an event-derived session left with no
    -- event among them
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
    select fallback_session_keys.app_session_key
    from fallback_session_keys
    {%- endif %}
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
    -- (grouped: DuckDB then sizes the key list as small and hashes it, not the whole intermediate)
    where events.app_session_key in (
            select changed_session_keys.app_session_key
            from changed_session_keys
            group by changed_session_keys.app_session_key
        )
    {% endif %}
    group by events.app_session_key
),

{% if is_incremental() -%}
-- the staged sessions that can have a changed key: a staged session not loaded yet landed since the watermark
-- (every staged session landed before was loaded), and a loaded one has the id of its loaded key. Read first
-- from the staging table, so that the key is hashed for those rows only, not for every staged session
changed_staged_sessions as (
    select arrived_staged.*
    from {{ ref('stg_cosmos__app_sessions') }} as arrived_staged
    where arrived_staged.landed_at >= {{ watermark }}
    union
    select loaded_staged.*
    from {{ ref('stg_cosmos__app_sessions') }} as loaded_staged
    where loaded_staged.app_session_id in (
            select loaded_reported.app_session_id
            from {{ this }} as loaded_reported
            where loaded_reported.app_session_key in (
                    select changed_session_keys.app_session_key
                    from changed_session_keys
                    group by changed_session_keys.app_session_key
                )
        )
),

reported_sessions as (
    select
        {{ reported_columns | join(',\n        ') }}
    from changed_staged_sessions
),

{% endif -%}
changed_reported_sessions as (
    select *
    from reported_sessions
    {% if is_incremental() %}
    where app_session_key in (
            select changed_session_keys.app_session_key
            from changed_session_keys
            group by changed_session_keys.app_session_key
        )
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
-- (the two reasons in two branches: as one OR, DuckDB resolved every loaded session before filtering)
reresolved_candidates as (
    select
        arrived_user_sessions.app_session_key,
        arrived_user_sessions.app_user_id,
        arrived_user_sessions.started_at,
        arrived_user_sessions.customer_key
    from {{ this }} as arrived_user_sessions
    where arrived_user_sessions.app_user_id in (select arrived_app_users.app_user_id from arrived_app_users)
    union
    select
        unresolved_sessions.app_session_key,
        unresolved_sessions.app_user_id,
        unresolved_sessions.started_at,
        unresolved_sessions.customer_key
    from {{ this }} as unresolved_sessions
    where unresolved_sessions.customer_key = {{ unknown_key() }}
),

reresolved_sessions as (
    select
        loaded.app_session_key,
        loaded.customer_key as loaded_customer_key,
        cast({{ dimension_key('customers.customer_key') }} as varchar(32)) as customer_key
    from reresolved_candidates as loaded
    left join app_users
        on loaded.app_user_id = app_users.app_user_id
    left join customers
        on app_users.customer_id = customers.customer_id
            and loaded.started_at >= customers.valid_from_at
            and loaded.started_at < customers.valid_to_at
    where loaded.app_session_key not in (select changed_session_keys.app_session_key from changed_session_keys)
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
union all
-- the changed event-derived sessions that no event points at any more (merged into another gap session,
-- re-keyed, left by their last event): written with no event, and deleted by the post-hook
select
    loaded.app_session_key,
    loaded.app_session_id,
    loaded.app_user_id,
    loaded.customer_key,
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
    cast(0 as {{ dbt.type_int() }}) as event_count,
    loaded.reported_event_count
from {{ this }} as loaded
where
    loaded.session_source in ('inactivity_gap', 'events_only')
    and loaded.app_session_key in (select changed_session_keys.app_session_key from changed_session_keys)
    and loaded.app_session_key not in (select final.app_session_key from final)
{%- endif %}
