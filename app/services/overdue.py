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

from app.domain.calendar import SEOUL
from app.domain.deadlines import deadline_rules, time_left
from app.domain.messages import Text
from app.i18n import N_
from app.services import audit, printing
from app.services.actor import Actor
from app.services.errors import ValidationError
from app.services.petitions.records import closure_days
from app.services.roles import authorize, can
from app.views.notices import NoticeDocument, NoticeItem
from app.views.petitions import (
    DepartmentLateness,
    DepartmentStatus,
    NoticeRecordView,
    NoticeSent,
    OverdueCheckResult,
)
from db.models import Office, StaffUser, utcnow
from db.models_petitions import Petition, PetitionNotice, PetitionNoticeItem
from db.numbers import lock_series, next_number
from db.uow import UnitOfWork

KIND_LABELS = {"advance": N_("예고장"), "demand": N_("독촉장")}
# Petitions waiting for a supplement are not running against their deadline, so no notice names them.
RUNNING = ("received", "processing")
MAX_WITHIN_DAYS = 30
PathFor = Callable[[str, str], Path]  # (kind label, department) -> where the PDF goes
NOTICE_SERIES = "notice"  # 문서번호: a running number per office and year
CHECK_LOCK_SERIES = "notice-check"  # the office's lock of the day, held while a check decides and registers


def _check_within(within_days: int) -> None:
    if isinstance(within_days, bool) or not isinstance(within_days, int) or not 0 <= within_days <= MAX_WITHIN_DAYS:
        raise ValidationError("예고 기준은 0~{most} 근무일이어야 합니다.", most=MAX_WITHIN_DAYS)


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
    """One notice a check would send: its kind, addressee and lines (petition, printed line)."""

    kind: str
    department: str
    pairs: tuple[tuple[Petition, NoticeItem], ...]


@dataclass(frozen=True, slots=True)
class _ToPrint:
    """A registered notice to print: the document (with its 문서번호 and 시행일자) and what the result says."""

    kind: str
    department: str
    document: NoticeDocument
    path: Path
    reprint: bool
    print_now: bool = True  # False: the answer to a replay whose PDF is already written

    @property
    def label(self) -> str:
        return f"{self.department} {KIND_LABELS[self.kind]} {len(self.document.items)}건"


def _plan(uow: UnitOfWork, actor: Actor, within_days: int, moment: datetime) -> list[_Planned]:
    """Per department and kind, the notice the check would send (read in the OPEN unit of work)."""
    planned: list[_Planned] = []
    for department, bucket in sorted(_classify(uow, actor, within_days, moment).items()):
        for kind in ("advance", "demand"):
            pairs = bucket.advance if kind == "advance" else bucket.demand
            if pairs:
                planned.append(_Planned(kind, department, tuple(pairs)))
    return planned


def _document(
    office: Office, row: PetitionNotice, items: tuple[NoticeItem, ...], sender: str, *, reprint: bool
) -> NoticeDocument:
    return NoticeDocument(
        kind=row.kind,
        office_name=office.name,
        office_department=office.department,
        office_address=office.address,
        office_phone=office.phone,
        department=row.department,
        issued_at=row.sent_at,
        within_days=row.within_days,
        sender=sender,
        items=items,
        number=row.number or "",
        day=row.day,
        reprint=reprint,
    )


def _registered(
    uow: UnitOfWork, office: Office, row: PetitionNotice, path_for: PathFor, *, replay: bool = False
) -> _ToPrint:
    """A notice registered before, as it was: the same 문서번호, 시행일자 and lines (read in the OPEN unit of
    work). Registered today by another check: printed again, marked 재출력. Under the same client id (a replay):
    the same answer as the first time, printed only when its PDF is missing (the first print failed)."""
    lines = uow.session.execute(
        select(PetitionNoticeItem, Petition)
        .join(Petition, Petition.id == PetitionNoticeItem.petition_id)
        .where(PetitionNoticeItem.notice_id == row.id)
        .order_by(PetitionNoticeItem.id)
    ).all()
    items = tuple(
        NoticeItem(
            p.number,
            p.type_name,
            p.received_at,
            i.due_at,
            i.time_label or (Text("{days}일 초과", days=i.overdue_days) if i.overdue_days else ""),
            i.overdue_days,
        )
        for i, p in lines
    )
    sender = uow.session.scalar(select(StaffUser.display_name).where(StaffUser.id == row.sent_by)) or ""
    if replay:
        first = Path(row.file_name)
        document = _document(office, row, items, sender, reprint=False)
        return _ToPrint(row.kind, row.department, document, first, reprint=False, print_now=not first.is_file())
    document = _document(office, row, items, sender, reprint=True)
    return _ToPrint(row.kind, row.department, document, path_for(KIND_LABELS[row.kind], row.department), reprint=True)


def _notice_number(uow: UnitOfWork, office: Office, day: date) -> str:
    """문서번호: the department's name and the year's running number (생산등록번호), e.g. ``민원여권과-17``."""
    sequence = next_number(uow.session, office_id=office.id, series=NOTICE_SERIES, period=f"{day:%Y}")
    return f"{(office.department or office.name)[:30]}-{sequence}"


def _register(
    uow: UnitOfWork,
    actor: Actor,
    office: Office,
    *,
    batch: uuid.UUID,
    within_days: int,
    moment: datetime,
    path_for: PathFor,
) -> list[_ToPrint]:
    """Under the office's lock of the day: per department and kind, the day's notice if there is one already
    (a rerun, or a second supervisor a moment later: printed again, never written twice), else a new one,
    numbered and registered with the petitions it names (read and written in the OPEN unit of work)."""
    day = moment.astimezone(SEOUL).date()
    today = {
        (row.department, row.kind): row
        for row in uow.session.scalars(
            select(PetitionNotice).where(PetitionNotice.office_id == actor.office_id, PetitionNotice.day == day)
        )
    }
    printed: list[_ToPrint] = []
    written: list[_ToPrint] = []
    for plan in _plan(uow, actor, within_days, moment):
        existing = today.get((plan.department, plan.kind))
        if existing is not None:
            printed.append(_registered(uow, office, existing, path_for))
            continue
        path = path_for(KIND_LABELS[plan.kind], plan.department)
        row = PetitionNotice(
            uuid=uuid.uuid4(),
            office_id=actor.office_id,
            batch=batch,
            kind=plan.kind,
            department=plan.department,
            within_days=within_days,
            sent_at=moment,
            sent_by=actor.user_id,
            petition_count=len(plan.pairs),
            file_name=str(path)[-300:],
            day=day,
            number=_notice_number(uow, office, day),
            items=[
                PetitionNoticeItem(
                    petition_id=p.id, due_at=i.due_at, overdue_days=i.overdue_days, time_label=i.time_label[:40]
                )
                for p, i in plan.pairs
            ],
        )
        uow.session.add(row)
        items = tuple(i for _, i in plan.pairs)
        document = _document(office, row, items, actor.display_name, reprint=False)
        notice = _ToPrint(plan.kind, plan.department, document, path, reprint=False)
        printed.append(notice)
        written.append(notice)
    if written:
        audit.record(
            uow,
            actor,
            "notice.send",
            record_type="petition_notice",
            record_id=batch,
            detail=f"예고 기준 {within_days}근무일 · " + ", ".join(f"{n.document.number} {n.label}" for n in written),
        )
    return printed


def _recorded(
    uow: UnitOfWork, actor: Actor, office: Office, batch: uuid.UUID, path_for: PathFor
) -> list[_ToPrint] | None:
    """The notices registered under ``batch`` (a replay), read in the OPEN unit of work, or None."""
    rows = uow.session.scalars(
        select(PetitionNotice)
        .where(PetitionNotice.office_id == actor.office_id, PetitionNotice.batch == batch)
        .order_by(PetitionNotice.id)
    ).all()
    return [_registered(uow, office, row, path_for, replay=True) for row in rows] if rows else None


def run_overdue_check(
    uow: UnitOfWork,
    actor: Actor,
    *,
    within_days: int,
    path_for: Callable[[str, str], Path],
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> OverdueCheckResult:
    """One check: per department a 예고장 (due within ``within_days`` working days) and a 독촉장 (overdue), each
    registered with its 문서번호 and 시행일자 and the petitions it names, then written as PDF at
    ``path_for(kind_label, department)`` through the one print path (intent ``notice.print``, render,
    ``print.done``).

    One notice of a kind per department and day: the check holds the office's lock of the day while it decides
    and registers, so two supervisors checking at once (or one checking twice) send each notice once; the later
    check prints the day's notice again (``reprinted``) instead of writing a second one, and a notice whose PDF
    could not be written (a full disk) is printed by the next check. A retry with the same ``client_uuid`` (a
    lost reply) answers with the notices of that check, printed again, and registers nothing.
    """
    authorize(actor, "overdue.check")
    authorize(actor, "notice.send")
    _check_within(within_days)
    moment = now or utcnow()
    batch = client_uuid or uuid.uuid4()
    day = moment.astimezone(SEOUL).date()
    with uow:
        lock_series(uow.session, office_id=actor.office_id, series=CHECK_LOCK_SERIES, period=f"{day:%Y%m%d}")
        office = uow.session.get(Office, actor.office_id)
        assert office is not None
        replayed = _recorded(uow, actor, office, batch, path_for)
        if replayed is not None:
            notices = replayed
        else:
            notices = _register(
                uow, actor, office, batch=batch, within_days=within_days, moment=moment, path_for=path_for
            )
        uow.commit()
    sent: list[NoticeSent] = []
    for notice in notices:
        if not notice.print_now:
            sent.append(_sent(notice))
            continue
        printing.print_document(
            uow,
            actor,
            job=printing.PrintJob(
                "notice.print",
                "petition_notice",
                notice.document.number or str(batch),
                notice.label + (" (재출력)" if notice.reprint else ""),
            ),
            path=notice.path,
            render=partial(render_notice, notice.document),
        )
        sent.append(_sent(notice))
    return OverdueCheckResult(batch, moment, within_days, tuple(sent))


def render_notice(document: NoticeDocument, path: Path) -> Path:
    """``app.documents.notices.render_notice``, imported when a notice is drawn (reportlab is not needed to
    start). Used only as the print path's ``render=`` above, so the intent entry comes before the drawing."""
    from app.documents.notices import render_notice as draw

    return draw(document, path)


def _sent(notice: _ToPrint) -> NoticeSent:
    document = notice.document
    return NoticeSent(
        notice.kind,
        KIND_LABELS[notice.kind],
        notice.department,
        len(document.items),
        notice.path,
        number=document.number,
        day=document.day,
        reprinted=notice.reprint,
    )


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
            NoticeRecordView(
                r.id,
                KIND_LABELS[r.kind],
                r.department,
                r.sent_at,
                r.petition_count,
                r.file_name,
                number=r.number or "",
                day=r.day,
            )
            for r in rows
        ]
