{#
    user_day_rows(relation, date_column, users='recomputed_users', days='recomputed_days'): the rows
    of a per-user fact that fct_daily_user_activity aggregates again. On a full refresh every row of
    `relation`; on an incremental run the rows of the users recomputed whole (the model's CTE `users`,
    one app_user_id per row) plus the rows of the recomputed user-days (the CTE `days`: app_user_id,
    activity_date), matched on the fact's `date_column`. A user is never in both CTEs, so no row is
    read twice.
#}
{% macro user_day_rows(relation, date_column, users='recomputed_users', days='recomputed_days') -%}
    {%- if is_incremental() %}
    select user_rows.*
    from {{ relation }} as user_rows
    where user_rows.app_user_id in (select {{ users }}.app_user_id from {{ users }})
    union all
    select day_rows.*
    from {{ relation }} as day_rows
    inner join {{ days }}
        on day_rows.app_user_id = {{ days }}.app_user_id
            and day_rows.{{ date_column }} = {{ days }}.activity_date
    {%- else %}
    select * from {{ relation }}
    {%- endif %}
{%- endmacro %}
