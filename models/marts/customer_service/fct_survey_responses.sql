{#-
    One row per live survey response (CSAT after a ticket, NPS of a customer). Deleted responses
    are left out. NPS classes: 9-10 promoter, 7-8 passive, 0-6 detractor; a CSAT response or a
    score that did not land (type drift) has no class. A response is CSAT-satisfied at 4 or 5.
    The ticket link is kept only when the ticket is a live ticket in fct_support_tickets.
-#}
with

survey_responses as (
    select * from {{ ref('stg_cosmos__survey_responses') }}
),

tickets as (
    select * from {{ ref('fct_support_tickets') }}
),

customers as (
    select * from {{ ref('dim_customer') }}
),

channels as (
    select * from {{ ref('dim_channel') }}
),

live_responses as (
    select
        survey_response_id,
        survey_type,
        ticket_id,
        customer_id,
        app_user_id,
        channel,
        score,
        submitted_at,
        modified_at
    from survey_responses
    where is_deleted = 0
),

classified as (
    select
        *,
        case when survey_type = 'csat' then score end as csat_score,
        case when survey_type = 'nps' then score end as nps_score,
        case
            when survey_type != 'nps' or score is null then null
            when score >= 9 then 'promoter'
            when score >= 7 then 'passive'
            else 'detractor'
        end as nps_class
    from live_responses
),

joined as (
    select
        classified.*,
        tickets.ticket_id as live_ticket_id,
        {{ dimension_key('customers.customer_key') }} as customer_key,
        {{ dimension_key('channels.channel_key') }} as channel_key,
        {{ dimension_key('tickets.support_agent_key') }} as support_agent_key,
        {{ dimension_key('tickets.ticket_category_key') }} as ticket_category_key
    from classified
    left join tickets
        on classified.ticket_id = tickets.ticket_id
    left join customers
        on classified.customer_id = customers.customer_id
            and classified.submitted_at >= customers.valid_from_at
            and classified.submitted_at < customers.valid_to_at
    left join channels
        on classified.channel = channels.channel_code
),

final as (
    select
        -- keys
        cast(survey_response_id as varchar(64)) as survey_response_id,
        cast(live_ticket_id as varchar(64)) as ticket_id,
        cast(customer_key as varchar(32)) as customer_key,
        cast(channel_key as varchar(32)) as channel_key,
        cast(support_agent_key as varchar(32)) as support_agent_key,
        cast(ticket_category_key as varchar(32)) as ticket_category_key,
        {{ date_key('submitted_at') }} as submitted_date_key,
        cast(customer_id as {{ dbt.type_bigint() }}) as customer_id,
        cast(app_user_id as varchar(64)) as app_user_id,
        -- dates (the typed dates behind the date keys, for the semantic layer)
        cast(submitted_at as date) as submitted_date,
        -- attributes
        cast(survey_type as varchar(8)) as survey_type,
        cast(nps_class as varchar(16)) as nps_class,
        -- flags
        cast(case when nps_class = 'promoter' then 1 else 0 end as {{ dbt.type_int() }}) as is_nps_promoter,
        cast(case when nps_class = 'detractor' then 1 else 0 end as {{ dbt.type_int() }}) as is_nps_detractor,
        cast(case when csat_score >= 4 then 1 else 0 end as {{ dbt.type_int() }}) as is_csat_satisfied,
        -- timestamps
        cast(submitted_at as {{ dbt.type_timestamp() }}) as submitted_at,
        cast(modified_at as {{ dbt.type_timestamp() }}) as modified_at,
        -- measures
        cast(score as {{ dbt.type_int() }}) as score,
        cast(csat_score as {{ dbt.type_int() }}) as csat_score,
        cast(nps_score as {{ dbt.type_int() }}) as nps_score
    from joined
)

select * from final
