"""Printed documents keep their own language: a Korean receipt is Korean under an English screen, and the
English receipt for a foreign resident is English in every word but the registered names."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.documents.receipts import render_receipt
from app.formatting import set_locale
from app.i18n import set_language
from app.views.receipts import LineView, ReceiptView

HANGUL = re.compile(r"[\uac00-\ud7a3]")
# the registered names a receipt carries as they are (office, department, address, counter, clerk, payer)
NAMES = ("서울특별시 성북구청장", "서울특별시 성북구청", "민원여권과", "서울특별시 성북구 보문로 168", "1번 창구", "김담당", "홍길동")


def _receipt(**changes: object) -> ReceiptView:
    values: dict[str, object] = {
        "id": 1,
        "uuid": uuid.uuid4(),
        "number": "20261202-0001",
        "issued_at": datetime(2026, 12, 2, 1, 0, tzinfo=UTC),
        "business_day": date(2026, 12, 2),
        "office_name": "서울특별시 성북구청",
        "department": "민원여권과",
        "office_address": "서울특별시 성북구 보문로 168",
        "office_phone": "02-2241-3114",
        "terminal_name": "1번 창구",
        "clerk_name": "김담당",
        "applicant_name": "홍길동",
        "applicant_rrn_masked": "900101-1******",
        "lines": (
            LineView("resident_copy", "주민등록표 등본", 2, 400, 800, "", ""),
            LineView("passport_fee", "복수여권 10년 58면", 1, 38_000, 38_000, "", ""),
            LineView("passport_contribution", "국제교류기여금", 1, 12_000, 12_000, "", ""),
        ),
        "total": 50_800,
        "payment_method": "현금",
        "status": "issued",
        "cash_received": 60_800,
        "print_count": 1,
        "check_code": "AB12CD",
    }
    values.update(changes)
    return ReceiptView(**values)  # type: ignore[arg-type]


def _text(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(str(path)).pages)


@pytest.fixture
def english_screen() -> Iterator[None]:
    set_language("en")
    set_locale("en")
    try:
        yield
    finally:
        set_language("ko")
        set_locale("ko")


@pytest.mark.parametrize("paper", ["roll80", "a4"])
def test_a_korean_receipt_under_an_english_screen_is_korean(english_screen, tmp_path: Path, paper: str) -> None:  # type: ignore[no-untyped-def]
    text = _text(render_receipt(_receipt(), tmp_path / "r.pdf", paper=paper))
    assert "50,800원" in text and "KRW" not in text
    assert "거스름돈" in text and "10,000원" in text
    assert "위 금액을 정히 영수합니다" in text
    assert "2026년 12월 2일" in text and "Dec" not in text


@pytest.mark.parametrize("paper", ["roll80", "a4"])
def test_the_english_receipt_is_english_but_for_the_registered_names(tmp_path: Path, paper: str) -> None:
    text = _text(render_receipt(_receipt(), tmp_path / "r.pdf", paper=paper, lang="en"))
    assert "KRW 50,800" in text and "KRW 10,000" in text  # the total and the change
    assert "2026" in text and "December 2, 2026" in text.replace("\n", " ") or paper == "roll80"
    rest = text
    for name in NAMES:
        rest = rest.replace(name, "")
    assert not HANGUL.findall(rest), rest


def test_the_english_voided_receipt_says_it_cannot_prove_a_payment(tmp_path: Path) -> None:
    text = _text(
        render_receipt(
            _receipt(status="voided", void_reason="잘못 발급", print_count=0),
            tmp_path / "v.pdf",
            paper="a4",
            lang="en",
        )
    )
    assert "Received the above amount" not in text
    assert "잘못 발급" in text  # the reason as the clerk wrote it


def test_an_unknown_receipt_language_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        render_receipt(_receipt(), tmp_path / "x.pdf", lang="fr")


def test_the_print_path_knows_the_receipt_languages_of_the_document() -> None:
    from app.documents.receipts import LANGUAGES
    from app.services.printing import RECEIPT_LANGUAGES

    assert RECEIPT_LANGUAGES == LANGUAGES
