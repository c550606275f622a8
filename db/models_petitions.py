"""Tables of the 증명·민원 counter: certificates issued, time-limited petitions with their history, office
closures, overdue notices to departments and the satisfaction survey.

A petition row keeps ``due_at`` current: every pause (보완), extension (연장) and closure day changes it and
the service recomputes it in the same transaction, so lists and overdue checks can query it directly.
"""

from __future__ import annotations

import uuid as uuidlib
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models import Base, utcnow


class CertificateIssue(Base):
    """One request at the counter for one or more certificates, paid on one receipt (제증명 발급)."""

    __tablename__ = "certificate_issues"
    __table_args__ = (Index("ix_certificate_issues_office_issued", "office_id", "issued_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuidlib.UUID] = mapped_column(unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    terminal_id: Mapped[int | None] = mapped_column(ForeignKey("terminals.id"), default=None)
    clerk_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicants.id"))
    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipts.id"))
    channel: Mapped[str] = mapped_column(String(20), default="counter")
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    total: Mapped[int] = mapped_column(BigInteger, default=0)

    lines: Mapped[list[CertificateIssueLine]] = relationship(
        back_populates="issue", cascade="all, delete-orphan", order_by="CertificateIssueLine.position"
    )


class CertificateIssueLine(Base):
    """One kind of certificate in a request: copies, exemption and the fee charged."""

    __tablename__ = "certificate_issue_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("certificate_issues.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind_code: Mapped[str] = mapped_column(String(40))
    kind_name: Mapped[str] = mapped_column(String(60))
    copies: Mapped[int] = mapped_column(Integer, default=1)
    unit_fee: Mapped[int] = mapped_column(BigInteger, default=0)
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
    exemption_code: Mapped[str] = mapped_column(String(40), default="")
    exemption_label: Mapped[str] = mapped_column(String(100), default="")

    issue: Mapped[CertificateIssue] = relationship(back_populates="lines")


class OfficeClosure(Base):
    """A day the office is closed besides weekends and public holidays (임시 휴무); deadlines skip it."""

    __tablename__ = "office_closures"
    __table_args__ = (UniqueConstraint("office_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Petition(Base):
    """A time-limited petition (유기한 민원); ``number`` (민원-20261125-0001) is unique per office."""

    __tablename__ = "petitions"
    __table_args__ = (
        UniqueConstraint("office_id", "number"),
        Index("ix_petitions_office_status_due", "office_id", "status", "due_at"),
        Index("ix_petitions_department", "department"),
        Index("ix_petitions_office_due", "office_id", "due_at"),  # the list of every status (0015_speed)
        Index("ix_petitions_office_received", "office_id", "received_at"),  # reports by period (0018_speed)
        Index("ix_petitions_applicant", "applicant_id"),  # the list's search by name (0020_speed)
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuidlib.UUID] = mapped_column(unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    terminal_id: Mapped[int | None] = mapped_column(ForeignKey("terminals.id"), default=None)
    clerk_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicants.id"))
    number: Mapped[str] = mapped_column(String(30))
    type_code: Mapped[str] = mapped_column(String(60))
    type_name: Mapped[str] = mapped_column(String(100))
    period: Mapped[str] = mapped_column(String(20))
    department: Mapped[str] = mapped_column(String(60))
    summary: Mapped[str] = mapped_column(Text, default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    # received, processing, supplement, decided, notified, closed
    status: Mapped[str] = mapped_column(String(12), default="received")
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    original_due_at: Mapped[datetime] = mapped_column()
    due_at: Mapped[datetime] = mapped_column()
    extension_count: Mapped[int] = mapped_column(Integer, default=0)
    decision: Mapped[str] = mapped_column(String(10), default="")  # 인용 / 불가
    decided_at: Mapped[datetime | None] = mapped_column(default=None)  # the actual decision (결재) time
    decided_recorded_at: Mapped[datetime | None] = mapped_column(default=None)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), default=None)
    decided_reason: Mapped[str] = mapped_column(Text, default="")
    decision_reason: Mapped[str] = mapped_column(Text, default="")  # why (인용 내용 / 불가 사유)
    late: Mapped[bool] = mapped_column(default=False)
    notified_at: Mapped[datetime | None] = mapped_column(default=None)
    notice_method: Mapped[str] = mapped_column(String(10), default="")  # 통지 / 교부
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    close_reason: Mapped[str] = mapped_column(String(40), default="")
    close_note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    pauses: Mapped[list[PetitionPause]] = relationship(
        back_populates="petition", cascade="all, delete-orphan", order_by="PetitionPause.requested_at"
    )
    extensions: Mapped[list[PetitionExtension]] = relationship(
        back_populates="petition", cascade="all, delete-orphan", order_by="PetitionExtension.sequence"
    )
    transfers: Mapped[list[PetitionTransfer]] = relationship(
        back_populates="petition", cascade="all, delete-orphan", order_by="PetitionTransfer.at"
    )
    events: Mapped[list[PetitionEvent]] = relationship(
        back_populates="petition", cascade="all, delete-orphan", order_by="PetitionEvent.id"
    )


class PetitionPause(Base):
    """A request to supplement documents (보완요청): the clock stops until the supplement arrives."""

    __tablename__ = "petition_pauses"
    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id", ondelete="CASCADE"), index=True)
    requested_at: Mapped[datetime] = mapped_column()
    resumed_at: Mapped[datetime | None] = mapped_column(default=None)
    supplement_due_on: Mapped[date | None] = mapped_column(Date, default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    requested_by: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    resumed_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), default=None)

    petition: Mapped[Petition] = relationship(back_populates="pauses")


class PetitionExtension(Base):
    """An extension of the period (처리기간 연장) with its reason, the notice sent and any consent."""

    __tablename__ = "petition_extensions"
    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id", ondelete="CASCADE"), index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    extended_at: Mapped[datetime] = mapped_column()
    period: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    due_before: Mapped[datetime] = mapped_column()
    due_after: Mapped[datetime] = mapped_column()
    notice_method: Mapped[str] = mapped_column(String(10))
    notice_at: Mapped[datetime] = mapped_column()
    consent: Mapped[bool] = mapped_column(default=False)
    consent_note: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))

    petition: Mapped[Petition] = relationship(back_populates="extensions")


class PetitionTransfer(Base):
    """A transfer to another department (이송) with its reason."""

    __tablename__ = "petition_transfers"
    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column()
    from_department: Mapped[str] = mapped_column(String(60))
    to_department: Mapped[str] = mapped_column(String(60))
    reason: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))

    petition: Mapped[Petition] = relationship(back_populates="transfers")


class PetitionEvent(Base):
    """One step of the petition's history; ``uuid`` makes a replayed transition a no-op."""

    __tablename__ = "petition_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuidlib.UUID] = mapped_column(unique=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str] = mapped_column(String(12), default="")
    to_status: Mapped[str] = mapped_column(String(12), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # What the note is made of, {"template": msgid, "params": {...}} (0019_i18n): the history shows it in the
    # screen's language; None on old rows and on notes typed by a clerk, shown as ``note``.
    note_args: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    actor_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))

    petition: Mapped[Petition] = relationship(back_populates="events")


class PetitionStatusNotice(Base):
    """A status notice (처리 진행상황 통지) sent for one due date (30 days after receipt, then every 30)."""

    __tablename__ = "petition_status_notices"
    __table_args__ = (UniqueConstraint("petition_id", "due_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id", ondelete="CASCADE"))
    due_on: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column()
    method: Mapped[str] = mapped_column(String(10))
    actor_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))


class PetitionNotice(Base):
    """A 예고장 (advance notice) or 독촉장 (demand) sent to a department by an overdue check."""

    __tablename__ = "petition_notices"
    __table_args__ = (
        Index("ix_petition_notices_office_sent", "office_id", "sent_at"),
        # One notice of a kind per department and day: a second check that day reprints it (0014_ctr).
        Index("ux_petition_notices_office_day_department_kind", "office_id", "day", "department", "kind", unique=True),
        Index("ux_petition_notices_office_number", "office_id", "number", unique=True),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuidlib.UUID] = mapped_column(unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    batch: Mapped[uuidlib.UUID] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(10))  # advance / demand
    department: Mapped[str] = mapped_column(String(60))
    within_days: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime] = mapped_column()
    sent_by: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    petition_count: Mapped[int] = mapped_column(Integer, default=0)
    file_name: Mapped[str] = mapped_column(String(300), default="")
    # 시행일자 (the Seoul day of the check) and 문서번호; empty on notices sent before they were printed.
    day: Mapped[date | None] = mapped_column(Date, default=None)
    number: Mapped[str | None] = mapped_column(String(40), default=None)

    items: Mapped[list[PetitionNoticeItem]] = relationship(back_populates="notice", cascade="all, delete-orphan")


class PetitionNoticeItem(Base):
    """A petition listed on a notice, with its deadline at the time."""

    __tablename__ = "petition_notice_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("petition_notices.id", ondelete="CASCADE"), index=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"), index=True)
    due_at: Mapped[datetime] = mapped_column()
    overdue_days: Mapped[int] = mapped_column(Integer, default=0)
    time_label: Mapped[str] = mapped_column(String(40), default="")  # "1일 3시간 남음" / "2일 초과" as printed

    notice: Mapped[PetitionNotice] = relationship(back_populates="items")


class PetitionSurvey(Base):
    """The satisfaction survey of a resolved petition: SMS, the ARS call 5 minutes later, the answers."""

    __tablename__ = "petition_surveys"
    __table_args__ = (Index("ix_petition_surveys_office_queued", "office_id", "queued_at"),)  # 0018_speed
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuidlib.UUID] = mapped_column(unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"), unique=True)
    queued_at: Mapped[datetime] = mapped_column()
    sms_message_id: Mapped[int | None] = mapped_column(default=None)
    sms_enqueued_at: Mapped[datetime | None] = mapped_column(default=None)
    ars_due_at: Mapped[datetime | None] = mapped_column(default=None)
    answered_at: Mapped[datetime | None] = mapped_column(default=None)
    kindness: Mapped[int | None] = mapped_column(Integer, default=None)  # 1–5
    satisfaction: Mapped[int | None] = mapped_column(Integer, default=None)  # 1–5
    source: Mapped[str] = mapped_column(String(10), default="")  # hand / csv
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), default=None)
