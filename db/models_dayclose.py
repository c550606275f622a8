"""Day close (일일 마감): a supervisor's approval of one business day's takings."""

from __future__ import annotations

import uuid as uuidlib
from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base, utcnow


class DayClose(Base):
    __tablename__ = "day_closes"
    __table_args__ = (UniqueConstraint("office_id", "business_day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuidlib.UUID] = mapped_column(unique=True, default=uuidlib.uuid4)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    business_day: Mapped[date] = mapped_column(Date)
    closed_by: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    closed_at: Mapped[datetime] = mapped_column(default=utcnow)
    receipts: Mapped[int] = mapped_column(Integer)
    voided: Mapped[int] = mapped_column(Integer)
    cash: Mapped[int] = mapped_column(BigInteger)
    card: Mapped[int] = mapped_column(BigInteger)
    exempt_lines: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(BigInteger)
    counted_cash: Mapped[int | None] = mapped_column(BigInteger, default=None)
    note: Mapped[str] = mapped_column(Text, default="")


class DayCloseEvent(Base):
    """One step in the close history of a day (마감 이력): a close with its cash count, or a supervisor's reopen.

    ``day_closes`` holds the day's close in force (a receipt of a day with a row there is refused); a reopen
    removes that row and is written here with its reason, and a second close writes both again. The history
    is append-only: the printed close (수납 일계표) shows every step.
    """

    __tablename__ = "day_close_events"
    __table_args__ = (
        UniqueConstraint("office_id", "business_day", "sequence"),
        Index("ix_day_close_events_office_day", "office_id", "business_day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuidlib.UUID] = mapped_column(unique=True, default=uuidlib.uuid4)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    business_day: Mapped[date] = mapped_column(Date)
    sequence: Mapped[int] = mapped_column(Integer)  # 1, 2, … within the day
    action: Mapped[str] = mapped_column(String(10))  # close / reopen
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    receipts: Mapped[int] = mapped_column(Integer)
    voided: Mapped[int] = mapped_column(Integer)
    cash: Mapped[int] = mapped_column(BigInteger)  # the expected cash (장부 현금) at this step
    card: Mapped[int] = mapped_column(BigInteger)
    total: Mapped[int] = mapped_column(BigInteger)
    counted_cash: Mapped[int | None] = mapped_column(BigInteger, default=None)
    cash_difference: Mapped[int | None] = mapped_column(BigInteger, default=None)  # counted - expected
    note: Mapped[str] = mapped_column(Text, default="")  # the close's note or the reopen's reason
