-- safe_divide: integers divide exactly (T-SQL would give 7 / 2 = 3), a zero or NULL denominator
-- gives NULL instead of an error, the scale argument rounds the quotient. Returns the wrong cases.
-- No WITH: T-SQL test wrappers would nest it.

select
    cases.case_name,
    cases.actual,
    cases.expected
from (
    select
        'integer operands' as case_name,
        {{ safe_divide('7', '2') }} as actual,
        cast(3.5 as decimal(38, 6)) as expected
    union all
    select
        'zero denominator' as case_name,
        {{ safe_divide('1', '0') }} as actual,
        null as expected
    union all
    select
        'null denominator' as case_name,
        {{ safe_divide('1', 'cast(null as integer)') }} as actual,
        null as expected
    union all
    select
        'six decimals by default' as case_name,
        {{ safe_divide('1', '3') }} as actual,
        cast(0.333333 as decimal(38, 6)) as expected
    union all
    select
        'scale 2 rounds' as case_name,
        -- widened back to 6 decimals: a union of decimal(38, 2) and (38, 6) would cut the others to 2
        cast({{ safe_divide('2', '3', 2) }} as decimal(38, 6)) as actual,
        cast(0.67 as decimal(38, 6)) as expected
    union all
    select
        'decimal money' as case_name,
        {{ safe_divide('cast(10.50 as decimal(18, 2))', 'cast(4 as decimal(18, 2))') }} as actual,
        cast(2.625 as decimal(38, 6)) as expected
) as cases
where not (
        (cases.actual is null and cases.expected is null)
        or cases.actual = cases.expected
    )
