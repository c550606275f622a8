"""The installed holiday calendar knows every public holiday of this year and the next.

Legal deadlines roll over Saturdays and public holidays (민법 제161조; 민원처리법 제19조 and 시행령 제19–21조),
so two counters with different versions of the ``holidays`` package would compute different due dates.
The version is pinned (setup.cfg, requirements/*.lock); this test is the check that an upgrade — or an
install that ignored the lock — did not lose a holiday that is known for certain
(resources/data/holidays_known.toml).
"""

from __future__ import annotations

from datetime import date

import pytest

from app.domain import calendar as office_calendar
from app.domain.calendar import is_public_holiday, is_working_day
from app.resources import load_data

KNOWN = load_data("holidays_known")["years"]


def _known_days(year: int) -> list[date]:
    return [date.fromisoformat(text) for text in KNOWN[str(year)]["days"]]


@pytest.mark.parametrize("year", sorted(KNOWN))
def test_every_known_holiday_is_in_the_installed_calendar(year: str) -> None:
    missing = [day for day in _known_days(int(year)) if not is_public_holiday(day)]
    assert missing == [], f"the installed holidays package lacks {missing}"


@pytest.mark.parametrize("year", sorted(KNOWN))
def test_the_calendar_adds_no_weekday_holiday_beyond_the_known_list(year: str) -> None:
    # A newer calendar that invents or moves a weekday holiday changes deadlines just as much.
    known = set(_known_days(int(year)))
    extra = [
        day
        for day in office_calendar._korean_holidays(int(year))  # noqa: SLF001 - the calendar's own list
        if day.weekday() < 5 and day not in known
    ]
    assert extra == [], f"the installed calendar has weekday holidays not in holidays_known.toml: {extra}"


def test_the_known_list_covers_this_year_and_the_next() -> None:
    this_year = date.today().year
    assert str(this_year) in KNOWN and str(this_year + 1) in KNOWN, (
        "resources/data/holidays_known.toml needs the list of the current and the next year"
    )


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 5, 1), False),  # 노동절, a public holiday from 2026
        (date(2026, 6, 3), False),  # 제9회 전국동시지방선거 (공직선거법 제34조)
        (date(2026, 7, 17), False),  # 제헌절, a public holiday again from 2026
        (date(2026, 8, 17), False),  # 광복절 (Saturday) → 대체공휴일 (규정 제3조)
        (date(2026, 10, 5), False),  # 개천절 (Saturday) → 대체공휴일
        (date(2025, 1, 27), False),  # 임시공휴일 2025
        (date(2026, 7, 16), True),
        (date(2026, 5, 4), True),
    ],
)
def test_new_holidays_are_not_working_days(day: date, working: bool) -> None:
    assert is_working_day(day) is working
