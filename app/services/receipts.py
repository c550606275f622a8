"""Receipts (영수증): fees taken at the counter, numbered per office and day inside the same transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.domain.calendar import SEOUL
from app.services import audit, replay
from app.services.actor import Actor
from app.services.errors import NotFound, RuleViolation, ValidationError
from app.services.inputs import clean_int, clean_text
from app.services.roles import authorize
from app.views.receipts import LineView, ReceiptView
from db.models import Applicant, Office, Payment, Receipt, ReceiptLine, StaffUser, Terminal, utcnow
from db.models_dayclose import DayClose
from db.numbers import next_number
from db.uow import UnitOfWork

PAYMENT_METHODS = ("현금", "카드", "면제")
RECEIPT_SERIES = "receipt"


@dataclass(frozen=True, slots=True)
class LineInput:
    """One fee line as the counter entered it."""

    item_code: str
    description: str
    quantity: int
    unit_fee: int
    exemption: str = ""
    fee_table: str = ""

    @property
    def amount(self) -> int:
        return 0 if self.exemption else self.quantity * self.unit_fee


def business_day_of(moment: datetime) -> date:
    return moment.astimezone(SEOUL).date()


def receipt_number(day: date, sequence: int) -> str:
    return f"{day:%Y%m%d}-{sequence:04d}"


def _validate_lines(lines: Sequence[LineInput]) -> None:
    if not lines:
        raise ValidationError("수납할 항목이 없습니다.")
    for line in lines:
        clean_text(line.description, "항목 이름", max_len=200, required=True)
        clean_text(line.exemption, "면제 사유", max_len=100)
        clean_text(line.fee_table, "수수료 근거", max_len=200)
        clean_text(line.item_code, "항목 코드", max_len=60, required=True)
        if line.quantity < 1:
            raise ValidationError(f"{line.description}: 수량은 1 이상이어야 합니다.")
        if line.quantity > 1000:
            raise ValidationError(f"{line.description}: 수량이 너무 많습니다 (1000 이하).")
        if line.unit_fee < 0:
            raise ValidationError(f"{line.description}: 수수료는 0원 이상이어야 합니다.")
        clean_int(line.unit_fee, f"{line.description} 수수료", minimum=0, maximum=10_000_000)


def is_day_closed(uow: UnitOfWork, *, office_id: int, day: date) -> bool:
    """Whether the supervisor closed ``day`` (일일 마감): no receipt or void may change it any more."""
    found = uow.session.scalars(
        select(DayClose.id).where(DayClose.office_id == office_id, DayClose.business_day == day)
    ).first()
    return found is not None


def _number_on_open_day(uow: UnitOfWork, actor: Actor, day: date, *, refusal: str) -> str:
    """The next receipt number of ``day``, refused when the day is closed.

    The number first: its counter row is what the day close locks, so the check sees a close that committed
    while we waited for it (a refusal rolls back and gives the number back).
    """
    sequence = next_number(uow.session, office_id=actor.office_id, series=RECEIPT_SERIES, period=f"{day:%Y%m%d}")
    if is_day_closed(uow, office_id=actor.office_id, day=day):
        raise RuleViolation(f"{day.isoformat()} 업무가 이미 마감되어 {refusal}. 팀장에게 문의하세요.")
    return receipt_number(day, sequence)


def receipt_view(session_receipt: Receipt, uow: UnitOfWork) -> ReceiptView:
    """The view of a receipt loaded in the open unit of work (for every service that hands one out)."""
    s = uow.session
    office = s.get(Office, session_receipt.office_id)
    terminal = s.get(Terminal, session_receipt.terminal_id) if session_receipt.terminal_id else None
    clerk = s.get(StaffUser, session_receipt.clerk_id)
    applicant = s.get(Applicant, session_receipt.applicant_id) if session_receipt.applicant_id else None
    assert office is not None and clerk is not None
    method = session_receipt.payments[0].method if session_receipt.payments else "면제"
    return ReceiptView(
        id=session_receipt.id,
        uuid=session_receipt.uuid,
        number=session_receipt.number,
        issued_at=session_receipt.issued_at,
        business_day=session_receipt.business_day,
        office_name=office.name,
        department=office.department,
        office_address=office.address,
        office_phone=office.phone,
        terminal_name=terminal.name if terminal else "",
        clerk_name=clerk.display_name,
        applicant_name=applicant.name if applicant else "",
        applicant_rrn_masked=applicant.rrn_masked if applicant else "",
        lines=tuple(
            LineView(ln.item_code, ln.description, ln.quantity, ln.unit_fee, ln.amount, ln.exemption, ln.fee_table)
            for ln in session_receipt.lines
        ),
        total=session_receipt.total,
        payment_method=method,
        status=session_receipt.status,
        void_reason=session_receipt.void_reason,
    )


def write_receipt(
    uow: UnitOfWork,
    actor: Actor,
    *,
    lines: Sequence[LineInput],
    payment_method: str,
    applicant_id: int | None = None,
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> Receipt:
    """Write a receipt into the OPEN unit of work (for services that take a fee with their own record)."""
    authorize(actor, "receipt.issue", now=now)
    _validate_lines(lines)
    total = sum(line.amount for line in lines)
    if payment_method not in PAYMENT_METHODS:
        raise ValidationError(f"결제 수단을 선택하세요 ({', '.join(PAYMENT_METHODS)}).")
    if total == 0:
        payment_method = "면제"
    elif payment_method == "면제":
        raise ValidationError("수수료가 있는 영수증은 '면제'로 수납할 수 없습니다. 현금 또는 카드를 선택하세요.")
    client_uuid = client_uuid or uuid.uuid4()
    existing = uow.session.scalars(select(Receipt).where(Receipt.uuid == client_uuid)).first()
    if existing is not None:
        return existing
    moment = now or utcnow()
    day = business_day_of(moment)
    number = _number_on_open_day(uow, actor, day, refusal="수납할 수 없습니다")
    receipt = Receipt(
        uuid=client_uuid,
        office_id=actor.office_id,
        terminal_id=actor.terminal_id,
        clerk_id=actor.user_id,
        applicant_id=applicant_id,
        number=number,
        business_day=day,
        issued_at=moment,
        total=total,
        status="issued",
        lines=[
            ReceiptLine(
                position=i,
                item_code=line.item_code,
                description=line.description,
                quantity=line.quantity,
                unit_fee=line.unit_fee,
                amount=line.amount,
                exemption=line.exemption,
                fee_table=line.fee_table,
            )
            for i, line in enumerate(lines)
        ],
        payments=[Payment(method=payment_method, amount=total, paid_at=moment)],
    )
    uow.session.add(receipt)
    uow.session.flush()
    audit.record(
        uow,
        actor,
        "receipt.issue",
        record_type="receipt",
        record_id=receipt.number,
        detail=f"{total}원 {payment_method}",
    )
    return receipt


def issue_receipt(
    uow: UnitOfWork,
    actor: Actor,
    *,
    lines: Sequence[LineInput],
    payment_method: str,
    applicant_id: int | None = None,
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> ReceiptView:
    """Take a fee and issue a receipt; a replay with the same ``client_uuid`` returns the same receipt, also when
    the two arrive at the same moment from two counters."""
    client_uuid = client_uuid or uuid.uuid4()

    def write() -> ReceiptView:
        with uow:
            receipt = write_receipt(
                uow,
                actor,
                lines=lines,
                payment_method=payment_method,
                applicant_id=applicant_id,
                client_uuid=client_uuid,
                now=now,
            )
            view = receipt_view(receipt, uow)
            uow.commit()
        return view

    def find() -> ReceiptView | None:
        with uow:
            existing = uow.session.scalars(select(Receipt).where(Receipt.uuid == client_uuid)).first()
            return receipt_view(existing, uow) if existing is not None else None

    return replay.write_once(write, find)


def load_receipt(
    uow: UnitOfWork,
    actor: Actor,
    *,
    receipt_id: int | None = None,
    number: str | None = None,
    for_update: bool = False,
) -> Receipt:
    """The receipt of this office, in the OPEN unit of work (NotFound otherwise); ``for_update`` locks its row
    until the transaction ends, so that a change is decided on the receipt as it is now."""
    query = select(Receipt).options(selectinload(Receipt.lines), selectinload(Receipt.payments))
    if for_update:
        query = query.with_for_update(of=Receipt)
    query = query.where(Receipt.office_id == actor.office_id)
    if receipt_id is not None:
        query = query.where(Receipt.id == receipt_id)
    elif number is not None:
        query = query.where(Receipt.number == number.strip())
    else:
        raise ValidationError("영수증 번호를 입력하세요.")
    receipt = uow.session.scalars(query).first()
    if receipt is None:
        raise NotFound(f"영수증을 찾을 수 없습니다: {number or receipt_id}")
    return receipt


def get_receipt(
    uow: UnitOfWork, actor: Actor, *, receipt_id: int | None = None, number: str | None = None
) -> ReceiptView:
    authorize(actor, "receipt.issue")
    with uow:
        receipt = load_receipt(uow, actor, receipt_id=receipt_id, number=number)
        audit.record(uow, actor, "receipt.read", record_type="receipt", record_id=receipt.number)
        view = receipt_view(receipt, uow)
        uow.commit()
    return view


def void_receipt(
    uow: UnitOfWork, actor: Actor, *, receipt_id: int, reason: str, client_uuid: uuid.UUID | None = None
) -> ReceiptView:
    """Void a receipt (supervisor); the number stays used and the receipt stays on file.

    A receipt of a day already closed is not changed: the void becomes a correction (정정) on today's open
    day that points to it, so the closed day's approved figures never move; the correction is returned.
    A retry with the same ``client_uuid`` after a lost reply gets the same answer instead of a refusal.
    """
    authorize(actor, "receipt.void")
    reason = clean_text(reason, "취소 사유", max_len=500)
    if len(reason) < 2:
        raise ValidationError("취소 사유를 입력하세요.")
    with uow:
        receipt = load_receipt(uow, actor, receipt_id=receipt_id, for_update=True)
        correction = _correction_of(uow, receipt)
        if replay.already_done(
            uow, actor, client_uuid=client_uuid, action="receipt.void", record_type="receipt", record_id=receipt.id
        ):
            return receipt_view(correction or receipt, uow)
        if receipt.status == "voided":
            raise RuleViolation(f"다른 창구에서 이미 취소한 영수증입니다: {receipt.number}")
        if correction is not None:
            raise RuleViolation(f"이미 정정된 영수증입니다: {receipt.number} (정정 {correction.number})")
        if receipt.corrects_id is not None:
            raise RuleViolation(f"정정 영수증은 취소할 수 없습니다: {receipt.number}")
        if is_day_closed(uow, office_id=actor.office_id, day=receipt.business_day):
            result = _write_correction(uow, actor, receipt, reason)
        else:
            receipt.status = "voided"
            receipt.void_reason = reason
            receipt.voided_at = utcnow()
            receipt.voided_by = actor.user_id
            audit.record(uow, actor, "receipt.void", record_type="receipt", record_id=receipt.number, reason=reason)
            result = receipt
        replay.remember(
            uow, actor, client_uuid=client_uuid, action="receipt.void", record_type="receipt", record_id=receipt.id
        )
        uow.session.flush()
        view = receipt_view(result, uow)
        uow.commit()
    return view


def _correction_of(uow: UnitOfWork, receipt: Receipt) -> Receipt | None:
    return uow.session.scalars(
        select(Receipt)
        .options(selectinload(Receipt.lines), selectinload(Receipt.payments))
        .where(Receipt.corrects_id == receipt.id)
    ).first()


def _write_correction(uow: UnitOfWork, actor: Actor, original: Receipt, reason: str) -> Receipt:
    """A receipt on today's open day that takes back ``original`` (negative lines, the same payment method)."""
    moment = utcnow()
    day = business_day_of(moment)
    number = _number_on_open_day(uow, actor, day, refusal="정정할 수 없습니다")
    method = original.payments[0].method if original.payments else "면제"
    correction = Receipt(
        uuid=uuid.uuid4(),
        office_id=actor.office_id,
        terminal_id=actor.terminal_id,
        clerk_id=actor.user_id,
        applicant_id=original.applicant_id,
        number=number,
        business_day=day,
        issued_at=moment,
        total=-original.total,
        status="correction",
        void_reason=reason,
        corrects_id=original.id,
        lines=[
            ReceiptLine(
                position=line.position,
                item_code=line.item_code,
                description=line.description,
                quantity=-line.quantity,
                unit_fee=line.unit_fee,
                amount=-line.amount,
                exemption=line.exemption,
                fee_table=line.fee_table,
            )
            for line in original.lines
        ],
        payments=[Payment(method=method, amount=-original.total, paid_at=moment)],
    )
    uow.session.add(correction)
    uow.session.flush()
    audit.record(
        uow,
        actor,
        "receipt.correct",
        record_type="receipt",
        record_id=correction.number,
        detail=f"마감된 {original.business_day.isoformat()}의 영수증 {original.number} 정정 {-original.total:,}원",
        reason=reason,
    )
    return correction


def list_receipts(uow: UnitOfWork, actor: Actor, *, day: date) -> list[ReceiptView]:
    authorize(actor, "receipt.issue")
    with uow:
        receipts = uow.session.scalars(
            select(Receipt)
            .options(selectinload(Receipt.lines), selectinload(Receipt.payments))
            .where(Receipt.office_id == actor.office_id, Receipt.business_day == day)
            .order_by(Receipt.number)
        ).all()
        return [receipt_view(r, uow) for r in receipts]
