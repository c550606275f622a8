"""영수증 확인 (관리 tab): scan a receipt's QR code or type its number and check code; the answer says valid,
voided, corrected or unknown. A barcode scanner types the code and Enter, as a clerk would."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.services import receipts
from app.views.receipts import ReceiptCheckView
from ui import ops
from ui.context import UiContext
from ui.errors import message_for
from ui.i18n import N_, tr

COLOURS = {"valid": "#1b5e20", "voided": "#b00020", "corrected": "#8a6d00", "unknown": "#b00020"}
VERDICTS = {"valid": N_("유효"), "voided": N_("취소됨"), "corrected": N_("정정됨"), "unknown": N_("확인 안 됨")}


class ReceiptCheckPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.last: ReceiptCheckView | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(tr("영수증의 QR 코드를 읽히거나, 영수증 번호와 검증 코드를 입력하고 Enter를 누르세요."))
        )
        row = QHBoxLayout()
        self.code = QLineEdit()
        self.code.setObjectName("receiptCode")
        self.code.setPlaceholderText(tr("예: 20261202-0001 ABCD-1234"))
        self.check_button = QPushButton(tr("확인 (Enter)"))
        self.check_button.setObjectName("receiptCheck")
        row.addWidget(self.code, 1)
        row.addWidget(self.check_button)
        layout.addLayout(row)
        self.answer = QLabel()
        self.answer.setObjectName("receiptAnswer")
        self.answer.setWordWrap(True)
        layout.addWidget(self.answer)
        layout.addStretch(1)
        self.code.returnPressed.connect(self.check)
        self.check_button.clicked.connect(self.check)

    def check(self) -> None:
        text, ctx = self.code.text(), self.ctx

        def done(view: ReceiptCheckView) -> None:
            self.last = view
            colour = COLOURS.get(view.verdict, "#000000")
            self.answer.setStyleSheet(f"color: {colour}; font-weight: bold; font-size: 13pt")
            verdict = tr(VERDICTS[view.verdict]) if view.verdict in VERDICTS else view.verdict
            self.answer.setText(tr("[{verdict}] {message}", verdict=verdict, message=view.message))
            self.code.selectAll()

        def refused(exc: BaseException) -> None:
            self.answer.setStyleSheet("color: #b00020")
            self.answer.setText(message_for(exc)[0])

        ops.load(self, ctx, lambda: receipts.check_receipt(ctx.uow(), ctx.actor, text=text), done=done, refused=refused)
