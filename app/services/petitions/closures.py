"""Office closures (임시 휴무일): days the deadlines do not count; adding or removing one moves every open
petition's deadline in the same transaction.

A change locks the office's row first, so closure changes of one office run one after the other (each
recomputes every open deadline with the closures as they are), and an intake taking its deadline at that
moment waits for it (``intake`` takes the same row in share mode).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from sqlalchemy import select

from app.domain.calendar import SEOUL
from app.services import audit, replay
from app.services.actor import Actor
from app.services.errors import NotFound, ValidationError
from app.services.inputs import clean_text
from app.services.petitions.records import recompute_open
from app.services.roles import authorize, can
from app.views.petitions import ClosureView
from db.models import Office, utcnow
from db.models_petitions import OfficeClosure
from db.uow import UnitOfWork

# A closure is recorded at most this far back (an outage noted late) or ahead (a planned closure).
CLOSURE_PAST = timedelta(days=366)
CLOSURE_AHEAD = timedelta(days=2 * 366)


def list_closures(uow: UnitOfWork, actor: Actor) -> list[ClosureView]:
    if not (can(actor, "closure.manage") or can(actor, "petition.intake")):
        authorize(actor, "closure.manage")
    with uow:
        rows = uow.session.scalars(
            select(OfficeClosure).where(OfficeClosure.office_id == actor.office_id).order_by(OfficeClosure.day)
        ).all()
        return [ClosureView(r.id, r.day, r.reason) for r in rows]


def _find(uow: UnitOfWork, actor: Actor, day: date) -> OfficeClosure | None:
    return uow.session.scalars(
        select(OfficeClosure).where(OfficeClosure.office_id == actor.office_id, OfficeClosure.day == day)
    ).first()


def _lock_office(uow: UnitOfWork, actor: Actor) -> None:
    # FOR NO KEY UPDATE: inserts elsewhere that only reference the office (receipts, SMS) do not wait.
    uow.session.scalars(select(Office.id).where(Office.id == actor.office_id).with_for_update(key_share=True)).first()


def _check_day(day: object, moment: datetime) -> date:
    if isinstance(day, datetime) or not isinstance(day, date):
        raise ValidationError("휴무일을 날짜로 입력하세요.")
    today = moment.astimezone(SEOUL).date()
    if not today - CLOSURE_PAST <= day <= today + CLOSURE_AHEAD:
        raise ValidationError(
            "휴무일은 {first:%Y-%m-%d}부터 {last:%Y-%m-%d} 사이로 입력하세요.",
            first=today - CLOSURE_PAST,
            last=today + CLOSURE_AHEAD,
        )
    return day


def add_closure(
    uow: UnitOfWork,
    actor: Actor,
    *,
    day: date,
    reason: str,
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> ClosureView:
    """Add an office closure (supervisor) and move the deadlines of every open petition; a retry with the
    same ``client_uuid`` returns the closure added."""
    authorize(actor, "closure.manage")
    moment = now or utcnow()
    day = _check_day(day, moment)
    reason = clean_text(reason, "휴무 사유", max_len=200)
    if len(reason) < 2:
        raise ValidationError("휴무 사유를 입력하세요.")
    key = f"{day:%Y-%m-%d}"
    with uow:
        _lock_office(uow, actor)
        existing = _find(uow, actor, day)
        if replay.already_done(
            uow, actor, client_uuid=client_uuid, action="closure.add", record_type="office_closure", record_id=key
        ):
            if existing is None:
                raise NotFound("{day:%Y-%m-%d} 휴무일은 등록된 뒤 이미 지워졌습니다.", day=day)
            return ClosureView(existing.id, existing.day, existing.reason, replayed=True)
        if existing is not None:
            raise ValidationError(
                "{day:은/는} 이미 휴무일입니다 ({reason}).", day=day.isoformat(), reason=existing.reason
            )
        row = OfficeClosure(office_id=actor.office_id, day=day, reason=reason, created_by=actor.user_id)
        uow.session.add(row)
        uow.session.flush()
        moved = recompute_open(uow, actor.office_id, moment)
        audit.record(
            uow,
            actor,
            "closure.add",
            record_type="office_closure",
            record_id=key,
            detail=f"{reason} · 기한 변경 {moved}건",
        )
        replay.remember(
            uow, actor, client_uuid=client_uuid, action="closure.add", record_type="office_closure", record_id=key
        )
        view = ClosureView(row.id, row.day, row.reason)
        uow.commit()
    return view


def remove_closure(
    uow: UnitOfWork,
    actor: Actor,
    *,
    day: date,
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> None:
    """Remove an office closure (supervisor) and move the deadlines back; a retry with the same
    ``client_uuid`` changes nothing."""
    authorize(actor, "closure.manage")
    moment = now or utcnow()
    day = _check_day(day, moment)
    key = f"{day:%Y-%m-%d}"
    with uow:
        _lock_office(uow, actor)
        row = _find(uow, actor, day)
        if replay.already_done(
            uow, actor, client_uuid=client_uuid, action="closure.remove", record_type="office_closure", record_id=key
        ):
            return
        if row is None:
            raise NotFound(
                "{day:은/는} 등록된 휴무일이 아닙니다 (이미 지워졌거나 등록된 적이 없습니다).", day=day.isoformat()
            )
        uow.session.delete(row)
        uow.session.flush()
        moved = recompute_open(uow, actor.office_id, moment)
        audit.record(
            uow,
            actor,
            "closure.remove",
            record_type="office_closure",
            record_id=key,
            detail=f"기한 변경 {moved}건",
        )
        replay.remember(
            uow, actor, client_uuid=client_uuid, action="closure.remove", record_type="office_closure", record_id=key
        )
        uow.commit()
