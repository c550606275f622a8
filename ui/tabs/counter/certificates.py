"""증명 발급 screen: applicant, kind, copies, exemption, payment → one receipt, printed through the print path."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from app.formatting import number, won
from app.i18n import ntr
from app.services import certificates as certs
from app.services.errors import ServiceError
from app.services.output import output_path
from app.services.printing import PendingPrint
from app.views.certificates import CertificateIssueView, CertificateLine
from ui import ops
from ui.context import UiContext
from ui.errors import FieldError, show_error
from ui.forms import FormBuilder
from ui.i18n import N_, tr
from ui.keymap import declare_keys
from ui.models import Column, RowsModel
from ui.printing import render_and_deliver
from ui.widgets import MoneyLabel, ResidentNumberEdit, counted_suffix, enter_button, table_view

NO_KIND = N_("— 증명서 선택 —")
# 결제 방법: the code the services store (Korean, as the receipts print it) → its label on screen
PAYMENT_METHODS = (("현금", N_("현금")), ("카드", N_("카드")))


class CertificatesPage(QWidget):
    """제증명 발급: applicant, kind, copies, exemption, payment → receipt. Enter or Ctrl+S issues; Ctrl+Enter adds
    another kind to the list; Delete removes the selected line; Esc clears."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.keys = ops.RetryKeys()
        self.last_issue: CertificateIssueView | None = None
        self.last_pdf: Path | None = None
        # True while an issue is on its way: a second press then issues nothing. Cleared by its answer, or
        # when the task runner is idle again (an unexpected error has no answer of its own).
        self._issuing = False
        ctx.tasks.busy_changed.connect(self._tasks_busy)
        layout = QHBoxLayout(self)
        form_box = QGroupBox(tr("발급 신청 (Enter/Ctrl+S 발급, Ctrl+Enter 줄 추가, Esc 지우기)"))
        form = FormBuilder(form_box)
        self.name = QLineEdit()
        self.name.setObjectName("certName")
        # when the clerk began this issue: the night window lets one begun before its end be finished
        self.begun_at: datetime | None = None
        self.name.textEdited.connect(self._begin)
        self.name.setPlaceholderText(tr("민원인 성명"))
        self.rrn = ResidentNumberEdit(required=False)
        self.rrn.setObjectName("certRrn")
        self.phone = QLineEdit()
        self.phone.setObjectName("certPhone")
        self.phone.setPlaceholderText(tr("선택"))
        self.kind = QComboBox()
        self.kind.setObjectName("certKind")
        self.kinds = certs.available_kinds(ctx.actor)
        # After a line is added the form shows no kind, so that nothing on screen is left out of the issue.
        self.kind.addItem(tr(NO_KIND), None)
        for k in self.kinds:
            fee = k.fee("counter")
            if k.verified:
                label = tr("{name} ({fee}/부)", name=k.name, fee=won(fee or 0))
            else:
                label = tr("{name} ({fee}/부 · 수수료 미확인)", name=k.name, fee=won(fee or 0))
            self.kind.addItem(label, k.code)
        self.copies = QSpinBox()
        self.copies.setObjectName("certCopies")
        self.copies.setRange(1, 100)
        counted_suffix(self.copies, lambda n: ntr(" 부", " 부", n))
        self.exemption = QComboBox()
        self.exemption.setObjectName("certExemption")
        self.payment = QComboBox()
        self.payment.setObjectName("certPayment")
        for code, label in PAYMENT_METHODS:
            self.payment.addItem(tr(label), code)
        self.received = QLineEdit()
        self.received.setObjectName("certReceived")
        self.received.setPlaceholderText(tr("받은 금액 (원, 선택)"))
        self.received.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9,]{0,12}"), self.received))
        self.approval = QLineEdit()
        self.approval.setObjectName("certApproval")
        self.approval.setPlaceholderText(tr("카드 승인번호 (선택)"))
        self.approval.setMaxLength(40)
        self.change = QLabel()
        self.change.setObjectName("certChange")
        # The receipt's own language: Korean unless a foreign resident asks for English (issue #16); for this
        # issue only — cleared with the form.
        self.english_receipt = QCheckBox(tr("영문 영수증 (외국인)"))
        self.english_receipt.setObjectName("certEnglishReceipt")
        self.english_receipt.setAccessibleName(tr("영문 영수증 (외국인)"))
        self.english_receipt.setToolTip(
            tr("외국인 민원인이 원하면 이번 발급의 영수증을 영어로 인쇄합니다. 화면 언어와 관계없이 기본은 한국어입니다.")
        )
        self.add_button = enter_button(tr("줄 추가 (Ctrl+Enter)"))
        self.add_button.setObjectName("certAdd")
        self.issue_button = enter_button(tr("발급·수납 (Ctrl+S)"))
        self.issue_button.setObjectName("certIssue")
        form.row(tr("성명"), self.name)
        form.row(tr("주민등록번호"), self.rrn, focus=self.rrn.edit)
        form.row(tr("전화"), self.phone)
        form.row(tr("증명서"), self.kind)
        form.row(tr("부수"), self.copies)
        form.row(tr("감면"), self.exemption)
        form.row(tr("결제"), self.payment)
        form.row(tr("받은 금액"), self.received)
        form.row(tr("승인번호"), self.approval)
        form.row(tr("거스름돈"), self.change)
        form.row(tr("영수증"), self.english_receipt)
        form.row_of("", self.add_button, self.issue_button)
        form.finish()
        layout.addWidget(form_box, 2)

        right = QVBoxLayout()
        self.lines: list[CertificateLine] = []
        self.lines_model: RowsModel[tuple[str, CertificateLine, str, int]] = RowsModel(
            [
                Column(tr("증명서"), lambda r: r[0]),
                Column(tr("부수"), lambda r: r[1].copies, align_right=True),
                Column(tr("감면"), lambda r: r[2]),
                Column(tr("금액"), lambda r: won(r[3]), align_right=True),
            ]
        )
        self.lines_table = table_view("certLines", self.lines_model)
        declare_keys(self.lines_table, ("Del", N_("발급 목록에서: 선택한 줄 빼기")))  # keyPressEvent below
        right.addWidget(QLabel(tr("발급할 증명서 (Delete: 줄 삭제)")))
        right.addWidget(self.lines_table)
        total_row = QHBoxLayout()
        total_row.addWidget(QLabel(tr("합계")))
        total_row.addStretch(1)
        self.total = MoneyLabel(0)
        self.total.setObjectName("certTotal")
        total_row.addWidget(self.total)
        right.addLayout(total_row)
        self.pending_note = QLabel()
        self.pending_note.setObjectName("certPendingNote")
        self.pending_note.setWordWrap(True)
        right.addWidget(self.pending_note)
        self.status = QLabel()
        self.status.setObjectName("certStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right.addWidget(self.status)
        layout.addLayout(right, 3)
        if ctx.actor.role == "night":
            self.status.setText(tr("야간 민원실: 주민등록표 등·초본과 가족관계등록부 증명서만 발급합니다."))

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.copies.valueChanged.connect(self._update_total)
        self.exemption.currentIndexChanged.connect(self._update_total)
        self.payment.currentIndexChanged.connect(self._payment_changed)
        self.received.textChanged.connect(self._update_change)
        self.add_button.clicked.connect(self.add_line)
        self.issue_button.clicked.connect(self.issue)
        ops.install_shortcuts(
            self,
            [
                ("Ctrl+S", self.issue),
                ("Ctrl+Return", self.add_line),
                ("Ctrl+Enter", self.add_line),
                ("Esc", self.clear),
            ],
        )
        self.kind.setCurrentIndex(1 if self.kinds else 0)
        self._kind_changed()
        self._payment_changed()

    def _tasks_busy(self, busy: bool) -> None:
        if not busy:
            self._issuing = False

    def _payment_changed(self) -> None:
        """받은 금액 for cash, the approval number for a card; the other field is off (Tab skips it)."""
        cash = self.payment.currentData() == "현금"
        self.received.setEnabled(cash)
        self.approval.setEnabled(not cash)
        (self.approval if cash else self.received).clear()
        self._update_change()

    def cash_received(self) -> int | None:
        digits = self.received.text().replace(",", "").replace("원", "").strip()
        return int(digits) if digits.isascii() and digits.isdigit() else None

    def _update_change(self) -> None:
        received, total = self.cash_received(), self.total.amount
        if received is None or total is None or not self.received.isEnabled():
            self.change.clear()
        elif received < total:
            self.change.setText(tr("받은 금액이 {shortfall} 모자랍니다", shortfall=won(total - received)))
        else:
            self.change.setText(won(received - total))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.issue()
            return
        if event.key() == Qt.Key.Key_Delete and self.lines_table.hasFocus():
            self.remove_line()
            return
        super().keyPressEvent(event)

    def _kind_changed(self) -> None:
        code = self.kind.currentData()
        self.exemption.blockSignals(True)
        self.exemption.clear()
        self.exemption.addItem(tr("감면 없음"), "")
        # Only the exemptions of the chosen kind (가족관계등록부 증명서: 규칙 제28조④); the tooltip says who.
        for e in certs.exemptions(kind=code) if code else ():
            self.exemption.addItem(tr(e.label), e.code)
            self.exemption.setItemData(self.exemption.count() - 1, e.description, Qt.ItemDataRole.ToolTipRole)
        self.exemption.blockSignals(False)
        self._update_total()

    def _current(self) -> CertificateLine | None:
        code = self.kind.currentData()
        if not code:
            return None
        return CertificateLine(code, self.copies.value(), self.exemption.currentData() or None)

    def _pending(self) -> list[CertificateLine]:
        """What the screen shows: the added lines and the line in the form, when a kind is chosen there."""
        current = self._current()
        return [*self.lines, current] if current else list(self.lines)

    def _update_total(self) -> None:
        # The fee tables are data in memory: the live total needs no task.
        try:
            self.total.set_amount(certs.quote_lines(self._pending()))
        except ServiceError:
            self.total.set_amount(None)
        current = self._current()
        if self.lines and current is not None:
            name = next((k.name for k in self.kinds if k.code == current.kind), current.kind)
            self.pending_note.setText(
                tr("입력 중인 줄({name} {copies}부)도 함께 발급됩니다.", name=name, copies=number(current.copies))
            )
        else:
            self.pending_note.clear()
        self._update_change()

    def add_line(self) -> None:
        current = self._current()
        if current is None:
            return
        try:
            certs.quote_lines([current])
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.lines.append(current)
        self.kind.setCurrentIndex(0)
        self.copies.setValue(1)
        self.exemption.setCurrentIndex(0)
        self._show_lines()
        self.kind.setFocus()

    def remove_line(self) -> None:
        rows = self.lines_table.selectionModel().selectedRows()
        if rows:
            del self.lines[rows[0].row()]
            self._show_lines()

    def _show_lines(self) -> None:
        names = {k.code: k.name for k in self.kinds}
        labels = {e.code: e.label for e in certs.exemptions()}
        self.lines_model.set_rows(
            [
                (names.get(ln.kind, ln.kind), ln, labels.get(ln.exemption or "", ""), certs.quote_lines([ln]))
                for ln in self.lines
            ]
        )
        self._update_total()

    def _begin(self, *_args: object) -> None:
        if self.begun_at is None:
            self.begun_at = datetime.now(UTC)

    def clear(self) -> None:
        self.begun_at = None
        self.name.clear()
        self.rrn.clear()
        self.phone.clear()
        self.copies.setValue(1)
        self.kind.setCurrentIndex(1 if self.kinds else 0)
        self.payment.setCurrentIndex(0)
        self.received.clear()
        self.approval.clear()
        self.english_receipt.setChecked(False)
        self.lines = []
        self._show_lines()
        self.name.setFocus()

    def issue(self) -> None:
        if self._issuing:
            return  # a second press while the first is on its way issues nothing
        lines = self._pending()
        if self.rrn.error():
            show_error(self, FieldError(self.rrn.error() or tr("주민등록번호를 확인하세요.")))
            return
        request: dict[str, Any] = {
            "applicant_name": self.name.text(),
            "resident_number": self.rrn.value(),
            "phone": self.phone.text(),
            "lines": lines,
            "payment_method": self.payment.currentData(),
            "cash_received": self.cash_received(),
            "approval_no": self.approval.text().strip(),
        }
        client_uuid = self.keys.key(request)
        language = "en" if self.english_receipt.isChecked() else "ko"  # read now: the form is cleared on issue
        ctx = self.ctx
        begun_at = self.begun_at

        def issued(view: CertificateIssueView) -> None:
            self._issuing = False
            self.keys.settled(request)
            self._issued(view, language)

        def refused(exc: BaseException) -> None:
            self._issuing = False
            show_error(self, exc)

        self._issuing = True
        ops.run(
            self,
            ctx,
            lambda: certs.issue_certificates(
                ctx.uow(), ctx.actor, client_uuid=client_uuid, begun_at=begun_at, **request
            ),
            done=issued,
            refused=refused,
        )

    def _issued(self, view: CertificateIssueView, language: str = "ko") -> None:
        self.last_issue = view
        ctx = self.ctx
        path = output_path(ctx.app.settings, "영수증", view.receipt.number)
        paper = ctx.app.settings.get("receipt_format")
        summary = ", ".join(tr("{name} {copies}부", name=ln.kind_name, copies=number(ln.copies)) for ln in view.lines)

        change = view.receipt.change
        paid = ""
        if change is not None:
            paid = tr(
                " · 받은 금액 {received} · 거스름돈 {change}",
                received=won(view.receipt.cash_received or 0),
                change=won(change),
            )

        in_english = tr(" · 영문 영수증") if language == "en" else ""

        def written(pending: PendingPrint) -> None:
            self.last_pdf = pending.path
            self.status.setText(
                tr(
                    "발급했습니다: 영수증 {number} · {summary} · 합계 {total}{paid}{in_english}\n저장: {path}",
                    number=view.receipt.number,
                    summary=summary,
                    total=won(view.total),
                    paid=paid,
                    in_english=in_english,
                    path=pending.path,
                )
            )

        def printed(printer: str) -> None:
            self.status.setText(self.status.text() + tr("\n인쇄: {printer}", printer=printer))

        self.clear()
        self.status.setText(
            tr(
                "발급했습니다: 영수증 {number} · 합계 {total}{paid}{in_english}",
                number=view.receipt.number,
                total=won(view.total),
                paid=paid,
                in_english=in_english,
            )
        )
        render_and_deliver(
            self,
            ctx,
            lambda: certs.prepare_receipt_print(
                ctx.uow(), ctx.actor, issue=view, path=path, paper=paper, language=language
            ),
            paper="receipt",
            routine=True,
            title=tr("영수증 {number}", number=view.receipt.number),
            written=written,
            printed=printed,
        )
