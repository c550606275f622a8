"""Taking a petition (민원 접수): numbered per office and day, its deadline by the law and the office closures."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime

from sqlalchemy import select

from app.domain.calendar import SEOUL
from app.domain.deadlines import due_at
from app.domain.messages import Text
from app.domain.petitions import PetitionType, get_petition_type
from app.services import audit, replay
from app.services.actor import Actor
from app.services.applicants import write_applicant
from app.services.errors import NotFound, ValidationError
from app.services.inputs import clean_int, clean_text
from app.services.outbox import normalise_phone
from app.services.petitions.catalog import CHOSEN_AT_INTAKE, department_choices
from app.services.petitions.records import closure_days, period_param, view_of, write_event
from app.services.roles import authorize
from app.views.petitions import PetitionView
from db.models import Applicant, Office, utcnow
from db.models_petitions import Petition
from db.numbers import next_number
from db.uow import UnitOfWork

PETITION_SERIES = "petition"
SUMMARY_MAX = 2000
_ANY_PHONE = re.compile(r"^0\d{1,2}-?\d{3,4}-?\d{4}$")


def petition_number(day: date, sequence: int) -> str:
    return f"민원-{day:%Y%m%d}-{sequence:04d}"


def clean_phone(phone: str) -> str:
    """A mobile number in its usual form, any other Korean phone number as typed without spaces, or ""."""
    phone = clean_text(phone, "전화번호", max_len=40)
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


def find_petition(uow: UnitOfWork, actor: Actor, client_uuid: uuid.UUID, now: datetime) -> PetitionView | None:
    """The petition taken under ``client_uuid`` (a replay), or None; opens its own read."""
    with uow:
        existing = uow.session.scalars(
            select(Petition).where(Petition.uuid == client_uuid, Petition.office_id == actor.office_id)
        ).first()
        return view_of(uow, existing, now) if existing is not None else None


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
    resident number or registered. A replay with the same ``client_uuid`` returns the petition taken.
    """
    moment = now or utcnow()
    authorize(actor, "petition.intake", now=moment)
    type_code = clean_text(type_code, "민원 종류", max_len=60, required=True)
    try:
        petition_type = get_petition_type(type_code, on=moment)
    except ValueError as exc:
        raise ValidationError.of(exc) from None
    if petition_type.department == CHOSEN_AT_INTAKE:
        department = clean_text(department, "소관부서", max_len=60)
        if department not in department_choices(on=moment):
            raise ValidationError("{name:은/는} 소관부서를 골라야 합니다.", name=petition_type.name)
    else:
        department = petition_type.department
    contact = clean_phone(phone)
    if applicant_id is not None:
        applicant_id = clean_int(applicant_id, "민원인 번호", minimum=1, maximum=2_147_483_647)
    summary = clean_text(summary, "민원 내용", max_len=SUMMARY_MAX, multiline=True)
    key = client_uuid or uuid.uuid4()

    def write() -> PetitionView:
        with uow:
            existing = uow.session.scalars(select(Petition).where(Petition.uuid == key)).first()
            if existing is not None:
                return replay.answered(view_of(uow, existing, moment))
            view = write_petition(
                uow,
                actor,
                petition_type=petition_type,
                department=department,
                applicant_name=applicant_name,
                resident_number=resident_number,
                applicant_id=applicant_id,
                contact=contact,
                summary=summary,
                client_uuid=key,
                moment=moment,
            )
            uow.commit()
        return view

    # Two counters replaying the same intake at once: the second's insert meets the first's uuid and is
    # answered with the petition the first took.
    return replay.write_once(write, lambda: find_petition(uow, actor, key, moment))


def write_petition(
    uow: UnitOfWork,
    actor: Actor,
    *,
    petition_type: PetitionType,
    department: str,
    applicant_name: str,
    resident_number: str | None,
    applicant_id: int | None,
    contact: str,
    summary: str,
    client_uuid: uuid.UUID,
    moment: datetime,
) -> PetitionView:
    """Write the petition (checked by ``intake_petition``) into the OPEN unit of work."""
    # A closure being added or removed right now moves every open deadline: wait for it, so this
    # petition's deadline counts it too (a share lock: intakes do not wait for each other).
    uow.session.scalars(select(Office.id).where(Office.id == actor.office_id).with_for_update(read=True)).first()
    applicant_key: int
    if applicant_id is not None:
        known = uow.session.get(Applicant, applicant_id)
        if known is None:
            raise NotFound("민원인을 찾을 수 없습니다.")
        applicant_key = known.id
    else:
        applicant_key = write_applicant(
            uow, actor, name=applicant_name, resident_number=resident_number or None, phone=contact, address=""
        ).id
    closures = closure_days(uow, actor.office_id)
    try:
        due = due_at(moment, petition_type.period, closures=closures)
    except ValueError as exc:
        raise ValidationError.of(exc) from None
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
    note = Text("{period}, {department}", period=period_param(petition_type.period), department=department)
    write_event(uow, actor, petition, "intake", "", "received", moment, note=note)
    audit.record(
        uow,
        actor,
        "petition.intake",
        record_type="petition",
        record_id=petition.number,
        detail=f"{petition_type.name} · {department} · 기한 {due.astimezone(SEOUL):%Y-%m-%d %H:%M}",
    )
    return view_of(uow, petition, moment)
