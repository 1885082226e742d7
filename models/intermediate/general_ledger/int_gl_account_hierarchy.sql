{#- The chart of accounts flattened without recursion (T-SQL views and Synapse allow no recursive
    CTE): a fixed chain of self-joins walks up to max_depth ancestors, then each account's path is
    laid out root first as level_1 ... level_n. One row per account.
    has_unresolved_parent = 1 would mean the tree is deeper than max_depth (a test guards it). -#}
{%- set max_depth = var('erp_gl_max_depth', 6) -%}

with

accounts as (
    select * from {{ ref('stg_erp__gl_accounts') }}
),

ancestors as (
    select
        a0.account_id,
        {%- for i in range(max_depth) %}
        a{{ i }}.account_id as ancestor_{{ i }}_account_id,
        {%- endfor %}
        a{{ max_depth - 1 }}.parent_account_id as unresolved_parent_account_id
    from accounts as a0
    {% for i in range(1, max_depth) -%}
    left join accounts as a{{ i }}
        on a{{ i - 1 }}.parent_account_id = a{{ i }}.account_id
    {% endfor %}
),

depths as (
    select
        ancestors.*,
        (
            {%- for i in range(max_depth) %}
            case when ancestor_{{ i }}_account_id is not null then 1 else 0 end{{ ' +' if not loop.last }}
            {%- endfor %}
        ) as account_level
    from ancestors
),

final as (
    select
        account_id,
        account_level,
        {%- for level in range(1, max_depth + 1) %}
        case
            {%- for depth in range(level, max_depth + 1) %}
            when account_level = {{ depth }} then ancestor_{{ depth - level }}_account_id
            {%- endfor %}
        end as level_{{ level }}_account_id,
        {%- endfor %}
        case when unresolved_parent_account_id is not null then 1 else 0 end as has_unresolved_parent
    from depths
)

select * from final
