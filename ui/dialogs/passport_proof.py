"""감면 증빙 접수: the proof for the reduced emergency fee, brought after intake; the difference is refunded (환급)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.passport.status import REFUND_METHODS
from app.formatting import short_date, won
from app.views.passport import ApplicationView
from ui.forms import FormBuilder
from ui.i18n import tr
from ui.ops import SubmitDialog


class ReducedProofDialog(SubmitDialog):
    def __init__(self, view: ApplicationView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setObjectName("reducedProofDialog")
        self.setWindowTitle(tr("긴급여권 감면 증빙 — {number}", number=view.number))
        layout = QVBoxLayout(self)
        if view.reduced_proof_due:
            paid = tr(
                "{applicant_name} · 낸 수수료 {total} (제출 기한 {proof_due})",
                applicant_name=view.applicant_name,
                total=won(view.total),
                proof_due=short_date(view.reduced_proof_due),
            )
        else:
            paid = tr("{applicant_name} · 낸 수수료 {total}", applicant_name=view.applicant_name, total=won(view.total))
        layout.addWidget(QLabel(paid, self))
        form = FormBuilder()
        layout.addLayout(form.layout)
        self.proof = QLineEdit(self)
        self.proof.setObjectName("reducedProof")
        self.proof.setPlaceholderText(tr("예: 사망진단서, 진단서(위독)"))
        self.method = QComboBox(self)
        self.method.setObjectName("refundMethod")
        for method in REFUND_METHODS:  # the label in the UI language, the method (what the service takes) as data
            self.method.addItem(tr(method), method)
        form.row(tr("제출한 증빙"), self.proof)
        form.row(tr("환급 방법"), self.method)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.ok_button.setText(tr("감면 적용·차액 환급 (Enter)"))
        self.ok_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("닫기 (Esc)"))
        form.finish()
        self.proof.setFocus()

    def values(self) -> dict[str, Any]:
        return {"proof": self.proof.text(), "refund_method": str(self.method.currentData())}

    def first_field(self) -> QWidget | None:
        return self.proof
