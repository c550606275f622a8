"""The core tables on SQLite and PostgreSQL: migrations, unit of work, encryption, receipts, audit log."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from app.documents.receipts import render_receipt
from app.domain.calendar import SEOUL
from app.services import applicants, receipts
from app.services.errors import PermissionDenied, RuleViolation, ValidationError
from db.engine import current_revisions
from db.models import Applicant, AuditEntry, Receipt

RRN = "900101-1234568"


def test_migrations_reach_head(app_ctx) -> None:  # type: ignore[no-untyped-def]
    from alembic.script import ScriptDirectory

    from db.engine import alembic_config

    heads = set(ScriptDirectory.from_config(alembic_config(app_ctx.db.engine)).get_heads())
    assert current_revisions(app_ctx.db.engine) == heads


def test_sqlite_runs_in_wal_with_foreign_keys(sqlite_ctx) -> None:  # type: ignore[no-untyped-def]
    with sqlite_ctx.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_unit_of_work_rolls_back_unless_committed(app_ctx) -> None:  # type: ignore[no-untyped-def]
    with app_ctx.db.uow() as uow:
        uow.session.add(Applicant(name="김롤백"))
    with app_ctx.db.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(Applicant)) == 0
        uow.session.add(Applicant(name="김커밋"))
        uow.commit()
    with app_ctx.db.uow() as uow:
        assert uow.session.scalars(sa.select(Applicant.name)).all() == ["김커밋"]


def test_unit_of_work_rolls_back_on_error(app_ctx) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError), app_ctx.db.uow() as uow:
        uow.session.add(Applicant(name="김오류"))
        uow.flush()
        raise RuntimeError("boom")
    with app_ctx.db.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(Applicant)) == 0


def test_resident_number_is_encrypted_and_found_by_keyed_hash(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    view = applicants.upsert_applicant(app_ctx.db.uow(), clerk, name="홍길동", resident_number=RRN)
    assert view.rrn_masked == "900101-1******"
    again = applicants.find_by_resident_number(app_ctx.db.uow(), clerk, "9001011234568")
    assert again is not None and again.id == view.id
    with app_ctx.db.engine.connect() as conn:
        rows = conn.execute(sa.text("select * from applicants")).mappings().all()
    flat = " ".join(str(v) for row in rows for v in row.values())
    assert "1234568" not in flat and "9001011234568" not in flat
    assert applicants.unmask_resident_number(app_ctx.db.uow(), clerk, applicant_id=view.id, reason="본인 확인") == RRN


def test_unmask_needs_a_reason_and_a_role(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    guide = make_actor("guide")
    view = applicants.upsert_applicant(app_ctx.db.uow(), clerk, name="홍길동", resident_number=RRN)
    with pytest.raises(ValidationError):
        applicants.unmask_resident_number(app_ctx.db.uow(), clerk, applicant_id=view.id, reason="")
    with pytest.raises(PermissionDenied):
        applicants.unmask_resident_number(app_ctx.db.uow(), guide, applicant_id=view.id, reason="궁금")
    with app_ctx.db.uow() as uow:
        actions = uow.session.scalars(sa.select(AuditEntry.action)).all()
    assert "rrn.unmask" not in actions


def _lines() -> list[receipts.LineInput]:
    return [
        receipts.LineInput("resident_copy", "주민등록표 등본", 2, 400),
        receipts.LineInput("resident_abstract", "주민등록표 초본", 1, 400, exemption="기초생활수급자"),
    ]


def test_receipt_numbers_are_per_day_and_office(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    day1 = datetime(2026, 11, 24, 23, 59, tzinfo=SEOUL)
    day2 = datetime(2026, 11, 25, 0, 1, tzinfo=SEOUL)
    numbers = [
        receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=_lines(), payment_method="현금", now=moment).number
        for moment in (day1, day1, day2)
    ]
    assert numbers == ["20261124-0001", "20261124-0002", "20261125-0001"]


def test_receipt_total_exemption_and_replay(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    client_id = uuid.uuid4()
    first = receipts.issue_receipt(
        app_ctx.db.uow(), clerk, lines=_lines(), payment_method="카드", client_uuid=client_id
    )
    replay = receipts.issue_receipt(
        app_ctx.db.uow(), clerk, lines=_lines(), payment_method="카드", client_uuid=client_id
    )
    assert first.total == 800
    assert [ln.amount for ln in first.lines] == [800, 0]
    assert replay.number == first.number and replay.id == first.id
    with app_ctx.db.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(Receipt)) == 1


@pytest.mark.parametrize(
    ("lines", "method", "fragment"),
    [
        ([], "현금", "항목이 없습니다"),
        ([receipts.LineInput("x", "등본", 0, 400)], "현금", "수량"),
        ([receipts.LineInput("x", "등본", 1, -1)], "현금", "0원 이상"),
        ([receipts.LineInput("x", "등본", 1, 400)], "수표", "결제 수단"),
        ([receipts.LineInput("x", "등본", 1, 400)], "면제", "면제"),
    ],
)
def test_bad_receipts_are_refused_and_nothing_is_written(app_ctx, make_actor, lines, method, fragment) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    with pytest.raises(ValidationError, match=fragment):
        receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=lines, payment_method=method)
    with app_ctx.db.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(Receipt)) == 0


def test_guide_cannot_take_money(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    guide = make_actor("guide")
    with pytest.raises(PermissionDenied):
        receipts.issue_receipt(app_ctx.db.uow(), guide, lines=_lines(), payment_method="현금")


def test_void_keeps_the_number_and_needs_a_supervisor(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    boss = make_actor("supervisor")
    view = receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=_lines(), payment_method="현금")
    with pytest.raises(PermissionDenied):
        receipts.void_receipt(app_ctx.db.uow(), clerk, receipt_id=view.id, reason="잘못 수납")
    voided = receipts.void_receipt(app_ctx.db.uow(), boss, receipt_id=view.id, reason="잘못 수납")
    assert voided.status == "voided" and voided.number == view.number
    with pytest.raises(RuleViolation):
        receipts.void_receipt(app_ctx.db.uow(), boss, receipt_id=view.id, reason="다시")
    nxt = receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=_lines(), payment_method="현금")
    assert nxt.number != view.number


def test_audit_log_is_append_only(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=_lines(), payment_method="현금")
    for statement in ("update audit_log set action = 'x'", "delete from audit_log"):
        with pytest.raises(sa.exc.DatabaseError), app_ctx.db.engine.begin() as conn:
            conn.execute(sa.text(statement))
    with app_ctx.db.uow() as uow:
        assert "receipt.issue" in uow.session.scalars(sa.select(AuditEntry.action)).all()


@pytest.mark.parametrize("paper", ["roll80", "a4"])
def test_receipt_pdf_shows_what_the_law_and_the_clerk_need(app_ctx, make_actor, tmp_path: Path, paper) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    person = applicants.upsert_applicant(app_ctx.db.uow(), clerk, name="홍길동", resident_number=RRN)
    view = receipts.issue_receipt(
        app_ctx.db.uow(),
        clerk,
        payment_method="카드",
        applicant_id=person.id,
        lines=[*_lines(), receipts.LineInput("passport", "복수여권 10년 58면", 1, 52000)],
        now=datetime(2026, 11, 25, 10, 30, tzinfo=SEOUL),
    )
    pdf = render_receipt(view, tmp_path / f"r-{paper}.pdf", paper=paper)
    reader = PdfReader(str(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    compact = text.replace(" ", "")
    for expected in (
        "영수증",
        "성북구청",
        view.number,
        "주민등록표등본",
        "52,800원",
        "카드",
        "홍길동",
        "900101-1******",
        "기초생활수급자",
        "2026년11월25일",
        "10:30",
    ):
        assert expected.replace(" ", "") in compact, expected
    assert "1234568" not in text
    fonts = {str(f) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts
    embedded = [
        page["/Resources"]["/Font"][k].get_object() for page in reader.pages for k in page["/Resources"]["/Font"]
    ]
    assert any("NanumGothic" in str(font.get("/BaseFont")) for font in embedded)


def test_a_resident_number_typed_into_any_text_field_never_reaches_the_database(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk, boss = make_actor("clerk"), make_actor("supervisor")
    view = receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=_lines(), payment_method="현금")
    receipts.void_receipt(app_ctx.db.uow(), boss, receipt_id=view.id, reason="민원인 900101-1234568 요청으로 취소")
    with app_ctx.db.engine.connect() as conn:
        stored = conn.execute(sa.text("select void_reason from receipts")).scalar()
    assert stored == "민원인 900101-1****** 요청으로 취소"
    person = applicants.upsert_applicant(app_ctx.db.uow(), clerk, name="홍길동", resident_number=RRN)
    with app_ctx.db.engine.connect() as conn:
        digest = conn.execute(sa.text("select rrn_hmac from applicants where id = :i"), {"i": person.id}).scalar()
    assert digest == app_ctx.db.pii.lookup_hash("9001011234568")  # keyed hashes are left alone


def test_a_long_roll_receipt_is_one_page(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    lines = [
        receipts.LineInput(f"item{i}", f"가족관계등록부 증명서 (친양자입양관계증명서 상세) 제{i}호", 3, 1000)
        for i in range(12)
    ]
    view = receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=lines, payment_method="현금")
    reader = PdfReader(str(render_receipt(view, tmp_path / "long.pdf", paper="roll80")))
    assert len(reader.pages) == 1
    assert "36,000원" in reader.pages[0].extract_text()
