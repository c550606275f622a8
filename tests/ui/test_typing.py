"""Nothing typed is lost: every text field of every tab, reached by Tab, takes what is typed by keyboard
(QTest.keyClicks for ASCII, composed Hangul as an input method sends it) and reads it back; the empty 복지
household table takes the first letter at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QTabWidget

from tests.ui.focus import describe
from tests.ui.keys import type_text


def _digits_only(edit: QLineEdit) -> bool:
    return edit.validator() is not None or bool(edit.inputMask())


def _type_into_every_field(window) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    """Tab round the current page; at each text field type and read back. (fields typed, problems)"""
    problems: list[str] = []
    typed = 0
    seen: set[int] = set()
    start = QApplication.focusWidget()
    for _ in range(400):
        current = QApplication.focusWidget()
        if current is None:
            problems.append("the focus left the window (no widget has it)")
            break
        QTest.keyClick(current, Qt.Key.Key_Tab)
        QApplication.processEvents()
        widget = QApplication.focusWidget()
        if widget is None or id(widget) in seen or widget is start:
            break
        seen.add(id(widget))
        parent = widget.parentWidget()
        if isinstance(parent, QAbstractSpinBox) or (isinstance(parent, QComboBox) and not parent.isEditable()):
            continue
        if isinstance(widget, QLineEdit) and not widget.isReadOnly():
            widget.selectAll()
            QTest.keyClick(widget, Qt.Key.Key_Delete)
            if _digits_only(widget):
                QTest.keyClicks(widget, "12")
                got = "".join(ch for ch in widget.text() if ch.isdigit())
                if not got.startswith("12"):
                    problems.append(f"{describe(widget)}: typed 12, reads {widget.text()!r}")
            else:
                QTest.keyClicks(widget, "ab 1")
                type_text(widget, "가나")
                if widget.text() != "ab 1가나"[: widget.maxLength()]:
                    problems.append(f"{describe(widget)}: typed 'ab 1가나', reads {widget.text()!r}")
            typed += 1
        elif isinstance(widget, QPlainTextEdit) and not widget.isReadOnly():
            widget.clear()
            QTest.keyClicks(widget, "ab 1")
            type_text(widget, "가나")
            if widget.toPlainText() != "ab 1가나":
                problems.append(f"{describe(widget)}: typed 'ab 1가나', reads {widget.toPlainText()!r}")
            typed += 1
    return typed, problems


@pytest.mark.parametrize("role", ["clerk", "supervisor", "admin"])
def test_every_field_keeps_what_is_typed(ui_factory, role) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory(role)
    total = 0
    problems: list[str] = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        page = window.tabs.widget(index)
        inner_pages = [(inner, i) for inner in page.findChildren(QTabWidget) for i in range(inner.count())]
        for inner, i in inner_pages or [(None, 0)]:
            if inner is not None:
                inner.setCurrentIndex(i)
            QApplication.processEvents()
            # a tab built when first shown (and its page) may have taken the window's activation with it
            window.activateWindow()
            window.tabs.tabBar().setFocus(Qt.FocusReason.TabFocusReason)
            QApplication.processEvents()
            typed, found = _type_into_every_field(window)
            total += typed
            problems += [f"{window.tabs.tabText(index)}: {p}" for p in found]
    assert not problems, "\n".join(problems)
    assert total >= 5


def test_the_first_name_after_the_family_kind_is_not_lost(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk")
    tab = window.show_tab("family")
    tab.kind.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(tab.kind, Qt.Key.Key_Tab)
    first = QApplication.focusWidget()
    assert isinstance(first, QLineEdit), describe(first)
    type_text(first, "김")
    assert first.text() == "김"


def test_the_empty_household_table_takes_typing_at_once(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk")
    tab = window.show_tab("welfare")
    tab.household.set_people([])
    assert tab.household.rowCount() == 0
    tab.people_table.setFocus(Qt.FocusReason.TabFocusReason)
    for letter in "Kim":  # each key goes where the focus is, as from a keyboard
        QTest.keyClicks(QApplication.focusWidget(), letter)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)  # the name cell is open with the letters typed
    assert editor.text() == "Kim"
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert tab.household.rowCount() == 1 and tab.household.rows[0].name == "Kim"


def test_hangul_from_the_input_method_starts_the_first_person(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QInputMethodEvent

    window, _ = ui_factory("clerk")
    tab = window.show_tab("welfare")
    tab.household.set_people([])
    tab.people_table.setFocus(Qt.FocusReason.TabFocusReason)
    event = QInputMethodEvent("", [])
    event.setCommitString("박")
    QApplication.sendEvent(tab.people_table, event)
    assert tab.household.rowCount() == 1
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "박"
