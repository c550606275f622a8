"""처리상황 점검 screen (supervisor): the preview per department, 예고장·독촉장 (Ctrl+Shift+O), the report of
departments repeatedly late, and the office closures that the deadlines leave out."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from app.domain.calendar import seoul_today
from app.formatting import number, short_date
from app.i18n import ntr
from app.services import overdue
from app.services import petitions as pets
from app.services.output import output_path
from app.views.petitions import ClosureView, DepartmentLateness, DepartmentStatus, OverdueCheckResult
from ui import ops
from ui.context import UiContext
from ui.forms import FormBuilder
from ui.i18n import tr
from ui.models import Column, RowsModel
from ui.printing import deliver
from ui.tabs.counter.common import URGENCY_COLOURS
from ui.widgets import counted_suffix, date_field, enter_button, table_view


def notice_summary(result: OverdueCheckResult) -> str:
    """What the check did, in the clerk's words: notices sent with their 문서번호, and the day's notices that
    another check (or this supervisor, earlier) had sent already and were only printed again."""
    new = [n for n in result.notices if not n.reprinted]
    again = [n for n in result.notices if n.reprinted]
    parts = []
    if new:
        listed = ", ".join(
            tr(
                "{department} {kind} {count}건 ({number})",
                department=n.department,
                kind=n.kind_label,
                count=number(n.count),
                number=n.number,
            )
            for n in new
        )
        parts.append(tr("발송 기록했습니다: {listed}", listed=listed))
    if again:
        listed = ", ".join(
            tr("{department} {kind} ({number})", department=n.department, kind=n.kind_label, number=n.number)
            for n in again
        )
        parts.append(tr("오늘 이미 시행한 통지라 새로 보내지 않고 다시 출력했습니다: {listed}", listed=listed))
    return "\n".join(parts)


class OverduePage(QWidget):
    """처리상황 점검: preview, 예고장·독촉장 per department (Ctrl+Shift+O), late departments, office closures."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.keys = ops.RetryKeys()
        self.last_result: OverdueCheckResult | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.within = QSpinBox()
        self.within.setObjectName("overdueWithin")
        self.within.setRange(0, overdue.MAX_WITHIN_DAYS)
        self.within.setValue(3)
        counted_suffix(self.within, lambda n: ntr("근무일 이내 예고", "근무일 이내 예고", n))
        self.check_button = enter_button(tr("점검·예고장/독촉장 발송 (Ctrl+Shift+O)"))
        self.check_button.setObjectName("overdueRun")
        top.addWidget(QLabel(tr("예고 기준")))
        top.addWidget(self.within)
        top.addWidget(self.check_button)
        top.addStretch(1)
        layout.addLayout(top)
        self.preview_model: RowsModel[DepartmentStatus] = RowsModel(
            [
                Column(tr("부서"), lambda r: r.department),
                Column(tr("진행 중"), lambda r: r.running, align_right=True),
                Column(
                    tr("기한 임박"),
                    lambda r: r.due_soon,
                    align_right=True,
                    background=lambda r: URGENCY_COLOURS["three_days"] if r.due_soon else None,
                ),
                Column(
                    tr("기한 경과"),
                    lambda r: r.overdue,
                    align_right=True,
                    background=lambda r: URGENCY_COLOURS["overdue"] if r.overdue else None,
                ),
            ]
        )
        self.preview = table_view("overduePreview", self.preview_model)
        layout.addWidget(self.preview, 2)
        self.status = QLabel()
        self.status.setObjectName("overdueStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        layout.addWidget(self._report_box(), 2)
        self.closures_box = self._closures_box()
        layout.addWidget(self.closures_box, 1)
        self.closures_box.setEnabled(ctx.can("closure.manage"))

        self.check_button.clicked.connect(self.run_check)
        self.within.valueChanged.connect(self.refresh)
        self.report_button.clicked.connect(self.run_report)
        self.closure_add.clicked.connect(self.add_closure)
        self.closure_reason.returnPressed.connect(self.add_closure)
        self.closure_remove.clicked.connect(self.remove_closure)
        ops.install_shortcuts(self, [("Ctrl+Shift+O", self.run_check)])
        self.refresh()

    def _report_box(self) -> QGroupBox:
        report_box = QGroupBox(tr("처리기한 반복 경과 부서 (감사담당관 보고)"))
        report = QVBoxLayout(report_box)
        row = QHBoxLayout()
        today = seoul_today()
        self.report_start = date_field(today - timedelta(days=90), name="reportStart")
        self.report_end = date_field(today, name="reportEnd")
        self.report_more = QSpinBox()
        self.report_more.setObjectName("reportMoreThan")
        self.report_more.setRange(0, 999)
        self.report_more.setValue(2)
        counted_suffix(self.report_more, lambda n: ntr("회 초과", "회 초과", n))
        self.report_button = enter_button(tr("조회"))
        self.report_button.setObjectName("reportRun")
        for widget in (QLabel(tr("기간")), self.report_start, QLabel("~"), self.report_end, self.report_more):
            row.addWidget(widget)
        row.addWidget(self.report_button)
        row.addStretch(1)
        report.addLayout(row)
        self.report_model: RowsModel[DepartmentLateness] = RowsModel(
            [
                Column(tr("부서"), lambda r: r.department),
                Column(tr("기한 도래"), lambda r: r.due_in_period, align_right=True),
                Column(tr("경과"), lambda r: r.late, align_right=True),
                Column(tr("경과율"), lambda r: f"{r.late_rate:.1f}%", align_right=True),
                Column(tr("독촉장"), lambda r: r.demands, align_right=True),
            ]
        )
        self.report_table = table_view("reportTable", self.report_model)
        report.addWidget(self.report_table)
        return report_box

    def _closures_box(self) -> QGroupBox:
        box = QGroupBox(tr("휴무일 (처리기한 계산에서 제외)"))
        closures = QHBoxLayout(box)
        self.closure_model: RowsModel[ClosureView] = RowsModel(
            [Column(tr("날짜"), lambda c: short_date(c.day)), Column(tr("사유"), lambda c: c.reason)]
        )
        self.closure_table = table_view("closureTable", self.closure_model)
        closures.addWidget(self.closure_table, 2)
        holder = QWidget()
        form = FormBuilder(holder)
        self.closure_day = date_field(seoul_today(), name="closureDay")
        self.closure_reason = QLineEdit()
        self.closure_reason.setObjectName("closureReason")
        self.closure_add = enter_button(tr("휴무일 추가"))
        self.closure_add.setObjectName("closureAdd")
        self.closure_remove = enter_button(tr("선택 휴무일 삭제"))
        self.closure_remove.setObjectName("closureRemove")
        form.row(tr("날짜"), self.closure_day)
        form.row(tr("사유"), self.closure_reason)
        form.row("", self.closure_add)
        form.row("", self.closure_remove)
        form.finish()
        closures.addWidget(holder, 1)
        return box

    def refresh(self, *_: object) -> None:
        ctx = self.ctx
        within = self.within.value()
        ops.run(
            self,
            ctx,
            lambda: overdue.overdue_preview(ctx.uow(), ctx.actor, within_days=within),
            done=self.preview_model.set_rows,
        )
        ops.run(self, ctx, lambda: pets.list_closures(ctx.uow(), ctx.actor), done=self.closure_model.set_rows)

    def run_check(self) -> None:
        ctx = self.ctx
        within = self.within.value()
        settings = ctx.app.settings

        request = ("check", within)
        client_uuid = self.keys.key(*request)

        def done(result: OverdueCheckResult) -> None:
            self.keys.settled(*request)
            self.last_result = result
            if not result.notices:
                self.status.setText(tr("예고장·독촉장을 보낼 민원이 없습니다."))
            else:
                folder = result.notices[0].path.parent
                self.status.setText(notice_summary(result) + tr("\n저장 폴더: {folder}", folder=folder))
                for notice in result.notices:
                    title = tr("{department} {kind}", department=notice.department, kind=notice.kind_label)
                    deliver(self, ctx, notice.path, paper="a4", title=title)
            self.refresh()

        ops.run(
            self,
            ctx,
            lambda: overdue.run_overdue_check(
                ctx.uow(),
                ctx.actor,
                within_days=within,
                path_for=lambda kind, department: output_path(settings, kind, department),
                client_uuid=client_uuid,
            ),
            done=done,
        )

    def run_report(self) -> None:
        ctx = self.ctx
        start, end = self.report_start.value(), self.report_end.value()
        more = self.report_more.value()
        assert start is not None and end is not None  # required fields
        ops.run(
            self,
            ctx,
            lambda: overdue.late_departments(ctx.uow(), ctx.actor, start=start, end=end, more_than=more),
            done=self.report_model.set_rows,
        )

    def add_closure(self) -> None:
        ctx = self.ctx
        day, reason = self.closure_day.value(), self.closure_reason.text()
        assert day is not None  # a required field

        request = ("add_closure", day, reason)
        client_uuid = self.keys.key(*request)

        def done(_: object) -> None:
            self.keys.settled(*request)
            self.closure_reason.clear()
            self.status.setText(
                tr("휴무일을 추가했습니다: {day} — 진행 중인 민원의 처리기한을 다시 계산했습니다.", day=short_date(day))
            )
            self.refresh()

        ops.run(
            self,
            ctx,
            lambda: pets.add_closure(ctx.uow(), ctx.actor, day=day, reason=reason, client_uuid=client_uuid),
            done=done,
        )

    def remove_closure(self) -> None:
        rows = self.closure_table.selectionModel().selectedRows()
        closure = self.closure_model.get(rows[0].row()) if rows else None
        if closure is None:
            return
        ctx, day = self.ctx, closure.day
        request = ("remove_closure", closure.id, day)
        client_uuid = self.keys.key(*request)

        def done(_: object) -> None:
            self.keys.settled(*request)
            self.refresh()

        ops.run(
            self,
            ctx,
            lambda: pets.remove_closure(ctx.uow(), ctx.actor, day=day, client_uuid=client_uuid),
            done=done,
        )
