"""Ages and month arithmetic of the benefit rules (만 나이, 개월 수, the month a payment is for)."""

from __future__ import annotations

import calendar as stdcal
from datetime import date

from app.domain.messages import Text
from app.domain.periods import month_end as periods_month_end
from app.domain.periods import period_end


def _require_not_before(born: date, on: date) -> None:
    if on < born:
        raise ValueError(f"기준일({on.isoformat()})이 출생일({born.isoformat()})보다 앞섭니다.")


def age_in_months(born: date, on: date) -> int:
    """Full months (만 개월 수) on ``on``; see the module docstring for the month boundary."""
    _require_not_before(born, on)
    months = (on.year - born.year) * 12 + (on.month - born.month)
    if on.day < born.day:
        months -= 1
    return months


def months_since_birth_month(born: date, on: date) -> int:
    """The calendar month of ``on`` counted from the birth month as 0 (the month a payment is for)."""
    _require_not_before(born, on)
    return (on.year - born.year) * 12 + (on.month - born.month)


def date_of_age_months(born: date, months: int) -> date:
    """The first day on which the child is ``months`` full months old."""
    if months < 0:
        raise ValueError("개월 수는 0 이상이어야 합니다.")
    years, month_index = divmod(born.month - 1 + months, 12)
    year, month = born.year + years, month_index + 1
    if born.day <= stdcal.monthrange(year, month)[1]:
        return date(year, month, born.day)
    # The same-numbered day does not exist in that month: the month is complete at its end.
    return date(year + month // 12, month % 12 + 1, 1)


def date_of_age_years(born: date, years: int) -> date:
    """The birthday on which the person reaches ``years`` (만 나이); 29 February counts on 1 March."""
    return date_of_age_months(born, 12 * years)


def _month_start(born: date, index: int) -> date:
    years, month_index = divmod(born.month - 1 + index, 12)
    return date(born.year + years, month_index + 1, 1)


def month_label(born: date, index: int) -> str:
    start = _month_start(born, index)
    return Text("{year}년 {month}월분", year=start.year, month=start.month)


def add_months_civil(anchor: date, months: int, *, first_day_counts: bool = False) -> date:
    """End of a period of ``months`` months from ``anchor`` (민법 제157·160조, no 제161조 move).

    By default ``anchor`` itself is not counted (민법 제157조 본문): 안심상속 "사망일이 속한 달의 말일부터
    1년" from 28 February 2027 begins on 1 March and ends on 29 February 2028. ``first_day_counts``
    for a benefit whose statute counts the first day. The arithmetic is :func:`app.domain.periods.period_end`.
    """
    return period_end(anchor, months, "month", first_day_counts=first_day_counts, roll_to_working_day=False)


def month_end(day: date) -> date:
    return periods_month_end(day)
