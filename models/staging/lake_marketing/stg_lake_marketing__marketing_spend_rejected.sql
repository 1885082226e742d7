{{ config(pre_hook="{{ check_landed_csv('lake/marketing/marketing_spend') }}") }}

-- Quarantine: the landed marketing-spend rows that stg_lake_marketing__marketing_spend cannot use,
-- as landed (text), with the first reason that applies. One row per rejected landed row.
with

source as (
    select * from {{ source('lake_marketing', 'marketing_spend') }}
),

checked as (
    select
        spend_date,
        channel,
        campaign_id,
        campaign_name,
        spend_amount,
        impressions,
        clicks,
        exported_at,
        {{ landing_partition_date('ingest_date') }} as ingest_date,
        case
            when {{ try_cast_text('spend_date', 'date') }} is null then 'malformed_date'
            when {{ try_cast_text('spend_amount', money_type()) }} is null then 'malformed_number'
            when {{ try_cast_text('impressions', 'bigint') }} is null then 'malformed_number'
            when {{ try_cast_text('clicks', 'bigint') }} is null then 'malformed_number'
            when {{ try_cast_text('exported_at', 'timestamp') }} is null then 'malformed_timestamp'
            when campaign_id is null then 'missing_campaign_id'
        end as rejection_reason
    from source
)

select
    spend_date,
    channel,
    campaign_id,
    campaign_name,
    spend_amount,
    impressions,
    clicks,
    exported_at,
    rejection_reason,
    ingest_date
from checked
where rejection_reason is not null
