"""Receiving a filing (신고 접수): checked, numbered, stored with its people, audited, a receipt where it has a fee."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.domain.family import FilingKind
from app.services import audit, replay
from app.services.actor import Actor
from app.services.applicants import write_applicant
from app.services.family.checks import check_filing
from app.services.family.common import PERMISSION, RECORD_TYPE, SERIES, filing_view
from app.services.receipts import LineInput, business_day_of, write_receipt
from app.services.roles import authorize
from app.views.family import FilingInput, FilingView
from db.models import utcnow
from db.models_family import FamilyFiling, FamilyFilingParty
from db.numbers import next_number
from db.uow import UnitOfWork


def filing_number(year: int, sequence: int) -> str:
    """``가족-2026-000001``: unique per office and year."""
    return f"가족-{year}-{sequence:06d}"


def filing_fee(kind: FilingKind) -> int:
    """The fee of a filing of ``kind`` (filings are free today; the data table may set one)."""
    return kind.fee


def file_filing(
    uow: UnitOfWork,
    actor: Actor,
    data: FilingInput,
    *,
    client_uuid: uuid.UUID | None = None,
    payment_method: str = "현금",
    now: datetime | None = None,
) -> FilingView:
    """Receive a filing (신고 접수); a replay with the same ``client_uuid`` returns the filing already made."""
    authorize(actor, PERMISSION, now=now)
    moment = now or utcnow()
    key = client_uuid or uuid.uuid4()

    def find() -> FilingView | None:
        with uow:
            existing = uow.session.scalars(
                select(FamilyFiling).options(selectinload(FamilyFiling.parties)).where(FamilyFiling.uuid == key)
            ).first()
            return filing_view(existing, uow) if existing is not None else None

    def write() -> FilingView:
        with uow:
            existing = uow.session.scalars(
                select(FamilyFiling).options(selectinload(FamilyFiling.parties)).where(FamilyFiling.uuid == key)
            ).first()
            if existing is not None:
                return replay.answered(filing_view(existing, uow))
            view = write_filing(uow, actor, data, client_uuid=key, payment_method=payment_method, moment=moment)
            uow.commit()
        return view

    # Two identical saves at the same moment (a retry racing its original): the loser's insert hits the
    # unique client id and answers with the winner's filing; its number is rolled back with it (no gap).
    return replay.write_once(write, find)


def write_filing(
    uow: UnitOfWork,
    actor: Actor,
    data: FilingInput,
    *,
    client_uuid: uuid.UUID,
    payment_method: str,
    moment: datetime,
) -> FilingView:
    """Check, number and store a filing with its people, receipt and audit entry in the OPEN unit of work."""
    filed_on = business_day_of(moment)
    checked = check_filing(data, filed_on)
    applicant_ids: dict[str, int] = {}
    for role, person in checked.persons.items():
        party_view = write_applicant(
            uow,
            actor,
            name=person.input.name,
            resident_number=person.input.resident_number,
            phone=person.input.phone if role == checked.filer_role else "",
            address=person.input.address,
        )
        applicant_ids[role] = party_view.id
    if checked.filer_role is None:
        filer_view = write_applicant(
            uow,
            actor,
            name=checked.filer.input.name,
            resident_number=checked.filer.input.resident_number,
            phone=checked.filer.input.phone,
            address=checked.filer.input.address,
        )
        filer_id = filer_view.id
    else:
        filer_id = applicant_ids[checked.filer_role]
    year = filed_on.year
    sequence = next_number(uow.session, office_id=actor.office_id, series=SERIES, period=str(year))
    a = checked.assessment
    late = a.days_late > 0
    filing = FamilyFiling(
        uuid=client_uuid,
        office_id=actor.office_id,
        terminal_id=actor.terminal_id,
        clerk_id=actor.user_id,
        number=filing_number(year, sequence),
        kind=checked.kind.code,
        kind_name=checked.kind.name,
        status="received",
        received_at=moment,
        filed_on=filed_on,
        event_date=checked.event_date,
        occurred_on=checked.occurred_on,
        subject_name=checked.subject_name[:60],
        subject_applicant_id=applicant_ids.get(checked.subject_role) if checked.subject_role else None,
        filer_applicant_id=filer_id,
        filer_relation=checked.filer_relation,
        birth_order=checked.birth_order,
        details=checked.details,
        deadline=a.deadline,
        days_late=a.days_late,
        estimated_fine=a.fine,
        fine_band=a.band or "",
        after_demand=data.after_demand and late,
        paid_now=data.paid_now and late,
        assessment=a.label[:200],
        sms_consent=data.sms_consent,
        sms_phone=checked.sms_phone,
        sms_consent_at=moment if data.sms_consent else None,
        result_note="",
        parties=[
            FamilyFilingParty(position=i, role=role, applicant_id=applicant_ids[role], name=p.input.name)
            for i, (role, p) in enumerate(checked.persons.items())
        ]
        + (
            [
                FamilyFilingParty(
                    position=len(checked.persons),
                    role="filer",
                    applicant_id=filer_id,
                    name=checked.filer.input.name,
                )
            ]
            if checked.filer_role is None
            else []
        ),
    )
    if checked.form == "birth":
        # The newborn has no resident number yet: it is recorded on the filing only.
        filing.details = {**checked.details, "birth_date": checked.event_date.isoformat()}
    fee = filing_fee(checked.kind)
    if fee > 0:
        receipt = write_receipt(
            uow,
            actor,
            lines=[
                LineInput(
                    f"family.{checked.kind.code}",
                    f"{checked.kind.name} 신고",
                    1,
                    fee,
                    fee_table=checked.kind.source,
                )
            ],
            payment_method=payment_method,
            applicant_id=filer_id,
            now=moment,
        )
        filing.receipt_id = receipt.id
    uow.session.add(filing)
    uow.session.flush()
    audit.record(
        uow,
        actor,
        "family.file",
        record_type=RECORD_TYPE,
        record_id=filing.number,
        detail=f"{checked.kind.name} {a.label}" + (" 문자알림 동의" if data.sms_consent else ""),
        at=moment,
    )
    return filing_view(filing, uow)
