"""Masking normalises first: a resident number in any form (full-width digits, any dash, underscore, dot,
spaces between the digits) typed into free text or a JSON value is masked before it is stored; a scan of every
String and JSON column of every table finds none of the numbers in any of those forms."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pytest
import sqlalchemy as sa

import db.all_models  # noqa: F401 - every table
from app.domain.identity import mask_text
from app.services import petitions as pets
from app.services import receipts
from db.models import Base

NUMBERS = ["900101-1234568", "850505-2345675", "751231-1000009", "020304-3456781", "991111-5123457"]
LINE = [receipts.LineInput("resident_copy", "주민등록표 등본", 1, 400)]


def forms(number: str) -> list[str]:
    """Every way the number is written at a counter (or pasted from elsewhere)."""
    front, back = number.split("-")
    digits = front + back
    full = digits.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    return [
        digits,
        f"{front}-{back}",
        f"{front}\u2013{back}",  # en dash
        f"{front}\u2014{back}",  # em dash
        f"{front}\u2212{back}",  # minus
        f"{front}\uff0d{back}",  # full-width hyphen-minus
        f"{front}\u2010{back}",  # hyphen
        f"{front}_{back}",
        f"{front}.{back}",
        f"{front} - {back}",
        " ".join(digits),
        " ".join(front) + " - " + " ".join(back),
        f"{full[:6]}－{full[6:]}",
        full,
    ]


def _leaks(text: str, number: str) -> bool:
    """Whether ``text`` holds ``number`` in any form: the last six digits, once separators are gone."""
    flat = re.sub(r"\D", "", unicodedata.normalize("NFKC", text))
    return number.replace("-", "")[7:] in flat


@pytest.mark.parametrize("number", NUMBERS)
def test_every_form_is_masked(number: str) -> None:
    for written in forms(number):
        masked = mask_text(f"민원인 메모: {written} 확인함")
        assert not _leaks(masked, number), written
        assert f"{number[:8]}******" in masked, written


def test_text_without_a_number_is_left_as_it_is() -> None:
    for text in (
        "전화 010-1234-5678, 영수증 20260303-0001",
        "2026.03.03 10:00 금액 1,234,567원",
        "ｆｕｌｌ-width 글자 그대로",
        "서울 성북구 보문로 168 101동 1203호",
    ):
        assert mask_text(text) == text


def _every_stored_text(app_ctx) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(table, column, text) of every String and JSON value in the database."""
    found = []
    with app_ctx.db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, sa.String | sa.JSON)]
            if not columns:
                continue
            for row in conn.execute(sa.select(*columns)).all():
                for column, value in zip(columns, row, strict=True):
                    if value is not None:
                        found.append((table.name, column.name, str(value)))
    return found


def test_a_scan_of_every_column_finds_no_number_in_any_form(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    from app.services import family as fam

    clerk = make_actor("clerk")
    boss = make_actor("supervisor")
    written = [f for n in NUMBERS for f in forms(n)]
    for i, text in enumerate(written):
        receipt = receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=LINE, payment_method="현금")
        if i % 3 == 0:
            receipts.void_receipt(app_ctx.db.uow(), boss, receipt_id=receipt.id, reason=f"중복 {text}")
        else:
            pets.intake_petition(
                app_ctx.db.uow(),
                clerk,
                type_code="local_tax_objection",
                applicant_name="이서윤",
                summary=f"요지 {text} 관련",
            )
    # A JSON column: the court and the old name of a 개명 filing.
    for text in forms(NUMBERS[0])[:4]:
        fam.file_filing(
            app_ctx.db.uow(),
            clerk,
            fam.FilingInput(
                kind="name_change",
                event_date=date(2026, 3, 10),
                persons={"person": fam.PersonInput("김말순", "750808-2345671")},
                filer_relation="self",
                details={"new_name": "김서연", "court": f"서울북부지방법원 {text}"},
            ),
        )
    stored = _every_stored_text(app_ctx)
    assert any(t == "family_filings" for t, _, _ in stored)  # the JSON column was scanned
    assert sum("******" in text for _, _, text in stored) >= len(written)
    leaks = [(t, c, text) for t, c, text in stored for n in NUMBERS if _leaks(text, n)]
    assert leaks == []
