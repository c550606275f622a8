"""The emergency passport's 3 hours are working hours (issue 14 item 6), computed by hand.

민원처리법 제19조①: periods of 5 days or less count in working hours; office_hours.toml: 09:00-12:00 and
13:00-18:00 on working days. Weekdays and holidays of 2026 checked on the calendar.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app.domain.calendar import SEOUL
from app.domain.deadlines import add_working_time, due_at
from app.domain.passport.emergency import due_label, emergency_due_at, emergency_target


def kst(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=SEOUL)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Tuesday 11:00 → 11-12 (1 h), lunch left out, 13-15 (2 h) → 15:00
        (kst(2026, 3, 10, 11), kst(2026, 3, 10, 15)),
        # Tuesday 09:00 → 12:00 exactly
        (kst(2026, 3, 10, 9), kst(2026, 3, 10, 12)),
        # Tuesday 12:30 (lunch) → counts from 13:00 → 16:00
        (kst(2026, 3, 10, 12, 30), kst(2026, 3, 10, 16)),
        # Tuesday 15:00 → 18:00 the same day
        (kst(2026, 3, 10, 15), kst(2026, 3, 10, 18)),
        # Tuesday 16:00 → 2 h to 18:00, 1 h on Wednesday → 10:00
        (kst(2026, 3, 10, 16), kst(2026, 3, 11, 10)),
        # Tuesday 17:00 → 1 h, then 2 h on Wednesday → 11:00
        (kst(2026, 3, 10, 17), kst(2026, 3, 11, 11)),
        # Monday 19:00 at the night window → from 09:00 Tuesday → 12:00
        (kst(2026, 3, 9, 19), kst(2026, 3, 10, 12)),
        # Thursday 2026-04-30 16:00: Friday 5-1 is 노동절, then the weekend → Monday 5-4 10:00
        (kst(2026, 4, 30, 16), kst(2026, 5, 4, 10)),
        # Thursday 2026-07-16 19:00 (night window): Friday 7-17 is 제헌절 → Monday 7-20 12:00
        (kst(2026, 7, 16, 19), kst(2026, 7, 20, 12)),
        # Tuesday 2026-06-02 17:30: Wednesday 6-3 is 지방선거일 → 30 min, then Thursday 6-4 11:30
        (kst(2026, 6, 2, 17, 30), kst(2026, 6, 4, 11, 30)),
        # Friday 2026-02-27 16:00: weekend, 3-1 삼일절, Monday 3-2 its substitute → Tuesday 3-3 10:00
        (kst(2026, 2, 27, 16), kst(2026, 3, 3, 10)),
        # received on Saturday → Monday 09:00 + 3 h
        (kst(2026, 3, 14, 10), kst(2026, 3, 16, 12)),
    ],
)
def test_three_working_hours(received: datetime, due: datetime) -> None:
    assert emergency_due_at(received) == due
    # the same machinery as every 민원 period of 3 hours
    assert due_at(received, "3시간") == due


def test_office_closure_is_left_out() -> None:
    # Wednesday 2026-03-11 closed by decree: Tuesday 16:00 → 2 h, then Thursday 09:00-10:00.
    assert emergency_due_at(kst(2026, 3, 10, 16), closures={date(2026, 3, 11)}) == kst(2026, 3, 12, 10)


def test_target_with_clock_label_and_notice() -> None:
    same_day = emergency_target(kst(2026, 3, 10, 11))
    assert same_day.due_at == kst(2026, 3, 10, 15)
    assert same_day.clock_label == "마감 03-10(화) 15:00"
    assert not same_day.next_day and same_day.notice is None
    assert same_day.working_hours == 3

    night = emergency_target(kst(2026, 3, 12, 19, 10))  # Thursday night window
    assert night.due_at == kst(2026, 3, 13, 12)
    assert night.clock_label == "마감 03-13(금) 12:00"
    assert night.next_day
    assert night.notice is not None
    assert "근무시간 3시간" in night.notice and "3월 13일(금) 12:00까지" in night.notice


def test_due_label_is_in_seoul_time() -> None:
    from datetime import UTC

    assert due_label(datetime(2026, 3, 11, 1, 0, tzinfo=UTC)) == "마감 03-11(수) 10:00"


def test_add_working_time_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="0보다"):
        add_working_time(kst(2026, 3, 10, 10), timedelta(0))
    with pytest.raises(ValueError, match="시간대"):
        add_working_time(datetime(2026, 3, 10, 10), timedelta(hours=1))


def test_add_working_time_takes_fractions() -> None:
    # 2 h 30 min from Tuesday 11:00 → 1 h before lunch, 1 h 30 min after → 14:30
    assert add_working_time(kst(2026, 3, 10, 11), timedelta(hours=2.5)) == kst(2026, 3, 10, 14, 30)
