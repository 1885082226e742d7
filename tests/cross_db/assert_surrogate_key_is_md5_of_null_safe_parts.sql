-- surrogate_key: md5 hex of the parts cast to text, NULL as '_esa_null_', joined with '-'.
-- The expected digests were computed outside the database (Python hashlib), so the same literals
-- hold on DuckDB and on T-SQL (HASHBYTES). Returns the wrong cases. No WITH (T-SQL test wrappers).

select
    cases.case_name,
    cases.actual,
    cases.expected
from (
    select
        'two parts' as case_name,
        {{ surrogate_key(["'ab'", "'c'"]) }} as actual,
        '4c0cb56fab412feef5d54027301879ce' as expected
    union all
    select
        'same text, other split' as case_name,
        {{ surrogate_key(["'a'", "'bc'"]) }} as actual,
        '428577ef9518eb9b2b7c2578783ff36e' as expected
    union all
    select
        'null part' as case_name,
        {{ surrogate_key(["cast(null as integer)", "'a'"]) }} as actual,
        '54458b76b23e366498651043746847e4' as expected
    union all
    select
        'empty part differs from null' as case_name,
        {{ surrogate_key(["''", "'a'"]) }} as actual,
        '37caf0ee262229a9ddc60877eec6883f' as expected
    union all
    select
        'one part given as a string' as case_name,
        {{ surrogate_key("'x'") }} as actual,
        '9dd4e461268c8034f5c8564e155c67a6' as expected
    union all
    select
        'integer part' as case_name,
        {{ surrogate_key(['42']) }} as actual,
        'a1d0c6e83f027327d8461063f4ac58a6' as expected
) as cases
where cases.actual is null or cases.actual != cases.expected
