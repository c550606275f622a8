"""The day close on the 통계·마감 tab: a blind count (the field starts empty, the expected cash appears only after
the count), a confirmation naming the day and its totals with [마감 승인] / [닫기], a reopen with a reason, and the
printed close and Excel export from the tab."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtWidgets import QPushButton

from app.domain.calendar import seoul_today
from app.services import dayclose, receipts


def test_blind_count_confirmation_reopen_and_print(qtbot, ui_factory, make_actor, sqlite_ctx) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("supervisor")
    clerk = make_actor("clerk")
    line = receipts.LineInput("resident_copy", "주민등록표 등본", 3, 400)
    receipts.issue_receipt(sqlite_ctx.db.uow(), clerk, lines=[line], payment_method="현금")
    card = receipts.LineInput("family_cert", "가족관계증명서", 1, 1000)
    receipts.issue_receipt(sqlite_ctx.db.uow(), clerk, lines=[card], payment_method="카드")
    tab = window.show_tab("stats")
    tab.refresh()

    # Blind: nothing typed, no expected cash or total on screen, and no close yet.
    assert tab.counted_cash.text() == ""
    assert "1,200원" not in tab.totals.text() and "2,200원" not in tab.totals.text()
    assert "1,200원" not in tab.cash_check.text()
    assert not tab.close_button.isEnabled()
    assert tab.clerks_model.data(tab.clerks_model.index(0, 2)) == "시재 대조 후"
    tab.close_day()
    assert tab.confirm_box is None and "먼저 실제 현금" in tab.cash_check.text()

    tab.counted_cash.setText("1100")
    tab.check_cash()
    assert "장부 현금 1,200원" in tab.cash_check.text() and "차이 -100원" in tab.cash_check.text()
    assert "합계 2,200원" in tab.totals.text() and tab.close_button.isEnabled()
    assert tab.clerks_model.data(tab.clerks_model.index(0, 2)) == "2,200원"
    tab.counted_cash.setText("1")
    tab.counted_cash.textEdited.emit("1")  # typing again hides the expected cash until compared anew
    assert "1,200원" not in tab.cash_check.text() and not tab.close_button.isEnabled()
    tab.counted_cash.setText("1,100")
    tab.check_cash()
    tab.close_note.setText("100원 부족: 거스름돈 착오")
    window.resize(1280, 800)
    tab.grab().save("/tmp/h7_stats_counted.png")

    tab.close_day()
    box = tab.confirm_box
    assert box is not None
    weekday = "월화수목금토일"[seoul_today().weekday()]
    assert f"{seoul_today().isoformat()} ({weekday}) 수납 마감: 건수 2건" in box.text()
    assert "합계 2,200원" in box.text() and "더 받을 수 없습니다" in box.text()
    box.findChild(QPushButton, "approveClose")
    close_button = next(b for b in box.buttons() if b.text() == "닫기")
    assert box.defaultButton() is close_button
    close_button.click()
    assert not dayclose.day_summary(sqlite_ctx.db.uow(), ctx.actor, day=seoul_today()).closed

    tab.close_day()
    tab.confirm_box.findChild(QPushButton, "approveClose").click()
    assert "마감됨" in tab.totals.text() and "차이 -100원" in tab.cash_check.text()
    assert not tab.close_button.isEnabled() and tab.reopen_button.isEnabled()
    assert not tab.counted_cash.isEnabled()

    tab.reopen_day(reason="착오 마감: 오후 수납 계속")
    assert "마감 전" in tab.totals.text() and "재개 1회" in tab.totals.text()
    assert tab.counted_cash.text() == "" and not tab.reopen_button.isEnabled()
    receipts.issue_receipt(sqlite_ctx.db.uow(), clerk, lines=[line], payment_method="현금")  # lands in the day
    tab.refresh()
    assert tab.close_note.text() == ""  # the first close's note does not carry over to the second
    tab.counted_cash.setText("2300")
    tab.check_cash()
    tab.close_note.setText("100원 부족: 오전 착오 그대로")
    tab.close_day()
    assert "건수 3건" in tab.confirm_box.text() and "합계 3,400원" in tab.confirm_box.text()
    tab.confirm_box.findChild(QPushButton, "approveClose").click()
    summary = dayclose.day_summary(sqlite_ctx.db.uow(), ctx.actor, day=seoul_today())
    assert summary.closed and [e.action for e in summary.history] == ["close", "reopen", "close"]

    tab.print_close()
    text = PdfReader(str(tab.last_pdf)).pages[0].extract_text()
    assert "수 납 일 계 표" in text and "마감 재개" in text and "3,400원" in text
    tab.export_close()
    assert tab.last_export is not None and tab.last_export.suffix == ".xlsx" and tab.last_export.stat().st_size > 0
    tab.grab().save("/tmp/h7_stats_closed.png")


def test_a_clerk_sees_no_close_buttons(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk")
    tab = window.show_tab("stats")
    assert not tab.close_button.isVisibleTo(tab) and not tab.reopen_button.isVisibleTo(tab)
