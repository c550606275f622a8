"""What a person sees on a window that is still Korean: every visible text of every widget under a root.

``visible_hangul(root, data=...)`` lists (where, text) for each visible text with Hangul in it, other than the
records shown (``data``: the names, addresses and other values the test put into the database, the user's
own name and the reference texts of the decree tables; ``records``: table columns of records as written). It reads labels, buttons, group titles, tab titles, placeholders, tooltips, window titles, combo box
items, spin box prefixes and suffixes, table headers and cells, text views and the menu bar.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

HANGUL = re.compile(r"[\uac00-\ud7a3]")
MAX_CELLS = 60  # rows x columns read of each table: enough to see every kind of value it shows


def _texts(widget: QWidget, skip_columns: tuple[int, ...] = ()) -> Iterator[tuple[str, str]]:
    if widget.toolTip():
        yield "tooltip", widget.toolTip()
    if widget.isWindow() and widget.windowTitle():
        yield "title", widget.windowTitle()
    if isinstance(widget, QLabel):
        yield "label", widget.text()
    elif isinstance(widget, QAbstractButton):
        yield "button", widget.text()
    elif isinstance(widget, QGroupBox):
        yield "group", widget.title()
    elif isinstance(widget, QLineEdit):
        yield "placeholder", widget.placeholderText()
    elif isinstance(widget, QComboBox):
        for i in range(widget.count()):
            yield f"item {i}", widget.itemText(i)
    elif isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield f"tab {i}", widget.tabText(i)
            yield f"tab tooltip {i}", widget.tabToolTip(i)
    elif isinstance(widget, QTextEdit | QPlainTextEdit):
        yield "text", widget.toPlainText()
        yield "placeholder", widget.placeholderText()
    if isinstance(widget, QAbstractSpinBox):
        for attr in ("prefix", "suffix", "specialValueText"):
            getter = getattr(widget, attr, None)
            if callable(getter):
                yield attr, getter()
    if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView) and widget.model() is not None:
        model = widget.model()
        columns = model.columnCount()
        for c in range(columns):
            yield f"header {c}", str(model.headerData(c, Qt.Orientation.Horizontal) or "")
        cells = 0
        for r in range(model.rowCount()):
            for c in range(columns):
                if c in skip_columns:
                    continue
                if cells >= MAX_CELLS:
                    break
                cells += 1
                yield f"cell {r},{c}", str(model.data(model.index(r, c)) or "")
    if isinstance(widget, QMainWindow) and widget.menuBar() is not None:
        for action in widget.menuBar().actions():
            yield "menu", action.text()
            if action.menu() is not None:
                for sub in action.menu().actions():
                    yield "menu item", sub.text()


def visible_hangul(
    root: QWidget, *, data: Iterable[str] = (), records: dict[str, tuple[int, ...]] | None = None
) -> list[tuple[str, str]]:
    """``records``: object name of a table → its columns that show records as they were written."""
    allowed = sorted(set(d for d in data if d), key=len, reverse=True)
    found: list[tuple[str, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        for kind, text in _texts(widget, (records or {}).get(widget.objectName(), ())):
            rest = text
            for value in allowed:
                rest = rest.replace(value, "")
            if HANGUL.search(rest):
                name = widget.objectName() or widget.__class__.__name__
                found.append((f"{name} {kind}", text.replace("\n", " ")[:300]))
    return found
