"""Reading filings: one filing, and the list by kind, status, period, name or number (신고 목록)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import selectinload

from app.services import audit
from app.services.actor import Actor
from app.services.errors import ValidationError
from app.services.family.common import PERMISSION, RECORD_TYPE, STATUS_LABELS, filing_view, load_filing
from app.services.inputs import clean_int, clean_text
from app.services.roles import authorize
from app.views.family import FilingView
from db import name_search
from db.models import Applicant, Office, Receipt, StaffUser
from db.models_family import FamilyFiling, FamilyFilingParty
from db.uow import UnitOfWork

_NUMBER = re.compile(r"^가족-\d{4}-\d{1,6}$")
_WHOLE_NUMBER = re.compile(r"^가족-\d{4}-\d{6}$")


def _text_condition(dialect: str, text: str) -> Any:
    """What the list's search box matches, on an index (issue 17): a whole filing number by the unique index; a
    part of a number (three characters or more) or of the subject's or a party's name (two characters: at the
    start or the end of the name, three or more: anywhere) in ``family_names_fts`` / pg_trgm (``db.name_search``).
    Shorter parts are no trigram: they are looked for as before, walking the list newest first (a short part is
    in many filings, so the page fills soon)."""
    if _WHOLE_NUMBER.match(text):
        return FamilyFiling.number == text
    if _NUMBER.match(text) or text.startswith("가족-") or text.replace("-", "").isdigit():
        if len(text) < name_search.TRIGRAM:
            return FamilyFiling.number.contains(text, autoescape=True)
        return FamilyFiling.id.in_(name_search.filing_number_ids(dialect, text))
    if len(text) < 2:
        party = exists().where(
            FamilyFilingParty.filing_id == FamilyFiling.id, FamilyFilingParty.name.contains(text, autoescape=True)
        )
        return or_(FamilyFiling.subject_name.contains(text, autoescape=True), party)
    return FamilyFiling.id.in_(name_search.filing_name_ids(dialect, text))


def get_filing(uow: UnitOfWork, actor: Actor, *, filing_id: int) -> FilingView:
    """One filing, read by the clerk (audited ``family.read``)."""
    authorize(actor, PERMISSION)
    filing_id = clean_int(filing_id, "신고 번호", minimum=1, maximum=2**31 - 1)
    with uow:
        filing = load_filing(uow, actor, filing_id)
        audit.record(uow, actor, "family.read", record_type=RECORD_TYPE, record_id=filing.number)
        view = filing_view(filing, uow)
        uow.commit()
    return view


def _preload(uow: UnitOfWork, rows: Sequence[FamilyFiling]) -> list[object]:
    people = {f.filer_applicant_id for f in rows} | {f.subject_applicant_id for f in rows if f.subject_applicant_id}
    people |= {p.applicant_id for f in rows for p in f.parties if p.applicant_id}
    held: list[object] = []
    for model, ids in (
        (Office, {f.office_id for f in rows}),
        (StaffUser, {f.clerk_id for f in rows}),
        (Applicant, people),
        (Receipt, {f.receipt_id for f in rows if f.receipt_id}),
    ):
        ordered = sorted(ids)
        for start in range(0, len(ordered), 500):
            held.extend(uow.session.scalars(select(model).where(model.id.in_(ordered[start : start + 500]))))
    return held


def list_filings(
    uow: UnitOfWork,
    actor: Actor,
    *,
    kind: str | None = None,
    status: str | None = None,
    start: date | None = None,
    end: date | None = None,
    text: str = "",
    limit: int = 500,
) -> list[FilingView]:
    """Filings of the office, newest first, by kind, status and filing period, or a name / filing number."""
    authorize(actor, PERMISSION)
    if start and end and end < start:
        raise ValidationError("조회 기간의 끝이 시작보다 앞섭니다.")
    if status is not None and not isinstance(status, str):
        raise ValidationError("상태를 고르세요.")
    if status and status not in STATUS_LABELS:
        raise ValidationError("알 수 없는 상태입니다: {status}", status=status)
    text = " ".join(clean_text(text, "검색어", max_len=60).split())
    kind = clean_text(kind, "신고 종류", max_len=30) or None
    limit = clean_int(limit, "조회 건수", minimum=1, maximum=5000)
    with uow:
        query = (
            select(FamilyFiling)
            .options(selectinload(FamilyFiling.parties))
            .where(FamilyFiling.office_id == actor.office_id)
        )
        if kind:
            query = query.where(FamilyFiling.kind == kind)
        if status:
            query = query.where(FamilyFiling.status == status)
        if start:
            query = query.where(FamilyFiling.filed_on >= start)
        if end:
            query = query.where(FamilyFiling.filed_on <= end)
        if text:
            query = query.where(_text_condition(uow.dialect, text))
        rows = uow.session.scalars(
            query.order_by(FamilyFiling.received_at.desc(), FamilyFiling.id.desc()).limit(limit)
        ).all()
        # One query per kind instead of several per filing: what filing_view asks the session for is loaded at
        # once and held here (the identity map keeps only what something references; then get() finds it).
        held = _preload(uow, rows)
        views = [filing_view(f, uow) for f in rows]
        del held
        audit.record(
            uow,
            actor,
            "family.list",
            record_type=RECORD_TYPE,
            detail=f"kind={kind or '*'} status={status or '*'} {start or ''}~{end or ''} '{text}' {len(views)}건",
        )
        uow.commit()
    return views
