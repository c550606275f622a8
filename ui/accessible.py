"""Accessible names for every control of a tab, by one rule instead of a call in every tab file.

A control that Qt has no name for (no ``accessibleName``, no own text, not the buddy of a label) gets one from
what a sighted clerk reads next to it, in this order: its ``QFormLayout`` label (or the one of the container it
sits in: the resident-number field inside ``ResidentNumberEdit``), the nearest label before it in its layout, its
placeholder, its tooltip, the title of its group box; a table also says its column titles. Run on every page
when the window is built and again when a tab is shown (pages build some fields late).
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from ui.i18n import tr

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QPlainTextEdit, QTextEdit)


def spoken_name(widget: QWidget) -> str:
    """The name a screen reader says for ``widget`` (what Qt's accessibility interface reports)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return "" if interface is None else interface.text(QAccessible.Text.Name).strip()


_KEY_HINT = re.compile(r"\s*\([^()]*\b(?:Ctrl|Shift|Alt|Enter|Esc|Delete|Del|Space|F\d{1,2})[^()]*\)")


def _clean(text: str) -> str:
    """A label's words: no markup, no mnemonic "&", no key hint "(Ctrl+S 발급, Esc 지우기)"."""
    text = re.sub(r"<[^>]+>", "", text or "")
    text = _KEY_HINT.sub("", text)
    return re.sub(r"&(?!&)", "", text).replace("&&", "&").strip().rstrip(":").strip()


def _wording(text: str) -> bool:
    """A label that names something: has letters and does not start with a figure ("6건 · 기한 경과 1건" is a value)."""
    figures = len(re.findall(r"\d+", text))
    return bool(re.search(r"[A-Za-z가-힣]", text)) and not text[:1].isdigit() and figures < 2


def _form_label(widget: QWidget) -> str:
    """The label of the form row holding ``widget`` or one of its two nearest containers; a field inside a
    container row also says its own placeholder ("부 주민등록번호" beside "부 성명")."""
    current: QWidget | None = widget
    for level in range(3):
        if current is None:
            return ""
        parent = current.parentWidget()
        if parent is None:
            return ""
        for layout in [parent.layout(), *parent.findChildren(QFormLayout)]:
            if isinstance(layout, QFormLayout):
                label = layout.labelForField(current)
                if isinstance(label, QLabel) and _clean(label.text()):
                    own = _clean(widget.placeholderText()) if isinstance(widget, QLineEdit) else ""
                    if level and own and own not in _clean(label.text()) and len(own) <= 12:
                        return f"{_clean(label.text())} {own}"
                    return _clean(label.text())
        current = parent
    return ""


def _flat(layout: QLayout) -> list[QWidget]:
    found: list[QWidget] = []
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        child, inner = item.widget(), item.layout()
        if child is not None:
            found.append(child)
        elif inner is not None:
            found += _flat(inner)
    return found


def _innermost(layout: QLayout, widget: QWidget) -> QLayout | None:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        if item.widget() is widget:
            return layout
        child_layout = item.layout()
        if child_layout is not None:
            inner = _innermost(child_layout, widget)
            if inner is not None:
                return inner
    return None


def _label_before(widget: QWidget) -> str:
    """The nearest text label before ``widget`` in the innermost layout that holds it (a "기간" before a date)."""
    parent = widget.parentWidget()
    own = parent.layout() if parent is not None else None
    if own is None:
        return ""
    layout = _innermost(own, widget)
    if layout is None:
        return ""
    widgets = _flat(layout)
    before = widgets[: widgets.index(widget)] if widget in widgets else []
    for position in range(len(before) - 1, -1, -1):
        other = before[position]
        if isinstance(other, QLabel) and not other.isHidden() and other.pixmap().isNull() and "<" not in other.text():
            text = _clean(other.text())
            if text in ("~", "–", "-"):  # the end of a period: "기간 [시작] ~ [끝]"
                start = (
                    _label_before(before[position - 1])
                    if position and isinstance(before[position - 1], CONTROLS)
                    else ""
                )
                return tr("{start} 끝", start=start) if start else tr("끝 날짜")
            if _wording(text):
                return text[:60]
        if isinstance(other, CONTROLS):
            return ""  # the label before belongs to the control before
    return ""


def _group_title(widget: QWidget) -> str:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QGroupBox) and _clean(parent.title()):
            return _clean(parent.title())
        parent = parent.parentWidget()
    return ""


def _columns(view: QAbstractItemView) -> str:
    model = view.model()
    if model is None:
        return ""
    titles = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(min(model.columnCount(), 4))]
    titles = [t for t in titles if t]
    return ", ".join(titles)


def name_for(widget: QWidget) -> str:
    """A name for ``widget`` from what is shown around it; "" when there is nothing to read."""
    if isinstance(widget, QAbstractItemView):
        base = _label_before(widget) or _group_title(widget) or _clean(widget.toolTip())
        columns = _columns(widget)
        if base and columns:
            return tr("{base} 표 ({columns})", base=base, columns=columns)
        return tr("{base} 표", base=base) if base else (tr("표 ({columns})", columns=columns) if columns else "")
    name = _form_label(widget) or _label_before(widget)
    if not name and isinstance(widget, QLineEdit):
        name = _clean(widget.placeholderText())
    if not name and isinstance(widget, QDateEdit) and "Alt+" in widget.toolTip():
        return tr("날짜")  # the tooltip only says how to type a date (ui.widgets.DateField)
    if not name and isinstance(widget, QAbstractSpinBox):
        owner = widget.parentWidget()
        name = _clean(widget.toolTip()) or (_form_label(owner) if owner is not None else "")
        # what the box says around its number ("근무일 이내") or instead of it ("기한 전체")
        name = (
            name
            or " ".join(
                _clean(t) for t in (getattr(widget, "prefix", str)(), getattr(widget, "suffix", str)()) if _clean(t)
            )
            or _clean(widget.specialValueText())
        )
    if not name and isinstance(widget, QPlainTextEdit | QTextEdit):
        name = _clean(widget.placeholderText())
    return name or _clean(widget.toolTip()) or _group_title(widget)


def _inside_combo(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox):
            return True
        parent = parent.parentWidget()
    return False


def name_controls(root: QWidget) -> int:
    """Give every unnamed control under ``root`` a name (see the module text); returns how many got one."""
    named = 0
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or isinstance(widget, QHeaderView) or widget.accessibleName():
            continue
        if widget.objectName().startswith("qt_") or _inside_combo(widget):
            continue  # Qt's own parts (a table's corner button, a combo box's drop-down list) go with their owner
        parent = widget.parentWidget()
        if isinstance(widget, QLineEdit) and isinstance(parent, QAbstractSpinBox | QComboBox):
            continue
        if spoken_name(widget):
            continue
        name = name_for(widget)
        if name:
            widget.setAccessibleName(name)
            named += 1
    return named


def install_names(window: QMainWindow) -> None:
    """Name the controls of every page now, and of a page again each time it is shown."""
    for page in window.pages.values():  # type: ignore[attr-defined]
        name_controls(page)
    tabs = window.tabs  # type: ignore[attr-defined]
    tabs.currentChanged.connect(lambda _index: name_controls(tabs.currentWidget()))
