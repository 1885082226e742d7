{#
    changed_gap_positions(arrived, arrived_ids, arrived_filter=none): the body of the CTE of gap-session
    positions that the events arrived since the watermark change, for the incremental branch of the
    sessionised events (int_interaction_events_sessionized, fct_interaction_events): where the arrived
    events are now (`arrived`: a CTE with app_user_id and event_at, filtered by `arrived_filter` when
    given), and where the loaded version of an arrived event was, when it was in a gap session (the
    model's own table, `this`, for the ids `arrived_ids`: a query of event_id). A new version that moves
    an event out of a gap session splits or shrinks it; the model re-sessionises or re-keys from the
    earliest such position of each app user.
#}
{% macro changed_gap_positions(arrived, arrived_ids, arrived_filter=none) -%}
    select
        {{ arrived }}.app_user_id,
        {{ arrived }}.event_at
    from {{ arrived }}
    {%- if arrived_filter %}
    where {{ arrived_filter }}
    {%- endif %}
    union all
    select
        previous.app_user_id,
        previous.event_at
    from {{ this }} as previous
    where
        previous.session_source = 'inactivity_gap'
        and previous.event_id in ({{ arrived_ids }})
{%- endmacro %}
