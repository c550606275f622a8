"""Certificates at the counter (제증명 발급): one request of one or more kinds, paid on one receipt."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from app.domain.certificates import (
    CertificateKind,
    Exemption,
    FeeQuote,
    fee_quote,
    list_certificate_kinds,
    list_exemptions,
)
from app.services import audit, printing, receipts, replay
from app.services.actor import Actor
from app.services.applicants import write_applicant
from app.services.errors import PermissionDenied, ValidationError
from app.services.inputs import clean_text
from app.services.receipts import LineInput
from app.services.roles import authorize, transaction_begun
from app.views.certificates import CertificateIssueView, CertificateLine, IssuedLineView
from app.views.receipts import ReceiptView
from db.models import Receipt, utcnow
from db.models_petitions import CertificateIssue, CertificateIssueLine
from db.uow import UnitOfWork


def available_kinds(actor: Actor, *, on: datetime | None = None) -> list[CertificateKind]:
    """The kinds this actor may issue: the night window only those marked night_allowed."""
    return list_certificate_kinds(on=on, night_only=actor.role == "night")


def exemptions(*, on: datetime | None = None, kind: str | None = None) -> list[Exemption]:
    """The fee exemptions in force; with ``kind`` only those that apply to it (the form's choices)."""
    try:
        return list_exemptions(on=on, kind=kind)
    except ValueError as exc:
        raise ValidationError.of(exc) from None


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


MAX_LINES = 20  # kinds on one request (one receipt)


def _quote(line: CertificateLine, *, channel: str, on: datetime | None) -> FeeQuote:
    """The fee quote of one request line, its texts checked at the boundary (ValidationError if bad)."""
    kind = clean_text(line.kind, "증명서 종류", max_len=60, required=True)
    exemption = clean_text(line.exemption, "감면 사유", max_len=100) or None
    try:
        return fee_quote(
            kind, line.copies, channel=clean_text(channel, "발급 창구", max_len=20), exemption=exemption, on=on
        )
    except ValueError as exc:
        raise ValidationError.of(exc) from None


def quote_lines(lines: Sequence[CertificateLine], *, on: datetime | None = None) -> int:
    """The total the applicant will pay for ``lines`` (for the live total on the form); ValidationError if bad."""
    return sum(_quote(line, channel="counter", on=on).amount for line in lines)


def find_issue(uow: UnitOfWork, actor: Actor, client_uuid: uuid.UUID) -> CertificateIssueView | None:
    """The issue recorded under ``client_uuid`` (a replay), or None; opens its own read."""
    with uow:
        existing = uow.session.scalars(
            select(CertificateIssue).where(
                CertificateIssue.uuid == client_uuid, CertificateIssue.office_id == actor.office_id
            )
        ).first()
        if existing is None:
            return None
        receipt_row = uow.session.get(Receipt, existing.receipt_id)
        assert receipt_row is not None
        return _view(existing, receipts.receipt_view(receipt_row, uow))


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
    cash_received: int | None = None,
    approval_no: str = "",
    begun_at: datetime | None = None,
) -> CertificateIssueView:
    """Issue the certificates and take the fee on one receipt; a replay with ``client_uuid`` returns it, also
    when two counters replay it at the same moment (the second is answered with the first's issue).
    ``begun_at``: when the clerk began the form (the night window's grace finishes one begun before 20:00)."""
    moment = now or utcnow()
    authorize(actor, "certificate.issue", now=moment, begun_at=begun_at)
    if not lines:
        raise ValidationError("발급할 증명서를 하나 이상 고르세요.")
    if len(lines) > MAX_LINES:
        raise ValidationError("한 번에 {kinds}종류까지 발급할 수 있습니다.", kinds=MAX_LINES)
    quotes = []
    for line in lines:
        quote = _quote(line, channel=channel, on=moment)
        if actor.role == "night":
            kind = next((k for k in available_kinds(actor, on=moment) if k.code == quote.kind_code), None)
            if kind is None:
                raise PermissionDenied(
                    "야간 민원실에서는 {kind_name:을/를} 발급할 수 없습니다. "
                    "주민등록표 등·초본과 가족관계등록부 증명서만 발급합니다.",
                    kind_name=quote.kind_name,
                )
        quotes.append(quote)
    key = client_uuid or uuid.uuid4()

    def write() -> CertificateIssueView:
        with uow:
            existing = uow.session.scalars(select(CertificateIssue).where(CertificateIssue.uuid == key)).first()
            if existing is not None:
                receipt_row = uow.session.get(Receipt, existing.receipt_id)
                assert receipt_row is not None
                return replay.answered(_view(existing, receipts.receipt_view(receipt_row, uow)))
            applicant = write_applicant(
                uow, actor, name=applicant_name, resident_number=resident_number or None, phone=phone, address=""
            )
            issue = write_certificate_issue(
                uow,
                actor,
                applicant_id=applicant.id,
                quotes=quotes,
                payment_method=payment_method,
                client_uuid=key,
                moment=moment,
                cash_received=cash_received,
                approval_no=approval_no,
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
            view = _view(issue, receipts.receipt_view(receipt, uow))
            uow.commit()
        return view

    with transaction_begun(begun_at):
        return replay.write_once(write, lambda: find_issue(uow, actor, key))


def print_receipt(
    uow: UnitOfWork,
    actor: Actor,
    *,
    issue: CertificateIssueView,
    path: Path,
    paper: str = "roll80",
    now: datetime | None = None,
) -> Path:
    """Print the receipt of a certificate issue through the one print path (접속기록: 출력)."""
    return printing.print_receipt(
        uow, actor, receipt=issue.receipt, path=path, paper=paper, permission="certificate.issue", now=now
    )


def prepare_receipt_print(
    uow: UnitOfWork,
    actor: Actor,
    *,
    issue: CertificateIssueView,
    path: Path,
    paper: str = "roll80",
    language: str = "ko",
    now: datetime | None = None,
) -> printing.PendingPrint:
    """The logged intent of printing that receipt (in Korean, or ``language="en"`` for a foreign resident);
    the screen renders it off the database worker."""
    return printing.prepare_receipt_print(
        uow,
        actor,
        receipt=issue.receipt,
        path=path,
        paper=paper,
        language=language,
        permission="certificate.issue",
        now=now,
    )


def write_certificate_issue(
    uow: UnitOfWork,
    actor: Actor,
    *,
    applicant_id: int,
    quotes: Sequence[FeeQuote],
    payment_method: str,
    client_uuid: uuid.UUID,
    moment: datetime,
    cash_received: int | None = None,
    approval_no: str = "",
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
    receipt = receipts.write_receipt(
        uow,
        actor,
        lines=receipt_lines,
        payment_method=payment_method,
        applicant_id=applicant_id,
        now=moment,
        cash_received=cash_received,
        approval_no=approval_no,
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
