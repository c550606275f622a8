"""Time-limited petitions (유기한 민원): intake, the workflow to the legal deadline, and the clerk's work list.

Workflow: 접수 → 처리중 → (보완요청 ⇄ 처리중) → 처리완료 (인용/불가) → 통지/교부; 이송 and 연장 on the way;
종결 without a decision for the reasons of 민원 처리에 관한 법률 시행령 제25조. Every transition is one service
call that checks the rules, writes a history event and an audit entry in the same transaction, and
recomputes ``due_at`` from the stored facts (receipt, period, pauses, extensions, office closures).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from app.domain.calendar import SEOUL, seoul_today
from app.domain.deadlines import (
    Pause,
    TimeLeft,
    deadline_rules,
    due_at,
    due_at_with_pauses,
    next_working_moment,
    parse_period,
    status_notice_dates,
    time_left,
)
from app.domain.effective import pick_in_force
from app.domain.petitions import PetitionType, get_petition_type, list_petition_types
from app.resources import load_data
from app.services import audit
from app.services.actor import Actor
from app.services.applicants import _upsert
from app.services.errors import NotFound, RuleViolation, ValidationError
from app.services.outbox import enqueue_sms, mask_phone, normalise_phone
from app.services.roles import authorize, can
from db.models import Applicant, StaffUser, utcnow
from db.models_petitions import (
    OfficeClosure,
    Petition,
    PetitionEvent,
    PetitionExtension,
    PetitionPause,
    PetitionStatusNotice,
    PetitionTransfer,
)
from db.numbers import next_number
from db.uow import UnitOfWork

PETITION_SERIES = "petition"
CHOSEN_AT_INTAKE = "소관부서"

STATUS_LABELS = {
    "received": "접수",
    "processing": "처리중",
    "supplement": "보완요청",
    "decided": "처리완료",
    "notified": "통지·교부",
    "closed": "종결",
}
OPEN_STATUSES = ("received", "processing", "supplement")
DECISIONS = ("인용", "불가")
NOTIFY_METHODS = ("통지", "교부")
EXTENSION_NOTICE_METHODS = ("서면", "문자", "전자우편")
STATUS_NOTICE_METHODS = ("문자", "서면", "전화")
CLOSE_REASONS = {
    "supplement_unanswered": "보완 요구 불응 (2회 이상 기간 내 미보완)",
    "address_unknown": "민원인 주소 불명·우편 반송",
    "not_collected": "교부할 문서 미수령",
}
ACTION_LABELS = {
    "intake": "접수",
    "start": "처리 시작",
    "supplement": "보완 요청",
    "resume": "보완 도착",
    "extend": "처리기간 연장",
    "transfer": "이송",
    "decide": "처리완료",
    "notify": "통지·교부",
    "close": "종결",
    "status_notice": "진행상황 통지",
}
# Workload is not a lawful reason for an extension (민원 처리에 관한 법률 시행령 제21조 해석); these words,
# spaces ignored, give it away.
_WORKLOAD_WORDS = (
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
_ANY_PHONE = re.compile(r"^0\d{1,2}-?\d{3,4}-?\d{4}$")
# A decision recorded this much earlier than the moment it is recorded counts as "earlier than now".
_BACKDATE_TOLERANCE = timedelta(minutes=5)


# --- views ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PetitionTypeView:
    code: str
    name: str
    period: str
    department: str
    basis: str
    verified: bool
    chosen_at_intake: bool

    @property
    def label(self) -> str:
        return f"{self.name} ({self.period}, {self.department})"


@dataclass(frozen=True, slots=True)
class PetitionView:
    """A petition as the list shows it; the phone only masked."""

    id: int
    uuid: uuid.UUID
    number: str
    type_code: str
    type_name: str
    period: str
    department: str
    status: str
    status_label: str
    applicant_name: str
    phone_masked: str
    summary: str
    received_at: datetime
    original_due_at: datetime
    due_at: datetime
    time_left_label: str
    working_hours_left: float  # negative when overdue
    overdue: bool
    urgency: str  # overdue, day, three_days, normal, paused, done
    extension_count: int
    decision: str
    decided_at: datetime | None
    late: bool
    clerk_name: str

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass(frozen=True, slots=True)
class EventView:
    at: datetime
    action: str
    action_label: str
    from_status: str
    to_status: str
    note: str
    actor_name: str


@dataclass(frozen=True, slots=True)
class PetitionDetail:
    petition: PetitionView
    events: tuple[EventView, ...]
    pauses: tuple[tuple[datetime, datetime | None, date | None, str], ...]
    extensions: tuple[tuple[int, str, str, datetime, bool], ...]
    transfers: tuple[tuple[datetime, str, str, str], ...]


@dataclass(frozen=True, slots=True)
class StatusNoticeTodo:
    petition_id: int
    number: str
    type_name: str
    department: str
    applicant_name: str
    phone_masked: str
    received_at: datetime
    due_on: date
    days_late: int  # calendar days since the notice fell due (0 = today)


@dataclass(frozen=True, slots=True)
class ClosureView:
    id: int
    day: date
    reason: str


# --- catalog, rules, closures --------------------------------------------------------------------


def petition_types(*, on: date | datetime | None = None) -> list[PetitionTypeView]:
    """The catalog for the intake form."""
    return [_type_view(t) for t in list_petition_types(on=on)]


def _type_view(t: PetitionType) -> PetitionTypeView:
    return PetitionTypeView(
        t.code, t.name, t.period, t.department, t.basis, t.verified, t.department == CHOSEN_AT_INTAKE
    )


def department_choices(*, on: date | datetime | None = None) -> list[str]:
    """Departments a petition can be assigned or transferred to (the catalog's, sorted)."""
    return sorted({t.department for t in list_petition_types(on=on)} - {CHOSEN_AT_INTAKE})


def workflow_rules(on: date | None = None) -> dict[str, Any]:
    """The figures of the workflow (종결 thresholds, survey call delay) in force, from petitions.toml."""
    day = on or seoul_today()
    return pick_in_force(load_data("petitions")["workflow_rules"], day, what="민원 처리 규칙")


def closure_days(uow: UnitOfWork, office_id: int) -> frozenset[date]:
    """The office closures (임시 휴무일) to pass to the deadline rules; call inside an open uow."""
    return frozenset(uow.session.scalars(select(OfficeClosure.day).where(OfficeClosure.office_id == office_id)))


def list_closures(uow: UnitOfWork, actor: Actor) -> list[ClosureView]:
    if not (can(actor, "closure.manage") or can(actor, "petition.intake")):
        authorize(actor, "closure.manage")
    with uow:
        rows = uow.session.scalars(
            select(OfficeClosure).where(OfficeClosure.office_id == actor.office_id).order_by(OfficeClosure.day)
        ).all()
        return [ClosureView(r.id, r.day, r.reason) for r in rows]


def add_closure(uow: UnitOfWork, actor: Actor, *, day: date, reason: str, now: datetime | None = None) -> ClosureView:
    """Add an office closure (supervisor) and move the deadlines of every open petition."""
    authorize(actor, "closure.manage")
    reason = " ".join((reason or "").split())
    if len(reason) < 2:
        raise ValidationError("휴무 사유를 입력하세요.")
    with uow:
        existing = uow.session.scalars(
            select(OfficeClosure).where(OfficeClosure.office_id == actor.office_id, OfficeClosure.day == day)
        ).first()
        if existing is not None:
            raise ValidationError(f"{day:%Y-%m-%d}은(는) 이미 휴무일입니다 ({existing.reason}).")
        row = OfficeClosure(office_id=actor.office_id, day=day, reason=reason[:200], created_by=actor.user_id)
        uow.session.add(row)
        uow.session.flush()
        moved = _recompute_open(uow, actor.office_id, now or utcnow())
        audit.record(
            uow,
            actor,
            "closure.add",
            record_type="office_closure",
            record_id=f"{day:%Y-%m-%d}",
            detail=f"{reason} · 기한 변경 {moved}건",
        )
        view = ClosureView(row.id, row.day, row.reason)
        uow.commit()
    return view


def remove_closure(uow: UnitOfWork, actor: Actor, *, day: date, now: datetime | None = None) -> None:
    authorize(actor, "closure.manage")
    with uow:
        row = uow.session.scalars(
            select(OfficeClosure).where(OfficeClosure.office_id == actor.office_id, OfficeClosure.day == day)
        ).first()
        if row is None:
            raise NotFound(f"{day:%Y-%m-%d}은(는) 등록된 휴무일이 아닙니다.")
        uow.session.delete(row)
        uow.session.flush()
        moved = _recompute_open(uow, actor.office_id, now or utcnow())
        audit.record(
            uow,
            actor,
            "closure.remove",
            record_type="office_closure",
            record_id=f"{day:%Y-%m-%d}",
            detail=f"기한 변경 {moved}건",
        )
        uow.commit()


# --- deadline arithmetic over the stored facts ---------------------------------------------------


def _pauses(petition: Petition) -> list[Pause]:
    return [(p.requested_at, p.resumed_at) for p in petition.pauses]


def _extend_from(
    due: datetime, period: str, pauses: Sequence[Pause], closures: Collection[date], now: datetime
) -> datetime:
    """An extension runs as a new period from the end of the current one, pauses inside it left out."""
    start = next_working_moment(due, closures=closures)
    clipped: list[Pause] = []
    for p_start, p_end in pauses:
        if p_end is not None and p_end <= start:
            continue
        clipped.append((max(p_start, start), p_end))
    return due_at_with_pauses(start, period, clipped, closures=closures, now=now)


def compute_due(petition: Petition, closures: Collection[date], now: datetime) -> datetime:
    """The deadline from the stored facts; an open pause counts up to ``now``."""
    pauses = _pauses(petition)
    due = due_at_with_pauses(petition.received_at, petition.period, pauses, closures=closures, now=now)
    for extension in sorted(petition.extensions, key=lambda e: e.sequence):
        due = _extend_from(due, extension.period, pauses, closures, now)
    return due


def _recompute(uow: UnitOfWork, petition: Petition, now: datetime, closures: Collection[date] | None = None) -> bool:
    closures = closure_days(uow, petition.office_id) if closures is None else closures
    due = compute_due(petition, closures, now)
    changed = due != petition.due_at
    petition.due_at = due
    return changed


def _recompute_open(uow: UnitOfWork, office_id: int, now: datetime) -> int:
    closures = closure_days(uow, office_id)
    rows = uow.session.scalars(
        select(Petition)
        .options(selectinload(Petition.pauses), selectinload(Petition.extensions))
        .where(Petition.office_id == office_id, Petition.status.in_(OPEN_STATUSES))
    ).all()
    return sum(1 for p in rows if _recompute(uow, p, now, closures))


# --- views from rows -----------------------------------------------------------------------------


def _urgency(left: TimeLeft, hours_per_day: int) -> str:
    if left.overdue:
        return "overdue"
    if left.working_hours <= hours_per_day:
        return "day"
    if left.working_hours <= 3 * hours_per_day:
        return "three_days"
    return "normal"


def _view(
    petition: Petition,
    applicant_name: str,
    clerk_name: str,
    closures: Collection[date],
    now: datetime,
) -> PetitionView:
    due = petition.due_at
    hours_per_day = deadline_rules(on=petition.received_at.astimezone(SEOUL).date()).hours_per_day
    if petition.status in OPEN_STATUSES:
        if petition.status == "supplement":
            due = compute_due(petition, closures, now)
        left = time_left(due, now, closures=closures)
        urgency = "paused" if petition.status == "supplement" else _urgency(left, hours_per_day)
        label = ("보완 중(정지) · " if petition.status == "supplement" else "") + left.label
        hours_left = -left.working_hours if left.overdue else left.working_hours
        overdue = left.overdue and petition.status != "supplement"
    else:
        urgency, overdue, hours_left = "done", False, 0.0
        if petition.status == "closed":
            label = "종결"
        elif petition.late:
            label = "기한 넘겨 처리"
        else:
            label = "기한 내 처리"
    return PetitionView(
        id=petition.id,
        uuid=petition.uuid,
        number=petition.number,
        type_code=petition.type_code,
        type_name=petition.type_name,
        period=petition.period,
        department=petition.department,
        status=petition.status,
        status_label=STATUS_LABELS.get(petition.status, petition.status),
        applicant_name=applicant_name,
        phone_masked=mask_phone(petition.contact_phone) if petition.contact_phone else "",
        summary=petition.summary,
        received_at=petition.received_at,
        original_due_at=petition.original_due_at,
        due_at=due,
        time_left_label=label,
        working_hours_left=hours_left,
        overdue=overdue,
        urgency=urgency,
        extension_count=petition.extension_count,
        decision=petition.decision,
        decided_at=petition.decided_at,
        late=petition.late,
        clerk_name=clerk_name,
    )


def _view_one(
    uow: UnitOfWork, petition: Petition, now: datetime, closures: Collection[date] | None = None
) -> PetitionView:
    applicant_name = uow.session.scalar(select(Applicant.name).where(Applicant.id == petition.applicant_id))
    clerk_name = uow.session.scalar(select(StaffUser.display_name).where(StaffUser.id == petition.clerk_id))
    return _view(
        petition,
        applicant_name or "",
        clerk_name or "",
        closure_days(uow, petition.office_id) if closures is None else closures,
        now,
    )


# --- intake --------------------------------------------------------------------------------------


def petition_number(day: date, sequence: int) -> str:
    return f"민원-{day:%Y%m%d}-{sequence:04d}"


def _clean_phone(phone: str) -> str:
    phone = (phone or "").strip()
    if not phone:
        return ""
    try:
        return normalise_phone(phone)
    except ValidationError:
        pass
    compact = re.sub(r"\s", "", phone)
    if not _ANY_PHONE.match(compact):
        raise ValidationError("전화번호가 올바르지 않습니다 (예: 010-1234-5678, 02-920-3000).")
    return compact


def intake_petition(
    uow: UnitOfWork,
    actor: Actor,
    *,
    type_code: str,
    applicant_name: str,
    phone: str = "",
    resident_number: str | None = None,
    department: str | None = None,
    summary: str = "",
    applicant_id: int | None = None,
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> PetitionView:
    """Take a petition (접수): numbered per office and day, due date by the law and the office closures.

    ``applicant_id`` names an applicant already on file (found earlier); otherwise the applicant is found by
    resident number or registered.
    """
    moment = now or utcnow()
    authorize(actor, "petition.intake", now=moment)
    try:
        petition_type = get_petition_type(type_code, on=moment)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    if petition_type.department == CHOSEN_AT_INTAKE:
        department = (department or "").strip()
        if department not in department_choices(on=moment):
            raise ValidationError(f"{petition_type.name}은(는) 소관부서를 골라야 합니다.")
    else:
        department = petition_type.department
    contact = _clean_phone(phone)
    summary = (summary or "").strip()
    if len(summary) > 2000:
        raise ValidationError("민원 내용이 너무 깁니다 (2000자 이내).")
    client_uuid = client_uuid or uuid.uuid4()
    with uow:
        existing = uow.session.scalars(select(Petition).where(Petition.uuid == client_uuid)).first()
        if existing is not None:
            return _view_one(uow, existing, moment)
        applicant_key: int
        if applicant_id is not None:
            known = uow.session.get(Applicant, applicant_id)
            if known is None:
                raise NotFound("민원인을 찾을 수 없습니다.")
            applicant_key = known.id
        else:
            applicant_key = _upsert(
                uow, actor, name=applicant_name, resident_number=resident_number or None, phone=contact, address=""
            ).id
        closures = closure_days(uow, actor.office_id)
        try:
            due = due_at(moment, petition_type.period, closures=closures)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        day = moment.astimezone(SEOUL).date()
        sequence = next_number(uow.session, office_id=actor.office_id, series=PETITION_SERIES, period=f"{day:%Y%m%d}")
        petition = Petition(
            uuid=client_uuid,
            office_id=actor.office_id,
            terminal_id=actor.terminal_id,
            clerk_id=actor.user_id,
            applicant_id=applicant_key,
            number=petition_number(day, sequence),
            type_code=petition_type.code,
            type_name=petition_type.name,
            period=petition_type.period,
            department=department,
            summary=summary,
            contact_phone=contact,
            status="received",
            received_at=moment,
            original_due_at=due,
            due_at=due,
            updated_at=moment,
        )
        uow.session.add(petition)
        uow.session.flush()
        _event(uow, actor, petition, "intake", "", "received", moment, note=f"{petition_type.period}, {department}")
        audit.record(
            uow,
            actor,
            "petition.intake",
            record_type="petition",
            record_id=petition.number,
            detail=f"{petition_type.name} · {department} · 기한 {due.astimezone(SEOUL):%Y-%m-%d %H:%M}",
        )
        view = _view_one(uow, petition, moment)
        uow.commit()
    return view


# --- transitions ---------------------------------------------------------------------------------


def _event(
    uow: UnitOfWork,
    actor: Actor,
    petition: Petition,
    action: str,
    from_status: str,
    to_status: str,
    at: datetime,
    *,
    note: str = "",
    event_uuid: uuid.UUID | None = None,
) -> None:
    uow.session.add(
        PetitionEvent(
            uuid=event_uuid or uuid.uuid4(),
            petition_id=petition.id,
            at=at,
            action=action,
            from_status=from_status,
            to_status=to_status,
            note=note[:2000],
            actor_id=actor.user_id,
        )
    )


def _load(uow: UnitOfWork, actor: Actor, petition_id: int, *, lock: bool = False) -> Petition:
    query = (
        select(Petition)
        .options(selectinload(Petition.pauses), selectinload(Petition.extensions))
        .where(Petition.id == petition_id, Petition.office_id == actor.office_id)
    )
    if lock and uow.dialect == "postgresql":
        query = query.with_for_update()
    petition = uow.session.scalars(query).first()
    if petition is None:
        raise NotFound(f"민원을 찾을 수 없습니다 (번호 {petition_id}).")
    return petition


def _refuse(petition: Petition, action: str, hint: str = "") -> RuleViolation:
    status = STATUS_LABELS.get(petition.status, petition.status)
    message = f"{petition.number}은(는) '{status}' 상태라서 {ACTION_LABELS[action]}을(를) 할 수 없습니다."
    return RuleViolation(message + (f" {hint}" if hint else ""))


def _reason(text: str, what: str) -> str:
    cleaned = " ".join((text or "").split())
    if len(cleaned) < 2:
        raise ValidationError(f"{what}을(를) 입력하세요.")
    return cleaned


def _transition(
    uow: UnitOfWork,
    actor: Actor,
    petition_id: int,
    action: str,
    client_uuid: uuid.UUID | None,
    now: datetime | None,
    apply: Any,
) -> PetitionView:
    """Run ``apply(petition, moment) -> (to_status, note, audit detail, audit reason)`` as one transition."""
    moment = now or utcnow()
    authorize(actor, "petition.process", now=moment)
    with uow:
        if client_uuid is not None:
            seen = uow.session.scalars(select(PetitionEvent).where(PetitionEvent.uuid == client_uuid)).first()
            if seen is not None:
                return _view_one(uow, _load(uow, actor, seen.petition_id), moment)
        petition = _load(uow, actor, petition_id, lock=True)
        before = petition.status
        to_status, note, detail, reason = apply(petition, moment)
        petition.status = to_status
        petition.updated_at = moment
        closures = closure_days(uow, petition.office_id)
        if petition.status in OPEN_STATUSES:
            _recompute(uow, petition, moment, closures)
        _event(uow, actor, petition, action, before, to_status, moment, note=note, event_uuid=client_uuid)
        audit.record(
            uow,
            actor,
            f"petition.{action}",
            record_type="petition",
            record_id=petition.number,
            detail=detail,
            reason=reason,
        )
        view = _view_one(uow, petition, moment, closures)
        uow.session.flush()
        uow.commit()
    return view


def start_processing(
    uow: UnitOfWork,
    actor: Actor,
    *,
    petition_id: int,
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> PetitionView:
    """접수 → 처리중."""

    def apply(p: Petition, moment: datetime) -> tuple[str, str, str, str]:
        if p.status != "received":
            raise _refuse(p, "start")
        return "processing", "", "처리중", ""

    return _transition(uow, actor, petition_id, "start", client_uuid, now, apply)


def request_supplement(
    uow: UnitOfWork,
    actor: Actor,
    *,
    petition_id: int,
    note: str,
    supplement_due: date | None = None,
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> PetitionView:
    """보완요청: the clock stops until the supplement arrives."""
    what = _reason(note, "보완 요청 내용")

    def apply(p: Petition, moment: datetime) -> tuple[str, str, str, str]:
        if p.status not in ("received", "processing"):
            raise _refuse(p, "supplement")
        if supplement_due is not None and supplement_due < moment.astimezone(SEOUL).date():
            raise ValidationError("보완 기한이 오늘보다 앞섭니다.")
        p.pauses.append(
            PetitionPause(requested_at=moment, supplement_due_on=supplement_due, note=what, requested_by=actor.user_id)
        )
        due_text = f" (보완 기한 {supplement_due:%Y-%m-%d})" if supplement_due else ""
        return "supplement", what + due_text, f"보완 요청{due_text}", ""

    return _transition(uow, actor, petition_id, "supplement", client_uuid, now, apply)


def receive_supplement(
    uow: UnitOfWork,
    actor: Actor,
    *,
    petition_id: int,
    note: str = "",
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> PetitionView:
    """보완 도착: the clock runs again; the deadline moves by the time spent waiting."""

    def apply(p: Petition, moment: datetime) -> tuple[str, str, str, str]:
        if p.status != "supplement":
            raise _refuse(p, "resume", "보완 요청 중인 민원만 보완 도착을 기록합니다.")
        open_pause = next((x for x in reversed(p.pauses) if x.resumed_at is None), None)
        if open_pause is None:  # pragma: no cover - a supplement status always has an open pause
            raise RuleViolation(f"{p.number}: 진행 중인 보완 요청이 없습니다.")
        open_pause.resumed_at = max(moment, open_pause.requested_at)
        open_pause.resumed_by = actor.user_id
        return "processing", (note or "").strip(), "보완 도착", ""

    return _transition(uow, actor, petition_id, "resume", client_uuid, now, apply)


def _is_workload(reason: str) -> bool:
    compact = "".join(reason.split())
    return any(word in compact for word in _WORKLOAD_WORDS)


def extend_petition(
    uow: UnitOfWork,
    actor: Actor,
    *,
    petition_id: int,
    reason: str,
    period: str | None = None,
    notice_method: str = "서면",
    applicant_consent: bool = False,
    consent_note: str = "",
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> PetitionView:
    """연장: within the period, with a lawful reason and a notice; a second one only with consent."""
    why = _reason(reason, "연장 사유")
    if _is_workload(why):
        raise RuleViolation("업무량(업무 과다·인력 부족)은 처리기간 연장 사유가 될 수 없습니다. 다른 사유를 적으세요.")
    if notice_method not in EXTENSION_NOTICE_METHODS:
        raise ValidationError(f"연장 통지 방법을 고르세요 ({', '.join(EXTENSION_NOTICE_METHODS)}).")

    def apply(p: Petition, moment: datetime) -> tuple[str, str, str, str]:
        if p.status not in OPEN_STATUSES:
            raise _refuse(p, "extend")
        closures = closure_days(uow, p.office_id)
        current = compute_due(p, closures, moment)
        if moment >= current:
            raise RuleViolation(
                f"{p.number}의 처리기간이 이미 지났습니다 ({current.astimezone(SEOUL):%Y-%m-%d %H:%M}). "
                "연장은 처리기간 안에서만 할 수 있습니다."
            )
        most = int(workflow_rules(moment.astimezone(SEOUL).date())["max_extensions"])
        if p.extension_count >= most:
            raise RuleViolation(
                f"{p.number}은(는) 이미 {p.extension_count}번 연장했습니다. "
                f"처리기간 연장은 {most}번까지만 할 수 있습니다 (두 번째는 민원인 동의를 받아 한 번 더)."
            )
        if p.extension_count >= 1 and not applicant_consent:
            raise RuleViolation(
                f"{p.number}은(는) 이미 {p.extension_count}번 연장했습니다. "
                "다시 연장하려면 민원인의 동의를 받아 기록하세요."
            )
        try:
            wanted = parse_period(period or p.period)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        reference = next_working_moment(moment, closures=closures)
        if due_at(reference, wanted.text, closures=closures) > due_at(reference, p.period, closures=closures):
            raise RuleViolation(f"연장 기간({wanted.text})은 원래 처리기간({p.period})을 넘을 수 없습니다.")
        new_due = _extend_from(current, wanted.text, _pauses(p), closures, moment)
        sequence = p.extension_count + 1
        p.extensions.append(
            PetitionExtension(
                sequence=sequence,
                extended_at=moment,
                period=wanted.text,
                reason=why,
                due_before=current,
                due_after=new_due,
                notice_method=notice_method,
                notice_at=moment,
                consent=applicant_consent,
                consent_note=(consent_note or "").strip(),
                actor_id=actor.user_id,
            )
        )
        p.extension_count = sequence
        local_due = new_due.astimezone(SEOUL)
        if notice_method == "문자" and p.contact_phone:
            try:
                recipient = normalise_phone(p.contact_phone)
            except ValidationError:
                raise ValidationError("민원인 전화가 휴대전화가 아니어서 문자로 통지할 수 없습니다.") from None
            enqueue_sms(
                uow,
                office_id=p.office_id,
                recipient=recipient,
                body=f"[민원 처리기간 연장] {p.number} {p.type_name}: 처리기한이 {local_due:%Y-%m-%d %H:%M}로 "
                f"연장되었습니다. 사유: {why}",
                record_type="petition",
                record_id=p.number,
            )
        elif notice_method == "문자":
            raise ValidationError("민원인 전화번호가 없어 문자로 통지할 수 없습니다. 서면 통지를 고르세요.")
        consent_text = f" · 민원인 동의: {consent_note.strip() or '예'}" if applicant_consent else ""
        note = f"{sequence}차 연장 {wanted.text} → {local_due:%Y-%m-%d %H:%M} · {notice_method} 통지{consent_text}"
        return p.status, f"{note} · 사유: {why}", note, why

    return _transition(uow, actor, petition_id, "extend", client_uuid, now, apply)


def transfer_petition(
    uow: UnitOfWork,
    actor: Actor,
    *,
    petition_id: int,
    to_department: str,
    reason: str,
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> PetitionView:
    """이송 to another department of the office; the period keeps running (same office, same receipt)."""
    why = _reason(reason, "이송 사유")
    target = (to_department or "").strip()

    def apply(p: Petition, moment: datetime) -> tuple[str, str, str, str]:
        if p.status not in ("received", "processing"):
            raise _refuse(p, "transfer")
        if target not in department_choices(on=moment):
            raise ValidationError(f"이송할 부서를 목록에서 고르세요: '{target}'")
        if target == p.department:
            raise ValidationError(f"{p.number}은(는) 이미 {target} 소관입니다.")
        p_from = p.department
        uow.session.add(
            PetitionTransfer(
                petition_id=p.id,
                at=moment,
                from_department=p_from,
                to_department=target,
                reason=why,
                actor_id=actor.user_id,
            )
        )
        p.department = target
        note = f"{p_from} → {target}"
        return "received", f"{note} · 사유: {why}", note, why

    return _transition(uow, actor, petition_id, "transfer", client_uuid, now, apply)


def decide_petition(
    uow: UnitOfWork,
    actor: Actor,
    *,
    petition_id: int,
    decision: str,
    decided_at: datetime | None = None,
    reason: str = "",
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> PetitionView:
    """처리완료 (인용/불가) at the moment of the actual decision; an earlier moment needs a reason."""
    if decision not in DECISIONS:
        raise ValidationError("처리 결과를 고르세요 (인용 또는 불가).")

    def apply(p: Petition, moment: datetime) -> tuple[str, str, str, str]:
        if p.status == "supplement":
            raise _refuse(p, "decide", "보완 도착을 먼저 기록하세요.")
        if p.status not in ("received", "processing"):
            raise _refuse(p, "decide")
        when = decided_at or moment
        if when.tzinfo is None:
            raise ValidationError("처리완료 시각에 시간대가 없습니다.")
        if when > moment + timedelta(minutes=1):
            raise ValidationError("처리완료 시각이 지금보다 뒤일 수 없습니다.")
        if when < p.received_at:
            raise ValidationError("처리완료 시각이 접수 시각보다 앞설 수 없습니다.")
        last_resume = max((x.resumed_at for x in p.pauses if x.resumed_at is not None), default=None)
        if last_resume is not None and when < last_resume:
            raise RuleViolation(
                "처리완료 시각이 마지막 보완 도착"
                f"({last_resume.astimezone(SEOUL):%Y-%m-%d %H:%M})보다 앞설 수 없습니다."
            )
        backdated = when < moment - _BACKDATE_TOLERANCE
        why = ""
        if backdated:
            why = _reason(reason, "실제 처리(결재) 시각을 앞당겨 기록하는 사유")
        closures = closure_days(uow, p.office_id)
        due = compute_due(p, closures, when)
        p.due_at = due
        p.decision = decision
        p.decided_at = when
        p.decided_recorded_at = moment
        p.decided_by = actor.user_id
        p.decided_reason = why
        p.late = when > due
        local = when.astimezone(SEOUL)
        note = f"{decision} · 처리 {local:%Y-%m-%d %H:%M}" + (" · 기한 경과" if p.late else "")
        if backdated:
            audit.record(
                uow,
                actor,
                "petition.decide.backdated",
                record_type="petition",
                record_id=p.number,
                detail=f"실제 처리 {local:%Y-%m-%d %H:%M}, 기록 {moment.astimezone(SEOUL):%Y-%m-%d %H:%M}",
                reason=why,
            )
        return "decided", note + (f" · 사유: {why}" if why else ""), note, why

    return _transition(uow, actor, petition_id, "decide", client_uuid, now, apply)


def notify_petition(
    uow: UnitOfWork,
    actor: Actor,
    *,
    petition_id: int,
    method: str = "통지",
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> PetitionView:
    """통지/교부 of the decision; the petition is queued for the satisfaction survey."""
    from app.services import surveys

    if method not in NOTIFY_METHODS:
        raise ValidationError("통지 또는 교부를 고르세요.")

    def apply(p: Petition, moment: datetime) -> tuple[str, str, str, str]:
        if p.status != "decided":
            raise _refuse(p, "notify", "처리완료를 먼저 기록하세요." if p.status in OPEN_STATUSES else "")
        p.notified_at = moment
        p.notice_method = method
        surveys.queue_survey(uow, p, now=moment)
        return "notified", method, method, ""

    return _transition(uow, actor, petition_id, "notify", client_uuid, now, apply)


def _unanswered_supplements(p: Petition, today: date) -> int:
    count = 0
    for pause in p.pauses:
        due = pause.supplement_due_on
        if due is None or due >= today:
            continue
        if pause.resumed_at is None or pause.resumed_at.astimezone(SEOUL).date() > due:
            count += 1
    return count


def close_petition(
    uow: UnitOfWork,
    actor: Actor,
    *,
    petition_id: int,
    reason_code: str,
    note: str = "",
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> PetitionView:
    """종결 without a decision, for the reasons the decree allows (see CLOSE_REASONS)."""
    if reason_code not in CLOSE_REASONS:
        raise ValidationError("종결 사유를 고르세요.")
    text = (note or "").strip()

    def apply(p: Petition, moment: datetime) -> tuple[str, str, str, str]:
        today = moment.astimezone(SEOUL).date()
        rules = workflow_rules(today)
        if reason_code == "supplement_unanswered":
            if p.status not in OPEN_STATUSES:
                raise _refuse(p, "close")
            unanswered = _unanswered_supplements(p, today)
            needed = int(rules["unanswered_supplements"])
            if unanswered < needed:
                raise RuleViolation(
                    f"보완 요구 불응으로 종결하려면 기간 안에 보완하지 않은 요청이 {needed}번 있어야 합니다 "
                    f"(지금 {unanswered}번)."
                )
        elif reason_code == "address_unknown":
            if p.status not in (*OPEN_STATUSES, "decided"):
                raise _refuse(p, "close")
            _reason(text, f"주소 불명 또는 우편 반송({int(rules['returned_mail'])}회) 내용")
        else:
            if p.status != "decided":
                raise _refuse(p, "close", "교부할 문서 미수령 종결은 처리완료된 민원에만 합니다.")
            days = int(rules["not_collected_days"])
            assert p.decided_at is not None
            waited = (today - p.decided_at.astimezone(SEOUL).date()).days
            if waited <= days:
                raise RuleViolation(f"처리완료 뒤 {days}일이 지나야 미수령으로 종결할 수 있습니다 (지금 {waited}일).")
        p.closed_at = moment
        p.close_reason = reason_code
        p.close_note = text
        label = CLOSE_REASONS[reason_code]
        return "closed", f"{label}" + (f" · {text}" if text else ""), label, text

    return _transition(uow, actor, petition_id, "close", client_uuid, now, apply)


# --- lists ---------------------------------------------------------------------------------------


def list_petitions(
    uow: UnitOfWork,
    actor: Actor,
    *,
    department: str | None = None,
    status: str | None = "open",
    overdue_only: bool = False,
    due_within_days: int | None = None,
    search: str = "",
    now: datetime | None = None,
    limit: int = 500,
) -> list[PetitionView]:
    """The work list: open petitions by default, soonest deadline first; a search by number, name or phone
    is logged (it looks a person up)."""
    if not (can(actor, "petition.process") or can(actor, "overdue.check")):
        authorize(actor, "petition.process")
    moment = now or utcnow()
    if due_within_days is not None and due_within_days < 0:
        raise ValidationError("남은 기간은 0일 이상이어야 합니다.")
    term = (search or "").strip()
    with uow:
        query = (
            select(Petition, Applicant.name, StaffUser.display_name)
            .join(Applicant, Applicant.id == Petition.applicant_id)
            .join(StaffUser, StaffUser.id == Petition.clerk_id)
            .options(selectinload(Petition.pauses), selectinload(Petition.extensions))
            .where(Petition.office_id == actor.office_id)
        )
        if department:
            query = query.where(Petition.department == department)
        if status == "open" or overdue_only or due_within_days is not None:
            query = query.where(Petition.status.in_(OPEN_STATUSES))
        if status and status not in ("open", "all"):
            if status not in STATUS_LABELS:
                raise ValidationError(f"알 수 없는 상태입니다: {status}")
            query = query.where(Petition.status == status)
        if term:
            digits = re.sub(r"\D", "", term)
            conditions = [Petition.number.ilike(f"%{term}%"), Applicant.name.ilike(f"%{term}%")]
            if len(digits) >= 4 and digits == re.sub(r"[\s\-]", "", term):
                conditions.append(func.replace(Petition.contact_phone, "-", "").like(f"%{digits}%"))
            query = query.where(or_(*conditions))
        rows = uow.session.execute(query.order_by(Petition.due_at, Petition.id)).all()
        closures = closure_days(uow, actor.office_id)
        views = []
        for petition, name, clerk in rows:
            view = _view(petition, name, clerk, closures, moment)
            if overdue_only and not view.overdue:
                continue
            if due_within_days is not None:
                per_day = deadline_rules(on=view.received_at.astimezone(SEOUL).date()).hours_per_day
                if view.overdue or view.urgency == "paused" or view.working_hours_left > due_within_days * per_day:
                    continue
            views.append(view)
        # A paused petition's deadline keeps moving, so order by the deadline as shown, not as stored.
        views.sort(key=lambda v: (v.due_at, v.id))
        views = views[:limit]
        if term:
            audit.record(
                uow,
                actor,
                "petition.search",
                record_type="petition",
                detail=f"'{term}' {len(views)}건",
            )
            uow.commit()
    return views


def get_petition(uow: UnitOfWork, actor: Actor, *, petition_id: int, now: datetime | None = None) -> PetitionDetail:
    """One petition with its history; the read is logged."""
    if not (can(actor, "petition.process") or can(actor, "overdue.check")):
        authorize(actor, "petition.process")
    moment = now or utcnow()
    with uow:
        petition = _load(uow, actor, petition_id)
        view = _view_one(uow, petition, moment)
        names = dict(uow.session.execute(select(StaffUser.id, StaffUser.display_name)).all())
        events = tuple(
            EventView(
                e.at,
                e.action,
                ACTION_LABELS.get(e.action, e.action),
                e.from_status,
                e.to_status,
                e.note,
                names.get(e.actor_id, ""),
            )
            for e in petition.events
        )
        detail = PetitionDetail(
            petition=view,
            events=events,
            pauses=tuple((x.requested_at, x.resumed_at, x.supplement_due_on, x.note) for x in petition.pauses),
            extensions=tuple((x.sequence, x.period, x.reason, x.due_after, x.consent) for x in petition.extensions),
            transfers=tuple((x.at, x.from_department, x.to_department, x.reason) for x in petition.transfers),
        )
        audit.record(uow, actor, "petition.read", record_type="petition", record_id=petition.number)
        uow.commit()
    return detail


# --- status notices (30 days and every 30 after) -------------------------------------------------


def status_notices_due(uow: UnitOfWork, actor: Actor, *, now: datetime | None = None) -> list[StatusNoticeTodo]:
    """Status notices (처리 진행상황 통지) due by today and not yet recorded, oldest first."""
    authorize(actor, "petition.process")
    moment = now or utcnow()
    today = moment.astimezone(SEOUL).date()
    with uow:
        closures = closure_days(uow, actor.office_id)
        first_possible = moment - timedelta(days=deadline_rules(on=today).status_notice_days)
        rows = uow.session.execute(
            select(Petition, Applicant.name)
            .join(Applicant, Applicant.id == Petition.applicant_id)
            .where(
                Petition.office_id == actor.office_id,
                Petition.status.in_(OPEN_STATUSES),
                Petition.received_at <= first_possible + timedelta(days=1),
            )
        ).all()
        sent = {
            (pid, day)
            for pid, day in uow.session.execute(
                select(PetitionStatusNotice.petition_id, PetitionStatusNotice.due_on).where(
                    PetitionStatusNotice.petition_id.in_([p.id for p, _ in rows] or [0])
                )
            )
        }
        todos = []
        for petition, name in rows:
            for due_on in status_notice_dates(petition.received_at, until=today, closures=closures):
                if (petition.id, due_on) in sent:
                    continue
                todos.append(
                    StatusNoticeTodo(
                        petition.id,
                        petition.number,
                        petition.type_name,
                        petition.department,
                        name,
                        mask_phone(petition.contact_phone) if petition.contact_phone else "",
                        petition.received_at,
                        due_on,
                        (today - due_on).days,
                    )
                )
    todos.sort(key=lambda t: (t.due_on, t.number))
    return todos


def record_status_notice(
    uow: UnitOfWork,
    actor: Actor,
    *,
    petition_id: int,
    due_on: date,
    method: str = "문자",
    now: datetime | None = None,
) -> None:
    """ "통지함": record the status notice for ``due_on`` (by SMS it goes through the outbox)."""
    authorize(actor, "petition.process")
    if method not in STATUS_NOTICE_METHODS:
        raise ValidationError(f"통지 방법을 고르세요 ({', '.join(STATUS_NOTICE_METHODS)}).")
    moment = now or utcnow()
    with uow:
        petition = _load(uow, actor, petition_id, lock=True)
        closures = closure_days(uow, actor.office_id)
        due_dates = status_notice_dates(petition.received_at, until=moment, closures=closures)
        if due_on not in due_dates:
            raise RuleViolation(f"{petition.number}은(는) {due_on:%Y-%m-%d}에 진행상황 통지할 날이 아닙니다.")
        exists = uow.session.scalars(
            select(PetitionStatusNotice).where(
                PetitionStatusNotice.petition_id == petition.id, PetitionStatusNotice.due_on == due_on
            )
        ).first()
        if exists is not None:
            return
        if method == "문자":
            try:
                recipient = normalise_phone(petition.contact_phone)
            except ValidationError:
                raise ValidationError(
                    "휴대전화 번호가 없어 문자로 통지할 수 없습니다. 서면이나 전화를 고르세요."
                ) from None
            enqueue_sms(
                uow,
                office_id=petition.office_id,
                recipient=recipient,
                body=f"[민원 진행상황] {petition.number} {petition.type_name}: {STATUS_LABELS[petition.status]} "
                f"중입니다. 처리기한 {petition.due_at.astimezone(SEOUL):%Y-%m-%d %H:%M}.",
                record_type="petition",
                record_id=petition.number,
            )
        uow.session.add(
            PetitionStatusNotice(
                petition_id=petition.id, due_on=due_on, sent_at=moment, method=method, actor_id=actor.user_id
            )
        )
        _event(
            uow,
            actor,
            petition,
            "status_notice",
            petition.status,
            petition.status,
            moment,
            note=f"{due_on:%Y-%m-%d}분 {method}",
        )
        audit.record(
            uow,
            actor,
            "petition.status_notice",
            record_type="petition",
            record_id=petition.number,
            detail=f"{due_on:%Y-%m-%d}분 {method}",
        )
        uow.commit()
