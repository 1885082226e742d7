{#-
    The user-days (app user, day) that the app facts had, as loaded before this run, for the events and
    sessions that this run's arrivals replace: fct_daily_user_activity recomputes them, so that a new version
    that moves an event or a session to another app user (Cosmos allows a new version to change userId), or
    to another day, leaves no count on the old user's day. Rebuilt every run (a table of the run's changes,
    not history): built before fct_app_sessions and fct_interaction_events replace their rows (fct_app_sessions
    declares `-- depends_on:` this model, fct_interaction_events runs after fct_app_sessions), it reads their
    loaded tables without ref() (loaded_model_relation):
    * the loaded user-days of the events landed since the event fact's watermark (their loaded versions);
    * the loaded start days of the sessions those events were in and are in now (an event that leaves an
      events_only session or joins one can change its user, its first event's), and of the session documents
      landed since the session fact's watermark.
    Every row carries both facts' watermarks as loaded and the dbt invocation that built it, and one row with
    no user and no day is always written: fct_daily_user_activity uses the days only when this run built them
    and both watermarks equal its own (in lockstep: neither fact ahead of it nor behind it); otherwise it checks
    every loaded user. It reads the facts' arrivals from the earliest of the three watermarks. Bounded by the arrivals: the scans of the history are by the arrival watermark
    (a literal: zone maps) and by key. Empty of days when the facts are not built yet (a build from scratch).
-#}
-- read when the facts are built (inside a conditional block, so declared here):
-- depends_on: {{ ref('int_interaction_events_sessionized') }}
-- depends_on: {{ ref('stg_cosmos__app_sessions') }}
-- depends_on: {{ ref('int_interaction_events_replaced') }}
{% set loaded_events = loaded_model_relation('fct_interaction_events') if execute else none -%}
{%- set loaded_sessions = loaded_model_relation('fct_app_sessions') if execute else none -%}
{%- set watermarks = {'events': 'cast(null as ' ~ dbt.type_timestamp() ~ ')', 'sessions': 'cast(null as '
                      ~ dbt.type_timestamp() ~ ')'} -%}
{%- set loaded = loaded_events is not none and loaded_sessions is not none -%}
{%- if loaded -%}
{%- for name, relation in [('events', loaded_events), ('sessions', loaded_sessions)] -%}
{#- read first, a literal: the arrival scans below skip the history by it -#}
{%- do watermarks.update({name: arrival_watermark_literal(relation=relation)}) -%}
{%- endfor -%}
{%- endif %}
with

{% if loaded -%}
-- the events landed since the event fact's watermark, with the session they are in now
arrived_events as (
    select
        arrived.event_id,
        arrived.app_session_key
    from {{ ref('int_interaction_events_sessionized') }} as arrived
    where arrived.landed_at >= {{ watermarks['events'] }}
),

-- their loaded versions: from int_interaction_events_replaced when this invocation built it for the same
-- watermark, else looked up in the fact (rows_with_key_in: the event ids are read whole, the other columns for
-- those rows only)
{%- set replaced_known = replaced_events_known(watermarks['events']) %}
replaced_events as (
    select
        replaced.app_user_id,
        replaced.event_date,
        replaced.app_session_key
    from {{ ref('int_interaction_events_replaced') }} as replaced
    where
        replaced.event_id is not null
        and {{ replaced_known }}
    union all
    select
        loaded_events.app_user_id,
        loaded_events.event_date,
        loaded_events.app_session_key
    from {{ loaded_events }} as loaded_events
    where
        {{ rows_with_key_in('loaded_events', loaded_events, 'event_id',
                            'select arrived_events.event_id from arrived_events') }}
        and not ({{ replaced_known }})
),

-- the session documents landed since the session fact's watermark
arrived_sessions as (
    select arrived.app_session_id
    from {{ ref('stg_cosmos__app_sessions') }} as arrived
    where arrived.landed_at >= {{ watermarks['sessions'] }}
),

-- the loaded sessions of those documents and of the arrived events (as loaded and now)
replaced_sessions as (
    select
        loaded_sessions.app_user_id,
        loaded_sessions.started_date
    from {{ loaded_sessions }} as loaded_sessions
    where
        loaded_sessions.app_session_key in (select replaced_events.app_session_key from replaced_events)
        or loaded_sessions.app_session_key in (select arrived_events.app_session_key from arrived_events)
        or loaded_sessions.app_session_id in (select arrived_sessions.app_session_id from arrived_sessions)
),

replaced_days as (
    select
        replaced_events.app_user_id,
        replaced_events.event_date as activity_date
    from replaced_events
    union
    select
        replaced_sessions.app_user_id,
        replaced_sessions.started_date as activity_date
    from replaced_sessions
),
{%- else -%}
-- (the facts are not built yet: nothing is replaced)
replaced_days as (
    select
        cast(null as varchar(64)) as app_user_id,
        cast(null as date) as activity_date
    where 1 = 0
),
{%- endif %}

-- the days, and the row that is always written
user_days as (
    select
        replaced_days.app_user_id,
        replaced_days.activity_date
    from replaced_days
    union all
    select
        cast(null as varchar(64)) as app_user_id,
        cast(null as date) as activity_date
),

final as (
    select
        {{ surrogate_key(['app_user_id', 'activity_date']) }} as daily_user_activity_key,
        cast(app_user_id as varchar(64)) as app_user_id,
        cast(activity_date as date) as activity_date,
        cast({{ watermarks['events'] }} as {{ dbt.type_timestamp() }}) as events_watermark,
        cast({{ watermarks['sessions'] }} as {{ dbt.type_timestamp() }}) as sessions_watermark,
        cast('{{ invocation_id }}' as varchar(36)) as invocation_id
    from user_days
)

select * from final
