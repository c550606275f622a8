"""The one calculator of periods of days, weeks, months and years (민법 제157조·제159조·제160조·제161조).

Every rule of the program that counts a period of days, weeks, months or years goes through
:func:`period_end`; the statute that sets the period decides the two switches:

* ``first_day_counts`` (민법 제157조): the first day is not counted unless the period starts at 00:00
  or the statute says otherwise. ``False`` is the civil-code default (a period "from" a day that was
  already running when it began: 안심상속 from the month's last day, a passport's keeping period from
  the issue day). ``True`` where the statute counts the first day: 가족관계등록법 제37조① (신고기간은
  신고사건 발생일부터 기산), 민원처리법 제19조 (the day of receipt is day 1).
* ``roll_to_working_day`` (민법 제161조): a last day on a Saturday or a public holiday (Sundays
  included) moves to the next working day. Office closures (``closures``) count like public holidays.

The arithmetic (제159조·제160조): the period ends at the end of its last day. Days count one by one
from the first counted day (the 기산일). Weeks, months and years count by the calendar: the period ends
on the day before the day of the last week, month or year that corresponds to the 기산일 (제160조②);
where the last month has no such day (31 April, 29 February of a common year), on that month's last day
(제160조③). A 기산일 on the 1st therefore gives whole calendar months ending on a month's last day.
"""

from __future__ import annotations

import calendar as _stdcal
from collections.abc import Callable, Collection
from datetime import date, timedelta
from typing import Literal

from app.domain.calendar import next_working_day

Unit = Literal["day", "week", "month", "year"]
UNITS: tuple[Unit, ...] = ("day", "week", "month", "year")

# A calendar of working days: True for a day the office works (used instead of the Korean list + closures).
WorkingDayTest = Callable[[date], bool]


def last_day_of_month(year: int, month: int) -> int:
    return _stdcal.monthrange(year, month)[1]


def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    return day.replace(day=last_day_of_month(day.year, day.month))


def _shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def corresponding_day(day: date, months: int) -> date | None:
    """The day ``months`` calendar months after ``day`` with the same number, or None when that month
    has no such day (31 April; 29 February of a common year) — 민법 제160조②·③'s 해당일."""
    year, month = _shift_month(day.year, day.month, months)
    if day.day > last_day_of_month(year, month):
        return None
    return date(year, month, day.day)


def add_calendar_months(day: date, months: int) -> date:
    """The same-numbered day ``months`` months later (or earlier, for negative ``months``), or that
    month's last day where it has no such day. A date shift, not a period: periods use period_end."""
    year, month = _shift_month(day.year, day.month, months)
    return date(year, month, min(day.day, last_day_of_month(year, month)))


def first_counted_day(start: date, *, first_day_counts: bool) -> date:
    """The 기산일: ``start`` itself when its day counts, else the next day (민법 제157조)."""
    return start if first_day_counts else start + timedelta(days=1)


def _check(amount: object, unit: object) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValueError(f"기간의 길이는 정수여야 합니다: {amount!r}")
    if amount < 1:
        raise ValueError(f"기간의 길이는 1 이상이어야 합니다 (입력: {amount}).")
    if unit not in UNITS:
        raise ValueError(f"기간의 단위는 일·주·월·년(day, week, month, year) 중 하나여야 합니다: {unit!r}")


def nominal_end(start: date, amount: int, unit: Unit, *, first_day_counts: bool) -> date:
    """The last day of the period before any move for a Saturday or holiday (민법 제157·159·160조)."""
    _check(amount, unit)
    first = first_counted_day(start, first_day_counts=first_day_counts)
    if unit == "day":
        return first + timedelta(days=amount - 1)
    if unit == "week":
        # 제160조②: the day before the same weekday of the last week.
        return first + timedelta(weeks=amount) - timedelta(days=1)
    months = amount if unit == "month" else amount * 12
    target = corresponding_day(first, months)
    if target is None:
        # 제160조③: the last month has no corresponding day → its last day.
        year, month = _shift_month(first.year, first.month, months)
        return date(year, month, last_day_of_month(year, month))
    return target - timedelta(days=1)  # 제160조②: the day before the corresponding day


def roll_forward(day: date, *, closures: Collection[date] = (), calendar: WorkingDayTest | None = None) -> date:
    """민법 제161조: ``day`` itself when it is a working day, else the next working day."""
    if calendar is None:
        return next_working_day(day, closures)
    current = day
    for _ in range(366 * 5):
        if calendar(current) and current not in closures:
            return current
        current += timedelta(days=1)
    raise ValueError("다음 근무일을 찾을 수 없습니다. 휴무일 설정을 확인해 주십시오.")


def period_end(
    start: date,
    amount: int,
    unit: Unit,
    *,
    first_day_counts: bool,
    roll_to_working_day: bool,
    closures: Collection[date] = (),
    calendar: WorkingDayTest | None = None,
) -> date:
    """The last day of a period of ``amount`` ``unit`` starting on ``start``; in time up to its end.

    ``first_day_counts``: whether ``start`` is day 1 (see the module docstring for which statutes say
    so). ``roll_to_working_day``: 민법 제161조 (Saturday, Sunday, public holiday or one of ``closures``
    → the next working day). ``calendar`` replaces the Korean public-holiday calendar (a test of
    working days); by default :func:`app.domain.calendar.is_working_day` decides.
    """
    end = nominal_end(start, amount, unit, first_day_counts=first_day_counts)
    if roll_to_working_day:
        end = roll_forward(end, closures=closures, calendar=calendar)
    return end


def within_period(
    start: date, amount: int, unit: Unit, day: date, *, first_day_counts: bool, roll_to_working_day: bool = False
) -> bool:
    """Whether ``day`` lies inside the period that starts on ``start`` (``start`` itself included)."""
    return (
        start
        <= day
        <= period_end(start, amount, unit, first_day_counts=first_day_counts, roll_to_working_day=roll_to_working_day)
    )
