"""통계·마감 tab: the day's receipts (reprint, void), the day close, and takings by item over a period."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.calendar import SEOUL, seoul_today
from app.formatting import won
from app.services import dayclose, printing, receipts
from app.services.output import output_path
from app.views.receipts import ReceiptView
from ui import ops
from ui.context import UiContext
from ui.models import Column, RowsModel
from ui.widgets import date_edit, present_pdf, pydate


class StatsTab(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.retry = ops.RetryKeys()
        self.last_pdf: Path | None = None
        self.last_export: Path | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("업무일"))
        self.day = date_edit(seoul_today(), name="statsDay")
        top.addWidget(self.day)
        self.refresh_button = QPushButton("새로 고침 (Ctrl+R)")
        self.refresh_button.setShortcut("Ctrl+R")
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        layout.addLayout(top)

        body = QHBoxLayout()
        # The day's receipts: every counter role may reprint; voids are the supervisor's.
        left = QGroupBox("영수증 (선택 후 Ctrl+P 재출력)")
        left_layout = QVBoxLayout(left)
        self.receipts_model: RowsModel[ReceiptView] = RowsModel(
            [
                Column("번호", lambda r: r.number),
                Column("시각", lambda r: r.issued_at.astimezone(SEOUL).strftime("%H:%M")),
                Column("담당", lambda r: r.clerk_name),
                Column("민원인", lambda r: r.applicant_name),
                Column("금액", lambda r: won(r.total), align_right=True),
                Column("결제", lambda r: r.payment_method),
                Column(
                    "상태",
                    lambda r: {"voided": "취소", "correction": "정정"}.get(r.status, ""),
                    background=lambda r: "#f8d7da" if r.status == "voided" else None,
                ),
            ]
        )
        self.receipts_table = QTableView()
        self.receipts_table.setObjectName("receiptsTable")
        self.receipts_table.setModel(self.receipts_model)
        self.receipts_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.receipts_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.receipts_table.horizontalHeader().setStretchLastSection(True)
        self.receipts_table.horizontalHeader().setMinimumSectionSize(60)
        left_layout.addWidget(self.receipts_table)
        buttons = QHBoxLayout()
        self.reprint_button = QPushButton("재출력 (Ctrl+P)")
        self.reprint_button.setShortcut("Ctrl+P")
        self.void_button = QPushButton("취소…")
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
        self.close_box = QGroupBox("일일 마감")
        form = QFormLayout(self.close_box)
        self.totals = QLabel()
        self.totals.setObjectName("dayTotals")
        self.totals.setWordWrap(True)
        form.addRow(self.totals)
        self.counted_cash = QSpinBox()
        self.counted_cash.setObjectName("countedCash")
        self.counted_cash.setRange(0, 100_000_000)
        self.counted_cash.setSingleStep(100)
        self.counted_cash.setSuffix(" 원")
        self.close_note = QLineEdit()
        self.close_note.setObjectName("closeNote")
        self.close_note.setPlaceholderText("시재 차이가 있으면 사유")
        self.close_button = QPushButton("마감 승인")
        self.close_button.setObjectName("closeDay")
        self.close_button.setVisible(ctx.can("day.close"))
        form.addRow("실제 현금", self.counted_cash)
        form.addRow("비고", self.close_note)
        form.addRow(self.close_button)
        self.clerks_model: RowsModel[tuple[str, int, int]] = RowsModel(
            [
                Column("담당", lambda t: t[0]),
                Column("건수", lambda t: t[1], align_right=True),
                Column("금액", lambda t: won(t[2]), align_right=True),
            ]
        )
        clerks = QTableView()
        clerks.setModel(self.clerks_model)
        clerks.horizontalHeader().setStretchLastSection(True)
        form.addRow(clerks)
        right.addWidget(self.close_box)

        self.period_box = QGroupBox("기간별 수납 통계")
        period = QVBoxLayout(self.period_box)
        row = QHBoxLayout()
        self.start = date_edit(seoul_today().replace(day=1))
        self.end = date_edit(seoul_today())
        self.period_button = QPushButton("조회")
        self.export_button = QPushButton("CSV")
        for w in (self.start, QLabel("~"), self.end, self.period_button, self.export_button):
            row.addWidget(w)
        period.addLayout(row)
        self.items_model: RowsModel[dayclose.PeriodRow] = RowsModel(
            [
                Column("항목", lambda r: r.item),
                Column("수량", lambda r: r.quantity, align_right=True),
                Column("면제", lambda r: r.exempt, align_right=True),
                Column("금액", lambda r: won(r.amount), align_right=True),
            ]
        )
        items = QTableView()
        items.setObjectName("periodTable")
        items.setModel(self.items_model)
        items.horizontalHeader().setStretchLastSection(True)
        period.addWidget(items)
        right.addWidget(self.period_box)
        for box in (self.close_box, self.period_box):
            box.setVisible(ctx.can("stats.view"))
        body.addLayout(right, 2 if ctx.can("stats.view") else 0)
        layout.addLayout(body)

        self.refresh_button.clicked.connect(self.refresh)
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.reprint_button.clicked.connect(self.reprint)
        self.void_button.clicked.connect(self.void)
        self.close_button.clicked.connect(self.close_day)
        self.period_button.clicked.connect(self.load_period)
        self.export_button.clicked.connect(self.export_period)
        self.refresh()

    def selected_day(self) -> date:
        return pydate(self.day.date())

    def refresh(self) -> None:
        day, ctx = self.selected_day(), self.ctx
        if ctx.can("receipt.issue"):
            rows = self.receipts_model.set_rows
            ops.run(self, ctx, lambda: receipts.list_receipts(ctx.uow(), ctx.actor, day=day), done=rows)
        if ctx.can("stats.view"):
            ops.run(self, ctx, lambda: dayclose.day_summary(ctx.uow(), ctx.actor, day=day), done=self.show_summary)

    def show_summary(self, s: dayclose.DaySummary) -> None:
        state = f"<b>마감됨</b> ({s.closed_by}, {s.closed_at.astimezone(SEOUL):%H:%M})" if s.closed_at else "마감 전"
        self.totals.setText(
            f"{s.business_day.isoformat()} · {state}<br>"
            f"영수증 {s.receipts}건 (취소 {s.voided}건) · 면제 {s.exempt_lines}건"
            f"<br>현금 {won(s.cash)} · 카드 {won(s.card)} · <b>합계 {won(s.total)}</b>"
            + (f"<br>환급 {won(s.refunds)} (현금 {won(s.cash_refunds)}) 차감" if s.refunds else "")
        )
        self.clerks_model.set_rows(s.by_clerk)
        self.close_button.setEnabled(not s.closed)
        if not s.closed:
            self.counted_cash.setValue(s.cash)

    def selected_receipt(self) -> ReceiptView | None:
        rows = self.receipts_table.selectionModel().selectedRows()
        return self.receipts_model.row_at(rows[0].row()) if rows else None

    def reprint(self) -> None:
        receipt = self.selected_receipt()
        if receipt is None:
            self.message.setText("재출력할 영수증을 고르세요.")
            return
        ctx = self.ctx
        paper = ctx.app.settings.get("receipt_format")
        path = output_path(ctx.app.settings, "영수증", receipt.number)

        def done(printed: Path) -> None:
            self.message.setText(f"재출력: {printed}")
            self.last_pdf = printed
            present_pdf(printed)

        ops.run(
            self,
            ctx,
            lambda: printing.print_receipt(ctx.uow(), ctx.actor, receipt_id=receipt.id, path=path, paper=paper),
            done=done,
        )

    def void(self, *, reason: str | None = None) -> None:
        receipt = self.selected_receipt()
        if receipt is None:
            return
        if reason is None:
            reason, ok = QInputDialog.getText(self, "영수증 취소", f"{receipt.number} 취소 사유")
            if not ok:
                return
        ctx, text = self.ctx, reason or ""
        key = self.retry.key("void", receipt.id, text)

        def done(view: ReceiptView) -> None:
            self.retry.settled("void", receipt.id, text)
            self.message.setText(f"취소했습니다: {view.number}")
            self.refresh()

        ops.run(
            self,
            ctx,
            lambda: receipts.void_receipt(ctx.uow(), ctx.actor, receipt_id=receipt.id, reason=text, client_uuid=key),
            done=done,
        )

    def close_day(self) -> None:
        day, cash, note, ctx = self.selected_day(), self.counted_cash.value(), self.close_note.text(), self.ctx
        ops.run(
            self,
            ctx,
            lambda: dayclose.close_day(ctx.uow(), ctx.actor, day=day, counted_cash=cash, note=note),
            done=self.show_summary,
        )

    def load_period(self) -> None:
        start, end, ctx = pydate(self.start.date()), pydate(self.end.date()), self.ctx
        ops.run(
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
            self.message.setText(f"내보냈습니다: {path} ({count}개 항목)")
            self.load_period()

        ops.run(
            self,
            ctx,
            lambda: dayclose.export_period_items(ctx.uow(), ctx.actor, start=start, end=end, path=path),
            done=done,
        )

def create_tab(ctx: UiContext) -> QWidget:
    return StatsTab(ctx)


