{#- Income statement per fiscal period at every node of the chart of accounts (income-statement
    accounts): postable balances rolled up through int_gl_account_rollup, without recursion.
    Amounts are shown profit-positive (credit - debit): revenue positive, expenses negative, so a
    parent is the plain sum of its children and the top nodes add up to the result for the period. -#}

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
        cast(count(distinct account_rollup.postable_account_id) as integer) as postable_account_count,
        {{ money_sum('trial_balance.credit_amount - trial_balance.debit_amount') }} as period_amount,
        {{ money('0 - ' ~ money_sum('trial_balance.ytd_net_amount'), 38) }} as ytd_amount
    from trial_balance
    inner join account_rollup
        on trial_balance.account_id = account_rollup.postable_account_id
    where trial_balance.statement = 'income_statement'
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
        gl_accounts.parent_account_id,
        rolled_up.fiscal_year,
        rolled_up.period_number,
        -- flags
        gl_accounts.is_postable,
        -- numbers
        rolled_up.account_level,
        rolled_up.postable_account_count,
        -- amounts in EUR, profit-positive (credit - debit)
        rolled_up.period_amount,
        rolled_up.ytd_amount
    from rolled_up
    inner join gl_accounts
        on rolled_up.account_id = gl_accounts.account_id
)

select * from final
