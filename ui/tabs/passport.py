"""The 여권 tab: intake with fee and receipt, the list of applications and their steps to delivery, the
uncollected passports and the emergency countdown; the guide assistant gets the fee and checklist desk instead.

Every service call runs through ``ui.ops.run``; every save and every step carries a client id from
``ui.ops.RetryKeys``, so that a retry after a lost reply is answered with what was already done.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import passport as pp
from app.domain.calendar import SEOUL
from app.domain.passport.status import ARRIVED, DELIVERED, PRODUCTION, RECEIVED, REVIEW
from app.formatting import date_time, number, short_date, won
from app.i18n import ntr
from app.services import passports as ps
from app.services import printing
from app.services.output import output_path
from app.services.passports import queries as passport_queries
from app.services.printing import PendingPrint
from app.views.passport import ApplicationView, LossReportView, RefundView, UncollectedView
from ui import ops
from ui.connection import refresh_timer
from ui.context import UiContext
from ui.dialogs.passport_delivery import DeliveryDialog
from ui.dialogs.passport_loss import LossReportDialog
from ui.dialogs.passport_proof import ReducedProofDialog
from ui.errors import message_for, show_error
from ui.i18n import tr
from ui.ops import SubmitDialog
from ui.printing import render_and_deliver
from ui.tabs.passport_board import EmergencyBoard
from ui.tabs.passport_guide import GuidePassportTab, print_checklist_sheet
from ui.tabs.passport_intake import IntakeForm
from ui.tabs.passport_models import applications_model, passport_table, uncollected_model
from ui.widgets import counted_suffix

# The receipt of an intake prints under the permission that took it (the night window's last intake too).
INTAKE_PERMISSION = "passport.intake"


class PassportTab(QWidget):
    """Counter clerks and night staff: intake on the left, lists on the right, the emergency board on top."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.intake_keys = ops.RetryKeys()
        self.action_keys = ops.RetryKeys()
        self.last_pdf = ""
        self.dialog: SubmitDialog | None = None

        outer = QVBoxLayout(self)
        self.board = EmergencyBoard(ctx, lambda: self.clock(), status=self._say, parent=self)
        outer.addWidget(self.board)
        self.intake = IntakeForm(ctx, lambda: self.clock(), report=self._say, refused=self._refused, parent=self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.intake)
        splitter.addWidget(self._build_lists())
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 7)
        splitter.setSizes([520, 740])
        outer.addWidget(splitter, 1)
        self.status = QLabel(
            tr(
                "Ctrl+N 새 신청 · Ctrl+E 긴급여권 · Ctrl+S/Enter 접수·수납 · Ctrl+R 다음 단계 · Ctrl+D 교부 · "
                "Ctrl+L 분실 신고 · Ctrl+P 구비서류 출력 · Esc 지우기"
            ),
            self,
        )
        self.status.setObjectName("passportStatus")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)

        form = self.intake
        form.exit_to = self.applications_view
        form.save_button.clicked.connect(self.save)
        form.new_button.clicked.connect(self.new_application)
        form.loss_button.clicked.connect(self.report_loss)
        form.print_button.clicked.connect(self.print_checklist)
        ops.install_shortcuts(
            self,
            [
                ("Ctrl+N", self.new_application),
                ("Ctrl+E", self.new_emergency),
                ("Ctrl+S", self.save),
                ("Ctrl+R", self.advance),
                ("Ctrl+D", self.deliver),
                ("Ctrl+K", form.check_eligibility),
                ("Ctrl+L", self.report_loss),
                ("Ctrl+P", self.print_checklist),
                ("Esc", self.clear_form),
            ],
        )
        enter = QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)
        ops.install_shortcuts(form.form, [(keys.toString(), self._enter) for keys in enter])
        form.update_form()
        # the list follows what this and other counters commit (ui.changes); the board has its own refresher
        self.live = refresh_timer(self, ctx, 3_600_000, lambda: self.refresh(board=False), topics=("passports",))
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        """Coming to the tab (F3) puts the cursor in the form."""
        super().showEvent(event)
        focused = QApplication.focusWidget()
        if focused is None or not self.isAncestorOf(focused):
            self.intake.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _build_lists(self) -> QWidget:
        self.lists = QTabWidget(self)
        self.lists.setObjectName("passportLists")

        page = QWidget(self.lists)
        layout = QVBoxLayout(page)
        # A whole application number typed here is read by its unique number (issue 17), whatever its status or
        # age, and shown selected in the list.
        find = QHBoxLayout()
        find_label = QLabel(tr("접수 번호"), page)
        self.number_edit = QLineEdit(page)
        self.number_edit.setObjectName("passportNumberFind")
        self.number_edit.setPlaceholderText(tr("P20261125-0001 · Enter"))
        self.number_edit.setMaxLength(30)
        find_label.setBuddy(self.number_edit)
        self.number_edit.returnPressed.connect(self.find_by_number)
        find.addWidget(find_label)
        find.addWidget(self.number_edit, 1)
        layout.addLayout(find)
        self.applications_model = applications_model(page)
        self.applications_view = passport_table(self.applications_model, "applicationsTable", page)
        self.applications_view.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())
        layout.addWidget(self.applications_view, 1)
        row = QHBoxLayout()
        self.advance_button = QPushButton(tr("다음 단계 (Ctrl+R)"), page)
        self.advance_button.setObjectName("advanceButton")
        self.deliver_button = QPushButton(tr("교부 (Ctrl+D)"), page)
        self.deliver_button.setObjectName("deliverButton")
        self.proof_button = QPushButton(tr("감면 증빙 접수"), page)
        self.proof_button.setObjectName("reducedProofButton")
        self.refresh_button = QPushButton(tr("새로 고침"), page)
        for button in (self.advance_button, self.deliver_button, self.proof_button, self.refresh_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.lists.addTab(page, tr("접수·교부 현황"))

        page = QWidget(self.lists)
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        self.uncollected_days = QSpinBox(page)
        self.uncollected_days.setObjectName("uncollectedDays")
        self.uncollected_days.setRange(0, 365)
        counted_suffix(self.uncollected_days, lambda n: ntr(" 일", " 일", n))
        try:
            rule: pp.KeepingRule | None = pp.keeping_rule(self.clock())
        except ValueError:
            rule = None
        self.uncollected_days.setValue(rule.uncollected_notice_days if rule else 30)
        keeping = tr("(발급 후 {months}개월)", months=number(rule.keeping_months)) if rule else ""
        self.uncollected_button = QPushButton(tr("조회"), page)
        self.uncollected_button.setObjectName("uncollectedButton")
        top.addWidget(QLabel(tr("도착 후"), page))
        top.addWidget(self.uncollected_days)
        top.addWidget(
            QLabel(tr("이 지나도록 찾아가지 않은 여권과 보관기간{keeping}이 지난 여권", keeping=keeping), page), 1
        )
        top.addWidget(self.uncollected_button)
        layout.addLayout(top)
        self.uncollected_model = uncollected_model(page)
        self.uncollected_view = passport_table(self.uncollected_model, "uncollectedTable", page)
        layout.addWidget(self.uncollected_view, 1)
        self.lists.addTab(page, tr("미수령 여권"))

        self.advance_button.clicked.connect(self.advance)
        self.deliver_button.clicked.connect(self.deliver)
        self.proof_button.clicked.connect(self.reduced_proof)
        self.refresh_button.clicked.connect(self.refresh)
        self.uncollected_button.clicked.connect(self.load_uncollected)
        self.uncollected_days.editingFinished.connect(self.load_uncollected)
        self.lists.currentChanged.connect(lambda i: self.load_uncollected() if i == 1 else None)
        self._update_actions()
        return self.lists

    # -- how results and refusals are shown -----------------------------------

    def _say(self, text: str) -> None:
        self.status.setText(text)

    def _refused(self, exc: BaseException) -> None:
        """A refusal of something the clerk did: its first line below, the whole of it in a message box."""
        self.status.setText(message_for(exc)[0].splitlines()[0])
        show_error(self, exc)
        ops.focus_wrong_field(exc, self.intake.field_widgets())  # once the box is closed, on the wrong field

    def _refused_quietly(self, exc: BaseException) -> None:
        """A refusal of a background refresh: in the status line only (no box popping up on its own)."""
        self.status.setText(message_for(exc)[0])

    def _enter(self) -> None:
        """Enter saves the form, except on another button (자격 확인, 분실 신고, …): that button is pressed."""
        focused = QApplication.focusWidget()
        form = self.intake
        if isinstance(focused, QPushButton) and focused is not form.save_button and form.form.isAncestorOf(focused):
            focused.click()
            return
        self.save()

    # -- the form -----------------------------------------------------------

    def clear_form(self) -> None:
        self.intake_keys.reset()
        self.intake.clear()

    def new_application(self) -> None:
        self.clear_form()
        self.status.setText(tr("새 여권 신청: 성명부터 입력하세요."))

    def new_emergency(self) -> None:
        """Ctrl+E: the form becomes an emergency application (keeping the applicant already typed)."""
        self.intake.make_emergency()
        self.status.setText(
            tr(
                "긴급여권: 자격 확인 → 수납 → 근무시간 3시간 안에 교부 (마감 시각은 '처리 기한' 줄에). "
                "도착국 인정 여부 안내를 잊지 마세요."
            )
        )

    def save(self) -> None:
        """접수·수납: one service call takes the application and its fee; the receipt prints in the same task."""
        values = self.intake.values()
        ctx, now = self.ctx, self.clock()
        begun_at = self.intake.begun_at
        key = self.intake_keys.key("intake", values)
        settings = ctx.app.settings
        paper = settings.get("receipt_format")

        def work() -> tuple[ApplicationView, PendingPrint]:
            view = ps.take_application(ctx.uow(), ctx.actor, form=values, client_uuid=key, now=now, begun_at=begun_at)
            assert view.receipt is not None, "intake returns its receipt"
            path = output_path(settings, "영수증", view.receipt.number)
            # The print's intent is logged here; the PDF is rendered and printed off the database worker.
            pending = printing.prepare_receipt_print(
                ctx.uow(),
                ctx.actor,
                receipt=view.receipt,
                path=path,
                paper=paper,
                permission=INTAKE_PERMISSION,
                now=now,
            )
            return view, pending

        def done(result: tuple[ApplicationView, PendingPrint]) -> None:
            view, pending = result
            path = pending.path
            self.intake_keys.settled("intake", values)
            self.last_pdf = str(path)
            render_and_deliver(
                self,
                ctx,
                lambda: pending,
                paper="receipt",
                routine=True,
                title=tr("영수증 {receipt_number}", receipt_number=view.receipt_number),
            )
            self.clear_form()
            self.refresh(select=view.id)
            due = tr(" · 교부 기한 {due_at}", due_at=date_time(view.due_at)) if view.due_at else ""
            self.status.setText(
                tr(
                    "접수했습니다: {number} · 영수증 {receipt_number} · {total} (발급수수료 {fee} + 국제교류기여금 "
                    "{contribution}){due} · 영수증 PDF: {path}",
                    number=view.number,
                    receipt_number=view.receipt_number,
                    total=won(view.total),
                    fee=won(view.fee),
                    contribution=won(view.contribution),
                    due=due,
                    path=path,
                )
            )
            self.applications_view.setFocus()

        ops.run(self, ctx, work, done=done, refused=self._refused)

    def print_checklist(self) -> None:
        age = self.intake.age()
        if age is None:
            self.status.setText(tr("구비서류 안내: 주민등록번호를 입력하면 나이에 맞는 안내를 출력합니다."))
            return
        situation = self.intake.situation(age)
        request = self.intake.choice.request(age)
        print_checklist_sheet(self, self.ctx, situation, request, self.clock(), self.status)

    # -- the list and its actions ---------------------------------------------

    def selected(self) -> ApplicationView | None:
        index = self.applications_view.currentIndex()
        return self.applications_model.get(index.row()) if index.isValid() else None

    def _update_actions(self) -> None:
        view = self.selected()
        self.advance_button.setEnabled(view is not None and view.status in (RECEIVED, REVIEW, PRODUCTION))
        self.deliver_button.setEnabled(view is not None and view.status == ARRIVED)
        self.proof_button.setEnabled(view is not None and view.emergency and not view.reduced)

    def refresh(self, *, select: int | None = None, board: bool = True) -> None:
        ctx, now = self.ctx, self.clock()
        current = self.selected()
        keep = select if select is not None else (current.id if current else None)

        def done(rows: list[ApplicationView]) -> None:
            self.applications_model.set_rows(rows)
            i = self.applications_model.find(lambda row: row.id == keep)
            if i >= 0:
                self.applications_view.selectRow(i)
                self.applications_view.setCurrentIndex(self.applications_model.index(i, 0))
            self._update_actions()
            if board:
                self.load_board()

        ops.run(
            self,
            ctx,
            lambda: ps.list_applications(ctx.uow(), ctx.actor, now=now),
            done=done,
            refused=self._refused_quietly,
        )

    def find_by_number(self) -> None:
        """The application with the typed whole number, selected in the list (put first when the list, open
        ones and today's deliveries, does not hold it)."""
        text = self.number_edit.text().strip()
        if not text:
            return
        ctx = self.ctx

        def done(view: ApplicationView) -> None:
            i = self.applications_model.find(lambda row: row.id == view.id)
            if i < 0:
                self.applications_model.set_rows([view, *self.applications_model.rows])
                i = 0
            self.applications_view.selectRow(i)
            self.applications_view.setCurrentIndex(self.applications_model.index(i, 0))
            self._update_actions()
            self.status.setText(
                tr("{number}: '{status_label}' 단계입니다.", number=view.number, status_label=view.status_label)
            )

        ops.run(
            self,
            ctx,
            lambda: passport_queries.find_application(ctx.uow(), ctx.actor, number=text),
            done=done,
            refused=self._refused,
        )

    def load_board(self) -> None:
        self.board.load()

    def advance(self) -> None:
        view = self.selected()
        if view is None:
            self.status.setText(tr("오른쪽 목록에서 신청을 고르세요."))
            return
        target = view.next_status
        if target is None or target == DELIVERED:
            if target == DELIVERED:
                text = tr(
                    "{number}: '{status_label}' 단계입니다. 교부는 Ctrl+D로 합니다.",
                    number=view.number,
                    status_label=view.status_label,
                )
            else:
                text = tr(
                    "{number}: '{status_label}' 단계입니다. 더 진행할 단계가 없습니다.",
                    number=view.number,
                    status_label=view.status_label,
                )
            self.status.setText(text)
            return
        ctx, now = self.ctx, self.clock()
        request = ("advance", view.id, target)
        key = self.action_keys.key(*request)

        def done(result: ApplicationView) -> None:
            self.action_keys.settled(*request)
            if result.status == ARRIVED and result.sms_consent:
                text = tr(
                    "{number}: '{status_label}' 단계로 넘겼습니다 · 도착 문자를 보냅니다.",
                    number=result.number,
                    status_label=result.status_label,
                )
            else:
                text = tr(
                    "{number}: '{status_label}' 단계로 넘겼습니다.",
                    number=result.number,
                    status_label=result.status_label,
                )
            self.status.setText(text)
            self.refresh(select=result.id)

        ops.run(
            self,
            ctx,
            lambda: ps.advance_application(
                ctx.uow(), ctx.actor, application_id=view.id, to_status=target, client_uuid=key, now=now
            ),
            done=done,
            refused=self._refused,
        )

    def _open(
        self, dialog: SubmitDialog, call: Callable[[dict[str, Any]], Callable[[], Any]], done: Callable[[Any], None]
    ) -> None:
        """Run ``dialog`` (it stays open on a refusal); Esc puts the cursor back in the list."""
        self.dialog = dialog

        def closed(_result: int) -> None:
            self.dialog = None
            self.applications_view.setFocus()

        dialog.finished.connect(closed)
        ops.run_dialog(dialog, self.ctx, call, done=done)

    def deliver(self) -> None:
        view = self.selected()
        if view is None:
            self.status.setText(tr("오른쪽 목록에서 교부할 여권을 고르세요."))
            return
        if view.status != ARRIVED:
            self.status.setText(
                tr(
                    "{number}: 도착한 여권만 교부합니다 (현재 '{status_label}').",
                    number=view.number,
                    status_label=view.status_label,
                )
            )
            return
        ctx, sent = self.ctx, list[tuple[object, ...]]()

        def call(values: dict[str, Any]) -> Callable[[], ApplicationView]:
            sent[:] = [("deliver", view.id, values)]
            key = self.action_keys.key(*sent[0])
            now = self.clock()
            return lambda: ps.deliver_passport(
                ctx.uow(), ctx.actor, application_id=view.id, client_uuid=key, now=now, **values
            )

        def done(result: ApplicationView) -> None:
            self.action_keys.settled(*sent[0])
            who = {
                "number": result.number,
                "collector_relation": result.collector_relation,
                "collector_name": result.collector_name,
            }
            if result.delivered_late:
                text = tr("{number}: {collector_relation} {collector_name}에게 교부했습니다 (처리기한 경과).", **who)
            else:
                text = tr("{number}: {collector_relation} {collector_name}에게 교부했습니다.", **who)
            self.status.setText(text)
            self.refresh(select=result.id)
            self.applications_view.setFocus()

        self._open(DeliveryDialog(view, self), call, done)

    def reduced_proof(self) -> None:
        view = self.selected()
        if view is None or not view.emergency:
            self.status.setText(tr("감면 증빙은 긴급여권 신청에만 받습니다. 목록에서 고르세요."))
            return
        ctx, sent = self.ctx, list[tuple[object, ...]]()

        def call(values: dict[str, Any]) -> Callable[[], RefundView]:
            sent[:] = [("refund", view.id, values)]
            key = self.action_keys.key(*sent[0])
            now = self.clock()
            return lambda: ps.apply_reduced_fee_with_proof(
                ctx.uow(), ctx.actor, application_id=view.id, client_uuid=key, now=now, **values
            )

        def done(refund: RefundView) -> None:
            self.action_keys.settled(*sent[0])
            self.status.setText(
                tr(
                    "{application_number}: 감면 적용, 차액 {amount:을/를} {method:으로/로} 환급했습니다 (영수증 "
                    "{receipt_number:은/는} 그대로 두고 환급 기록).",
                    application_number=refund.application_number,
                    amount=won(refund.amount),
                    method=refund.method,
                    receipt_number=refund.receipt_number,
                )
            )
            self.refresh(select=view.id)

        self._open(ReducedProofDialog(view, self), call, done)

    def report_loss(self) -> None:
        form = self.intake
        if not self.ctx.can("passport.loss_report"):
            self.status.setText(
                tr("'{role_label}' 권한으로는 분실 신고를 받을 수 없습니다.", role_label=self.ctx.actor.role_label)
            )
            return
        if not form.name_edit.text().strip() or form.rrn.parsed() is None:
            self.status.setText(tr("분실 신고: 먼저 신청인의 성명과 주민등록번호를 입력하세요."))
            form.name_edit.setFocus()
            return
        name, rrn, phone = form.name_edit.text(), form.rrn.value() or "", form.phone.text()
        ctx, sent = self.ctx, list[tuple[object, ...]]()

        def call(values: dict[str, Any]) -> Callable[[], LossReportView]:
            sent[:] = [("loss", name, rrn, phone, values)]
            key = self.action_keys.key(*sent[0])
            now = self.clock()
            return lambda: ps.record_loss_report(
                ctx.uow(), ctx.actor, name=name, resident_number=rrn, phone=phone, client_uuid=key, now=now, **values
            )

        def done(report: LossReportView) -> None:
            self.action_keys.settled(*sent[0])
            self.status.setText(
                tr(
                    "분실 신고를 기록했습니다: {number} ({applicant_name}, 분실일 {lost_on}).",
                    number=report.number,
                    applicant_name=report.applicant_name,
                    lost_on=short_date(report.lost_on),
                )
            )
            form.eligibility = None
            form.eligibility_label.setText("")

        self._open(LossReportDialog(name, self.clock().astimezone(SEOUL).date(), self), call, done)

    def load_uncollected(self) -> None:
        ctx, now, days = self.ctx, self.clock(), self.uncollected_days.value()

        def done(rows: list[UncollectedView]) -> None:
            self.uncollected_model.set_rows(rows)
            expired = sum(r.past_keeping for r in rows)
            self.status.setText(
                tr(
                    "미수령 여권 {count}건 (보관기간 경과 {expired}건).",
                    count=number(len(rows)),
                    expired=number(expired),
                )
            )

        ops.run(
            self,
            ctx,
            lambda: ps.list_uncollected(ctx.uow(), ctx.actor, older_than_days=days, now=now),
            done=done,
            refused=self._refused,
        )


def create_tab(ctx: UiContext) -> QWidget:
    """The counter's passport tab, or the guide's fee and checklist desk for a role that takes no passports."""
    if ctx.can("passport.intake") or ctx.can("passport.deliver"):
        return PassportTab(ctx)
    if ctx.can("fee.quote"):
        return GuidePassportTab(ctx)
    page = QLabel(
        tr("<h3>여권</h3><p>'{role_label}' 권한으로는 여권 업무를 볼 수 없습니다.</p>", role_label=ctx.actor.role_label)
    )
    page.setObjectName("passportNoPermission")
    page.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return page
