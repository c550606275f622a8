"""Passport tables (여권): applications with their status trail, loss reports and fee refunds."""

from __future__ import annotations

import uuid as uuidlib
from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base, utcnow


class PassportApplication(Base):
    """One passport application (여권 발급 신청): fee, documents, status 접수 → 심사 → 제작 → 도착 → 교부."""

    __tablename__ = "passport_applications"
    __table_args__ = (
        UniqueConstraint("office_id", "number"),
        Index("ix_passport_applications_status", "office_id", "status"),
        # Today's deliveries in the counter's list; the emergency board (0015_speed).
        Index("ix_passport_applications_office_delivered", "office_id", "delivered_at"),
        Index("ix_passport_applications_office_emergency", "office_id", "emergency", "status"),
        Index("ix_passport_applications_office_received", "office_id", "received_at"),  # reports (0018_speed)
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuidlib.UUID] = mapped_column(unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    terminal_id: Mapped[int | None] = mapped_column(ForeignKey("terminals.id"), default=None)
    clerk_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicants.id"), index=True)
    number: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)

    kind: Mapped[str] = mapped_column(String(10))
    validity_years: Mapped[int | None] = mapped_column(Integer, default=None)
    pages: Mapped[int | None] = mapped_column(Integer, default=None)
    label: Mapped[str] = mapped_column(String(100), default="")
    age: Mapped[int] = mapped_column(Integer)
    reduced: Mapped[bool] = mapped_column(default=False)
    fee: Mapped[int] = mapped_column(BigInteger, default=0)
    contribution: Mapped[int] = mapped_column(BigInteger, default=0)
    total: Mapped[int] = mapped_column(BigInteger, default=0)
    fee_table: Mapped[str] = mapped_column(String(200), default="")
    fee_verified: Mapped[bool] = mapped_column(default=True)
    receipt_id: Mapped[int | None] = mapped_column(ForeignKey("receipts.id"), default=None)

    photo_checked: Mapped[bool] = mapped_column(default=False)
    documents_checked: Mapped[str] = mapped_column(Text, default="")  # checklist keys, comma-separated
    applying_in_person: Mapped[bool] = mapped_column(default=True)
    proxy_name: Mapped[str] = mapped_column(String(60), default="")
    proxy_relation: Mapped[str] = mapped_column(String(20), default="")
    sms_consent: Mapped[bool] = mapped_column(default=False)
    # 로마자 성명 as the passport writes it ("HONG GILDONG"); 0016_kbd
    roman_name: Mapped[str] = mapped_column(String(80), default="")

    status: Mapped[str] = mapped_column(String(12), default="received")
    reviewed_at: Mapped[datetime | None] = mapped_column(default=None)
    produced_at: Mapped[datetime | None] = mapped_column(default=None)
    arrived_at: Mapped[datetime | None] = mapped_column(default=None)
    delivered_at: Mapped[datetime | None] = mapped_column(default=None)
    delivered_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), default=None)
    collector_name: Mapped[str] = mapped_column(String(60), default="")
    collector_relation: Mapped[str] = mapped_column(String(20), default="")  # "본인" or a proxy relation
    id_checked: Mapped[bool] = mapped_column(default=False)

    emergency: Mapped[bool] = mapped_column(default=False)
    emergency_reason: Mapped[str] = mapped_column(Text, default="")
    due_at: Mapped[datetime | None] = mapped_column(default=None)
    destination_warned: Mapped[bool] = mapped_column(default=False)
    declared_losses_1y: Mapped[int | None] = mapped_column(Integer, default=None)
    declared_losses_5y: Mapped[int | None] = mapped_column(Integer, default=None)
    reduced_claim: Mapped[str] = mapped_column(String(12), default="")  # "", "pending", "applied", "lapsed"
    reduced_reason: Mapped[str] = mapped_column(Text, default="")
    reduced_proof_due: Mapped[date | None] = mapped_column(Date, default=None)


class PassportLossReport(Base):
    """A report of a lost passport (여권 분실 신고); these decide emergency-passport eligibility."""

    __tablename__ = "passport_loss_reports"
    __table_args__ = (UniqueConstraint("office_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuidlib.UUID] = mapped_column(unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    clerk_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicants.id"), index=True)
    number: Mapped[str] = mapped_column(String(20))
    reported_at: Mapped[datetime] = mapped_column(default=utcnow)
    lost_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")
    circumstances: Mapped[str] = mapped_column(Text, default="")
    passport_number: Mapped[str] = mapped_column(String(20), default="")


class PassportRefund(Base):
    """Money paid back on a passport receipt (환급), e.g. the reduced emergency fee proved afterwards.

    The original receipt stays issued and on file; the refund is its own audited record beside it, so the
    day's takings are the receipts minus the refunds.
    """

    __tablename__ = "passport_refunds"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuidlib.UUID] = mapped_column(unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    clerk_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    application_id: Mapped[int] = mapped_column(ForeignKey("passport_applications.id"), index=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipts.id"))
    refunded_at: Mapped[datetime] = mapped_column(default=utcnow)
    business_day: Mapped[date] = mapped_column(Date)
    fee_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    contribution_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    amount: Mapped[int] = mapped_column(BigInteger)
    method: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    proof: Mapped[str] = mapped_column(Text, default="")
    fee_table: Mapped[str] = mapped_column(String(200), default="")
