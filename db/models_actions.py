"""Client ids of actions on existing records (a void, a filing result, a passport step, …).

A counter that lost the reply sends the same action again with the same id; finding the id here means the
action already went through, so the retry is answered with the record as it is instead of a refusal.
"""

from __future__ import annotations

import uuid as uuidlib
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base, utcnow


class ActionKey(Base):
    __tablename__ = "action_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuidlib.UUID] = mapped_column(unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    action: Mapped[str] = mapped_column(String(40))
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(60))
    at: Mapped[datetime] = mapped_column(default=utcnow)
