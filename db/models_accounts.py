"""Sign-in failures counted per account and terminal (로그인 실패 기록), so that a lockout stays where it was earned.

The account is named by a keyed hash of the ID as typed (``app.services.auth``): an unknown ID (perhaps a
password typed into the wrong field) is counted like a known one and is never stored in clear.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base, utcnow


class LoginFailure(Base):
    """Wrong passwords for one account at one terminal since the last success or admin unlock."""

    __tablename__ = "login_failures"
    __table_args__ = (UniqueConstraint("account_key", "terminal"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    account_key: Mapped[str] = mapped_column(String(64), index=True)
    terminal: Mapped[str] = mapped_column(String(40))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
