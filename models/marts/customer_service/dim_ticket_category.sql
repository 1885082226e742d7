{#-
    One row per ticket category and priority (a junk dimension of the two ticket attributes that
    decide routing and the SLA), including the 'unknown' category and priority, plus the unknown
    member '-1' for facts that have no ticket (NPS surveys). Static: the combinations of the
    contract's categories (and any new one that lands) with the SLA policy's priorities.
-#}
{%- set known_categories = ['billing', 'delivery', 'returns', 'product', 'account', 'technical', 'unknown'] -%}

with

tickets as (
    select * from {{ ref('int_support_tickets_sla_measured') }}
),

sla_policies as (
    select * from {{ ref('int_ticket_sla_policies') }}
),

known_category_list as (
    {% for category in known_categories %}
    select cast('{{ category }}' as varchar(50)) as ticket_category
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

categories as (
    select ticket_category from known_category_list
    union
    select ticket_category from tickets
),

combinations as (
    select
        {{ surrogate_key(['categories.ticket_category', 'sla_policies.priority']) }} as ticket_category_key,
        categories.ticket_category,
        sla_policies.priority,
        sla_policies.first_response_target_minutes,
        sla_policies.resolution_target_minutes
    from categories
    cross join sla_policies
),

unknown_member as (
    select
        {{ unknown_key() }} as ticket_category_key,
        'not applicable' as ticket_category,
        'not applicable' as priority,
        cast(null as {{ dbt.type_int() }}) as first_response_target_minutes,
        cast(null as {{ dbt.type_int() }}) as resolution_target_minutes
),

final as (
    select * from combinations
    union all
    select * from unknown_member
)

select
    cast(ticket_category_key as varchar(32)) as ticket_category_key,
    cast(ticket_category as varchar(50)) as ticket_category,
    cast(priority as varchar(16)) as priority,
    cast(first_response_target_minutes as {{ dbt.type_int() }}) as first_response_target_minutes,
    cast(resolution_target_minutes as {{ dbt.type_int() }}) as resolution_target_minutes
from final
