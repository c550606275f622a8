"""The access log (접속기록): every read, change, print, export, unmask and sign-in, in the same transaction."""

from __future__ import annotations

from datetime import datetime

from app.domain.identity import mask_text
from app.services.actor import Actor
from db.models import AuditEntry, utcnow
from db.uow import UnitOfWork


def record(
    uow: UnitOfWork,
    actor: Actor | None,
    action: str,
    *,
    record_type: str = "",
    record_id: object = "",
    detail: str = "",
    reason: str = "",
    username: str = "",
    terminal: str = "",
    at: datetime | None = None,
) -> AuditEntry:
    """Add an audit entry to the open unit of work; a resident number in the text is masked."""
    entry = AuditEntry(
        at=at or utcnow(),
        user_id=actor.user_id if actor else None,
        username=actor.username if actor else username,
        terminal=actor.terminal_code if actor else terminal,
        action=action,
        record_type=record_type,
        record_id=str(record_id) if record_id is not None else "",
        detail=mask_text(detail),
        reason=mask_text(reason),
    )
    uow.session.add(entry)
    return entry
