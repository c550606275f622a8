"""The clerk's work list of petitions (처리 목록) and one petition with its history; searches are logged."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.domain.calendar import SEOUL
from app.domain.deadlines import deadline_rules
from app.domain.petition_rules import ACTION_LABELS, OPEN_STATUSES, STATUS_LABELS
from app.services import audit
from app.services.actor import Actor
from app.services.errors import ValidationError
from app.services.inputs import clean_text
from app.services.petitions.records import closure_days, load_petition, petition_view, view_of
from app.services.roles import authorize, can
from app.views.petitions import EventView, PetitionDetail, PetitionView
from db import name_search
from db.models import Applicant, StaffUser, utcnow
from db.models_petitions import Petition
from db.uow import UnitOfWork

SEARCH_MAX = 100


def _may_read(actor: Actor) -> None:
    if not (can(actor, "petition.process") or can(actor, "overdue.check")):
        authorize(actor, "petition.process")


_NUMBER = re.compile(r"^(?:민원-)?(\d{8})-(\d{4})$")
# A part of a number or of a phone: digits with hyphens or spaces, or anything that starts like a number (민원-…).
_NUMBERISH = re.compile(r"^(?:민원[\s\-]*)?[\d\s\-]+$|^민원")


def _search_condition(dialect: str, term: str) -> Any:
    """What a search matches, each on an index (issue 17): a whole petition number (민원-20261125-0001, or
    without 민원-) by the unique index; a part of the number (three characters or more) or the contact phone's
    digits (four or more) in ``petitions_fts`` / pg_trgm; else a part of the applicant's name as F7 finds it
    (``db.name_search``: one character is the start of the name, two the start or the end, three or more
    anywhere), then the petitions of those applicants. A part of a number shorter than three characters is found
    as before, walking the list in its order (nearly every number holds it, so the page fills at once)."""
    whole = _NUMBER.match(term)
    if whole:
        return Petition.number == f"민원-{whole.group(1)}-{whole.group(2)}"
    if _NUMBERISH.match(term):
        digits = re.sub(r"\D", "", term)
        phone = digits if len(digits) >= 4 and digits == re.sub(r"[\s\-]", "", term) else None
        if len(term) < name_search.TRIGRAM and phone is None:
            return Petition.number.contains(term, autoescape=True)
        return Petition.id.in_(name_search.petition_number_phone_ids(dialect, term, phone))
    return Petition.applicant_id.in_(name_search.applicant_name_ids(dialect, term))


def list_petitions(
    uow: UnitOfWork,
    actor: Actor,
    *,
    department: str | None = None,
    status: str | None = "open",
    overdue_only: bool = False,
    due_within_days: int | None = None,
    search: str = "",
    now: datetime | None = None,
    limit: int = 500,
) -> list[PetitionView]:
    """The work list: open petitions by default, soonest deadline first; a search by number, name or phone
    is logged (it looks a person up)."""
    _may_read(actor)
    moment = now or utcnow()
    if due_within_days is not None and due_within_days < 0:
        raise ValidationError("남은 기간은 0일 이상이어야 합니다.")
    term = clean_text(search, "검색어", max_len=SEARCH_MAX)
    department = clean_text(department, "부서", max_len=60) or None
    with uow:
        query = (
            select(Petition, Applicant.name, StaffUser.display_name)
            .join(Applicant, Applicant.id == Petition.applicant_id)
            .join(StaffUser, StaffUser.id == Petition.clerk_id)
            .where(Petition.office_id == actor.office_id)
        )
        if department:
            query = query.where(Petition.department == department)
        open_only = status == "open" or overdue_only or due_within_days is not None
        if open_only:
            query = query.where(Petition.status.in_(OPEN_STATUSES))
        if status and status not in ("open", "all"):
            if status not in STATUS_LABELS:
                raise ValidationError("알 수 없는 상태입니다: {status}", status=status)
            query = query.where(Petition.status == status)
        if term:
            query = query.where(_search_condition(uow.dialect, term))
        # The list is cut in the database (ten years are 150,000 petitions): rows in the order of their stored
        # deadline, at most ``limit``. A paused petition's deadline keeps moving while it waits (it is shown as
        # of now), so the paused ones, few and all open, are read apart with their pauses and merged in by the
        # deadline as shown. A paused petition is never overdue nor "due within", so those filters skip them.
        running = query.where(Petition.status != "supplement").order_by(Petition.due_at, Petition.id)
        if overdue_only:
            running = running.where(Petition.due_at < moment)
        if due_within_days is None:
            running = running.limit(limit)
        else:
            running = running.where(Petition.due_at >= moment)
        rows = list(uow.session.execute(running).all())
        if not (overdue_only or due_within_days is not None) and status in (None, "open", "all", "supplement"):
            paused = query.where(Petition.status == "supplement").options(
                selectinload(Petition.pauses), selectinload(Petition.extensions)
            )
            rows += uow.session.execute(paused).all()
        closures = closure_days(uow, actor.office_id)
        views = []
        for petition, name, clerk in rows:
            view = petition_view(petition, name, clerk, closures, moment)
            if overdue_only and not view.overdue:
                continue
            if due_within_days is not None:
                per_day = deadline_rules(on=view.received_at.astimezone(SEOUL).date()).hours_per_day
                if view.overdue or view.urgency == "paused" or view.working_hours_left > due_within_days * per_day:
                    continue
            views.append(view)
        views.sort(key=lambda v: (v.due_at, v.id))
        views = views[:limit]
        # Every listing shows people (names, numbers): logged, a search with what was searched for.
        shown = {v.id for v in views}
        people = len({petition.applicant_id for petition, _, _ in rows if petition.id in shown})
        audit.record(
            uow,
            actor,
            "petition.search" if term else "petition.list",
            record_type="petition",
            detail=(f"'{term}' " if term else f"{status or 'open'} ") + f"{len(views)}건, {people}명",
        )
        uow.commit()
    return views


def get_petition(uow: UnitOfWork, actor: Actor, *, petition_id: int, now: datetime | None = None) -> PetitionDetail:
    """One petition with its history; the read is logged."""
    _may_read(actor)
    moment = now or utcnow()
    with uow:
        petition = load_petition(uow, actor, petition_id)
        view = view_of(uow, petition, moment)
        names = dict(uow.session.execute(select(StaffUser.id, StaffUser.display_name)).all())
        events = tuple(
            EventView(
                e.at,
                e.action,
                ACTION_LABELS.get(e.action, e.action),
                e.from_status,
                e.to_status,
                e.note,
                names.get(e.actor_id, ""),
                e.note_args,
            )
            for e in petition.events
        )
        detail = PetitionDetail(
            petition=view,
            events=events,
            pauses=tuple((x.requested_at, x.resumed_at, x.supplement_due_on, x.note) for x in petition.pauses),
            extensions=tuple((x.sequence, x.period, x.reason, x.due_after, x.consent) for x in petition.extensions),
            transfers=tuple((x.at, x.from_department, x.to_department, x.reason) for x in petition.transfers),
        )
        audit.record(uow, actor, "petition.read", record_type="petition", record_id=petition.number)
        uow.commit()
    return detail
