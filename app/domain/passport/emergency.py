"""Emergency passports (긴급여권): eligibility before payment, the destination notice and the 3-hour target."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from app.domain.deadlines import add_working_time
from app.domain.messages import N_
from app.domain.passport.common import (
    PassportRuleError,
    aware_seoul,
    entries,
    int_field,
    pick_entry,
    seoul_day,
    str_field,
)
from app.domain.periods import within_period
from app.resources import DataFileError, load_data

_DOCUMENTS = "passport_documents"


@dataclass(frozen=True, slots=True)
class Eligibility:
    """Whether an emergency passport (긴급여권) may be taken; ``reasons`` say why not (Korean)."""

    eligible: bool
    reasons: tuple[str, ...]
    warning: str  # what the clerk must tell the applicant about the destination country
    losses: tuple[tuple[int, int], ...]  # (years, losses counted within them)
    rule: str
    verified: bool


@dataclass(frozen=True, slots=True)
class _EmergencyRule:
    name: str
    processing_hours: float
    destination_warning: str
    habitual_loss: tuple[tuple[int, int], ...]  # (years, count), shortest window first
    verified: bool


@lru_cache(maxsize=1)
def _emergency_data() -> tuple[list[Mapping[str, Any]], dict[int, _EmergencyRule]]:
    data = load_data(_DOCUMENTS)
    raws = entries(data, "emergency_rules", _DOCUMENTS)
    parsed: dict[int, _EmergencyRule] = {}
    for raw in raws:
        where = f"{_DOCUMENTS}.toml [[emergency_rules]]"
        hours = raw.get("processing_hours")
        if isinstance(hours, bool) or not isinstance(hours, int | float) or hours <= 0:
            raise DataFileError(f"{where}: processing_hours는 0보다 큰 수여야 합니다.")
        windows = raw.get("habitual_loss")
        if not isinstance(windows, list) or not windows:
            raise DataFileError(f"{where}: 상습 분실 기준(habitual_loss)이 없습니다.")
        pairs = []
        for w in windows:
            years = int_field(w, "years", where)
            count = int_field(w, "count", where)
            assert years is not None and count is not None
            if years <= 0 or count <= 0:
                raise DataFileError(f"{where}: 상습 분실 기준의 years·count는 1 이상이어야 합니다.")
            pairs.append((years, count))
        parsed[id(raw)] = _EmergencyRule(
            name=str_field(raw, "name", where),
            processing_hours=float(hours),
            destination_warning=str_field(raw, "destination_warning", where),
            habitual_loss=tuple(sorted(pairs)),
            verified=bool(raw.get("verified", False)),
        )
    return raws, parsed


def _emergency_rule_on(day: date) -> _EmergencyRule:
    raws, parsed = _emergency_data()
    return parsed[id(pick_entry(raws, day, "긴급여권 기준"))]


def _within(years: int, loss: date, day: date) -> bool:
    """A loss on ``loss`` lies within ``years`` years of ``day``: ``day`` falls in the period of ``years``
    years from the loss (민법 제157조 본문: the loss day not counted; 제160조: a loss on 2025-03-10 is within
    a year up to 2026-03-10; on 29 February up to 28 February)."""
    return within_period(loss, years, "year", day, first_day_counts=False)


def emergency_eligibility(
    *,
    identity_verified: bool,
    reason: str,
    loss_dates: Iterable[date],
    on: date,
    declared_losses_1y: int | None = None,
    declared_losses_5y: int | None = None,
) -> Eligibility:
    """Check an emergency-passport request before payment.

    Refused when identity is not verified, no reason is stated, or the applicant is a habitual loser:
    a loss counts in an N-year window when it happened on or after the same date N years before ``on``
    (a loss exactly one year before counts). ``loss_dates`` are all recorded loss reports (분실 신고),
    including one made today; the declared counts are the applicant's answers, and for each window the
    higher of recorded and declared is used (a loss declared within 1 year also lies within 5 years).
    """
    day = seoul_day(on, "기준일")
    rule = _emergency_rule_on(day)
    dates = [seoul_day(d, "분실일") for d in loss_dates]
    future = [d for d in dates if d > day]
    if future:
        raise PassportRuleError(
            N_("분실일({lost_on})이 신청일({day})보다 뒤입니다."), lost_on=future[0].isoformat(), day=day.isoformat()
        )
    declared: dict[int, int] = {}
    for years, value in ((1, declared_losses_1y), (5, declared_losses_5y)):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise PassportRuleError(N_("신청인이 답한 분실 횟수는 0 이상의 정수여야 합니다."))
        declared[years] = value

    reasons: list[str] = []
    if not identity_verified:
        reasons.append("본인 여부를 확인할 수 없어 긴급여권을 발급할 수 없습니다.")
    if not isinstance(reason, str) or not reason.strip():
        reasons.append("긴급여권은 긴급한 발급 사유가 있어야 합니다. 사유를 적으세요.")

    counted: list[tuple[int, int]] = []
    for years, threshold in rule.habitual_loss:
        recorded = sum(1 for d in dates if _within(years, d, day))
        answered = max((n for y, n in declared.items() if y <= years), default=0)
        count = max(recorded, answered)
        counted.append((years, count))
        if count >= threshold:
            reasons.append(
                f"상습 분실자에 해당합니다: 최근 {years}년 이내 여권 분실 {count}회 "
                f"(기준: {years}년 이내 {threshold}회 이상). 긴급여권을 발급할 수 없습니다."
            )
    return Eligibility(
        eligible=not reasons,
        reasons=tuple(reasons),
        warning=rule.destination_warning,
        losses=tuple(counted),
        rule=rule.name,
        verified=rule.verified,
    )


def emergency_warning(on: date | datetime) -> str:
    """The notice about the destination country that the clerk must give (from the data file)."""
    return _emergency_rule_on(seoul_day(on, "기준일")).destination_warning


@dataclass(frozen=True, slots=True)
class EmergencyTarget:
    """When an emergency passport is due, in working hours and as a clock time (for the board and intake)."""

    received_at: datetime
    due_at: datetime
    working_hours: float
    clock_label: str  # "마감 12-03(목) 10:00"
    next_day: bool  # due on a later day than received (after 15:00, at the night window, on a holiday)
    notice: str | None  # what to tell the applicant when it is not today


_WEEKDAYS_KO = "월화수목금토일"


def due_label(due: datetime) -> str:
    """``마감 12-03(목) 10:00``: the clock-time target as the board and the intake form show it."""
    local = aware_seoul(due, "마감 시각")
    return f"마감 {local:%m-%d}({_WEEKDAYS_KO[local.weekday()]}) {local:%H:%M}"


def emergency_due_at(received_at: datetime, *, closures: Collection[date] = ()) -> datetime:
    """The moment an emergency passport is due (Seoul time): the processing target (3 hours) in WORKING
    hours from receipt, like every 민원 period of 5 days or less (민원처리법 제19조①; the hours and the
    lunch break from office_hours.toml): received 11:00 → 15:00, 16:00 → 10:00 the next working day,
    at the night window (19:00) → 12:00 the next working day. ``closures`` are office closures."""
    seoul = aware_seoul(received_at, "접수 시각")
    rule = _emergency_rule_on(seoul.date())
    return add_working_time(seoul, timedelta(hours=rule.processing_hours), closures=closures)


def emergency_target(received_at: datetime, *, closures: Collection[date] = ()) -> EmergencyTarget:
    """:func:`emergency_due_at` with its clock-time label and, when the target is not the same day, the
    sentence to tell the applicant ("… 다음 근무일 10:00까지 처리합니다")."""
    seoul = aware_seoul(received_at, "접수 시각")
    rule = _emergency_rule_on(seoul.date())
    due = emergency_due_at(seoul, closures=closures)
    later = due.date() != seoul.date()
    hours_text = f"{rule.processing_hours:g}"
    notice = None
    if later:
        notice = (
            f"긴급여권 처리기한은 근무시간 {hours_text}시간입니다. 지금 접수하면 "
            f"{due.month}월 {due.day}일({_WEEKDAYS_KO[due.weekday()]}) {due:%H:%M}까지 처리합니다."
        )
    return EmergencyTarget(
        received_at=seoul,
        due_at=due,
        working_hours=rule.processing_hours,
        clock_label=due_label(due),
        next_day=later,
        notice=notice,
    )
