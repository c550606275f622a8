"""Every list and search reads its big tables through an index: the query plans of the statements the services
run, on a generated office (``bench.generate``, a year at a small scale), on SQLite and PostgreSQL.

Each service is called with the engine's statements recorded; every SELECT is then explained
(``EXPLAIN QUERY PLAN`` on SQLite, ``EXPLAIN`` with sequential scans priced out on PostgreSQL, so that a Seq Scan
left in the plan means that no index can serve it) and a full scan of a table that grows with the years fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from bench.generate import generate

# Tables that grow with the office's years (the small ones, staff, terminals, closures, are read whole).
BIG = {
    "applicants",
    "receipts",
    "receipt_lines",
    "payments",
    "certificate_issues",
    "certificate_issue_lines",
    "petitions",
    "petition_events",
    "family_filings",
    "family_filing_parties",
    "passport_applications",
    "audit_log",
    "outbox_messages",
}
END = date(2026, 11, 27)


@pytest.fixture
def office(db_url: str, tmp_path: Path) -> Iterator[tuple[Any, Any]]:
    from app.bootstrap import build_context
    from app.services import auth
    from app.settings import Settings

    key = tmp_path / "keys" / "rrn.key"
    generate(db_url, years=1, scale=0.03, end=END, key_file=key, seed=3)
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


def _full_scans(engine: Any, statement: str, parameters: Any) -> list[str]:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            plan = [row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
            found = []
            for line in plan:
                match = re.match(r"^SCAN (\w+)(?: AS \w+)?$", line.strip())
                if match and re.sub(r"_\d+$", "", match.group(1)) in BIG:
                    found.append(line)
            conn.rollback()
            return found
        conn.exec_driver_sql("SET enable_seqscan = off")
        plan = [row[0] for row in conn.exec_driver_sql("EXPLAIN " + statement, parameters)]
        conn.rollback()
        return [line for line in plan if (m := re.search(r"Seq Scan on (\w+)", line)) and m.group(1) in BIG]


def _check(ctx: Any, name: str, call: Callable[[], Any]) -> list[str]:
    recorded: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")) and not executemany:
            recorded.append((statement, parameters))

    engine = ctx.db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert recorded, f"{name}: no statement recorded"
    problems = []
    for statement, parameters in recorded:
        for line in _full_scans(engine, statement, parameters):
            problems.append(f"{name}: {line}\n    {' '.join(statement.split())[:400]}")
    return problems


def test_every_list_and_search_uses_an_index(office: tuple[Any, Any]) -> None:
    from app.services import applicants, audit, dayclose, overdue, receipts
    from app.services.family import list_filings
    from app.services.passports import list_applications, list_uncollected, open_emergencies
    from app.services.passports.queries import find_application
    from app.services.petitions import list_petitions

    ctx, actor = office
    uow = ctx.db.uow
    with ctx.db.engine.connect() as conn:
        peak = conn.exec_driver_sql(
            "SELECT business_day FROM receipts GROUP BY business_day ORDER BY count(*) DESC LIMIT 1"
        ).scalar()
        receipt_number = conn.exec_driver_sql("SELECT number FROM receipts ORDER BY id DESC LIMIT 1").scalar()
        petition_number = conn.exec_driver_sql("SELECT number FROM petitions ORDER BY id DESC LIMIT 1").scalar()
        filing_number = conn.exec_driver_sql("SELECT number FROM family_filings ORDER BY id DESC LIMIT 1").scalar()
        passport_number = conn.exec_driver_sql("SELECT number FROM passport_applications ORDER BY id LIMIT 1").scalar()
        cipher, name = conn.exec_driver_sql("SELECT rrn_cipher, name FROM applicants ORDER BY id LIMIT 1").one()
    peak_day = peak if isinstance(peak, date) else date.fromisoformat(str(peak))
    rrn = ctx.db.pii.decrypt(bytes(cipher))
    month = END.replace(day=1)
    cases: list[tuple[str, Callable[[], Any]]] = [
        ("민원 목록 기본", lambda: list_petitions(uow(), actor)),
        ("민원 목록 전체", lambda: list_petitions(uow(), actor, status="all")),
        ("민원 목록 통지", lambda: list_petitions(uow(), actor, status="notified")),
        ("민원 목록 기한 경과", lambda: list_petitions(uow(), actor, overdue_only=True)),
        ("민원 번호 검색", lambda: list_petitions(uow(), actor, status="all", search=petition_number)),
        ("민원 목록 성명 검색", lambda: list_petitions(uow(), actor, status="all", search=name)),
        ("민원 목록 성명 두 글자", lambda: list_petitions(uow(), actor, status="all", search=name[1:])),
        ("민원 목록 성명 한 글자", lambda: list_petitions(uow(), actor, status="all", search=name[:1])),
        ("민원 목록 전화 끝자리", lambda: list_petitions(uow(), actor, status="all", search="5678")),
        ("민원 번호 일부", lambda: list_petitions(uow(), actor, status="all", search=petition_number[-9:])),
        ("처리상황 점검", lambda: overdue.overdue_preview(uow(), actor, within_days=3)),
        ("그날 영수증", lambda: receipts.list_receipts(uow(), actor, day=peak_day)),
        ("영수증 번호", lambda: receipts.get_receipt(uow(), actor, number=receipt_number)),
        ("일일 집계", lambda: dayclose.day_summary(uow(), actor, day=peak_day)),
        ("기간 통계 한 해", lambda: dayclose.period_items(uow(), actor, start=END - timedelta(days=364), end=END)),
        ("F7 주민등록번호", lambda: applicants.find_by_resident_number(uow(), actor, rrn)),
        ("F7 성명", lambda: applicants.search_by_name(uow(), actor, name[:2])),
        ("F7 성명 한 글자", lambda: applicants.search_by_name(uow(), actor, name[:1])),
        ("F7 성명 일부", lambda: applicants.search_by_name(uow(), actor, name[1:])),
        ("F7 성명 세 글자", lambda: applicants.search_by_name(uow(), actor, name[:3])),
        ("F7 전화 끝자리", lambda: applicants.search_by_phone_suffix(uow(), actor, "5678")),
        # A page of 50: on this small office 500 would be every filing, and reading them all is then cheaper.
        ("가족 목록", lambda: list_filings(uow(), actor, limit=50)),
        ("가족 목록 출생", lambda: list_filings(uow(), actor, kind="birth", limit=50)),
        ("가족 목록 접수", lambda: list_filings(uow(), actor, status="received")),
        ("가족 목록 이번 달", lambda: list_filings(uow(), actor, start=month, end=END)),
        ("가족 신고 번호", lambda: list_filings(uow(), actor, text=filing_number)),
        ("가족 목록 성명", lambda: list_filings(uow(), actor, text=name)),
        ("가족 목록 성명 두 글자", lambda: list_filings(uow(), actor, text=name[1:])),
        ("가족 신고 번호 일부", lambda: list_filings(uow(), actor, text=filing_number[-6:])),
        ("여권 목록", lambda: list_applications(uow(), actor)),
        ("여권 접수 번호", lambda: find_application(uow(), actor, number=passport_number)),
        ("여권 미수령", lambda: list_uncollected(uow(), actor)),
        ("긴급여권 현황", lambda: open_emergencies(uow(), actor)),
        ("접속기록 하루", lambda: audit.search(uow(), actor, start=END, end=END)),
        ("접속기록 한 사람", lambda: audit.search(uow(), actor, start=month, end=END, username="gen.clerk03")),
        ("접속기록 동작", lambda: audit.search(uow(), actor, start=month, end=END, action="receipt.issue")),
    ]
    problems: list[str] = []
    for label, call in cases:
        problems += _check(ctx, label, call)
    assert not problems, "full scans of big tables:\n" + "\n".join(problems)


def _plans(ctx: Any, call: Callable[[], Any]) -> list[str]:
    """The plan lines of every SELECT ``call`` sends that reads ``applicants`` (seq scans priced out on PG)."""
    recorded: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "applicants" in statement and not executemany:
            recorded.append((statement, parameters))

    engine = ctx.db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    lines: list[str] = []
    with engine.connect() as conn:
        for statement, parameters in recorded:
            if engine.dialect.name == "sqlite":
                lines += [row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
            else:
                conn.exec_driver_sql("SET enable_seqscan = off")
                lines += [row[0] for row in conn.exec_driver_sql("EXPLAIN " + statement, parameters)]
        conn.rollback()
    return lines


def test_partial_name_and_phone_tail_read_the_trigram_indexes(office: tuple[Any, Any]) -> None:
    """Issue 17: a part of a name is looked up in the FTS5 trigram table (SQLite) or the pg_trgm GIN index
    (PostgreSQL), a phone's last four digits in the same FTS table or the phone-tail index; one character walks
    the name index from that character on."""
    from app.services import applicants

    ctx, actor = office
    uow = ctx.db.uow
    with ctx.db.engine.connect() as conn:
        name = conn.exec_driver_sql("SELECT name FROM applicants ORDER BY id LIMIT 1").scalar()
    sqlite = ctx.db.engine.dialect.name == "sqlite"
    trigram = "applicants_fts VIRTUAL TABLE" if sqlite else "ix_applicants_name_trgm"
    phone = "applicants_fts VIRTUAL TABLE" if sqlite else "ix_applicants_phone_tail"
    prefix = "SEARCH applicants USING INDEX ix_applicants_name (name>? AND name<?)" if sqlite else "ix_applicants_name"
    for text in (name[1:], name[:2], name):
        plan = _plans(ctx, lambda t=text: applicants.search_by_name(uow(), actor, t))
        assert any(trigram in line for line in plan), f"{text}: " + "\n".join(plan)
        assert not any(re.search(r"^SCAN applicants\b|Seq Scan on applicants", line.strip()) for line in plan), plan
    plan = _plans(ctx, lambda: applicants.search_by_name(uow(), actor, "끝자리 5678"))
    assert any(phone in line for line in plan), "\n".join(plan)
    plan = _plans(ctx, lambda: applicants.search_by_name(uow(), actor, name[:1]))
    assert any(prefix in line for line in plan), "\n".join(plan)
    assert not any(trigram in line for line in plan)


def _all_plans(ctx: Any, call: Callable[[], Any]) -> list[str]:
    """The plan lines of every SELECT ``call`` sends. On PostgreSQL sequential scans AND plain index scans are
    priced out: on this small office walking a whole primary key with a filter is cheaper than a trigram look-up,
    and would hide whether the trigram index can serve at all; what is left are bitmap scans, which need an
    index condition (the trigram index's, or a key's)."""
    recorded: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT") and not executemany:
            recorded.append((statement, parameters))

    engine = ctx.db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    lines: list[str] = []
    with engine.connect() as conn:
        for statement, parameters in recorded:
            if engine.dialect.name == "sqlite":
                lines += [row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
            else:
                conn.exec_driver_sql("SET enable_seqscan = off")
                conn.exec_driver_sql("SET enable_indexscan = off")
                lines += [row[0] for row in conn.exec_driver_sql("EXPLAIN " + statement, parameters)]
        conn.rollback()
    return lines


def test_the_list_searches_read_their_indexes(office: tuple[Any, Any]) -> None:
    """Issue 17: the petition list's search box finds a name in F7's index (then the petitions by
    ``ix_petitions_applicant``), a number's part or a contact phone in ``petitions_fts`` / pg_trgm; the family
    list's finds names and numbers' parts in ``family_names_fts`` / pg_trgm; a passport number is read by the
    unique index."""
    from app.services.family import list_filings
    from app.services.passports.queries import find_application
    from app.services.petitions import list_petitions

    ctx, actor = office
    uow = ctx.db.uow
    sqlite = ctx.db.engine.dialect.name == "sqlite"
    with ctx.db.engine.connect() as conn:
        name = conn.exec_driver_sql("SELECT name FROM applicants ORDER BY id LIMIT 1").scalar()
        subject = conn.exec_driver_sql("SELECT subject_name FROM family_filings ORDER BY id LIMIT 1").scalar()
        petition = conn.exec_driver_sql("SELECT number FROM petitions ORDER BY id LIMIT 1").scalar()
        filing = conn.exec_driver_sql("SELECT number FROM family_filings ORDER BY id LIMIT 1").scalar()
        passport = conn.exec_driver_sql("SELECT number FROM passport_applications ORDER BY id LIMIT 1").scalar()

    def reads(call: Callable[[], Any], *indexes: str) -> None:
        plan = _all_plans(ctx, call)
        for index in indexes:
            assert any(index in line for line in plan), f"{index}:\n" + "\n".join(plan)
        scans = [
            line
            for line in plan
            if re.search(
                r"^SCAN (petitions|family_filings|family_filing_parties|"
                r"applicants|passport_applications)\b|Seq Scan on",
                line.strip(),
            )
        ]
        assert not scans, "\n".join(plan)

    # SQLite walks from the applicants found to their petitions; PostgreSQL, on this small office, may as well
    # hash them against the office's petitions (read by a bitmap of an index all the same: no Seq Scan).
    by_applicant = "ix_petitions_applicant" if sqlite else "Bitmap Index Scan"
    for text in (name, name[1:]):
        trigram = "applicants_fts VIRTUAL TABLE" if sqlite else "ix_applicants_name_trgm"
        reads(lambda t=text: list_petitions(uow(), actor, status="all", search=t), trigram, by_applicant)
    reads(
        lambda: list_petitions(uow(), actor, status="all", search=name[:1]),
        "ix_applicants_name",
        by_applicant,
    )
    reads(
        lambda: list_petitions(uow(), actor, status="all", search="5678"),
        *(["petitions_fts VIRTUAL TABLE"] if sqlite else ["ix_petitions_number_trgm", "ix_petitions_contact_trgm"]),
    )
    reads(
        lambda: list_petitions(uow(), actor, status="all", search=petition[-9:]),
        "petitions_fts VIRTUAL TABLE" if sqlite else "ix_petitions_number_trgm",
    )
    for text in (subject, subject[1:]):
        reads(
            lambda t=text: list_filings(uow(), actor, text=t),
            *(
                ["family_names_fts VIRTUAL TABLE"]
                if sqlite
                else ["ix_family_filings_subject_trgm", "ix_family_filing_parties_name_trgm"]
            ),
        )
    reads(
        lambda: list_filings(uow(), actor, text=filing[-6:]),
        "family_names_fts VIRTUAL TABLE" if sqlite else "ix_family_filings_number_trgm",
    )
    reads(lambda: find_application(uow(), actor, number=passport), "passport_applications")


def test_the_check_finds_a_full_scan(office: tuple[Any, Any]) -> None:
    """The detector itself: a search by a column without an index is reported."""
    ctx, _ = office
    statement = "SELECT id FROM applicants WHERE address = 'x'"
    assert _full_scans(ctx.db.engine, statement, {} if ctx.db.engine.dialect.name == "postgresql" else ())
