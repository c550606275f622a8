"""Actions that the race tests run in two processes at once (importable by name in a spawned process)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from app.domain.calendar import SEOUL


def void(database: Any, actor: Any, *, receipt_id: int, reason: str) -> str:
    from app.services import receipts

    return receipts.void_receipt(database.uow(), actor, receipt_id=receipt_id, reason=reason).number


def issue_on(database: Any, actor: Any, *, day: str) -> str:
    from app.services.receipts import LineInput, issue_receipt

    moment = datetime.combine(date.fromisoformat(day), time(11, 0), tzinfo=SEOUL)
    line = LineInput("resident_copy", "주민등록표 등본", 1, 400)
    return issue_receipt(database.uow(), actor, lines=[line], payment_method="현금", now=moment).number


def close(database: Any, actor: Any, *, day: str) -> int:
    from app.services import dayclose

    return dayclose.close_day(database.uow(), actor, day=date.fromisoformat(day)).receipts


def issue_or_close(database: Any, actor: Any, *, day: str, what: str) -> object:
    return issue_on(database, actor, day=day) if what == "issue" else close(database, actor, day=day)


def register(database: Any, actor: Any, *, name: str, resident_number: str) -> int:
    from app.services import applicants

    return applicants.upsert_applicant(database.uow(), actor, name=name, resident_number=resident_number).id


def issue_with_key(database: Any, actor: Any, *, key: str) -> str:
    import uuid

    from app.services.receipts import LineInput, issue_receipt

    line = LineInput("resident_copy", "주민등록표 등본", 1, 400)
    return issue_receipt(database.uow(), actor, lines=[line], payment_method="현금", client_uuid=uuid.UUID(key)).number


def migrate_url(url: str, out: Any) -> None:
    from db.engine import make_engine, migrate

    engine = make_engine(url)
    try:
        migrate(engine)
        out.put("ok")
    except Exception as exc:  # noqa: BLE001 - reported to the test
        out.put(f"{exc.__class__.__name__}: {exc}")
    finally:
        engine.dispose()
