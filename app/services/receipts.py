"""Receipts (영수증): fees taken at the counter, numbered per office and day inside the same transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.domain.calendar import SEOUL
from app.services import audit
from app.services.actor import Actor
from app.services.errors import NotFound, RuleViolation, ValidationError
from app.services.roles import authorize
from db.models import Applicant, Office, Payment, Receipt, ReceiptLine, StaffUser, Terminal, utcnow
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


@dataclass(frozen=True, slots=True)
class LineView:
    item_code: str
    description: str
    quantity: int
    unit_fee: int
    amount: int
    exemption: str
    fee_table: str


@dataclass(frozen=True, slots=True)
class ReceiptView:
    """Everything a receipt shows; the resident number only masked."""

    id: int
    uuid: uuid.UUID
    number: str
    issued_at: datetime
    business_day: date
    office_name: str
    department: str
    office_address: str
    office_phone: str
    terminal_name: str
    clerk_name: str
    applicant_name: str
    applicant_rrn_masked: str
    lines: tuple[LineView, ...]
    total: int
    payment_method: str
    status: str
    void_reason: str = ""


def business_day_of(moment: datetime) -> date:
    return moment.astimezone(SEOUL).date()


def receipt_number(day: date, sequence: int) -> str:
    return f"{day:%Y%m%d}-{sequence:04d}"


def _validate_lines(lines: Sequence[LineInput]) -> None:
    if not lines:
        raise ValidationError("수납할 항목이 없습니다.")
    for line in lines:
        if not line.description.strip():
            raise ValidationError("항목 이름이 비어 있습니다.")
        if line.quantity < 1:
            raise ValidationError(f"{line.description}: 수량은 1 이상이어야 합니다.")
        if line.quantity > 1000:
            raise ValidationError(f"{line.description}: 수량이 너무 많습니다 (1000 이하).")
        if line.unit_fee < 0:
            raise ValidationError(f"{line.description}: 수수료는 0원 이상이어야 합니다.")


def _view(session_receipt: Receipt, uow: UnitOfWork) -> ReceiptView:
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


def add_receipt(
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
    from app.services.dayclose import is_day_closed

    if is_day_closed(uow, office_id=actor.office_id, day=day):
        raise RuleViolation(f"{day.isoformat()} 업무가 이미 마감되어 수납할 수 없습니다. 팀장에게 문의하세요.")
    sequence = next_number(uow.session, office_id=actor.office_id, series=RECEIPT_SERIES, period=f"{day:%Y%m%d}")
    receipt = Receipt(
        uuid=client_uuid,
        office_id=actor.office_id,
        terminal_id=actor.terminal_id,
        clerk_id=actor.user_id,
        applicant_id=applicant_id,
        number=receipt_number(day, sequence),
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
    """Take a fee and issue a receipt; a replay with the same ``client_uuid`` returns the same receipt."""
    with uow:
        receipt = add_receipt(
            uow,
            actor,
            lines=lines,
            payment_method=payment_method,
            applicant_id=applicant_id,
            client_uuid=client_uuid,
            now=now,
        )
        view = _view(receipt, uow)
        uow.commit()
    return view


def _load(uow: UnitOfWork, actor: Actor, *, receipt_id: int | None = None, number: str | None = None) -> Receipt:
    query = select(Receipt).options(selectinload(Receipt.lines), selectinload(Receipt.payments))
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
        receipt = _load(uow, actor, receipt_id=receipt_id, number=number)
        audit.record(uow, actor, "receipt.read", record_type="receipt", record_id=receipt.number)
        view = _view(receipt, uow)
        uow.commit()
    return view


def record_print(
    uow: UnitOfWork,
    actor: Actor,
    *,
    receipt_number_: str,
    what: str = "receipt.print",
    authorized_at: datetime | None = None,
) -> None:
    """Log that a document naming a person was printed (접속기록: 출력).

    ``authorized_at``: the moment the print was allowed (a receipt issued at 19:59 by the night window
    still prints at 20:00); the caller has checked that grace itself.
    """
    authorize(actor, "receipt.issue", now=authorized_at)
    with uow:
        audit.record(uow, actor, what, record_type="receipt", record_id=receipt_number_)
        uow.commit()


def void_receipt(uow: UnitOfWork, actor: Actor, *, receipt_id: int, reason: str) -> ReceiptView:
    """Void a receipt (supervisor); the number stays used and the receipt stays on file."""
    authorize(actor, "receipt.void")
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError("취소 사유를 입력하세요.")
    with uow:
        receipt = _load(uow, actor, receipt_id=receipt_id)
        if receipt.status == "voided":
            raise RuleViolation(f"이미 취소된 영수증입니다: {receipt.number}")
        receipt.status = "voided"
        receipt.void_reason = reason
        receipt.voided_at = utcnow()
        receipt.voided_by = actor.user_id
        audit.record(uow, actor, "receipt.void", record_type="receipt", record_id=receipt.number, reason=reason)
        uow.session.flush()
        view = _view(receipt, uow)
        uow.commit()
    return view


def list_receipts(uow: UnitOfWork, actor: Actor, *, day: date) -> list[ReceiptView]:
    authorize(actor, "receipt.issue")
    with uow:
        receipts = uow.session.scalars(
            select(Receipt)
            .options(selectinload(Receipt.lines), selectinload(Receipt.payments))
            .where(Receipt.office_id == actor.office_id, Receipt.business_day == day)
            .order_by(Receipt.number)
        ).all()
        return [_view(r, uow) for r in receipts]
