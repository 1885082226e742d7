{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='event_id',
        on_schema_change='fail'
    )
}}
{#-
    One row per app interaction event. Incremental by arrival, delete+insert keyed on event_id: a
    run reloads, whatever their event dates, the events that landed since the latest landed_at
    already loaded (arrival_watermark: a late partition, an offline client's late events, a
    duplicate landed again), every event of a gap session that one of them changed
    (session_landed_at), so that a late event that merges two gap sessions re-keys all their events,
    the events whose session key changed although nothing of theirs landed (a new version that moves an
    event out of the middle of a gap session splits it: the later events get the new part's key; sought
    only among the events, at or after the earliest changed position, old or new, of the app users with
    a gap event landed since),
    the events of app users with a version of their customer landed since, or whose document landed since
    with another customer than their loaded events resolved to (the only app user attribute they use), the
    events of products with a version landed since, and the events whose customer or product did
    not resolve last time (unknown member). No event-time lookback: arrival covers every late case.
    Events are never deleted in Cosmos (no live_ids). The result equals a full refresh.
-#}
-- the incremental branch reads the arrival of dimension rows:
-- depends_on: {{ ref('stg_lake_erp__customer_versions') }}
-- depends_on: {{ ref('stg_lake_erp__product_versions') }}
-- runs after fct_app_sessions, which reads the session keys this table loaded before they are replaced:
-- depends_on: {{ ref('fct_app_sessions') }}
-- the incremental branch reads the loaded versions of the arrived events:
-- depends_on: {{ ref('int_interaction_events_replaced') }}
{#- the intermediate is named where it is read, not through one CTE read in several places: DuckDB would
    materialise the whole intermediate for it -#}
{%- set sessionized = ref('int_interaction_events_sessionized') %}
with

app_users as (
    select * from {{ ref('stg_cosmos__app_users') }}
),

customers as (
    select * from {{ ref('dim_customer') }}
),

channels as (
    select * from {{ ref('dim_channel') }}
),

products as (
    select * from {{ ref('dim_product') }}
),

{% if is_incremental() %}
{#- the watermark, read once: a constant, by whose zone maps the scans below skip the history -#}
{%- set watermark = arrival_watermark_literal() %}
{%- set replaced_known = replaced_events_known(watermark) %}
-- app users whose events may resolve to another customer version now: a version of their customer landed since
-- the watermark, or their document landed since with another customer than their loaded events resolved to (the
-- events use only the app user's customer_id: a new version of the document changes them only through it; a
-- loaded event that did not resolve reloads anyway, below). Most documents that land change something else, and
-- reloading every event of their users cost a day about 4% of the whole fact
arrived_app_users as (
    select arrived_users.app_user_id
    from app_users as arrived_users
    inner join {{ this }} as loaded_events
        on arrived_users.app_user_id = loaded_events.app_user_id
    left join customers as loaded_customers
        on loaded_events.customer_key = loaded_customers.customer_key
    where
        arrived_users.landed_at >= {{ watermark }}
        and loaded_events.customer_key != {{ unknown_key() }}
        and (
            loaded_customers.customer_key is null
            or {{ null_safe_differs('loaded_customers.customer_id', 'arrived_users.customer_id') }}
        )
    union
    select arrived_users.app_user_id
    from app_users as arrived_users
    inner join {{ ref('stg_lake_erp__customer_versions') }} as customer_versions
        on arrived_users.customer_id = customer_versions.customer_id
    where customer_versions.landed_at >= {{ watermark }}
),

arrived_products as (
    select distinct product_versions.product_id
    from {{ ref('stg_lake_erp__product_versions') }} as product_versions
    where product_versions.landed_at >= {{ watermark }}
),

-- the gap-session positions that new versions of loaded events landed since the watermark change: where
-- they are now, and where their loaded version was (a new version that moves an event out of a gap
-- session splits or shrinks it, and re-keys later events that landed long ago). A first version cannot:
-- an event added to a gap session only extends or merges it, and every event of that session then
-- carries the new session_landed_at, so it reloads below without this check
arrived_gap_events as (
    select
        arrived.event_id,
        arrived.app_user_id,
        arrived.event_at
    from {{ sessionized }} as arrived
    where
        arrived.landed_at >= {{ watermark }}
        and arrived.session_source = 'inactivity_gap'
        and arrived.event_id in (
            -- (the loaded versions of the arrived events, from int_interaction_events_replaced when this invocation
            -- built it for this watermark, instead of a scan of the whole fact's event ids)
            select replaced.event_id
            from {{ ref('int_interaction_events_replaced') }} as replaced
            where
                replaced.event_id is not null
                and {{ replaced_known }}
            union all
            select loaded_events.event_id
            from {{ this }} as loaded_events
            where not ({{ replaced_known }})
        )
),

changed_gap_positions as (
    {{ changed_gap_positions('arrived_gap_events',
                             'select arrived.event_id from ' ~ sessionized ~ ' as arrived where arrived.landed_at >= '
                             ~ watermark) }}
),

-- per app user, the earliest changed position (NULL, the whole user, when a changed event has no event_at)
changed_gap_users as (
    select
        app_user_id,
        case when count(*) = count(event_at) then min(event_at) end as changed_from_at
    from changed_gap_positions
    group by app_user_id
),

-- the changed users' session keys, as the intermediate has them now and as loaded, of their events that can be
-- re-keyed: a session's key is its first event's time, so only events at or after the earliest change (the
-- gap before it is margin). Each side meets only the few changed users (a join on the event_id of the two
-- whole tables would build a hash table of the whole history); an event that did not land since keeps its
-- event_at, app user and sessionId, so it is on both sides or on neither, and only a gap session's key can
-- change without a landing (a reported session's is its sessionId's). The users are matched by equality, and a
-- NULL user apart: DuckDB skips the other users' rows while scanning for an equality, not for IS NOT DISTINCT FROM
{%- set rekey_from = dbt.dateadd('second', -(var('session_inactivity_minutes', 30) * 60),
                                 'changed_gap_users.changed_from_at') %}
changed_users_session_keys as (
    {%- for side, relation in [('current_events', sessionized), ('loaded_events', this)] %}
    {%- for user_match in [side ~ '.app_user_id = changed_gap_users.app_user_id',
                           side ~ '.app_user_id is null and changed_gap_users.app_user_id is null'] %}
    {{ 'union' if not loop.first or side == 'loaded_events' }}
    select
        {{ side }}.event_id,
        {{ side }}.app_session_key
    from {{ relation }} as {{ side }}
    inner join changed_gap_users
        on {{ user_match }}
    where
        {{ side }}.session_source = 'inactivity_gap'
        and (
            changed_gap_users.changed_from_at is null
            or {{ side }}.event_at is null
            or {{ side }}.event_at >= {{ rekey_from }}
        )
    {%- endfor %}
    {%- endfor %}
),

-- the events whose two keys differ (an event on one side only landed since, and reloads anyway)
rekeyed_events as (
    select changed_users_session_keys.event_id
    from changed_users_session_keys
    group by changed_users_session_keys.event_id
    having count(*) > 1
),
{% endif %}

{# the changed events: one scan of the intermediate per reason, each filtered on one column (a literal
    watermark, or a small key set), so that DuckDB skips the history by zone maps or reads one column of it
    instead of every column of every event for an OR of them; an event of several reasons is written once #}
changed_events as (
    {%- if is_incremental() %}
    {%- set reasons = [
        'changed.landed_at >= ' ~ watermark,
        'changed.session_landed_at >= ' ~ watermark,
        'changed.app_user_id in (select arrived_app_users.app_user_id from arrived_app_users)',
        'changed.product_id in (select arrived_products.product_id from arrived_products)',
        'changed.event_id in (select rekeyed_events.event_id from rekeyed_events)',
        'changed.event_id in (select unresolved.event_id from ' ~ this ~ ' as unresolved'
            ~ ' where unresolved.customer_key = ' ~ unknown_key() ~ ')',
        'changed.event_id in (select unresolved.event_id from ' ~ this ~ ' as unresolved'
            ~ ' where unresolved.product_key = ' ~ unknown_key() ~ ' and unresolved.product_id is not null)',
    ] %}
    {%- for reason in reasons %}
    {{ 'union' if not loop.first }}
    select changed.*
    from {{ sessionized }} as changed
    where {{ reason }}
    {%- endfor %}
    {%- else %}
    select * from {{ sessionized }}
    {%- endif %}
),

joined as (
    select
        changed_events.*,
        {{ dimension_key('customers.customer_key') }} as customer_key,
        {{ dimension_key('channels.channel_key') }} as channel_key,
        {{ dimension_key('products.product_key') }} as product_key
    from changed_events
    left join app_users
        on changed_events.app_user_id = app_users.app_user_id
    left join customers
        on app_users.customer_id = customers.customer_id
            and changed_events.event_at >= customers.valid_from_at
            and changed_events.event_at < customers.valid_to_at
    left join channels
        on case
                when changed_events.platform = 'web' then 'web'
                when changed_events.platform in ('ios', 'android') then 'mobile'
            end = channels.channel_code
    left join products
        on changed_events.product_id = products.product_id
            and changed_events.event_at >= products.valid_from_at
            and changed_events.event_at < products.valid_to_at
),

final as (
    select
        -- keys
        cast(event_id as varchar(64)) as event_id,
        cast(app_session_key as varchar(32)) as app_session_key,
        cast(app_user_id as varchar(64)) as app_user_id,
        cast(customer_key as varchar(32)) as customer_key,
        cast(channel_key as varchar(32)) as channel_key,
        cast(product_key as varchar(32)) as product_key,
        {{ date_key('event_at') }} as event_date_key,
        cast(product_id as {{ dbt.type_bigint() }}) as product_id,
        cast(sales_order_id as {{ dbt.type_bigint() }}) as sales_order_id,
        -- dates (the typed dates behind the date keys, for the semantic layer)
        cast(event_at as date) as event_date,
        -- attributes
        cast(event_type as varchar(32)) as event_type,
        cast(platform as varchar(16)) as platform,
        cast(screen as varchar(100)) as screen,
        cast(session_source as varchar(16)) as session_source,
        -- timestamps
        cast(event_at as {{ dbt.type_timestamp() }}) as event_at,
        cast(modified_at as {{ dbt.type_timestamp() }}) as modified_at,
        -- arrival: when the event's file landed (the incremental watermark)
        cast(landed_at as {{ dbt.type_timestamp() }}) as landed_at
    from joined
)

select * from final
