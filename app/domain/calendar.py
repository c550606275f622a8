"""The office calendar: which days are working days (평일) in Korea, and the office's working hours.

Public holidays come from the ``holidays`` package (category PUBLIC: lunar holidays, substitute
holidays, election days and one-off holidays); office closures that a supervisor adds by hand are
passed in as a set of dates.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
from collections.abc import Collection
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from holidays import HolidayBase

SEOUL = ZoneInfo("Asia/Seoul")
_SOUTH_KOREA = "holidays.countries.south_korea"
_LOADING = threading.Lock()  # the window's warm-up thread and the GUI thread may both ask first


@lru_cache(maxsize=1)
def _south_korea() -> Any:
    """The ``holidays`` package's South Korea calendar class. ``holidays.country_holidays("KR")`` imports the
    ``holidays.countries`` package, whose ``__init__`` imports every country's module (some 250, ~0.2 s on a
    counter PC); the Korean module itself needs only the package's calendars and helpers, so it is loaded on
    its own. Where the package is not plain files (a frozen build), the package's own way is used."""
    with _LOADING:
        return _load_south_korea()


def _load_south_korea() -> Any:
    import holidays

    module = sys.modules.get(_SOUTH_KOREA)
    if module is None and "holidays.countries" not in sys.modules:
        path = Path(holidays.__file__).parent / "countries" / "south_korea.py"
        spec = importlib.util.spec_from_file_location(_SOUTH_KOREA, path) if path.is_file() else None
        if spec is not None and spec.loader is not None:
            module = importlib.util.module_from_spec(spec)
            sys.modules[_SOUTH_KOREA] = module
            try:
                spec.loader.exec_module(module)
            except BaseException:
                del sys.modules[_SOUTH_KOREA]
                raise
    if module is None:  # the package's own way (its ``countries`` package, every country with it)
        module = importlib.import_module(_SOUTH_KOREA)
    return module.SouthKorea


@lru_cache(maxsize=64)
def _korean_holidays(year: int) -> HolidayBase:
    from holidays.constants import PUBLIC

    holidays_of_year: HolidayBase = _south_korea()(years=year, categories=(PUBLIC,), language="ko")
    return holidays_of_year


def warm_up() -> None:
    """Load the calendar and this year's holidays now (the window does it in idle time after its first paint,
    so the first deadline a clerk computes does not wait for it)."""
    _korean_holidays(seoul_today().year)


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
