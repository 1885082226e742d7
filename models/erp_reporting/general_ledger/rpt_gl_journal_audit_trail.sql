{#- Journal audit trail: every journal line with who posted its entry, when, from which module,
    and how late relative to the accounting date and the period end. For compliance review. -#}

with

journal_entries as (
    select * from {{ ref('stg_erp__gl_journal_entries') }}
),

journal_lines as (
    select * from {{ ref('stg_erp__gl_journal_lines') }}
),

gl_accounts as (
    select * from {{ ref('stg_erp__gl_accounts') }}
),

cost_centres as (
    select * from {{ ref('stg_erp__cost_centres') }}
),

employees as (
    select * from {{ ref('stg_erp__employees') }}
),

fiscal_periods as (
    select * from {{ ref('stg_erp__fiscal_periods') }}
),

final as (
    select
        -- keys
        journal_lines.journal_line_id,
        journal_lines.journal_entry_id,
        journal_entries.entry_number,
        journal_lines.line_number,
        journal_entries.fiscal_period_id,
        journal_entries.source_module,
        journal_entries.source_document_id,
        journal_entries.entry_description,
        journal_lines.account_id,
        gl_accounts.account_number,
        gl_accounts.account_name,
        journal_lines.cost_centre_id,
        cost_centres.cost_centre_code,
        journal_entries.posted_by_employee_id,
        employees.employee_number as posted_by_employee_number,
        employees.first_name as posted_by_first_name,
        employees.last_name as posted_by_last_name,
        employees.email as posted_by_email,
        employees.department as posted_by_department,
        -- flags
        case when journal_entries.source_module = 'MANUAL' then 1 else 0 end as is_manual_entry,
        case
            when cast(journal_entries.posted_at as date) > fiscal_periods.period_end_date then 1
            else 0
        end as is_posted_after_period_end,
        case
            when journal_entries.posting_date < fiscal_periods.period_start_date
                or journal_entries.posting_date > fiscal_periods.period_end_date
                then 1
            else 0
        end as is_posting_date_outside_period,
        -- dates
        journal_entries.posting_date,
        journal_entries.posted_at,
        cast(
            {{ dbt.datediff('journal_entries.posting_date', 'cast(journal_entries.posted_at as date)', 'day') }}
            as integer
        ) as posting_lag_days,
        -- amounts in EUR
        {{ money('journal_lines.debit_amount') }} as debit_amount,
        {{ money('journal_lines.credit_amount') }} as credit_amount
    from journal_lines
    inner join journal_entries
        on journal_lines.journal_entry_id = journal_entries.journal_entry_id
    left join gl_accounts
        on journal_lines.account_id = gl_accounts.account_id
    left join cost_centres
        on journal_lines.cost_centre_id = cost_centres.cost_centre_id
    left join employees
        on journal_entries.posted_by_employee_id = employees.employee_id
    left join fiscal_periods
        on journal_entries.fiscal_period_id = fiscal_periods.fiscal_period_id
)

select * from final
