{#-
    dim_date: one row per calendar day from var('dim_date_start') to var('dim_date_end'), with the
    calendar, the ISO week (computed from a fixed Monday, 1900-01-01, so SET DATEFIRST does not
    matter) and the ERP fiscal calendar. Generated from a cross join of digits: no recursive CTE,
    no generate_series, identical on DuckDB and T-SQL.
-#}

{%- set start_date = var('dim_date_start', '2015-01-01') -%}
{%- set end_date = var('dim_date_end', '2035-12-31') -%}

with

fiscal_periods as (
    select * from {{ ref('stg_lake_erp__fiscal_periods') }}
),

digits as (
    select 0 as digit
    union all
    select 1
    union all
    select 2
    union all
    select 3
    union all
    select 4
    union all
    select 5
    union all
    select 6
    union all
    select 7
    union all
    select 8
    union all
    select 9
),

day_numbers as (
    select
        ones.digit
        + tens.digit * 10
        + hundreds.digit * 100
        + thousands.digit * 1000
        + ten_thousands.digit * 10000 as day_number
    from digits as ones
    cross join digits as tens
    cross join digits as hundreds
    cross join digits as thousands
    cross join digits as ten_thousands
),

spine as (
    select
        cast(
            {{ dbt.dateadd('day', 'day_number', "cast('" ~ start_date ~ "' as date)") }} as date
        ) as calendar_date
    from day_numbers
    where
        day_number
        <= {{ dbt.datediff("cast('" ~ start_date ~ "' as date)", "cast('" ~ end_date ~ "' as date)", 'day') }}
),

calendar as (
    select
        calendar_date,
        {{ date_year('calendar_date') }} as calendar_year,
        {{ date_month('calendar_date') }} as calendar_month,
        {{ date_day('calendar_date') }} as day_of_month,
        -- 1900-01-01 was a Monday: days since then modulo 7 is 0 on Mondays, whatever DATEFIRST says
        {{ dbt.datediff("cast('1900-01-01' as date)", 'calendar_date', 'day') }} % 7 as days_since_monday,
        {{ dbt.datediff(dbt.date_trunc('year', 'calendar_date'), 'calendar_date', 'day') }} + 1 as day_of_year,
        cast({{ dbt.date_trunc('month', 'calendar_date') }} as date) as month_start_date
    from spine
),

iso_thursdays as (
    select
        *,
        -- the ISO week belongs to the year of its Thursday
        cast({{ dbt.dateadd('day', '3 - days_since_monday', 'calendar_date') }} as date) as iso_week_thursday
    from calendar
),

iso_weeks as (
    select
        *,
        {{ date_year('iso_week_thursday') }} as iso_year,
        cast(floor(
            {{ dbt.datediff(dbt.date_trunc('year', 'iso_week_thursday'), 'iso_week_thursday', 'day') }} / 7.0
        ) as {{ dbt.type_int() }}) + 1 as iso_week
    from iso_thursdays
),

with_fiscal as (
    select
        iso_weeks.*,
        fiscal_periods.fiscal_period_id,
        fiscal_periods.fiscal_year as erp_fiscal_year,
        fiscal_periods.fiscal_quarter as erp_fiscal_quarter,
        fiscal_periods.period_number as erp_period_number,
        fiscal_periods.period_start_date,
        fiscal_periods.period_end_date,
        fiscal_periods.is_closed as is_fiscal_period_closed,
        -- the ERP's rule (fiscal year starts 1 July, named by the year it ends in) for days the
        -- ERP has no period for yet
        case
            when iso_weeks.calendar_month >= 7 then iso_weeks.calendar_year + 1
            else iso_weeks.calendar_year
        end as derived_fiscal_year,
        case
            when iso_weeks.calendar_month >= 7 then iso_weeks.calendar_month - 6
            else iso_weeks.calendar_month + 6
        end as derived_period_number
    from iso_weeks
    left join fiscal_periods
        on
            iso_weeks.calendar_date >= fiscal_periods.period_start_date
            and iso_weeks.calendar_date <= fiscal_periods.period_end_date
),

days as (
    select
        {{ date_key('calendar_date') }} as date_key,
        calendar_date,
        calendar_year,
        cast(floor((calendar_month + 2) / 3.0) as {{ dbt.type_int() }}) as calendar_quarter,
        calendar_month,
        case calendar_month
            when 1 then 'January' when 2 then 'February' when 3 then 'March' when 4 then 'April'
            when 5 then 'May' when 6 then 'June' when 7 then 'July' when 8 then 'August'
            when 9 then 'September' when 10 then 'October' when 11 then 'November' else 'December'
        end as month_name,
        calendar_year * 100 + calendar_month as year_month,
        month_start_date,
        day_of_month,
        day_of_year,
        days_since_monday + 1 as iso_day_of_week,
        case days_since_monday
            when 0 then 'Monday' when 1 then 'Tuesday' when 2 then 'Wednesday' when 3 then 'Thursday'
            when 4 then 'Friday' when 5 then 'Saturday' else 'Sunday'
        end as day_name,
        {{ to_flag('days_since_monday >= 5') }} as is_weekend,
        iso_year,
        iso_week,
        {{ dbt.concat([
            'cast(iso_year as ' ~ dbt.type_string() ~ ')',
            "'-W'",
            "case when iso_week < 10 then '0' else '' end",
            'cast(iso_week as ' ~ dbt.type_string() ~ ')'
        ]) }} as iso_year_week,
        coalesce(fiscal_period_id, derived_fiscal_year * 100 + derived_period_number) as fiscal_period_id,
        coalesce(erp_fiscal_year, derived_fiscal_year) as fiscal_year,
        coalesce(erp_fiscal_quarter, cast(floor((derived_period_number + 2) / 3.0) as {{ dbt.type_int() }}))
            as fiscal_quarter,
        coalesce(erp_period_number, derived_period_number) as fiscal_period_number,
        period_start_date as fiscal_period_start_date,
        period_end_date as fiscal_period_end_date,
        {{ to_flag('fiscal_period_id is not null') }} as is_erp_fiscal_period,
        coalesce(is_fiscal_period_closed, 0) as is_fiscal_period_closed
    from with_fiscal
),

unknown_member as (
    select
        -1 as date_key,
        cast(null as date) as calendar_date,
        cast(null as {{ dbt.type_int() }}) as calendar_year,
        cast(null as {{ dbt.type_int() }}) as calendar_quarter,
        cast(null as {{ dbt.type_int() }}) as calendar_month,
        'Unknown' as month_name,
        cast(null as {{ dbt.type_int() }}) as year_month,
        cast(null as date) as month_start_date,
        cast(null as {{ dbt.type_int() }}) as day_of_month,
        cast(null as {{ dbt.type_int() }}) as day_of_year,
        cast(null as {{ dbt.type_int() }}) as iso_day_of_week,
        'Unknown' as day_name,
        0 as is_weekend,
        cast(null as {{ dbt.type_int() }}) as iso_year,
        cast(null as {{ dbt.type_int() }}) as iso_week,
        'Unknown' as iso_year_week,
        cast(null as {{ dbt.type_int() }}) as fiscal_period_id,
        cast(null as {{ dbt.type_int() }}) as fiscal_year,
        cast(null as {{ dbt.type_int() }}) as fiscal_quarter,
        cast(null as {{ dbt.type_int() }}) as fiscal_period_number,
        cast(null as date) as fiscal_period_start_date,
        cast(null as date) as fiscal_period_end_date,
        0 as is_erp_fiscal_period,
        0 as is_fiscal_period_closed
),

unioned as (
    select * from days
    union all
    select * from unknown_member
)

select
    -- keys
    cast(date_key as int) as date_key,
    calendar_date,
    -- calendar
    cast(calendar_year as int) as calendar_year,
    cast(calendar_quarter as int) as calendar_quarter,
    cast(calendar_month as int) as calendar_month,
    cast(month_name as varchar(10)) as month_name,
    cast(year_month as int) as year_month,
    month_start_date,
    cast(day_of_month as int) as day_of_month,
    cast(day_of_year as int) as day_of_year,
    cast(iso_day_of_week as int) as iso_day_of_week,
    cast(day_name as varchar(10)) as day_name,
    cast(iso_year as int) as iso_year,
    cast(iso_week as int) as iso_week,
    cast(iso_year_week as varchar(10)) as iso_year_week,
    -- fiscal calendar (ERP)
    cast(fiscal_period_id as int) as fiscal_period_id,
    cast(fiscal_year as int) as fiscal_year,
    cast(fiscal_quarter as int) as fiscal_quarter,
    cast(fiscal_period_number as int) as fiscal_period_number,
    fiscal_period_start_date,
    fiscal_period_end_date,
    -- flags
    cast(is_weekend as int) as is_weekend,
    cast(is_erp_fiscal_period as int) as is_erp_fiscal_period,
    cast(is_fiscal_period_closed as int) as is_fiscal_period_closed
from unioned
