{#
    Helpers for the star schemas' keys.

    date_key(expr): the integer yyyymmdd key of a date or timestamp expression, -1 when it is NULL
    (the unknown member of dim_date). Built from YEAR/MONTH/DAY, which DuckDB and T-SQL share.

    unknown_key(): the surrogate key of every dimension's unknown member, '-1'.

    dimension_key(expr): a dimension key from a (left-joined) dimension column, the unknown member
    when the reference is NULL or has no match.
#}
{% macro date_key(expr) -%}
    cast(coalesce(year({{ expr }}) * 10000 + month({{ expr }}) * 100 + day({{ expr }}), -1) as {{ dbt.type_int() }})
{%- endmacro %}

{% macro unknown_key() -%}
    cast('-1' as varchar(32))
{%- endmacro %}

{% macro dimension_key(expr) -%}
    cast(coalesce({{ expr }}, '-1') as varchar(32))
{%- endmacro %}

{#
    geography_key(country_code, region, city): the dim_geography key of a location, from the
    normalised (trimmed, upper-case country) country, region and city, so that dim_geography and
    the facts compute the same key from an address.
#}
{% macro geography_key(country_code, region, city) -%}
    {{ surrogate_key([
        'upper(ltrim(rtrim(' ~ country_code ~ ')))',
        'ltrim(rtrim(' ~ region ~ '))',
        'ltrim(rtrim(' ~ city ~ '))'
    ]) }}
{%- endmacro %}
