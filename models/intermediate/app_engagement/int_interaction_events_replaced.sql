{#-
    The events landed since fct_interaction_events' arrival watermark that the fact already holds (new versions,
    and copies landed again), as the fact loaded them: event id, app user, day and session key. Rebuilt every run
    (a table of the run's changes, not history), before the app facts replace their rows: fct_app_sessions,
    int_app_user_days_replaced and fct_interaction_events read it instead of each looking the arrived events up in
    the whole fact by event id (one scan of the fact's 4.8M event ids at scale 1, about 0.3 to 0.5 s of CPU each;
    the fact's rows are in no order that a zone map could skip). It reads the fact without ref()
    (loaded_model_relation; fct_app_sessions declares depends_on this model, and fct_interaction_events runs after
    fct_app_sessions). One row with no event is always written, with the fact's watermark as loaded and the dbt
    invocation that built it: a reader uses the rows only when this invocation built them for the watermark it
    loads by (replaced_events_known), and looks the events up in the fact itself otherwise (a model built alone).
    Empty of events when the fact is not built yet (a build from scratch).
-#}
-- read when the fact is built (inside a conditional block, so declared here):
-- depends_on: {{ ref('int_interaction_events_sessionized') }}
{% set loaded_events = loaded_model_relation('fct_interaction_events') if execute else none -%}
{%- set watermark = 'cast(null as ' ~ dbt.type_timestamp() ~ ')' -%}
{%- if loaded_events is not none -%}
{#- read first, a literal: the arrival scan below skips the history by it -#}
{%- set watermark = arrival_watermark_literal(relation=loaded_events) -%}
{%- endif %}
with

{% if loaded_events is not none -%}
-- the events landed since the fact's watermark
arrived_events as (
    select arrived.event_id
    from {{ ref('int_interaction_events_sessionized') }} as arrived
    where arrived.landed_at >= {{ watermark }}
),

-- their loaded versions (rows_with_key_in: the event ids are read whole, the other columns for those rows only)
replaced_events as (
    select
        loaded_events.event_id,
        loaded_events.app_user_id,
        loaded_events.event_date,
        loaded_events.app_session_key
    from {{ loaded_events }} as loaded_events
    where {{ rows_with_key_in('loaded_events', loaded_events, 'event_id',
                              'select arrived_events.event_id from arrived_events') }}
),
{%- else -%}
-- (the fact is not built yet: nothing is replaced)
replaced_events as (
    select
        cast(null as varchar(64)) as event_id,
        cast(null as varchar(64)) as app_user_id,
        cast(null as date) as event_date,
        cast(null as varchar(32)) as app_session_key
    where 1 = 0
),
{%- endif %}

-- the events, and the row that is always written
events as (
    select
        replaced_events.event_id,
        replaced_events.app_user_id,
        replaced_events.event_date,
        replaced_events.app_session_key
    from replaced_events
    union all
    select
        cast(null as varchar(64)) as event_id,
        cast(null as varchar(64)) as app_user_id,
        cast(null as date) as event_date,
        cast(null as varchar(32)) as app_session_key
),

final as (
    select
        {{ surrogate_key(['event_id']) }} as replaced_event_key,
        cast(event_id as varchar(64)) as event_id,
        cast(app_user_id as varchar(64)) as app_user_id,
        cast(event_date as date) as event_date,
        cast(app_session_key as varchar(32)) as app_session_key,
        cast({{ watermark }} as {{ dbt.type_timestamp() }}) as events_watermark,
        cast('{{ invocation_id }}' as varchar(36)) as invocation_id
    from events
)

select * from final
