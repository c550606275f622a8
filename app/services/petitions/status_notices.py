"""Status notices (처리 진행상황 통지): due 30 days after receipt and every 30 days after, while the petition runs."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from sqlalchemy import select

from app.domain.calendar import SEOUL
from app.domain.deadlines import deadline_rules, status_notice_dates
from app.domain.messages import Text
from app.domain.petition_rules import OPEN_STATUSES, STATUS_LABELS, STATUS_NOTICE_METHODS
from app.services import audit, replay
from app.services.actor import Actor
from app.services.errors import RuleViolation, ValidationError
from app.services.outbox import enqueue_sms, mask_phone, normalise_phone
from app.services.petitions.records import closure_days, load_petition, write_event
from app.services.roles import authorize
from app.views.petitions import StatusNoticeTodo
from db.models import Applicant, utcnow
from db.models_petitions import Petition, PetitionStatusNotice
from db.uow import UnitOfWork

ACTION = "petition.status_notice"


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
        # The list names the applicants: the read is logged (접속기록).
        listed = {t.petition_id for t in todos}
        audit.record(
            uow,
            actor,
            "petition.status_notice_list",
            record_type="petition",
            detail=f"{today} {len(todos)}건, {len({p.applicant_id for p, _ in rows if p.id in listed})}명",
        )
        uow.commit()
    todos.sort(key=lambda t: (t.due_on, t.number))
    return todos


def record_status_notice(
    uow: UnitOfWork,
    actor: Actor,
    *,
    petition_id: int,
    due_on: date,
    method: str = "문자",
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> None:
    """ "통지함": record the status notice for ``due_on`` (by SMS it goes through the outbox).

    Recording a notice already on file changes nothing, whoever recorded it; a retry with the same
    ``client_uuid`` is answered the same way.
    """
    authorize(actor, "petition.process")
    if method not in STATUS_NOTICE_METHODS:
        raise ValidationError("통지 방법을 고르세요 ({methods}).", methods=", ".join(STATUS_NOTICE_METHODS))
    moment = now or utcnow()
    with uow:
        petition = load_petition(uow, actor, petition_id, lock=True)
        if replay.already_done(
            uow, actor, client_uuid=client_uuid, action=ACTION, record_type="petition", record_id=petition.id
        ):
            return
        closures = closure_days(uow, actor.office_id)
        due_dates = status_notice_dates(petition.received_at, until=moment, closures=closures)
        if due_on not in due_dates:
            raise RuleViolation(
                "{number:은/는} {due_on:%Y-%m-%d}에 진행상황 통지할 날이 아닙니다.",
                number=petition.number,
                due_on=due_on,
            )
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
        write_event(
            uow,
            actor,
            petition,
            "status_notice",
            petition.status,
            petition.status,
            moment,
            note=Text("{due_on:%Y-%m-%d}분 {method}", due_on=due_on, method=method),
            event_uuid=client_uuid,
        )
        audit.record(
            uow,
            actor,
            ACTION,
            record_type="petition",
            record_id=petition.number,
            detail=f"{due_on:%Y-%m-%d}분 {method}",
        )
        replay.remember(
            uow, actor, client_uuid=client_uuid, action=ACTION, record_type="petition", record_id=petition.id
        )
        uow.commit()
