-- Lint exception ST05: a test is wrapped in a subquery, and T-SQL forbids nested WITH, so tests use
-- subqueries, not CTEs.
-- noqa: disable=ST05
-- Every staged interaction event is in fct_interaction_events exactly once (the incremental load
-- misses none), and its session's event_count adds up: the sessions' event_count sums to the events.
-- A daily run (var test_since, macros/tests/test_slice.sql) looks for missing events among those
-- staged since the slice start: both models are incremental by arrival, delete+insert on event_id, so
-- an event staged earlier was checked by the run that loaded it and no later run drops it. The session
-- counts stay whole: a late event re-sessionises its user's neighbouring events, so a session's count
-- can change without any event of it arriving.
-- NOT EXISTS, not NOT IN: NOT IN's NULL semantics made DuckDB build its hash table on every event of the fact
-- (a mark join) to probe it with the day's few; the anti-join builds on the day's events (the staged event_id is
-- NOT NULL: a NULL one was never reported here, as with NOT IN, and its own not_null test reports it).
-- On a daily run the fact rows searched are those of the slice too: the fact carries its event's
-- staged landed_at (a re-landed event reloads with the new one), so a staged event of the slice is
-- only found in a fact row that landed with it; a fact row left at an older arrival is reported too.
-- DuckDB then prunes the fact's old row groups instead of reading every event_id (scale 1: 0.40 s ->
-- 0.10 s of CPU; docs/benchmarks.md, bottleneck 21).
{%- set since = test_slice_start(ref('stg_cosmos__interaction_events'))
    if test_slice_model_is_incremental('stg_cosmos__interaction_events')
    and test_slice_model_is_incremental('fct_interaction_events') else none %}
select
    'missing_event' as problem,
    staged.event_id as id
from {{ ref('stg_cosmos__interaction_events') }} as staged
where
    {% if since -%}
    staged.landed_at >= {{ since }} and
    {% endif -%}
    staged.event_id is not null
    and not exists (
        select 1
        from {{ ref('fct_interaction_events') }} as facts
        where
            {% if since -%}
            facts.landed_at >= {{ since }} and
            {% endif -%}
            facts.event_id = staged.event_id
    )
union all
select
    'session_event_count' as problem,
    sessions.app_session_key as id
from {{ ref('fct_app_sessions') }} as sessions
left join (
    select
        app_session_key,
        count(*) as event_rows
    from {{ ref('fct_interaction_events') }}
    group by app_session_key
) as events
    on sessions.app_session_key = events.app_session_key
where sessions.event_count != coalesce(events.event_rows, 0)
