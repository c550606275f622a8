"""Day close (일일 마감): a supervisor's approval of one business day's takings."""

from __future__ import annotations

import uuid as uuidlib
from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, Text, UniqueConstraint
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
