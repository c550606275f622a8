"""통계·마감 tab: a supervisor sees the day, reprints and closes it; a clerk sees receipts only."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtWidgets import QPushButton

from app.services import receipts


def test_supervisor_reprints_and_closes_the_day(qtbot, ui_factory, make_actor, sqlite_ctx) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("supervisor")
    clerk = make_actor("clerk")
    line = receipts.LineInput("resident_copy", "주민등록표 등본", 2, 400)
    issued = receipts.issue_receipt(sqlite_ctx.db.uow(), clerk, lines=[line], payment_method="현금")
    tab = window.show_tab("stats")
    tab.refresh()
    assert tab.receipts_model.rowCount() == 1
    assert "800원" in tab.receipts_model.data(tab.receipts_model.index(0, 4))  # the expected cash stays blind
    tab.receipts_table.selectRow(0)
    tab.reprint()
    text = PdfReader(str(tab.last_pdf)).pages[0].extract_text()
    assert issued.number in text and "800원" in text
    tab.counted_cash.setText("800")
    tab.check_cash()
    tab.close_day()
    tab.confirm_box.findChild(QPushButton, "approveClose").click()
    assert "마감됨" in tab.totals.text()
    assert not tab.close_button.isEnabled()


def test_clerk_sees_receipts_but_not_the_close(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk")
    tab = window.show_tab("stats")
    assert not tab.close_box.isVisibleTo(tab) and not tab.period_box.isVisibleTo(tab)
    assert not tab.void_button.isVisibleTo(tab)
