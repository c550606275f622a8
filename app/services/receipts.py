"""Receipts (영수증): fees taken at the counter, numbered per office and day inside the same transaction."""

from __future__ import annotations

import hmac
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.domain.calendar import SEOUL
from app.i18n import N_
from app.services import audit, replay
from app.services.actor import Actor
from app.services.errors import NotFound, RuleViolation, ValidationError
from app.services.inputs import clean_int, clean_text
from app.services.roles import authorize
from app.views.receipts import QR_PREFIX, LineView, ReceiptCheckView, ReceiptView
from db.models import Applicant, Office, Payment, Receipt, ReceiptLine, StaffUser, Terminal, utcnow
from db.models_dayclose import DayClose
from db.numbers import next_number
from db.uow import UnitOfWork

PAYMENT_METHODS = (N_("현금"), N_("카드"), N_("면제"))
RECEIPT_SERIES = "receipt"
MAX_CASH = 10_000_000
CHECK_CODE_LENGTH = 8
_APPROVAL = re.compile(r"^[0-9A-Za-z-]{4,40}$")


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


def _validate_lines(lines: Sequence[LineInput]) -> list[LineInput]:
    """The lines as they are written: their texts cleaned (a pasted line end or double space gone)."""
    if not lines:
        raise ValidationError("수납할 항목이 없습니다.")
    cleaned: list[LineInput] = []
    for line in lines:
        line = replace(
            line,
            description=clean_text(line.description, "항목 이름", max_len=200, required=True),
            exemption=clean_text(line.exemption, "면제 사유", max_len=100),
            fee_table=clean_text(line.fee_table, "수수료 근거", max_len=200),
            item_code=clean_text(line.item_code, "항목 코드", max_len=60, required=True),
        )
        cleaned.append(line)
        if line.quantity < 1:
            raise ValidationError("{description}: 수량은 1 이상이어야 합니다.", description=line.description)
        if line.quantity > 1000:
            raise ValidationError("{description}: 수량이 너무 많습니다 (1000 이하).", description=line.description)
        if line.unit_fee < 0:
            raise ValidationError("{description}: 수수료는 0원 이상이어야 합니다.", description=line.description)
        clean_int(line.unit_fee, f"{line.description} 수수료", minimum=0, maximum=10_000_000)
    return cleaned


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
        raise RuleViolation(
            "{day} 업무가 이미 마감되어 {refusal}. 팀장에게 문의하세요.", day=day.isoformat(), refusal=refusal
        )
    return receipt_number(day, sequence)


def receipt_view(session_receipt: Receipt, uow: UnitOfWork) -> ReceiptView:
    """The view of a receipt loaded in the open unit of work (for every service that hands one out)."""
    s = uow.session
    office = s.get(Office, session_receipt.office_id)
    terminal = s.get(Terminal, session_receipt.terminal_id) if session_receipt.terminal_id else None
    clerk = s.get(StaffUser, session_receipt.clerk_id)
    applicant = s.get(Applicant, session_receipt.applicant_id) if session_receipt.applicant_id else None
    assert office is not None and clerk is not None
    payment = session_receipt.payments[0] if session_receipt.payments else None
    method = payment.method if payment is not None else "면제"
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
        office_code=office.code,
        print_count=session_receipt.print_count or 0,
        approval_no=payment.approval_no if payment is not None else "",
        cash_received=payment.received if payment is not None else None,
        check_code=check_code(uow, office.code, session_receipt.number, session_receipt.total),
    )


def _check_payload(office_code: str, number: str, total: int) -> str:
    return f"receipt|{office_code}|{number}|{total}"


def _short(digest: str) -> str:
    code = digest[:CHECK_CODE_LENGTH].upper()
    return f"{code[:4]}-{code[4:]}"


def check_code(uow: UnitOfWork, office_code: str, number: str, total: int) -> str:
    """The receipt's check code (검증 코드): a keyed hash of office, number and total under the office key, cut
    to 8 hex digits; a copied number with another amount, or a made-up one, does not match. "" without a key."""
    if uow.pii is None:
        return ""
    return _short(uow.pii.lookup_hash(_check_payload(office_code, number, total)))


def _check_codes(uow: UnitOfWork, office_code: str, number: str, total: int) -> list[str]:
    """The codes under every key the office holds (a receipt printed before a key rotation still checks)."""
    if uow.pii is None:
        return []
    return [_short(h) for h in uow.pii.lookup_hashes(_check_payload(office_code, number, total))]


def _validate_payment(method: str, total: int, cash_received: int | None, approval_no: str) -> tuple[int | None, str]:
    """The amount received (cash) and the approval number (card) as stored; refuses less cash than the total."""
    approval_no = clean_text(approval_no, "카드 승인번호", max_len=40)
    if method == "현금" and cash_received is not None:
        received = clean_int(cash_received, "받은 금액", minimum=0, maximum=MAX_CASH)
        if received < total:
            raise ValidationError(
                "받은 금액 {received:,}원이 수납할 금액 {total:,}원보다 적습니다. 받은 금액을 확인하세요.",
                received=received,
                total=total,
            )
        return received, ""
    if method == "카드" and approval_no:
        if not _APPROVAL.match(approval_no):
            raise ValidationError("카드 승인번호는 숫자와 영문 4~40자입니다 (영수증의 승인번호를 그대로 입력하세요).")
        return None, approval_no
    return None, ""


def write_receipt(
    uow: UnitOfWork,
    actor: Actor,
    *,
    lines: Sequence[LineInput],
    payment_method: str,
    applicant_id: int | None = None,
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
    cash_received: int | None = None,
    approval_no: str = "",
) -> Receipt:
    """Write a receipt into the OPEN unit of work (for services that take a fee with their own record).

    ``cash_received``: for cash, what the applicant handed over (less than the total is refused; the receipt
    prints the change); ``approval_no``: for a card, the terminal's approval number (승인번호)."""
    authorize(actor, "receipt.issue", now=now)
    lines = _validate_lines(lines)
    total = sum(line.amount for line in lines)
    if payment_method not in PAYMENT_METHODS:
        raise ValidationError("결제 수단을 선택하세요 ({methods}).", methods=", ".join(PAYMENT_METHODS))
    if total == 0:
        payment_method = "면제"
    elif payment_method == "면제":
        raise ValidationError("수수료가 있는 영수증은 '면제'로 수납할 수 없습니다. 현금 또는 카드를 선택하세요.")
    received, approval = _validate_payment(payment_method, total, cash_received, approval_no)
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
        payments=[
            Payment(method=payment_method, amount=total, paid_at=moment, received=received, approval_no=approval)
        ],
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
    cash_received: int | None = None,
    approval_no: str = "",
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
                cash_received=cash_received,
                approval_no=approval_no,
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
        raise NotFound("영수증을 찾을 수 없습니다: {receipt}", receipt=number or receipt_id)
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
            raise RuleViolation("다른 창구에서 이미 취소한 영수증입니다: {number}", number=receipt.number)
        if correction is not None:
            raise RuleViolation(
                "이미 정정된 영수증입니다: {number} (정정 {correction})",
                number=receipt.number,
                correction=correction.number,
            )
        if receipt.corrects_id is not None:
            raise RuleViolation("정정 영수증은 취소할 수 없습니다: {number}", number=receipt.number)
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


def _views_of_day(uow: UnitOfWork, actor: Actor, day: date) -> tuple[list[ReceiptView], int]:
    """The day's receipts as views, from three queries in rows (receipts with their people, lines, payments),
    the same values ``receipt_view`` gives (the ORM objects of a peak day's 2,105 receipts with their lines
    and payments cost most of a second to build, issue 17); and how many people they name."""
    s = uow.session
    office = s.get(Office, actor.office_id)
    assert office is not None
    of_day = (Receipt.office_id == actor.office_id, Receipt.business_day == day)
    heads = s.execute(
        select(
            Receipt.id,
            Receipt.uuid,
            Receipt.number,
            Receipt.issued_at,
            Receipt.business_day,
            Receipt.total,
            Receipt.status,
            Receipt.void_reason,
            Receipt.print_count,
            Receipt.applicant_id,
            Terminal.name,
            StaffUser.display_name,
            Applicant.name,
            Applicant.rrn_masked,
        )
        .join(StaffUser, StaffUser.id == Receipt.clerk_id)
        .outerjoin(Terminal, Terminal.id == Receipt.terminal_id)
        .outerjoin(Applicant, Applicant.id == Receipt.applicant_id)
        .where(*of_day)
        .order_by(Receipt.number)
    ).all()
    lines: dict[int, list[LineView]] = {}
    for receipt_id, code, description, quantity, unit_fee, amount, exemption, fee_table in s.execute(
        select(
            ReceiptLine.receipt_id,
            ReceiptLine.item_code,
            ReceiptLine.description,
            ReceiptLine.quantity,
            ReceiptLine.unit_fee,
            ReceiptLine.amount,
            ReceiptLine.exemption,
            ReceiptLine.fee_table,
        )
        .join(Receipt, Receipt.id == ReceiptLine.receipt_id)
        .where(*of_day)
        .order_by(ReceiptLine.receipt_id, ReceiptLine.position, ReceiptLine.id)
    ):
        line = LineView(code, description, quantity, unit_fee, amount, exemption, fee_table)
        lines.setdefault(receipt_id, []).append(line)
    payments: dict[int, tuple[str, str, int | None]] = {}
    for receipt_id, method, approval_no, received in s.execute(
        select(Payment.receipt_id, Payment.method, Payment.approval_no, Payment.received)
        .join(Receipt, Receipt.id == Payment.receipt_id)
        .where(*of_day)
        .order_by(Payment.id)
    ):
        payments.setdefault(receipt_id, (method, approval_no, received))
    views = []
    for head in heads:
        rid, rid_uuid, number, issued_at, business_day, total, status, void_reason, print_count = head[:9]
        terminal, clerk, name, masked = head[10:]
        method, approval_no, received = payments.get(rid, ("면제", "", None))
        views.append(
            ReceiptView(
                id=rid,
                uuid=rid_uuid,
                number=number,
                issued_at=issued_at,
                business_day=business_day,
                office_name=office.name,
                department=office.department,
                office_address=office.address,
                office_phone=office.phone,
                terminal_name=terminal or "",
                clerk_name=clerk,
                applicant_name=name or "",
                applicant_rrn_masked=masked or "",
                lines=tuple(lines.get(rid, ())),
                total=total,
                payment_method=method,
                status=status,
                void_reason=void_reason,
                office_code=office.code,
                print_count=print_count or 0,
                approval_no=approval_no,
                cash_received=received,
                check_code=check_code(uow, office.code, number, total),
            )
        )
    return views, len({row.applicant_id for row in heads if row.applicant_id is not None})


def list_receipts(uow: UnitOfWork, actor: Actor, *, day: date) -> list[ReceiptView]:
    authorize(actor, "receipt.issue")
    with uow:
        views, people = _views_of_day(uow, actor, day)
        # The day's receipts carry names and masked numbers: the read is logged (접속기록).
        audit.record(uow, actor, "receipt.list", record_type="receipt", detail=f"{day} {len(views)}건, {people}명")
        uow.commit()
        return views


_CODE = re.compile(r"([0-9]{8}-[0-9]{4,})\W*([0-9A-Fa-f]{4})-?([0-9A-Fa-f]{4})")


def check_receipt(uow: UnitOfWork, actor: Actor, *, text: str) -> ReceiptCheckView:
    """영수증 진위 확인: ``text`` is the scanned QR code (``MINWON-RCPT:office:number:code``) or the number and
    check code as typed from the paper; answers valid, voided (or corrected) or unknown."""
    authorize(actor, "receipt.issue")
    typed = clean_text(text, "영수증 번호와 검증 코드", max_len=200, required=True)
    if typed.upper().startswith(QR_PREFIX + ":"):
        typed = typed.split(":", 2)[2]
    found = _CODE.search(typed)
    if found is None:
        raise ValidationError(
            "영수증 번호와 검증 코드를 입력하세요 (예: 20261202-0001 ABCD-1234) 또는 QR 코드를 읽히세요."
        )
    number, code = found.group(1), f"{found.group(2)}-{found.group(3)}".upper()
    unknown = ReceiptCheckView(
        "unknown", f"확인되지 않는 영수증입니다: {number} (번호 또는 검증 코드가 맞지 않습니다).", number
    )
    with uow:
        receipt = uow.session.scalars(
            select(Receipt)
            .options(selectinload(Receipt.lines), selectinload(Receipt.payments))
            .where(Receipt.office_id == actor.office_id, Receipt.number == number)
        ).first()
        office = uow.session.get(Office, actor.office_id)
        assert office is not None
        matches = receipt is not None and any(
            hmac.compare_digest(code, known) for known in _check_codes(uow, office.code, number, receipt.total)
        )
        audit.record(
            uow, actor, "receipt.check", record_type="receipt", record_id=number, detail="일치" if matches else "불일치"
        )
        uow.commit()
        if receipt is None or not matches:
            return unknown
        correction = _correction_of(uow, receipt)
        view = receipt_view(receipt, uow)
    when = view.issued_at.astimezone(SEOUL)
    if view.status == "voided":
        verdict, message = "voided", f"취소된 영수증입니다: {number} · 사유: {view.void_reason}"
    elif correction is not None:
        verdict, message = "corrected", f"정정된 영수증입니다: {number} (정정 영수증 {correction.number})"
    else:
        verdict, message = "valid", f"유효한 영수증입니다: {number} · {view.total:,}원 · {when:%Y-%m-%d %H:%M}"
    return ReceiptCheckView(verdict, message, number, view.total, view.issued_at, view.applicant_name)
