"""The office's statistics as the work plan reports them (issue 17): 제증명 발급 및 민원처리 현황, 가족관계등록 신고
처리 현황, 여권 현황 and the satisfaction rates for a day, month, quarter or year, each beside the previous period;
counts by office, counter or clerk; petition statistics by type and department; the series behind the charts.

Every figure is counted by the database (GROUP BY with COUNT/SUM); Python only maps the few grouped codes to
the table's columns (resources/data/statistics.toml) and divides by the working days of the period, counted
with the same holiday calendar and office closures as the deadlines (app.domain.working_time).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Date, Integer, and_, case, cast, func, select

from app.domain.calendar import SEOUL
from app.domain.working_time import working_days_between
from app.i18n import N_, SOURCE, render
from app.resources import load_data
from app.services.actor import Actor
from app.services.errors import ValidationError
from app.services.roles import authorize
from app.views.statistics import (
    PERIOD_KINDS,
    BreakdownTable,
    ChartSeries,
    OfficeReport,
    Period,
    PetitionStatRow,
    StatTable,
)
from db.models import Office, Receipt, StaffUser, Terminal
from db.models_family import FamilyFiling
from db.models_passport import PassportApplication, PassportLossReport
from db.models_petitions import (
    CertificateIssue,
    CertificateIssueLine,
    OfficeClosure,
    Petition,
    PetitionPause,
    PetitionSurvey,
)
from db.uow import UnitOfWork

BY = {"office": N_("기관"), "terminal": N_("창구"), "clerk": N_("담당자")}
SERVICES = (N_("제증명"), N_("유기한 민원"), N_("가족관계등록"), N_("여권"))
# the passport table's columns (resources/data/statistics.toml ``passports.columns``), marked for translation
PASSPORT_COLUMNS = (N_("여권접수"), N_("여권교부"), N_("기타민원"))


def period_of(kind: str, day: date) -> Period:
    if kind not in PERIOD_KINDS:
        raise ValidationError("기간 종류는 일·월·분기·연 중 하나여야 합니다: {kind}", kind=kind)
    if day < date(2000, 1, 1) or day > date(2100, 12, 31):
        raise ValidationError("조회할 날짜를 확인하세요: {day}", day=day.isoformat())
    return Period.of(kind, day)


def _bounds(period: Period) -> tuple[datetime, datetime]:
    return datetime.combine(period.start, time.min, SEOUL), datetime.combine(
        period.end + timedelta(days=1), time.min, SEOUL
    )


def _dialect(uow: UnitOfWork) -> str:
    return uow.session.get_bind().dialect.name


def _local_date(uow: UnitOfWork, column: Any) -> Any:
    """The Seoul calendar day of a stored UTC timestamp, in SQL (Korea has no daylight saving)."""
    if _dialect(uow) == "sqlite":
        return func.date(column, "+9 hours")
    return cast(func.timezone("Asia/Seoul", column), Date)


def _local_hour(uow: UnitOfWork, column: Any) -> Any:
    if _dialect(uow) == "sqlite":
        return cast(func.strftime("%H", column, "+9 hours"), Integer)
    return cast(func.extract("hour", func.timezone("Asia/Seoul", column)), Integer)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _mapping(section: str) -> tuple[tuple[str, ...], dict[str, str], str]:
    table = load_data("statistics")[section]
    columns = tuple(c["name"] for c in table["columns"])
    codes = {code: c["name"] for c in table["columns"] for code in c["codes"]}
    return columns, codes, table["default"]


def _fold(rows: Iterable[tuple[str, Any]], columns: tuple[str, ...], codes: dict[str, str], default: str) -> list[int]:
    counts = dict.fromkeys(columns, 0)
    for code, n in rows:
        counts[codes.get(code, default)] += int(n or 0)
    return [counts[c] for c in columns]


# --- the counts of one period --------------------------------------------------------------------------------


def _cert_query(begin: datetime, finish: datetime, office_id: int | None, *extra: Any) -> Any:
    query = (
        select(*extra, CertificateIssueLine.kind_code, func.sum(CertificateIssueLine.copies))
        .join(CertificateIssue, CertificateIssue.id == CertificateIssueLine.issue_id)
        .join(Receipt, Receipt.id == CertificateIssue.receipt_id)
        .where(CertificateIssue.issued_at >= begin, CertificateIssue.issued_at < finish, Receipt.status != "voided")
        .group_by(*extra, CertificateIssueLine.kind_code)
    )
    return query if office_id is None else query.where(CertificateIssue.office_id == office_id)


def _petition_query(begin: datetime, finish: datetime, office_id: int | None, *extra: Any) -> Any:
    query = (
        select(*extra, Petition.type_code, func.count())
        .where(Petition.received_at >= begin, Petition.received_at < finish)
        .group_by(*extra, Petition.type_code)
    )
    return query if office_id is None else query.where(Petition.office_id == office_id)


def _family_query(begin: datetime, finish: datetime, office_id: int | None, *extra: Any) -> Any:
    query = (
        select(*extra, FamilyFiling.kind, func.count())
        .where(FamilyFiling.received_at >= begin, FamilyFiling.received_at < finish)
        .group_by(*extra, FamilyFiling.kind)
    )
    return query if office_id is None else query.where(FamilyFiling.office_id == office_id)


def _certificate_row(uow: UnitOfWork, office_id: int, period: Period) -> list[int]:
    begin, finish = _bounds(period)
    certs = _fold(uow.session.execute(_cert_query(begin, finish, office_id)).all(), *_mapping("certificates"))
    petitions = _fold(uow.session.execute(_petition_query(begin, finish, office_id)).all(), *_mapping("petitions"))
    return [sum(certs) + sum(petitions), sum(certs), *certs, sum(petitions), *petitions]


def _family_row(uow: UnitOfWork, office_id: int, period: Period) -> list[int]:
    begin, finish = _bounds(period)
    counts = _fold(uow.session.execute(_family_query(begin, finish, office_id)).all(), *_mapping("family"))
    return [sum(counts), *counts]


def _passport_row(uow: UnitOfWork, office_id: int, period: Period) -> list[int]:
    begin, finish = _bounds(period)
    p = PassportApplication
    received, delivered = uow.session.execute(
        select(
            func.sum(case((and_(p.received_at >= begin, p.received_at < finish), 1), else_=0)),
            func.sum(case((and_(p.delivered_at >= begin, p.delivered_at < finish), 1), else_=0)),
        ).where(
            p.office_id == office_id,
            ((p.received_at >= begin) & (p.received_at < finish))
            | ((p.delivered_at >= begin) & (p.delivered_at < finish)),
        )
    ).one()
    other = uow.session.scalar(
        select(func.count()).where(
            PassportLossReport.office_id == office_id,
            PassportLossReport.reported_at >= begin,
            PassportLossReport.reported_at < finish,
        )
    )
    counts = [int(received or 0), int(delivered or 0), int(other or 0)]
    return [sum(counts), *counts]


def _survey_row(uow: UnitOfWork, office_id: int, period: Period) -> list[float]:
    begin, finish = _bounds(period)
    s = PetitionSurvey
    good = int(load_data("statistics")["surveys"]["satisfied_from"])
    answered = and_(s.answered_at.is_not(None), s.kindness.is_not(None), s.satisfaction.is_not(None))
    queued, replies, kind, sat = uow.session.execute(
        select(
            func.count(),
            func.sum(case((answered, 1), else_=0)),
            func.sum(case((and_(answered, s.kindness >= good), 1), else_=0)),
            func.sum(case((and_(answered, s.satisfaction >= good), 1), else_=0)),
        ).where(s.office_id == office_id, s.queued_at >= begin, s.queued_at < finish)
    ).one()
    replies = int(replies or 0)
    rate = (lambda n: round(100 * int(n or 0) / replies, 1)) if replies else (lambda n: 0.0)
    return [int(queued or 0), replies, rate(kind), rate(sat)]


def _closures(uow: UnitOfWork, office_id: int) -> frozenset[date]:
    return frozenset(
        _as_date(d) for d in uow.session.scalars(select(OfficeClosure.day).where(OfficeClosure.office_id == office_id))
    )


def _tables(uow: UnitOfWork, office_id: int, period: Period, previous: Period) -> tuple[StatTable, ...]:
    closures = _closures(uow, office_id)
    days = working_days_between(period.start, period.end, closures)
    before = working_days_between(previous.start, previous.end, closures)
    cert_columns, _, cert_default = _mapping("certificates")
    pet_columns, _, pet_default = _mapping("petitions")
    fam_columns, _, fam_default = _mapping("family")
    data = load_data("statistics")

    def table(title: str, columns: tuple[str, ...], row: Any, **kw: Any) -> StatTable:
        return StatTable(title, columns, tuple(row(period)), tuple(row(previous)), days, before, **kw)

    cert_note = N_(
        "제증명은 발급 통수(취소 영수증 제외), 민원접수는 접수 건수입니다. 따로 열이 없는 증명서는 "
        "「{certificate}」, 따로 열이 없는 유기한 민원은 「{petition}」에 셉니다."
    )
    fam_note = N_("접수 기준. 인지·입양·정정 등 따로 열이 없는 신고는 「{filing}」에 셉니다.")
    survey_note = N_("{score}점 이상(5점 척도) 응답의 비율입니다. 증감은 %p입니다.")

    def noted(template: str, **fields: Any) -> dict[str, Any]:
        """The note in Korean, and as a template with its fields for the screen to translate."""
        pairs = tuple((k, str(v)) for k, v in fields.items())
        return {"note": render(template, dict(pairs), SOURCE), "note_template": template, "note_fields": pairs}

    return (
        table(
            data["certificates"]["title"],
            (N_("합계"), N_("제증명 소계"), *cert_columns, N_("민원접수 소계"), *pet_columns),
            lambda p: _certificate_row(uow, office_id, p),
            groups=(("합계", 1), (N_("제증명발급"), len(cert_columns) + 1), (N_("민원접수"), len(pet_columns) + 1)),
            **noted(cert_note, certificate=cert_default, petition=pet_default),
        ),
        table(
            data["family"]["title"],
            ("합계", *fam_columns),
            lambda p: _family_row(uow, office_id, p),
            **noted(fam_note, filing=fam_default),
        ),
        table(
            data["passports"]["title"],
            ("합계", *data["passports"]["columns"]),
            lambda p: _passport_row(uow, office_id, p),
            note=N_("여권접수는 접수일, 여권교부는 교부일 기준입니다. 기타민원은 분실신고 건수입니다."),
        ),
        table(
            data["surveys"]["title"],
            (N_("조사"), N_("응답"), N_("공무원 친절도(%)"), N_("민원처리 만족도(%)")),
            lambda p: _survey_row(uow, office_id, p),
            percent=frozenset({2, 3}),
            **noted(survey_note, score=data["surveys"]["satisfied_from"]),
        ),
    )


# --- by office, counter, clerk -------------------------------------------------------------------------------


def _breakdowns(uow: UnitOfWork, actor: Actor, period: Period, by: str) -> tuple[BreakdownTable, ...]:
    begin, finish = _bounds(period)
    office_id = None if by == "office" else actor.office_id
    if by == "office":
        names = dict(uow.session.execute(select(Office.id, Office.name)).all())
    elif by == "terminal":
        names = dict(uow.session.execute(select(Terminal.id, Terminal.name)).all())
    else:
        # two clerks may share a display name: the sign-in name tells them apart
        names = {
            i: f"{shown} ({login})"
            for i, shown, login in uow.session.execute(
                select(StaffUser.id, StaffUser.display_name, StaffUser.username)
            ).all()
        }
    column = {"office": "office_id", "terminal": "terminal_id", "clerk": "clerk_id"}[by]

    def grouped(
        rows: Iterable[tuple[Any, str, Any]], mapping: tuple[tuple[str, ...], dict[str, str], str]
    ) -> dict[Any, list[int]]:
        split: dict[Any, list[tuple[str, Any]]] = defaultdict(list)
        for key, code, n in rows:
            split[key].append((code, n))
        return {key: _fold(pairs, *mapping) for key, pairs in split.items()}

    cert_map, pet_map, fam_map = _mapping("certificates"), _mapping("petitions"), _mapping("family")
    certs = grouped(
        uow.session.execute(_cert_query(begin, finish, office_id, getattr(CertificateIssue, column))).all(), cert_map
    )
    pets = grouped(
        uow.session.execute(_petition_query(begin, finish, office_id, getattr(Petition, column))).all(), pet_map
    )
    fams = grouped(
        uow.session.execute(_family_query(begin, finish, office_id, getattr(FamilyFiling, column))).all(), fam_map
    )

    def label(key: Any) -> str:
        return "-" if key is None else str(names.get(key, key))

    cert_rows = []
    for key in sorted(set(certs) | set(pets), key=lambda k: label(k)):
        c = certs.get(key, [0] * len(cert_map[0]))
        p = pets.get(key, [0] * len(pet_map[0]))
        cert_rows.append((label(key), (sum(c) + sum(p), sum(c), *c, sum(p), *p)))
    fam_rows = [(label(k), (sum(v), *v)) for k, v in sorted(fams.items(), key=lambda kv: label(kv[0]))]
    title = load_data("statistics")
    return (
        BreakdownTable(
            f"{title['certificates']['title']} ({BY[by]}별)",
            BY[by],
            ("합계", "제증명 소계", *cert_map[0], "민원접수 소계", *pet_map[0]),
            tuple(cert_rows),
            title["certificates"]["title"],
        ),
        BreakdownTable(
            f"{title['family']['title']} ({BY[by]}별)",
            BY[by],
            ("합계", *fam_map[0]),
            tuple(fam_rows),
            title["family"]["title"],
        ),
    )


# --- petitions by type and department ------------------------------------------------------------------------


def _stat_row(department: str, type_name: str, v: list[int], average: float | None) -> PetitionStatRow:
    received, resolved, on_time, late, overdue, extensions, supplements = v
    return PetitionStatRow(
        department, type_name, received, resolved, on_time, late, overdue, extensions, supplements, average
    )


def _petition_stats(
    uow: UnitOfWork, office_id: int, period: Period, now: datetime
) -> tuple[tuple[PetitionStatRow, ...], tuple[PetitionStatRow, ...]]:
    begin, finish = _bounds(period)
    p = Petition
    supplements = select(func.count()).where(PetitionPause.petition_id == p.id).correlate(p).scalar_subquery()
    decided = p.decided_at.is_not(None)
    cutoff = min(finish, now)
    of_period = (p.office_id == office_id, p.received_at >= begin, p.received_at < finish)
    counts = uow.session.execute(
        select(
            p.department,
            p.type_name,
            func.count(),
            func.sum(case((decided, 1), else_=0)),
            func.sum(case((and_(decided, p.late.is_(False)), 1), else_=0)),
            func.sum(case((and_(decided, p.late.is_(True)), 1), else_=0)),
            func.sum(case((and_(p.decided_at.is_(None), p.closed_at.is_(None), p.due_at < cutoff), 1), else_=0)),
            func.sum(p.extension_count),
            func.sum(supplements),
        )
        .where(*of_period)
        .group_by(p.department, p.type_name)
        .order_by(p.department, p.type_name)
    ).all()
    # Working days from receipt (day 1, 민원처리법 제19조) to decision: grouped by the pair of days in SQL, then
    # counted in closed form per distinct pair (a year has a few thousand pairs, not one per petition).
    received_day, decided_day = _local_date(uow, p.received_at), _local_date(uow, p.decided_at)
    pairs = uow.session.execute(
        select(p.department, p.type_name, received_day, decided_day, func.count())
        .where(*of_period, decided)
        .group_by(p.department, p.type_name, received_day, decided_day)
    ).all()
    closures = _closures(uow, office_id)
    spent: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for department, type_name, first, last, n in pairs:
        days = working_days_between(_as_date(first), _as_date(last), closures)
        spent[(department, type_name)][0] += days * n
        spent[(department, type_name)][1] += n
        spent[(department, "")][0] += days * n
        spent[(department, "")][1] += n

    def average(key: tuple[str, str]) -> float | None:
        total, n = spent.get(key, (0, 0))
        return round(total / n, 1) if n else None

    rows = []
    by_department: dict[str, list[int]] = defaultdict(lambda: [0] * 7)
    for department, type_name, *numbers in counts:
        values = [int(v or 0) for v in numbers]
        rows.append(_stat_row(department, type_name, values, average((department, type_name))))
        by_department[department] = [a + b for a, b in zip(by_department[department], values, strict=True)]
    departments = tuple(_stat_row(d, "전체", v, average((d, ""))) for d, v in sorted(by_department.items()))
    return tuple(rows), departments


# --- charts --------------------------------------------------------------------------------------------------


def _charts(uow: UnitOfWork, office_id: int, period: Period, departments: tuple[PetitionStatRow, ...]) -> ChartSeries:
    begin, finish = _bounds(period)
    per_day: dict[date, list[int]] = defaultdict(lambda: [0] * len(SERVICES))
    kept = (Receipt.id == CertificateIssue.receipt_id) & (Receipt.status != "voided")
    sources = (
        (CertificateIssue.issued_at, CertificateIssue.office_id, kept),
        (Petition.received_at, Petition.office_id, None),
        (FamilyFiling.received_at, FamilyFiling.office_id, None),
        (PassportApplication.received_at, PassportApplication.office_id, None),
    )
    for index, (at, office, join) in enumerate(sources):
        day = _local_date(uow, at)
        query = select(day, func.count()).select_from(at.class_)
        if join is not None:
            query = query.join(Receipt, join)
        for value, n in uow.session.execute(
            query.where(office == office_id, at >= begin, at < finish).group_by(day)
        ).all():
            per_day[_as_date(value)][index] += int(n)
    hour = _local_hour(uow, Receipt.issued_at)
    hours = uow.session.execute(
        select(hour, func.count())
        .where(
            Receipt.office_id == office_id,
            Receipt.business_day >= period.start,  # the business day is indexed (ix_receipts_business_day)
            Receipt.business_day <= period.end,
            Receipt.status != "voided",
        )
        .group_by(hour)
        .order_by(hour)
    ).all()
    return ChartSeries(
        SERVICES,
        tuple((d, tuple(v)) for d, v in sorted(per_day.items())),
        tuple((int(h), int(n)) for h, n in hours),
        tuple((d.department, d.on_time_rate) for d in departments if d.on_time_rate is not None),
    )


# --- the service ---------------------------------------------------------------------------------------------


def office_report(
    uow: UnitOfWork,
    actor: Actor,
    *,
    kind: str,
    day: date,
    by: str | None = None,
    charts: bool = True,
    now: datetime | None = None,
    progress: Any = None,
) -> OfficeReport:
    """The office's report for the ``kind`` period (day, month, quarter, year) that contains ``day``, with the
    previous period beside each figure. ``by`` (office, terminal, clerk) adds the counts broken down that way.
    ``progress(percent, text)`` is called between the steps (a background task's handle; it may raise to cancel)."""
    authorize(actor, "stats.view")
    if by is not None and by not in BY:
        raise ValidationError("구분은 기관·창구·담당자 중 하나여야 합니다: {by}", by=by)
    period = period_of(kind, day)
    previous = period.previous()
    moment = now or datetime.now(SEOUL)
    step = progress or (lambda percent, text="": None)
    with uow:
        step(5, N_("보고서 표 집계 중"))
        tables = _tables(uow, actor.office_id, period, previous)
        step(45, N_("유기한 민원 처리 현황 집계 중"))
        rows, departments = _petition_stats(uow, actor.office_id, period, moment)
        step(65, N_("구분별 집계 중"))
        breakdowns = _breakdowns(uow, actor, period, by) if by else ()
        step(80, N_("그래프 자료 집계 중"))
        series = _charts(uow, actor.office_id, period, departments) if charts else None
        office = uow.session.get(Office, actor.office_id)
        step(100, N_("완료"))
        return OfficeReport(
            period, previous, tables, rows, departments, breakdowns, series, office.name if office else ""
        )
