"""The one period calculator (app.domain.periods): 민법 제157조·제159조·제160조·제161조, computed by hand.

Every row names the article that decides it. Weekdays and holidays of 2026 were checked against the
calendar (2026-02-28 Saturday, 03-01 삼일절 Sunday, 03-02 its substitute; 05-01 노동절 Friday; 05-24
부처님오신날 Sunday, 05-25 its substitute; 06-03 지방선거 Wednesday; 07-17 제헌절 Friday; 08-15 광복절
Saturday, 08-17 its substitute; 10-03 개천절 Saturday, 10-05 its substitute; 10-31 Saturday).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from app.domain import periods
from app.domain.calendar import SEOUL, is_working_day
from app.domain.periods import (
    add_calendar_months,
    corresponding_day,
    first_counted_day,
    nominal_end,
    period_end,
    roll_forward,
    within_period,
)

D = date

# --- 1 month, first day NOT counted (제157조 본문), no 제161조 move ---------------------------------
# 기산일 = the next day; the period ends the day before the 기산일's corresponding day (제160조②), or
# the last month's last day where there is none (제160조③).
MONTH_NOT_COUNTED = [
    (D(2026, 1, 28), D(2026, 2, 28)),  # 기산일 1-29; no 2-29 in 2026 → last day (제160조③)
    (D(2028, 1, 28), D(2028, 2, 28)),  # 기산일 1-29; 2028-02-29 exists → the day before (제160조②)
    (D(2026, 1, 29), D(2026, 2, 28)),  # 기산일 1-30; no 2-30 → last day (제160조③)
    (D(2028, 1, 29), D(2028, 2, 29)),  # 기산일 1-30; no 2-30 → last day of a leap February (제160조③)
    (D(2026, 1, 30), D(2026, 2, 28)),  # 기산일 1-31; no 2-31 (제160조③)
    (D(2026, 1, 31), D(2026, 2, 28)),  # 기산일 2-1 → the day before 3-1 (제160조①②: whole month)
    (D(2028, 1, 31), D(2028, 2, 29)),  # 기산일 2-1 → the day before 3-1 in a leap year (제160조②)
    (D(2026, 2, 28), D(2026, 3, 31)),  # 기산일 3-1 → the day before 4-1 (제160조②)
    (D(2028, 2, 28), D(2028, 3, 28)),  # 기산일 2-29 → the day before 3-29 (제160조②)
    (D(2028, 2, 29), D(2028, 3, 31)),  # leap day; 기산일 3-1 → the day before 4-1 (제160조②)
    (D(2026, 3, 31), D(2026, 4, 30)),  # 기산일 4-1 → the day before 5-1 (제160조②)
    (D(2026, 4, 30), D(2026, 5, 31)),  # 기산일 5-1 → the day before 6-1 (제160조②)
    (D(2026, 5, 31), D(2026, 6, 30)),  # 기산일 6-1 → the day before 7-1 (제160조②)
    (D(2026, 6, 30), D(2026, 7, 31)),  # 기산일 7-1 → the day before 8-1 (제160조②)
    (D(2026, 7, 31), D(2026, 8, 31)),  # 기산일 8-1 → the day before 9-1 (제160조②)
    (D(2026, 8, 31), D(2026, 9, 30)),  # 기산일 9-1 → the day before 10-1 (제160조②)
    (D(2026, 9, 30), D(2026, 10, 31)),  # 기산일 10-1 → the day before 11-1 (제160조②)
    (D(2026, 10, 31), D(2026, 11, 30)),  # 기산일 11-1 → the day before 12-1 (제160조②)
    (D(2026, 11, 30), D(2026, 12, 31)),  # 기산일 12-1 → the day before 1-1 (제160조②)
    (D(2026, 12, 31), D(2027, 1, 31)),  # 기산일 1-1 → the day before 2-1, across the year (제160조②)
    (D(2026, 3, 1), D(2026, 4, 1)),  # 기산일 3-2 → the day before 4-2 (제160조②)
]


@pytest.mark.parametrize(("start", "end"), MONTH_NOT_COUNTED)
def test_one_month_first_day_not_counted(start: date, end: date) -> None:
    assert period_end(start, 1, "month", first_day_counts=False, roll_to_working_day=False) == end


# --- 1 month, first day counted (가족관계등록법 제37조①, 민원처리법 제19조) -----------------------
MONTH_COUNTED = [
    (D(2026, 1, 1), D(2026, 1, 31)),  # 기산일 1-1 → the day before 2-1 (제160조①②)
    (D(2026, 1, 28), D(2026, 2, 27)),  # the day before 2-28 (제160조②)
    (D(2028, 1, 28), D(2028, 2, 27)),  # the day before 2-28 (제160조②)
    (D(2026, 1, 29), D(2026, 2, 28)),  # no 2-29 in 2026 → last day (제160조③)
    (D(2028, 1, 29), D(2028, 2, 28)),  # 2028-02-29 exists → the day before (제160조②)
    (D(2026, 1, 30), D(2026, 2, 28)),  # no 2-30 → last day (제160조③)
    (D(2028, 1, 30), D(2028, 2, 29)),  # no 2-30 → last day of a leap February (제160조③)
    (D(2026, 1, 31), D(2026, 2, 28)),  # no 2-31 (제160조③)
    (D(2028, 1, 31), D(2028, 2, 29)),  # no 2-31 (제160조③)
    (D(2026, 2, 28), D(2026, 3, 27)),  # the day before 3-28 (제160조②)
    (D(2028, 2, 29), D(2028, 3, 28)),  # leap day: the day before 3-29 (제160조②)
    (D(2026, 3, 30), D(2026, 4, 29)),  # the day before 4-30 (제160조②)
    (D(2026, 3, 31), D(2026, 4, 30)),  # no 4-31 → last day (제160조③)
    (D(2026, 4, 30), D(2026, 5, 29)),  # the day before 5-30 (제160조②)
    (D(2026, 5, 31), D(2026, 6, 30)),  # no 6-31 (제160조③)
    (D(2026, 6, 30), D(2026, 7, 29)),  # the day before 7-30 (제160조②)
    (D(2026, 7, 31), D(2026, 8, 30)),  # the day before 8-31 (제160조②)
    (D(2026, 8, 31), D(2026, 9, 30)),  # no 9-31 (제160조③)
    (D(2026, 9, 30), D(2026, 10, 29)),  # the day before 10-30 (제160조②)
    (D(2026, 10, 1), D(2026, 10, 31)),  # the day before 11-1 (제160조②)
    (D(2026, 10, 31), D(2026, 11, 30)),  # no 11-31 (제160조③)
    (D(2026, 11, 30), D(2026, 12, 29)),  # the day before 12-30 (제160조②)
    (D(2026, 12, 31), D(2027, 1, 30)),  # the day before 1-31 (제160조②)
]


@pytest.mark.parametrize(("start", "end"), MONTH_COUNTED)
def test_one_month_first_day_counted(start: date, end: date) -> None:
    assert period_end(start, 1, "month", first_day_counts=True, roll_to_working_day=False) == end


# --- days, weeks, several months, years -------------------------------------------------------------
OTHER_UNITS = [
    # (start, amount, unit, first_day_counts, end)
    (D(2026, 1, 1), 10, "day", True, D(2026, 1, 10)),  # day 1 = 1-1 (first day counted)
    (D(2026, 1, 1), 10, "day", False, D(2026, 1, 11)),  # 제157조: day 1 = 1-2
    (D(2028, 2, 20), 10, "day", False, D(2028, 3, 1)),  # 2-21 … 2-29 are 9 days; the 10th is 3-1
    (D(2026, 2, 20), 10, "day", False, D(2026, 3, 2)),  # common year: 2-21 … 2-28 are 8 days
    (D(2026, 12, 25), 15, "day", False, D(2027, 1, 9)),  # 12-26 … 12-31 are 6 days, then 9 in January
    (D(2026, 4, 1), 2, "week", True, D(2026, 4, 14)),  # Wednesday → Tuesday two weeks on (제160조②)
    (D(2026, 4, 1), 2, "week", False, D(2026, 4, 15)),  # 기산일 Thursday 4-2 → Wednesday (제160조②)
    (D(2026, 8, 31), 6, "month", False, D(2027, 2, 28)),  # 기산일 9-1 → the day before 3-1 (제160조②)
    (D(2027, 8, 31), 6, "month", False, D(2028, 2, 29)),  # the day before 2028-03-01 (제160조②)
    (D(2026, 11, 30), 3, "month", True, D(2027, 2, 28)),  # no 2027-02-30 (제160조③)
    (D(2027, 11, 30), 3, "month", True, D(2028, 2, 29)),  # no 2028-02-30 (제160조③)
    (D(2026, 12, 31), 2, "month", False, D(2027, 2, 28)),  # 기산일 1-1 → the day before 3-1 (제160조②)
    (D(2024, 2, 29), 1, "year", False, D(2025, 2, 28)),  # 기산일 2024-03-01 → the day before 2025-03-01
    (D(2024, 2, 29), 1, "year", True, D(2025, 2, 28)),  # no 2025-02-29 → last day (제160조③)
    (D(2027, 2, 28), 1, "year", False, D(2028, 2, 29)),  # 기산일 2027-03-01 → the day before 2028-03-01
    (D(2027, 2, 28), 1, "year", True, D(2028, 2, 27)),  # the day before 2028-02-28 (제160조②)
    (D(2027, 3, 1), 1, "year", True, D(2028, 2, 29)),  # the day before 2028-03-01 (제160조②)
    (D(2028, 2, 29), 4, "year", True, D(2032, 2, 28)),  # 2032-02-29 exists → the day before (제160조②)
    (D(2028, 2, 29), 1, "year", True, D(2029, 2, 28)),  # no 2029-02-29 (제160조③)
]


@pytest.mark.parametrize(("start", "amount", "unit", "counts", "end"), OTHER_UNITS)
def test_days_weeks_months_years(start: date, amount: int, unit: periods.Unit, counts: bool, end: date) -> None:
    assert period_end(start, amount, unit, first_day_counts=counts, roll_to_working_day=False) == end


# --- 제161조: the last day on a Saturday, Sunday or public holiday ---------------------------------
ROLLS = [
    # (start, first_day_counts, nominal end, rolled end) for 1 month
    # 2026-02-28 Saturday → 3-1 삼일절 (Sunday) → 3-2 substitute holiday → Tuesday 3-3
    (D(2026, 1, 31), True, D(2026, 2, 28), D(2026, 3, 3)),
    # 2026-05-01 노동절 (Friday, a public holiday from 2026) → weekend → Monday 5-4
    (D(2026, 4, 2), True, D(2026, 5, 1), D(2026, 5, 4)),
    # 2026-05-23 Saturday → 5-24 부처님오신날 (Sunday) → 5-25 substitute → Tuesday 5-26
    (D(2026, 4, 24), True, D(2026, 5, 23), D(2026, 5, 26)),
    # 2026-06-03 지방선거일 (Wednesday) → Thursday 6-4
    (D(2026, 5, 4), True, D(2026, 6, 3), D(2026, 6, 4)),
    # 2026-07-17 제헌절 (Friday, a public holiday again from 2026) → Monday 7-20; 기산일 6-18 (제157조)
    (D(2026, 6, 17), False, D(2026, 7, 17), D(2026, 7, 20)),
    # 2026-08-15 광복절 (Saturday) → Sunday → 8-17 substitute → Tuesday 8-18
    (D(2026, 7, 16), True, D(2026, 8, 15), D(2026, 8, 18)),
    # 2026-10-03 개천절 (Saturday) → Sunday → 10-5 substitute → Tuesday 10-6
    (D(2026, 9, 4), True, D(2026, 10, 3), D(2026, 10, 6)),
    # 2026-10-31 Saturday → Monday 11-2
    (D(2026, 10, 1), True, D(2026, 10, 31), D(2026, 11, 2)),
    # 2028-02-29 is a Tuesday, a working day: no move
    (D(2028, 1, 30), True, D(2028, 2, 29), D(2028, 2, 29)),
]


@pytest.mark.parametrize(("start", "counts", "nominal", "rolled"), ROLLS)
def test_last_day_on_a_holiday_moves_to_the_next_working_day(
    start: date, counts: bool, nominal: date, rolled: date
) -> None:
    assert period_end(start, 1, "month", first_day_counts=counts, roll_to_working_day=False) == nominal
    assert period_end(start, 1, "month", first_day_counts=counts, roll_to_working_day=True) == rolled
    assert is_working_day(rolled)
    assert all(not is_working_day(nominal + timedelta(days=i)) for i in range((rolled - nominal).days))


def test_office_closures_count_like_holidays() -> None:
    # 2026-04-29 (Wednesday) closed by decree → Thursday 4-30 (제161조 applied to the closure)
    start = D(2026, 3, 30)
    assert period_end(start, 1, "month", first_day_counts=True, roll_to_working_day=True) == D(2026, 4, 29)
    rolled = period_end(start, 1, "month", first_day_counts=True, roll_to_working_day=True, closures={D(2026, 4, 29)})
    assert rolled == D(2026, 4, 30)


def test_a_custom_calendar_replaces_the_holiday_list() -> None:
    # A calendar where only Mondays are working days: Wednesday 2026-04-29 → Monday 5-4.
    def mondays(day: date) -> bool:
        return day.weekday() == 0

    assert roll_forward(D(2026, 4, 29), calendar=mondays) == D(2026, 5, 4)
    assert roll_forward(D(2026, 5, 4), calendar=mondays, closures={D(2026, 5, 4)}) == D(2026, 5, 11)


# --- helpers ---------------------------------------------------------------------------------------


def test_corresponding_day_and_month_shifts() -> None:
    assert corresponding_day(D(2026, 1, 31), 1) is None
    assert corresponding_day(D(2026, 1, 31), 2) == D(2026, 3, 31)
    assert corresponding_day(D(2028, 2, 29), 12) is None
    assert corresponding_day(D(2026, 12, 15), 1) == D(2027, 1, 15)
    assert add_calendar_months(D(2026, 3, 31), -1) == D(2026, 2, 28)
    assert add_calendar_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_calendar_months(D(2028, 2, 29), -12) == D(2027, 2, 28)
    assert first_counted_day(D(2026, 12, 31), first_day_counts=False) == D(2027, 1, 1)
    assert first_counted_day(D(2026, 12, 31), first_day_counts=True) == D(2026, 12, 31)
    assert periods.month_end(D(2028, 2, 3)) == D(2028, 2, 29)


def test_within_period_includes_both_ends() -> None:
    # A loss on 2025-03-10: "1년 이내" of it runs to 2026-03-10 (제157조 본문, 제160조②).
    assert within_period(D(2025, 3, 10), 1, "year", D(2026, 3, 10), first_day_counts=False)
    assert not within_period(D(2025, 3, 10), 1, "year", D(2026, 3, 11), first_day_counts=False)
    assert within_period(D(2025, 3, 10), 1, "year", D(2025, 3, 10), first_day_counts=False)
    assert not within_period(D(2025, 3, 10), 1, "year", D(2025, 3, 9), first_day_counts=False)


@pytest.mark.parametrize(
    ("amount", "unit", "message"),
    [
        (0, "month", "1 이상"),
        (-1, "day", "1 이상"),
        (True, "day", "정수"),
        (1.5, "day", "정수"),
        (1, "fortnight", "단위"),
    ],
)
def test_bad_lengths_are_refused_in_korean(amount: object, unit: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        nominal_end(D(2026, 1, 1), amount, unit, first_day_counts=True)  # type: ignore[arg-type]


# --- the four old calculators now agree: every day 2020-2028 ---------------------------------------


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


ALL_DAYS = _days(D(2020, 1, 1), D(2028, 12, 31))
MONTH_ENDS = [d for d in ALL_DAYS if (d + timedelta(days=1)).day == 1 or d.day in (28, 29, 30)]


def test_every_calculator_goes_through_periods() -> None:
    """The four calculators that disagreed on 191 days (all on a month's last day) give, for every day
    2020-2028, exactly what period_end gives with their statute's switches."""
    from app.domain.benefits.ages import add_months_civil
    from app.domain.deadlines import due_at
    from app.domain.family import filing_deadline
    from app.domain.passport.common import months_after
    from app.domain.passport.keeping import keeping_ends_on

    for day in ALL_DAYS:
        # 가족관계등록법 제37조①: the event day is day 1; 민법 제161조 applies.
        assert filing_deadline("birth", day) == period_end(
            day, 1, "month", first_day_counts=True, roll_to_working_day=True
        )
        # 안심상속 and other benefit deadlines "from" a day: 민법 제157조 본문, no move.
        assert add_months_civil(day, 12) == period_end(
            day, 1, "year", first_day_counts=False, roll_to_working_day=False
        )
        # 여권법 제13조①2: 발급된 날부터 6개월 (제157조 본문, 제161조).
        assert months_after(day, 6) == period_end(day, 6, "month", first_day_counts=False, roll_to_working_day=True)
        if day >= D(2021, 12, 21):  # the keeping rule of passport_rules.toml starts then
            assert keeping_ends_on(day) == months_after(day, 6)
    for day in MONTH_ENDS:
        if not is_working_day(day):
            continue
        # 민원처리법 제19조③: the day of receipt counts; 민법 제159~161조.
        received = datetime.combine(day, time(10, 0), tzinfo=SEOUL)
        expected = period_end(day, 1, "month", first_day_counts=True, roll_to_working_day=True)
        assert due_at(received, "1개월").date() == expected


def test_safe_inheritance_after_a_death_in_february_2027_is_due_on_2028_02_29() -> None:
    """The issue's example of the old disagreement: "사망일이 속한 달의 말일부터 1년" from 2027-02-28 begins
    on 2027-03-01 (민법 제157조 본문) and ends the day before 2028-03-01 = 2028-02-29 (제160조②); the
    benefit answer and the guidance sheet now say the same, and 2028-02-29 is still in time."""
    from app.domain.benefits import Household, LifeEvent, Person, match_benefits
    from app.domain.family_guidance import inheritance_deadline

    died = D(2027, 2, 10)
    household = Household(
        people=(Person("고인", D(1940, 1, 1), "부"),), event=LifeEvent("사망", died, person_name="고인")
    )
    (on_time,) = match_benefits(household, on=D(2028, 2, 29), codes=["safe_inheritance"])
    assert on_time.deadline == D(2028, 2, 29)
    assert on_time.verdict == "대상"
    (late,) = match_benefits(household, on=D(2028, 3, 1), codes=["safe_inheritance"])
    assert late.verdict == "비대상"
    assert inheritance_deadline(died, on=D(2027, 3, 1)) == D(2028, 2, 29)
