"""The workflow rules of time-limited petitions (유기한 민원 처리 규칙) as pure functions of plain values.

States and what each action may start from; the extension rules (민원 처리에 관한 법률 시행령 제21조: once, a
second time only with the applicant's consent, never a third; workload is no reason); the closing rules of
제25조 (unanswered supplements, documents not collected within 15 days of the expected completion
date); and the deadline of a petition from its stored facts
(receipt, period, pauses, extensions, office closures). The figures come from ``petitions.toml``
``[[workflow_rules]]``, the entry in force on the day that matters.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from app.domain.calendar import SEOUL, seoul_today
from app.domain.deadlines import (
    Pause,
    Period,
    TimeLeft,
    due_at,
    due_at_with_pauses,
    next_working_moment,
    parse_period,
)
from app.domain.effective import pick_in_force
from app.domain.messages import N_, Text
from app.domain.periods import period_end
from app.resources import DataFileError, load_data

STATUS_LABELS = {
    "received": N_("접수"),
    "processing": N_("처리중"),
    "supplement": N_("보완요청"),
    "decided": N_("처리완료"),
    "notified": N_("통지·교부"),
    "closed": N_("종결"),
}
OPEN_STATUSES = ("received", "processing", "supplement")
DECISIONS = (N_("인용"), N_("불가"))
NOTIFY_METHODS = (N_("통지"), N_("교부"))
EXTENSION_NOTICE_METHODS = (N_("서면"), N_("문자"), N_("전자우편"))
STATUS_NOTICE_METHODS = (N_("문자"), N_("서면"), N_("전화"))
CLOSE_REASONS = {
    "supplement_unanswered": N_("보완 요구 불응 (2회 이상 기간 내 미보완)"),
    "address_unknown": N_("민원인 주소 불명·우편 반송"),
    "not_collected": N_("교부할 문서 미수령"),
}
ACTION_LABELS = {
    "intake": N_("접수"),
    "start": N_("처리 시작"),
    "supplement": N_("보완 요청"),
    "resume": N_("보완 도착"),
    "extend": N_("처리기간 연장"),
    "transfer": N_("이송"),
    "decide": N_("처리완료"),
    "notify": N_("통지·교부"),
    "close": N_("종결"),
    "status_notice": N_("진행상황 통지"),
}
# The states each action may start from (a closing by reason: CLOSE_ALLOWED_FROM).
ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    "start": ("received",),
    "supplement": ("received", "processing"),
    "resume": ("supplement",),
    "extend": OPEN_STATUSES,
    "transfer": ("received", "processing"),
    "decide": ("received", "processing"),
    "notify": ("decided",),
}
CLOSE_ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    "supplement_unanswered": OPEN_STATUSES,
    "address_unknown": (*OPEN_STATUSES, "decided"),
    "not_collected": ("decided",),
}
# Workload is not a lawful reason for an extension (민원 처리에 관한 법률 시행령 제21조 해석); these words,
# spaces ignored, give it away.
WORKLOAD_WORDS = (
    "업무량",
    "업무과다",
    "업무과중",
    "업무폭주",
    "업무가많",
    "인력부족",
    "인원부족",
    "일이많",
    "바빠",
    "바쁨",
)
WORKLOAD_REFUSAL = N_("업무량(업무 과다·인력 부족)은 처리기간 연장 사유가 될 수 없습니다. 다른 사유를 적으세요.")
# A decision recorded this much earlier than the moment it is recorded counts as "earlier than now".
BACKDATE_TOLERANCE = timedelta(minutes=5)
# A decision time may run this far ahead of the clock (two PCs' clocks differ a little).
FUTURE_TOLERANCE = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class WorkflowRules:
    """The figures of the workflow in force on a day (종결 thresholds, extensions, the survey call delay)."""

    unanswered_supplements: int
    returned_mail: int
    not_collected_days: int
    survey_call_delay_minutes: int
    max_extensions: int
    valid_from: str
    source: str
    verified: bool


@lru_cache(maxsize=32)
def _rules_cached(on: date) -> WorkflowRules:
    entry = pick_in_force(load_data("petitions")["workflow_rules"], on, what="민원 처리 규칙")
    try:
        rules = WorkflowRules(
            unanswered_supplements=int(entry["unanswered_supplements"]),
            returned_mail=int(entry["returned_mail"]),
            not_collected_days=int(entry["not_collected_days"]),
            survey_call_delay_minutes=int(entry["survey_call_delay_minutes"]),
            max_extensions=int(entry["max_extensions"]),
            valid_from=str(entry["valid_from"]),
            source=str(entry["source"]),
            verified=bool(entry["verified"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DataFileError(f"petitions.toml의 민원 처리 규칙 표가 잘못되었습니다: {exc}") from exc
    if min(rules.unanswered_supplements, rules.returned_mail, rules.max_extensions) < 1:
        raise DataFileError("petitions.toml의 민원 처리 규칙: 횟수는 1 이상이어야 합니다.")
    return rules


def workflow_rules(on: date | None = None) -> WorkflowRules:
    """The workflow figures in force on ``on`` (default today), from petitions.toml."""
    return _rules_cached(on or seoul_today())


def allowed(action: str, status: str, *, close_reason: str | None = None) -> bool:
    """Whether ``action`` may be taken on a petition in ``status`` (a closing: for ``close_reason``)."""
    if action == "close":
        return status in CLOSE_ALLOWED_FROM.get(close_reason or "", ())
    return status in ALLOWED_FROM.get(action, ())


# What an action did, for the clerk whose own action came a moment too late (다른 창구에서 방금 …했습니다).
JUST_DONE = {
    "start": N_("처리를 시작했습니다"),
    "supplement": N_("보완을 요청했습니다"),
    "resume": N_("보완 도착을 기록했습니다"),
    "extend": N_("처리기간을 연장했습니다"),
    "transfer": N_("이송했습니다"),
    "decide": N_("처리완료를 기록했습니다"),
    "notify": N_("통지·교부를 기록했습니다"),
    "close": N_("종결했습니다"),
    "status_notice": N_("진행상황 통지를 기록했습니다"),
}
# How long ago another step still counts as "just now" when a refusal explains itself.
JUST_NOW = timedelta(minutes=10)


def is_just_now(at: datetime, moment: datetime) -> bool:
    """Whether a step taken ``at`` happened "just now" as seen at ``moment`` (clocks may differ a little)."""
    return moment - JUST_NOW <= at <= moment + FUTURE_TOLERANCE


def just_done_refusal(number: str, action: str, *, who: str, at: datetime, by_other: bool, reason: str) -> str:
    """The refusal of an action that another step taken a moment ago made impossible: it says what happened
    first, then why the action cannot follow."""
    done = JUST_DONE.get(action) or Text("{action:을/를} 했습니다", action=ACTION_LABELS.get(action, action))
    fields = {"number": number, "done": done, "by": f"{who}, " if who else "", "at": f"{at.astimezone(SEOUL):%H:%M}"}
    if by_other:
        return Text("{number}: 다른 창구에서 방금 {done} ({by}{at}). {reason}", reason=reason, **fields)
    return Text("{number}: 방금 {done} ({by}{at}). {reason}", reason=reason, **fields)


def refusal(number: str, status: str, action: str, hint: str = "") -> str:
    """The clerk's message for an action the state does not allow."""
    label = STATUS_LABELS.get(status, status)
    message = Text(
        "{number:은/는} '{status}' 상태라서 {action:을/를} 할 수 없습니다.",
        number=number,
        status=label,
        action=ACTION_LABELS[action],
    )
    return Text("{message} {hint}", message=message, hint=hint) if hint else message


# --- extensions (시행령 제21조) --------------------------------------------------------------------


def is_workload_reason(reason: str) -> bool:
    """True when an extension reason is the workload (업무량·인력 부족), which the law does not accept."""
    compact = "".join((reason or "").split())
    return any(word in compact for word in WORKLOAD_WORDS)


def extension_refusal(*, number: str, extension_count: int, consent: bool, rules: WorkflowRules) -> str | None:
    """Why one more extension is not allowed, or None: at most ``max_extensions`` (two), the second only with
    the applicant's consent, never a third even with consent."""
    most = rules.max_extensions
    if extension_count >= most:
        return Text(
            "{number:은/는} 이미 {count}번 연장했습니다. "
            "처리기간 연장은 {most}번까지만 할 수 있습니다 (두 번째는 민원인 동의를 받아 한 번 더).",
            number=number,
            count=extension_count,
            most=most,
        )
    if extension_count >= 1 and not consent:
        return Text(
            "{number:은/는} 이미 {count}번 연장했습니다. 다시 연장하려면 민원인의 동의를 받아 기록하세요.",
            number=number,
            count=extension_count,
        )
    return None


def extension_outlasts_period(
    reference: datetime, wanted: str, original: str, *, closures: Collection[date] = ()
) -> bool:
    """True when an extension of ``wanted`` would run longer than the petition's own ``original`` period
    (both counted from ``reference``, the next working moment)."""
    if rough_days(parse_period(wanted)) > 2 * rough_days(parse_period(original)) + 7:
        # Plainly longer (a "99999년" typed by mistake): no need to count it out day by day.
        return True
    return due_at(reference, wanted, closures=closures) > due_at(reference, original, closures=closures)


def rough_days(period: Period) -> float:
    """About how many calendar days ``period`` spans at most (working days and hours generously counted)."""
    per_unit = {"immediate": 0.0, "hours": 0.5, "days": 1.5, "weeks": 7.0, "months": 31.0, "years": 366.0}
    return per_unit.get(period.kind, 366.0) * period.amount


def extended_due(
    due: datetime, period: str, pauses: Sequence[Pause], *, closures: Collection[date] = (), now: datetime
) -> datetime:
    """An extension runs as a new period from the end of the current one, pauses inside it left out."""
    start = next_working_moment(due, closures=closures)
    clipped: list[Pause] = []
    for p_start, p_end in pauses:
        if p_end is not None and p_end <= start:
            continue
        clipped.append((max(p_start, start), p_end))
    return due_at_with_pauses(start, period, clipped, closures=closures, now=now)


def petition_due(
    received_at: datetime,
    period: str,
    pauses: Sequence[Pause],
    extension_periods: Iterable[str] = (),
    *,
    closures: Collection[date] = (),
    now: datetime,
) -> datetime:
    """The deadline from the stored facts: the period from receipt, pauses left out (an open pause counts up
    to ``now``), then each extension in order."""
    due = due_at_with_pauses(received_at, period, pauses, closures=closures, now=now)
    for extension in extension_periods:
        due = extended_due(due, extension, pauses, closures=closures, now=now)
    return due


# --- closing without a decision (시행령 제25조) ---------------------------------------------------


def unanswered_supplements(supplements: Iterable[tuple[date | None, date | None]], today: date) -> int:
    """How many supplement requests ``(due_on, answered_on)`` went unanswered within their own deadline
    (a deadline still to come does not count yet)."""
    count = 0
    for due_on, answered_on in supplements:
        if due_on is None or due_on >= today:
            continue
        if answered_on is None or answered_on > due_on:
            count += 1
    return count


def supplement_close_refusal(unanswered: int, rules: WorkflowRules) -> str | None:
    """Why a petition may not yet be closed for unanswered supplements, or None."""
    needed = rules.unanswered_supplements
    if unanswered < needed:
        return (
            f"보완 요구 불응으로 종결하려면 기간 안에 보완하지 않은 요청이 {needed}번 있어야 합니다 "
            f"(지금 {unanswered}번)."
        )
    return None


def not_collected_last_day(
    decided_on: date, rules: WorkflowRules, *, expected_on: date | None = None, closures: Collection[date] = ()
) -> date:
    """The last day a decided document may still be collected before the petition may be closed (종결).

    시행령 제25조④: ``not_collected_days`` (15) days from the expected completion date (처리예정일, the
    petition's deadline), not from the decision; a petition decided after that date counts from the
    decision, since nothing could be collected before. The day counted from is not counted (민법 제157조
    본문) and a last day on a Saturday or holiday moves to the next working day (제161조).
    """
    start = max(decided_on, expected_on) if expected_on is not None else decided_on
    return period_end(
        start, rules.not_collected_days, "day", first_day_counts=False, roll_to_working_day=True, closures=closures
    )


def not_collected_refusal(
    decided_on: date,
    today: date,
    rules: WorkflowRules,
    *,
    expected_on: date | None = None,
    closures: Collection[date] = (),
) -> str | None:
    """Why a decided petition may not yet be closed as not collected (미수령), or None.

    ``expected_on``: the expected completion date (처리예정일; the deadline's date) the 15 days count from
    (시행령 제25조④); without it, the decision day.
    """
    days = rules.not_collected_days
    last = not_collected_last_day(decided_on, rules, expected_on=expected_on, closures=closures)
    if today <= last:
        start = max(decided_on, expected_on) if expected_on is not None else decided_on
        what = "처리예정일" if expected_on is not None and expected_on >= decided_on else "처리완료일"
        waited = max((today - start).days, 0)
        return (
            f"{what}({start.isoformat()})부터 {days}일({last.isoformat()}까지)이 지나야 미수령으로 종결할 수 "
            f"있습니다 (지금 {waited}일)."
        )
    return None


# --- the decision time and the list's urgency -----------------------------------------------------


def is_backdated(decided_at: datetime, recorded_at: datetime) -> bool:
    """A decision recorded as taken earlier than now (it needs a reason and is audited)."""
    return decided_at < recorded_at - BACKDATE_TOLERANCE


def is_in_the_future(decided_at: datetime, recorded_at: datetime) -> bool:
    return decided_at > recorded_at + FUTURE_TOLERANCE


def urgency(left: TimeLeft, hours_per_day: int) -> str:
    """overdue, day (within a working day), three_days, or normal."""
    if left.overdue:
        return "overdue"
    if left.working_hours <= hours_per_day:
        return "day"
    if left.working_hours <= 3 * hours_per_day:
        return "three_days"
    return "normal"
