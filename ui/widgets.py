"""Small widgets every tab uses: resident-number entry, money display, keyboard-first forms, PDF hand-off."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import QDateEdit, QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.calendar import seoul_today
from app.domain.identity import InvalidResidentNumber, ResidentNumber, parse_resident_number
from app.formatting import won


class ResidentNumberEdit(QWidget):
    """A resident-number field: typed as a password, checked as you type, shown masked once valid.

    ``value()`` gives the plain digits for the service call only; nothing else keeps them.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, required: bool = True) -> None:
        super().__init__(parent)
        self.required = required
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("rrnEdit")
        self.edit.setPlaceholderText("예: 900101-1234567")
        self.edit.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.edit.setMaxLength(16)
        self.hint = QLabel(self)
        self.hint.setObjectName("rrnHint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._check)
        self._parsed: ResidentNumber | None = None
        self._error: str | None = None

    def _check(self) -> None:
        text = self.edit.text()
        self._parsed, self._error = None, None
        if not text.strip():
            self.hint.setText("")
        else:
            try:
                self._parsed = parse_resident_number(text)
            except InvalidResidentNumber as exc:
                self._error = str(exc)
                self.hint.setStyleSheet("color: #b00020")
                self.hint.setText(self._error)
            else:
                warning = self._parsed.checksum_warning
                self.hint.setStyleSheet("color: #8a6d00" if warning else "color: #1b5e20")
                self.hint.setText(f"{self._parsed.masked()} · {self._parsed.sex_korean} · 만 "
                                  f"{self._parsed.age_on(seoul_today())}세"
                                  + (f"\n주의: {warning}" if warning else ""))
        self.changed.emit()

    def parsed(self) -> ResidentNumber | None:
        return self._parsed

    def error(self) -> str | None:
        """The Korean reason the current text is not acceptable, or None."""
        if self._error:
            return self._error
        if self.required and self._parsed is None:
            return "주민등록번호를 입력하세요."
        return None

    def value(self) -> str | None:
        return self._parsed.digits if self._parsed else None

    def clear(self) -> None:
        self.edit.clear()


class MoneyLabel(QLabel):
    """An amount in won, right-aligned and bold."""

    def __init__(self, amount: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet("font-weight: bold; font-size: 14pt")
        self.set_amount(amount)

    def set_amount(self, amount: int | None) -> None:
        self.amount = amount
        self.setText("-" if amount is None else won(amount))


class EnterLineEdit(QLineEdit):
    """A line edit that moves to the next field on Enter unless it is the last one (then it submits)."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        from PySide6.QtCore import Qt

        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
            return
        super().keyPressEvent(event)


def present_pdf(path: Path) -> None:
    """Hand a generated PDF to the desktop (viewer/printer); tests set MINWON_NO_OPEN_PDF=1."""
    if os.environ.get("MINWON_NO_OPEN_PDF") == "1" or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(day: date, *, name: str = "") -> QDateEdit:
    """A date field with a calendar pop-up, written 2026-11-25."""
    edit = QDateEdit(qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    if name:
        edit.setObjectName(name)
    return edit


class FieldEnterDialog(QDialog):
    """A dialog whose fields handle Enter themselves (returnPressed): QDialog must not also press a button,
    which would, for example, count one wrong password twice or open a second dialog."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        from PySide6.QtCore import Qt

        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)
