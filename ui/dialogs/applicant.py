"""민원인 조회 (F7): find a person by resident number or name; the full number only with a reason."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import applicants
from ui import ops
from ui.context import UiContext
from ui.i18n import tr
from ui.models import Column, RowsModel
from ui.widgets import FieldEnterDialog, ResidentNumberEdit, table_view

UNMASK_SECONDS = 15


class ApplicantDialog(FieldEnterDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("applicantDialog")
        self.setWindowTitle(tr("민원인 조회"))
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.rrn = ResidentNumberEdit(required=False)
        self.name = QLineEdit()
        self.name.setObjectName("applicantName")
        form.addRow(tr("주민등록번호 (Enter)"), self.rrn)
        form.addRow(tr("성명 (Enter)"), self.name)
        layout.addLayout(form)
        self.model: RowsModel[applicants.ApplicantView] = RowsModel(
            [
                Column(tr("성명"), lambda a: a.name),
                Column(tr("주민등록번호"), lambda a: a.rrn_masked),
                Column(tr("전화"), lambda a: a.phone),
                Column(tr("주소"), lambda a: a.address),
            ]
        )
        self.table = table_view("applicantTable", self.model)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.unmask_button = QPushButton(tr("전체 번호 보기… (사유 필요, 기록됨)"))
        self.unmask_button.setObjectName("unmaskButton")
        self.unmask_button.setVisible(ctx.can("rrn.unmask"))
        self.unmask_button.setAutoDefault(False)
        row.addWidget(self.unmask_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.revealed = QLabel()
        self.revealed.setObjectName("revealedNumber")
        layout.addWidget(self.revealed)
        self.rrn.edit.returnPressed.connect(self.find_by_number)
        self.name.returnPressed.connect(self.find_by_name)
        self.unmask_button.clicked.connect(lambda: self.unmask())
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.timeout.connect(self.revealed.clear)

    def find_by_number(self) -> None:
        error = self.rrn.error() or (None if self.rrn.value() else tr("주민등록번호를 입력하세요."))
        if error:
            self.revealed.setText(error)
            return
        number = self.rrn.value() or ""
        ops.load(
            self,
            self.ctx,
            lambda: applicants.find_by_resident_number(self.ctx.uow(), self.ctx.actor, number),
            done=lambda found: self._show([found] if found else [], tr("등록된 민원인이 없습니다.")),
        )

    def find_by_name(self) -> None:
        name = self.name.text()
        ops.load(
            self,
            self.ctx,
            lambda: applicants.search_by_name(self.ctx.uow(), self.ctx.actor, name),
            done=lambda rows: self._show(rows, tr("해당 성명의 민원인이 없습니다.")),
        )

    def _show(self, rows: list[applicants.ApplicantView], empty: str) -> None:
        self.model.set_rows(rows)
        self.revealed.setText("" if rows else empty)
        if rows:
            self.table.selectRow(0)

    def unmask(self, *, reason: str | None = None) -> None:
        selected = self.table.selectionModel().selectedRows()
        if not selected:
            self.revealed.setText(tr("먼저 민원인을 고르세요."))
            return
        person = self.model.row_at(selected[0].row())
        if reason is None:
            reason, ok = QInputDialog.getText(self, tr("전체 번호 보기"), tr("사유 (접속기록에 남습니다)"))
            if not ok:
                return
        ops.run(
            self,
            self.ctx,
            lambda: applicants.unmask_resident_number(
                self.ctx.uow(), self.ctx.actor, applicant_id=person.id, reason=reason or ""
            ),
            done=self._reveal,
        )

    def _reveal(self, number: str) -> None:
        self.revealed.setText(
            tr(
                "{number}  ({seconds}초 뒤 가려집니다)",
                number=number,
                seconds=UNMASK_SECONDS,
            )
        )
        self._hide_timer.start(UNMASK_SECONDS * 1000)
