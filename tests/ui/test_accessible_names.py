"""Every visible control of every tab, for every role, has a name a screen reader says: its accessibleName, its own
text, or the label it is the buddy of (what ``QAccessible`` itself reports, not a guess of this test)."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from app.domain.calendar import SEOUL
from tests.ui.focus import describe

ROLES = ("clerk", "night", "guide", "supervisor", "admin")
IN_THE_NIGHT_WINDOW = datetime(2026, 11, 26, 18, 30, tzinfo=SEOUL)
CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QPlainTextEdit, QTextEdit)


def spoken_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return "" if interface is None else interface.text(QAccessible.Text.Name).strip()


def _controls(root: QWidget) -> list[QWidget]:
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisible():
            continue
        parent = widget.parentWidget()
        # a spin box's or combo box's own line edit and the scroll bars' buttons are parts of their owner
        if isinstance(widget, QLineEdit) and isinstance(parent, QAbstractSpinBox | QComboBox):
            continue
        if isinstance(widget, QAbstractButton) and parent is not None and parent.inherits("QTabBar"):
            continue
        if isinstance(widget, QHeaderView) or widget.objectName() == "qt_tableview_cornerbutton":
            continue  # a table's headers and corner button are parts of the table, named with it
        found.append(widget)
    return found


def unnamed_controls(window) -> list[str]:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        page = window.tabs.widget(index)
        inners = page.findChildren(QTabWidget)
        pages = [(inner, i) for inner in inners for i in range(inner.count())] or [(None, 0)]
        for inner, i in pages:
            if inner is not None:
                inner.setCurrentIndex(i)
                QApplication.processEvents()
            where = window.tabs.tabText(index) + (f" › {inner.tabText(i)}" if inner is not None else "")
            problems += [f"{where}: {describe(w)}" for w in _controls(page) if not spoken_name(w)]
    return sorted(set(problems))


@pytest.mark.parametrize("role", ROLES)
def test_every_visible_control_has_an_accessible_name(ui_factory, monkeypatch, role) -> None:  # type: ignore[no-untyped-def]
    if role == "night":
        from app.services import roles

        monkeypatch.setattr(roles, "night_window_open", lambda _now: True)
    window, _ = ui_factory(role)
    if role == "night":
        assert window.check_night_window(IN_THE_NIGHT_WINDOW)
    assert window.tabs.count() >= 2
    problems = unnamed_controls(window)
    assert not problems, f"{len(problems)} controls without a name:\n" + "\n".join(problems)


def test_the_check_sees_a_control_without_a_name(ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk")
    page = window.tabs.widget(0)
    anonymous = QLineEdit(page)
    anonymous.setObjectName("anonymousField")
    anonymous.show()
    assert any("anonymousField" in problem for problem in unnamed_controls(window))


def test_the_names_come_from_what_is_written_beside_the_control(ui_factory) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDateEdit

    window, _ = ui_factory("supervisor")
    counter = window.show_tab("counter")
    assert spoken_name(counter.certificates.rrn.edit) == "주민등록번호"  # its form row's label
    counter.show_section(counter.petitions)
    QApplication.processEvents()
    table = counter.petitions.table
    assert table.accessibleName().startswith("표 (민원번호")  # a table says its columns
    counter.show_section(counter.surveys)
    QApplication.processEvents()
    dates = {w.objectName(): spoken_name(w) for w in counter.surveys.findChildren(QDateEdit)}
    assert dates["surveyStart"] == "기간" and dates["surveyEnd"] == "기간 끝"  # "기간 [ ] ~ [ ]"
    # key hints are not read as part of a name
    assert all("Ctrl+" not in spoken_name(w) for w in _controls(window.tabs.currentWidget()) if w.accessibleName())
