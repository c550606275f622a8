"""보고서 통계: the office's statistics page of the 통계·마감 tab (issue 17), for supervisors (stats.view).

A period kind (일·월·분기·연) and a day pick the period; an optional 구분 (기관·창구·담당자) adds breakdowns. The
report runs on the db lane with a progress dialog whose 취소 drops the result (a stale result of an earlier
request is dropped too). The tables follow the work plan's layout; 엑셀로 저장 / PDF 저장 write every table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.calendar import seoul_today
from app.formatting import number, period_name, short_date
from app.services import statistics, statistics_export
from app.services.output import output_path
from app.views.statistics import (
    PERIOD_KINDS,
    PETITION_HEADERS,
    BreakdownTable,
    Period,
    OfficeReport,
    PetitionStatRow,
    StatTable,
    TableLine,
    format_value,
)
from ui import ops
from ui.context import UiContext
from ui.errors import show_error
from ui.i18n import N_, tr
from ui.models import Column, RowsModel
from ui.tabs.stats_charts import ChartsWidget
from ui.tasks import Cancelled, TaskHandle
from ui.widgets import ListTable, date_edit, pydate

BY_CHOICES = ((N_("구분 없음"), None), (N_("기관별"), "office"), (N_("창구별"), "terminal"), (N_("담당자별"), "clerk"))


def _name(period: Period) -> str:
    """The period's name in the UI language."""
    return period_name(period.kind, period.start, period.label)


def _table(name: str) -> ListTable:
    view = ListTable()
    view.setObjectName(name)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return view


def _fit_height(view: QTableView) -> None:
    """A short table shows all its rows and columns (the page scrolls, not each table)."""
    model = view.model()
    rows = model.rowCount() if model else 0
    header = view.horizontalHeader()
    frame = 2 * view.frameWidth() + 2
    lines = (
        max(
            (str(model.headerData(c, Qt.Orientation.Horizontal)).count("\n") for c in range(model.columnCount())),
            default=0,
        )
        if model
        else 0
    )
    head = max(header.sizeHint().height(), header.fontMetrics().lineSpacing() * (lines + 1) + 8)
    rows_height = view.verticalHeader().defaultSectionSize() * rows
    view.setFixedHeight(max(head + rows_height + frame, 40))
    header.setFixedHeight(head)
    columns = model.columnCount() if model else 0
    view.setMaximumWidth(sum(header.sectionSize(c) for c in range(columns)) + frame)


class StatTableModel(RowsModel[TableLine]):
    """One report table: 구분 and the table's columns, the group name above a column in its header."""

    def __init__(self, table: StatTable) -> None:
        titles = []
        groups = [name for name, span in table.groups for _ in range(span)] or [""] * len(table.columns)
        for index, (group, header) in enumerate(zip(groups, table.headers(), strict=True)):
            titles.append((f"{tr(group)}\n{tr(header)}" if group and group != header else tr(header), index))
        columns: list[Column[TableLine]] = [Column(tr("구분"), lambda line: line.label)]
        for title, index in titles:
            columns.append(
                Column(title, lambda line, i=index: format_value(table, line.kind, i, line.values[i]), align_right=True)
            )
        super().__init__(columns, row_background=lambda line: "#f1f3f5" if line.kind != "value" else None)
        self.table = table


class StatsReportsPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.setObjectName("statsReports")
        self.ctx = ctx
        self.report: OfficeReport | None = None
        self.request = 0
        self.handle: TaskHandle | None = None
        self.progress: QProgressDialog | None = None
        self.last_xlsx: Path | None = None
        self.last_pdf: Path | None = None
        self._shown = False

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.setObjectName("statsKind")
        for code, name in PERIOD_KINDS.items():
            self.kind.addItem(tr(name), code)
        self.kind.setCurrentIndex(list(PERIOD_KINDS).index("month"))
        self.day = date_edit(seoul_today(), name="statsReportDay")
        self.by = QComboBox()
        self.by.setObjectName("statsBy")
        for name, code in BY_CHOICES:
            self.by.addItem(tr(name), code)
        self.load_button = QPushButton(tr("조회"))
        self.load_button.setObjectName("statsLoad")
        self.xlsx_button = QPushButton(tr("엑셀로 저장"))
        self.xlsx_button.setObjectName("statsXlsx")
        self.pdf_button = QPushButton(tr("PDF 저장"))
        self.pdf_button.setObjectName("statsPdf")
        for w in (
            QLabel(tr("기간")),
            self.kind,
            self.day,
            self.by,
            self.load_button,
            self.xlsx_button,
            self.pdf_button,
        ):
            top.addWidget(w)
        self.heading = QLabel(tr("기간을 고르고 [조회]를 누르십시오."))
        self.heading.setObjectName("statsHeading")
        top.addWidget(self.heading, 1)
        layout.addLayout(top)
        self.message = QLabel()
        self.message.setObjectName("statsReportMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        self.pages = QTabWidget()
        self.pages.setObjectName("statsPages")
        self.tables_box = QWidget()
        self.tables_layout = QVBoxLayout(self.tables_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the tables inside take the focus
        scroll.setWidget(self.tables_box)
        self.pages.addTab(scroll, tr("보고서 표"))

        self.petitions_model: RowsModel[PetitionStatRow] = RowsModel(
            [
                Column(tr(PETITION_HEADERS[0]), lambda r: r.department),
                Column(tr(PETITION_HEADERS[1]), lambda r: r.type_name),
                *(
                    Column(tr(PETITION_HEADERS[i + 2]), lambda r, a=attr: number(getattr(r, a)), align_right=True)
                    for i, attr in enumerate(
                        ("received", "resolved", "on_time", "late", "open_overdue", "extensions", "supplements")
                    )
                ),
                Column(
                    tr(PETITION_HEADERS[9]),
                    lambda r: "-" if r.on_time_rate is None else f"{r.on_time_rate:.1f}%",
                    align_right=True,
                ),
                Column(
                    tr(PETITION_HEADERS[10]),
                    lambda r: "-" if r.average_days is None else tr("{days}일", days=f"{r.average_days:.1f}"),
                    align_right=True,
                ),
            ],
            row_background=lambda r: "#f1f3f5" if r.type_name == "전체" else None,
        )
        self.petitions_table = ListTable()
        self.petitions_table.setObjectName("statsPetitions")
        self.petitions_table.setModel(self.petitions_model)
        self.pages.addTab(self.petitions_table, tr("유기한 민원 (부서·종류별)"))

        self.breakdown_box = QWidget()
        self.breakdown_layout = QVBoxLayout(self.breakdown_box)
        breakdown_scroll = QScrollArea()
        breakdown_scroll.setWidgetResizable(True)
        breakdown_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        breakdown_scroll.setWidget(self.breakdown_box)
        self.pages.addTab(breakdown_scroll, tr("구분별"))
        self.charts = ChartsWidget()
        self.pages.addTab(self.charts, tr("그래프"))
        layout.addWidget(self.pages, 1)

        self.load_button.clicked.connect(self.load)
        self.xlsx_button.clicked.connect(self.export_xlsx)
        self.pdf_button.clicked.connect(self.export_pdf)
        self._set_exports()

    # --- loading -----------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        if not self._shown:  # loaded when first shown, not when the tab is built
            self._shown = True
            self.load()

    def _set_exports(self) -> None:
        for button in (self.xlsx_button, self.pdf_button):
            button.setEnabled(self.report is not None)

    def load(self) -> None:
        ctx = self.ctx
        kind, by, day = self.kind.currentData(), self.by.currentData(), pydate(self.day.date())
        self.request += 1
        request = self.request
        if self.handle is not None:
            self.handle.cancel()
        self.progress = QProgressDialog(tr("통계를 집계하고 있습니다…"), tr("취소"), 0, 100, self)
        self.progress.setObjectName("statsProgress")
        self.progress.setWindowTitle(tr("보고서 통계"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(400)
        self.progress.canceled.connect(self.cancel)

        def work(handle: TaskHandle) -> OfficeReport:
            return statistics.office_report(ctx.uow(), ctx.actor, kind=kind, day=day, by=by, progress=handle.progress)

        def done(report: OfficeReport) -> None:
            ctx.connection.report(None)
            if request != self.request:
                return  # an earlier request, or one the clerk cancelled
            self._close_progress()
            self.show_report(report)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, Cancelled) or request != self.request:
                return
            self._close_progress()
            ctx.connection.report(exc)
            self.message.setText("")
            show_error(self, exc)

        def moved(percent: int, text: str) -> None:
            if request == self.request and self.progress is not None:
                self.progress.setValue(percent)
                if text:
                    self.progress.setLabelText(tr(text))

        self.message.setText(tr("집계 중…"))
        self.handle = ctx.tasks.submit(work, on_done=done, on_error=failed, on_progress=moved, with_handle=True)

    def cancel(self) -> None:
        """취소: the running report is told to stop and its result, should it still come, is dropped."""
        if self.handle is not None:
            self.handle.cancel()
        self.request += 1
        self._close_progress()
        self.message.setText(tr("집계를 취소했습니다."))

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None

    # --- showing ------------------------------------------------------------------------------------------

    @staticmethod
    def _clear(layout: QLayout) -> None:
        while layout.count():
            item = layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()

    def show_report(self, report: OfficeReport) -> None:
        self.report = report
        p = report.period
        self.heading.setText(
            tr(
                "{period} ({start} ~ {end}) · 근무일 {working_days}일 · 전기 {previous}",
                period=_name(report.period),
                start=short_date(p.start),
                end=short_date(p.end),
                working_days=number(report.tables[0].working_days),
                previous=_name(report.previous),
            )
        )
        self.message.setText("")
        self._clear(self.tables_layout)
        self.stat_views: list[QTableView] = []
        for table in report.tables:
            box = QGroupBox(f"○ {tr(table.title)}")
            inner = QVBoxLayout(box)
            view = _table("statTable")
            model = StatTableModel(table)
            view.setModel(model)
            model.set_rows(table.lines(_name(report.period), _name(report.previous), tr))
            view.horizontalHeader().setStretchLastSection(False)
            _fit_height(view)
            inner.addWidget(view)
            if table.note:
                note = QLabel(f"※ {table.note_text(tr)}")
                note.setWordWrap(True)
                inner.addWidget(note)
            self.tables_layout.addWidget(box)
            self.stat_views.append(view)
        self.tables_layout.addStretch(1)
        self.tables_box.setMinimumHeight(self.tables_layout.sizeHint().height())  # scroll, never squeeze
        self.petitions_model.set_rows([*report.departments, *report.petitions])
        self._clear(self.breakdown_layout)
        for breakdown in report.breakdowns:
            self.breakdown_layout.addWidget(self._breakdown_box(breakdown))
        if not report.breakdowns:
            self.breakdown_layout.addWidget(QLabel(tr("구분(기관·창구·담당자)을 고르고 다시 조회하면 나타납니다.")))
        self.breakdown_layout.addStretch(1)
        self.charts.set_series(report.charts)
        self._set_exports()

    @staticmethod
    def _breakdown_box(breakdown: BreakdownTable) -> QGroupBox:
        box = QGroupBox(breakdown.title_text(tr))
        inner = QVBoxLayout(box)
        columns: list[Column[tuple[str, tuple[int, ...]]]] = [Column(tr(breakdown.by), lambda r: r[0])]
        columns += [
            Column(tr(name), lambda r, i=i: number(r[1][i]), align_right=True)
            for i, name in enumerate(breakdown.columns)
        ]
        model: RowsModel[tuple[str, tuple[int, ...]]] = RowsModel(columns, box)
        view = _table("breakdownTable")
        view.setModel(model)
        model.set_rows(breakdown.rows)
        _fit_height(view)
        inner.addWidget(view)
        return box

    # --- exports -----------------------------------------------------------------------------------------

    def _export(self, suffix: str, write: Any, done_attr: str) -> None:
        report = self.report
        if report is None:
            self.message.setText(tr("먼저 [조회]로 통계를 불러오십시오."))
            return
        path = output_path(self.ctx.app.settings, "민원통계", report.period.label, suffix=suffix)

        def done(written: Path) -> None:
            setattr(self, done_attr, written)
            self.message.setText(tr("저장했습니다: {path}", path=written))

        ops.run(self, self.ctx, lambda: write(report, path), done=done, lane="io")

    def export_xlsx(self) -> None:
        self._export(".xlsx", statistics_export.write_xlsx, "last_xlsx")

    def export_pdf(self) -> None:
        self._export(".pdf", statistics_export.write_pdf, "last_pdf")


def add_reports_page(owner: QWidget, layout: QBoxLayout, *parts: QLayout) -> QTabWidget:
    """The 통계·마감 tab as two pages: 수납·마감 (``parts``: the tab's existing rows) and 보고서 통계."""
    pages = QTabWidget(owner)
    pages.setObjectName("statsTabPages")
    first = QWidget()
    inner = QVBoxLayout(first)
    inner.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        layout.removeItem(part)
        part.setParent(None)  # type: ignore[call-overload]
        inner.addLayout(part)
    pages.addTab(first, tr("수납·마감"))
    owner.reports_page = StatsReportsPage(owner.ctx)  # type: ignore[attr-defined]
    pages.addTab(owner.reports_page, tr("보고서 통계"))  # type: ignore[attr-defined]
    layout.addWidget(pages)
    return pages
