"""Actions of the 증명·민원 counter that the race tests run in two processes at once (importable by name in a
spawned process). Each returns a plain value the parent compares."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any


def transition(database: Any, actor: Any, *, action: str, petition_id: int, **kwargs: Any) -> str:
    """One petition transition by name; returns the status it left the petition in."""
    from app.services import petitions

    calls = {
        "start": petitions.start_processing,
        "supplement": petitions.request_supplement,
        "resume": petitions.receive_supplement,
        "extend": petitions.extend_petition,
        "transfer": petitions.transfer_petition,
        "decide": petitions.decide_petition,
        "notify": petitions.notify_petition,
        "close": petitions.close_petition,
    }
    if "client_uuid" in kwargs:
        kwargs["client_uuid"] = uuid.UUID(kwargs["client_uuid"])
    view = calls[action](database.uow(), actor, petition_id=petition_id, **kwargs)
    return str(view.status)


def status_notice(database: Any, actor: Any, *, petition_id: int, due_on: str, now: str) -> str:
    from datetime import datetime

    from app.services import petitions

    petitions.record_status_notice(
        database.uow(),
        actor,
        petition_id=petition_id,
        due_on=date.fromisoformat(due_on),
        now=datetime.fromisoformat(now),
    )
    return "recorded"


def intake_with_key(database: Any, actor: Any, *, key: str) -> str:
    from app.services import petitions

    view = petitions.intake_petition(
        database.uow(),
        actor,
        type_code="question_procedure",
        applicant_name="홍길동",
        phone="010-1234-5678",
        department="건축과",
        client_uuid=uuid.UUID(key),
    )
    return str(view.number)


def certificate_with_key(database: Any, actor: Any, *, key: str, resident_number: str) -> str:
    from app.services import certificates
    from app.views.certificates import CertificateLine

    view = certificates.issue_certificates(
        database.uow(),
        actor,
        applicant_name="홍길동",
        resident_number=resident_number,
        lines=[CertificateLine("resident_copy", 2)],
        payment_method="현금",
        client_uuid=uuid.UUID(key),
    )
    return str(view.receipt.number)


def survey_answer(database: Any, actor: Any, *, number: str, kindness: int, key: str | None = None) -> str:
    from app.services import surveys

    view = surveys.record_answer(
        database.uow(),
        actor,
        number=number,
        kindness=kindness,
        satisfaction=kindness,
        client_uuid=uuid.UUID(key) if key else None,
    )
    return f"{view.number}:{view.kindness}"


def closure_add(database: Any, actor: Any, *, day: str, reason: str) -> str:
    from app.services import petitions

    view = petitions.add_closure(database.uow(), actor, day=date.fromisoformat(day), reason=reason)
    return view.day.isoformat()
