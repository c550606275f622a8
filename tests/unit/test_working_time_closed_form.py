"""The closed-form working time (``app.domain.working_time``) against the walk it replaced, on random cases.

``walked`` is ``app.domain.deadlines.working_time_between`` as it was before issue 17 (the working intervals
from the start, one day at a time, summed up to the end), kept here as the reference.
"""

from __future__ import annotations

import random
from collections.abc import Collection
from datetime import date, datetime, time, timedelta

import pytest

from app.domain.calendar import SEOUL, is_working_day
from app.domain.deadlines import WorkingHours, time_left, working_hours, working_time_between
from app.domain.working_time import weekdays_between, working_days_between
from app.domain.working_time import working_time_between as closed_form


def walked(start: datetime, end: datetime, closures: Collection[date], hours: WorkingHours) -> timedelta:
    if end < start:
        return -walked(end, start, closures, hours)
    start = start.astimezone(SEOUL)
    total = timedelta()
    day = start.date()
    for _ in range(366 * 30):
        if is_working_day(day, closures):
            for block_start, block_end in hours.intervals_on(day):
                if block_end > start:
                    s = max(block_start, start)
                    if s >= end:
                        return total
                    total += min(block_end, end) - s
        day += timedelta(days=1)
    raise AssertionError("walked too far")


def _moment(rng: random.Random, base: date, span_days: int) -> datetime:
    day = base + timedelta(days=rng.randrange(span_days))
    # Often on a block edge or outside the blocks: those are where an off-by-one would show.
    minute = rng.choice([0, 9 * 60, 12 * 60, 13 * 60, 18 * 60, 17 * 60 + 59, rng.randrange(24 * 60)])
    return datetime.combine(day, time(0), tzinfo=SEOUL) + timedelta(minutes=minute, seconds=rng.choice([0, 0, 17]))


HOURS = [
    working_hours(on=date(2026, 1, 5)),
    WorkingHours(((time(9, 0), time(12, 0)), (time(13, 0), time(18, 0)))),
    WorkingHours(((time(8, 30), time(12, 30)), (time(13, 30), time(17, 30)), (time(18, 0), time(20, 0)))),
]


@pytest.mark.parametrize("seed", range(8))
def test_closed_form_equals_the_walk_on_random_cases(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(120):
        base = date(2010, 1, 1) + timedelta(days=rng.randrange(365 * 16))
        span = rng.choice([1, 3, 10, 60, 400, 365 * 11])
        a, b = _moment(rng, base, span), _moment(rng, base, span)
        start, end = min(a, b), max(a, b)
        closures = frozenset(base + timedelta(days=rng.randrange(span)) for _ in range(rng.choice([0, 0, 1, 5])))
        hours = rng.choice(HOURS)
        expected = walked(start, end, closures, hours)
        assert closed_form(start, end, closures=closures, hours=hours) == expected, (start, end, sorted(closures))
        assert working_time_between(start, end, closures=closures, hours=hours) == expected
        assert working_time_between(end, start, closures=closures, hours=hours) == -expected


def test_time_left_ten_years_overdue_matches_the_walk() -> None:
    due = datetime(2016, 12, 5, 18, 0, tzinfo=SEOUL)
    now = datetime(2026, 12, 2, 10, 30, tzinfo=SEOUL)
    hours = working_hours(on=due.date())
    left = time_left(due, now)
    assert left.overdue
    assert left.working_time == walked(due, now, (), hours)
    # about 2,470 working days of 8 hours: the label counts them, it is not capped
    assert 2400 < left.days < 2550 and left.label.endswith("초과")


def test_working_days_count_holidays_and_closures_once() -> None:
    # 2026-09-24..2026-09-28: Chuseok (Thu 24, Fri 25, Sat 26) and Monday 28 a working day
    assert weekdays_between(date(2026, 9, 21), date(2026, 9, 27)) == 5
    assert working_days_between(date(2026, 9, 21), date(2026, 9, 27)) == sum(
        is_working_day(date(2026, 9, 21) + timedelta(days=i)) for i in range(7)
    )
    closures = {date(2026, 9, 22), date(2026, 9, 24), date(2026, 9, 26)}  # a weekday, a holiday, a Saturday
    with_closures = working_days_between(date(2026, 9, 21), date(2026, 9, 27), closures)
    assert with_closures == working_days_between(date(2026, 9, 21), date(2026, 9, 27)) - 1
    assert working_days_between(date(2026, 9, 27), date(2026, 9, 21)) == 0
