{#- Bridge from every account of the chart (summary or postable) to the postable accounts below it,
    itself included: one row per (rollup account, postable account). Summing postable balances by
    rollup_account_id gives every node of the hierarchy. Built level by level from the flattened
    paths of int_gl_account_hierarchy, with no recursion. -#}
{%- set max_depth = var('erp_gl_max_depth', 6) -%}

with

hierarchy as (
    select * from {{ ref('int_gl_account_hierarchy') }}
),

accounts as (
    select * from {{ ref('stg_erp__gl_accounts') }}
),

postable_paths as (
    select hierarchy.*
    from hierarchy
    inner join accounts
        on hierarchy.account_id = accounts.account_id
    where accounts.is_postable = 1
),

bridge as (
    {%- for level in range(1, max_depth + 1) %}
    select
        level_{{ level }}_account_id as rollup_account_id,
        {{ level }} as rollup_level,
        account_id as postable_account_id
    from postable_paths
    where level_{{ level }}_account_id is not null
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select
    rollup_account_id,
    rollup_level,
    postable_account_id
from bridge
