"""Passport actions that the race tests run in two processes at once (importable by name in a spawned process).

Each counter sends its own client id (``key``), as two screens do; a replay race sends the same one twice.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any


def advance(database: Any, actor: Any, *, application_id: int, to_status: str, key: str, now: datetime) -> str:
    from app.services import passports as ps

    view = ps.advance_application(
        database.uow(), actor, application_id=application_id, to_status=to_status, client_uuid=uuid.UUID(key), now=now
    )
    return view.status


def deliver(database: Any, actor: Any, *, application_id: int, key: str, now: datetime) -> str:
    from app.services import passports as ps

    view = ps.deliver_passport(
        database.uow(), actor, application_id=application_id, id_checked=True, client_uuid=uuid.UUID(key), now=now
    )
    return view.collector_name


def claim(database: Any, actor: Any, *, application_id: int, key: str, now: datetime) -> str:
    from app.services import passports as ps

    view = ps.claim_reduced_fee_later(
        database.uow(), actor, application_id=application_id, reason="부친 위독", client_uuid=uuid.UUID(key), now=now
    )
    return view.reduced_claim


def refund(database: Any, actor: Any, *, application_id: int, key: str, now: datetime) -> tuple[str, int]:
    """The reduced fee proved and the difference paid back; returns (refund uuid, amount)."""
    from app.services import passports as ps

    view = ps.apply_reduced_fee_with_proof(
        database.uow(),
        actor,
        application_id=application_id,
        proof="사망진단서",
        refund_method="현금",
        client_uuid=uuid.UUID(key),
        now=now,
    )
    return str(view.uuid), view.amount


def close(database: Any, actor: Any, *, day: str) -> tuple[int, int]:
    """The supervisor closes the day; returns (the day's approved total, the refunds inside it)."""
    from app.services import dayclose

    summary = dayclose.close_day(database.uow(), actor, day=date.fromisoformat(day))
    return summary.total, summary.refunds


def refund_or_close(database: Any, actor: Any, *, what: str, **kwargs: Any) -> object:
    return refund(database, actor, **kwargs) if what == "refund" else close(database, actor, **kwargs)


def take(database: Any, actor: Any, *, key: str, name: str, resident_number: str, now: datetime) -> tuple[str, str]:
    """The same intake saved with the same client id; returns (application number, receipt number)."""
    from app.services import passports as ps

    form = ps.ApplicationForm(
        name=name,
        resident_number=resident_number,
        kind="복수",
        validity_years=10,
        pages=58,
        phone="010-1234-5678",
        photo_checked=True,
        documents_checked=("application_form", "id_card_adult"),
        payment_method="카드",
    )
    view = ps.take_application(database.uow(), actor, form=form, client_uuid=uuid.UUID(key), now=now)
    return view.number, view.receipt_number


def report_loss(database: Any, actor: Any, *, key: str, resident_number: str, now: datetime) -> str:
    """The same loss report saved with the same client id; returns its number."""
    from app.services import passports as ps

    view = ps.record_loss_report(
        database.uow(),
        actor,
        name="홍길동",
        resident_number=resident_number,
        lost_on=now.date(),
        place="인천국제공항",
        circumstances="가방째 잃어버림",
        client_uuid=uuid.UUID(key),
        now=now,
    )
    return view.number
