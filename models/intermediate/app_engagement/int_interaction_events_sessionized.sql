{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='event_id',
        on_schema_change='fail'
    )
}}
{#-
    Every interaction event with the session it belongs to.

    Sessionisation rules (unit-tested in _int_app_engagement__models.yml):
    1. An event that carries a sessionId belongs to that session (session_source 'reported'),
       whether or not the session document has landed yet.
    2. Events without a sessionId are grouped per app user by inactivity: ordered by event_at
       (ties by event_id), an event starts a new session when it is the user's first such event
       or comes more than var('session_inactivity_minutes', 30) minutes after the previous one;
       exactly 30 minutes still continues the session (session_source 'inactivity_gap').
       Events that carry a sessionId are not considered when grouping.
    3. The key of a reported session is the surrogate of its sessionId; the key of a gap session is
       the surrogate of ('inactivity_gap', app user, the session's first event_at), so it is stable
       from run to run as long as no earlier event of the session arrives late.
    4. session_modified_at is the latest modified_at of any event in the event's gap session (for a
       reported session, the event's own modified_at): a late event that merges two gap sessions
       makes every event of the merged session "changed", so incremental facts re-key them.
    5. landed_at is the event's arrival marker; session_landed_at the latest landed_at of any event in
       its gap session (a reported session: the event's own). The incremental facts load by these
       (arrival), so a late partition whose events merge or extend gap sessions re-keys every event
       of the sessions it touches, whatever their event dates.

    Incremental by arrival (delete+insert on event_id; the result equals a full refresh):
    * the events staged since the watermark (arrival_watermark on landed_at: new events, new
      versions, late partitions) are reloaded;
    * gap sessions are recomputed only for the app users with such an event without a sessionId
      (at its new position, or at its old one if a new version moved it), and only from the first of
      their gap sessions that a changed event can reach: the session whose last event lies within
      the inactivity gap before the earliest changed event, or any later one. Every earlier gap
      session of the user ends more than the gap before every change, so no change can extend,
      merge or re-key it, and its rows stay as they are. The user's events from that point on are
      sessionised again and replace their rows (every event of a recomputed session is in the set);
    * a changed event with no event_at (it sorts apart from the others) recomputes its whole user.
    Events are never deleted in Cosmos (no live_ids), so no row has to go.
-#}
{%- set gap_seconds = var('session_inactivity_minutes', 30) * 60 -%}
{#- the staged events are named where they are read, not through one CTE read in several places: DuckDB would
    materialise every column of the whole history for it, where each scan below reads its own columns and skips
    the history by the watermark (a literal, read once: zone maps) or by the app user -#}
{%- set staged = ref('stg_cosmos__interaction_events') -%}
{%- set watermark = arrival_watermark_literal() if is_incremental() else none %}

with

{% if is_incremental() %}
-- events staged since the watermark (new events, new versions, late partitions)
arrived_events as (
    select
        arrived.event_id,
        arrived.app_user_id,
        arrived.app_session_id,
        arrived.event_at
    from {{ staged }} as arrived
    where arrived.landed_at >= {{ watermark }}
),

-- the gap-session positions they change: where they are now, and where a previous version was
changed_gap_positions as (
    {{ changed_gap_positions('arrived_events', 'select arrived_events.event_id from arrived_events',
                             arrived_filter='arrived_events.app_session_id is null') }}
),

-- per app user, the earliest changed position (NULL, the whole user, when a changed event has no event_at)
changed_users as (
    select
        app_user_id,
        case when count(*) = count(event_at) then min(event_at) end as changed_from_at
    from changed_gap_positions
    group by app_user_id
),

-- the changed users' gap sessions as loaded, with their last event
loaded_gap_sessions as (
    select
        loaded.app_user_id,
        loaded.gap_session_started_at,
        max(loaded.event_at) as last_event_at
    from {{ this }} as loaded
    inner join changed_users
        on {{ null_safe_equals('loaded.app_user_id', 'changed_users.app_user_id') }}
    where loaded.session_source = 'inactivity_gap'
    group by loaded.app_user_id, loaded.gap_session_started_at
),

-- where each changed user's sessionisation restarts: the start of the first gap session that a
-- changed event can reach (its last event is at most the gap before the change, or later), or the
-- earliest change itself (NULL: the whole user)
resessionized_users as (
    select
        changed_users.app_user_id,
        min(
            case
                when reachable.gap_session_started_at < changed_users.changed_from_at
                    then reachable.gap_session_started_at
                else changed_users.changed_from_at
            end
        ) as resessionized_from_at
    from changed_users
    left join loaded_gap_sessions as reachable
        on {{ null_safe_equals('changed_users.app_user_id', 'reachable.app_user_id') }}
            and {{ dbt.datediff('reachable.last_event_at', 'changed_users.changed_from_at', 'second') }}
            <= {{ gap_seconds }}
    group by changed_users.app_user_id
),
{% endif %}

reported_session_events as (
    select
        event_id,
        app_user_id,
        app_session_id,
        {{ surrogate_key(['app_session_id']) }} as app_session_key,
        cast('reported' as varchar(16)) as session_source,
        event_type,
        event_at,
        platform,
        screen,
        product_id,
        sales_order_id,
        modified_at,
        cast(null as {{ dbt.type_timestamp() }}) as gap_session_started_at,
        modified_at as session_modified_at,
        landed_at,
        landed_at as session_landed_at
    from {{ staged }}
    where
        app_session_id is not null
        {% if is_incremental() %}
        and landed_at >= {{ watermark }}
        {% endif %}
),

sessionless_events as (
    select
        events.event_id,
        events.app_user_id,
        events.event_type,
        events.event_at,
        events.platform,
        events.screen,
        events.product_id,
        events.sales_order_id,
        events.modified_at,
        events.landed_at,
        lag(events.event_at) over (partition by events.app_user_id order by events.event_at, events.event_id)
            as previous_event_at
    {%- if is_incremental() %}
    -- the changed users' events from where their sessionisation restarts (and any without event_at); the users
    -- matched by equality, and a NULL user apart: DuckDB skips the other users' rows while scanning for an
    -- equality, not for IS NOT DISTINCT FROM
    from (
        {%- for user_match in ['user_events.app_user_id = resessionized_users.app_user_id',
                               'user_events.app_user_id is null and resessionized_users.app_user_id is null'] %}
        {{ 'union all' if not loop.first }}
        select user_events.*
        from {{ staged }} as user_events
        inner join resessionized_users
            on {{ user_match }}
                and (
                    user_events.event_at >= resessionized_users.resessionized_from_at
                    or resessionized_users.resessionized_from_at is null
                    or user_events.event_at is null
                )
        where user_events.app_session_id is null
        {%- endfor %}
    ) as events
    {%- else %}
    from {{ staged }} as events
    where events.app_session_id is null
    {%- endif %}
),

session_starts_flagged as (
    select
        *,
        case
            when previous_event_at is null then 1
            when {{ dbt.datediff('previous_event_at', 'event_at', 'second') }} > {{ gap_seconds }} then 1
            else 0
        end as is_session_start
    from sessionless_events
),

gap_sessions_numbered as (
    select
        *,
        sum(is_session_start) over (
            partition by app_user_id
            order by event_at, event_id
            rows between unbounded preceding and current row
        ) as gap_session_number
    from session_starts_flagged
),

gap_sessions_bounded as (
    select
        *,
        min(event_at) over (partition by app_user_id, gap_session_number) as gap_session_started_at,
        max(modified_at) over (partition by app_user_id, gap_session_number) as gap_session_modified_at,
        max(landed_at) over (partition by app_user_id, gap_session_number) as gap_session_landed_at
    from gap_sessions_numbered
),

gap_session_events as (
    select
        event_id,
        app_user_id,
        cast(null as {{ dbt.type_string() }}) as app_session_id,
        {{ surrogate_key(["'inactivity_gap'", 'app_user_id', 'gap_session_started_at']) }} as app_session_key,
        cast('inactivity_gap' as varchar(16)) as session_source,
        event_type,
        event_at,
        platform,
        screen,
        product_id,
        sales_order_id,
        modified_at,
        gap_session_started_at,
        gap_session_modified_at as session_modified_at,
        landed_at,
        gap_session_landed_at as session_landed_at
    from gap_sessions_bounded
),

final as (
    select * from reported_session_events
    union all
    select * from gap_session_events
)

select * from final
