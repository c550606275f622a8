"""Roles and what each may do; enforced here, in the service layer, whatever the UI shows or hides."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, time, timedelta

from app.domain.calendar import SEOUL
from app.i18n import N_
from app.resources import load_data
from app.services.actor import ROLE_LABELS, Actor
from app.services.errors import PermissionDenied

# Permissions, by the counter's work.
COUNTER = {
    "applicant.read",
    "applicant.write",
    "rrn.unmask",
    "receipt.issue",
    "certificate.issue",
    "petition.intake",
    "petition.process",
    "family.file",
    "passport.intake",
    "passport.deliver",
    "passport.loss_report",
    "sms.view",
}
LOOKUP = {"fee.quote", "checklist.print", "benefit.lookup", "forms.print"}
SUPERVISION = {
    "overdue.check",
    "notice.send",
    "stats.view",
    "day.close",
    "receipt.void",
    "audit.review",
    "survey.record",
    "closure.manage",
}
ADMINISTRATION = {"users.manage", "tables.manage", "office.setup", "audit.review"}

PERMISSIONS: dict[str, frozenset[str]] = {
    "clerk": frozenset(COUNTER | LOOKUP | {"survey.record"}),
    # The night window: 주민등록 등·초본, 가족관계등록 증명서 and passport issuance/delivery only; the
    # certificate kinds are narrowed further in the certificate service.
    "night": frozenset(
        {
            "applicant.read",
            "applicant.write",
            "receipt.issue",
            "certificate.issue",
            "passport.intake",
            "passport.deliver",
        }
        | LOOKUP
    ),
    "guide": frozenset(LOOKUP),
    "supervisor": frozenset(COUNTER | LOOKUP | SUPERVISION),
    "admin": frozenset(ADMINISTRATION | {"stats.view"}),
}

PERMISSION_LABELS = {
    "applicant.read": N_("민원인 정보 조회"),
    "applicant.write": N_("민원인 정보 등록"),
    "rrn.unmask": N_("주민등록번호 전체 보기"),
    "receipt.issue": N_("수수료 수납"),
    "receipt.void": N_("영수증 취소"),
    "certificate.issue": N_("증명서 발급"),
    "petition.intake": N_("민원 접수"),
    "petition.process": N_("민원 처리"),
    "family.file": N_("가족관계등록 신고 접수"),
    "passport.intake": N_("여권 접수"),
    "passport.deliver": N_("여권 교부"),
    "passport.loss_report": N_("여권 분실 신고"),
    "fee.quote": N_("수수료 안내"),
    "checklist.print": N_("구비서류 안내 출력"),
    "benefit.lookup": N_("복지 조회"),
    "forms.print": N_("서식 출력"),
    "overdue.check": N_("처리상황 점검"),
    "notice.send": N_("예고장·독촉장 발송"),
    "stats.view": N_("통계 조회"),
    "day.close": N_("일일 마감"),
    "audit.review": N_("접속기록 검토"),
    "survey.record": N_("만족도 조사 기록"),
    "closure.manage": N_("휴무일 관리"),
    "users.manage": N_("사용자 관리"),
    "tables.manage": N_("수수료·목록 관리"),
    "office.setup": N_("기관·단말 설정"),
    "sms.view": N_("문자 발송 현황"),
}


_WEEKDAYS = "월화수목금토일"


def night_window_hours(on: datetime | None = None) -> tuple[set[int], time, time]:
    """(weekdays Mon=0, start, end) of the night window in force, from resources/data/office_hours.toml."""
    from app.domain.effective import pick_in_force

    day = (on or datetime.now(SEOUL)).astimezone(SEOUL).date()
    entry = pick_in_force(load_data("office_hours")["night_window"], day, what="야간 민원실 운영시간")
    weekdays = {_WEEKDAYS.index(d) if isinstance(d, str) else int(d) for d in entry["weekdays"]}
    return weekdays, time.fromisoformat(entry["start"]), time.fromisoformat(entry["end"])


def night_window_open(now: datetime) -> bool:
    """Mon and Thu 18:00–20:00 by default; closed on public holidays (the office is closed)."""
    from app.domain.calendar import is_public_holiday

    weekdays, start, end = night_window_hours(now)
    local = now.astimezone(SEOUL)
    if is_public_holiday(local.date()):
        return False
    return local.weekday() in weekdays and start <= local.time() < end


NIGHT_WARNING_BEFORE = timedelta(minutes=10)  # "운영이 곧 끝납니다" from 19:50
_night_grace = timedelta(minutes=10)


def set_night_grace(minutes: int) -> None:
    """The grace after the night window's end (setting ``night_grace_minutes``, 0 to 60 minutes) in which a
    transaction begun before the end can be finished; set once at start-up."""
    global _night_grace
    _night_grace = timedelta(minutes=max(0, min(60, int(minutes))))


def night_grace() -> timedelta:
    return _night_grace


def night_window_end(now: datetime) -> datetime | None:
    """When today's night window ends (aware, Seoul), or None on a day without one."""
    from app.domain.calendar import is_public_holiday

    weekdays, _start, end = night_window_hours(now)
    local = now.astimezone(SEOUL)
    if local.weekday() not in weekdays or is_public_holiday(local.date()):
        return None
    return datetime.combine(local.date(), end, tzinfo=SEOUL)


def night_window_phase(now: datetime) -> str:
    """``open``; ``closing`` (the last ``NIGHT_WARNING_BEFORE``); ``grace`` (after the end, only a transaction
    begun before it may be finished); ``closed``."""
    end = night_window_end(now)
    if night_window_open(now):
        return "closing" if end is not None and end - now <= NIGHT_WARNING_BEFORE else "open"
    if end is not None and end <= now < end + _night_grace:
        return "grace"
    return "closed"


_begun: ContextVar[datetime | None] = ContextVar("night_transaction_begun", default=None)


@contextmanager
def transaction_begun(at: datetime | None) -> Iterator[None]:
    """Inside this block every ``authorize`` of the call (the receipt, the applicant it writes) knows when the
    transaction was begun, so the night window's grace covers all of it. Set by the service, on its thread."""
    token = _begun.set(at)
    try:
        yield
    finally:
        _begun.reset(token)


def night_work_allowed(now: datetime, begun_at: datetime | None = None) -> bool:
    """Night staff may act now: inside the window, or in the grace after it for a transaction begun inside
    the same window (``begun_at``: when the clerk started the form)."""
    if night_window_open(now):
        return True
    if begun_at is None or night_window_phase(now) != "grace" or not night_window_open(begun_at):
        return False
    return begun_at <= now and night_window_end(begun_at) == night_window_end(now)


def night_window_text(on: datetime | None = None) -> str:
    weekdays, start, end = night_window_hours(on)
    days = "·".join(_WEEKDAYS[d] for d in sorted(weekdays))
    return f"{days}요일 {start:%H:%M}–{end:%H:%M}"


def can(actor: Actor, permission: str) -> bool:
    return permission in PERMISSIONS.get(actor.role, frozenset())


def authorize(
    actor: Actor | None, permission: str, *, now: datetime | None = None, begun_at: datetime | None = None
) -> None:
    """Raise PermissionDenied (Korean) unless ``actor`` may do ``permission`` now. ``begun_at``: when the
    transaction was begun (the night window lets one begun before its end be finished in the grace)."""
    if actor is None:
        raise PermissionDenied("로그인이 필요합니다.")
    label = PERMISSION_LABELS.get(permission, permission)
    if not can(actor, permission):
        role = ROLE_LABELS.get(actor.role, actor.role)
        raise PermissionDenied("'{role}' 권한으로는 {label:을/를} 할 수 없습니다.", role=role, label=label)
    if actor.role == "night":
        from db.models import utcnow

        if not night_work_allowed(now or utcnow(), begun_at if begun_at is not None else _begun.get()):
            raise PermissionDenied(
                "야간 민원실 운영시간({hours})이 아닙니다. {label:은/는} 운영시간에만 할 수 있습니다.",
                hours=night_window_text(),
                label=label,
            )
