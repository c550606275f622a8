"""Certificates at the counter (제증명 발급): one request of one or more kinds, paid on one receipt."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from app.documents.receipts import render_receipt
from app.domain.certificates import (
    CertificateKind,
    Exemption,
    FeeQuote,
    fee_quote,
    list_certificate_kinds,
    list_exemptions,
)
from app.services import audit, receipts
from app.services.actor import Actor
from app.services.applicants import _upsert
from app.services.errors import PermissionDenied, ValidationError
from app.services.receipts import LineInput, ReceiptView
from app.services.roles import authorize
from db.models import Receipt, utcnow
from db.models_petitions import CertificateIssue, CertificateIssueLine
from db.uow import UnitOfWork

# The receipt of a fee just taken still prints when the night window closes in between (the applicant
# paid at 19:59); a reprint later is an ordinary action under the hours in force then.
_PRINT_GRACE = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class CertificateLine:
    """One kind asked for: ``kind`` is a code or Korean name, ``exemption`` a code or label (감면)."""

    kind: str
    copies: int = 1
    exemption: str | None = None


@dataclass(frozen=True, slots=True)
class IssuedLineView:
    kind_code: str
    kind_name: str
    copies: int
    unit_fee: int
    amount: int
    exemption_label: str


@dataclass(frozen=True, slots=True)
class CertificateIssueView:
    id: int
    uuid: uuid.UUID
    issued_at: datetime
    applicant_name: str
    applicant_rrn_masked: str
    lines: tuple[IssuedLineView, ...]
    total: int
    receipt: ReceiptView


def available_kinds(actor: Actor, *, on: datetime | None = None) -> list[CertificateKind]:
    """The kinds this actor may issue: the night window only those marked night_allowed."""
    return list_certificate_kinds(on=on, night_only=actor.role == "night")


def exemptions(*, on: datetime | None = None) -> list[Exemption]:
    return list_exemptions(on=on)


def _view(issue: CertificateIssue, receipt: ReceiptView) -> CertificateIssueView:
    return CertificateIssueView(
        id=issue.id,
        uuid=issue.uuid,
        issued_at=issue.issued_at,
        applicant_name=receipt.applicant_name,
        applicant_rrn_masked=receipt.applicant_rrn_masked,
        lines=tuple(
            IssuedLineView(ln.kind_code, ln.kind_name, ln.copies, ln.unit_fee, ln.amount, ln.exemption_label)
            for ln in issue.lines
        ),
        total=issue.total,
        receipt=receipt,
    )


def quote_lines(lines: Sequence[CertificateLine], *, on: datetime | None = None) -> int:
    """The total the applicant will pay for ``lines`` (for the live total on the form); ValueError if bad."""
    total = 0
    for line in lines:
        quote = fee_quote(line.kind, line.copies, exemption=line.exemption or None, on=on)
        total += quote.amount
    return total


def issue_certificates(
    uow: UnitOfWork,
    actor: Actor,
    *,
    applicant_name: str,
    lines: Sequence[CertificateLine],
    payment_method: str,
    resident_number: str | None = None,
    phone: str = "",
    channel: str = "counter",
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> CertificateIssueView:
    """Issue the certificates and take the fee on one receipt; a replay with ``client_uuid`` returns it."""
    moment = now or utcnow()
    authorize(actor, "certificate.issue", now=moment)
    if not lines:
        raise ValidationError("발급할 증명서를 하나 이상 고르세요.")
    quotes = []
    for line in lines:
        try:
            quote = fee_quote(line.kind, line.copies, channel=channel, exemption=line.exemption or None, on=moment)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        if actor.role == "night":
            kind = next((k for k in available_kinds(actor, on=moment) if k.code == quote.kind_code), None)
            if kind is None:
                raise PermissionDenied(
                    f"야간 민원실에서는 {quote.kind_name}을(를) 발급할 수 없습니다. "
                    "주민등록표 등·초본과 가족관계등록부 증명서만 발급합니다."
                )
        quotes.append(quote)
    client_uuid = client_uuid or uuid.uuid4()
    with uow:
        existing = uow.session.scalars(select(CertificateIssue).where(CertificateIssue.uuid == client_uuid)).first()
        if existing is not None:
            receipt_row = uow.session.get(Receipt, existing.receipt_id)
            assert receipt_row is not None
            return _view(existing, receipts._view(receipt_row, uow))
        applicant = _upsert(
            uow, actor, name=applicant_name, resident_number=resident_number or None, phone=phone, address=""
        )
        issue = record_issue(
            uow,
            actor,
            applicant_id=applicant.id,
            quotes=quotes,
            payment_method=payment_method,
            client_uuid=client_uuid,
            moment=moment,
        )
        uow.session.flush()
        receipt = uow.session.get(Receipt, issue.receipt_id)
        assert receipt is not None
        summary = ", ".join(
            f"{q.kind_name} {q.copies}부" + (f"({q.exemption_label})" if q.exemption_label else "") for q in quotes
        )
        audit.record(
            uow,
            actor,
            "certificate.issue",
            record_type="applicant",
            record_id=applicant.uuid,
            detail=f"영수증 {receipt.number}: {summary}",
        )
        view = _view(issue, receipts._view(receipt, uow))
        uow.commit()
    return view


def print_receipt(
    uow: UnitOfWork,
    actor: Actor,
    *,
    issue: CertificateIssueView,
    path: Path,
    paper: str = "roll80",
    now: datetime | None = None,
) -> Path:
    """Render the receipt PDF to ``path`` and log the print (접속기록: 출력)."""
    moment = now or utcnow()
    just_issued = timedelta(0) <= moment - issue.issued_at <= _PRINT_GRACE
    authorize(actor, "certificate.issue", now=issue.issued_at if just_issued else moment)
    written = render_receipt(issue.receipt, path, paper=paper)
    receipts.record_print(
        uow, actor, receipt_number_=issue.receipt.number, authorized_at=issue.issued_at if just_issued else moment
    )
    return written


def record_issue(
    uow: UnitOfWork,
    actor: Actor,
    *,
    applicant_id: int,
    quotes: Sequence[FeeQuote],
    payment_method: str,
    client_uuid: uuid.UUID,
    moment: datetime,
) -> CertificateIssue:
    """Write the receipt and the issue record into the OPEN unit of work (the service and the demo)."""
    receipt_lines = [
        LineInput(
            item_code=q.kind_code,
            description=q.kind_name,
            quantity=q.copies,
            unit_fee=q.unit_fee,
            exemption=q.exemption_label or "",
            fee_table=f"{q.table} ({q.valid_from}~; {q.source})"[:200],
        )
        for q in quotes
    ]
    receipt = receipts.add_receipt(
        uow,
        actor,
        lines=receipt_lines,
        payment_method=payment_method,
        applicant_id=applicant_id,
        now=moment,
    )
    issue = CertificateIssue(
        uuid=client_uuid,
        office_id=actor.office_id,
        terminal_id=actor.terminal_id,
        clerk_id=actor.user_id,
        applicant_id=applicant_id,
        receipt_id=receipt.id,
        channel=quotes[0].channel,
        issued_at=moment,
        total=receipt.total,
        lines=[
            CertificateIssueLine(
                position=i,
                kind_code=q.kind_code,
                kind_name=q.kind_name,
                copies=q.copies,
                unit_fee=q.unit_fee,
                amount=q.amount,
                exemption_code=q.exemption_code or "",
                exemption_label=q.exemption_label or "",
            )
            for i, q in enumerate(quotes)
        ],
    )
    uow.session.add(issue)
    return issue
