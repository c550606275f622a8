"""Issue #16: a foreign resident's receipt is printed in English when the clerk ticks 영문 영수증; the box is for
that issue only, so the next receipt is Korean again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pypdf import PdfReader

from tests.ui.test_counter_tab import _close_errors, choose, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def _pdf_text(path: Path | None) -> str:
    assert path is not None and path.exists()
    return "".join(p.extract_text() for p in PdfReader(str(path)).pages)


def _issue_resident_copy(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    type_text(qtbot, page.name, "홍길동")
    choose(qtbot, page.kind, "resident_copy")
    qtbot.keyClick(page.kind, Qt.Key.Key_Return)  # Enter issues
    assert not _close_errors(page)


def test_the_box_prints_that_receipt_in_english_and_the_next_in_korean(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk")
    page = window.show_tab("counter").certificates
    assert page is not None
    box = page.english_receipt
    assert box.objectName() == "certEnglishReceipt"
    assert not box.isChecked() and box.accessibleName() and box.toolTip()
    assert box.focusPolicy() & Qt.FocusPolicy.TabFocus

    # Reach the box with Tab from the approval row (the last field before it) and tick it with Space.
    type_text(qtbot, page.name, "홍길동")
    choose(qtbot, page.kind, "resident_copy")
    page.payment.setFocus()
    qtbot.keyClick(page.payment, Qt.Key.Key_Down)  # 카드: the approval number is the next Tab stop
    page.approval.setFocus()
    qtbot.keyClick(page.approval, Qt.Key.Key_Tab)
    assert box.hasFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter issues from the box too
    assert not _close_errors(page)
    first = page.last_issue
    assert first is not None
    qtbot.waitUntil(lambda: page.last_pdf is not None and "\n" in page.status.text(), timeout=10000)
    assert "영문 영수증" in page.status.text() and first.receipt.number in page.status.text()
    text = _pdf_text(page.last_pdf)
    assert "KRW" in text and "RECEIPT" in text.upper() and "위 금액을 정히" not in text
    assert not box.isChecked()  # cleared with the form after the issue

    # The next issue, box untouched: Korean again.
    english_pdf = page.last_pdf
    _issue_resident_copy(qtbot, page)
    second = page.last_issue
    assert second is not None and second.receipt.number != first.receipt.number
    qtbot.waitUntil(lambda: page.last_pdf not in (None, english_pdf) and "\n" in page.status.text(), timeout=10000)
    assert "영문" not in page.status.text()
    text = _pdf_text(page.last_pdf)
    assert "위 금액을 정히" in text and "KRW" not in text


def test_esc_clears_the_box(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk")
    page = window.show_tab("counter").certificates
    assert page is not None
    page.english_receipt.setFocus()
    qtbot.keyClick(page.english_receipt, Qt.Key.Key_Space)
    assert page.english_receipt.isChecked()
    qtbot.keyClick(page.english_receipt, Qt.Key.Key_Escape)
    assert not page.english_receipt.isChecked()
