{#
    rates_reconverted_from(rates, watermark): the query of the first document date that an EUR rate
    landed since `watermark` can convert anew: its rate date (the window before it ends there), or the
    day after the latest rate date landed before (a feed end that moved over a missing day). One row,
    column from_date (NULL when no rate landed since). `rates`: int_exchange_rates_valid or a CTE over
    it; `watermark`: the model's arrival watermark (an expression).
#}
{% macro rates_reconverted_from(rates, watermark) -%}
    select min(candidates.from_date) as from_date
    from (
        select min(landed_rates.valid_from_date) as from_date
        from {{ rates }} as landed_rates
        where landed_rates.landed_at >= {{ watermark }}
        union all
        select cast({{ dbt.dateadd('day', 1, 'max(landed_rates.valid_from_date)') }} as date) as from_date
        from {{ rates }} as landed_rates
        where landed_rates.landed_at < {{ watermark }}
    ) as candidates
{%- endmacro %}
