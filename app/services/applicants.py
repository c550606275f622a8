"""Applicants (민원인): registered with their resident number encrypted; found again by its keyed hash."""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from app.domain.identity import InvalidResidentNumber, mask_text, parse_resident_number
from app.services import audit
from app.services.actor import Actor
from app.services.errors import NotFound, ValidationError
from app.services.inputs import clean_name, clean_text
from app.services.roles import authorize
from db import name_search
from db.models import Applicant, utcnow
from db.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class ApplicantView:
    """What the UI may show: the resident number only masked."""

    id: int
    uuid: uuid.UUID
    name: str
    rrn_masked: str
    birth_date: date | None
    phone: str
    address: str


def _view(applicant: Applicant, *, role: str | None = None) -> ApplicantView:
    masked = applicant.rrn_masked
    if role == "guide" and masked:
        masked = masked[:7] + "*******"
    return ApplicantView(
        applicant.id, applicant.uuid, applicant.name, masked, applicant.birth_date, applicant.phone, applicant.address
    )


# Digits with optional hyphens or spaces, 8–15 digits in all (mobile, Seoul landline, 1588-…).
_PHONE = re.compile(r"\+?[0-9][0-9 \-]{6,18}[0-9]")


def validate_name(name: str) -> str:
    return clean_name(name)


def upsert_applicant(
    uow: UnitOfWork,
    actor: Actor,
    *,
    name: str,
    resident_number: str | None = None,
    phone: str = "",
    address: str = "",
) -> ApplicantView:
    """Find the applicant by resident number (keyed hash) or register them; audited."""
    authorize(actor, "applicant.write")
    with uow:
        view = write_applicant(uow, actor, name=name, resident_number=resident_number, phone=phone, address=address)
        uow.commit()
    return view


def write_applicant(
    uow: UnitOfWork, actor: Actor, *, name: str, resident_number: str | None, phone: str, address: str
) -> ApplicantView:
    """Find the applicant by resident number or register them, inside the OPEN unit of work (``write_*``
    functions never open or commit one; the use case that calls them does)."""
    name = validate_name(name)
    phone = clean_text(phone, "전화번호", max_len=40)
    if phone and not _PHONE.fullmatch(phone):
        raise ValidationError("전화번호가 올바르지 않습니다: '{phone}' (예: 010-1234-5678, 02-920-3000).", phone=phone)
    address = clean_text(address, "주소", max_len=200)
    if uow.pii is None:
        raise RuntimeError("PII cipher not configured")
    applicant: Applicant | None = None
    if resident_number:
        try:
            rrn = parse_resident_number(resident_number)
        except InvalidResidentNumber as exc:
            raise ValidationError.of(exc) from None
        digest = uow.pii.lookup_hash(rrn.digits)
        # Every key's hash: during a key rotation a person not yet re-encrypted carries the old key's.
        applicant = uow.session.scalars(
            select(Applicant).where(Applicant.rrn_hmac.in_(uow.pii.lookup_hashes(rrn.digits)))
        ).first()
        created = False
        if applicant is None:
            # Insert-on-conflict on the unique keyed hash: two counters registering the same new person at
            # the same moment get one applicant; the second finds the first's row.
            values = {
                "uuid": uuid.uuid4(),
                # A core insert bypasses the before-flush masking hook: mask free text here.
                "name": mask_text(name),
                "rrn_cipher": uow.pii.encrypt(rrn.digits),
                "rrn_hmac": digest,
                "rrn_masked": rrn.masked(),
                "birth_date": rrn.birth_date,
                "phone": mask_text(phone),
                "address": mask_text(address),
                "created_at": utcnow(),
            }
            dialect_insert = postgresql.insert if uow.dialect == "postgresql" else sqlite.insert
            new_id = uow.session.execute(
                dialect_insert(Applicant)
                .values(**values)
                .on_conflict_do_nothing(index_elements=[Applicant.rrn_hmac])
                .returning(Applicant.id)
            ).scalar()
            applicant = uow.session.scalars(
                select(Applicant).where(Applicant.rrn_hmac == digest).execution_options(populate_existing=True)
            ).one()
            created = new_id is not None
        if created:
            audit.record(uow, actor, "applicant.create", record_type="applicant", record_id=applicant.uuid)
        else:
            changed = []
            for field, value in (("name", name), ("phone", phone), ("address", address)):
                if value and getattr(applicant, field) != value:
                    setattr(applicant, field, value)
                    changed.append(field)
            audit.record(
                uow,
                actor,
                "applicant.update" if changed else "applicant.read",
                record_type="applicant",
                record_id=applicant.uuid,
                detail=",".join(changed),
            )
    else:
        applicant = Applicant(name=name, phone=phone, address=address)
        uow.session.add(applicant)
        uow.session.flush()
        audit.record(uow, actor, "applicant.create", record_type="applicant", record_id=applicant.uuid)
    return _view(applicant, role=actor.role)


def find_by_resident_number(uow: UnitOfWork, actor: Actor, resident_number: str) -> ApplicantView | None:
    authorize(actor, "applicant.read")
    assert uow.pii is not None
    try:
        rrn = parse_resident_number(resident_number)
    except InvalidResidentNumber as exc:
        raise ValidationError.of(exc) from None
    with uow:
        applicant = uow.session.scalars(
            select(Applicant).where(Applicant.rrn_hmac.in_(uow.pii.lookup_hashes(rrn.digits)))
        ).first()
        if applicant is None:
            return None
        audit.record(uow, actor, "applicant.read", record_type="applicant", record_id=applicant.uuid)
        view = _view(applicant, role=actor.role)
        uow.commit()
    return view


def unmask_resident_number(uow: UnitOfWork, actor: Actor, *, applicant_id: int, reason: str) -> str:
    """The full number, for a deliberate and logged action by a clerk or supervisor, with a reason."""
    authorize(actor, "rrn.unmask")
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError("주민등록번호 전체 보기에는 사유가 필요합니다.")
    assert uow.pii is not None
    with uow:
        applicant = uow.session.get(Applicant, applicant_id)
        if applicant is None or applicant.rrn_cipher is None:
            raise NotFound("주민등록번호가 등록된 민원인이 아닙니다.")
        digits = uow.pii.decrypt(applicant.rrn_cipher)
        audit.record(uow, actor, "rrn.unmask", record_type="applicant", record_id=applicant.uuid, reason=reason)
        uow.commit()
    return f"{digits[:6]}-{digits[6:]}"


def search_by_name(uow: UnitOfWork, actor: Actor, name: str, *, limit: int = 50) -> list[ApplicantView]:
    """Applicants whose name contains ``name`` (from one character; ``db.name_search`` says how each length is
    looked up), or, when four digits are typed (``1234``, ``끝자리 1234``), whose phone ends with them; the
    look-up is logged."""
    authorize(actor, "applicant.read")
    name = clean_text(name, "성명", max_len=60)
    if not name:
        raise ValidationError("성명(한 글자 이상)이나 전화번호 끝자리 네 자리를 입력하세요.")
    tail = _phone_tail(name)
    if tail is not None:
        return _search(uow, actor, lambda d: name_search.phone_tail_condition(d, tail), f"전화 끝자리 '{tail}'", limit)
    return _search(uow, actor, lambda d: name_search.name_condition(d, name), f"성명 '{name}'", limit)


def search_by_phone_suffix(uow: UnitOfWork, actor: Actor, digits: str, *, limit: int = 50) -> list[ApplicantView]:
    """Applicants whose phone ends with these four digits (hyphens and spaces ignored); the look-up is logged."""
    authorize(actor, "applicant.read")
    tail = _phone_tail(clean_text(digits, "전화번호 끝자리", max_len=20))
    if tail is None:
        raise ValidationError(
            "전화번호 끝자리는 숫자 {digits}자리로 입력하세요 (예: 5678).", digits=name_search.TAIL_DIGITS
        )
    return _search(uow, actor, lambda d: name_search.phone_tail_condition(d, tail), f"전화 끝자리 '{tail}'", limit)


_TAIL = re.compile(r"^(?:(?:전화\s*)?끝\s*자리\s*)?([0-9]{4})$")


def _phone_tail(text: str) -> str | None:
    match = _TAIL.match(unicodedata.normalize("NFKC", text).strip())  # full-width digits count as digits
    return match.group(1) if match else None


def _search(
    uow: UnitOfWork, actor: Actor, condition: Callable[[str], Any], label: str, limit: int
) -> list[ApplicantView]:
    with uow:
        rows = uow.session.scalars(
            select(Applicant)
            .where(condition(uow.dialect))
            .order_by(Applicant.name)
            .limit(name_search.literal_limit(limit))
        ).all()
        # Every person shown is a read of that person's record (접속기록), so the log names them all.
        audit.record(
            uow,
            actor,
            "applicant.search",
            record_type="applicant",
            record_id=",".join(str(a.id) for a in rows)[:60],
            detail=f"{label} {len(rows)}건: " + ", ".join(str(a.uuid) for a in rows),
        )
        views = [_view(a, role=actor.role) for a in rows]
        uow.commit()
    return views
