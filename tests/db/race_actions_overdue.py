"""The overdue check as two supervisors run it at the same moment (importable by name in a spawned process)."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path
from typing import Any


def check(database: Any, actor: Any, *, now: str, folder: str) -> list[tuple[str, str, bool, bool]]:
    """One check; returns per notice (문서번호, department, reprinted, its PDF written)."""
    from app.services import overdue

    moment = datetime.fromisoformat(now)
    result = overdue.run_overdue_check(
        database.uow(),
        actor,
        within_days=3,
        now=moment,
        client_uuid=uuid.uuid4(),
        path_for=lambda kind, dept: Path(folder) / f"{actor.username}-{moment:%Y%m%d}-{kind}-{dept}.pdf",
    )
    return [(n.number, n.department, n.reprinted, n.path.is_file()) for n in result.notices]
