"""Deadlines of time-limited petitions: the law's counting rules around holidays, hours and pauses."""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.calendar import SEOUL, is_working_day
from app.domain.deadlines import (
    Period,
    WorkingHours,
    counting_unit,
    deadline_rules,
    due_at,
    due_at_with_pauses,
    is_night_window,
    is_working_moment,
    next_working_moment,
    night_window,
    parse_period,
    status_notice_dates,
    time_left,
    working_hours,
    working_time_between,
)


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, ss, tzinfo=SEOUL)


# --- parse_period --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "kind", "amount", "normal"),
    [
        ("즉시", "immediate", 0, "즉시"),
        (" 즉시 ", "immediate", 0, "즉시"),
        ("3시간", "hours", 3, "3시간"),
        ("3 시간", "hours", 3, "3시간"),
        ("1일", "days", 1, "1일"),
        ("5일", "days", 5, "5일"),
        (" 5 일 ", "days", 5, "5일"),
        ("14일", "days", 14, "14일"),
        ("90일", "days", 90, "90일"),
        ("2주", "weeks", 2, "2주"),
        ("2주일", "weeks", 2, "2주"),
        ("1개월", "months", 1, "1개월"),
        ("3 개월", "months", 3, "3개월"),
        ("1년", "years", 1, "1년"),
    ],
)
def test_parse_period_accepts_handbook_spellings(text: str, kind: str, amount: int, normal: str) -> None:
    period = parse_period(text)
    assert (period.kind, period.amount, period.text, str(period)) == (kind, amount, normal, normal)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "3", "일", "시간", "0일", "0시간", "-1일", "3 days", "1.5일", "삼일", "5일간", "1월", "즉시처리",
     "7일 이내", "2주 3일", "1개월1일"],
)
def test_parse_period_rejects_unknown_text_in_korean(text: str) -> None:
    with pytest.raises(ValueError, match="처리기간"):
        parse_period(text)


def test_parse_period_passes_a_period_through() -> None:
    period = Period("days", 7, "7일")
    assert parse_period(period) is period


def test_due_at_rejects_an_unknown_period() -> None:
    with pytest.raises(ValueError, match="처리기간"):
        due_at(at(2026, 3, 9, 10), "사흘")


@pytest.mark.parametrize(
    ("text", "unit"),
    [("즉시", "working_hours"), ("3시간", "working_hours"), ("5일", "working_hours"), ("6일", "working_days"),
     ("30일", "working_days"), ("2주", "calendar"), ("1개월", "calendar"), ("1년", "calendar")],
)
def test_counting_unit_follows_the_five_day_line(text: str, unit: str) -> None:
    assert counting_unit(text, on=date(2026, 3, 9)) == unit


# --- data ----------------------------------------------------------------------------------------

def test_office_hours_come_from_the_data_file() -> None:
    hours = working_hours(on=date(2026, 3, 9))
    assert hours.blocks == ((time(9), time(12)), (time(13), time(18)))
    rules = deadline_rules(on=date(2026, 3, 9))
    assert (rules.hours_per_day, rules.immediate_hours, rules.max_days_in_hours, rules.status_notice_days) == (
        8, 3, 5, 30
    )
    assert rules.source and rules.valid_from


def test_working_hours_validate_their_blocks() -> None:
    with pytest.raises(ValueError):
        WorkingHours(())
    with pytest.raises(ValueError):
        WorkingHours(((time(12), time(9)),))
    with pytest.raises(ValueError):
        WorkingHours(((time(9), time(13)), (time(12), time(18))))


# --- hours counting (즉시, N시간, up to 5일) --------------------------------------------------------

@pytest.mark.parametrize(
    ("received", "period", "expected"),
    [
        # an ordinary Monday, 2026-03-09
        (at(2026, 3, 9, 9), "즉시", at(2026, 3, 9, 12)),
        (at(2026, 3, 9, 12, 30), "즉시", at(2026, 3, 9, 16)),  # lunch: the clock starts at 13:00
        (at(2026, 3, 9, 12), "즉시", at(2026, 3, 9, 16)),  # 12:00 sharp is lunch already
        (at(2026, 3, 9, 17, 59), "즉시", at(2026, 3, 10, 11, 59)),  # 1 minute today, 2:59 tomorrow
        (at(2026, 3, 9, 18), "즉시", at(2026, 3, 10, 12)),  # 18:00 sharp: next working hour
        (at(2026, 3, 9, 19), "즉시", at(2026, 3, 10, 12)),
        (at(2026, 3, 9, 8), "즉시", at(2026, 3, 9, 12)),  # before opening: from 09:00
        (at(2026, 3, 8, 14), "즉시", at(2026, 3, 9, 12)),  # Sunday: from Monday 09:00
        (at(2026, 3, 7, 10), "즉시", at(2026, 3, 9, 12)),  # Saturday
        (at(2026, 3, 9, 11), "3시간", at(2026, 3, 9, 15)),  # 11-12, then 13-15
        (at(2026, 3, 9, 10, 15, 30), "1시간", at(2026, 3, 9, 11, 15, 30)),  # seconds are kept
        (at(2026, 3, 9, 10), "1일", at(2026, 3, 10, 10)),  # 8 working hours
        (at(2026, 3, 9, 9), "4일", at(2026, 3, 12, 18)),
        (at(2026, 3, 9, 9), "5일", at(2026, 3, 13, 18)),  # exactly 40 hours: Friday 18:00
        (at(2026, 3, 9, 10), "5일", at(2026, 3, 16, 10)),  # over the weekend
        (at(2026, 3, 9, 9), "8시간", at(2026, 3, 9, 18)),
        # 설날 2026: Mon 02-16 .. Wed 02-18
        (at(2026, 2, 13, 10), "1일", at(2026, 2, 19, 10)),
        (at(2026, 2, 13, 17), "즉시", at(2026, 2, 19, 11)),
        (at(2026, 2, 16, 10), "즉시", at(2026, 2, 19, 12)),  # received on the holiday itself
        # 추석 2025: 10-03 개천절, 10-05..07, substitute 10-08, 10-09 한글날; Friday 10-10 is a working day
        (at(2025, 10, 2, 17), "즉시", at(2025, 10, 10, 11)),
        (at(2025, 10, 2, 9), "2일", at(2025, 10, 10, 18)),
        # 추석 2026: Thu 09-24 .. Sat 09-26 (no substitute for a Saturday); Monday 09-28 is a working day
        (at(2026, 9, 23, 16), "3일", at(2026, 9, 30, 16)),
        (at(2026, 9, 23, 17), "즉시", at(2026, 9, 28, 11)),
        # year end: 2025-12-31 (Wed) -> 2026-01-01 holiday -> Friday 01-02
        (at(2025, 12, 31, 17), "즉시", at(2026, 1, 2, 11)),
        (at(2025, 12, 31, 17, 59), "1일", at(2026, 1, 2, 17, 59)),
        # substitute holidays
        (at(2026, 2, 27, 17, 30), "3시간", at(2026, 3, 3, 11, 30)),  # 03-02 for 삼일절 on Sunday
        (at(2026, 5, 22, 14), "2일", at(2026, 5, 27, 14)),  # 05-25 for 부처님오신날 on Sunday
        (at(2026, 8, 14, 15), "1일", at(2026, 8, 18, 15)),  # 08-17 for 광복절 on Saturday
        (at(2026, 10, 2, 17), "즉시", at(2026, 10, 6, 11)),  # 10-05 for 개천절 on Saturday
        # election day 2026-06-03 (지방선거)
        (at(2026, 6, 2, 17), "즉시", at(2026, 6, 4, 11)),
    ],
)
def test_due_at_counts_working_hours(received: datetime, period: str, expected: datetime) -> None:
    assert due_at(received, period) == expected


def test_due_at_answers_in_seoul_time_for_any_input_zone() -> None:
    received_utc = datetime(2026, 3, 9, 3, 30, tzinfo=UTC)  # 12:30 in Seoul
    due = due_at(received_utc, "즉시")
    assert due == at(2026, 3, 9, 16)
    assert due.tzinfo is SEOUL
    assert due.utcoffset() == timedelta(hours=9)


@pytest.mark.parametrize("call", [
    lambda: due_at(datetime(2026, 3, 9, 10), "즉시"),
    lambda: due_at_with_pauses(at(2026, 3, 9, 10), "1일", [(datetime(2026, 3, 9, 11), None)], now=at(2026, 3, 9)),
    lambda: working_time_between(datetime(2026, 3, 9, 10), at(2026, 3, 9, 11)),
    lambda: time_left(at(2026, 3, 9, 10), datetime(2026, 3, 9, 11)),
    lambda: status_notice_dates(datetime(2026, 3, 9, 10), until=date(2026, 6, 1)),
    lambda: next_working_moment(datetime(2026, 3, 9, 10)),
])
def test_naive_datetimes_are_refused_in_korean(call: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match="시간대"):
        call()


# --- working-day counting (6일 and more) ---------------------------------------------------------

@pytest.mark.parametrize(
    ("received", "period", "expected"),
    [
        (at(2026, 3, 9, 10), "6일", at(2026, 3, 16, 18)),  # Mon..Fri = 1..5, next Monday = 6
        (at(2026, 3, 9, 17, 59), "7일", at(2026, 3, 17, 18)),  # 17:59 still makes Monday day 1
        (at(2026, 3, 9, 8), "7일", at(2026, 3, 17, 18)),  # before opening: still day 1
        (at(2026, 3, 9, 12, 30), "7일", at(2026, 3, 17, 18)),  # lunch: still day 1
        (at(2026, 3, 9, 18), "7일", at(2026, 3, 18, 18)),  # 18:00 sharp: Tuesday is day 1
        (at(2026, 3, 9, 19), "7일", at(2026, 3, 18, 18)),  # after hours: Tuesday is day 1
        (at(2026, 3, 8, 14), "7일", at(2026, 3, 17, 18)),  # Sunday: Monday is day 1
        (at(2026, 3, 9, 10), "7일", at(2026, 3, 17, 18)),
        # 설날 2026
        (at(2026, 2, 13, 10), "7일", at(2026, 2, 26, 18)),  # 13 | 19 20 23 24 25 26
        (at(2026, 2, 13, 19), "7일", at(2026, 2, 27, 18)),  # Friday evening: day 1 is Thursday 19th
        # 추석 2026 and the 10-05 substitute and 한글날
        (at(2026, 9, 21, 10), "10일", at(2026, 10, 7, 18)),
        (at(2026, 9, 21, 10), "14일", at(2026, 10, 14, 18)),
        # 추석 2025
        (at(2025, 10, 1, 10), "10일", at(2025, 10, 21, 18)),
        # across the year end
        (at(2025, 12, 31, 10), "30일", at(2026, 2, 11, 18)),
    ],
)
def test_due_at_counts_working_days_with_the_day_of_receipt(
    received: datetime, period: str, expected: datetime
) -> None:
    assert due_at(received, period) == expected


# --- calendar counting (주, 개월, 년; 민법 제159~161조) -------------------------------------------

@pytest.mark.parametrize(
    ("received", "period", "expected"),
    [
        (at(2026, 1, 15, 10), "1개월", at(2026, 2, 19, 18)),  # ends Sat 02-14 -> 설날 -> Thu 02-19
        (at(2026, 3, 3, 10), "1개월", at(2026, 4, 2, 18)),  # the day before the same-numbered day
        (at(2026, 3, 31, 10), "1개월", at(2026, 4, 30, 18)),  # April has no 31st: its last day
        (at(2025, 1, 31, 10), "1개월", at(2025, 2, 28, 18)),  # February has no 31st
        (at(2026, 1, 28, 10), "1개월", at(2026, 2, 27, 18)),
        (at(2026, 1, 29, 10), "1개월", at(2026, 3, 3, 18)),  # -> Sat 02-28 -> 03-02 substitute -> 03-03
        (at(2026, 1, 30, 10), "1개월", at(2026, 3, 3, 18)),
        (at(2026, 1, 31, 10), "1개월", at(2026, 3, 3, 18)),  # Saturday receipt: first day Mon 02-02
        (at(2026, 1, 2, 10), "1개월", at(2026, 2, 2, 18)),  # ends Sunday 02-01
        (at(2026, 12, 31, 10), "1개월", at(2027, 2, 1, 18)),  # ends Sat 2027-01-30
        (at(2027, 1, 29, 10), "1개월", at(2027, 3, 2, 18)),  # no 02-29 -> Sun 02-28 -> 삼일절 -> 03-02
        # leap year 2028
        (at(2028, 1, 31, 10), "1개월", at(2028, 2, 29, 18)),
        (at(2028, 1, 28, 10), "1개월", at(2028, 2, 29, 18)),  # 설날 receipt: first day Mon 01-31
        (at(2028, 2, 29, 10), "1개월", at(2028, 3, 28, 18)),
        (at(2028, 2, 29, 10), "1년", at(2029, 2, 28, 18)),  # 2029 has no 02-29
        (at(2026, 3, 9, 10), "1년", at(2027, 3, 8, 18)),
        (at(2026, 3, 9, 10), "3개월", at(2026, 6, 8, 18)),
        (at(2026, 6, 17, 10), "2개월", at(2026, 8, 18, 18)),  # ends Sun 08-16 -> 08-17 substitute
        (at(2026, 11, 30, 10), "3개월", at(2027, 3, 2, 18)),  # no 02-30: Sun 02-28 -> 삼일절 -> 03-02
        # weeks
        (at(2026, 1, 14, 10), "2주", at(2026, 1, 27, 18)),  # Wed -> Tue two weeks later
        (at(2026, 2, 13, 10), "1주", at(2026, 2, 19, 18)),
        (at(2026, 2, 9, 10), "1주", at(2026, 2, 19, 18)),  # ends Sun 02-15 -> 설날 -> Thu 02-19
        (at(2026, 3, 9, 19), "2주", at(2026, 3, 23, 18)),  # after hours: first day is Tuesday
    ],
)
def test_due_at_counts_weeks_months_years_by_the_civil_code(
    received: datetime, period: str, expected: datetime
) -> None:
    assert due_at(received, period) == expected


# --- closures and custom hours -------------------------------------------------------------------

def test_closures_are_skipped_like_holidays() -> None:
    closed_monday = {date(2026, 3, 9)}
    assert due_at(at(2026, 3, 6, 17), "즉시", closures=closed_monday) == at(2026, 3, 10, 11)
    assert due_at(at(2026, 3, 9, 10), "즉시", closures=closed_monday) == at(2026, 3, 10, 12)
    assert due_at(at(2026, 3, 9, 10), "7일", closures={date(2026, 3, 11)}) == at(2026, 3, 18, 18)
    assert due_at(at(2026, 3, 3, 10), "1개월", closures={date(2026, 4, 2)}) == at(2026, 4, 3, 18)


def test_a_closure_everywhere_is_refused_not_looped() -> None:
    every_day = {date(2026, 3, 9) + timedelta(days=i) for i in range(366 * 21)}
    with pytest.raises(ValueError, match="근무일"):
        due_at(at(2026, 3, 9, 10), "즉시", closures=every_day)


def test_custom_working_hours_keep_eight_hours_a_day() -> None:
    short = WorkingHours(((time(9), time(12)), (time(13), time(17))))  # 7 hours a day
    assert due_at(at(2026, 3, 9, 9), "1일", hours=short) == at(2026, 3, 10, 10)
    assert due_at(at(2026, 3, 9, 9), "7일", hours=short) == at(2026, 3, 17, 17)
    assert due_at(at(2026, 3, 9, 17, 30), "즉시", hours=short) == at(2026, 3, 10, 12)


# --- pauses (보완) --------------------------------------------------------------------------------

def test_no_pauses_is_the_plain_deadline() -> None:
    for period in ("즉시", "3일", "7일", "1개월"):
        assert due_at_with_pauses(at(2026, 3, 9, 10), period, []) == due_at(at(2026, 3, 9, 10), period)


def test_hour_counted_period_moves_by_the_working_time_paused() -> None:
    # 1일 from Mon 09:00; paused Mon 10:00 .. Tue 10:00 = 8 working hours
    due = due_at_with_pauses(at(2026, 3, 9, 9), "1일", [(at(2026, 3, 9, 10), at(2026, 3, 10, 10))])
    assert due == at(2026, 3, 10, 18)


def test_pause_outside_working_hours_changes_nothing() -> None:
    pauses = [(at(2026, 3, 9, 19), at(2026, 3, 10, 8))]
    assert due_at_with_pauses(at(2026, 3, 9, 10), "1일", pauses) == at(2026, 3, 10, 10)


def test_pause_after_the_deadline_changes_nothing() -> None:
    pauses = [(at(2026, 3, 11, 9), at(2026, 3, 13, 9))]
    assert due_at_with_pauses(at(2026, 3, 9, 10), "1일", pauses) == at(2026, 3, 10, 10)


def test_overlapping_pauses_count_once() -> None:
    one = [(at(2026, 3, 9, 10), at(2026, 3, 9, 15))]
    two = [(at(2026, 3, 9, 10), at(2026, 3, 9, 14)), (at(2026, 3, 9, 11), at(2026, 3, 9, 15))]
    assert due_at_with_pauses(at(2026, 3, 9, 9), "1일", two) == due_at_with_pauses(at(2026, 3, 9, 9), "1일", one)
    assert due_at_with_pauses(at(2026, 3, 9, 9), "1일", one) == at(2026, 3, 10, 14)  # 4h paused


# Periods counted in days: every day a pause touches is left out whole, the day the request was sent and
# the day the supplement arrived included (민원처리법 시행령 제20조 → 행정절차법 시행령 제11조 제1호).
# March 2026 has no holiday after 03-02; the working days are Monday to Friday.


def test_day_counted_period_leaves_out_the_request_and_arrival_days_whole() -> None:
    # 7일 from Mon 03-09 (day 1): due Tue 03-17 without a pause. Paused Tue 11:00 .. Fri 14:00: Tue,
    # Wed, Thu and Fri are left out, so the days counted are 9, 16, 17, 18, 19, 20, 23.
    pauses = [(at(2026, 3, 10, 11), at(2026, 3, 13, 14))]
    assert due_at(at(2026, 3, 9, 10), "7일") == at(2026, 3, 17, 18)
    assert due_at_with_pauses(at(2026, 3, 9, 10), "7일", pauses) == at(2026, 3, 23, 18)


def test_a_pause_within_one_day_leaves_out_that_day() -> None:
    # 7일 from Mon 03-09; paused Wed 10:00 .. 15:00: Wed is left out → 9, 10, 12, 13, 16, 17, 18.
    pauses = [(at(2026, 3, 11, 10), at(2026, 3, 11, 15))]
    assert due_at_with_pauses(at(2026, 3, 9, 10), "7일", pauses) == at(2026, 3, 18, 18)


def test_a_pause_over_the_weekend_leaves_out_friday_and_monday() -> None:
    # 10일 from Mon 03-09: due Fri 03-20. Paused Fri 03-13 17:00 .. Mon 03-16 09:30: 13 and 16 are left
    # out → 9, 10, 11, 12, 17, 18, 19, 20, 23, 24.
    pauses = [(at(2026, 3, 13, 17), at(2026, 3, 16, 9, 30))]
    assert due_at(at(2026, 3, 9, 10), "10일") == at(2026, 3, 20, 18)
    assert due_at_with_pauses(at(2026, 3, 9, 10), "10일", pauses) == at(2026, 3, 24, 18)


def test_request_and_arrival_outside_working_hours_still_leave_their_days_out() -> None:
    # Sent Tue 03-10 19:00, supplement in Wed 03-11 08:00: both days are left out (the rule is by day)
    # → 9, 12, 13, 16, 17, 18, 19. The same pause moves an hour-counted period not at all.
    pauses = [(at(2026, 3, 10, 19), at(2026, 3, 11, 8))]
    assert due_at_with_pauses(at(2026, 3, 9, 10), "7일", pauses) == at(2026, 3, 19, 18)
    assert due_at_with_pauses(at(2026, 3, 9, 10), "5일", pauses) == due_at(at(2026, 3, 9, 10), "5일")


def test_day_one_paused_does_not_count() -> None:
    # Paused Mon 03-09 10:00 .. Tue 03-10 09:00: both days left out → 11, 12, 13, 16, 17, 18, 19.
    pauses = [(at(2026, 3, 9, 10), at(2026, 3, 10, 9))]
    assert due_at_with_pauses(at(2026, 3, 9, 10), "7일", pauses) == at(2026, 3, 19, 18)


def test_week_period_leaves_paused_days_out() -> None:
    # 2주 from Mon 03-09 (day 1) ends Sun 03-22 → Mon 03-23 (민법 제161조): 11 working days. Paused
    # Thu 03-12 16:00 .. Thu 03-12 17:00 leaves out Thursday → one working day later, Tue 03-24.
    assert due_at(at(2026, 3, 9, 10), "2주") == at(2026, 3, 23, 18)
    pauses = [(at(2026, 3, 12, 16), at(2026, 3, 12, 17))]
    assert due_at_with_pauses(at(2026, 3, 9, 10), "2주", pauses) == at(2026, 3, 24, 18)


def test_month_period_moves_by_paused_working_days() -> None:
    # 1개월 from Tue 03-03 ends Thu 04-02; Wed 03-11 .. Fri 03-13 wholly paused -> 3 working days later
    pauses = [(at(2026, 3, 11, 9), at(2026, 3, 13, 18))]
    assert due_at_with_pauses(at(2026, 3, 3, 10), "1개월", pauses) == at(2026, 4, 7, 18)


def test_open_pause_runs_to_now() -> None:
    # 2일 from Mon 09:00: Monday gives 8 hours, paused Tue 09:00 until now = Thu 09:00, then Thursday.
    pauses = [(at(2026, 3, 10, 9), None)]
    assert due_at_with_pauses(at(2026, 3, 9, 9), "2일", pauses, now=at(2026, 3, 12, 9)) == at(2026, 3, 12, 18)
    with pytest.raises(ValueError, match="현재 시각"):
        due_at_with_pauses(at(2026, 3, 9, 9), "2일", pauses)


@pytest.mark.parametrize(
    ("pauses", "message"),
    [
        ([(at(2026, 3, 9, 8), at(2026, 3, 9, 12))], "접수 시각보다 앞섭니다"),
        ([(at(2026, 3, 9, 12), at(2026, 3, 9, 11))], "보완 요청 시각보다 앞섭니다"),
        ([(datetime(2026, 3, 9, 12), at(2026, 3, 9, 13))], "시간대"),
        ([(at(2026, 3, 9, 12), datetime(2026, 3, 9, 13))], "시간대"),
    ],
)
def test_bad_pauses_are_refused(pauses: list[tuple[datetime, datetime]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        due_at_with_pauses(at(2026, 3, 9, 10), "1일", pauses)


# --- working time and time left ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (at(2026, 3, 9, 8), at(2026, 3, 9, 20), 8),
        (at(2026, 3, 9, 11, 30), at(2026, 3, 9, 13, 30), 1),
        (at(2026, 3, 6, 17), at(2026, 3, 9, 10), 2),  # over a weekend
        (at(2026, 2, 13, 17), at(2026, 2, 19, 10), 2),  # over 설날
        (at(2026, 3, 9, 10), at(2026, 3, 9, 10), 0),
        (at(2026, 3, 9, 19), at(2026, 3, 10, 8), 0),
    ],
)
def test_working_time_between(start: datetime, end: datetime, hours: float) -> None:
    assert working_time_between(start, end) == timedelta(hours=hours)
    assert working_time_between(end, start) == -timedelta(hours=hours)


@pytest.mark.parametrize(
    ("due", "now", "label", "overdue", "parts"),
    [
        (at(2026, 3, 10, 18), at(2026, 3, 9, 10), "1일 7시간 남음", False, (1, 7, 0)),
        (at(2026, 3, 11, 18), at(2026, 3, 9, 9), "3일 남음", False, (3, 0, 0)),
        (at(2026, 3, 9, 16, 30), at(2026, 3, 9, 13), "3시간 30분 남음", False, (0, 3, 30)),
        (at(2026, 3, 9, 16), at(2026, 3, 9, 15, 15), "45분 남음", False, (0, 0, 45)),
        (at(2026, 3, 9, 16), at(2026, 3, 9, 16), "0분 남음", False, (0, 0, 0)),
        (at(2026, 3, 9, 18), at(2026, 3, 11, 9), "1일 초과", True, (1, 0, 0)),
        (at(2026, 3, 9, 18), at(2026, 3, 10, 12, 30), "3시간 초과", True, (0, 3, 0)),
        (at(2026, 3, 9, 18), at(2026, 3, 9, 19), "기한 경과", True, (0, 0, 0)),  # no working time yet
        (at(2026, 2, 13, 18), at(2026, 2, 20, 10), "1일 1시간 초과", True, (1, 1, 0)),  # 설날 does not count
    ],
)
def test_time_left(due: datetime, now: datetime, label: str, overdue: bool, parts: tuple[int, int, int]) -> None:
    left = time_left(due, now)
    assert left.label == label
    assert left.overdue is overdue
    assert (left.days, left.hours, left.minutes) == parts
    assert left.working_hours == pytest.approx(parts[0] * 8 + parts[1] + parts[2] / 60)


# --- status notices ------------------------------------------------------------------------------

def test_status_notices_every_thirty_days_on_working_days() -> None:
    dates = status_notice_dates(at(2026, 1, 5, 10), until=date(2026, 4, 30))
    assert dates == [date(2026, 2, 4), date(2026, 3, 6), date(2026, 4, 6)]  # 04-05 is a Sunday


def test_status_notices_until_is_inclusive_and_may_be_a_datetime() -> None:
    assert status_notice_dates(at(2026, 1, 5, 10), until=date(2026, 2, 3)) == []
    assert status_notice_dates(at(2026, 1, 5, 10), until=date(2026, 2, 4)) == [date(2026, 2, 4)]
    assert status_notice_dates(at(2026, 1, 5, 10), until=at(2026, 3, 6, 9)) == [date(2026, 2, 4), date(2026, 3, 6)]


def test_status_notice_on_a_holiday_moves_to_the_next_working_day() -> None:
    # received Sat 2026-01-17: +30 days = Mon 02-16 (설날 연휴) -> Thu 02-19; +60 = Wed 03-18
    assert status_notice_dates(at(2026, 1, 17, 10), until=date(2026, 3, 31)) == [date(2026, 2, 19), date(2026, 3, 18)]
    assert status_notice_dates(at(2026, 1, 5, 10), until=date(2026, 2, 28), closures={date(2026, 2, 4)}) == [
        date(2026, 2, 5)
    ]


# --- night window --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (at(2026, 3, 9, 18, 30), True),  # Monday
        (at(2026, 3, 12, 19, 59), True),  # Thursday
        (at(2026, 3, 9, 20), False),
        (at(2026, 3, 9, 17, 59), False),
        (at(2026, 3, 10, 18, 30), False),  # Tuesday
        (at(2026, 3, 2, 18, 30), False),  # Monday, but a substitute holiday
    ],
)
def test_night_window(moment: datetime, open_: bool) -> None:
    assert is_night_window(moment) is open_


def test_night_window_comes_from_the_data_file() -> None:
    window = night_window(on=date(2026, 3, 9))
    assert window.weekdays == frozenset({0, 3})
    assert (window.start, window.end) == (time(18), time(20))
    assert window.source and window.verified


# --- properties ----------------------------------------------------------------------------------

_moments = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(SEOUL)
).map(lambda d: d.replace(second=0, microsecond=0))

_periods = st.one_of(
    st.just("즉시"),
    st.integers(1, 48).map(lambda n: f"{n}시간"),
    st.integers(1, 40).map(lambda n: f"{n}일"),
    st.integers(1, 8).map(lambda n: f"{n}주"),
    st.integers(1, 14).map(lambda n: f"{n}개월"),
    st.integers(1, 3).map(lambda n: f"{n}년"),
)


@settings(deadline=None, max_examples=300)
@given(received=_moments, period=_periods)
def test_due_is_a_working_moment_after_receipt(received: datetime, period: str) -> None:
    due = due_at(received, period)
    assert due > received
    assert due.tzinfo is SEOUL
    assert is_working_moment(due)


@settings(deadline=None, max_examples=200)
@given(received=_moments, hours=st.integers(1, 40))
def test_hour_counting_spends_exactly_the_period_in_working_hours(received: datetime, hours: int) -> None:
    due = due_at(received, f"{hours}시간")
    assert working_time_between(received, due) == timedelta(hours=hours)


@settings(deadline=None, max_examples=200)
@given(received=_moments, days=st.integers(6, 40))
def test_day_counting_spends_exactly_n_working_days(received: datetime, days: int) -> None:
    due = due_at(received, f"{days}일")
    first = next_working_moment(received).date()
    assert due.time() == time(18)
    counted = sum(
        1 for i in range((due.date() - first).days + 1) if is_working_day(first + timedelta(days=i))
    )
    assert counted == days


@settings(deadline=None, max_examples=200)
@given(first=_moments, second=_moments, period=_periods)
def test_later_receipt_never_gives_an_earlier_deadline(first: datetime, second: datetime, period: str) -> None:
    early, late = sorted((first, second))
    assert due_at(early, period) <= due_at(late, period)


@settings(deadline=None, max_examples=200)
@given(
    received=_moments,
    period=_periods,
    offset=st.integers(0, 60 * 24 * 20),
    length=st.integers(1, 60 * 24 * 10),
)
def test_a_pause_never_brings_the_deadline_forward(received: datetime, period: str, offset: int, length: int) -> None:
    start = received + timedelta(minutes=offset)
    pause = (start, start + timedelta(minutes=length))
    assert due_at_with_pauses(received, period, [pause]) >= due_at(received, period)


@settings(deadline=None, max_examples=200)
@given(
    received=_moments,
    hours=st.integers(1, 40),
    offset=st.integers(0, 60 * 24 * 5),
    length=st.integers(1, 60 * 24 * 5),
)
def test_hour_pause_moves_the_deadline_by_the_working_time_paused(
    received: datetime, hours: int, offset: int, length: int
) -> None:
    start = received + timedelta(minutes=offset)
    end = start + timedelta(minutes=length)
    due = due_at_with_pauses(received, f"{hours}시간", [(start, end)])
    paused = working_time_between(max(start, received), min(end, due)) if start < due else timedelta()
    assert working_time_between(received, due) - paused == timedelta(hours=hours)


@settings(deadline=None, max_examples=200)
@given(a=_moments, b=_moments, c=_moments)
def test_working_time_is_additive(a: datetime, b: datetime, c: datetime) -> None:
    a, b, c = sorted((a, b, c))
    assert working_time_between(a, b) + working_time_between(b, c) == working_time_between(a, c)


@settings(deadline=None, max_examples=100)
@given(period=_periods)
def test_parse_period_round_trips(period: str) -> None:
    parsed = parse_period(period)
    assert parse_period(str(parsed)) == parsed
