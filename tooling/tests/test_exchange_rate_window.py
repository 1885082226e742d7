"""The exchange-rate windows end with the feed (int_exchange_rates_valid), on the session build.

The last rate of every currency is valid up to the last landed day of the feed and no further (the
contract carries a rate forward only within the feed), so an amount dated after the feed's last day
converts with no rate: it is NULL in EUR and listed in quarantine_unconverted_amounts (whose test
fails the build), never converted with a stale rate.
"""

from __future__ import annotations

from datetime import timedelta

from conftest import BuiltProject


def test_last_window_ends_the_day_after_the_feed(built_project: BuiltProject) -> None:
    with built_project.connect() as con:
        (last_rate_date,) = con.execute(
            "select max(rate_date) from main_staging.stg_lake_finance__exchange_rates where from_currency = 'EUR'"
        ).fetchone()
        ends = con.execute(
            "select currency_code, max(valid_to_date) from main_intermediate.int_exchange_rates_valid"
            " group by currency_code"
        ).fetchall()
    assert ends, "no exchange-rate windows"
    assert {end for _, end in ends} == {last_rate_date + timedelta(days=1)}, ends


def test_amounts_dated_after_the_feed_are_not_converted(built_project: BuiltProject) -> None:
    with built_project.connect() as con:
        rows = con.execute(
            """
            with feed as (
                select max(valid_to_date) as feed_end_date from main_intermediate.int_exchange_rates_valid
            )
            select
                count(*) as late_lines,
                count(lines.net_amount_eur) as converted,
                count(quarantine.document_key) as quarantined
            from main_marts.fct_sales_order_lines as lines
            cross join feed
            left join main_marts.quarantine_unconverted_amounts as quarantine
                on quarantine.fact_name = 'fct_sales_order_lines'
                and quarantine.document_key = lines.sales_order_line_key
            where lines.order_date >= feed.feed_end_date and lines.currency_code != 'EUR'
            """
        ).fetchone()
    late_lines, converted, quarantined = rows
    assert converted == 0, rows
    assert quarantined == late_lines, rows
