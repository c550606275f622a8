"""Overdue checks (민원사무 처리상황 점검): 예고장 and 독촉장 per department, and the late-department report.

The statistics tab can call ``overdue_preview`` and ``late_departments`` as well; both are plain reads.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from pathlib import Path

from sqlalchemy import func, select

from app.documents.notices import NoticeDocument, NoticeItem, render_notice
from app.domain.calendar import SEOUL
from app.domain.deadlines import deadline_rules, time_left
from app.services import audit, printing
from app.services.actor import Actor
from app.services.errors import ValidationError
from app.services.petitions.records import closure_days
from app.services.roles import authorize, can
from app.views.petitions import (
    DepartmentLateness,
    DepartmentStatus,
    NoticeRecordView,
    NoticeSent,
    OverdueCheckResult,
)
from db.models import Office, utcnow
from db.models_petitions import Petition, PetitionNotice, PetitionNoticeItem
from db.uow import UnitOfWork

KIND_LABELS = {"advance": "예고장", "demand": "독촉장"}
# Petitions waiting for a supplement are not running against their deadline, so no notice names them.
RUNNING = ("received", "processing")
MAX_WITHIN_DAYS = 30


def _check_within(within_days: int) -> None:
    if isinstance(within_days, bool) or not isinstance(within_days, int) or not 0 <= within_days <= MAX_WITHIN_DAYS:
        raise ValidationError(f"예고 기준은 0~{MAX_WITHIN_DAYS} 근무일이어야 합니다.")


@dataclass
class _Bucket:
    running: list[Petition] = field(default_factory=list)
    advance: list[tuple[Petition, NoticeItem]] = field(default_factory=list)
    demand: list[tuple[Petition, NoticeItem]] = field(default_factory=list)


def _classify(uow: UnitOfWork, actor: Actor, within_days: int, now: datetime) -> dict[str, _Bucket]:
    """Per department: running petitions, those due within ``within_days`` working days, the overdue."""
    closures = closure_days(uow, actor.office_id)
    rows = uow.session.scalars(
        select(Petition)
        .where(Petition.office_id == actor.office_id, Petition.status.in_(RUNNING))
        .order_by(Petition.due_at, Petition.number)
    ).all()
    found: dict[str, _Bucket] = {}
    for petition in rows:
        bucket = found.setdefault(petition.department, _Bucket())
        bucket.running.append(petition)
        left = time_left(petition.due_at, now, closures=closures)
        per_day = deadline_rules(on=petition.received_at.astimezone(SEOUL).date()).hours_per_day
        item = NoticeItem(
            petition.number,
            petition.type_name,
            petition.received_at,
            petition.due_at,
            left.label,
            left.days if left.overdue else 0,
        )
        if left.overdue:
            bucket.demand.append((petition, item))
        elif left.working_hours <= within_days * per_day:
            bucket.advance.append((petition, item))
    return found


def overdue_preview(
    uow: UnitOfWork, actor: Actor, *, within_days: int = 3, now: datetime | None = None
) -> list[DepartmentStatus]:
    """Per department: running petitions, due within ``within_days`` working days, overdue (no record)."""
    if not can(actor, "stats.view"):
        authorize(actor, "overdue.check")
    _check_within(within_days)
    with uow:
        found = _classify(uow, actor, within_days, now or utcnow())
    return [DepartmentStatus(dept, len(b.running), len(b.advance), len(b.demand)) for dept, b in sorted(found.items())]


@dataclass(frozen=True, slots=True)
class _Planned:
    """One notice of a check: what it says, where its PDF goes, the petitions it names."""

    kind: str
    department: str
    document: NoticeDocument
    path: Path
    items: tuple[tuple[int, datetime, int], ...]  # petition id, due_at, overdue days

    @property
    def label(self) -> str:
        return f"{self.department} {KIND_LABELS[self.kind]} {len(self.items)}건"


def _plan(
    uow: UnitOfWork, actor: Actor, within_days: int, moment: datetime, path_for: Callable[[str, str], Path]
) -> list[_Planned]:
    """Per department and kind, the notice to send (read in the OPEN unit of work)."""
    office = uow.session.get(Office, actor.office_id)
    assert office is not None
    planned: list[_Planned] = []
    for department, bucket in sorted(_classify(uow, actor, within_days, moment).items()):
        for kind in ("advance", "demand"):
            pairs = bucket.advance if kind == "advance" else bucket.demand
            if not pairs:
                continue
            document = NoticeDocument(
                kind=kind,
                office_name=office.name,
                office_department=office.department,
                office_address=office.address,
                office_phone=office.phone,
                department=department,
                issued_at=moment,
                within_days=within_days,
                sender=actor.display_name,
                items=tuple(item for _, item in pairs),
            )
            items = tuple((p.id, i.due_at, i.overdue_days) for p, i in pairs)
            planned.append(_Planned(kind, department, document, path_for(KIND_LABELS[kind], department), items))
    return planned


def _recorded(uow: UnitOfWork, actor: Actor, batch: uuid.UUID) -> OverdueCheckResult | None:
    """The check recorded under ``batch`` (a replay), read in the OPEN unit of work, or None."""
    rows = uow.session.scalars(
        select(PetitionNotice)
        .where(PetitionNotice.office_id == actor.office_id, PetitionNotice.batch == batch)
        .order_by(PetitionNotice.id)
    ).all()
    if not rows:
        return None
    sent = tuple(
        NoticeSent(r.kind, KIND_LABELS[r.kind], r.department, r.petition_count, Path(r.file_name)) for r in rows
    )
    return OverdueCheckResult(batch, rows[0].sent_at, rows[0].within_days, sent)


def run_overdue_check(
    uow: UnitOfWork,
    actor: Actor,
    *,
    within_days: int,
    path_for: Callable[[str, str], Path],
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> OverdueCheckResult:
    """One check: per department a 예고장 (due within ``within_days`` working days) and a 독촉장 (overdue) as
    PDF at ``path_for(kind_label, department)``, each recorded as sent with the petitions it names.

    Each PDF goes through the one print path (an intent ``notice.print``, the render, ``print.done``); the
    notices are recorded as sent (``notice.send``, one entry per check) once every PDF is written. A retry
    with the same ``client_uuid`` (a lost reply) returns the check as recorded and sends nothing again.
    """
    authorize(actor, "overdue.check")
    authorize(actor, "notice.send")
    _check_within(within_days)
    moment = now or utcnow()
    batch = client_uuid or uuid.uuid4()
    with uow:
        done = _recorded(uow, actor, batch)
        if done is not None:
            return done
        planned = _plan(uow, actor, within_days, moment, path_for)
    for notice in planned:
        printing.print_document(
            uow,
            actor,
            job=printing.PrintJob("notice.print", "petition_notice", str(batch), notice.label),
            path=notice.path,
            render=partial(render_notice, notice.document),
        )
    sent = tuple(NoticeSent(n.kind, KIND_LABELS[n.kind], n.department, len(n.items), n.path) for n in planned)
    with uow:
        if planned:
            # Two replays of one check at once: the office's row orders them, the second finds the first's.
            uow.session.scalars(
                select(Office.id).where(Office.id == actor.office_id).with_for_update(key_share=True)
            ).first()
            done = _recorded(uow, actor, batch)
            if done is not None:
                return done
        for notice in planned:
            uow.session.add(
                PetitionNotice(
                    uuid=uuid.uuid4(),
                    office_id=actor.office_id,
                    batch=batch,
                    kind=notice.kind,
                    department=notice.department,
                    within_days=within_days,
                    sent_at=moment,
                    sent_by=actor.user_id,
                    petition_count=len(notice.items),
                    file_name=str(notice.path)[-300:],
                    items=[
                        PetitionNoticeItem(petition_id=pid, due_at=due, overdue_days=days)
                        for pid, due, days in notice.items
                    ],
                )
            )
        audit.record(
            uow,
            actor,
            "notice.send",
            record_type="petition_notice",
            record_id=batch,
            detail=f"예고 기준 {within_days}근무일 · "
            + (", ".join(f"{n.department} {n.kind_label} {n.count}건" for n in sent) or "대상 없음"),
        )
        uow.commit()
    return OverdueCheckResult(batch, moment, within_days, sent)


def _period(start: date, end: date) -> tuple[datetime, datetime]:
    if end < start:
        raise ValidationError("조회 기간의 끝이 시작보다 앞섭니다.")
    return datetime.combine(start, time.min, SEOUL), datetime.combine(end + timedelta(days=1), time.min, SEOUL)


def late_departments(
    uow: UnitOfWork,
    actor: Actor,
    *,
    start: date,
    end: date,
    more_than: int = 0,
    now: datetime | None = None,
) -> list[DepartmentLateness]:
    """Departments whose petitions due in [start, end] were late more than ``more_than`` times (for the
    감사담당관): decided after the deadline, or still running past it. Worst first."""
    if not can(actor, "stats.view"):
        authorize(actor, "overdue.check")
    if more_than < 0:
        raise ValidationError("기준 횟수는 0 이상이어야 합니다.")
    begin, finish = _period(start, end)
    moment = now or utcnow()
    with uow:
        rows = uow.session.execute(
            select(Petition.department, Petition.status, Petition.late, Petition.due_at).where(
                Petition.office_id == actor.office_id, Petition.due_at >= begin, Petition.due_at < finish
            )
        ).all()
        demands = dict(
            uow.session.execute(
                select(PetitionNotice.department, func.count())
                .where(
                    PetitionNotice.office_id == actor.office_id,
                    PetitionNotice.kind == "demand",
                    PetitionNotice.sent_at >= begin,
                    PetitionNotice.sent_at < finish,
                )
                .group_by(PetitionNotice.department)
            ).all()
        )
        audit.record(
            uow,
            actor,
            "overdue.report",
            record_type="petition",
            detail=f"{start}~{end} {more_than}회 초과",
        )
        uow.commit()
    totals: dict[str, list[int]] = {}
    for department, status, late, due in rows:
        counts = totals.setdefault(department, [0, 0])
        counts[0] += 1
        if late or (status in RUNNING and due < moment):
            counts[1] += 1
    report = [
        DepartmentLateness(dept, total, late, round(100 * late / total, 1), int(demands.get(dept, 0)))
        for dept, (total, late) in totals.items()
        if late > more_than
    ]
    report.sort(key=lambda r: (-r.late, -r.late_rate, r.department))
    return report


def list_notices(uow: UnitOfWork, actor: Actor, *, start: date, end: date) -> list[NoticeRecordView]:
    """The notices sent in a period, newest first."""
    if not can(actor, "stats.view"):
        authorize(actor, "overdue.check")
    begin, finish = _period(start, end)
    with uow:
        rows = uow.session.scalars(
            select(PetitionNotice)
            .where(
                PetitionNotice.office_id == actor.office_id,
                PetitionNotice.sent_at >= begin,
                PetitionNotice.sent_at < finish,
            )
            .order_by(PetitionNotice.sent_at.desc(), PetitionNotice.id)
        ).all()
        return [
            NoticeRecordView(r.id, KIND_LABELS[r.kind], r.department, r.sent_at, r.petition_count, r.file_name)
            for r in rows
        ]
