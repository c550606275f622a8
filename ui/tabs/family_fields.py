"""Fields the 가족관계등록 forms share: a person (name and resident number) and a date that may start empty."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from app.views.family import PersonInput
from ui.errors import FieldError
from ui.i18n import tr
from ui.widgets import DateField, ResidentNumberEdit, date_field


class PersonFields(QWidget):
    """Name and resident number of one person on one row."""

    def __init__(self, label: str, *, rrn_required: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(tr("성명"))
        self.name.setMaximumWidth(130)
        self.rrn = ResidentNumberEdit(self, required=False)
        self.rrn.edit.setPlaceholderText(tr("주민등록번호") + ("" if rrn_required else tr(" (있으면)")))
        layout.addWidget(self.name, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.rrn, 1)
        # The hint under the number takes room only when it says something.
        self.rrn.hint.setVisible(False)
        self.rrn.changed.connect(lambda: self.rrn.hint.setVisible(bool(self.rrn.hint.text())))
        self.setFocusProxy(self.name)

    def value(self) -> PersonInput | None:
        if self.rrn.edit.text().strip() and self.rrn.parsed() is None:
            raise FieldError("{person}의 주민등록번호: {problem}", person=self.label, problem=self.rrn.error())
        if not self.name.text().strip() and not self.rrn.edit.text().strip():
            return None
        return PersonInput(self.name.text(), self.rrn.value())

    def clear(self) -> None:
        self.name.clear()
        self.rrn.clear()


def optional_date(parent: QWidget, *, name: str = "", hint: str = " ") -> DateField:
    """The one date field, empty at first (None until the clerk types a date); ``hint`` shows while empty."""
    field = date_field(None, name=name, parent=parent, optional=True)
    field.setSpecialValueText(hint)
    return field
