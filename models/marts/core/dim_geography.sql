{#-
    dim_geography: type 1 (current state, no history), one row per distinct location (country,
    region, city) of the customers' addresses, with the country's name and sales region from the
    countries seed, plus the unknown member.
-#}

with

addresses as (
    select * from {{ ref('stg_lake_erp__customer_addresses') }}
),

countries as (
    select * from {{ ref('countries') }}
),

locations as (
    select distinct
        upper(ltrim(rtrim(country_code))) as country_code,
        ltrim(rtrim(region)) as region,
        ltrim(rtrim(city)) as city
    from addresses
    where country_code is not null
),

geographies as (
    select
        {{ geography_key('locations.country_code', 'locations.region', 'locations.city') }} as geography_key,
        locations.country_code,
        coalesce(countries.country_name, locations.country_code) as country_name,
        coalesce(countries.sales_region, 'Other') as sales_region,
        coalesce(countries.is_eu_member, 0) as is_eu_member,
        locations.region,
        locations.city
    from locations
    left join countries
        on locations.country_code = countries.country_code
),

unknown_member as (
    select
        {{ unknown_key() }} as geography_key,
        'XX' as country_code,
        'Unknown' as country_name,
        'Unknown' as sales_region,
        0 as is_eu_member,
        cast(null as {{ dbt.type_string() }}) as region,
        'Unknown' as city
),

unioned as (
    select * from geographies
    union all
    select * from unknown_member
)

select
    cast(geography_key as varchar(32)) as geography_key,
    cast(country_code as varchar(2)) as country_code,
    cast(country_name as varchar(100)) as country_name,
    cast(sales_region as varchar(50)) as sales_region,
    cast(region as varchar(100)) as region,
    cast(city as varchar(100)) as city,
    cast(is_eu_member as int) as is_eu_member
from unioned
