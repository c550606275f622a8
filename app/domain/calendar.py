"""The office calendar: which days are working days (평일) in Korea, and the office's working hours.

Public holidays come from the ``holidays`` package (category PUBLIC: lunar holidays, substitute
holidays, election days and one-off holidays); office closures that a supervisor adds by hand are
passed in as a set of dates.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

SEOUL = ZoneInfo("Asia/Seoul")


@lru_cache(maxsize=64)
def _korean_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("KR", years=year, categories=(holidays.PUBLIC,), language="ko")


def holiday_name(day: date) -> str | None:
    """The name of the Korean public holiday on ``day``, or None."""
    return _korean_holidays(day.year).get(day)


def is_public_holiday(day: date) -> bool:
    return day in _korean_holidays(day.year)


def is_working_day(day: date, closures: Collection[date] = ()) -> bool:
    """Monday to Friday, not a public holiday, not an office closure."""
    return day.weekday() < 5 and not is_public_holiday(day) and day not in closures


def next_working_day(day: date, closures: Collection[date] = (), *, include_self: bool = True) -> date:
    """``day`` itself when it is a working day (with ``include_self``), else the next one."""
    current = day if include_self else day + timedelta(days=1)
    while not is_working_day(current, closures):
        current += timedelta(days=1)
    return current


def add_working_days(day: date, count: int, closures: Collection[date] = ()) -> date:
    """The working day ``count`` working days after ``day`` (count >= 0; 0 means ``day`` if working)."""
    current = next_working_day(day, closures)
    remaining = count
    while remaining > 0:
        current = next_working_day(current, closures, include_self=False)
        remaining -= 1
    return current


def seoul_today() -> date:
    """Today's date at the counter (Asia/Seoul), whatever the machine's own zone."""
    from datetime import datetime

    return datetime.now(SEOUL).date()
