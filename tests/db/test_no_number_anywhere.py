"""No resident number in any file: people registered with their numbers, and the numbers written in every form
(13 digits, hyphen, en/em dash, minus, full-width, dots, underscores, spaces between groups and between digits)
into every free-text field the services take; then every PDF the services print and every export is made and a
number is logged. The scan (``tests/db/number_scan.py``) reads every text and JSON column with raw SQL, the
database's bytes (the SQLite file and its WAL, or ``pg_dump --data-only``), every PDF's text, metadata and
bytes, every CSV and XLSX and the log file, and finds none of the stored numbers in any form.

Tried once with the masking switched off (``app.domain.identity`` matching nothing): the scan reports the
numbers in the columns, the dump, the PDFs, the exports and the log (see the lead's closing note).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.domain.benefits import Household, LifeEvent, Person
from app.domain.calendar import SEOUL, seoul_today
from app.domain.deadlines import next_working_moment
from app.domain.passport import ApplicantSituation
from app.services import applicants, audit, benefits, dayclose, outbox, petitions, printing, receipts
from app.services import family as fam
from app.services import passports as ps
from app.services.actor import Actor
from app.services.petitions.slips import KINDS as PAPER_KINDS
from db.models import Applicant
from tests.db.number_scan import database_bytes, flatten, leaks, scan_columns, scan_files
from tests.db.test_masking import forms

NUMBERS = ["900101-1234568", "850505-2345675", "751231-1000009"]
DIGITS = [n.replace("-", "") for n in NUMBERS]
WRITTEN = [f for n in NUMBERS for f in forms(n)]


def chunks() -> Iterator[str]:
    """Free texts holding three numbers each, in every form, round and round."""
    groups = [WRITTEN[i : i + 3] for i in range(0, len(WRITTEN), 3)]
    for a, *rest in itertools.cycle(groups):
        yield f"확인 {a} / " + " / ".join(rest)


@pytest.fixture
def program_log(tmp_path: Path) -> Iterator[Path]:
    """The program's own log set up as main.py does (into tmp_path), and taken down again after the test."""
    from app.logs import setup_logging

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    filters = {h: list(h.filters) for h in handlers}
    path = setup_logging()
    yield path
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    for handler, kept in filters.items():
        handler.filters[:] = kept
    root.setLevel(level)


def test_the_scan_finds_every_form_it_looks_for() -> None:
    """The scanner itself: every form of a number is found, masked text is not, and JSON escapes are read."""
    for written in WRITTEN:
        assert leaks("x", f"메모 {written} 끝", DIGITS), written
    assert leaks("x", '{"court": "\\uff19\\uff10\\uff10\\uff11\\uff10\\uff11-1234568"}', DIGITS)
    assert not leaks("x", "메모 900101-1****** 끝 850505-2******", DIGITS)
    assert flatten("９ 0\u20130") == "900"


def _flow_petition(ctx, clerk: Actor, boss: Actor, text: Callable[[], str], person) -> int:  # type: ignore[no-untyped-def]
    """A petition taken, paused, resumed, extended, transferred and decided, every free text with numbers."""
    start = next_working_moment(datetime.combine(seoul_today() - timedelta(days=30), datetime.min.time(), SEOUL))
    start = start + timedelta(hours=10)
    view = petitions.intake_petition(
        ctx.db.uow(),
        clerk,
        type_code="info_disclosure",
        applicant_name="이서윤",
        applicant_id=person.id,
        phone="010-2222-3333",
        summary=text(),
        now=start,
    )
    pid = view.id
    t = start + timedelta(hours=1)
    petitions.start_processing(ctx.db.uow(), clerk, petition_id=pid, now=t)
    petitions.request_supplement(ctx.db.uow(), clerk, petition_id=pid, note=text(), now=t + timedelta(minutes=5))
    petitions.receive_supplement(ctx.db.uow(), clerk, petition_id=pid, note=text(), now=t + timedelta(days=1))
    view = petitions.extend_petition(
        ctx.db.uow(),
        clerk,
        petition_id=pid,
        reason="관계기관 협의 필요 " + text(),
        applicant_consent=True,
        consent_note=text(),
        now=t + timedelta(days=2),
    )
    other = next(d for d in petitions.department_choices() if d != view.department)
    petitions.transfer_petition(
        ctx.db.uow(), clerk, petition_id=pid, to_department=other, reason=text(), now=t + timedelta(days=2, hours=1)
    )
    decided = next_working_moment(t + timedelta(days=3))
    petitions.decide_petition(
        ctx.db.uow(),
        clerk,
        petition_id=pid,
        decision="불가",
        decision_reason=text(),
        decided_at=decided,
        reason=text(),
        now=decided + timedelta(minutes=1),
    )
    return pid


def test_no_number_in_any_column_dump_pdf_export_or_log(app_ctx, make_actor, tmp_path: Path, program_log) -> None:  # type: ignore[no-untyped-def]
    clerk, boss, admin = make_actor("clerk"), make_actor("supervisor"), make_actor("admin")
    texts = chunks()
    used: list[str] = []

    def text() -> str:
        used.append(next(texts))
        return used[-1]

    out = tmp_path / "out"
    files: list[Path] = []

    # People with their numbers (the number itself is stored only as a cipher and a keyed hash).
    people = [
        applicants.upsert_applicant(
            app_ctx.db.uow(), clerk, name=name, resident_number=number, phone="010-1234-5678", address=text()
        )
        for name, number in zip(("홍길동", "김영희", "박철수"), NUMBERS, strict=True)
    ]

    # Receipts: the line's description and exemption, a void reason; both printed.
    line = receipts.LineInput("resident_copy", "주민등록표 등본 " + text(), 1, 400, exemption=text())
    kept = receipts.issue_receipt(
        app_ctx.db.uow(), clerk, lines=[line], payment_method="현금", applicant_id=people[0].id
    )
    voided = receipts.issue_receipt(
        app_ctx.db.uow(), clerk, lines=[line], payment_method="카드", applicant_id=people[1].id, approval_no="12345678"
    )
    receipts.void_receipt(app_ctx.db.uow(), boss, receipt_id=voided.id, reason=text())
    for receipt, paper in ((kept, "roll80"), (voided, "a4"), (kept, "a4")):
        files.append(
            printing.print_receipt(
                app_ctx.db.uow(), clerk, receipt_id=receipt.id, paper=paper, path=out / f"r{receipt.id}-{paper}.pdf"
            )
        )

    # A petition through every step, and its three papers.
    pid = _flow_petition(app_ctx, clerk, boss, text, people[2])
    for kind in PAPER_KINDS:
        files.append(
            petitions.print_petition_paper(
                app_ctx.db.uow(), clerk, petition_id=pid, kind=kind, path=out / f"petition-{kind}.pdf"
            )
        )
    petitions.add_closure(app_ctx.db.uow(), boss, day=seoul_today() + timedelta(days=40), reason=text())

    # A 개명 filing: the person's address and the court in the JSON details; refused with a note; its guidance.
    filing = fam.file_filing(
        app_ctx.db.uow(),
        clerk,
        fam.FilingInput(
            kind="name_change",
            event_date=seoul_today() - timedelta(days=3),
            persons={"person": fam.PersonInput("김말순", NUMBERS[1], address=text())},
            filer_relation="self",
            details={"new_name": "김서연", "court": "서울북부지방법원 " + text()[:40]},
        ),
    )
    fam.process_filing(app_ctx.db.uow(), clerk, filing_id=filing.id, outcome="refused", note=text())
    files.append(fam.print_guidance(app_ctx.db.uow(), clerk, filing_id=filing.id, path=out / "guidance.pdf"))

    # Passports: the address, the emergency reason, a reduced-fee reason; a loss report's place and story.
    now = next_working_moment(datetime.combine(seoul_today(), datetime.min.time(), SEOUL) + timedelta(hours=10))
    application = ps.take_application(
        app_ctx.db.uow(),
        clerk,
        form=ps.ApplicationForm(
            name="홍길동",
            resident_number=NUMBERS[0],
            kind="긴급",
            phone="010-1234-5678",
            address=text(),
            photo_checked=True,
            documents_checked=("application_form", "id_card_adult", "emergency_statement"),
            payment_method="현금",
            emergency_reason=text(),
            identity_verified=True,
            declared_losses_1y=0,
            declared_losses_5y=0,
            destination_warned=True,
        ),
        now=now,
    )
    ps.take_application(
        app_ctx.db.uow(),
        clerk,
        form=ps.ApplicationForm(
            name="김영희",
            resident_number=NUMBERS[1],
            kind="복수",
            validity_years=10,
            pages=58,
            phone="010-1234-5678",
            address=text(),
            photo_checked=True,
            documents_checked=("application_form", "id_card_adult"),
            payment_method="카드",
        ),
        now=now,
    )
    ps.claim_reduced_fee_later(app_ctx.db.uow(), clerk, application_id=application.id, reason=text(), now=now)
    ps.record_loss_report(
        app_ctx.db.uow(),
        clerk,
        name="박철수",
        resident_number=NUMBERS[2],
        lost_on=seoul_today() - timedelta(days=2),
        place=text()[:60],
        circumstances=text(),
        now=now,
    )
    files.append(
        ps.print_checklist(
            app_ctx.db.uow(),
            clerk,
            situation=ApplicantSituation(age=30, sex="M", applying_in_person=True),
            fee_request=ps.FeeRequest("복수", 10, 58, age=30),
            path=out / "checklist.pdf",
            now=now,
        )
    )
    assert application.id

    # A text message whose body holds numbers, delivered to the spool folder the bulk-SMS system reads.
    with app_ctx.db.uow() as uow:
        outbox.enqueue_sms(
            uow,
            office_id=app_ctx.office.id,
            recipient="010-1234-5678",
            body=text(),
            record_type="petition",
            record_id=pid,
        )
        uow.commit()
    spool = out / "spool"
    outbox.deliver_pending(app_ctx.db, outbox.SpoolSender(spool), limit=1000)
    files += sorted(spool.glob("*.csv"))

    # The benefit sheet with a typed name that holds a number.
    household = Household(
        people=(Person("김첫째 " + WRITTEN[0], date(2019, 5, 3), "자녀"), Person("이엄마", date(1990, 1, 1), "모")),
        event=LifeEvent("출생", seoul_today(), birth_order=2),
    )
    benefit_pdf = out / "benefits.pdf"
    benefits.print_benefit_sheet(app_ctx.db.uow(), clerk, household, benefit_pdf, on=seoul_today())
    files.append(benefit_pdf)

    # The day close: a note and a reopen reason; printed, exported to Excel and the period's items to CSV.
    today = seoul_today()
    summary = dayclose.day_summary(app_ctx.db.uow(), boss, day=today)
    dayclose.close_day(
        app_ctx.db.uow(),
        boss,
        day=today,
        counted_cash=summary.cash + 1000,
        note=text(),
        confirmed_receipts=summary.receipts,
        confirmed_total=summary.total,
    )
    dayclose.reopen_day(app_ctx.db.uow(), boss, day=today, reason=text())
    dayclose.close_day(
        app_ctx.db.uow(),
        boss,
        day=today,
        counted_cash=summary.cash,
        note=text(),
        confirmed_receipts=summary.receipts,
        confirmed_total=summary.total,
    )
    files.append(dayclose.print_day_close(app_ctx.db.uow(), boss, day=today, path=out / "dayclose.pdf"))
    files.append(dayclose.export_day_close(app_ctx.db.uow(), boss, day=today, path=out / "dayclose.xlsx"))
    dayclose.export_period_items(
        app_ctx.db.uow(), boss, start=today - timedelta(days=40), end=today, path=out / "items.csv"
    )
    files.append(out / "items.csv")

    # The access log, exported (it names everything above).
    audit.export_csv(app_ctx.db.uow(), admin, out / "audit.csv", start=today - timedelta(days=40), end=today)
    files.append(out / "audit.csv")

    # The program's log: a message with arguments, one with the number in its text, and a traceback.
    log = logging.getLogger("app.scan_test")
    log.info("민원인 조회: %s", WRITTEN[1])
    log.info(f"메모 {WRITTEN[4]} 저장")  # noqa: G004 - a caller that formats the message itself
    try:
        raise RuntimeError(f"처리 실패 {WRITTEN[9]}")
    except RuntimeError:
        log.info("오류 %s", WRITTEN[12], exc_info=True)
    for handler in logging.getLogger().handlers:
        handler.flush()
    files.append(program_log)

    # Every form of every number went into some field; the services stored what they were given.
    assert {w for chunk in used for w in WRITTEN if w in chunk} == set(WRITTEN)
    with app_ctx.db.uow() as uow:
        stored = uow.session.scalars(sa.select(Applicant.rrn_cipher).where(Applicant.rrn_cipher.is_not(None))).all()
        assert sorted({app_ctx.db.pii.decrypt(c) for c in stored}) == sorted(DIGITS)
    assert all(f.exists() and f.stat().st_size > 0 for f in files), files
    assert len([f for f in files if f.suffix == ".pdf"]) >= 9

    column_leaks, values = scan_columns(app_ctx.db.engine, DIGITS)
    raw = database_bytes(app_ctx.db.engine, tmp_path)
    found = {
        "columns": column_leaks,
        "database bytes": leaks("database bytes", raw, DIGITS),
        "files": scan_files(files, DIGITS),
    }
    assert found == {"columns": [], "database bytes": [], "files": []}
    # What was scanned is what was written: many values, the masked numbers in the bytes and in the log.
    assert values > 100
    assert "******" in raw
    assert "900101-1******" in program_log.read_text(encoding="utf-8")


def test_a_number_written_only_to_the_log_is_masked_in_every_part_of_the_record(program_log) -> None:  # type: ignore[no-untyped-def]
    log = logging.getLogger("app.scan_test")
    for written in WRITTEN:
        log.info("인자 %s 끝", written)
        log.info("본문 " + written)  # noqa: G003
    try:
        raise ValueError(WRITTEN[-1])
    except ValueError:
        log.info("추적", exc_info=True, stack_info=True)
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = program_log.read_text(encoding="utf-8")
    assert text.count("******") >= 2 * len(WRITTEN) + 1
    assert leaks("log", text, DIGITS) == []
