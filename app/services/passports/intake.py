"""Passport intake (여권 접수): the form checked, the fee taken in two receipt lines, the application numbered.

One call, one transaction: the applicant, the receipt and the application are written together and the
view that comes back carries its receipt, so the counter prints it without reading it again.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select

from app.domain import passport as pp
from app.domain.identity import ResidentNumber
from app.domain.passport.status import RECEIVED, REDUCED_CHOICES, REDUCED_LATER, REDUCED_NONE, REDUCED_WITH_PROOF
from app.domain.romanize import romanize_name, split_korean_name
from app.services import audit, replay
from app.services.actor import Actor
from app.services.applicants import write_applicant
from app.services.errors import RuleViolation, ValidationError
from app.services.inputs import clean_int, clean_name, clean_text
from app.services.outbox import normalise_phone
from app.services.passports.losses import eligibility_in
from app.services.passports.records import (
    APPLICATION_SERIES,
    CONTRIBUTION_ITEM,
    FEE_ITEM,
    RECORD_TYPE,
    application_view,
    emergency_due,
    find_applicant,
    moment_of,
    parse_applicant_rrn,
    rule_error,
)
from app.services.receipts import LineInput, business_day_of, receipt_view, write_receipt
from app.services.roles import authorize, transaction_begun
from app.views.passport import ApplicationForm, ApplicationView
from db.models import Receipt
from db.models_passport import PassportApplication
from db.numbers import next_number
from db.uow import UnitOfWork

TEXT_MAX = 500  # a reason as the counter types it (emergency, reduced fee)
MAX_DECLARED_LOSSES = 99


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


def _clean_form(form: ApplicationForm) -> ApplicationForm:
    """The form's free text checked at the boundary (lengths of the columns, no control or bidi characters),
    the same on both databases; the rules below then read clean values."""
    if isinstance(form.documents_checked, str) or not all(isinstance(k, str) for k in form.documents_checked):
        raise ValidationError("확인한 구비서류 목록이 올바르지 않습니다.")
    relation = form.proxy_relation
    return replace(
        form,
        name=clean_name(form.name),
        resident_number=clean_text(form.resident_number, "주민등록번호", max_len=20),
        phone=clean_text(form.phone, "휴대전화 번호", max_len=40),
        address=clean_text(form.address, "주소", max_len=200),
        proxy_name=clean_name(form.proxy_name, "대리인 성명", max_len=60, required=False),
        proxy_relation=None if relation is None else clean_text(relation, "대리인 관계", max_len=20) or None,
        emergency_reason=clean_text(form.emergency_reason, "긴급 사유", max_len=TEXT_MAX),
        reduced_reason=clean_text(form.reduced_reason, "감면 사유", max_len=TEXT_MAX),
        roman_name=_roman_name(form),
        declared_losses_1y=_losses(form.declared_losses_1y, "최근 1년 분실 횟수"),
        declared_losses_5y=_losses(form.declared_losses_5y, "최근 5년 분실 횟수"),
    )


_ROMAN_NAME = re.compile(r"[A-Z]+(?:[-'][A-Z]+)*(?: [A-Z]+(?:[-'][A-Z]+)*)+")
ROMAN_NAME_MAX = 80


def _roman_name(form: ApplicationForm) -> str:
    """로마자 성명 in capitals, surname first (``HONG GILDONG``); left empty, the standard romanisation of the
    Korean name (``app.domain.romanize``) is taken, as the form offers it."""
    typed = " ".join(clean_text(form.roman_name, "로마자 성명", max_len=ROMAN_NAME_MAX).split()).upper()
    if not typed:
        try:
            surname, given = split_korean_name(clean_name(form.name))
            typed = romanize_name(surname, given).full
        except ValueError:
            raise ValidationError("로마자 성명을 입력하세요 (예: HONG GILDONG).", field="roman_name") from None
    if not _ROMAN_NAME.fullmatch(typed):
        raise ValidationError(
            "로마자 성명은 영문 대문자로 성과 이름을 띄어 씁니다 (예: HONG GILDONG). 입력: '{typed}'",
            field="roman_name",
            typed=typed,
        )
    return typed


def _losses(value: int | None, label: str) -> int | None:
    return None if value is None else clean_int(value, label, minimum=0, maximum=MAX_DECLARED_LOSSES)


def _check_form(form: ApplicationForm, moment: datetime) -> tuple[ResidentNumber, int, pp.PassportFee, tuple[str, ...]]:
    """Everything that can be checked without the database; raises ValidationError (nothing written)."""
    rrn = parse_applicant_rrn(form.resident_number)
    if form.kind not in pp.KINDS:
        raise ValidationError(
            "여권 종류를 고르세요 (" + "·".join(pp.KIND_LABELS[k] for k in pp.KINDS) + ").", field="kind"
        )
    if form.reduced_fee not in REDUCED_CHOICES:
        raise ValidationError("감면 여부를 고르세요.", field="reduced_fee")
    emergency = form.kind == pp.KIND_EMERGENCY
    if form.reduced_fee != REDUCED_NONE and not emergency:
        raise ValidationError("친족 사망·위독 감면은 긴급여권에만 적용됩니다.", field="reduced_fee")
    if form.reduced_fee != REDUCED_NONE and len(form.reduced_reason.strip()) < 2:
        raise ValidationError("감면 사유(누가 사망·위독한지)를 적으세요.", field="reduced_reason")
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
        raise rule_error(exc) from None
    if not form.photo_checked:
        raise ValidationError(
            "여권 사진(6개월 이내 촬영, 규격)을 확인하고 '사진 확인'에 표시하세요.", field="photo_checked"
        )
    missing = [i.text for i in pp.documents_to_check(items) if i.required and i.key not in form.documents_checked]
    # only the keys of this checklist are kept (a stale or foreign key from the screen is dropped)
    form_keys = {i.key for i in items}
    checked = tuple(sorted({k for k in form.documents_checked if k in form_keys}))
    if missing:
        first = next(i.key for i in pp.documents_to_check(items) if i.required and i.key not in form.documents_checked)
        raise ValidationError(
            "확인하지 않은 구비서류가 있습니다:\n· {documents}",
            field="documents_checked." + first,
            documents="\n· ".join(missing),
        )
    if not form.applying_in_person and not form.proxy_name.strip():
        raise ValidationError("대리 신청이면 창구에 온 대리인의 성명을 적으세요.", field="proxy_name")
    if form.sms_consent:
        if not form.phone.strip():
            raise ValidationError("문자 알림에 동의했으면 휴대전화 번호를 입력하세요.", field="phone")
        normalise_phone(form.phone)
    if emergency and not form.destination_warned:
        raise RuleViolation(
            "도착 국가가 긴급여권을 인정하는지 확인하라고 신청인에게 안내한 뒤 '안내함'에 표시하세요.\n"
            + pp.emergency_warning(moment),
            field="destination_warned",
        )
    return rrn, age, fee, checked


def _taken(uow: UnitOfWork, client_uuid: uuid.UUID) -> ApplicationView | None:
    """The application already taken under ``client_uuid``, with its receipt (a replay's answer)."""
    existing = uow.session.scalars(select(PassportApplication).where(PassportApplication.uuid == client_uuid)).first()
    if existing is None:
        return None
    receipt = uow.session.get(Receipt, existing.receipt_id) if existing.receipt_id else None
    return application_view(uow, existing, receipt=receipt_view(receipt, uow) if receipt else None)


def take_application(
    uow: UnitOfWork,
    actor: Actor,
    *,
    form: ApplicationForm,
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
    begun_at: datetime | None = None,
) -> ApplicationView:
    """Take a passport application (접수) and its fee in one transaction; numbers like ``P20261125-0001``.
    ``begun_at``: when the clerk began the form (the night window's grace finishes one begun before its end).

    The view returned carries the receipt (``receipt``) for the counter to print. An emergency passport is
    checked for eligibility here again, before the fee is taken; a refusal says why and writes nothing.
    A replay with the same ``client_uuid`` returns the same application and receipt, also when two arrive
    at once.
    """
    moment = moment_of(now)
    authorize(actor, "passport.intake", now=moment, begun_at=begun_at)
    form = _clean_form(form)
    key = client_uuid or uuid.uuid4()

    def write() -> ApplicationView:
        with uow:
            existing = _taken(uow, key)
            if existing is not None:
                return replay.answered(existing)
            view = _write_application(uow, actor, form=form, client_uuid=key, moment=moment)
            uow.commit()
        return view

    def find() -> ApplicationView | None:
        with uow:
            return _taken(uow, key)

    with transaction_begun(begun_at):
        return replay.write_once(write, find)


def _write_application(
    uow: UnitOfWork, actor: Actor, *, form: ApplicationForm, client_uuid: uuid.UUID, moment: datetime
) -> ApplicationView:
    rrn, age, fee, checked = _check_form(form, moment)
    emergency = form.kind == pp.KIND_EMERGENCY
    if emergency:
        known = find_applicant(uow, rrn)
        result = eligibility_in(
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
    applicant = write_applicant(
        uow,
        actor,
        name=form.name,
        resident_number=rrn.digits,
        phone=normalise_phone(form.phone) if form.phone.strip() else "",
        address=form.address,
    )
    # Everything read before the number counters, which every counter shares: they are held until the commit.
    try:
        due = emergency_due(uow, actor.office_id, moment).due_at if emergency else None
        proof_due = pp.reduced_proof_due(moment) if form.reduced_fee == REDUCED_LATER else None
    except pp.PassportRuleError as exc:
        raise rule_error(exc) from None
    day = business_day_of(moment)
    sequence = next_number(uow.session, office_id=actor.office_id, series=APPLICATION_SERIES, period=f"{day:%Y%m%d}")
    number = f"P{day:%Y%m%d}-{sequence:04d}"
    receipt = write_receipt(
        uow,
        actor,
        lines=[
            LineInput(FEE_ITEM, f"여권 발급수수료 ({fee.label})", 1, fee.fee, fee_table=fee.table),
            LineInput(CONTRIBUTION_ITEM, "국제교류기여금", 1, fee.contribution, fee_table=fee.table),
        ],
        payment_method=form.payment_method,
        applicant_id=applicant.id,
        now=moment,
        cash_received=form.cash_received if form.payment_method == "현금" else None,
        approval_no=form.approval_no if form.payment_method != "현금" else "",
    )
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
        documents_checked=",".join(checked),
        applying_in_person=form.applying_in_person,
        proxy_name="" if form.applying_in_person else form.proxy_name,
        proxy_relation="" if form.applying_in_person else (form.proxy_relation or ""),
        sms_consent=form.sms_consent,
        roman_name=form.roman_name,
        status=RECEIVED,
        emergency=emergency,
        emergency_reason=form.emergency_reason if emergency else "",
        due_at=due,
        destination_warned=emergency and form.destination_warned,
        declared_losses_1y=form.declared_losses_1y if emergency else None,
        declared_losses_5y=form.declared_losses_5y if emergency else None,
        reduced_claim="pending" if form.reduced_fee == REDUCED_LATER else "",
        reduced_reason=form.reduced_reason if form.reduced_fee != REDUCED_NONE else "",
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
    return application_view(uow, app, receipt=receipt_view(receipt, uow))
