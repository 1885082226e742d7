{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='daily_user_activity_key',
        on_schema_change='fail',
        post_hook=["delete from {{ this }} where event_count = 0 and session_count = 0"]
    )
}}
{#-
    One row per app user per day on which the user was active: had at least one interaction event
    or started at least one session that day (UTC). The basis of DAU (distinct users per day) and
    MAU (distinct users over 30 days). It always equals the two incremental facts: its event_count
    sums to fct_interaction_events and its session_count to fct_app_sessions.

    Incremental by arrival, delete+insert keyed on daily_user_activity_key (app user and day): a run
    recomputes only the user-days an arrival since its latest landed_at (arrival_watermark) can change:
    * the days of the events that landed since, the start days of the sessions that (re)landed since
      (a session's landed_at is the latest of its document and its events), and every day with an
      event of such a session (the days of its first and last events; a session whose events span a
      whole day between them recomputes its user whole): a late event that merges or extends gap
      sessions re-keys their events and deletes the merged session, whose start was the day of one of
      those events, and a session document that lands after its events moves the session's start
      from its first event's day;
    * the user-days the events and sessions that this run's arrivals replace were on, as the facts loaded
      them (int_app_user_days_replaced, built before the facts replace them): a new version can move an
      event or a session to another app user (Cosmos allows userId to change) or another day, whose old
      row must lose it. Used when this invocation built them and both facts' watermarks, as loaded before
      the run, equal this model's (in lockstep); otherwise every loaded user's days are checked as below (a
      whole scan): a fact ahead of this model replaced rows in a run this model missed, and a fact behind
      it (say after `-s +fct_daily_user_activity --exclude fct_app_sessions`) replaces rows now that the
      arrivals since this model's watermark do not name;
    * the facts' arrivals above are read from the earliest of this model's watermark and the facts' as
      loaded before the run (recorded in int_app_user_days_replaced): a fact behind this model loads, when
      it catches up, arrivals landed before this model's watermark (a new user-day among them);
    * every day of the app users whose events or sessions no longer add up: for each app user with a
      day above, the facts' events and sessions on the other days must equal the loaded rows of those
      days. They differ when a new version moved an event or a session off a day that nothing above
      reaches (its old day is gone from the facts once they are replaced), so the user is recomputed.
      In lockstep only the sessions are compared (the users' sessions, not their whole event history):
      an event's user and day change only with a new version of it, whose old and new days are both
      above, where a gap session split by an event moved out starts its later part on a day nothing
      names.
    The other loaded days of the app users whose document or a version of whose customer landed since
    keep their counts: their customer_key (resolved at the day's first_activity_at, which is loaded)
    and is_signup_day are resolved again, and the days where either changed are written again. A
    loaded day of a user recomputed whole, or a recomputed day, that no longer has any activity is
    written with zero counts and deleted by the post-hook (delete+insert replaces only the keys it
    inserts). The result equals a full refresh.
-#}
{%- set counted_event_types = ['app_open', 'screen_view', 'search', 'add_to_cart', 'checkout', 'order_placed',
                               'ticket_opened', 'survey_submitted', 'return_requested'] -%}
-- the incremental branch reads the arrival of customer versions:
-- depends_on: {{ ref('stg_lake_erp__customer_versions') }}
-- and the user-days the replaced events and sessions were on:
-- depends_on: {{ ref('int_app_user_days_replaced') }}

with

app_users as (
    select * from {{ ref('stg_cosmos__app_users') }}
),

{% if is_incremental() %}
{#- the user-days the app facts had for the rows this run's arrivals replaced (another user, another day), as
    loaded before they replaced them: complete when this invocation built them and both facts' watermarks, as
    loaded, are this model's own. A fact ahead of this model replaced rows in a run this model missed; a fact
    behind it replaces now, from arrivals this model's watermark is past, rows it cannot name (a gap session
    whose events an earlier run moved away) -#}
{%- set replaced = ref('int_app_user_days_replaced') -%}
{%- set watermark = arrival_watermark() -%}
{%- set in_lockstep -%}
exists (
    select 1
    from {{ replaced }} as replaced_built
    where
        replaced_built.invocation_id = '{{ invocation_id }}'
        and replaced_built.events_watermark = {{ watermark }}
        and replaced_built.sessions_watermark = {{ watermark }}
)
{%- endset -%}
{#- the facts' arrivals are read from the earliest of this model's watermark and the facts' as loaded before the
    run (a fact behind this model loads now what landed before this model's watermark; a watermark recorded by an
    earlier invocation is earlier still, so the read is a superset) -#}
{%- set facts_since -%}
(
    select min(marks.watermark)
    from (
        select {{ watermark }} as watermark
        union all
        select min(replaced_marks.events_watermark) as watermark
        from {{ replaced }} as replaced_marks
        union all
        select min(replaced_marks.sessions_watermark) as watermark
        from {{ replaced }} as replaced_marks
    ) as marks
)
{%- endset -%}
{#- decided first, literals: the scans below skip the history by zone maps -#}
{%- if execute and not offline_compile() and model.resource_type == 'model' -%}
{%- set checked = run_query('select case when ' ~ in_lockstep ~ ' then 1 else 0 end as in_lockstep, '
                            ~ watermark ~ ' as watermark, ' ~ facts_since ~ ' as facts_since') -%}
{%- set in_lockstep = '1 = 1' if checked.columns[0].values()[0] == 1 else '1 = 0' -%}
{%- set watermark = "cast('" ~ checked.columns[1].values()[0].strftime('%Y-%m-%d %H:%M:%S.%f') ~ "' as "
                    ~ dbt.type_timestamp() ~ ")" -%}
{%- set facts_since = "cast('" ~ checked.columns[2].values()[0].strftime('%Y-%m-%d %H:%M:%S.%f') ~ "' as "
                      ~ dbt.type_timestamp() ~ ")" -%}
{%- endif %}
-- the sessions whose document or any event landed since the facts' watermark
arrived_sessions as (
    select
        arrived.app_user_id,
        arrived.started_date,
        arrived.first_event_at,
        arrived.last_event_at
    from {{ ref('fct_app_sessions') }} as arrived
    where arrived.landed_at >= {{ facts_since }}
),

-- the user-days where an arrival is now: its events' days, its sessions' start days, and the days of
-- the first and last events of such a session (a session whose events span a whole day between
-- them recomputes its user whole)
touched_days as (
    select
        arrived_events.app_user_id,
        arrived_events.event_date as activity_date
    from {{ ref('fct_interaction_events') }} as arrived_events
    where arrived_events.landed_at >= {{ facts_since }}
    union
    select
        arrived_sessions.app_user_id,
        arrived_sessions.started_date as activity_date
    from arrived_sessions
    union
    select
        arrived_sessions.app_user_id,
        cast(arrived_sessions.first_event_at as date) as activity_date
    from arrived_sessions
    where arrived_sessions.first_event_at is not null
    union
    select
        arrived_sessions.app_user_id,
        cast(arrived_sessions.last_event_at as date) as activity_date
    from arrived_sessions
    where arrived_sessions.last_event_at is not null
    union
    -- the user-days the replaced events and sessions were on (a new version can move one to another user)
    select
        replaced.app_user_id,
        replaced.activity_date
    from {{ replaced }} as replaced
    where replaced.app_user_id is not null and {{ in_lockstep }}
),

touched_users as (
    select touched_days.app_user_id
    from touched_days
    union
    -- not in lockstep (the facts loaded arrivals without this model): the days they left are not known, so
    -- every loaded user is checked
    select loaded.app_user_id
    from {{ this }} as loaded
    where not ({{ in_lockstep }})
),

-- per touched user, the facts' events and sessions on the days not touched (all minus the touched days)
-- against the loaded rows of those days, with opposite signs: a sum other than 0 means a new version
-- moved an event or a session off a day that is not touched. In lockstep only the sessions are compared:
-- an event's user and day change only with a new version of it, whose loaded day (int_app_user_days_replaced)
-- and new day (landed since) are both touched, where a session's start can move to a day nothing names (the
-- later part of a gap session split by an event moved out starts at one of its events, landed long ago)
untouched_counts as (
    select
        user_events.app_user_id,
        count(*) - count(touched_days.app_user_id) as event_count,
        0 as session_count
    from {{ ref('fct_interaction_events') }} as user_events
    left join touched_days
        on user_events.app_user_id = touched_days.app_user_id
            and user_events.event_date = touched_days.activity_date
    where
        user_events.app_user_id in (select touched_users.app_user_id from touched_users)
        and not ({{ in_lockstep }})
    group by user_events.app_user_id
    union all
    select
        user_sessions.app_user_id,
        0 as event_count,
        count(*) - count(touched_days.app_user_id) as session_count
    from {{ ref('fct_app_sessions') }} as user_sessions
    left join touched_days
        on user_sessions.app_user_id = touched_days.app_user_id
            and user_sessions.started_date = touched_days.activity_date
    where user_sessions.app_user_id in (select touched_users.app_user_id from touched_users)
    group by user_sessions.app_user_id
    union all
    select
        loaded.app_user_id,
        -sum(loaded.event_count) as event_count,
        0 as session_count
    from {{ this }} as loaded
    left join touched_days
        on loaded.app_user_id = touched_days.app_user_id
            and loaded.activity_date = touched_days.activity_date
    where
        loaded.app_user_id in (select touched_users.app_user_id from touched_users)
        and touched_days.app_user_id is null
        and not ({{ in_lockstep }})
    group by loaded.app_user_id
    union all
    select
        loaded.app_user_id,
        0 as event_count,
        -sum(loaded.session_count) as session_count
    from {{ this }} as loaded
    left join touched_days
        on loaded.app_user_id = touched_days.app_user_id
            and loaded.activity_date = touched_days.activity_date
    where
        loaded.app_user_id in (select touched_users.app_user_id from touched_users)
        and touched_days.app_user_id is null
    group by loaded.app_user_id
),

-- the touched users whose counts moved, or with a session spanning a whole day: recomputed whole
recomputed_users as (
    select untouched_counts.app_user_id
    from untouched_counts
    group by untouched_counts.app_user_id
    having sum(untouched_counts.event_count) != 0 or sum(untouched_counts.session_count) != 0
    union
    select arrived_sessions.app_user_id
    from arrived_sessions
    where {{ dbt.datediff('arrived_sessions.first_event_at', 'arrived_sessions.last_event_at', 'day') }} > 1
),

-- the touched days of the users not recomputed whole
recomputed_days as (
    select
        touched_days.app_user_id,
        touched_days.activity_date
    from touched_days
    where touched_days.app_user_id not in (select recomputed_users.app_user_id from recomputed_users)
),

-- app users whose document, or a version of whose customer, landed since the watermark
arrived_app_users as (
    {{ app_users_arrived(watermark=watermark) }}
),
{% endif %}

events as (
    {{ user_day_rows(ref('fct_interaction_events'), 'event_date') }}
),

sessions as (
    {{ user_day_rows(ref('fct_app_sessions'), 'started_date') }}
),

customers as (
    select * from {{ ref('dim_customer') }}
),

event_days as (
    select
        app_user_id,
        cast(event_at as date) as activity_date,
        count(*) as event_count,
        {% for event_type in counted_event_types %}
        sum(case when event_type = '{{ event_type }}' then 1 else 0 end) as {{ event_type }}_count,
        {% endfor %}
        count(distinct app_session_key) as active_session_count,
        min(event_at) as first_event_at,
        max(event_at) as last_event_at,
        max(landed_at) as landed_at
    from events
    group by app_user_id, cast(event_at as date)
),

session_days as (
    select
        app_user_id,
        cast(started_at as date) as activity_date,
        count(*) as session_count,
        sum(duration_seconds) as session_duration_seconds,
        min(started_at) as first_session_started_at,
        max(landed_at) as landed_at
    from sessions
    group by app_user_id, cast(started_at as date)
),

user_days as (
    select
        coalesce(event_days.app_user_id, session_days.app_user_id) as app_user_id,
        coalesce(event_days.activity_date, session_days.activity_date) as activity_date,
        coalesce(session_days.session_count, 0) as session_count,
        coalesce(event_days.active_session_count, 0) as active_session_count,
        coalesce(event_days.event_count, 0) as event_count,
        {% for event_type in counted_event_types %}
        coalesce(event_days.{{ event_type }}_count, 0) as {{ event_type }}_count,
        {% endfor %}
        session_days.session_duration_seconds,
        case
            when event_days.first_event_at is null then session_days.first_session_started_at
            when session_days.first_session_started_at is null then event_days.first_event_at
            when session_days.first_session_started_at < event_days.first_event_at
                then session_days.first_session_started_at
            else event_days.first_event_at
        end as first_activity_at,
        event_days.last_event_at,
        case
            when event_days.landed_at is null then session_days.landed_at
            when session_days.landed_at is null then event_days.landed_at
            when session_days.landed_at > event_days.landed_at then session_days.landed_at
            else event_days.landed_at
        end as landed_at
    from event_days
    full outer join session_days
        on event_days.app_user_id = session_days.app_user_id
            and event_days.activity_date = session_days.activity_date
),

joined as (
    select
        user_days.*,
        {{ dimension_key('customers.customer_key') }} as customer_key,
        case when cast(app_users.signup_at as date) = user_days.activity_date then 1 else 0 end as is_signup_day
    from user_days
    left join app_users
        on user_days.app_user_id = app_users.app_user_id
    left join customers
        on app_users.customer_id = customers.customer_id
            and user_days.first_activity_at >= customers.valid_from_at
            and user_days.first_activity_at < customers.valid_to_at
),

final as (
    select
        -- keys
        {{ surrogate_key(['app_user_id', 'activity_date']) }} as daily_user_activity_key,
        cast(app_user_id as varchar(64)) as app_user_id,
        cast(customer_key as varchar(32)) as customer_key,
        {{ date_key('activity_date') }} as activity_date_key,
        -- attributes
        cast(activity_date as date) as activity_date,
        -- flags
        cast(is_signup_day as {{ dbt.type_int() }}) as is_signup_day,
        -- timestamps
        cast(first_activity_at as {{ dbt.type_timestamp() }}) as first_activity_at,
        cast(last_event_at as {{ dbt.type_timestamp() }}) as last_event_at,
        -- arrival: the latest landed_at of the day's events and sessions (the incremental watermark)
        cast(landed_at as {{ dbt.type_timestamp() }}) as landed_at,
        -- counts
        cast(session_count as {{ dbt.type_int() }}) as session_count,
        cast(active_session_count as {{ dbt.type_int() }}) as active_session_count,
        cast(event_count as {{ dbt.type_int() }}) as event_count,
        {% for event_type in counted_event_types %}
        cast({{ event_type }}_count as {{ dbt.type_int() }}) as {{ event_type }}_count,
        {% endfor %}
        cast(session_duration_seconds as {{ dbt.type_bigint() }}) as session_duration_seconds
    from joined
){% if is_incremental() %},

-- the loaded days of the users recomputed whole, and the recomputed days, that no longer have any activity
-- (a new version moved their last event or session away): zero counts, so that delete+insert replaces them
-- and the post-hook deletes them
emptied_days as (
    select
        loaded.daily_user_activity_key,
        loaded.app_user_id,
        loaded.customer_key,
        loaded.activity_date_key,
        loaded.activity_date,
        loaded.is_signup_day,
        loaded.first_activity_at,
        loaded.last_event_at,
        loaded.landed_at,
        0 as session_count,
        0 as active_session_count,
        0 as event_count,
        {% for event_type in counted_event_types %}
        0 as {{ event_type }}_count,
        {% endfor %}
        cast(null as {{ dbt.type_bigint() }}) as session_duration_seconds
    -- (the loaded rows of the recomputed users and days, read first: user_day_rows)
    from (
        {{ user_day_rows(this, 'activity_date') }}
    ) as loaded
    left join final as recomputed
        on loaded.daily_user_activity_key = recomputed.daily_user_activity_key
    where recomputed.daily_user_activity_key is null
),

-- the other loaded days of the arrived app users, their customer and signup day resolved again
reresolved_days as (
    select
        loaded.daily_user_activity_key,
        loaded.app_user_id,
        cast({{ dimension_key('customers.customer_key') }} as varchar(32)) as customer_key,
        loaded.activity_date_key,
        loaded.activity_date,
        cast(
            case when cast(app_users.signup_at as date) = loaded.activity_date then 1 else 0 end
            as {{ dbt.type_int() }}
        ) as is_signup_day,
        loaded.first_activity_at,
        loaded.last_event_at,
        loaded.landed_at,
        loaded.session_count,
        loaded.active_session_count,
        loaded.event_count,
        {% for event_type in counted_event_types %}
        loaded.{{ event_type }}_count,
        {% endfor %}
        loaded.session_duration_seconds,
        loaded.customer_key as loaded_customer_key,
        loaded.is_signup_day as loaded_is_signup_day
    -- (the arrived users' loaded days, read first)
    from (
        select arrived_user_days.*
        from {{ this }} as arrived_user_days
        where
            arrived_user_days.app_user_id in (select arrived_app_users.app_user_id from arrived_app_users)
            and arrived_user_days.app_user_id not in (select recomputed_users.app_user_id from recomputed_users)
    ) as loaded
    left join recomputed_days
        on loaded.app_user_id = recomputed_days.app_user_id
            and loaded.activity_date = recomputed_days.activity_date
    left join app_users
        on loaded.app_user_id = app_users.app_user_id
    left join customers
        on app_users.customer_id = customers.customer_id
            and loaded.first_activity_at >= customers.valid_from_at
            and loaded.first_activity_at < customers.valid_to_at
    where recomputed_days.app_user_id is null
)

select * from final
union all
select * from emptied_days
union all
select
    daily_user_activity_key,
    app_user_id,
    customer_key,
    activity_date_key,
    activity_date,
    is_signup_day,
    first_activity_at,
    last_event_at,
    landed_at,
    session_count,
    active_session_count,
    event_count,
    {% for event_type in counted_event_types %}
    {{ event_type }}_count,
    {% endfor %}
    session_duration_seconds
from reresolved_days
where customer_key != loaded_customer_key or is_signup_day != loaded_is_signup_day
{%- else %}

select * from final
{{ full_build_order('activity_date') }}
{%- endif %}
