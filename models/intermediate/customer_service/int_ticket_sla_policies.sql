{#-
    The support SLA policy, one row per ticket priority.

    Targets are in calendar minutes (a 24x7 clock: the support desk is staffed around the clock,
    so no business-hours calendar is applied). A ticket whose priority did not land (type drift)
    gets the 'unknown' policy, which carries the medium targets.
-#}
{%- set sla_policies = [
    {'priority': 'urgent', 'first_response_minutes': 60, 'resolution_minutes': 480},
    {'priority': 'high', 'first_response_minutes': 240, 'resolution_minutes': 1440},
    {'priority': 'medium', 'first_response_minutes': 480, 'resolution_minutes': 4320},
    {'priority': 'low', 'first_response_minutes': 1440, 'resolution_minutes': 7200},
    {'priority': 'unknown', 'first_response_minutes': 480, 'resolution_minutes': 4320},
] -%}

{% for policy in sla_policies %}
select
    cast('{{ policy.priority }}' as varchar(16)) as priority,
    cast({{ policy.first_response_minutes }} as integer) as first_response_target_minutes,
    cast({{ policy.resolution_minutes }} as integer) as resolution_target_minutes
{% if not loop.last %}union all{% endif %}
{% endfor %}
