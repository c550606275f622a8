"""Working time between two moments in closed form: the working days between them counted by arithmetic, not
walked one day at a time (issue 17: a petition ten years overdue cost 17 ms a refresh, 97 % of the list).

Between two moments on different days the working time is the rest of the first day's working blocks, the
blocks of every working day strictly between them (each the same length, so a count times that length), and
the start of the last day's blocks. The working days strictly between two dates are the weekdays between them
(a formula over whole weeks) less the public holidays and office closures that fall on those weekdays (found
by bisection in sorted lists). The answer is the same as the walk in ``app.domain.deadlines`` gave
(``tests/unit/test_working_time_closed_form.py`` compares the two on random cases).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Hashable
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Protocol

from app.domain.calendar import SEOUL, _korean_holidays, is_working_day


class Blocks(Hashable, Protocol):
    """The working blocks of a day (``app.domain.deadlines.WorkingHours``)."""

    def intervals_on(self, day: date) -> list[tuple[datetime, datetime]]: ...


def weekdays_between(first: date, last: date) -> int:
    """Monday-to-Friday days from ``first`` to ``last``, both included (0 when ``last`` is before ``first``)."""
    if last < first:
        return 0
    days = (last - first).days + 1
    weeks, rest = divmod(days, 7)
    start = first.weekday()
    extra = sum(1 for offset in range(rest) if (start + offset) % 7 < 5)
    return weeks * 5 + extra


@lru_cache(maxsize=128)
def _weekday_holidays(year: int) -> tuple[date, ...]:
    """The public holidays of ``year`` that fall on a weekday, sorted (weekends are not working days anyway)."""
    return tuple(sorted(day for day in _korean_holidays(year) if day.weekday() < 5))


def _holidays_in(first: date, last: date) -> int:
    count = 0
    for year in range(first.year, last.year + 1):
        days = _weekday_holidays(year)
        count += bisect_right(days, last) - bisect_left(days, first)
    return count


@lru_cache(maxsize=64)
def _closures_sorted(closures: frozenset[date]) -> tuple[date, ...]:
    """Office closures that would otherwise be working days (a closure on a holiday counts once)."""
    return tuple(sorted(day for day in closures if is_working_day(day)))


def working_days_between(first: date, last: date, closures: Collection[date] = ()) -> int:
    """Working days from ``first`` to ``last``, both included: weekdays less holidays and closures."""
    if last < first:
        return 0
    count = weekdays_between(first, last) - _holidays_in(first, last)
    if closures:
        frozen = closures if isinstance(closures, frozenset) else frozenset(closures)
        days = _closures_sorted(frozen)
        count -= bisect_right(days, last) - bisect_left(days, first)
    return count


def _within_day(day: date, start: datetime | None, end: datetime | None, hours: Blocks) -> timedelta:
    """Working time of ``day``'s blocks between ``start`` and ``end`` (None: the day's start or end)."""
    total = timedelta()
    for block_start, block_end in hours.intervals_on(day):
        s = block_start if start is None else max(block_start, start)
        e = block_end if end is None else min(block_end, end)
        if e > s:
            total += e - s
    return total


def working_time_between(
    start: datetime, end: datetime, *, closures: Collection[date] = (), hours: Blocks
) -> timedelta:
    """Working time from ``start`` to ``end`` (aware; ``end`` not before ``start``) inside ``hours`` on working
    days, in closed form."""
    start = start.astimezone(SEOUL)
    end = end.astimezone(SEOUL)
    if end <= start:
        return timedelta()
    first, last = start.date(), end.date()
    if first == last:
        return _within_day(first, start, end, hours) if is_working_day(first, closures) else timedelta()
    total = timedelta()
    if is_working_day(first, closures):
        total += _within_day(first, start, None, hours)
    if is_working_day(last, closures):
        total += _within_day(last, None, end, hours)
    between = working_days_between(first + timedelta(days=1), last - timedelta(days=1), closures)
    if between:
        # Every working day has the same blocks (they are read once, for the start); any day measures them.
        total += between * _day_length(hours)
    return total


_DAY = date(2001, 1, 1)


@lru_cache(maxsize=16)
def _day_length(hours: Blocks) -> timedelta:
    return _within_day(_DAY, None, None, hours)
