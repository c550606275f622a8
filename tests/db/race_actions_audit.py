"""Actions the access-log race test runs in two processes at once (importable by name in a spawned process)."""

from __future__ import annotations

from typing import Any


def write_entries(database: Any, actor: Any, *, count: int, tag: str) -> int:
    """One unit of work writing ``count`` entries, with a business read in between (as services do)."""
    from sqlalchemy import select

    from app.services import audit
    from db.models import StaffUser

    with database.uow() as uow:
        for i in range(count):
            audit.record(uow, actor, "applicant.read", record_type="test", record_id=f"{tag}-{i}")
            uow.session.scalars(select(StaffUser.id)).all()
        uow.commit()
    return count
