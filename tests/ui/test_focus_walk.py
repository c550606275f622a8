"""Every tab and every dialog walked with Tab and Shift+Tab, for every role: no trap (a table that keeps
Tab), no hidden stop (a scroll area that eats the first key typed), no visible control Tab cannot reach.

The lists have rows (a receipt of the day, a found 민원인), because an empty table lets Tab through even
when a full one would keep it."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from app.domain.calendar import SEOUL
from app.services import applicants, receipts
from tests.ui.focus import walk
from tests.ui.keys import type_text

ROLES = ("clerk", "night", "guide", "supervisor", "admin")
IN_THE_NIGHT_WINDOW = datetime(2026, 11, 26, 18, 30, tzinfo=SEOUL)  # a Thursday


def _seed(sqlite_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    line = receipts.LineInput("resident_copy", "주민등록표 등본", 2, 400)
    for _ in range(3):
        receipts.issue_receipt(sqlite_ctx.db.uow(), clerk, lines=[line], payment_method="현금")
    applicants.upsert_applicant(sqlite_ctx.db.uow(), clerk, name="홍길동", resident_number="900101-1234568")


def _pages(window) -> list[tuple[str, QTabWidget | None, int]]:  # type: ignore[no-untyped-def]
    """(label, inner tab widget, its index) for every tab and every page of the tabs inside it."""
    found: list[tuple[str, QTabWidget | None, int]] = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        title = window.tabs.tabText(index)
        found.append((title, None, index))
        for inner in window.tabs.widget(index).findChildren(QTabWidget):
            found += [(f"{title} › {inner.tabText(i)}", inner, i) for i in range(inner.count())]
    return found


@pytest.mark.parametrize("role", ROLES)
def test_every_tab_walks_round_with_tab_and_back_with_shift_tab(  # type: ignore[no-untyped-def]
    ui_factory, make_actor, sqlite_ctx, monkeypatch, role
) -> None:
    _seed(sqlite_ctx, make_actor)
    if role == "night":  # the services check the hours on the real clock: walk as if inside them
        from app.services import roles

        monkeypatch.setattr(roles, "night_window_open", lambda _now: True)
    window, _ = ui_factory(role)
    if role == "night":
        assert window.check_night_window(IN_THE_NIGHT_WINDOW)
    problems: list[str] = []
    walked = 0
    for label, inner, page in _pages(window):
        top = label.split(" › ")[0]
        window.tabs.setCurrentIndex([window.tabs.tabText(i) for i in range(window.tabs.count())].index(top))
        if inner is not None:
            inner.setCurrentIndex(page)
        QApplication.processEvents()
        result = walk(window)
        walked += len(result.stops)
        problems += [f"[{role}] {label}: {p}" for p in result.problems()]
    assert not problems, "\n".join(problems)
    assert walked > 3 * window.tabs.count()  # the walk really went through the tabs' controls


def test_the_receipt_table_of_the_day_close_lets_tab_through(ui_factory, make_actor, sqlite_ctx) -> None:  # type: ignore[no-untyped-def]
    _seed(sqlite_ctx, make_actor)
    window, _ = ui_factory("supervisor")
    tab = window.show_tab("stats")
    assert tab.receipts_model.rowCount() == 3
    table = tab.receipts_table
    table.setFocus(Qt.FocusReason.TabFocusReason)
    table.setCurrentIndex(tab.receipts_model.index(0, 0))
    # Ctrl+Tab moves inside the table, Tab leaves it towards 재출력, 취소, 실제 현금, 시재 대조
    from PySide6.QtTest import QTest

    QTest.keyClick(table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is table and table.currentIndex().column() == 1
    stops: list[QWidget] = []
    for _ in range(12):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        stops.append(QApplication.focusWidget())
    for wanted in (tab.reprint_button, tab.void_button, tab.counted_cash, tab.check_button):
        assert wanted in stops


def test_the_lookup_dialog_with_a_result_walks_to_its_buttons(qtbot, ui_factory, make_actor, sqlite_ctx) -> None:  # type: ignore[no-untyped-def]
    _seed(sqlite_ctx, make_actor)
    window, _ = ui_factory("supervisor")
    dialog = window.open_applicant_lookup()
    qtbot.waitExposed(dialog)
    type_text(dialog.name, "홍길")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.model.rowCount() == 1
    result = walk(dialog, start=dialog.rrn.edit)
    assert not result.problems(), "\n".join(result.problems())
    assert dialog.table in result.stops and dialog.unmask_button in result.stops


def test_dialogs_opened_without_a_record_walk_round(qtbot, ui_factory, sqlite_ctx) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.lock import LockDialog
    from ui.dialogs.login import LoginDialog
    from ui.dialogs.passport_loss import LossReportDialog
    from ui.dialogs.printers import PrinterSettingsDialog

    window, ctx = ui_factory("supervisor")
    dialogs = [
        LockDialog(ctx, window),
        LoginDialog(sqlite_ctx, window),
        LossReportDialog("홍길동", date(2026, 11, 26), window),
        PrinterSettingsDialog(ctx, window),
    ]
    problems: list[str] = []
    for dialog in dialogs:
        dialog.show()
        qtbot.waitExposed(dialog)
        result = walk(dialog)
        assert len(result.stops) >= 2, dialog
        problems += [f"{dialog.__class__.__name__}: {p}" for p in result.problems()]
        dialog.done(0)
    assert not problems, "\n".join(problems)


def test_the_family_form_has_no_stop_between_kind_and_surname(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk")
    tab = window.show_tab("family")
    tab.kind.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(tab.kind, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    type_text(focused, "김")
    assert focused.__class__.__name__ != "QScrollArea"
    assert getattr(focused, "text", lambda: "")() == "김"  # the first key typed after 신고 종류 is kept


def test_after_a_refusal_the_focus_is_on_the_wrong_field_and_it_is_marked(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from ui import ops

    window, _ = ui_factory("clerk")
    tab = window.show_tab("passport")
    form = tab.intake
    type_text(form.name_edit, "홍길동")
    form.rrn.edit.setText("900101-1234568")
    QApplication.processEvents()
    form.payment.setFocus(Qt.FocusReason.TabFocusReason)  # the clerk is at the end of the form
    qtbot.keyClick(form.payment, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # 사진 확인 not ticked
    box = next(b for b in window.findChildren(QMessageBox, "errorBox") if b.isVisible())
    assert "사진" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # the box closes
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.photo)
    assert form.photo.property(ops.WRONG_PROPERTY) is not None and "b00020" in form.photo.styleSheet()
    qtbot.keyClick(form.photo, Qt.Key.Key_Space)  # ticking it clears the mark
    assert form.photo.isChecked() and form.photo.property(ops.WRONG_PROPERTY) is None
    assert "b00020" not in form.photo.styleSheet()
