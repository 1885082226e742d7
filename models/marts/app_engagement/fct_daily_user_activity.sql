{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='app_user_id',
        on_schema_change='fail'
    )
}}
{#-
    One row per app user per day on which the user was active: had at least one interaction event
    or started at least one session that day (UTC). The basis of DAU (distinct users per day) and
    MAU (distinct users over 30 days). It always equals the two incremental facts: its event_count
    sums to fct_interaction_events and its session_count to fct_app_sessions.

    Incremental by arrival, delete+insert keyed on app_user_id: a run recomputes every day of the app
    users any of whose events or sessions landed at or after the latest landed_at it holds
    (arrival_watermark), or whose app-user document or a customer version landed since. A whole user
    is recomputed, not only the days that landed: a late event can merge gap sessions across days
    or move a session's start to another day.
-#}
{%- set counted_event_types = ['app_open', 'screen_view', 'search', 'add_to_cart', 'checkout', 'order_placed',
                               'ticket_opened', 'survey_submitted', 'return_requested'] -%}
-- the incremental branch reads the arrival of customer versions:
-- depends_on: {{ ref('stg_lake_erp__customer_versions') }}

with

app_users as (
    select * from {{ ref('stg_cosmos__app_users') }}
),

{% if is_incremental() %}
changed_users as (
    select arrived_events.app_user_id
    from {{ ref('fct_interaction_events') }} as arrived_events
    where arrived_events.landed_at >= {{ arrival_watermark() }}
    union
    select arrived_sessions.app_user_id
    from {{ ref('fct_app_sessions') }} as arrived_sessions
    where arrived_sessions.landed_at >= {{ arrival_watermark() }}
    union
    {{ app_users_arrived() }}
),
{% endif %}

events as (
    select * from {{ ref('fct_interaction_events') }}
    {% if is_incremental() %}
    where app_user_id in (select changed_users.app_user_id from changed_users)
    {% endif %}
),

sessions as (
    select * from {{ ref('fct_app_sessions') }}
    {% if is_incremental() %}
    where app_user_id in (select changed_users.app_user_id from changed_users)
    {% endif %}
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
)

select * from final
