"""The floor of the petition use cases: loading a petition, its history events, its deadline from the stored
facts, and the view the screens get (every other petitions module builds on these; none of them on another)."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.domain.calendar import SEOUL
from app.domain.deadlines import Pause, Period, deadline_rules, parse_period, time_left
from app.domain.messages import Text
from app.domain.petition_rules import (
    OPEN_STATUSES,
    STATUS_LABELS,
    is_just_now,
    just_done_refusal,
    petition_due,
    refusal,
    urgency,
)
from app.i18n import N_
from app.services.actor import Actor
from app.services.errors import NotFound, RuleViolation, ServiceError, ValidationError
from app.services.inputs import clean_int, clean_text
from app.services.outbox import mask_phone
from app.views.petitions import PetitionView
from db.models import Applicant, StaffUser
from db.models_petitions import OfficeClosure, Petition, PetitionEvent
from db.uow import UnitOfWork


def closure_days(uow: UnitOfWork, office_id: int) -> frozenset[date]:
    """The office closures (임시 휴무일) to pass to the deadline rules; call inside an open uow."""
    return frozenset(uow.session.scalars(select(OfficeClosure.day).where(OfficeClosure.office_id == office_id)))


def load_petition(uow: UnitOfWork, actor: Actor, petition_id: int, *, lock: bool = False) -> Petition:
    """The petition of the actor's office with its pauses and extensions; ``lock`` takes its row lock."""
    petition_id = clean_int(petition_id, "민원 번호", minimum=1, maximum=2**63 - 1)
    query = (
        select(Petition)
        .options(selectinload(Petition.pauses), selectinload(Petition.extensions))
        .where(Petition.id == petition_id, Petition.office_id == actor.office_id)
    )
    if lock:
        # The row lock until the transaction ends (SQLite: the whole database, by BEGIN IMMEDIATE): the rule
        # is checked on the petition as it is now, not on a copy another counter is changing.
        query = query.with_for_update(of=Petition)
    petition = uow.session.scalars(query).first()
    if petition is None:
        raise NotFound("민원을 찾을 수 없습니다 (번호 {petition_id}).", petition_id=petition_id)
    return petition


def write_event(
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
    """Add one history event (처리 이력) to the OPEN unit of work. A ``note`` that is a ``Text`` is stored as
    its Korean (``note``: the audit's and the documents' wording) and as what it is made of (``note_args``),
    so that the history shows it in the screen's language (``app.formatting.event_note``)."""
    uow.session.add(
        PetitionEvent(
            uuid=event_uuid or uuid.uuid4(),
            petition_id=petition.id,
            at=at,
            action=action,
            from_status=from_status,
            to_status=to_status,
            note=str(note)[:2000],
            note_args=note_args(note),
            actor_id=actor.user_id,
        )
    )


def note_args(note: str) -> dict[str, Any] | None:
    """``{"template": msgid, "params": {...}}`` of a ``Text`` (None for a plain text: a clerk's own words).

    A param is kept as JSON: a text or number as it is (a clerk's reason as typed), a date or time as ISO
    (``{"date": "2026-12-02"}``, ``{"datetime": "2026-12-02T14:00:00+09:00"}``), a period as the data tables
    write it (``{"period": "14일"}``), a text made of a template in turn as its own ``{"template", "params"}``."""
    if not isinstance(note, Text):
        return None
    return {"template": note.template, "params": {k: _param(v) for k, v in note.params.items()}}


def _param(value: Any) -> Any:
    if isinstance(value, Text):
        return note_args(value)
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, Period):
        return {"period": value.text}
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def period_param(text: str) -> Period | str:
    """A period as a note's param (shown in the screen's language), spelled as ``text`` (the Korean note
    unchanged); ``text`` itself where it is not a period."""
    try:
        return replace(parse_period(text), text=text)
    except ValueError:
        return text


def refuse(
    uow: UnitOfWork,
    actor: Actor,
    petition: Petition,
    action: str,
    hint: str = "",
    *,
    moment: datetime,
    reason: str | None = None,
    kind: type[ServiceError] = RuleViolation,
) -> ServiceError:
    """The refusal of an action on the (locked) petition: by default that its state does not allow it, or
    ``reason``. When another step a moment ago is why (two counters at once), the refusal says so first;
    with a ``reason`` of its own only when that step was the same action (e.g. a second extension)."""
    text = reason if reason is not None else refusal(petition.number, petition.status, action, hint)
    last = uow.session.scalars(
        select(PetitionEvent).where(PetitionEvent.petition_id == petition.id).order_by(PetitionEvent.id.desc())
    ).first()
    if (
        last is None
        or last.action == "intake"
        or not is_just_now(last.at, moment)
        or (reason is not None and last.action != action)
    ):
        return kind(text)
    who = uow.session.scalar(select(StaffUser.display_name).where(StaffUser.id == last.actor_id)) or ""
    return kind(
        just_done_refusal(
            petition.number, last.action, who=who, at=last.at, by_other=last.actor_id != actor.user_id, reason=text
        )
    )


NOTE_MAX = 1000  # a reason or note of a step (the history keeps 2000 characters)


def required_reason(text: str, what: str, *, max_len: int = NOTE_MAX) -> str:
    """``text`` checked (``clean_text``) with its spaces tidied; a ValidationError naming ``what`` when it is
    (nearly) empty."""
    cleaned = clean_text(text, what, max_len=max_len)
    if len(cleaned) < 2:
        raise ValidationError("{what:을/를} 입력하세요.", what=what)
    return cleaned


def optional_note(text: str, what: str, *, max_len: int = NOTE_MAX) -> str:
    """An optional note of a step, checked (``clean_text``)."""
    return clean_text(text, what, max_len=max_len)


# --- the deadline from the stored facts ----------------------------------------------------------


def pauses_of(petition: Petition) -> list[Pause]:
    return [(p.requested_at, p.resumed_at) for p in petition.pauses]


def compute_due(petition: Petition, closures: Collection[date], now: datetime) -> datetime:
    """The deadline from the stored facts; an open pause counts up to ``now``."""
    extensions = [e.period for e in sorted(petition.extensions, key=lambda e: e.sequence)]
    return petition_due(
        petition.received_at, petition.period, pauses_of(petition), extensions, closures=closures, now=now
    )


def recompute_due(uow: UnitOfWork, petition: Petition, now: datetime, closures: Collection[date] | None = None) -> bool:
    """Store the deadline anew; True when it moved."""
    closures = closure_days(uow, petition.office_id) if closures is None else closures
    due = compute_due(petition, closures, now)
    changed = due != petition.due_at
    petition.due_at = due
    return changed


def recompute_open(uow: UnitOfWork, office_id: int, now: datetime) -> int:
    """Recompute the deadline of every open petition of the office (a closure added or removed); how many moved.

    The petitions are locked (in id order, as every caller takes them) so that a transition running at the
    same moment either comes first and is seen here, or waits and then sees the new closures."""
    closures = closure_days(uow, office_id)
    rows = uow.session.scalars(
        select(Petition)
        .options(selectinload(Petition.pauses), selectinload(Petition.extensions))
        .where(Petition.office_id == office_id, Petition.status.in_(OPEN_STATUSES))
        .order_by(Petition.id)
        .with_for_update(of=Petition)
    ).all()
    return sum(1 for p in rows if recompute_due(uow, p, now, closures))


# --- views ---------------------------------------------------------------------------------------


def petition_view(
    petition: Petition,
    applicant_name: str,
    clerk_name: str,
    closures: Collection[date],
    now: datetime,
) -> PetitionView:
    """The list's view of a petition: time left in working hours, its urgency, the phone masked."""
    due = petition.due_at
    hours_per_day = deadline_rules(on=petition.received_at.astimezone(SEOUL).date()).hours_per_day
    if petition.status in OPEN_STATUSES:
        if petition.status == "supplement":
            due = compute_due(petition, closures, now)
        left = time_left(due, now, closures=closures)
        level = "paused" if petition.status == "supplement" else urgency(left, hours_per_day)
        label = Text("보완 중(정지) · {left}", left=left.label) if petition.status == "supplement" else left.label
        hours_left = -left.working_hours if left.overdue else left.working_hours
        overdue = left.overdue and petition.status != "supplement"
    else:
        level, overdue, hours_left = "done", False, 0.0
        if petition.status == "closed":
            label = N_("종결")
        elif petition.late:
            label = N_("기한 넘겨 처리")
        else:
            label = N_("기한 내 처리")
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
        urgency=level,
        extension_count=petition.extension_count,
        decision=petition.decision,
        decided_at=petition.decided_at,
        late=petition.late,
        clerk_name=clerk_name,
    )


def view_of(
    uow: UnitOfWork, petition: Petition, now: datetime, closures: Collection[date] | None = None
) -> PetitionView:
    """The view of one petition, its applicant's and clerk's names read in the OPEN unit of work."""
    applicant_name = uow.session.scalar(select(Applicant.name).where(Applicant.id == petition.applicant_id))
    clerk_name = uow.session.scalar(select(StaffUser.display_name).where(StaffUser.id == petition.clerk_id))
    return petition_view(
        petition,
        applicant_name or "",
        clerk_name or "",
        closure_days(uow, petition.office_id) if closures is None else closures,
        now,
    )
