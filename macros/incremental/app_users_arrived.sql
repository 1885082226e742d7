{#
    app_users_arrived(app_users='app_users'): the incremental branch's "which app users changed"
    query, for the app-engagement facts. An app user changed when its document, or a version of the
    customer it belongs to, landed at or after the model's arrival watermark: its rows may now resolve
    to another customer version. `app_users` is the model's CTE over stg_cosmos__app_users (with
    app_user_id, customer_id and landed_at). The model must declare
    `-- depends_on: {{ ref('stg_lake_erp__customer_versions') }}`, because dbt parses the incremental
    branch with is_incremental() false. `watermark`: the model's watermark already read
    (arrival_watermark_literal); by default the arrival_watermark subquery.
#}
{% macro app_users_arrived(app_users='app_users', watermark=none) -%}
    {%- set watermark = watermark if watermark is not none else arrival_watermark() -%}
    select arrived_users.app_user_id
    from {{ app_users }} as arrived_users
    where arrived_users.landed_at >= {{ watermark }}
    union
    select arrived_users.app_user_id
    from {{ app_users }} as arrived_users
    inner join {{ ref('stg_lake_erp__customer_versions') }} as customer_versions
        on arrived_users.customer_id = customer_versions.customer_id
    where customer_versions.landed_at >= {{ watermark }}
{%- endmacro %}
