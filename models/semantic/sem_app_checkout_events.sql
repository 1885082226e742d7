{#-
    sem_app_checkout_events: one row per checkout in the apps by an app user linked to an ERP
    customer, with that customer (the unknown member, id -1, is left out: its checkouts can never
    convert). The base events of the conversion metric "app checkout -> ERP order": MetricFlow
    needs its base and conversion events in separate one-row-per-event semantic models (a filter
    on a conversion input is silently dropped), so the checkout filter lives here, in SQL.
-#}
with

events as (
    select * from {{ ref('fct_interaction_events') }}
),

customers as (
    select * from {{ ref('dim_customer') }}
)

select
    cast(events.event_id as varchar(64)) as checkout_event_id,
    cast(events.app_user_id as varchar(64)) as app_user_id,
    cast(customers.customer_id as bigint) as customer_id,
    cast(events.platform as varchar(16)) as platform,
    cast(events.event_at as date) as checkout_date,
    cast(events.event_at as {{ dbt.type_timestamp() }}) as checkout_at
from events
left join customers
    on events.customer_key = customers.customer_key
where
    events.event_type = 'checkout'
    and customers.customer_id > 0
