{#- Trial balance: every postable account in every fiscal period that has started by the as-of
    date, with the period's debits and credits and the running balance since the first posting.
    Balances are debit-positive (debit - credit); they net to zero over all accounts in a period. -#}

with

fiscal_periods as (
    select * from {{ ref('stg_erp__fiscal_periods') }}
),

gl_accounts as (
    select * from {{ ref('stg_erp__gl_accounts') }}
),

journal_entries as (
    select * from {{ ref('stg_erp__gl_journal_entries') }}
),

journal_lines as (
    select * from {{ ref('stg_erp__gl_journal_lines') }}
),

as_of as (
    select * from {{ ref('int_reporting_as_of_date') }}
),

first_posting as (
    select min(fiscal_period_id) as first_fiscal_period_id
    from journal_entries
),

periods as (
    select fiscal_periods.*
    from fiscal_periods
    cross join as_of
    cross join first_posting
    where fiscal_periods.period_start_date <= as_of.as_of_date
        and fiscal_periods.fiscal_period_id >= first_posting.first_fiscal_period_id
),

postable_accounts as (
    select *
    from gl_accounts
    where is_postable = 1
),

period_activity as (
    select
        journal_entries.fiscal_period_id,
        journal_lines.account_id,
        cast(count(*) as integer) as journal_line_count,
        {{ money_sum('journal_lines.debit_amount') }} as debit_amount,
        {{ money_sum('journal_lines.credit_amount') }} as credit_amount
    from journal_lines
    inner join journal_entries
        on journal_lines.journal_entry_id = journal_entries.journal_entry_id
    cross join as_of
    where journal_entries.posting_date <= as_of.as_of_date
    group by journal_entries.fiscal_period_id, journal_lines.account_id
),

spine as (
    select
        periods.fiscal_period_id,
        periods.fiscal_year,
        periods.period_number,
        periods.period_start_date,
        periods.period_end_date,
        periods.is_closed as is_period_closed,
        postable_accounts.account_id,
        postable_accounts.account_number,
        postable_accounts.account_name,
        postable_accounts.account_type,
        postable_accounts.statement,
        postable_accounts.normal_balance
    from periods
    cross join postable_accounts
),

activity as (
    select
        spine.*,
        coalesce(period_activity.journal_line_count, 0) as journal_line_count,
        {{ money('coalesce(period_activity.debit_amount, 0)', 38) }} as debit_amount,
        {{ money('coalesce(period_activity.credit_amount, 0)', 38) }} as credit_amount
    from spine
    left join period_activity
        on spine.fiscal_period_id = period_activity.fiscal_period_id
            and spine.account_id = period_activity.account_id
),

balances as (
    select
        activity.*,
        {{ money('debit_amount - credit_amount', 38) }} as net_amount,
        {{ money_sum(
            'debit_amount - credit_amount',
            'partition by account_id order by fiscal_period_id rows between unbounded preceding and current row'
        ) }} as closing_balance_amount,
        {{ money_sum(
            'debit_amount - credit_amount',
            'partition by account_id, fiscal_year'
            ~ ' order by fiscal_period_id rows between unbounded preceding and current row'
        ) }} as ytd_net_amount
    from activity
),

final as (
    select
        -- keys
        fiscal_period_id,
        account_id,
        account_number,
        account_name,
        account_type,
        statement,
        normal_balance,
        fiscal_year,
        period_number,
        -- flags
        is_period_closed,
        -- dates
        period_start_date,
        period_end_date,
        -- numbers
        journal_line_count,
        -- amounts in EUR, debit-positive
        {{ money('closing_balance_amount - net_amount', 38) }} as opening_balance_amount,
        debit_amount,
        credit_amount,
        net_amount,
        closing_balance_amount,
        ytd_net_amount
    from balances
)

select * from final
