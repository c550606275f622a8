"""Walking a window's focus chain with the Tab key, as a clerk without a mouse would.

``walk(window)`` presses Tab from the widget that has the focus until the focus comes back to where it
started, and reports every problem a keyboard user would meet:
- a trap: Tab pressed and the focus stayed in the same widget (a table moving between its cells);
- a hidden stop: the focus went to a widget that shows nothing to type into (a scroll area, a bare
  container), so the next key typed is lost;
- unreachable: a visible, enabled control that takes focus by Tab but never got it;
- no way back: Shift+Tab from each stop does not return to the stop before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)


def describe(widget: QWidget | None) -> str:
    if widget is None:
        return "(nothing)"
    name = widget.objectName() or ""
    text = ""
    for attr in ("text", "placeholderText", "windowTitle"):
        getter = getattr(widget, attr, None)
        if callable(getter):
            try:
                value = getter()
            except TypeError:
                continue
            if isinstance(value, str) and value:
                text = value[:30]
                break
    parent = widget.parentWidget()
    where = f" in {parent.__class__.__name__}:{parent.objectName()}" if parent is not None else ""
    return f"{widget.__class__.__name__}:{name}:{text!r}{where}"


def _owner(widget: QWidget) -> QWidget:
    """The control a focused widget belongs to (a spin box's or an editable combo box's line edit)."""
    current = widget
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractSpinBox | QComboBox):
            current = parent
        parent = parent.parentWidget()
    while current.focusProxy() is not None:
        current = current.focusProxy()
    return current


def _visible_in(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.isVisible()


def tab_stops(window: QWidget) -> list[QWidget]:
    """Every visible, enabled control of ``window`` that Tab should reach (its own line edits folded in)."""
    found: list[QWidget] = []
    for widget in window.findChildren(QWidget):
        if widget.window() is not window or not _visible_in(widget, window) or not widget.isEnabled():
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        if widget.focusProxy() is not None:
            continue
        owner = _owner(widget)
        if owner is not widget:
            continue
        if isinstance(widget, QAbstractScrollArea) and not isinstance(
            widget, QAbstractItemView | QTextEdit | QPlainTextEdit
        ):
            continue  # a scroll area is a container; being a stop is reported as a hidden stop
        found.append(widget)
    return found


def _hidden_stop(widget: QWidget) -> bool:
    if isinstance(widget, QAbstractItemView | QTextEdit | QPlainTextEdit | QTabBar):
        return False
    if isinstance(widget, QAbstractScrollArea):
        return True
    # a plain container (QWidget, QFrame, QGroupBox) that takes focus shows no caret and eats a key
    return type(widget).__name__ in {"QWidget", "QFrame", "QGroupBox", "QStackedWidget", "QSplitter"}


@dataclass
class Walk:
    stops: list[QWidget] = field(default_factory=list)
    traps: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    unreached: list[str] = field(default_factory=list)
    backwards: list[str] = field(default_factory=list)
    closed: bool = False

    def problems(self) -> list[str]:
        out = [f"trap: {t}" for t in self.traps]
        out += [f"hidden focus stop: {h}" for h in self.hidden]
        out += [f"unreachable by Tab: {u}" for u in self.unreached]
        out += [f"Shift+Tab does not go back: {b}" for b in self.backwards]
        if not self.closed:
            out.append("the Tab chain never came back to where it started")
        return out


def _cell(widget: QWidget) -> tuple[int, int] | None:
    if isinstance(widget, QAbstractItemView):
        index = widget.currentIndex()
        return (index.row(), index.column()) if index.isValid() else None
    return None


def no_focus_controls(window: QWidget) -> list[str]:
    """Visible, enabled buttons and fields that Tab can never reach (``Qt.FocusPolicy.NoFocus``)."""
    found = []
    for widget in window.findChildren(QWidget):
        if widget.window() is not window or not _visible_in(widget, window) or not widget.isEnabled():
            continue
        if not isinstance(widget, QAbstractButton | QLineEdit | QComboBox | QAbstractSpinBox | QPlainTextEdit):
            continue
        if _owner(widget) is not widget or isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox):
            continue
        if isinstance(widget.parentWidget(), QTabBar) or widget.objectName() == "qt_tableview_cornerbutton":
            continue  # the scroll arrows of a tab bar, a table's select-all corner: mouse conveniences
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            found.append(describe(widget))
    return found


def _focused() -> QWidget | None:
    return QApplication.focusWidget()


def _press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    target = _focused()
    assert target is not None, "nothing has the keyboard focus"
    QTest.keyClick(target, key, modifier)
    QApplication.processEvents()


def walk(window: QWidget, *, start: QWidget | None = None, check_back: bool = True) -> Walk:
    """Press Tab around ``window``'s focus chain once (``start`` first gets the focus)."""
    window.activateWindow()
    QApplication.processEvents()
    expected = tab_stops(window)
    first = start if start is not None else (_focused() if _focused() in expected else None)
    if first is None:
        first = expected[0] if expected else None
    result = Walk()
    if first is None:
        result.closed = True
        return result
    first.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    begin = _focused()
    assert begin is not None, f"{describe(first)} did not take the focus"
    result.stops.append(begin)
    limit = 3 * len(expected) + 10
    inside: set[tuple[int, int]] = set()  # the cells a grid editor's Tab went through, while it keeps the focus
    for _ in range(limit + 500):
        before = _focused()
        _press(Qt.Key.Key_Tab)
        now = _focused()
        assert now is not None
        if now is before:
            cell = _cell(now)
            if cell is None or cell in inside:
                result.traps.append(f"Tab stays in {describe(now)}")
                break
            inside.add(cell)  # an editor grid moving cell by cell is fine as long as it leaves at its end
            continue
        inside.clear()
        if now is begin:
            result.closed = True
            break
        if now.window() is not window:
            result.traps.append(f"Tab left the window to {describe(now)}")
            break
        if now in result.stops:
            result.traps.append(f"Tab goes round without {describe(begin)}: back at {describe(now)}")
            break
        result.stops.append(now)
    for stop in result.stops:
        if _hidden_stop(stop):
            result.hidden.append(describe(stop))
    reached = {_owner(s) for s in result.stops}
    reached |= set(result.stops)
    for widget in expected:
        if widget not in reached:
            result.unreached.append(describe(widget))
    result.unreached += no_focus_controls(window)
    if check_back and result.closed and len(result.stops) > 1:
        # Shift+Tab from each stop goes to the one before it.
        chain = result.stops
        chain[0].setFocus(Qt.FocusReason.TabFocusReason)
        QApplication.processEvents()
        for index in range(len(chain)):
            before = _focused()
            _press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
            now = _focused()
            seen: set[tuple[int, int]] = set()
            while now is before and now is not None and (cell := _cell(now)) is not None and cell not in seen:
                seen.add(cell)  # a grid editor going back cell by cell
                _press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
                now = _focused()
            wanted = chain[-1 - index]
            if now is not wanted:
                result.backwards.append(f"expected {describe(wanted)}, got {describe(now)}")
                break
    return result
