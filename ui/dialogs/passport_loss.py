"""분실 신고 (a lost passport) for the applicant typed in the intake form: when, where, how."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from ui.forms import FormBuilder
from ui.i18n import tr
from ui.ops import SubmitDialog
from ui.widgets import date_field, qdate


class LossReportDialog(SubmitDialog):
    def __init__(self, name: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lossReportDialog")
        self.setWindowTitle(tr("여권 분실 신고 — {name}", name=name))
        layout = QVBoxLayout(self)
        form = FormBuilder()
        layout.addLayout(form.layout)
        self.lost_on = date_field(today, name="lossDate", parent=self)
        self.lost_on.setMaximumDate(qdate(today))
        self.place = QLineEdit(self)
        self.place.setObjectName("lossPlace")
        self.circumstances = QPlainTextEdit(self)
        self.circumstances.setObjectName("lossCircumstances")
        self.circumstances.setTabChangesFocus(True)
        self.circumstances.setFixedHeight(70)
        self.passport_number = QLineEdit(self)
        self.passport_number.setObjectName("lossPassportNumber")
        self.passport_number.setPlaceholderText(tr("알면 적으세요 (예: M12345678)"))
        form.row(tr("분실일"), self.lost_on)
        form.row(tr("분실 장소"), self.place)
        form.row(tr("분실 경위"), self.circumstances)
        form.row(tr("여권번호"), self.passport_number)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.ok_button.setText(tr("신고 기록 (Enter)"))
        self.ok_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("닫기 (Esc)"))
        form.finish()
        self.lost_on.setFocus()

    def lost_date(self) -> date | None:
        return self.lost_on.value()

    def values(self) -> dict[str, Any]:
        return {
            "lost_on": self.lost_date(),
            "place": self.place.text(),
            "circumstances": self.circumstances.toPlainText(),
            "passport_number": self.passport_number.text(),
        }

    def first_field(self) -> QWidget | None:
        if len(self.place.text().strip()) < 2:
            return self.place
        if len(self.circumstances.toPlainText().strip()) < 2:
            return self.circumstances
        return self.lost_on
