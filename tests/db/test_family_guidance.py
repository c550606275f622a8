"""What the 후속절차 안내문 says is decided by the family service (a ``GuidanceSheet``), on both databases;
the sheet is printed through the one print path (intent, then ``print.done``)."""

from __future__ import annotations

import re
from pathlib import Path

import sqlalchemy as sa
from pypdf import PdfReader

from app.services import family as fam
from app.views.family import GuidanceSheet
from db.models import AuditEntry
from tests.db.test_family_filings import MOTHER, NOW, birth_input, death_input


def _lines(sheet: GuidanceSheet) -> dict[str, str]:
    """Each item of the sheet (its text up to the colon) with the benefit note beside it."""
    return {line.text.split(":")[0]: line.benefit_note for part in sheet.parts for line in part.lines}


def _no_plain_number(text: str) -> bool:
    return re.search(r"\d{6}\s*-?\s*\d{7}", text) is None


def test_the_sheet_of_a_second_child_quotes_its_own_benefit_answers(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    view = fam.file_filing(app_ctx.db.uow(), clerk, birth_input(), now=NOW)
    sheet = fam.guidance_sheet(view, on=NOW.date())
    assert sheet.filing_number == view.number and sheet.on == NOW.date()
    assert "출생" in sheet.title and sheet.opening.startswith("홍길동 아기의 출생신고를 접수했습니다")
    facts = dict(sheet.facts)
    assert facts["출생아"] == "홍길동 (남) · 출생 2026년 3월 1일(일) 14:05 · 둘째"
    assert facts["모"] == f"김영희 ({MOTHER[:8]}******)" and facts["신고인"] == "김영희 (모)"
    # The catalog's answers for this child, decided here and not inside the renderer.
    answers = {a.code: a for a in sheet.benefits}
    voucher = answers["first_meeting_voucher"]
    assert (voucher.verdict, voucher.amount) == ("대상", 3_000_000)
    lines = _lines(sheet)
    assert lines["첫만남이용권"] == "3,000,000원"
    assert "확인 필요" in lines["다자녀 가구 감면 (전기·도시가스 요금 등)"]
    assert any("둘째" in note and "기준" in note for note in sheet.notes)
    assert "이 안내문의 주민등록번호는 뒷자리를 가렸습니다." in sheet.notes
    assert _no_plain_number(repr(sheet))


def test_a_first_child_gets_the_first_child_amount_and_no_large_family_item(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    view = fam.file_filing(app_ctx.db.uow(), clerk, birth_input(details={"birth_order": 1}), now=NOW)
    sheet = fam.guidance_sheet(view, on=NOW.date())
    lines = _lines(sheet)
    assert lines["첫만남이용권"] == "2,000,000원"
    assert not any(text.startswith("다자녀") for text in lines)  # 비대상 for a first child: left out
    assert dict(sheet.facts)["출생아"].endswith("첫째")


def test_a_death_sheet_has_no_benefit_amounts_and_names_the_fine(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    view = fam.file_filing(app_ctx.db.uow(), clerk, death_input(), now=NOW)
    sheet = fam.guidance_sheet(view, on=NOW.date())
    assert sheet.benefits == ()
    assert dict(sheet.facts)["돌아가신 분"] == "이순자 (400305-2******) · 사망 2026년 1월 9일(금)"
    assert any("안심상속" in part.heading or "안심상속" in " ".join(part.paragraphs) for part in sheet.parts)
    assert any("2027년 1월 31일" in paragraph for part in sheet.parts for paragraph in part.paragraphs)
    assert any("예상 30,000원" in note for note in sheet.notes)


def test_printing_writes_the_intent_then_the_sheet_then_print_done(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    view = fam.file_filing(app_ctx.db.uow(), clerk, birth_input(), now=NOW)
    path = fam.print_guidance(app_ctx.db.uow(), clerk, filing_id=view.id, path=tmp_path / "g.pdf", on=NOW.date())
    text = "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)
    sheet = fam.guidance_sheet(view, on=NOW.date())
    for fragment in (sheet.title, sheet.facts[0][1], view.number, "3,000,000원", MOTHER[:8] + "******"):
        assert fragment in text, fragment
    assert _no_plain_number(text)
    with app_ctx.db.uow() as uow:
        entries = uow.session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.action.in_(["family.guidance_print", "print.done"]))
            .order_by(AuditEntry.id)
        ).all()
        logged = [(e.action, e.record_id, e.detail) for e in entries]
        intent_id = entries[0].id
    assert [(action, record) for action, record, _ in logged] == [
        ("family.guidance_print", view.number),
        ("print.done", view.number),
    ]
    assert logged[0][2] == "g.pdf" and f"#{intent_id}" in logged[1][2]
