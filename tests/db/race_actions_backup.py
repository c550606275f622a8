"""The backup action the race test runs in two processes at once (importable by name in a spawned process)."""

from __future__ import annotations

from datetime import datetime
from typing import Any


def make(database: Any, actor: Any, *, folder: str, keep: int, now: str) -> str:
    """One on-demand backup into ``folder`` at the moment ``now`` (ISO); returns the copy's file name."""
    from app.services import backup
    from app.settings import Settings

    settings = Settings(values={"backup_dir": folder, "backup_keep": keep})
    return backup.make_backup(database, actor, settings=settings, now=datetime.fromisoformat(now)).copy.name


def restore_or_issue(database: Any, actor: Any, *, do: str, copy: str = "", folder: str = "", now: str = "") -> object:
    """One counter restores ``copy`` while the other issues a receipt, at the same instant."""
    from pathlib import Path

    from app.services import backup, receipts
    from app.settings import Settings

    if do == "restore":
        settings = Settings(values={"backup_dir": folder})
        result = backup.restore_backup(
            database, actor, settings=settings, copy=Path(copy), now=datetime.fromisoformat(now)
        )
        return result.kept_as.name
    line = receipts.LineInput("resident_copy", "주민등록표 등본", 1, 400)
    return receipts.issue_receipt(database.uow(), actor, lines=[line], payment_method="현금").number
