"""Each role's routine by keyboard only, in English (``--lang en``), as the other roles than the clerk would do it:
every status line, refusal, banner and confirmation read on the way is English (the records aside).

- the supervisor voids a receipt (Alt+V, reason, Enter), counts the cash blind (Enter), approves the close (Alt+A,
  then Alt+A in the confirmation);
- the admin registers a user (a refused short password, then a good one);
- the guide quotes a passport's fee and a minor's checklist;
- the night window warns at 19:52, lets work finish in the grace, and closes at 20:10.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from app.domain.calendar import SEOUL, seoul_today
from app.services import dayclose, receipts
from tests.ui.hangul import HANGUL
from tests.ui.keys import type_text
from tests.ui.test_english import DATA, english  # noqa: F401 - the fixture
from tests.ui.test_passport_tab import focused, tab_to

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def english_text(text: str, *records: str) -> bool:
    rest = text
    for value in sorted(DATA + records, key=len, reverse=True):
        rest = rest.replace(value, "")
    return bool(text.strip()) and not HANGUL.search(rest)


def _active(window) -> None:  # type: ignore[no-untyped-def]
    """Offscreen, a window is not always made active again after a dialog or a busy sign: a window's keys
    (mnemonics, shortcuts) work only in the active window, as on a real screen after a click on it."""
    if not window.isActiveWindow():
        window.activateWindow()
        QApplication.processEvents()
    assert window.isActiveWindow()


def _answer_reason(qtbot, reason: str) -> None:  # type: ignore[no-untyped-def]
    """Type the reason into the reason dialog that is about to open (it runs its own event loop) and press Enter."""

    def answer() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog) and w.isVisible())
        assert english_text(dialog.windowTitle()) and english_text(dialog.labelText(), "R-"), dialog.labelText()
        type_text(QApplication.focusWidget() or dialog, reason)
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Return)

    QTimer.singleShot(200, answer)


def test_the_supervisors_day_close_by_keyboard_in_english(english, qtbot, ui_factory, make_actor, sqlite_ctx) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    clerk = make_actor("clerk")
    line = receipts.LineInput("resident_copy", "주민등록표 등본", 2, 400)
    for method in ("현금", "현금", "카드"):
        receipts.issue_receipt(sqlite_ctx.db.uow(), clerk, lines=[line], payment_method=method)
    window, ctx = ui_factory("supervisor")
    qtbot.keyClick(window, Qt.Key.Key_F5)
    tab = window.pages["stats"]
    assert window.tabs.currentWidget() is tab and tab.receipts_model.rowCount() == 3

    tab.receipts_table.setFocus()
    qtbot.keyClick(tab.receipts_table, Qt.Key.Key_Down)  # the first receipt
    number = tab.selected_receipt().number
    _answer_reason(qtbot, "중복 발급")
    _active(window)
    qtbot.keyClick(focused(), Qt.Key.Key_V, ALT)
    qtbot.waitUntil(lambda: number in tab.message.text(), timeout=5000)
    assert english_text(tab.message.text(), number), tab.message.text()
    _active(window)
    tab_to(qtbot, tab.counted_cash)
    qtbot.keyClicks(tab.counted_cash, "800")
    qtbot.keyClick(tab.counted_cash, Qt.Key.Key_Return)  # the blind count compared
    assert "KRW" in tab.cash_check.text() and english_text(tab.cash_check.text()), tab.cash_check.text()
    _active(window)
    qtbot.keyClick(focused(), Qt.Key.Key_A, ALT)
    box = tab.confirm_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert english_text(box.text()) and "KRW" in box.text(), box.text()
    assert all(english_text(b.text()) for b in box.buttons())
    _active(box)
    qtbot.keyClick(box, Qt.Key.Key_A, ALT)
    closed = lambda: dayclose.day_summary(sqlite_ctx.db.uow(), ctx.actor, day=seoul_today()).closed  # noqa: E731
    qtbot.waitUntil(closed, timeout=5000)
    assert english_text(tab.message.text()) and english_text(tab.totals.text()), (tab.message.text(), tab.totals.text())


def test_the_admin_registers_a_user_by_keyboard_in_english(english, qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    window, _ = ui_factory("admin")
    tab = window.show_tab("admin")
    page = tab.users_page
    qtbot.keyClick(focused(), Qt.Key.Key_2, CTRL)  # 사용자·역할 (Ctrl+2)
    assert tab.pages.currentWidget() is page and page.isAncestorOf(focused())
    assert english_text(tab.pages.tabText(1)), tab.pages.tabText(1)
    tab_to(qtbot, page.new_username)
    qtbot.keyClicks(page.new_username, "night.two")
    qtbot.keyClick(page.new_username, Qt.Key.Key_Tab)
    type_text(focused(), "야간직원")
    tab_to(qtbot, page.new_role)
    while page.new_role.currentData() != "night":
        qtbot.keyClick(page.new_role, Qt.Key.Key_Down)
    assert english_text(page.new_role.currentText())
    tab_to(qtbot, page.new_password)
    qtbot.keyClicks(page.new_password, "short")
    qtbot.keyClick(page.new_password, Qt.Key.Key_Return)
    assert "8" in page.message.text() and english_text(page.message.text()), page.message.text()
    page.new_password.clear()
    qtbot.keyClicks(page.new_password, "night-window-26")
    qtbot.keyClick(page.new_password, Qt.Key.Key_Return)
    assert "night.two" in [u.username for u in page.model.rows]
    assert english_text(page.message.text(), "야간직원", "night.two"), page.message.text()


def test_the_guide_quotes_a_minors_passport_by_keyboard_in_english(english, qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    window, _ = ui_factory("guide")
    qtbot.keyClick(window, Qt.Key.Key_F3)
    tab = window.pages["passport"]
    assert focused() is tab.age
    qtbot.keyClick(focused(), Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focused(), "7")
    tab_to(qtbot, tab.choice.pages)
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # 26 pages
    assert tab.fee_display.total.amount == 32000
    assert "KRW" in tab.fee_display.detail.text() and english_text(tab.fee_display.detail.text())
    tab_to(qtbot, tab.applicant_kind)
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # through a legal representative
    assert english_text(tab.applicant_kind.currentText()), tab.applicant_kind.currentText()
    items = [tab.checklist_model.data(tab.checklist_model.index(r, 0)) for r in range(tab.checklist_model.rowCount())]
    assert items and all(english_text(str(item)) for item in items), items
    assert english_text(tab.status.text()) or not tab.status.text()


def test_the_night_window_in_english(english, qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    window, _ = ui_factory("night")
    thursday = datetime(2026, 11, 26, tzinfo=SEOUL)
    assert window.check_night_window(thursday.replace(hour=19, minute=52))
    banner = window.night_banner.text()
    assert window.night_banner.isVisible() and "20:00" in banner and english_text(banner), banner
    assert window.check_night_window(thursday.replace(hour=20, minute=2))
    banner = window.night_banner.text()
    assert window.tabs.isEnabled() and "20:10" in banner and english_text(banner), banner
    assert not window.check_night_window(thursday.replace(hour=20, minute=10))
    banner = window.night_banner.text()
    assert not window.tabs.isEnabled() and english_text(banner), banner
