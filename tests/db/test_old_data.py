"""Every list and report works over records that start in 2010 (issue 17: the uncollected-passports list
failed on a passport of 2016 with "2016-12-04에 적용되는 여권 보관 기준이(가) 없습니다").

A small office generated from 2010-01-04 to a day of 2026 (``bench.generate`` with a scale factor: a few
records a working day), on SQLite and PostgreSQL; then each screen's list and each report is asked for the
oldest period and for the whole span, and must answer with the old records in it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from app.domain.calendar import SEOUL
from bench.generate import generate

START = date(2010, 1, 4)
END = date(2026, 11, 27)
NOW = datetime.combine(END, time(15, 0), SEOUL)


@pytest.fixture
def old_office(db_url: str, tmp_path: Path) -> Iterator[tuple[Any, Any]]:
    from app.bootstrap import build_context
    from app.services import auth
    from app.settings import Settings

    key = tmp_path / "keys" / "rrn.key"
    generate(db_url, start=START, end=END, scale=0.004, key_file=key, seed=5)
    ctx = build_context(Settings(values={"key_file": str(key)}), db_url=db_url)
    actor = auth.sign_in(
        ctx.db.uow(),
        username="gen.super",
        password="generated-pass-1",
        terminal_id=ctx.terminal.id,
        terminal_code=ctx.terminal.code,
    )
    yield ctx, actor
    ctx.db.dispose()


def _first_day(ctx: Any) -> date:
    with ctx.db.engine.connect() as conn:
        value = conn.exec_driver_sql("SELECT min(business_day) FROM receipts").scalar()
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def test_lists_and_reports_over_data_from_2010(old_office: tuple[Any, Any]) -> None:
    from app.services import applicants, audit, dayclose, overdue, receipts
    from app.services.family import get_filing, list_filings
    from app.services.passports import get_application, list_applications, list_uncollected, open_emergencies
    from app.services.petitions import get_petition, list_petitions

    ctx, actor = old_office
    uow = ctx.db.uow
    first = _first_day(ctx)
    assert first.year == 2010

    # 유기한 민원: every filter; the oldest petitions come first in 상태 전체 (by deadline), from 2010.
    everything = list_petitions(uow(), actor, status="all", now=NOW)
    assert everything and everything[0].received_at.astimezone(SEOUL).year == 2010
    assert everything[0].time_left_label in ("기한 내 처리", "기한 넘겨 처리", "종결")
    for status in ("open", "received", "processing", "decided", "notified", "closed"):
        list_petitions(uow(), actor, status=status, now=NOW)
    stuck = list_petitions(uow(), actor, overdue_only=True, now=NOW)
    assert stuck and min(v.received_at for v in stuck).year < 2016  # open for years: shown as long overdue
    assert all(v.overdue and v.time_left_label.endswith("초과") for v in stuck)
    list_petitions(uow(), actor, due_within_days=3, now=NOW)
    detail = get_petition(uow(), actor, petition_id=everything[0].id, now=NOW)
    assert detail.petition.number == everything[0].number
    preview = overdue.overdue_preview(uow(), actor, within_days=3, now=NOW)
    assert sum(d.overdue for d in preview) == len(stuck)
    overdue.late_departments(uow(), actor, start=START, end=END)
    overdue.list_notices(uow(), actor, start=START, end=END)

    # Receipts, the day close and the statistics of the first day, of 2010 and of the whole span.
    day_receipts = receipts.list_receipts(uow(), actor, day=first)
    assert day_receipts and all(r.business_day == first for r in day_receipts)
    # The day's list is built from rows, not from receipt_view: the same views, field for field.
    assert day_receipts == [receipts.get_receipt(uow(), actor, number=r.number) for r in day_receipts]
    summary = dayclose.day_summary(uow(), actor, day=first)
    assert summary.receipts + summary.voided == len(day_receipts)
    report = dayclose.day_close_report(uow(), actor, day=first)
    assert report.summary.total == summary.total
    year = dayclose.period_items(uow(), actor, start=date(2010, 1, 1), end=date(2010, 12, 31))
    span = dayclose.period_items(uow(), actor, start=START, end=END)
    assert year and sum(r.amount for r in span) > sum(r.amount for r in year) > 0
    # The office's report tables of 2010 (its previous period, 2009, before the data starts) and of a month.
    from app.services import statistics

    for kind, by in (("year", None), ("quarter", "clerk"), ("month", "terminal"), ("day", "office")):
        office = statistics.office_report(uow(), actor, kind=kind, day=first, by=by, now=NOW)
        assert office.period.start.year == 2010 and office.tables
    office = statistics.office_report(uow(), actor, kind="year", day=first, now=NOW)
    certificates = office.tables[0]
    assert certificates.current[0] > 0 and sum(certificates.previous) == 0  # nothing before 2010
    assert sum(row.received for row in office.petitions) > 0

    # 가족관계등록 and 여권: lists, one record each, the uncollected passports of 2010 on.
    filings = list_filings(uow(), actor, start=date(2010, 1, 1), end=date(2010, 12, 31))
    assert filings and all(f.filed_on.year == 2010 for f in filings)
    get_filing(uow(), actor, filing_id=filings[-1].id)
    list_filings(uow(), actor)
    uncollected = list_uncollected(uow(), actor, now=NOW)
    assert uncollected and min(u.arrived_at for u in uncollected).year < 2016
    assert all(u.past_keeping for u in uncollected if u.arrived_at.year < 2026)
    list_applications(uow(), actor, now=NOW)
    open_emergencies(uow(), actor, now=NOW)
    get_application(uow(), actor, application_id=uncollected[0].id)

    # F7 and the access log of the first day.
    found = applicants.search_by_name(uow(), actor, day_receipts[0].applicant_name[:2])
    assert found
    log = audit.search(uow(), actor, start=first, end=first)
    assert log and all(e.at.astimezone(SEOUL).date() == first for e in log)

    # The generated access log is one hash chain with the entries the services wrote since.
    from db.auditchain import verify

    with uow() as work:
        if work.dialect == "postgresql":  # a walk of 100,000 entries on a busy machine: more than the 3 s idle limit
            work.session.execute(text("SET LOCAL idle_in_transaction_session_timeout = 0"))
        report = verify(work.session)
    assert report.ok, report.problem
    assert report.checked > 10_000
