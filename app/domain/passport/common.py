"""The floor of the passport rules: the rule error, Seoul dates and the checks on data-file entries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from app.domain.calendar import SEOUL
from app.domain.effective import pick_in_force
from app.domain.josa import particle
from app.domain.messages import N_, Refusal
from app.domain.periods import period_end
from app.resources import DataFileError


class PassportRuleError(Refusal):
    """A passport request that the rules do not allow, or bad input; the message is Korean."""


def aware_seoul(moment: datetime, what: str) -> datetime:
    """``moment`` in Seoul time; a naive datetime is refused (``what`` names it in the message)."""
    if not isinstance(moment, datetime):
        raise PassportRuleError(N_("{what:은/는} 날짜와 시각(datetime)이어야 합니다."), what=what)
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise PassportRuleError(
            N_("{what}에 시간대 정보가 없습니다. 서울 시각(Asia/Seoul) 등 시간대가 있는 시각으로 입력하세요."),
            what=what,
        )
    return moment.astimezone(SEOUL)


def seoul_day(value: date | datetime, what: str) -> date:
    """A plain date as is; an aware datetime at its date in Seoul; a naive datetime is refused."""
    if isinstance(value, datetime):
        return aware_seoul(value, what).date()
    if isinstance(value, date):
        return value
    raise PassportRuleError(N_("{what:은/는} 날짜여야 합니다."), what=what)


def check_age(age: Any) -> int:
    """A full-years age (만 나이) as given, or a rule error."""
    if isinstance(age, bool) or not isinstance(age, int):
        raise PassportRuleError(N_("나이는 만 나이(정수)로 입력하세요."))
    if age < 0:
        raise PassportRuleError(N_("나이는 0세 이상이어야 합니다 (입력: {age}세)."), age=age)
    return age


def pick_entry(candidates: Sequence[Mapping[str, Any]], day: date, what: str) -> Mapping[str, Any]:
    """The entry in force on ``day``; a gap in the data file is a rule error (Korean)."""
    try:
        return pick_in_force(candidates, day, what=what)
    except LookupError as exc:
        raise PassportRuleError(str(exc)) from None


def entries(data: Mapping[str, Any], key: str, name: str) -> list[Mapping[str, Any]]:
    """The ``[[key]]`` entries of data file ``name``; none at all is a broken file."""
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise DataFileError(f"자료 파일 {name}.toml에 [[{key}]] 항목이 없습니다.")
    return value


def int_field(entry: Mapping[str, Any], key: str, where: str, *, optional: bool = False) -> int | None:
    value = entry.get(key)
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise DataFileError(f"{where}: '{key}'{particle(key, '은/는')} 정수여야 합니다 (값: {value!r}).")
    return value


def str_field(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DataFileError(f"{where}: '{key}' 문구가 없습니다.")
    return value


def months_after(day: date, months: int, *, roll_to_working_day: bool = True) -> date:
    """Last day of a period of ``months`` months from ``day`` (발급일부터, 접수일부터 …): ``day`` itself not
    counted (민법 제157조 본문), by the calendar (제160조: issued 30 April → 기산일 1 May → ends 31 October
    for 6 months), a last day on a Saturday or holiday moved to the next working day (제161조: the
    applicant can only come to the counter on a working day). :func:`app.domain.periods.period_end`."""
    return period_end(day, months, "month", first_day_counts=False, roll_to_working_day=roll_to_working_day)
