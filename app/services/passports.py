"""Passports (여권): intake with fee and documents, status to delivery, loss reports, emergency passports, refunds.

Every call authorises first (the guide assistant may only quote fees and print checklists), writes in one
unit of work with its audit entry, and refuses an out-of-order step with a Korean message. Money goes
through ``add_receipt`` (two lines: 발급수수료 and 국제교류기여금); a reduced emergency fee proved later is
paid back as a refund record beside the untouched receipt (see ``apply_reduced_fee_with_proof``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, or_, select

from app.domain import passport as pp
from app.domain.calendar import SEOUL
from app.domain.identity import InvalidResidentNumber, ResidentNumber, parse_resident_number
from app.services import audit
from app.services.actor import Actor
from app.services.applicants import _upsert
from app.services.errors import NotFound, RuleViolation, ValidationError
from app.services.outbox import enqueue_sms, mask_phone, normalise_phone
from app.services.receipts import LineInput, add_receipt, business_day_of
from app.services.roles import authorize, can
from db.models import Applicant, Office, Receipt, utcnow
from db.models_passport import PassportApplication, PassportLossReport, PassportRefund
from db.numbers import next_number
from db.uow import UnitOfWork

RECEIVED, REVIEW, PRODUCTION, ARRIVED, DELIVERED = "received", "review", "production", "arrived", "delivered"
STATUSES: tuple[str, ...] = (RECEIVED, REVIEW, PRODUCTION, ARRIVED, DELIVERED)
STATUS_LABELS = {RECEIVED: "접수", REVIEW: "심사", PRODUCTION: "제작", ARRIVED: "도착", DELIVERED: "교부"}
_STATUS_TIME = {REVIEW: "reviewed_at", PRODUCTION: "produced_at", ARRIVED: "arrived_at", DELIVERED: "delivered_at"}

REDUCED_NONE, REDUCED_WITH_PROOF, REDUCED_LATER = "none", "proof", "later"
REDUCED_CHOICES = {
    REDUCED_NONE: "감면 없음",
    REDUCED_WITH_PROOF: "감면 (증빙 제출함)",
    REDUCED_LATER: "감면 (증빙 나중에 제출)",
}
COLLECTOR_SELF = "본인"
REFUND_METHODS = ("현금", "카드 취소", "계좌 입금")
APPLICATION_SERIES = "passport"
LOSS_SERIES = "passport_loss"
RECORD_TYPE = "passport_application"
FEE_ITEM = "passport_fee"
CONTRIBUTION_ITEM = "passport_contribution"


# --------------------------------------------------------------------------- views and inputs


@dataclass(frozen=True, slots=True)
class ApplicationForm:
    """What the intake form holds; the resident number is used once and then kept only by applicants."""

    name: str
    resident_number: str
    kind: str
    validity_years: int | None = None
    pages: int | None = None
    phone: str = ""
    address: str = ""
    sms_consent: bool = False
    photo_checked: bool = False
    documents_checked: tuple[str, ...] = ()
    applying_in_person: bool = True
    proxy_name: str = ""
    proxy_relation: str | None = None
    illness_or_disability: bool = False
    has_valid_passport: bool = False
    name_changed: bool = False
    military_service_pending: bool = False
    payment_method: str = "현금"
    emergency_reason: str = ""
    identity_verified: bool = False
    declared_losses_1y: int | None = None
    declared_losses_5y: int | None = None
    destination_warned: bool = False
    reduced_fee: str = REDUCED_NONE
    reduced_reason: str = ""


@dataclass(frozen=True, slots=True)
class ApplicationView:
    """One application as the counter sees it; the resident number only masked."""

    id: int
    uuid: uuid.UUID
    number: str
    applicant_id: int
    applicant_name: str
    rrn_masked: str
    phone_masked: str
    age: int
    kind: str
    label: str
    validity_years: int | None
    pages: int | None
    reduced: bool
    fee: int
    contribution: int
    total: int
    fee_table: str
    fee_verified: bool
    receipt_number: str
    status: str
    status_label: str
    received_at: datetime
    produced_at: datetime | None
    arrived_at: datetime | None
    delivered_at: datetime | None
    sms_consent: bool
    applying_in_person: bool
    proxy_relation: str
    emergency: bool
    due_at: datetime | None
    destination_warned: bool
    reduced_claim: str
    reduced_proof_due: date | None
    refunded: int
    collector_name: str
    collector_relation: str
    delivered_late: bool

    @property
    def next_status(self) -> str | None:
        return next_status(self.status)


@dataclass(frozen=True, slots=True)
class EligibilityView:
    """The emergency-passport check, before payment; ``reasons`` say why not."""

    eligible: bool
    reasons: tuple[str, ...]
    warning: str
    losses: tuple[tuple[int, int], ...]
    recorded_losses: int
    rule: str


@dataclass(frozen=True, slots=True)
class LossReportView:
    id: int
    uuid: uuid.UUID
    number: str
    applicant_id: int
    applicant_name: str
    lost_on: date
    place: str
    circumstances: str
    passport_number: str
    reported_at: datetime


@dataclass(frozen=True, slots=True)
class RefundView:
    id: int
    uuid: uuid.UUID
    application_number: str
    receipt_number: str
    fee_amount: int
    contribution_amount: int
    amount: int
    method: str
    proof: str
    fee_table: str
    refunded_at: datetime


@dataclass(frozen=True, slots=True)
class UncollectedView:
    """A passport that arrived and waits to be collected (미수령)."""

    id: int
    number: str
    applicant_name: str
    rrn_masked: str
    phone_masked: str
    label: str
    arrived_at: datetime
    days_waiting: int
    keeping_ends_on: date
    past_keeping: bool


@dataclass(frozen=True, slots=True)
class EmergencyCountdown:
    """An open emergency application for the countdown on every counter: no personal data but a masked name."""

    id: int
    number: str
    name_masked: str
    status: str
    status_label: str
    received_at: datetime
    due_at: datetime

    def seconds_left(self, now: datetime) -> int:
        return int((self.due_at - now).total_seconds())


@dataclass(frozen=True, slots=True)
class FeeRequest:
    """A fee question without a person: the guide's calculator."""

    kind: str
    validity_years: int | None = None
    pages: int | None = None
    age: int = 30
    reduced: bool = False
    military_service_pending: bool = False


@dataclass(frozen=True, slots=True)
class ChecklistSheet:
    """What the printed checklist shows: the office, the situation in words, the items and a fee quote."""

    office_name: str
    department: str
    office_address: str
    office_phone: str
    printed_at: datetime
    situation: tuple[str, ...]
    items: tuple[pp.ChecklistItem, ...]
    fee: pp.PassportFee | None
    emergency_warning: str
    keeping_note: str
    printed_by: str
    notes: tuple[str, ...] = field(default_factory=tuple)


# --------------------------------------------------------------------------- helpers


def next_status(status: str) -> str | None:
    if status not in STATUSES or status == DELIVERED:
        return None
    return STATUSES[STATUSES.index(status) + 1]


def mask_name(name: str) -> str:
    """``홍○○``: enough for the countdown board, which every counter (and passer-by) can see."""
    name = name.strip()
    return name[:1] + "○" * max(1, len(name) - 1) if name else ""


def _now(now: datetime | None) -> datetime:
    moment = now or utcnow()
    if moment.tzinfo is None:
        raise ValidationError("시각에 시간대 정보가 없습니다.")
    return moment


def _authorize_any(actor: Actor, permissions: Sequence[str], now: datetime | None) -> None:
    for permission in permissions:
        if can(actor, permission):
            authorize(actor, permission, now=now)
            return
    authorize(actor, permissions[0], now=now)


def _rule(exc: pp.PassportRuleError) -> ValidationError:
    return ValidationError(str(exc))


def _parse_rrn(text: str) -> ResidentNumber:
    if not (text or "").strip():
        raise ValidationError("여권 신청인의 주민등록번호를 입력하세요.")
    try:
        rrn = parse_resident_number(text)
    except InvalidResidentNumber as exc:
        raise ValidationError(str(exc)) from None
    if rrn.is_foreigner:
        raise ValidationError("외국인등록번호로는 대한민국 여권을 신청할 수 없습니다. 주민등록번호를 확인하세요.")
    return rrn


def _phone_masked(phone: str) -> str:
    if not phone:
        return ""
    try:
        return mask_phone(normalise_phone(phone))
    except ValidationError:
        return "***"


def _seoul_day(moment: datetime) -> date:
    return moment.astimezone(SEOUL).date()


def _view(uow: UnitOfWork, app: PassportApplication) -> ApplicationView:
    s = uow.session
    applicant = s.get(Applicant, app.applicant_id)
    assert applicant is not None
    receipt = s.get(Receipt, app.receipt_id) if app.receipt_id else None
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
        phone_masked=_phone_masked(applicant.phone),
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
        receipt_number=receipt.number if receipt else "",
        status=app.status,
        status_label=STATUS_LABELS.get(app.status, app.status),
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
        delivered_late=late,
    )


def _load(uow: UnitOfWork, actor: Actor, application_id: int) -> PassportApplication:
    app = uow.session.get(PassportApplication, application_id)
    if app is None or app.office_id != actor.office_id:
        raise NotFound(f"여권 신청을 찾을 수 없습니다 (번호 {application_id}).")
    return app


def _loss_dates(uow: UnitOfWork, applicant_id: int | None) -> list[date]:
    if applicant_id is None:
        return []
    return list(
        uow.session.scalars(select(PassportLossReport.lost_on).where(PassportLossReport.applicant_id == applicant_id))
    )


def _find_applicant(uow: UnitOfWork, rrn: ResidentNumber) -> Applicant | None:
    assert uow.pii is not None, "PII cipher not configured"
    digest = uow.pii.lookup_hash(rrn.digits)
    return uow.session.scalars(select(Applicant).where(Applicant.rrn_hmac == digest)).first()


def _office(uow: UnitOfWork, actor: Actor) -> Office:
    office = uow.session.get(Office, actor.office_id)
    assert office is not None
    return office


# --------------------------------------------------------------------------- lookups without a record


def quote_fee(actor: Actor, request: FeeRequest, *, applied_at: datetime | None = None) -> pp.PassportFee:
    """The fee for a passport (no person, nothing written); the guide assistant's calculator."""
    moment = _now(applied_at)
    authorize(actor, "fee.quote", now=moment)
    try:
        return pp.passport_fee(
            request.kind,
            validity_years=request.validity_years,
            pages=request.pages,
            age=request.age,
            applied_at=moment,
            reduced=request.reduced,
            military_service_pending=request.military_service_pending,
        )
    except pp.PassportRuleError as exc:
        raise _rule(exc) from None


def checklist(actor: Actor, situation: pp.ApplicantSituation, *, on: datetime | None = None) -> list[pp.ChecklistItem]:
    """The required documents for a situation (no person, nothing written)."""
    moment = _now(on)
    authorize(actor, "checklist.print", now=moment)
    try:
        return pp.required_documents(situation, on=moment)
    except pp.PassportRuleError as exc:
        raise _rule(exc) from None


def describe_situation(s: pp.ApplicantSituation) -> tuple[str, ...]:
    """The situation in words for the printed sheet."""
    lines = [f"만 {s.age}세 · {'남' if s.sex in ('M', '남') else '여'}"]
    if s.applying_in_person:
        lines.append("본인이 직접 신청")
    else:
        lines.append(f"대리 신청 ({s.proxy_relation or '-'})")
    if s.illness_or_disability:
        lines.append("질병·장애로 본인이 올 수 없음")
    if s.has_valid_passport:
        lines.append("유효기간이 남은 여권 있음")
    if s.name_changed:
        lines.append("개명함")
    if s.emergency:
        lines.append("긴급여권" + (" (친족 사망·위독 감면 신청)" if s.reduced_fee_claim else ""))
    return tuple(lines)


def prepare_checklist_sheet(
    uow: UnitOfWork,
    actor: Actor,
    *,
    situation: pp.ApplicantSituation,
    fee_request: FeeRequest | None = None,
    now: datetime | None = None,
) -> ChecklistSheet:
    """The content of a checklist print-out; writes only the audit entry of the print (no person, no record)."""
    moment = _now(now)
    authorize(actor, "checklist.print", now=moment)
    try:
        items = pp.required_documents(situation, on=moment)
        fee = None
        if fee_request is not None:
            fee = pp.passport_fee(
                fee_request.kind,
                validity_years=fee_request.validity_years,
                pages=fee_request.pages,
                age=fee_request.age,
                applied_at=moment,
                reduced=fee_request.reduced,
                military_service_pending=fee_request.military_service_pending,
            )
        warning = pp.emergency_warning(moment) if situation.emergency else ""
        rule = pp.keeping_rule(moment)
    except pp.PassportRuleError as exc:
        raise _rule(exc) from None
    summary = describe_situation(situation)
    with uow:
        office = _office(uow, actor)
        audit.record(
            uow,
            actor,
            "checklist.print",
            record_type="passport_checklist",
            detail=" / ".join(summary) + (f" / {fee.label} {fee.total}원" if fee else ""),
        )
        sheet = ChecklistSheet(
            office_name=office.name,
            department=office.department,
            office_address=office.address,
            office_phone=office.phone,
            printed_at=moment,
            situation=summary,
            items=tuple(items),
            fee=fee,
            emergency_warning=warning,
            keeping_note=(
                f"여권이 도착하면 신분증을 가지고 직접 받아 가세요. 발급일부터 {rule.keeping_months}개월이 지나도록 "
                "받지 않으면 여권은 효력을 잃습니다."
            ),
            printed_by=actor.display_name,
        )
        uow.commit()
    return sheet


# --------------------------------------------------------------------------- emergency eligibility


def _eligibility(
    uow: UnitOfWork,
    applicant_id: int | None,
    *,
    identity_verified: bool,
    reason: str,
    declared_losses_1y: int | None,
    declared_losses_5y: int | None,
    moment: datetime,
) -> EligibilityView:
    dates = _loss_dates(uow, applicant_id)
    try:
        result = pp.emergency_eligibility(
            identity_verified=identity_verified,
            reason=reason,
            loss_dates=dates,
            on=_seoul_day(moment),
            declared_losses_1y=declared_losses_1y,
            declared_losses_5y=declared_losses_5y,
        )
    except pp.PassportRuleError as exc:
        raise _rule(exc) from None
    return EligibilityView(
        eligible=result.eligible,
        reasons=result.reasons,
        warning=result.warning,
        losses=result.losses,
        recorded_losses=len(dates),
        rule=result.rule,
    )


def check_emergency_eligibility(
    uow: UnitOfWork,
    actor: Actor,
    *,
    resident_number: str,
    identity_verified: bool,
    reason: str,
    declared_losses_1y: int | None = None,
    declared_losses_5y: int | None = None,
    now: datetime | None = None,
) -> EligibilityView:
    """Whether an emergency passport may be taken, before any payment; reads the recorded loss reports."""
    moment = _now(now)
    authorize(actor, "passport.intake", now=moment)
    rrn = _parse_rrn(resident_number)
    with uow:
        applicant = _find_applicant(uow, rrn)
        view = _eligibility(
            uow,
            applicant.id if applicant else None,
            identity_verified=identity_verified,
            reason=reason,
            declared_losses_1y=declared_losses_1y,
            declared_losses_5y=declared_losses_5y,
            moment=moment,
        )
        audit.record(
            uow,
            actor,
            "passport.emergency_check",
            record_type="applicant" if applicant else "",
            record_id=applicant.uuid if applicant else "",
            detail=("가능" if view.eligible else "불가: " + " ".join(view.reasons)),
        )
        uow.commit()
    return view


# --------------------------------------------------------------------------- intake


def _situation(form: ApplicationForm, rrn: ResidentNumber, age: int) -> pp.ApplicantSituation:
    return pp.ApplicantSituation(
        age=age,
        sex=rrn.sex,
        applying_in_person=form.applying_in_person,
        proxy_relation=None if form.applying_in_person else (form.proxy_relation or None),
        illness_or_disability=form.illness_or_disability,
        has_valid_passport=form.has_valid_passport,
        name_changed=form.name_changed,
        emergency=form.kind == pp.KIND_EMERGENCY,
        reduced_fee_claim=form.reduced_fee != REDUCED_NONE,
        birth_year=rrn.birth_date.year,
    )


def documents_to_check(items: Sequence[pp.ChecklistItem]) -> list[pp.ChecklistItem]:
    """The checklist lines the clerk ticks one by one; the photo lines are covered by '사진 확인'."""
    return [item for item in items if not item.key.startswith("photo")]


def _check_form(form: ApplicationForm, moment: datetime) -> tuple[ResidentNumber, int, pp.PassportFee]:
    """Everything that can be checked without the database; raises ValidationError (nothing written)."""
    rrn = _parse_rrn(form.resident_number)
    if form.kind not in pp.KINDS:
        raise ValidationError("여권 종류를 고르세요 (복수·단수·긴급·잔여유효기간).")
    if form.reduced_fee not in REDUCED_CHOICES:
        raise ValidationError("감면 여부를 고르세요.")
    emergency = form.kind == pp.KIND_EMERGENCY
    if form.reduced_fee != REDUCED_NONE and not emergency:
        raise ValidationError("친족 사망·위독 감면은 긴급여권에만 적용됩니다.")
    if form.reduced_fee != REDUCED_NONE and len(form.reduced_reason.strip()) < 2:
        raise ValidationError("감면 사유(누가 사망·위독한지)를 적으세요.")
    try:
        age = pp.age_at(rrn.birth_date, moment)
        fee = pp.passport_fee(
            form.kind,
            validity_years=form.validity_years,
            pages=form.pages,
            age=age,
            applied_at=moment,
            reduced=form.reduced_fee == REDUCED_WITH_PROOF,
            military_service_pending=form.military_service_pending,
        )
        items = pp.required_documents(_situation(form, rrn, age), on=moment)
    except pp.PassportRuleError as exc:
        raise _rule(exc) from None
    if not form.photo_checked:
        raise ValidationError("여권 사진(6개월 이내 촬영, 규격)을 확인하고 '사진 확인'에 표시하세요.")
    missing = [i.text for i in documents_to_check(items) if i.required and i.key not in form.documents_checked]
    if missing:
        raise ValidationError("확인하지 않은 구비서류가 있습니다:\n· " + "\n· ".join(missing))
    if not form.applying_in_person and not form.proxy_name.strip():
        raise ValidationError("대리 신청이면 창구에 온 대리인의 성명을 적으세요.")
    if form.sms_consent:
        if not form.phone.strip():
            raise ValidationError("문자 알림에 동의했으면 휴대전화 번호를 입력하세요.")
        normalise_phone(form.phone)
    if emergency and not form.destination_warned:
        raise RuleViolation(
            "도착 국가가 긴급여권을 인정하는지 확인하라고 신청인에게 안내한 뒤 '안내함'에 표시하세요.\n"
            + pp.emergency_warning(moment)
        )
    return rrn, age, fee


def take_application(
    uow: UnitOfWork,
    actor: Actor,
    *,
    form: ApplicationForm,
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> ApplicationView:
    """Take a passport application (접수) and its fee in one transaction; numbers like ``P20261125-0001``.

    An emergency passport is checked for eligibility here again, before the fee is taken; a refusal
    says why and writes nothing. A replay with the same ``client_uuid`` returns the same application.
    """
    moment = _now(now)
    authorize(actor, "passport.intake", now=moment)
    client_uuid = client_uuid or uuid.uuid4()
    with uow:
        existing = uow.session.scalars(
            select(PassportApplication).where(PassportApplication.uuid == client_uuid)
        ).first()
        if existing is not None:
            return _view(uow, existing)
        rrn, age, fee = _check_form(form, moment)
        emergency = form.kind == pp.KIND_EMERGENCY
        if emergency:
            known = _find_applicant(uow, rrn)
            result = _eligibility(
                uow,
                known.id if known else None,
                identity_verified=form.identity_verified,
                reason=form.emergency_reason,
                declared_losses_1y=form.declared_losses_1y,
                declared_losses_5y=form.declared_losses_5y,
                moment=moment,
            )
            if not result.eligible:
                raise RuleViolation("긴급여권을 접수할 수 없습니다.\n" + "\n".join(result.reasons))
        applicant = _upsert(
            uow,
            actor,
            name=form.name,
            resident_number=rrn.digits,
            phone=normalise_phone(form.phone) if form.phone.strip() else "",
            address=form.address.strip(),
        )
        day = business_day_of(moment)
        sequence = next_number(
            uow.session, office_id=actor.office_id, series=APPLICATION_SERIES, period=f"{day:%Y%m%d}"
        )
        number = f"P{day:%Y%m%d}-{sequence:04d}"
        receipt = add_receipt(
            uow,
            actor,
            lines=[
                LineInput(FEE_ITEM, f"여권 발급수수료 ({fee.label})", 1, fee.fee, fee_table=fee.table),
                LineInput(CONTRIBUTION_ITEM, "국제교류기여금", 1, fee.contribution, fee_table=fee.table),
            ],
            payment_method=form.payment_method,
            applicant_id=applicant.id,
            now=moment,
        )
        try:
            due = pp.emergency_due_at(moment) if emergency else None
            proof_due = pp.reduced_proof_due(moment) if form.reduced_fee == REDUCED_LATER else None
        except pp.PassportRuleError as exc:
            raise _rule(exc) from None
        app = PassportApplication(
            uuid=client_uuid,
            office_id=actor.office_id,
            terminal_id=actor.terminal_id,
            clerk_id=actor.user_id,
            applicant_id=applicant.id,
            number=number,
            received_at=moment,
            kind=form.kind,
            validity_years=fee.validity_years,
            pages=fee.pages,
            label=fee.label,
            age=age,
            reduced=fee.reduced,
            fee=fee.fee,
            contribution=fee.contribution,
            total=fee.total,
            fee_table=fee.table,
            fee_verified=fee.verified,
            receipt_id=receipt.id,
            photo_checked=True,
            documents_checked=",".join(sorted(set(form.documents_checked))),
            applying_in_person=form.applying_in_person,
            proxy_name="" if form.applying_in_person else form.proxy_name.strip(),
            proxy_relation="" if form.applying_in_person else (form.proxy_relation or ""),
            sms_consent=form.sms_consent,
            status=RECEIVED,
            emergency=emergency,
            emergency_reason=form.emergency_reason.strip() if emergency else "",
            due_at=due,
            destination_warned=emergency and form.destination_warned,
            declared_losses_1y=form.declared_losses_1y if emergency else None,
            declared_losses_5y=form.declared_losses_5y if emergency else None,
            reduced_claim="pending" if form.reduced_fee == REDUCED_LATER else "",
            reduced_reason=form.reduced_reason.strip() if form.reduced_fee != REDUCED_NONE else "",
            reduced_proof_due=proof_due,
        )
        uow.session.add(app)
        uow.session.flush()
        audit.record(
            uow,
            actor,
            "passport.intake",
            record_type=RECORD_TYPE,
            record_id=number,
            detail=f"{fee.label} {fee.total}원 (영수증 {receipt.number}, {fee.table})" + (" 긴급" if emergency else ""),
        )
        view = _view(uow, app)
        uow.commit()
    return view


# --------------------------------------------------------------------------- status and delivery


def advance_application(
    uow: UnitOfWork, actor: Actor, *, application_id: int, to_status: str, now: datetime | None = None
) -> ApplicationView:
    """Move an application one step: 접수 → 심사 → 제작 → 도착 (SMS on arrival if consented).

    교부 is ``deliver_passport``; anything out of order is refused.
    """
    moment = _now(now)
    authorize(actor, "passport.intake", now=moment)
    if to_status not in (REVIEW, PRODUCTION, ARRIVED):
        if to_status == DELIVERED:
            raise ValidationError("교부는 '교부' 기능(신분증 확인)으로 처리하세요.")
        raise ValidationError(f"알 수 없는 단계입니다: {to_status}")
    with uow:
        app = _load(uow, actor, application_id)
        expected = next_status(app.status)
        if expected != to_status:
            current = STATUS_LABELS.get(app.status, app.status)
            if app.status == DELIVERED:
                raise RuleViolation(f"{app.number}: 이미 교부된 여권입니다.")
            raise RuleViolation(
                f"{app.number}: '{current}' 단계에서 '{STATUS_LABELS[to_status]}'(으)로 넘길 수 없습니다. "
                f"다음 단계는 '{STATUS_LABELS[expected or DELIVERED]}'입니다."
            )
        previous = app.status
        app.status = to_status
        setattr(app, _STATUS_TIME[to_status], moment)
        detail = f"{STATUS_LABELS[previous]}→{STATUS_LABELS[to_status]}"
        if to_status == ARRIVED and app.sms_consent:
            applicant = uow.session.get(Applicant, app.applicant_id)
            office = _office(uow, actor)
            if applicant is not None and applicant.phone:
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
                detail += " 문자 안내"
        audit.record(uow, actor, "passport.status", record_type=RECORD_TYPE, record_id=app.number, detail=detail)
        uow.session.flush()
        view = _view(uow, app)
        uow.commit()
    return view


def _issued_on(app: PassportApplication) -> datetime:
    moment = app.produced_at or app.arrived_at or app.received_at
    return moment


def deliver_passport(
    uow: UnitOfWork,
    actor: Actor,
    *,
    application_id: int,
    id_checked: bool,
    collector_relation: str = COLLECTOR_SELF,
    collector_name: str = "",
    now: datetime | None = None,
) -> ApplicationView:
    """Hand over an arrived passport (교부) after the clerk checked the collector's ID.

    The applicant collects in person; a proxy only for a minor (법정대리인 or 2촌 이내 친족) or when the
    application itself was made by proxy for illness or disability.
    """
    moment = _now(now)
    authorize(actor, "passport.deliver", now=moment)
    if not id_checked:
        raise ValidationError("받는 사람의 신분증을 확인하고 '신분증 확인함'에 표시하세요.")
    relation = (collector_relation or "").strip() or COLLECTOR_SELF
    if relation != COLLECTOR_SELF and relation not in pp.PROXY_RELATIONS:
        raise ValidationError(f"받는 사람을 고르세요: 본인, {', '.join(pp.PROXY_RELATIONS)}.")
    if relation != COLLECTOR_SELF and not collector_name.strip():
        raise ValidationError("대리 수령이면 받는 사람의 성명을 적으세요.")
    with uow:
        app = _load(uow, actor, application_id)
        if app.status == DELIVERED:
            raise RuleViolation(f"{app.number}: 이미 교부된 여권입니다.")
        if app.status != ARRIVED:
            raise RuleViolation(
                f"{app.number}: 도착한 여권만 교부할 수 있습니다 (현재 단계: {STATUS_LABELS[app.status]})."
            )
        if pp.past_keeping_period(_issued_on(app), moment):
            raise RuleViolation(
                f"{app.number}: 발급일부터 보관기간이 지나 효력을 잃은 여권입니다 "
                f"(보관 마지막 날 {pp.keeping_ends_on(_issued_on(app)).isoformat()}). 새로 신청하도록 안내하세요."
            )
        applicant = uow.session.get(Applicant, app.applicant_id)
        assert applicant is not None
        if relation != COLLECTOR_SELF:
            minor = app.age < 18
            if minor and relation not in (pp.PROXY_LEGAL_REP, pp.PROXY_RELATIVE):
                raise RuleViolation("미성년자의 여권은 법정대리인 또는 2촌 이내 친족이 대신 받을 수 있습니다.")
            if not minor and app.applying_in_person:
                raise RuleViolation(
                    "본인이 직접 신청한 성인의 여권은 본인이 받아야 합니다. "
                    "질병·장애로 대리 신청한 경우에만 대리인이 받을 수 있습니다."
                )
        app.status = DELIVERED
        app.delivered_at = moment
        app.delivered_by = actor.user_id
        app.id_checked = True
        app.collector_relation = relation
        app.collector_name = applicant.name if relation == COLLECTOR_SELF else collector_name.strip()
        late = bool(app.emergency and app.due_at and moment > app.due_at)
        audit.record(
            uow,
            actor,
            "passport.deliver",
            record_type=RECORD_TYPE,
            record_id=app.number,
            detail=f"수령인 {relation} {app.collector_name}, 신분증 확인" + (" (긴급 처리기한 경과)" if late else ""),
        )
        uow.session.flush()
        view = _view(uow, app)
        uow.commit()
    return view


def get_application(uow: UnitOfWork, actor: Actor, *, application_id: int) -> ApplicationView:
    _authorize_any(actor, ("passport.intake", "passport.deliver"), None)
    with uow:
        app = _load(uow, actor, application_id)
        audit.record(uow, actor, "passport.read", record_type=RECORD_TYPE, record_id=app.number)
        view = _view(uow, app)
        uow.commit()
    return view


def list_applications(
    uow: UnitOfWork, actor: Actor, *, now: datetime | None = None, limit: int = 300
) -> list[ApplicationView]:
    """Open applications and those delivered today, newest first; one audit entry for the list."""
    moment = _now(now)
    _authorize_any(actor, ("passport.intake", "passport.deliver"), moment)
    day = business_day_of(moment)
    start = datetime(day.year, day.month, day.day, tzinfo=SEOUL)
    with uow:
        rows = uow.session.scalars(
            select(PassportApplication)
            .where(
                PassportApplication.office_id == actor.office_id,
                or_(PassportApplication.status != DELIVERED, PassportApplication.delivered_at >= start),
            )
            .order_by(PassportApplication.received_at.desc(), PassportApplication.id.desc())
            .limit(limit)
        ).all()
        views = [_view(uow, row) for row in rows]
        audit.record(uow, actor, "passport.list", record_type=RECORD_TYPE, detail=f"{len(views)}건")
        uow.commit()
    return views


def open_emergencies(uow: UnitOfWork, actor: Actor, *, now: datetime | None = None) -> list[EmergencyCountdown]:
    """Emergency applications not yet delivered, soonest due first (for the countdown board; not audited:
    it shows no personal data beyond a masked name)."""
    moment = _now(now)
    _authorize_any(actor, ("passport.intake", "passport.deliver"), moment)
    with uow:
        rows = uow.session.execute(
            select(PassportApplication, Applicant.name)
            .join(Applicant, Applicant.id == PassportApplication.applicant_id)
            .where(
                PassportApplication.office_id == actor.office_id,
                PassportApplication.emergency.is_(True),
                PassportApplication.status != DELIVERED,
            )
            .order_by(PassportApplication.due_at)
        ).all()
        return [
            EmergencyCountdown(
                id=app.id,
                number=app.number,
                name_masked=mask_name(name),
                status=app.status,
                status_label=STATUS_LABELS[app.status],
                received_at=app.received_at,
                due_at=app.due_at or app.received_at,
            )
            for app, name in rows
        ]


def list_uncollected(
    uow: UnitOfWork, actor: Actor, *, older_than_days: int | None = None, now: datetime | None = None
) -> list[UncollectedView]:
    """Arrived passports waiting longer than ``older_than_days`` (default from passport_rules.toml: more
    than that many days since arrival, the day of arrival not counted), and every one past the legal
    keeping period, longest waiting first."""
    moment = _now(now)
    _authorize_any(actor, ("passport.deliver", "passport.intake"), moment)
    today = _seoul_day(moment)
    days = pp.keeping_rule(today).uncollected_notice_days if older_than_days is None else older_than_days
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise ValidationError("미수령 기준 날수는 0 이상의 정수로 입력하세요.")
    with uow:
        rows = uow.session.execute(
            select(PassportApplication, Applicant)
            .join(Applicant, Applicant.id == PassportApplication.applicant_id)
            .where(PassportApplication.office_id == actor.office_id, PassportApplication.status == ARRIVED)
            .order_by(PassportApplication.arrived_at)
        ).all()
        result: list[UncollectedView] = []
        for app, applicant in rows:
            arrived = app.arrived_at or app.received_at
            waiting = (today - _seoul_day(arrived)).days
            ends = pp.keeping_ends_on(_issued_on(app))
            past = today > ends
            if waiting > days or past:
                result.append(
                    UncollectedView(
                        id=app.id,
                        number=app.number,
                        applicant_name=applicant.name,
                        rrn_masked=applicant.rrn_masked,
                        phone_masked=_phone_masked(applicant.phone),
                        label=app.label,
                        arrived_at=arrived,
                        days_waiting=waiting,
                        keeping_ends_on=ends,
                        past_keeping=past,
                    )
                )
        audit.record(
            uow,
            actor,
            "passport.uncollected",
            record_type=RECORD_TYPE,
            detail=f"{days}일 경과 {len(result)}건 (보관기간 경과 {sum(r.past_keeping for r in result)}건)",
        )
        uow.commit()
    return result


# --------------------------------------------------------------------------- loss reports


def _loss_view(report: PassportLossReport, name: str) -> LossReportView:
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


def record_loss_report(
    uow: UnitOfWork,
    actor: Actor,
    *,
    name: str,
    resident_number: str,
    lost_on: date,
    place: str,
    circumstances: str,
    passport_number: str = "",
    phone: str = "",
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> LossReportView:
    """Record a lost passport (분실 신고) for the applicant; numbers like ``L20261125-0001``."""
    moment = _now(now)
    authorize(actor, "passport.loss_report", now=moment)
    rrn = _parse_rrn(resident_number)
    if isinstance(lost_on, datetime) or not isinstance(lost_on, date):
        raise ValidationError("분실한 날짜를 입력하세요.")
    if lost_on > _seoul_day(moment):
        raise ValidationError(f"분실일({lost_on.isoformat()})이 오늘보다 뒤입니다.")
    place = " ".join((place or "").split())
    circumstances = (circumstances or "").strip()
    if len(place) < 2:
        raise ValidationError("분실 장소를 적으세요.")
    if len(circumstances) < 2:
        raise ValidationError("분실 경위를 적으세요.")
    if len(place) > 200:
        raise ValidationError("분실 장소가 너무 깁니다 (200자 이내).")
    passport_number = (passport_number or "").strip().upper()
    if len(passport_number) > 20:
        raise ValidationError("여권번호가 너무 깁니다.")
    client_uuid = client_uuid or uuid.uuid4()
    with uow:
        existing = uow.session.scalars(select(PassportLossReport).where(PassportLossReport.uuid == client_uuid)).first()
        if existing is not None:
            holder = uow.session.get(Applicant, existing.applicant_id)
            return _loss_view(existing, holder.name if holder else "")
        applicant = _upsert(
            uow,
            actor,
            name=name,
            resident_number=rrn.digits,
            phone=normalise_phone(phone) if phone.strip() else "",
            address="",
        )
        day = business_day_of(moment)
        sequence = next_number(uow.session, office_id=actor.office_id, series=LOSS_SERIES, period=f"{day:%Y%m%d}")
        report = PassportLossReport(
            uuid=client_uuid,
            office_id=actor.office_id,
            clerk_id=actor.user_id,
            applicant_id=applicant.id,
            number=f"L{day:%Y%m%d}-{sequence:04d}",
            reported_at=moment,
            lost_on=lost_on,
            place=place,
            circumstances=circumstances,
            passport_number=passport_number,
        )
        uow.session.add(report)
        uow.session.flush()
        audit.record(
            uow,
            actor,
            "passport.loss_report",
            record_type="passport_loss_report",
            record_id=report.number,
            detail=f"분실일 {lost_on.isoformat()}, {place}",
        )
        view = _loss_view(report, applicant.name)
        uow.commit()
    return view


def list_loss_reports(uow: UnitOfWork, actor: Actor, *, applicant_id: int) -> list[LossReportView]:
    _authorize_any(actor, ("passport.loss_report", "passport.intake"), None)
    with uow:
        applicant = uow.session.get(Applicant, applicant_id)
        if applicant is None:
            raise NotFound("민원인을 찾을 수 없습니다.")
        rows = uow.session.scalars(
            select(PassportLossReport)
            .where(PassportLossReport.applicant_id == applicant_id, PassportLossReport.office_id == actor.office_id)
            .order_by(PassportLossReport.lost_on.desc())
        ).all()
        audit.record(uow, actor, "passport.loss_read", record_type="applicant", record_id=applicant.uuid)
        views = [_loss_view(r, applicant.name) for r in rows]
        uow.commit()
    return views


# --------------------------------------------------------------------------- reduced emergency fee


def claim_reduced_fee_later(
    uow: UnitOfWork, actor: Actor, *, application_id: int, reason: str, now: datetime | None = None
) -> ApplicationView:
    """Note that an emergency applicant who paid the normal fee will bring proof of a relative's death or
    critical illness later (within the period in passport_rules.toml); nothing is paid back yet."""
    moment = _now(now)
    authorize(actor, "passport.intake", now=moment)
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError("감면 사유(누가 사망·위독한지)를 적으세요.")
    with uow:
        app = _load(uow, actor, application_id)
        if not app.emergency:
            raise RuleViolation("친족 사망·위독 감면은 긴급여권에만 적용됩니다.")
        if app.reduced:
            raise RuleViolation(f"{app.number}: 이미 감면 수수료로 처리된 신청입니다.")
        if app.reduced_claim == "pending":
            raise RuleViolation(f"{app.number}: 이미 감면 증빙을 기다리는 신청입니다.")
        app.reduced_claim = "pending"
        app.reduced_reason = reason
        app.reduced_proof_due = pp.reduced_proof_due(app.received_at)
        audit.record(
            uow,
            actor,
            "passport.reduced_claim",
            record_type=RECORD_TYPE,
            record_id=app.number,
            detail=f"증빙 기한 {app.reduced_proof_due.isoformat()}",
            reason=reason,
        )
        uow.session.flush()
        view = _view(uow, app)
        uow.commit()
    return view


def apply_reduced_fee_with_proof(
    uow: UnitOfWork,
    actor: Actor,
    *,
    application_id: int,
    proof: str,
    refund_method: str,
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> RefundView:
    """Apply the reduced emergency fee once the proof arrives, and pay the difference back.

    The receipt taken at intake is left as it was (voiding is a supervisor's act, for mistakes); the
    difference is a refund record (환급) tied to that receipt and the application, audited, with the fee
    table that gives the reduced amount. The application then shows the reduced fee.
    """
    moment = _now(now)
    authorize(actor, "passport.intake", now=moment)
    authorize(actor, "receipt.issue", now=moment)
    proof = (proof or "").strip()
    if len(proof) < 2:
        raise ValidationError("제출한 증빙서류(예: 사망진단서)를 적으세요.")
    if refund_method not in REFUND_METHODS:
        raise ValidationError(f"환급 방법을 고르세요 ({', '.join(REFUND_METHODS)}).")
    client_uuid = client_uuid or uuid.uuid4()
    with uow:
        existing = uow.session.scalars(select(PassportRefund).where(PassportRefund.uuid == client_uuid)).first()
        if existing is not None:
            return _refund_view(uow, existing)
        app = _load(uow, actor, application_id)
        if not app.emergency:
            raise RuleViolation("친족 사망·위독 감면은 긴급여권에만 적용됩니다.")
        if app.reduced:
            raise RuleViolation(f"{app.number}: 이미 감면 수수료로 처리되었습니다. 다시 환급할 수 없습니다.")
        due = app.reduced_proof_due or pp.reduced_proof_due(app.received_at)
        if _seoul_day(moment) > due:
            raise RuleViolation(
                f"{app.number}: 감면 증빙 제출 기한({due.isoformat()})이 지나 차액을 돌려줄 수 없습니다."
            )
        receipt = uow.session.get(Receipt, app.receipt_id) if app.receipt_id else None
        if receipt is None or receipt.status != "issued":
            raise RuleViolation(f"{app.number}: 수납 영수증이 없거나 취소되어 환급할 수 없습니다. 팀장에게 문의하세요.")
        try:
            reduced = pp.passport_fee(pp.KIND_EMERGENCY, age=app.age, applied_at=app.received_at, reduced=True)
        except pp.PassportRuleError as exc:
            raise _rule(exc) from None
        fee_diff = app.fee - reduced.fee
        contribution_diff = app.contribution - reduced.contribution
        amount = fee_diff + contribution_diff
        if amount <= 0:
            raise RuleViolation(f"{app.number}: 돌려줄 차액이 없습니다.")
        refund = PassportRefund(
            uuid=client_uuid,
            office_id=actor.office_id,
            clerk_id=actor.user_id,
            application_id=app.id,
            receipt_id=receipt.id,
            refunded_at=moment,
            business_day=business_day_of(moment),
            fee_amount=fee_diff,
            contribution_amount=contribution_diff,
            amount=amount,
            method=refund_method,
            reason=app.reduced_reason or "친족 사망·위독 감면",
            proof=proof,
            fee_table=reduced.table,
        )
        uow.session.add(refund)
        app.reduced = True
        app.reduced_claim = "applied"
        app.fee, app.contribution, app.total = reduced.fee, reduced.contribution, reduced.total
        app.label = reduced.label
        app.fee_table = reduced.table
        app.fee_verified = reduced.verified
        uow.session.flush()
        audit.record(
            uow,
            actor,
            "passport.refund",
            record_type=RECORD_TYPE,
            record_id=app.number,
            detail=f"감면 차액 {amount}원 {refund_method} 환급 (영수증 {receipt.number}, {reduced.table})",
            reason=proof,
        )
        view = _refund_view(uow, refund)
        uow.commit()
    return view


def _refund_view(uow: UnitOfWork, refund: PassportRefund) -> RefundView:
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


def list_refunds(uow: UnitOfWork, actor: Actor, *, day: date) -> list[RefundView]:
    """Refunds paid on a business day (for the day's closing: receipts minus refunds)."""
    _authorize_any(actor, ("receipt.issue", "stats.view"), None)
    with uow:
        rows = uow.session.scalars(
            select(PassportRefund)
            .where(PassportRefund.office_id == actor.office_id, PassportRefund.business_day == day)
            .order_by(PassportRefund.id)
        ).all()
        return [_refund_view(uow, r) for r in rows]
