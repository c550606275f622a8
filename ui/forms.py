"""A small form builder: rows of label and field in a ``QFormLayout``, with the Tab order they were added in.

Qt's own tab order follows widget creation, which drifts as a form grows (a field created early but placed
late, a scroll area or a helper widget taking a Tab stop of its own). A form built here sets the order once
from the rows, so Tab walks the fields as the clerk reads them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QWidget


class FormBuilder:
    def __init__(self, parent: QWidget | None = None, *, layout: QFormLayout | None = None) -> None:
        self.layout = layout if layout is not None else QFormLayout(parent)
        self.fields: list[QWidget] = []

    def row(self, label: str, field: QWidget, *, focus: QWidget | None = None) -> QWidget:
        """Add ``label: field``; ``focus`` is the widget Tab should reach (default: the field itself)."""
        self.layout.addRow(label, field)
        self.fields.append(focus or field)
        return field

    def row_of(self, label: str, *fields: QWidget, stretch_last: bool = False) -> QWidget:
        """Several fields on one row (keeps a form short enough to see whole); each is a Tab stop in turn."""
        holder = QWidget()
        line = QHBoxLayout(holder)
        line.setContentsMargins(0, 0, 0, 0)
        for i, field in enumerate(fields):
            line.addWidget(field, 1 if stretch_last and i == len(fields) - 1 else 0)
        if not stretch_last:
            line.addStretch(1)
        holder.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.layout.addRow(label, holder)
        self.fields.extend(fields)
        return holder

    def note(self, text: str) -> QLabel:
        """A line of explanation across the form (no Tab stop)."""
        label = QLabel(text)
        label.setWordWrap(True)
        self.layout.addRow(label)
        return label

    def finish(self) -> list[QWidget]:
        """Set the Tab order from the rows; returns the fields in that order."""
        for first, second in zip(self.fields, self.fields[1:], strict=False):
            QWidget.setTabOrder(first, second)
        return list(self.fields)
