"""Family-registration filings (가족관계등록 신고): the filing, its numbered record and the people in it.

Persons with a resident number are applicants (encrypted there); a party row points at the applicant and
keeps the name as written on the form. A newborn has no number yet: its particulars live on the filing.
"""

from __future__ import annotations

import uuid as uuidlib
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models import Base, utcnow


class FamilyFiling(Base):
    """One filing at the counter; ``number`` (가족-2026-000123) is unique per office and year."""

    __tablename__ = "family_filings"
    __table_args__ = (
        UniqueConstraint("office_id", "number"),
        Index("ix_family_filings_office_filed", "office_id", "filed_on"),
        # The list newest first, also by kind and by status (0015_speed).
        Index("ix_family_filings_office_received", "office_id", "received_at"),
        Index("ix_family_filings_office_kind_received", "office_id", "kind", "received_at"),
        Index("ix_family_filings_office_status_received", "office_id", "status", "received_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuidlib.UUID] = mapped_column(unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    terminal_id: Mapped[int | None] = mapped_column(ForeignKey("terminals.id"), default=None)
    clerk_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    number: Mapped[str] = mapped_column(String(30))
    kind: Mapped[str] = mapped_column(String(30))
    kind_name: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(12), default="received")  # received, processed, refused
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    filed_on: Mapped[date] = mapped_column(Date)
    # The day the period counts from (birth, learning of a death, receipt of the court's papers).
    event_date: Mapped[date] = mapped_column(Date)
    # The day it happened where that differs (date of death; the 안심상속 deadline runs from it).
    occurred_on: Mapped[date | None] = mapped_column(Date, default=None)
    subject_name: Mapped[str] = mapped_column(String(60))
    subject_applicant_id: Mapped[int | None] = mapped_column(ForeignKey("applicants.id"), default=None)
    filer_applicant_id: Mapped[int] = mapped_column(ForeignKey("applicants.id"))
    filer_relation: Mapped[str] = mapped_column(String(40), default="")
    birth_order: Mapped[int | None] = mapped_column(Integer, default=None)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    deadline: Mapped[date | None] = mapped_column(Date, default=None)
    days_late: Mapped[int] = mapped_column(Integer, default=0)
    # An estimate for the filer; the registrar imposes the fine, we do not charge it.
    estimated_fine: Mapped[int] = mapped_column(BigInteger, default=0)
    fine_band: Mapped[str] = mapped_column(String(40), default="")
    after_demand: Mapped[bool] = mapped_column(default=False)
    paid_now: Mapped[bool] = mapped_column(default=False)
    assessment: Mapped[str] = mapped_column(String(200), default="")
    sms_consent: Mapped[bool] = mapped_column(default=False)
    sms_phone: Mapped[str] = mapped_column(String(40), default="")
    sms_consent_at: Mapped[datetime | None] = mapped_column(default=None)
    receipt_id: Mapped[int | None] = mapped_column(ForeignKey("receipts.id"), default=None)
    processed_at: Mapped[datetime | None] = mapped_column(default=None)
    processed_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), default=None)
    result_note: Mapped[str] = mapped_column(Text, default="")

    parties: Mapped[list[FamilyFilingParty]] = relationship(
        back_populates="filing", cascade="all, delete-orphan", order_by="FamilyFilingParty.position"
    )


class FamilyFilingParty(Base):
    """A person named on a filing in a role (모, 사망자, 남편, 증인 1, 신고인 …)."""

    __tablename__ = "family_filing_parties"
    id: Mapped[int] = mapped_column(primary_key=True)
    filing_id: Mapped[int] = mapped_column(ForeignKey("family_filings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    role: Mapped[str] = mapped_column(String(20))
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("applicants.id"), default=None)
    name: Mapped[str] = mapped_column(String(60))

    filing: Mapped[FamilyFiling] = relationship(back_populates="parties")
