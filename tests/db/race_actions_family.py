"""Family-filing actions that the race tests run in two processes at once (importable in a spawned process)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any


def decide(database: Any, actor: Any, *, filing_id: int, outcome: str, note: str, key: str) -> str:
    """처리완료 or 불수리 of one filing, with this counter's own client id; returns the status it left."""
    from app.services import family

    view = family.process_filing(
        database.uow(), actor, filing_id=filing_id, outcome=outcome, note=note, client_uuid=uuid.UUID(key)
    )
    return view.status


def file_death(database: Any, actor: Any, *, key: str, deceased: str, filer: str) -> str:
    """The same death filing saved with the same client id (a retry racing its original); returns its number."""
    from app.services import family

    data = family.FilingInput(
        kind="death",
        event_date=date(2026, 1, 10),
        persons={"deceased": family.PersonInput("이순자", deceased)},
        filer_relation="cohabiting_relative",
        filer=family.PersonInput("이영수", filer, phone="010-2222-3333"),
        details={"death_date": date(2026, 1, 9), "death_place": "자택", "proof": "진단서"},
        sms_consent=True,
        sms_phone="010-2222-3333",
    )
    return family.file_filing(database.uow(), actor, data, client_uuid=uuid.UUID(key)).number
