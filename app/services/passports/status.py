"""A passport application's steps (접수 → 심사 → 제작 → 도착) and its delivery (교부).

Each step locks the application's row and decides on it as it is now, so two counters pressing at once get one
success and one refusal. Each takes the screen's ``client_uuid``: a retry after a lost reply is answered with
the application as it stands instead of "already done".
"""

from __future__ import annotations

import uuid
from datetime import datetime

from app.domain import passport as pp
from app.domain.passport.status import (
    ADVANCE_STEPS,
    ARRIVED,
    COLLECTOR_SELF,
    DELIVERED,
    PRODUCTION,
    REVIEW,
    advance_refusal,
    collector_input_refusal,
    collector_refusal,
    delivery_refusal,
    status_label,
)
from app.services import audit
from app.services.actor import Actor
from app.services.errors import RuleViolation, ValidationError
from app.services.inputs import clean_name, clean_text
from app.services.outbox import enqueue_sms
from app.services.passports.records import RECORD_TYPE, change_application, issued_on, moment_of, office_of
from app.services.roles import authorize
from app.views.passport import ApplicationView
from db.models import Applicant
from db.models_passport import PassportApplication
from db.uow import UnitOfWork

DELIVER_ACTION = "passport.deliver"
_STATUS_TIME = {REVIEW: "reviewed_at", PRODUCTION: "produced_at", ARRIVED: "arrived_at", DELIVERED: "delivered_at"}


def advance_action(to_status: str) -> str:
    """The action name a step is remembered under (one per target step)."""
    return f"passport.status.{to_status}"


def advance_application(
    uow: UnitOfWork,
    actor: Actor,
    *,
    application_id: int,
    to_status: str,
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> ApplicationView:
    """Move an application one step: 접수 → 심사 → 제작 → 도착 (SMS on arrival if consented).

    교부 is ``deliver_passport``; anything out of order is refused.
    """
    moment = moment_of(now)
    authorize(actor, "passport.intake", now=moment)
    if to_status not in ADVANCE_STEPS:
        if to_status == DELIVERED:
            raise ValidationError("교부는 '교부' 기능(신분증 확인)으로 처리하세요.")
        raise ValidationError("알 수 없는 단계입니다: {to_status}", to_status=str(to_status)[:20])

    def change(app: PassportApplication) -> None:
        done_at = getattr(app, _STATUS_TIME[app.status]) if app.status in _STATUS_TIME else app.received_at
        refusal = advance_refusal(app.number, app.status, to_status, done_at=done_at, now=moment)
        if refusal is not None:
            raise RuleViolation(refusal)
        previous = app.status
        app.status = to_status
        setattr(app, _STATUS_TIME[to_status], moment)
        detail = f"{status_label(previous)}→{status_label(to_status)}"
        if to_status == ARRIVED and app.sms_consent and _arrival_sms(uow, actor, app, moment):
            detail += " 문자 안내"
        audit.record(uow, actor, "passport.status", record_type=RECORD_TYPE, record_id=app.number, detail=detail)

    return change_application(
        uow,
        actor,
        application_id=application_id,
        action=advance_action(to_status),
        client_uuid=client_uuid,
        change=change,
    )


def _arrival_sms(uow: UnitOfWork, actor: Actor, app: PassportApplication, moment: datetime) -> bool:
    """Queue the arrival text (도착 안내) to the applicant's phone; False when there is no phone."""
    applicant = uow.session.get(Applicant, app.applicant_id)
    if applicant is None or not applicant.phone:
        return False
    office = office_of(uow, actor)
    rule = pp.keeping_rule(moment)
    enqueue_sms(
        uow,
        office_id=actor.office_id,
        recipient=applicant.phone,
        body=(
            f"[{office.name} {office.department}] {applicant.name}님, 신청하신 여권"
            f"(접수번호 {app.number})이 도착했습니다. 신분증을 가지고 여권 창구에서 받아 가세요. "
            f"발급일부터 {rule.keeping_months}개월이 지나도록 받지 않으면 여권이 효력을 잃습니다."
        ),
        record_type=RECORD_TYPE,
        record_id=app.number,
    )
    return True


def deliver_passport(
    uow: UnitOfWork,
    actor: Actor,
    *,
    application_id: int,
    id_checked: bool,
    collector_relation: str = COLLECTOR_SELF,
    collector_name: str = "",
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> ApplicationView:
    """Hand over an arrived passport (교부) after the clerk checked the collector's ID.

    The applicant collects in person; a proxy only for a minor (법정대리인 or 2촌 이내 친족) or when the
    application itself was made by proxy for illness or disability.
    """
    moment = moment_of(now)
    authorize(actor, "passport.deliver", now=moment)
    if not id_checked:
        raise ValidationError("받는 사람의 신분증을 확인하고 '신분증 확인함'에 표시하세요.")
    relation = clean_text(collector_relation, "받는 사람", max_len=20) or COLLECTOR_SELF
    collector_name = clean_name(collector_name, "받는 사람 성명", max_len=60, required=False)
    problem = collector_input_refusal(relation, collector_name)
    if problem is not None:
        raise ValidationError(problem)

    def change(app: PassportApplication) -> None:
        refusal = delivery_refusal(app.number, app.status, delivered_at=app.delivered_at, now=moment)
        if refusal is not None:
            raise RuleViolation(refusal)
        if pp.past_keeping_period(issued_on(app), moment):
            raise RuleViolation(
                "{number}: 발급일부터 보관기간이 지나 효력을 잃은 여권입니다 (보관 마지막 날 {last_day}). "
                "새로 신청하도록 안내하세요.",
                number=app.number,
                last_day=pp.keeping_ends_on(issued_on(app)).isoformat(),
            )
        refusal = collector_refusal(age=app.age, applying_in_person=app.applying_in_person, relation=relation)
        if refusal is not None:
            raise RuleViolation(refusal)
        applicant = uow.session.get(Applicant, app.applicant_id)
        assert applicant is not None
        app.status = DELIVERED
        app.delivered_at = moment
        app.delivered_by = actor.user_id
        app.id_checked = True
        app.collector_relation = relation
        app.collector_name = applicant.name if relation == COLLECTOR_SELF else collector_name
        late = bool(app.emergency and app.due_at and moment > app.due_at)
        audit.record(
            uow,
            actor,
            DELIVER_ACTION,
            record_type=RECORD_TYPE,
            record_id=app.number,
            detail=f"수령인 {relation} {app.collector_name}, 신분증 확인" + (" (긴급 처리기한 경과)" if late else ""),
        )

    return change_application(
        uow, actor, application_id=application_id, action=DELIVER_ACTION, client_uuid=client_uuid, change=change
    )
