"""통계·마감 tab: the day's receipts (reprint, void), the day close (blind cash count, a confirmation naming the day
and its totals, a supervisor's reopen, the printed close and its Excel export), and takings by item over a period."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

from babel.dates import format_date
from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.calendar import seoul_today
from app.formatting import local, number, short_date, won
from app.services import dayclose, printing, receipts
from app.services.output import output_path
from app.services.printing import PendingPrint
from app.views.receipts import ReceiptView
from ui import ops
from ui.connection import refresh_timer
from ui.context import UiContext
from ui.i18n import N_, language, tr
from ui.models import Column, RowsModel
from ui.printing import deliver, render_and_deliver
from ui.tabs import TAB_PERMISSIONS
from ui.widgets import ListTable, date_edit, pydate

# a receipt's state in the day's list (an issued receipt shows nothing)
RECEIPT_STATES = {"voided": N_("취소됨"), "correction": N_("정정")}


def weekday(day: date) -> str:
    """The short weekday in the UI language (수 / Wed), as babel writes it for ``app.formatting``."""
    return format_date(day, "EEE", locale="ko_KR" if language() == "ko" else "en_US")


def signed_won(amount: int) -> str:
    """A cash difference: ``+100원``, ``-100원``, ``0원`` (``KRW +100`` in English)."""
    written = won(abs(amount))
    if not amount:
        return written
    sign = "+" if amount > 0 else "-"
    return written.replace(number(abs(amount)), sign + number(abs(amount)), 1)


def reason_dialog(parent: QWidget, title: str, label: str, *, action: str) -> QInputDialog:
    """A reason asked before an action whose name may itself be 취소: the buttons say what they do
    ([영수증 취소] / [닫기]), never a bare 취소 that could mean either."""
    dialog = QInputDialog(parent)
    dialog.setObjectName("reasonDialog")
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    dialog.setOkButtonText(action)
    dialog.setCancelButtonText(tr("닫기"))
    return dialog


def ask_reason(parent: QWidget, title: str, label: str, *, action: str) -> str | None:
    dialog = reason_dialog(parent, title, label, action=action)
    return dialog.textValue() if dialog.exec() == QInputDialog.DialogCode.Accepted else None


def press(button: QAbstractButton) -> None:
    """A button's key: pressed as a click would, only while the button is shown and enabled."""
    if button.isVisible() and button.isEnabled():
        button.click()


def usable(ctx: UiContext) -> bool:
    """The tab shows receipts (counter roles) and the close and statistics (supervisors, admins): a role
    with neither (the passport guide) does not get an empty page (``ui.tabs.TAB_PERMISSIONS``)."""
    return any(ctx.can(permission) for permission in TAB_PERMISSIONS["stats"])


class StatsTab(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.retry = ops.RetryKeys()
        self.last_pdf: Path | None = None
        self.last_export: Path | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("업무일")))
        self.day = date_edit(seoul_today(), name="statsDay")
        top.addWidget(self.day)
        self.refresh_button = QPushButton(tr("새로 고침 (Ctrl+R)"))
        self.refresh_button.setShortcut("Ctrl+R")
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        layout.addLayout(top)

        body = QHBoxLayout()
        # The day's receipts: every counter role may reprint; voids are the supervisor's.
        left = QGroupBox(tr("영수증 (선택 후 Ctrl+P 재출력)"))
        left_layout = QVBoxLayout(left)
        self.receipts_model: RowsModel[ReceiptView] = RowsModel(
            [
                Column(tr("번호"), lambda r: r.number),
                Column(tr("시각"), lambda r: local(r.issued_at).strftime("%H:%M")),
                Column(tr("담당"), lambda r: r.clerk_name),
                Column(tr("민원인"), lambda r: r.applicant_name),
                Column(tr("금액"), lambda r: won(r.total), align_right=True),
                Column(tr("결제"), lambda r: r.payment_method),
                Column(
                    tr("상태"),
                    lambda r: tr(RECEIPT_STATES[r.status]) if r.status in RECEIPT_STATES else "",
                    background=lambda r: "#f8d7da" if r.status == "voided" else None,
                ),
            ]
        )
        self.receipts_table = ListTable()
        self.receipts_table.setObjectName("receiptsTable")
        self.receipts_table.setModel(self.receipts_model)
        self.receipts_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.receipts_table.horizontalHeader().setStretchLastSection(True)
        self.receipts_table.horizontalHeader().setMinimumSectionSize(60)
        left_layout.addWidget(self.receipts_table)
        buttons = QHBoxLayout()
        self.reprint_button = QPushButton(tr("재출력 (Ctrl+P)"))
        self.reprint_button.setShortcut("Ctrl+P")
        self.void_button = QPushButton(tr("영수증 취소… (Alt+V)"))
        self.void_button.setObjectName("voidReceipt")
        self.void_button.setVisible(ctx.can("receipt.void"))
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.void_button)
        left_layout.addLayout(buttons)
        self.message = QLabel()
        self.message.setObjectName("statsMessage")
        self.message.setWordWrap(True)
        left_layout.addWidget(self.message)
        body.addWidget(left, 3)
        left.setVisible(ctx.can("receipt.issue"))

        right = QVBoxLayout()
        self.close_box = QGroupBox(tr("일일 마감"))
        form = QFormLayout(self.close_box)
        self.totals = QLabel()
        self.totals.setObjectName("dayTotals")
        self.totals.setWordWrap(True)
        form.addRow(self.totals)
        # A blind count: the field starts empty and the expected cash appears only once the count is in.
        self.counted_cash = QLineEdit()
        self.counted_cash.setObjectName("countedCash")
        self.counted_cash.setPlaceholderText(tr("센 현금 (원) 입력 후 Enter"))
        self.cash_check = QLabel()
        self.cash_check.setObjectName("cashCheck")
        self.cash_check.setWordWrap(True)
        self.close_note = QLineEdit()
        self.close_note.setObjectName("closeNote")
        self.close_note.setPlaceholderText(tr("시재 차이가 있으면 사유"))
        self.check_button = QPushButton(tr("시재 대조 (Alt+C)"))
        self.check_button.setObjectName("checkCash")
        self.close_button = QPushButton(tr("마감 승인… (Alt+A)"))
        self.close_button.setObjectName("closeDay")
        self.reopen_button = QPushButton(tr("마감 재개… (Alt+O)"))
        self.reopen_button.setObjectName("reopenDay")
        self.print_close_button = QPushButton(tr("일계표 출력 (Alt+L)"))
        self.print_close_button.setObjectName("printClose")
        self.export_close_button = QPushButton("Excel (Alt+X)")
        self.export_close_button.setObjectName("exportClose")
        for button in (self.check_button, self.close_button, self.reopen_button):
            button.setVisible(ctx.can("day.close"))
        form.addRow(tr("실제 현금"), self.counted_cash)
        form.addRow(self.cash_check)
        form.addRow(tr("비고"), self.close_note)
        close_buttons = QHBoxLayout()
        for button in (
            self.check_button,
            self.close_button,
            self.reopen_button,
            self.print_close_button,
            self.export_close_button,
        ):
            close_buttons.addWidget(button)
        form.addRow(close_buttons)
        self.summary: dayclose.DaySummary | None = None
        self.counted: int | None = None
        self.revealed = False
        self.confirm_box: QMessageBox | None = None
        self.clerks_model: RowsModel[tuple[str, int, int]] = RowsModel(
            [
                Column(tr("담당"), lambda t: t[0]),
                Column(tr("건수"), lambda t: number(t[1]), align_right=True),
                Column(tr("금액"), lambda t: won(t[2]) if self.revealed else tr("시재 대조 후"), align_right=True),
            ]
        )
        clerks = ListTable()
        clerks.setModel(self.clerks_model)
        clerks.horizontalHeader().setStretchLastSection(True)
        form.addRow(clerks)
        right.addWidget(self.close_box)

        self.period_box = QGroupBox(tr("기간별 수납 통계"))
        period = QVBoxLayout(self.period_box)
        row = QHBoxLayout()
        self.start = date_edit(seoul_today().replace(day=1))
        self.end = date_edit(seoul_today())
        self.period_button = QPushButton(tr("조회 (Alt+Q)"))
        self.export_button = QPushButton("CSV (Alt+S)")
        for w in (self.start, QLabel("~"), self.end, self.period_button, self.export_button):
            row.addWidget(w)
        period.addLayout(row)
        self.items_model: RowsModel[dayclose.PeriodRow] = RowsModel(
            [
                Column(tr("항목"), lambda r: r.item),
                Column(tr("수량"), lambda r: number(r.quantity), align_right=True),
                Column(tr("면제"), lambda r: number(r.exempt), align_right=True),
                Column(tr("금액"), lambda r: won(r.amount), align_right=True),
            ]
        )
        items = ListTable()
        items.setObjectName("periodTable")
        items.setModel(self.items_model)
        items.horizontalHeader().setStretchLastSection(True)
        period.addWidget(items)
        right.addWidget(self.period_box)
        for box in (self.close_box, self.period_box):
            box.setVisible(ctx.can("stats.view"))
        body.addLayout(right, 2 if ctx.can("stats.view") else 0)
        layout.addLayout(body)
        if ctx.can("stats.view"):  # the office's report tables on a page of their own (ui/tabs/stats_reports.py)
            from ui.tabs.stats_reports import add_reports_page

            self.pages = add_reports_page(self, layout, top, body)

        self.refresh_button.clicked.connect(self.refresh)
        self.day.dateChanged.connect(lambda _d: self._day_changed())
        self.reprint_button.clicked.connect(self.reprint)
        self.void_button.clicked.connect(self.void)
        self.close_button.clicked.connect(self.close_day)
        self.check_button.clicked.connect(self.check_cash)
        self.counted_cash.returnPressed.connect(self.check_cash)
        self.counted_cash.textEdited.connect(lambda _t: self._forget_count())
        self.reopen_button.clicked.connect(self.reopen_day)
        self.print_close_button.clicked.connect(self.print_close)
        self.export_close_button.clicked.connect(self.export_close)
        self.period_button.clicked.connect(self.load_period)
        self.export_button.clicked.connect(self.export_period)
        # The keys the buttons name; a key does what its button does, only while that button can be pressed.
        keyed = (
            ("Alt+V", self.void_button),
            ("Alt+C", self.check_button),
            ("Alt+A", self.close_button),
            ("Alt+O", self.reopen_button),
            ("Alt+L", self.print_close_button),
            ("Alt+X", self.export_close_button),
            ("Alt+Q", self.period_button),
            ("Alt+S", self.export_button),
        )
        ops.install_shortcuts(self, [(keys, partial(press, button)) for keys, button in keyed])
        # the day's receipts and close follow what this and other counters commit (ui.changes)
        self.live = refresh_timer(self, ctx, 3_600_000, self.refresh, topics=("receipts", "dayclose"))
        self.refresh()

    def selected_day(self) -> date:
        return pydate(self.day.date())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        # the day's receipts as they are now whenever the tab comes up (a clerk's day never looks empty)
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()

    def refresh(self) -> None:
        day, ctx = self.selected_day(), self.ctx
        if ctx.can("receipt.issue"):
            rows = self.receipts_model.set_rows
            ops.load(self, ctx, lambda: receipts.list_receipts(ctx.uow(), ctx.actor, day=day), done=rows)
        if ctx.can("stats.view"):
            ops.load(self, ctx, lambda: dayclose.day_summary(ctx.uow(), ctx.actor, day=day), done=self.show_summary)

    def _day_changed(self) -> None:
        self.counted_cash.clear()
        self._forget_count()
        self.refresh()

    def _forget_count(self) -> None:
        """A changed count hides the expected cash again until it is compared anew."""
        self.counted = None
        if self.summary is not None:
            self.show_summary(self.summary)

    def show_summary(self, s: dayclose.DaySummary) -> None:
        self.summary = s
        state = (
            tr(
                "<b>마감됨</b> ({closed_by}, {closed_at})",
                closed_by=s.closed_by,
                closed_at=local(s.closed_at).strftime("%H:%M"),
            )
            if s.closed_at
            else tr("마감 전")
        )
        if s.reopens:
            state += tr(" · 재개 {reopens}회", reopens=number(s.reopens))
        # The expected cash (and the total, from which it follows) only once counted, or after the close.
        revealed = s.closed or self.counted is not None
        money = (
            tr(
                "<br>현금 {cash} · 카드 {card} · <b>합계 {total}</b>",
                cash=won(s.cash),
                card=won(s.card),
                total=won(s.total),
            )
            + (
                tr(
                    "<br>환급 {refunds} (현금 {cash_refunds}) 차감",
                    refunds=won(s.refunds),
                    cash_refunds=won(s.cash_refunds),
                )
                if s.refunds
                else ""
            )
            if revealed
            else tr("<br>카드 {card} · 현금과 합계는 실제 현금을 센 뒤 표시합니다", card=won(s.card))
        )
        self.totals.setText(
            tr(
                "{day} · {state}<br>영수증 {receipts}건 (취소 {voided}건) · 면제 {exempt_lines}건",
                day=short_date(s.business_day),
                state=state,
                receipts=number(s.receipts),
                voided=number(s.voided),
                exempt_lines=number(s.exempt_lines),
            )
            + money
        )
        self.revealed = revealed
        self.clerks_model.set_rows(s.by_clerk)
        if s.closed:
            counted = tr("세지 않음") if s.counted_cash is None else won(s.counted_cash)
            diff = s.cash_difference
            self.cash_check.setText(
                tr("마감 때 실제 현금 {counted}", counted=counted)
                + ("" if diff is None else tr(" · 차이 {difference}", difference=signed_won(diff)))
            )
        elif self.counted is not None:
            diff = self.counted - s.cash
            self.cash_check.setText(
                tr(
                    "장부 현금 {cash} · 실제 {counted} · <b>차이 {difference}</b>",
                    cash=won(s.cash),
                    counted=won(self.counted),
                    difference=signed_won(diff),
                )
                + (tr(" — 비고에 사유를 적으세요") if diff else "")
            )
        else:
            self.cash_check.setText(tr("현금을 센 금액을 넣고 시재 대조를 누르세요."))
        self.counted_cash.setEnabled(not s.closed)
        self.check_button.setEnabled(not s.closed)
        self.close_button.setEnabled(not s.closed and self.counted is not None)
        self.reopen_button.setEnabled(s.closed)

    def check_cash(self) -> None:
        """Read the count; only now the expected cash and the difference are shown."""
        text = self.counted_cash.text().replace(",", "").replace("원", "").replace("KRW", "").strip()
        if not text.isdigit():
            self.counted = None
            self.cash_check.setText(tr("실제 현금을 숫자로 입력하세요 (예: 125000)."))
            self.close_button.setEnabled(False)
            return
        self.counted = int(text)
        if self.summary is not None:
            self.show_summary(self.summary)

    def selected_receipt(self) -> ReceiptView | None:
        rows = self.receipts_table.selectionModel().selectedRows()
        return self.receipts_model.row_at(rows[0].row()) if rows else None

    def reprint(self) -> None:
        receipt = self.selected_receipt()
        if receipt is None:
            self.message.setText(tr("재출력할 영수증을 고르세요."))
            return
        ctx = self.ctx
        paper = ctx.app.settings.get("receipt_format")
        path = output_path(ctx.app.settings, "영수증", receipt.number)

        def written(pending: PendingPrint) -> None:
            shown = pending.shown
            again = (
                tr(" (재발행 {reprints}회)", reprints=number(shown.reprint))
                if shown is not None and shown.reprint
                else ""
            )
            self.message.setText(tr("재출력{again}: {path}", again=again, path=pending.path))
            self.last_pdf = pending.path

        render_and_deliver(
            self,
            ctx,
            lambda: printing.prepare_receipt_print(ctx.uow(), ctx.actor, receipt_id=receipt.id, path=path, paper=paper),
            paper="receipt",
            title=tr("영수증 {number}", number=receipt.number),
            written=written,
        )

    def void(self, *, reason: str | None = None) -> None:
        receipt = self.selected_receipt()
        if receipt is None:
            return
        if reason is None:
            reason = ask_reason(
                self,
                tr("영수증 취소"),
                tr("{number} 취소 사유 (기록됩니다)", number=receipt.number),
                action=tr("영수증 취소"),
            )
            if reason is None:
                return
        ctx, text = self.ctx, reason or ""
        key = self.retry.key("void", receipt.id, text)

        def done(view: ReceiptView) -> None:
            self.retry.settled("void", receipt.id, text)
            self.message.setText(tr("취소했습니다: {number}", number=view.number))
            self.refresh()

        ops.run(
            self,
            ctx,
            lambda: receipts.void_receipt(ctx.uow(), ctx.actor, receipt_id=receipt.id, reason=text, client_uuid=key),
            done=done,
        )

    def close_day(self) -> None:
        """Ask for the approval, naming the day and its totals; [마감 승인] closes, [닫기] leaves it open."""
        s = self.summary
        if s is None or s.closed:
            return
        if self.counted is None:
            self.cash_check.setText(tr("먼저 실제 현금을 세어 입력하고 시재 대조를 누르세요."))
            self.counted_cash.setFocus()
            return
        diff = self.counted - s.cash
        box = QMessageBox(
            QMessageBox.Icon.Question,
            tr("수납 마감"),
            tr(
                "{day} ({weekday}) 수납 마감: 건수 {receipts}건 (취소 {voided}건), 합계 {total} (현금 {cash}, 카드 "
                "{card})\n실제 현금 {counted} · 차이 {difference}\n\n마감하면 이 날의 수납은 더 받을 수 없습니다.",
                day=s.business_day.isoformat(),  # ISO: the day named unmistakably before it is closed
                weekday=weekday(s.business_day),
                receipts=number(s.receipts),
                voided=number(s.voided),
                total=won(s.total),
                cash=won(s.cash),
                card=won(s.card),
                counted=won(self.counted),
                difference=signed_won(diff),
            ),
            parent=self,
        )
        box.setObjectName("closeConfirm")
        approve = box.addButton(tr("마감 승인 (Alt+A)"), QMessageBox.ButtonRole.AcceptRole)
        approve.setObjectName("approveClose")
        cancel = box.addButton(tr("닫기"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)  # Enter does not close a day by accident
        box.setEscapeButton(cancel)
        approve.clicked.connect(lambda: self.approve_close(s))
        ops.install_shortcuts(box, [("Alt+A", partial(press, approve))], context=Qt.ShortcutContext.WindowShortcut)
        self.confirm_box = box
        box.open()

    def approve_close(self, seen: dayclose.DaySummary) -> None:
        if self.counted is None:
            return
        day, cash, note, ctx = seen.business_day, self.counted, self.close_note.text(), self.ctx

        def done(summary: dayclose.DaySummary) -> None:
            self.message.setText(
                tr(
                    "마감했습니다: {day} {total}",
                    day=short_date(summary.business_day),
                    total=won(summary.total),
                )
            )
            self.close_note.clear()
            self.show_summary(summary)

        ops.run(
            self,
            ctx,
            lambda: dayclose.close_day(
                ctx.uow(),
                ctx.actor,
                day=day,
                counted_cash=cash,
                note=note,
                confirmed_receipts=seen.receipts,
                confirmed_total=seen.total,
            ),
            done=done,
        )

    def reopen_day(self, *, reason: str | None = None) -> None:
        """A supervisor reopens the closed day with a reason (logged; the printed close shows it)."""
        s = self.summary
        if s is None or not s.closed:
            return
        if reason is None:
            reason = ask_reason(
                self,
                tr("마감 재개"),
                tr("{day} 마감을 다시 여는 사유 (기록되고 일계표에 나옵니다)", day=short_date(s.business_day)),
                action=tr("마감 재개"),
            )
            if reason is None:
                return
        day, why, ctx = s.business_day, reason, self.ctx

        def done(summary: dayclose.DaySummary) -> None:
            self.counted_cash.clear()
            self.counted = None
            self.message.setText(tr("마감을 다시 열었습니다: {day}", day=short_date(summary.business_day)))
            self.show_summary(summary)

        ops.run(self, ctx, lambda: dayclose.reopen_day(ctx.uow(), ctx.actor, day=day, reason=why), done=done)

    def print_close(self) -> None:
        day, ctx = self.selected_day(), self.ctx
        path = output_path(ctx.app.settings, "수납일계표", day.isoformat())

        def done(printed: Path) -> None:
            self.last_pdf = printed
            self.message.setText(tr("일계표: {path}", path=printed))
            deliver(self, ctx, printed, paper="a4", title=tr("수납 일계표 {day}", day=short_date(day)))

        ops.run(self, ctx, lambda: dayclose.print_day_close(ctx.uow(), ctx.actor, day=day, path=path), done=done)

    def export_close(self) -> None:
        day, ctx = self.selected_day(), self.ctx
        path = output_path(ctx.app.settings, "수납일계표", day.isoformat(), suffix=".xlsx")

        def done(written: Path) -> None:
            self.last_export = written
            self.message.setText(tr("내보냈습니다: {path}", path=written))

        ops.run(self, ctx, lambda: dayclose.export_day_close(ctx.uow(), ctx.actor, day=day, path=path), done=done)

    def load_period(self) -> None:
        start, end, ctx = pydate(self.start.date()), pydate(self.end.date()), self.ctx
        ops.load(
            self,
            ctx,
            lambda: dayclose.period_items(ctx.uow(), ctx.actor, start=start, end=end),
            done=self.items_model.set_rows,
        )

    def export_period(self) -> None:
        """Write the period's takings to a CSV (the service runs the query and writes the rows)."""
        start, end, ctx = pydate(self.start.date()), pydate(self.end.date()), self.ctx
        path = output_path(ctx.app.settings, "수납통계", f"{start}_{end}", suffix=".csv")

        def done(count: int) -> None:
            self.last_export = path
            self.message.setText(tr("내보냈습니다: {path} ({count}개 항목)", path=path, count=number(count)))
            self.load_period()

        ops.run(
            self,
            ctx,
            lambda: dayclose.export_period_items(ctx.uow(), ctx.actor, start=start, end=end, path=path),
            done=done,
        )


def create_tab(ctx: UiContext) -> QWidget:
    return StatsTab(ctx)
