"""This PC's printers (관리 → 프린터 설정) with a test page, and the receipt look-up (관리 → 영수증 확인)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from app.services import receipts
from tests.ui.test_counter_tab import choose, type_text
from tests.ui.test_printing import MM_PER_PT, PdfPrinters
from ui import printing
from ui.dialogs import printers as dialog_module
from ui.dialogs.printers import PrinterSettingsDialog


@pytest.fixture
def known_printers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> PdfPrinters:
    monkeypatch.setattr(dialog_module, "printer_names", lambda: ["영수증-1", "사무실A4"])
    monkeypatch.setattr(dialog_module, "printer_state", lambda name: "대기")
    folder = tmp_path / "printed"
    folder.mkdir()
    fake = PdfPrinters(folder)
    monkeypatch.setattr(printing, "open_printer", fake)
    return fake


def _open(qtbot, window) -> PrinterSettingsDialog:  # type: ignore[no-untyped-def]
    tab = window.show_tab("admin")
    tab.printer_button.click()
    dialogs = [d for d in window.findChildren(PrinterSettingsDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def test_the_clerk_sets_this_pcs_printers_and_prints_a_test_page(qtbot, ui_factory, known_printers) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    dialog = _open(qtbot, window)
    assert [dialog.receipt_printer.itemText(i) for i in range(dialog.receipt_printer.count())][1:] == [
        "영수증-1",
        "사무실A4",
    ]
    choose(qtbot, dialog.receipt_printer, "영수증-1")
    assert dialog.receipt_state.text() == "대기"
    choose(qtbot, dialog.receipt_format, "roll80")
    choose(qtbot, dialog.a4_printer, "사무실A4")
    dialog.receipt_test.click()
    assert [name for name, _ in known_printers.jobs] == ["영수증-1"]
    test_page = PdfReader(str(known_printers.jobs[0][1]))
    assert float(test_page.pages[0].mediabox.width) * MM_PER_PT == pytest.approx(80, abs=0.5)
    # Qt writes the space glyph of NanumGothic as U+0001 in a PDF's text: compare without spaces.
    text = "".join(test_page.pages[0].extract_text().replace("\x01", " ").split())
    assert "민원창구시험인쇄" in text and "프린터:영수증-1" in text and "80mm감열지" in text
    assert "시험 인쇄를 보냈습니다" in dialog.status.text()
    qtbot.keyClick(dialog.a4_printer, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    settings = ctx.app.settings
    assert (settings.get("receipt_printer"), settings.get("receipt_format"), settings.get("a4_printer")) == (
        "영수증-1",
        "roll80",
        "사무실A4",
    )
    saved = json.loads(Path(settings.path).read_text(encoding="utf-8"))
    assert saved["receipt_printer"] == "영수증-1" and saved["a4_printer"] == "사무실A4"


def test_a_printer_the_system_forgot_stays_visible(qtbot, ui_factory, known_printers) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    ctx.app.settings.set("receipt_printer", "예전-영수증")
    dialog = _open(qtbot, window)
    assert dialog.receipt_printer.currentText() == "예전-영수증 — 찾을 수 없음"
    assert dialog.receipt_state.text() == "찾을 수 없음"
    assert dialog.a4_printer.currentData() == ""  # the system's default printer
    dialog.reject()


def test_the_receipt_look_up_answers_valid_voided_or_unknown(qtbot, ui_factory, make_actor) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    line = receipts.LineInput("seal_certificate", "인감증명서", 1, 600)
    view = receipts.issue_receipt(ctx.app.db.uow(), ctx.actor, lines=[line], payment_method="현금")
    page = window.show_tab("admin").receipt_check
    assert page is not None

    def scan(text: str) -> str:
        page.code.clear()
        type_text(qtbot, page.code, text)
        qtbot.keyClick(page.code, Qt.Key.Key_Return)
        return page.answer.text()

    assert scan(view.qr_payload).startswith("[유효]") and view.number in page.answer.text()
    assert scan(f"{view.number} 0000-000{'1' if view.check_code != '0000-0001' else '2'}").startswith("[확인 안 됨]")
    assert "검증 코드" in scan("모르는 글")
    receipts.void_receipt(ctx.app.db.uow(), make_actor("supervisor"), receipt_id=view.id, reason="착오 발급")
    assert scan(view.qr_payload).startswith("[취소됨]")
