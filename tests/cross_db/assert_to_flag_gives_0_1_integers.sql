-- to_flag: a boolean column becomes 1/0 and keeps NULL; a predicate becomes 1 when true and 0
-- when false or unknown. Returns a row when any flag is wrong. No WITH (T-SQL test wrappers).

select
    flags.column_true,
    flags.column_false,
    flags.column_null,
    flags.predicate_true,
    flags.predicate_false,
    flags.predicate_unknown
from (
    select
        {{ to_flag('src.b_true') }} as column_true,
        {{ to_flag('src.b_false') }} as column_false,
        {{ to_flag('src.b_null') }} as column_null,
        {{ to_flag('src.n_one = 1') }} as predicate_true,
        {{ to_flag('src.n_one > 1') }} as predicate_false,
        {{ to_flag('src.n_null = 1') }} as predicate_unknown
    from (
        select
            cast(1 as {{ dbt.type_boolean() }}) as b_true,
            cast(0 as {{ dbt.type_boolean() }}) as b_false,
            cast(null as {{ dbt.type_boolean() }}) as b_null,
            1 as n_one,
            cast(null as integer) as n_null
    ) as src
) as flags
where not (
        flags.column_true = 1
        and flags.column_false = 0
        and flags.column_null is null
        and flags.predicate_true = 1
        and flags.predicate_false = 0
        and flags.predicate_unknown = 0
    )
