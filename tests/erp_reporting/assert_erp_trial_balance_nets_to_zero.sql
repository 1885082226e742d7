{#- The trial balance nets to zero in every fiscal period: the period's debits equal its credits,
    and the running (debit-positive) balances of all accounts add up to zero at every period end.
    Also checks the period totals against the journal lines straight from staging. -#}
with

trial_balance as (
    select * from {{ ref('rpt_gl_trial_balance') }}
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

per_period as (
    select
        fiscal_period_id,
        sum(debit_amount) as debit_amount,
        sum(credit_amount) as credit_amount,
        sum(net_amount) as net_amount,
        sum(closing_balance_amount) as closing_balance_amount
    from trial_balance
    group by fiscal_period_id
),

ledger as (
    select
        journal_entries.fiscal_period_id,
        sum(journal_lines.debit_amount) as debit_amount,
        sum(journal_lines.credit_amount) as credit_amount
    from journal_lines
    inner join journal_entries
        on journal_lines.journal_entry_id = journal_entries.journal_entry_id
    cross join as_of
    where journal_entries.posting_date <= as_of.as_of_date
    group by journal_entries.fiscal_period_id
)

select
    per_period.fiscal_period_id,
    per_period.debit_amount,
    per_period.credit_amount,
    per_period.net_amount,
    per_period.closing_balance_amount,
    ledger.debit_amount as ledger_debit_amount,
    ledger.credit_amount as ledger_credit_amount
from per_period
left join ledger
    on per_period.fiscal_period_id = ledger.fiscal_period_id
where per_period.net_amount != 0
    or per_period.closing_balance_amount != 0
    or per_period.debit_amount != per_period.credit_amount
    or per_period.debit_amount != coalesce(ledger.debit_amount, 0)
    or per_period.credit_amount != coalesce(ledger.credit_amount, 0)
