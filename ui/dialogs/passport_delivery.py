"""교부 (passport delivery): the clerk confirms the collector's ID was checked and who collects.

Enter delivers, Esc cancels; a refusal (a proxy the rules do not allow, a missing name) stays in the dialog.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain import passport as pp
from app.domain.passport.status import COLLECTOR_SELF
from app.views.passport import ApplicationView
from ui.forms import FormBuilder
from ui.i18n import tr
from ui.ops import SubmitDialog


class DeliveryDialog(SubmitDialog):
    def __init__(self, view: ApplicationView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setObjectName("deliveryDialog")
        self.setWindowTitle(tr("여권 교부 — {number}", number=view.number))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{view.applicant_name}</b> ({view.rrn_masked}) · {tr(view.label)}", self))
        form = FormBuilder()
        layout.addLayout(form.layout)
        self.id_checked = QCheckBox(tr("받는 사람의 신분증을 확인했습니다"), self)
        self.id_checked.setObjectName("deliveryIdChecked")
        self.collector = QComboBox(self)
        self.collector.setObjectName("deliveryCollector")
        self.collector.addItem(tr(COLLECTOR_SELF), None)  # no data: the applicant (relation() says COLLECTOR_SELF)
        for relation in pp.PROXY_RELATIONS:
            self.collector.addItem(tr("대리 수령: {relation}", relation=relation), relation)
        self.collector_name = QLineEdit(self)
        self.collector_name.setObjectName("deliveryCollectorName")
        self.collector_name.setPlaceholderText(tr("대리 수령인 성명"))
        form.row(tr("신분증 확인"), self.id_checked)
        form.row(tr("받는 사람"), self.collector)
        form.row(tr("대리인 성명"), self.collector_name)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.ok_button.setText(tr("교부 (Enter)"))
        self.ok_button.setDefault(True)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(tr("닫기 (Esc)"))
        form.finish()
        self.collector.currentIndexChanged.connect(self._collector_changed)
        self._collector_changed()
        self.id_checked.setFocus()

    def _collector_changed(self) -> None:
        self.collector_name.setEnabled(self.collector.currentIndex() > 0)

    def relation(self) -> str:
        data = self.collector.currentData()
        return str(data) if data else COLLECTOR_SELF

    def values(self) -> dict[str, Any]:
        return {
            "id_checked": self.id_checked.isChecked(),
            "collector_relation": self.relation(),
            "collector_name": self.collector_name.text() if self.collector.currentIndex() > 0 else "",
        }

    def first_field(self) -> QWidget | None:
        return self.id_checked if not self.id_checked.isChecked() else self.collector
