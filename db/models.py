"""SQLAlchemy 2 models of the core tables: offices, terminals, staff, applicants, receipts, audit log.

Later features add their own modules and migrations; every table that people see a record of carries a
client-generated ``uuid`` beside its human number so that a replayed write is recognised.
"""

from __future__ import annotations

import uuid as uuidlib
from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.types import AwareDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: AwareDateTime(), uuidlib.UUID: Uuid()}


class Office(Base):
    """An office (기관): the district office's civil-affairs and passport counter."""

    __tablename__ = "offices"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    department: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    # Set by --demo: sample data with fictional people; a counter on it sends no SMS (0013_demo_office).
    demo: Mapped[bool] = mapped_column(default=False, server_default=false())


class Terminal(Base):
    """A counter PC (창구 단말)."""

    __tablename__ = "terminals"
    __table_args__ = (UniqueConstraint("office_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(100))


class StaffUser(Base):
    """A member of staff who signs in (직원 계정)."""

    __tablename__ = "staff_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuidlib.UUID] = mapped_column(unique=True, default=uuidlib.uuid4)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Applicant(Base):
    """A person at the counter (민원인). The resident number is kept only encrypted and as a keyed hash."""

    __tablename__ = "applicants"
    __table_args__ = (Index("ix_applicants_name", "name"),)  # F7 name search (0015_speed)
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuidlib.UUID] = mapped_column(unique=True, default=uuidlib.uuid4)
    name: Mapped[str] = mapped_column(String(60))
    rrn_cipher: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    # Unique: one person, one applicant, even when two counters register the same new person at once.
    rrn_hmac: Mapped[str | None] = mapped_column(String(64), index=True, unique=True, default=None)
    rrn_masked: Mapped[str] = mapped_column(String(14), default="")
    birth_date: Mapped[date | None] = mapped_column(Date, default=None)
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class NumberCounter(Base):
    """The last number handed out per office, series and period (receipt numbers per day, …)."""

    __tablename__ = "number_counters"
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), primary_key=True)
    series: Mapped[str] = mapped_column(String(30), primary_key=True)
    period: Mapped[str] = mapped_column(String(10), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Receipt(Base):
    """A receipt (영수증) for fees taken at the counter."""

    __tablename__ = "receipts"
    __table_args__ = (UniqueConstraint("office_id", "number"), Index("ix_receipts_business_day", "business_day"))
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuidlib.UUID] = mapped_column(unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    terminal_id: Mapped[int | None] = mapped_column(ForeignKey("terminals.id"), default=None)
    clerk_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("applicants.id"), default=None)
    number: Mapped[str] = mapped_column(String(20))
    business_day: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    total: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[str] = mapped_column(String(20), default="issued")
    void_reason: Mapped[str] = mapped_column(Text, default="")
    voided_at: Mapped[datetime | None] = mapped_column(default=None)
    voided_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), default=None)
    # A correction (정정) taken on an open day for a receipt of a day already closed: it points to the
    # original, whose closed day keeps its figures.
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("receipts.id"), default=None, index=True)
    # How often it was printed; every print after the first is marked 재발행 (n회) (0011_print_receipts).
    print_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    lines: Mapped[list[ReceiptLine]] = relationship(
        back_populates="receipt", cascade="all, delete-orphan", order_by="ReceiptLine.position"
    )
    payments: Mapped[list[Payment]] = relationship(back_populates="receipt", cascade="all, delete-orphan")


class ReceiptLine(Base):
    """One line of a receipt: an item with quantity, unit fee, amount and the fee table it came from."""

    __tablename__ = "receipt_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    item_code: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    unit_fee: Mapped[int] = mapped_column(BigInteger, default=0)
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
    exemption: Mapped[str] = mapped_column(String(100), default="")
    fee_table: Mapped[str] = mapped_column(String(200), default="")

    receipt: Mapped[Receipt] = relationship(back_populates="lines")


class Payment(Base):
    """How a receipt was paid (현금/카드) or that it was exempt (면제)."""

    __tablename__ = "payments"
    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipts.id", ondelete="CASCADE"), index=True)
    method: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(BigInteger)
    paid_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Cash: what the applicant handed over (the change is ``received - amount``); card: the approval number.
    received: Mapped[int | None] = mapped_column(BigInteger, default=None)
    approval_no: Mapped[str] = mapped_column(String(40), default="", server_default="")

    receipt: Mapped[Receipt] = relationship(back_populates="payments")


class AuditEntry(Base):
    """An access-log entry (접속기록): append-only; kept at least two years."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        # The access-log search by user or by action over a period (0015_speed).
        Index("ix_audit_log_username_at", "username", "at"),
        Index("ix_audit_log_action_at", "action", "at"),
    )
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), default=None)
    username: Mapped[str] = mapped_column(String(40), default="")
    terminal: Mapped[str] = mapped_column(String(40), default="")
    action: Mapped[str] = mapped_column(String(40))
    record_type: Mapped[str] = mapped_column(String(40), default="")
    record_id: Mapped[str] = mapped_column(String(60), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    # The hash chain (``db.auditchain``): the entry's place in the log and sha256(previous hash + its content).
    seq: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), unique=True, index=True, default=None
    )
    chain_hash: Mapped[str | None] = mapped_column(String(64), default=None)
