-- Lint exception ST05: a test is wrapped in a subquery, and T-SQL forbids nested WITH, so tests use
-- subqueries, not CTEs.
-- noqa: disable=ST05
-- Daily user activity sums to its facts: events to fct_interaction_events, sessions to
-- fct_app_sessions, in total and per user.
select
    coalesce(daily.app_user_id, events.app_user_id, sessions.app_user_id) as app_user_id,
    daily.event_count as daily_event_count,
    events.event_count as fact_event_count,
    daily.session_count as daily_session_count,
    sessions.session_count as fact_session_count
from (
    select
        app_user_id,
        sum(event_count) as event_count,
        sum(session_count) as session_count
    from {{ ref('fct_daily_user_activity') }}
    group by app_user_id
) as daily
full outer join (
    select
        app_user_id,
        count(*) as event_count
    from {{ ref('fct_interaction_events') }}
    group by app_user_id
) as events
    on daily.app_user_id = events.app_user_id
full outer join (
    select
        app_user_id,
        count(*) as session_count
    from {{ ref('fct_app_sessions') }}
    group by app_user_id
) as sessions
    on coalesce(daily.app_user_id, events.app_user_id) = sessions.app_user_id
where
    coalesce(daily.event_count, 0) != coalesce(events.event_count, 0)
    or coalesce(daily.session_count, 0) != coalesce(sessions.session_count, 0)
