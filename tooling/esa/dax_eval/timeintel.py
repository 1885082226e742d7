"""Date arithmetic of the DAX time-intelligence functions, on plain Python dates.

Each function takes the dates of the marked date table (``domain``, all of them) and returns the
dates it selects; the evaluator turns them into a filter on the date key column.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

INTERVAL_MONTHS = {"MONTH": 1, "QUARTER": 3, "YEAR": 12}


def _day(d: dt.date) -> dt.date:
    return d.date() if isinstance(d, dt.datetime) else d


def month_end(d: dt.date) -> dt.date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def add_months(d: dt.date, months: int) -> dt.date:
    """d moved by whole months, the day clipped to the target month's length (Mar 31 - 1 month = Feb 28)."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def shift(d: dt.date, n: int, interval: str) -> dt.date:
    if interval == "DAY":
        return d + dt.timedelta(days=n)
    return add_months(d, n * INTERVAL_MONTHS[interval])


def _between(domain: Iterable[dt.date], start: dt.date, end: dt.date) -> set[dt.date]:
    return {d for d in domain if start <= _day(d) <= end}


def dates_to_date(domain: Iterable[dt.date], last: dt.date, period: str, year_end: str = "12-31") -> set[dt.date]:
    """DATESMTD / DATESQTD / DATESYTD: from the start of last's period up to last."""
    last = _day(last)
    if period == "MONTH":
        start = last.replace(day=1)
    elif period == "QUARTER":
        start = dt.date(last.year, 3 * ((last.month - 1) // 3) + 1, 1)
    else:
        month, day = parse_year_end(year_end)
        end_this_year = dt.date(last.year, month, min(day, calendar.monthrange(last.year, month)[1]))
        previous_end = end_this_year if last > end_this_year else add_months(end_this_year, -12)
        if day >= calendar.monthrange(end_this_year.year, month)[1]:
            previous_end = month_end(previous_end)
        start = previous_end + dt.timedelta(days=1)
    return _between(domain, start, last)


def parse_year_end(text: str) -> tuple[int, int]:
    """A DATESYTD year-end: "06-30", "6/30" or "30/6" style month-day text (month first unless > 12)."""
    parts = [int(p) for p in text.replace("/", "-").split("-") if p.strip()]
    if len(parts) != 2:
        raise ValueError(f"year-end date {text!r} is not month-day")
    month, day = parts if parts[0] <= 12 else (parts[1], parts[0])
    return month, day


def dates_in_period(domain: Iterable[dt.date], start: dt.date, n: int, interval: str) -> set[dt.date]:
    """DATESINPERIOD: n intervals from start; backwards (start excluded at the far end) when n < 0."""
    start = _day(start)
    other = shift(start, n, interval)
    if n < 0:
        return {d for d in domain if other < _day(d) <= start}
    return {d for d in domain if start <= _day(d) < other}


def date_add(domain: Iterable[dt.date], dates: Iterable[dt.date], n: int, interval: str) -> set[dt.date]:
    """DATEADD: every date moved by n intervals; a month's last day also selects the rest of its target month,
    so that a whole month maps to a whole month (Feb 1-28 + 1 month = Mar 1-31)."""
    wanted: set[dt.date] = set()
    for d in map(_day, dates):
        target = shift(d, n, interval)
        wanted.add(target)
        if interval != "DAY" and d == month_end(d):
            end = month_end(target)
            while target < end:
                target += dt.timedelta(days=1)
                wanted.add(target)
    return {d for d in domain if _day(d) in wanted}
