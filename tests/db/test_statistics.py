"""The office's statistics (issue 17) from hand-made records on both databases: exact counts in the work plan's
columns, the previous period beside them, the 1일 평균 over working days (a public holiday and an office closure
in the period), petitions on time and late, breakdowns by counter and clerk, the chart series."""

from __future__ import annotations

import itertools
import uuid
from datetime import date, datetime, timedelta

import pytest

from app.domain.calendar import SEOUL
from app.services import statistics
from app.services.errors import PermissionDenied, ValidationError
from app.views.statistics import Period
from db.models import Applicant, Receipt
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

# March 2026: 22 weekdays, 3월 2일 (삼일절 대체 휴일) off → 21 working days; one office closure → 20.
# February 2026: 20 weekdays less 설날 (16–18 Feb) → 17.
MARCH = datetime(2026, 3, 10, 10, 0, tzinfo=SEOUL)
FEBRUARY = datetime(2026, 2, 10, 10, 0, tzinfo=SEOUL)
NUMBERS = itertools.count(1)


class Maker:
    def __init__(self, ctx, clerk) -> None:  # type: ignore[no-untyped-def]
        self.ctx, self.clerk = ctx, clerk
        with ctx.db.uow() as uow:
            person = Applicant(name="홍길동")
            uow.session.add(person)
            uow.session.flush()
            self.applicant = person.id
            uow.commit()

    def _next(self) -> int:
        return next(NUMBERS)  # numbers are unique per office, across makers

    def _add(self, *rows: object) -> None:
        with self.ctx.db.uow() as uow:
            for row in rows:
                uow.session.add(row)
                uow.session.flush()
            uow.commit()

    def certificate(self, at: datetime, *lines: tuple[str, int], voided: bool = False) -> None:
        n = self._next()
        with self.ctx.db.uow() as uow:
            receipt = Receipt(
                uuid=uuid.uuid4(),
                office_id=self.ctx.office.id,
                terminal_id=self.ctx.terminal.id,
                clerk_id=self.clerk.user_id,
                number=f"T-{n:05d}",
                business_day=at.date(),
                issued_at=at,
                status="voided" if voided else "issued",
            )
            uow.session.add(receipt)
            uow.session.flush()
            issue = CertificateIssue(
                uuid=uuid.uuid4(),
                office_id=self.ctx.office.id,
                terminal_id=self.ctx.terminal.id,
                clerk_id=self.clerk.user_id,
                applicant_id=self.applicant,
                receipt_id=receipt.id,
                issued_at=at,
            )
            uow.session.add(issue)
            uow.session.flush()
            for position, (code, copies) in enumerate(lines):
                uow.session.add(
                    CertificateIssueLine(
                        issue_id=issue.id, position=position, kind_code=code, kind_name=code, copies=copies
                    )
                )
            uow.commit()

    def petition(
        self,
        at: datetime,
        code: str,
        *,
        department: str = "민원여권과",
        decided: datetime | None = None,
        late: bool = False,
        due: datetime | None = None,
        extensions: int = 0,
        supplements: int = 0,
    ) -> None:
        n = self._next()
        due_at = due or at + timedelta(days=7)
        with self.ctx.db.uow() as uow:
            p = Petition(
                uuid=uuid.uuid4(),
                office_id=self.ctx.office.id,
                clerk_id=self.clerk.user_id,
                applicant_id=self.applicant,
                number=f"P-{n:05d}",
                type_code=code,
                type_name={"grievance": "고충민원", "cook_license_new": "조리사 면허 발급 (신규)"}.get(code, code),
                period="7일",
                department=department,
                status="decided" if decided else "received",
                received_at=at,
                original_due_at=due_at,
                due_at=due_at,
                decided_at=decided,
                decision="인용" if decided else "",
                late=late,
                extension_count=extensions,
            )
            uow.session.add(p)
            uow.session.flush()
            for _ in range(supplements):
                uow.session.add(PetitionPause(petition_id=p.id, requested_at=at, requested_by=self.clerk.user_id))
            if decided:
                uow.session.add(
                    PetitionSurvey(
                        uuid=uuid.uuid4(),
                        office_id=self.ctx.office.id,
                        petition_id=p.id,
                        queued_at=decided,
                        answered_at=decided if not late else None,
                        kindness=5 if not late else None,
                        satisfaction=(3 if extensions else 4) if not late else None,
                    )
                )
            uow.commit()

    def filing(self, at: datetime, kind: str) -> None:
        n = self._next()
        self._add(
            FamilyFiling(
                uuid=uuid.uuid4(),
                office_id=self.ctx.office.id,
                terminal_id=self.ctx.terminal.id,
                clerk_id=self.clerk.user_id,
                number=f"F-{n:05d}",
                kind=kind,
                kind_name=kind,
                received_at=at,
                filed_on=at.date(),
                event_date=at.date(),
                subject_name="김아기",
                filer_applicant_id=self.applicant,
            )
        )

    def passport(self, at: datetime, *, delivered: datetime | None = None) -> None:
        n = self._next()
        self._add(
            PassportApplication(
                uuid=uuid.uuid4(),
                office_id=self.ctx.office.id,
                clerk_id=self.clerk.user_id,
                applicant_id=self.applicant,
                number=f"R-{n:05d}",
                received_at=at,
                kind="복수",
                age=30,
                delivered_at=delivered,
                status="delivered" if delivered else "received",
            )
        )

    def loss(self, at: datetime) -> None:
        n = self._next()
        self._add(
            PassportLossReport(
                uuid=uuid.uuid4(),
                office_id=self.ctx.office.id,
                clerk_id=self.clerk.user_id,
                applicant_id=self.applicant,
                number=f"L-{n:05d}",
                reported_at=at,
                lost_on=at.date(),
            )
        )


def test_period_kinds_and_previous() -> None:
    assert Period.of("month", date(2026, 3, 10)) == Period(date(2026, 3, 1), date(2026, 3, 31), "2026년 3월", "month")
    assert Period.of("month", date(2026, 3, 10)).previous().start == date(2026, 2, 1)
    q = Period.of("quarter", date(2026, 2, 14))
    assert (q.start, q.end, q.label) == (date(2026, 1, 1), date(2026, 3, 31), "2026년 1분기")
    assert q.previous() == Period.of("quarter", date(2025, 12, 1))
    assert Period.of("year", date(2021, 6, 1)).previous().label == "2020년"
    assert Period.of("day", date(2026, 3, 3)).previous().start == date(2026, 3, 2)


def test_office_tables(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk, boss = make_actor("clerk"), make_actor("supervisor")
    m = Maker(app_ctx, clerk)
    with app_ctx.db.uow() as uow:
        uow.session.add(OfficeClosure(office_id=app_ctx.office.id, day=date(2026, 3, 20), reason="전산 점검"))
        uow.commit()
    # March: 등본 3 + 초본 2 = 등초본 5, 인감 1, 가족관계 2 (two kinds), an unmapped kind → 사실증명;
    # a voided one left out.
    m.certificate(MARCH, ("resident_copy", 3), ("seal_certificate", 1))
    m.certificate(MARCH + timedelta(days=1), ("resident_abstract", 2), ("family_relation", 1), ("basic_certificate", 1))
    m.certificate(MARCH + timedelta(days=2), ("some_new_kind", 1))
    m.certificate(MARCH, ("resident_copy", 9), voided=True)
    # the last minute of March in Seoul counts; the first minute of April does not
    m.certificate(datetime(2026, 3, 31, 23, 59, tzinfo=SEOUL), ("anywhere_petition", 1))
    m.certificate(datetime(2026, 4, 1, 0, 0, tzinfo=SEOUL), ("resident_copy", 50))
    m.certificate(FEBRUARY, ("resident_copy", 4))
    m.petition(MARCH, "grievance", decided=MARCH + timedelta(days=2))
    m.petition(MARCH, "cook_license_new", department="위생과", decided=MARCH + timedelta(days=9), late=True)
    m.petition(MARCH, "info_disclosure")
    m.petition(FEBRUARY, "grievance")
    for kind in ("birth", "birth", "death", "marriage_abroad", "divorce_judicial", "name_change", "correction"):
        m.filing(MARCH, kind)
    m.filing(FEBRUARY, "birth")
    m.passport(MARCH, delivered=MARCH + timedelta(days=8))
    m.passport(FEBRUARY, delivered=MARCH)
    m.passport(FEBRUARY)
    m.loss(MARCH)

    report = statistics.office_report(
        app_ctx.db.uow(), boss, kind="month", day=date(2026, 3, 15), now=MARCH + timedelta(days=30)
    )
    assert (report.period.label, report.previous.label) == ("2026년 3월", "2026년 2월")
    certs, family, passports, surveys = report.tables
    assert certs.columns[:8] == (
        "합계",
        "제증명 소계",
        "등초본",
        "인감",
        "사실증명",
        "가족관계 증명",
        "어디서나민원",
        "민원접수 소계",
    )
    assert certs.current == (13, 10, 5, 1, 1, 2, 1, 3, 1, 1, 1, 0)
    assert certs.previous == (5, 4, 4, 0, 0, 0, 0, 1, 1, 0, 0, 0)
    assert (certs.working_days, certs.previous_working_days) == (20, 17)  # 대체 휴일 and the closure; 설날
    assert certs.daily(0) == 1 and certs.daily(2) == 0  # 13 / 20, 5 / 20 rounded
    assert certs.change(0) == 8 and certs.change_pct(0) == 160.0
    assert certs.change_pct(6) is None  # nothing the month before
    assert family.current == (7, 2, 1, 1, 1, 1, 1) and family.previous == (1, 1, 0, 0, 0, 0, 0)
    # 접수 by the day received, 교부 by the day delivered (one received in February, delivered in March)
    assert passports.current == (4, 1, 2, 1) and passports.previous == (2, 2, 0, 0)
    # two surveys queued in March (the late one unanswered): 친절 5 → 100 %, 만족 4 → 100 %
    assert surveys.current == (2, 1, 100.0, 100.0) and surveys.previous == (0, 0, 0.0, 0.0)
    assert surveys.daily(2) is None and surveys.change(2) == 100.0

    by_type = {(r.department, r.type_name): r for r in report.petitions}
    grievance = by_type[("민원여권과", "고충민원")]
    assert (grievance.received, grievance.resolved, grievance.on_time, grievance.late) == (1, 1, 1, 0)
    assert grievance.average_days == 3  # 10, 11, 12 March
    cook = by_type[("위생과", "조리사 면허 발급 (신규)")]
    assert (cook.resolved, cook.on_time, cook.late, cook.on_time_rate) == (1, 0, 1, 0.0)
    assert cook.average_days == 8  # 10–19 March: 8 weekdays
    departments = {r.department: r for r in report.departments}
    assert departments["민원여권과"].received == 2 and departments["민원여권과"].open_overdue == 1
    assert report.charts is not None
    assert dict(report.charts.on_time) == {"민원여권과": 100.0, "위생과": 0.0}
    assert dict(report.charts.daily)[MARCH.date()] == (1, 3, 7, 1)  # the voided issue left out
    assert dict(report.charts.hours) == {10: 3, 23: 1}  # Seoul hours; the voided receipt left out


def test_petition_extensions_and_supplements(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk, boss = make_actor("clerk"), make_actor("supervisor")
    m = Maker(app_ctx, clerk)
    m.petition(MARCH, "grievance", decided=MARCH + timedelta(days=1), extensions=1, supplements=2)
    m.petition(MARCH, "grievance", supplements=1, due=MARCH + timedelta(days=100))
    report = statistics.office_report(
        app_ctx.db.uow(), boss, kind="month", day=MARCH.date(), now=MARCH + timedelta(days=20)
    )
    (row,) = report.petitions
    assert (row.received, row.resolved, row.extensions, row.supplements, row.open_overdue) == (2, 1, 1, 3, 0)
    assert report.tables[3].current == (1, 1, 100.0, 0.0)  # satisfaction 3 is not 만족


def test_breakdown_by_counter_and_clerk(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    first, second, boss = make_actor("clerk"), make_actor("clerk"), make_actor("supervisor")
    Maker(app_ctx, first).certificate(MARCH, ("resident_copy", 2))
    other = Maker(app_ctx, second)
    other.certificate(MARCH, ("seal_certificate", 1))
    other.filing(MARCH, "death")
    report = statistics.office_report(app_ctx.db.uow(), boss, kind="day", day=MARCH.date(), by="clerk", charts=False)
    certs, family = report.breakdowns
    rows = dict(certs.rows)
    one, two = (f"{a.display_name} ({a.username})" for a in (first, second))
    assert rows[one][:4] == (2, 2, 2, 0) and rows[two][:4] == (1, 1, 0, 1)
    assert dict(family.rows) == {two: (1, 0, 1, 0, 0, 0, 0)}
    by_counter = statistics.office_report(app_ctx.db.uow(), boss, kind="day", day=MARCH.date(), by="terminal")
    assert dict(by_counter.breakdowns[0].rows)[app_ctx.terminal.name][0] == 3
    by_office = statistics.office_report(app_ctx.db.uow(), boss, kind="day", day=MARCH.date(), by="office")
    assert dict(by_office.breakdowns[0].rows)[app_ctx.office.name][0] == 3
    assert report.charts is None


def test_a_day_on_a_holiday_and_refusals(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk, boss = make_actor("clerk"), make_actor("supervisor")
    report = statistics.office_report(app_ctx.db.uow(), boss, kind="day", day=date(2026, 3, 2))
    assert report.tables[0].working_days == 0 and report.tables[0].daily(0) is None
    with pytest.raises(PermissionDenied):
        statistics.office_report(app_ctx.db.uow(), clerk, kind="month", day=MARCH.date())
    with pytest.raises(ValidationError, match="기간 종류"):
        statistics.office_report(app_ctx.db.uow(), boss, kind="week", day=MARCH.date())
    with pytest.raises(ValidationError, match="구분"):
        statistics.office_report(app_ctx.db.uow(), boss, kind="month", day=MARCH.date(), by="desk")
