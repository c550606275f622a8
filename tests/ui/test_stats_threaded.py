"""통계·마감 with the task runner on its threads: the list, the CSV export and the close land on screen."""

from __future__ import annotations

import csv

from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from app.domain.calendar import seoul_today
from app.services import receipts
from db.models import AuditEntry
from db.models_dayclose import DayClose
from tests.ui.threaded import run_and_wait, threaded_window


def _issue(sqlite_ctx, clerk, copies: int) -> receipts.ReceiptView:  # type: ignore[no-untyped-def]
    line = receipts.LineInput("resident_copy", "주민등록표 등본", copies, 400)
    return receipts.issue_receipt(sqlite_ctx.db.uow(), clerk, lines=[line], payment_method="현금")


def _select_first(tab) -> None:  # type: ignore[no-untyped-def]
    # Not selectRow: it follows the keyboard modifiers Qt believes are held, and Ctrl would toggle the row off.
    from PySide6.QtCore import QItemSelectionModel

    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    tab.receipts_table.selectionModel().select(tab.receipts_model.index(0, 0), flags)


def test_refresh_export_and_close_run_on_the_worker(qtbot, sqlite_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    supervisor = make_actor("supervisor")
    clerk = make_actor("clerk")
    first = _issue(sqlite_ctx, clerk, 2)
    _issue(sqlite_ctx, clerk, 1)
    window, ctx = threaded_window(qtbot, sqlite_ctx, supervisor)
    tab = window.show_tab("stats")

    run_and_wait(qtbot, ctx, tab.refresh)
    assert [r.number for r in tab.receipts_model.rows][0] == first.number
    assert tab.receipts_model.rowCount() == 2 and "영수증 2건" in tab.totals.text()

    # The export's rows come from its own query, not from what the screen happened to hold.
    assert tab.items_model.rowCount() == 0
    run_and_wait(qtbot, ctx, tab.export_period)
    assert tab.last_export is not None
    with tab.last_export.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["항목", "수량", "면제", "금액"]
    assert rows[1:] == [["주민등록표 등본", "3", "0", "1200"]]
    assert tab.items_model.rowCount() == 1

    tab.counted_cash.setText("1,200")
    tab.check_cash()
    assert "장부 현금 1,200원" in tab.cash_check.text()
    tab.close_day()
    approve = tab.confirm_box.findChild(QPushButton, "approveClose")
    run_and_wait(qtbot, ctx, approve.click)
    assert "마감됨" in tab.totals.text() and not tab.close_button.isEnabled()
    with sqlite_ctx.db.uow() as uow:
        close = uow.session.scalars(select(DayClose)).one()
        assert close.business_day == seoul_today() and close.counted_cash == 1200
        actions = uow.session.scalars(select(AuditEntry.action)).all()
    assert "stats.export" in actions and "day.close" in actions


def test_reprint_and_void_run_on_the_worker(qtbot, sqlite_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    supervisor = make_actor("supervisor")
    issued = _issue(sqlite_ctx, make_actor("clerk"), 2)
    window, ctx = threaded_window(qtbot, sqlite_ctx, supervisor)
    tab = window.show_tab("stats")
    run_and_wait(qtbot, ctx, tab.refresh)
    _select_first(tab)
    run_and_wait(qtbot, ctx, tab.reprint)
    assert tab.last_pdf is not None and issued.number in PdfReader(str(tab.last_pdf)).pages[0].extract_text()

    _select_first(tab)
    run_and_wait(qtbot, ctx, lambda: tab.void(reason="금액 착오"))
    assert "취소했습니다" in tab.message.text()
    assert tab.receipts_model.rows[0].status == "voided"
    with sqlite_ctx.db.uow() as uow:
        actions = uow.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions.count("receipt.print") == 1 and actions.count("print.done") == 1
    assert actions.count("receipt.void") == 1
