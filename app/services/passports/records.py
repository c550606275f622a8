"""The floor of the passport services: loading an application of this office, building its view, the checks
every passport use case shares (the moment, the resident number, the permission among several).

The use-case modules (intake, guidance, status, losses, refunds, queries) stand on this one and never on
each other's private parts.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime

from sqlalchemy import func, select

from app.domain import passport as pp
from app.domain.calendar import SEOUL
from app.domain.identity import InvalidResidentNumber, ResidentNumber, parse_resident_number
from app.domain.passport.emergency import EmergencyTarget, emergency_target
from app.domain.passport.status import status_label
from app.services import replay
from app.services.actor import Actor
from app.services.errors import NotFound, ValidationError
from app.services.inputs import clean_int
from app.services.outbox import mask_phone, normalise_phone
from app.services.roles import authorize, can
from app.views.passport import ApplicationView, LossReportView, RefundView
from app.views.receipts import ReceiptView
from db.models import Applicant, Office, Receipt, utcnow
from db.models_passport import PassportApplication, PassportLossReport, PassportRefund
from db.models_petitions import OfficeClosure
from db.uow import UnitOfWork

APPLICATION_SERIES = "passport"
LOSS_SERIES = "passport_loss"
RECORD_TYPE = "passport_application"
LOSS_RECORD_TYPE = "passport_loss_report"
CHECKLIST_RECORD_TYPE = "passport_checklist"
FEE_ITEM = "passport_fee"
CONTRIBUTION_ITEM = "passport_contribution"


def moment_of(now: datetime | None) -> datetime:
    """``now`` (timezone-aware) or the current moment."""
    moment = now or utcnow()
    if moment.tzinfo is None:
        raise ValidationError("시각에 시간대 정보가 없습니다.")
    return moment


def authorize_any(actor: Actor, permissions: Sequence[str], now: datetime | None) -> None:
    """Authorise by the first of ``permissions`` the actor holds (the refusal names the first one)."""
    for permission in permissions:
        if can(actor, permission):
            authorize(actor, permission, now=now)
            return
    authorize(actor, permissions[0], now=now)


def rule_error(exc: pp.PassportRuleError) -> ValidationError:
    """A refusal by the passport rules, as the services raise it."""
    return ValidationError.of(exc)


def parse_applicant_rrn(text: str) -> ResidentNumber:
    """The applicant's resident number; a foreigner's registration number cannot apply for a Korean passport."""
    if not (text or "").strip():
        raise ValidationError("여권 신청인의 주민등록번호를 입력하세요.")
    try:
        rrn = parse_resident_number(text)
    except InvalidResidentNumber as exc:
        raise ValidationError.of(exc) from None
    if rrn.is_foreigner:
        raise ValidationError("외국인등록번호로는 대한민국 여권을 신청할 수 없습니다. 주민등록번호를 확인하세요.")
    return rrn


def phone_masked(phone: str) -> str:
    if not phone:
        return ""
    try:
        return mask_phone(normalise_phone(phone))
    except ValidationError:
        return "***"


def seoul_day(moment: datetime) -> date:
    return moment.astimezone(SEOUL).date()


def issued_on(app: PassportApplication) -> datetime:
    """The moment the passport counts as issued (for the keeping period): made, else arrived, else received."""
    return issued_at(app.produced_at, app.arrived_at, app.received_at)


def issued_at(produced_at: datetime | None, arrived_at: datetime | None, received_at: datetime) -> datetime:
    """``issued_on`` from an application's three moments (a list that reads them as columns)."""
    return produced_at or arrived_at or received_at


def application_view(
    uow: UnitOfWork, app: PassportApplication, *, receipt: ReceiptView | None = None
) -> ApplicationView:
    """The view of an application loaded in the OPEN unit of work."""
    s = uow.session
    applicant = s.get(Applicant, app.applicant_id)
    assert applicant is not None
    if receipt is not None:
        receipt_number = receipt.number
    else:
        row = s.get(Receipt, app.receipt_id) if app.receipt_id else None
        receipt_number = row.number if row else ""
    refunded: int | None = 0
    if app.emergency:  # only the reduced emergency fee is ever refunded
        refunded = s.scalar(
            select(func.coalesce(func.sum(PassportRefund.amount), 0)).where(PassportRefund.application_id == app.id)
        )
    late = bool(app.emergency and app.due_at and app.delivered_at and app.delivered_at > app.due_at)
    return ApplicationView(
        id=app.id,
        uuid=app.uuid,
        number=app.number,
        applicant_id=applicant.id,
        applicant_name=applicant.name,
        rrn_masked=applicant.rrn_masked,
        phone_masked=phone_masked(applicant.phone),
        age=app.age,
        kind=app.kind,
        label=app.label,
        validity_years=app.validity_years,
        pages=app.pages,
        reduced=app.reduced,
        fee=app.fee,
        contribution=app.contribution,
        total=app.total,
        fee_table=app.fee_table,
        fee_verified=app.fee_verified,
        receipt_number=receipt_number,
        status=app.status,
        status_label=status_label(app.status),
        received_at=app.received_at,
        produced_at=app.produced_at,
        arrived_at=app.arrived_at,
        delivered_at=app.delivered_at,
        sms_consent=app.sms_consent,
        applying_in_person=app.applying_in_person,
        proxy_relation=app.proxy_relation,
        emergency=app.emergency,
        due_at=app.due_at,
        destination_warned=app.destination_warned,
        reduced_claim=app.reduced_claim,
        reduced_proof_due=app.reduced_proof_due,
        refunded=int(refunded or 0),
        collector_name=app.collector_name,
        collector_relation=app.collector_relation,
        roman_name=app.roman_name,
        delivered_late=late,
        receipt=receipt,
    )


def load_application(
    uow: UnitOfWork, actor: Actor, application_id: int, *, for_update: bool = False
) -> PassportApplication:
    """The application of this office in the OPEN unit of work (NotFound otherwise); ``for_update`` locks its
    row until the transaction ends, so that a step is decided on the application as it is now."""
    application_id = clean_int(application_id, "여권 신청 번호", minimum=1, maximum=2**31 - 1)
    query = select(PassportApplication).where(PassportApplication.id == application_id)
    if for_update:
        # populate_existing: the row as the lock found it, never a copy this session read before
        query = query.with_for_update().execution_options(populate_existing=True)
    app = uow.session.scalars(query).first()
    if app is None or app.office_id != actor.office_id:
        raise NotFound("여권 신청을 찾을 수 없습니다 (번호 {application_id}).", application_id=application_id)
    return app


def find_applicant(uow: UnitOfWork, rrn: ResidentNumber) -> Applicant | None:
    """The applicant with this resident number (by its keyed hash), in the OPEN unit of work."""
    assert uow.pii is not None, "PII cipher not configured"
    # Every key's hash: during a key rotation a person not yet re-encrypted carries the old key's.
    hashes = uow.pii.lookup_hashes(rrn.digits)
    return uow.session.scalars(select(Applicant).where(Applicant.rrn_hmac.in_(hashes))).first()


def loss_dates(uow: UnitOfWork, applicant_id: int | None) -> list[date]:
    """Every recorded loss (분실 신고) of the applicant, as dates."""
    if applicant_id is None:
        return []
    return list(
        uow.session.scalars(select(PassportLossReport.lost_on).where(PassportLossReport.applicant_id == applicant_id))
    )


def office_closures(uow: UnitOfWork, office_id: int) -> frozenset[date]:
    """The office's temporary closures (임시 휴무일), which the emergency target's working hours skip."""
    return frozenset(uow.session.scalars(select(OfficeClosure.day).where(OfficeClosure.office_id == office_id)))


def emergency_due(uow: UnitOfWork, office_id: int, received_at: datetime) -> EmergencyTarget:
    """When an emergency application received at ``received_at`` is due (in the OPEN uow): 3 working hours,
    office closures counted, with the clock-time label and the sentence for the applicant when not today."""
    try:
        return emergency_target(received_at, closures=office_closures(uow, office_id))
    except pp.PassportRuleError as exc:
        raise rule_error(exc) from None


def office_of(uow: UnitOfWork, actor: Actor) -> Office:
    office = uow.session.get(Office, actor.office_id)
    assert office is not None
    return office


def loss_view(report: PassportLossReport, name: str) -> LossReportView:
    return LossReportView(
        id=report.id,
        uuid=report.uuid,
        number=report.number,
        applicant_id=report.applicant_id,
        applicant_name=name,
        lost_on=report.lost_on,
        place=report.place,
        circumstances=report.circumstances,
        passport_number=report.passport_number,
        reported_at=report.reported_at,
    )


def refund_view(uow: UnitOfWork, refund: PassportRefund) -> RefundView:
    app = uow.session.get(PassportApplication, refund.application_id)
    receipt = uow.session.get(Receipt, refund.receipt_id)
    return RefundView(
        id=refund.id,
        uuid=refund.uuid,
        application_number=app.number if app else "",
        receipt_number=receipt.number if receipt else "",
        fee_amount=refund.fee_amount,
        contribution_amount=refund.contribution_amount,
        amount=refund.amount,
        method=refund.method,
        proof=refund.proof,
        fee_table=refund.fee_table,
        refunded_at=refund.refunded_at,
    )


def change_application(
    uow: UnitOfWork,
    actor: Actor,
    *,
    application_id: int,
    action: str,
    client_uuid: uuid.UUID | None,
    change: Callable[[PassportApplication], None],
) -> ApplicationView:
    """Lock the application, answer a replay of ``action`` with its view, else ``change`` it (raising a refusal
    when its rule says no), remember the client id and commit: the pattern of every transition a screen sends."""

    def write() -> ApplicationView:
        with uow:
            app = load_application(uow, actor, application_id, for_update=True)
            if replay.already_done(
                uow, actor, client_uuid=client_uuid, action=action, record_type=RECORD_TYPE, record_id=app.id
            ):
                return replay.answered(application_view(uow, app))
            change(app)
            replay.remember(
                uow, actor, client_uuid=client_uuid, action=action, record_type=RECORD_TYPE, record_id=app.id
            )
            uow.session.flush()
            view = application_view(uow, app)
            uow.commit()
        return view

    def find() -> ApplicationView | None:
        with uow:
            app = load_application(uow, actor, application_id)
            done = replay.already_done(
                uow, actor, client_uuid=client_uuid, action=action, record_type=RECORD_TYPE, record_id=app.id
            )
            return application_view(uow, app) if done else None

    return replay.write_once(write, find)
