{{ config(pre_hook="{{ check_landed_csv('lake/marketing/marketing_spend') }}") }}

-- One row per (spend_date, campaign_id): the latest export. Rows whose date, numbers or export time
-- do not parse are in stg_lake_marketing__marketing_spend_rejected.
with

source as (
    select * from {{ source('lake_marketing', 'marketing_spend') }}
),

parsed as (
    select
        campaign_id,
        campaign_name,
        channel as marketing_channel,
        {{ try_cast_text('spend_date', 'date') }} as spend_date,
        {{ try_cast_text('spend_amount', money_type()) }} as spend_amount,
        {{ try_cast_text('impressions', 'bigint') }} as impression_count,
        {{ try_cast_text('clicks', 'bigint') }} as click_count,
        {{ try_cast_text('exported_at', 'timestamp') }} as exported_at,
        {{ landing_partition_date('ingest_date') }} as ingest_date
    from source
),

valid as (
    select *
    from parsed
    where
        spend_date is not null
        and spend_amount is not null
        and impression_count is not null
        and click_count is not null
        and exported_at is not null
        and campaign_id is not null
),

{{ dedupe('valid', ['spend_date', 'campaign_id'], ['exported_at desc', 'ingest_date desc']) }}

select
    spend_date,
    marketing_channel,
    campaign_id,
    campaign_name,
    spend_amount,
    impression_count,
    click_count,
    exported_at
from deduplicated
