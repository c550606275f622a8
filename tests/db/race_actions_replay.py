"""Replays that the race tests send from two processes at once; each returns (record number, replayed flag), so
the parent sees which counter was answered from the client id (importable by name in a spawned process)."""

from __future__ import annotations

import uuid
from typing import Any


def certificate_with_key(database: Any, actor: Any, *, key: str) -> tuple[str, bool]:
    from app.services import certificates
    from app.views.certificates import CertificateLine

    view = certificates.issue_certificates(
        database.uow(),
        actor,
        applicant_name="홍길동",
        resident_number="900101-1234568",
        lines=[CertificateLine("resident_copy", 1)],
        payment_method="현금",
        client_uuid=uuid.UUID(key),
    )
    return view.receipt.number, view.replayed


def petition_with_key(database: Any, actor: Any, *, key: str) -> tuple[str, bool]:
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
    return view.number, view.replayed
