"""Text the embedded NanumGothic cannot draw is replaced visibly in every document, never dropped."""

from __future__ import annotations

import unicodedata
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from pypdf import PdfReader

from app.documents.fonts import drawable, printable_text
from app.documents.markup import esc
from app.documents.receipts import render_receipt
from app.views.receipts import LineView, ReceiptView


def _receipt(name: str) -> ReceiptView:
    return ReceiptView(
        id=1,
        uuid=uuid.uuid4(),
        number="20261202-0001",
        issued_at=datetime(2026, 12, 2, 1, 0, tzinfo=UTC),
        business_day=date(2026, 12, 2),
        office_name="서울특별시 성북구청",
        department="민원여권과",
        office_address="서울특별시 성북구 보문로 168",
        office_phone="02-2241-3114",
        terminal_name="1번 창구",
        clerk_name="김담당",
        applicant_name=name,
        applicant_rrn_masked="900101-1******",
        lines=(LineView("seal_certificate", "인감증명서", 1, 600, 600, "", ""),),
        total=600,
        payment_method="현금",
        status="issued",
    )


def test_characters_outside_the_font_are_replaced_with_their_code_point() -> None:
    assert printable_text("홍길동") == "홍길동"
    assert printable_text("김😀철") == "김□[U+1F600]철"
    assert printable_text("𠮷야") == "□[U+20BB7]야"
    # An emoji's variation selector only picks its style: the emoji is marked, the selector adds nothing.
    assert printable_text("하트❤️") == "하트" + ("❤" if drawable("❤") else "□[U+2764]")
    # Hangul typed as jamo (NFD) prints as the syllables.
    assert printable_text(unicodedata.normalize("NFD", "한글")) == "한글"
    assert esc("A<b>😀") == "A&lt;b&gt;□[U+1F600]"
    assert all(drawable(c) for c in printable_text("𠮷😀龘 丁"))


def test_a_receipt_for_a_name_outside_the_font_shows_the_replacement(tmp_path: Path) -> None:
    path = render_receipt(_receipt("𠮷동😀"), tmp_path / "r.pdf", paper="a4")
    text = "".join(page.extract_text() for page in PdfReader(str(path)).pages)
    assert "□[U+20BB7]동□[U+1F600]" in text
    assert "𠮷" not in text and "😀" not in text
    assert "900101-1******" in text
