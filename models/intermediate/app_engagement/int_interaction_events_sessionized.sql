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
       of the sessions it touches, whatever their event dates: no event-time lookback is needed,
       because this model sessionises over all events on every run.
    This model is a view: the gap windows run over the events without a sessionId only.
-#}
{%- set gap_seconds = var('session_inactivity_minutes', 30) * 60 -%}

with

events as (
    select * from {{ ref('stg_cosmos__interaction_events') }}
),

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
    from events
    where app_session_id is not null
),

sessionless_events as (
    select
        event_id,
        app_user_id,
        event_type,
        event_at,
        platform,
        screen,
        product_id,
        sales_order_id,
        modified_at,
        landed_at,
        lag(event_at) over (partition by app_user_id order by event_at, event_id) as previous_event_at
    from events
    where app_session_id is null
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
