{#- Balance sheet at the end of every fiscal period at every node of the chart of accounts
    (balance-sheet accounts), rolled up through int_gl_account_rollup without recursion.
    closing_balance_amount is debit-positive (parents are the plain sum of their children);
    presented_balance_amount flips the sign for credit-normal nodes (liabilities, equity).
    Income-statement results of open years are not closed into equity here (no closing entries). -#}

with

trial_balance as (
    select * from {{ ref('rpt_gl_trial_balance') }}
),

account_rollup as (
    select * from {{ ref('int_gl_account_rollup') }}
),

gl_accounts as (
    select * from {{ ref('stg_erp__gl_accounts') }}
),

rolled_up as (
    select
        trial_balance.fiscal_period_id,
        account_rollup.rollup_account_id as account_id,
        max(account_rollup.rollup_level) as account_level,
        max(trial_balance.fiscal_year) as fiscal_year,
        max(trial_balance.period_number) as period_number,
        max(trial_balance.period_end_date) as period_end_date,
        cast(count(distinct account_rollup.postable_account_id) as integer) as postable_account_count,
        {{ money_sum('trial_balance.net_amount') }} as period_net_amount,
        {{ money_sum('trial_balance.closing_balance_amount') }} as closing_balance_amount
    from trial_balance
    inner join account_rollup
        on trial_balance.account_id = account_rollup.postable_account_id
    where trial_balance.statement = 'balance_sheet'
    group by trial_balance.fiscal_period_id, account_rollup.rollup_account_id
),

final as (
    select
        -- keys
        rolled_up.fiscal_period_id,
        rolled_up.account_id,
        gl_accounts.account_number,
        gl_accounts.account_name,
        gl_accounts.account_type,
        gl_accounts.normal_balance,
        gl_accounts.parent_account_id,
        rolled_up.fiscal_year,
        rolled_up.period_number,
        -- flags
        gl_accounts.is_postable,
        -- dates
        rolled_up.period_end_date,
        -- numbers
        rolled_up.account_level,
        rolled_up.postable_account_count,
        -- amounts in EUR
        rolled_up.period_net_amount,
        rolled_up.closing_balance_amount,
        {{ money(
            "case when gl_accounts.normal_balance = 'credit' then 0 - rolled_up.closing_balance_amount"
            ~ " else rolled_up.closing_balance_amount end",
            38
        ) }} as presented_balance_amount
    from rolled_up
    inner join gl_accounts
        on rolled_up.account_id = gl_accounts.account_id
)

select * from final
