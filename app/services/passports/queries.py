"""Passport lists for the counter: one application, today's list, the emergency countdown, the uncollected (미수령)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select, union_all

from app.domain import passport as pp
from app.domain.calendar import SEOUL
from app.domain.passport.emergency import EmergencyTarget
from app.domain.passport.status import ARRIVED, DELIVERED, STATUSES, mask_name, status_label
from app.services import audit
from app.services.actor import Actor
from app.services.errors import NotFound, ValidationError
from app.services.inputs import clean_text
from app.services.passports.records import (
    RECORD_TYPE,
    application_view,
    authorize_any,
    emergency_due,
    issued_at,
    load_application,
    moment_of,
    phone_masked,
    seoul_day,
)
from app.services.receipts import business_day_of
from app.services.roles import authorize
from app.views.passport import ApplicationView, EmergencyCountdown, UncollectedView
from db.models import Applicant, Receipt
from db.models_passport import PassportApplication
from db.uow import UnitOfWork

COUNTER_PERMISSIONS = ("passport.intake", "passport.deliver")
MAX_WAITING_DAYS = 3660  # ten years: longer than any keeping period


def get_application(uow: UnitOfWork, actor: Actor, *, application_id: int) -> ApplicationView:
    """One application (audited as a read)."""
    authorize_any(actor, COUNTER_PERMISSIONS, None)
    with uow:
        app = load_application(uow, actor, application_id)
        audit.record(uow, actor, "passport.read", record_type=RECORD_TYPE, record_id=app.number)
        view = application_view(uow, app)
        uow.commit()
    return view


# A passport application's number as the counter prints it (P20261125-0001); the letter and the hyphen may be
# left out or typed in lower case.
_NUMBER = re.compile(r"^[Pp]?(\d{8})-?(\d{4})$")


def application_number(text: str) -> str | None:
    """The whole application number ``text`` spells (``P20261125-0001``), or None when it is not one."""
    match = _NUMBER.match(unicodedata.normalize("NFKC", text or "").strip())
    return f"P{match.group(1)}-{match.group(2)}" if match else None


def find_application(uow: UnitOfWork, actor: Actor, *, number: str) -> ApplicationView:
    """The one application with this whole number (P20261125-0001), read by the office's unique index, whatever
    its status or age (audited as a read, like ``get_application``); NotFound when the office has none."""
    authorize_any(actor, COUNTER_PERMISSIONS, None)
    text = clean_text(number, "여권 접수 번호", max_len=30)
    wanted = application_number(text)
    if wanted is None:
        raise ValidationError("여권 접수 번호는 P20261125-0001처럼 입력하세요.")
    with uow:
        app = uow.session.scalars(
            select(PassportApplication).where(
                PassportApplication.office_id == actor.office_id, PassportApplication.number == wanted
            )
        ).first()
        if app is None:
            raise NotFound("여권 신청을 찾을 수 없습니다 (번호 {number}).", number=wanted)
        audit.record(uow, actor, "passport.read", record_type=RECORD_TYPE, record_id=app.number)
        view = application_view(uow, app)
        uow.commit()
    return view


NOT_DELIVERED = tuple(status for status in STATUSES if status != DELIVERED)


def _preload(uow: UnitOfWork, rows: Sequence[PassportApplication]) -> list[object]:
    held: list[object] = []
    for model, ids in (
        (Applicant, {r.applicant_id for r in rows}),
        (Receipt, {r.receipt_id for r in rows if r.receipt_id}),
    ):
        ordered = sorted(ids)
        for start in range(0, len(ordered), 500):
            held.extend(uow.session.scalars(select(model).where(model.id.in_(ordered[start : start + 500]))))
    return held


def list_applications(
    uow: UnitOfWork, actor: Actor, *, now: datetime | None = None, limit: int = 300
) -> list[ApplicationView]:
    """Open applications and those delivered today, newest first; one audit entry for the list."""
    moment = moment_of(now)
    authorize_any(actor, COUNTER_PERMISSIONS, moment)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 5000:
        raise ValidationError("목록 건수는 1 이상 5000 이하로 입력하세요.")
    day = business_day_of(moment)
    start = datetime(day.year, day.month, day.day, tzinfo=SEOUL)
    with uow:
        # Two index look-ups (by status; by delivery time) instead of an OR that reads every application of
        # ten years; the people and receipts then in one query each, held while the views are built (the
        # identity map keeps only what something references, and application_view's get() finds them there).
        office = PassportApplication.office_id == actor.office_id
        wanted = union_all(
            select(PassportApplication.id).where(office, PassportApplication.status.in_(NOT_DELIVERED)),
            select(PassportApplication.id).where(
                office, PassportApplication.status == DELIVERED, PassportApplication.delivered_at >= start
            ),
        )
        rows = uow.session.scalars(
            select(PassportApplication)
            .where(PassportApplication.id.in_(select(wanted.subquery().c.id)))
            .order_by(PassportApplication.received_at.desc(), PassportApplication.id.desc())
            .limit(limit)
        ).all()
        held = _preload(uow, rows)
        views = [application_view(uow, row) for row in rows]
        del held
        audit.record(uow, actor, "passport.list", record_type=RECORD_TYPE, detail=f"{len(views)}건")
        uow.commit()
    return views


def emergency_target(uow: UnitOfWork, actor: Actor, *, now: datetime | None = None) -> EmergencyTarget:
    """When an emergency application taken ``now`` will be due: 3 WORKING hours (민원처리법 제19조①), so one
    taken after 17:00 or at the night window is due the next working day; with the clock-time label and, when
    not today, the sentence to tell the applicant (for the intake form, before anything is paid)."""
    moment = moment_of(now)
    authorize(actor, "passport.intake", now=moment)
    with uow:
        return emergency_due(uow, actor.office_id, moment)


def open_emergencies(uow: UnitOfWork, actor: Actor, *, now: datetime | None = None) -> list[EmergencyCountdown]:
    """Emergency applications not yet delivered, soonest due first (for the countdown board; not audited:
    it shows no personal data beyond a masked name)."""
    moment = moment_of(now)
    authorize_any(actor, COUNTER_PERMISSIONS, moment)
    with uow:
        rows = uow.session.execute(
            select(PassportApplication, Applicant.name)
            .join(Applicant, Applicant.id == PassportApplication.applicant_id)
            .where(
                PassportApplication.office_id == actor.office_id,
                PassportApplication.emergency.is_(True),
                PassportApplication.status != DELIVERED,
            )
            .order_by(PassportApplication.due_at)
        ).all()
        return [
            EmergencyCountdown(
                id=app.id,
                number=app.number,
                name_masked=mask_name(name),
                status=app.status,
                status_label=status_label(app.status),
                received_at=app.received_at,
                due_at=app.due_at or app.received_at,
            )
            for app, name in rows
        ]


def list_uncollected(
    uow: UnitOfWork, actor: Actor, *, older_than_days: int | None = None, now: datetime | None = None
) -> list[UncollectedView]:
    """Arrived passports waiting longer than ``older_than_days`` (default from passport_rules.toml: more
    than that many days since arrival, the day of arrival not counted), and every one past the legal
    keeping period, longest waiting first."""
    moment = moment_of(now)
    authorize_any(actor, ("passport.deliver", "passport.intake"), moment)
    today = seoul_day(moment)
    days = pp.keeping_rule(today).uncollected_notice_days if older_than_days is None else older_than_days
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_WAITING_DAYS:
        raise ValidationError("미수령 기준 날수는 0 이상 {most} 이하의 정수로 입력하세요.", most=MAX_WAITING_DAYS)
    with uow:
        # the columns the list shows, as rows (no ORM objects: ten years hold a couple of thousand passports
        # never collected, and building an object pair for each was most of the list's time)
        a = PassportApplication
        rows = uow.session.execute(
            select(
                a.id, a.number, a.label, a.received_at, a.produced_at, a.arrived_at,
                Applicant.name, Applicant.rrn_masked, Applicant.phone,
            )
            .join(Applicant, Applicant.id == a.applicant_id)
            .where(a.office_id == actor.office_id, a.status == ARRIVED)
            .order_by(a.arrived_at)
        ).all()
        result: list[UncollectedView] = []
        ends_on: dict[date, date] = {}  # the keeping period's end by issue day: one rule look-up per day
        for app_id, number, label, received_at, produced_at, arrived_at, name, rrn_masked, phone in rows:
            arrived = arrived_at or received_at
            waiting = (today - seoul_day(arrived)).days
            issued = seoul_day(issued_at(produced_at, arrived_at, received_at))
            ends = ends_on.get(issued)
            if ends is None:
                ends = ends_on[issued] = pp.keeping_ends_on(issued)
            past = today > ends
            if waiting > days or past:
                result.append(
                    UncollectedView(
                        id=app_id,
                        number=number,
                        applicant_name=name,
                        rrn_masked=rrn_masked,
                        phone_masked=phone_masked(phone),
                        label=label,
                        arrived_at=arrived,
                        days_waiting=waiting,
                        keeping_ends_on=ends,
                        past_keeping=past,
                    )
                )
        audit.record(
            uow,
            actor,
            "passport.uncollected",
            record_type=RECORD_TYPE,
            detail=f"{days}일 경과 {len(result)}건 (보관기간 경과 {sum(r.past_keeping for r in result)}건)",
        )
        uow.commit()
    return result
