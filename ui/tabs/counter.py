"""증명·민원 tab: certificates at the counter, time-limited petitions to their deadline, overdue checks and
the satisfaction survey; every step reachable from the keyboard (Ctrl+1–4 switch sections)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.calendar import SEOUL, seoul_today
from app.formatting import won
from app.services import certificates as certs
from app.services import overdue, surveys
from app.services import petitions as pets
from app.services.certificates import CertificateIssueView, CertificateLine
from app.services.output import output_path
from ui.context import UiContext
from ui.dialogs.counter_petition import PetitionActionDialog
from ui.errors import show_error
from ui.models import Column, RowsModel
from ui.widgets import MoneyLabel, ResidentNumberEdit, present_pdf, pydate, qdate

REFRESH_MSECS = 60_000
URGENCY_COLOURS = {"overdue": "#f8d7da", "day": "#ffd8a8", "three_days": "#fff3cd", "paused": "#e2e3e5"}
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("start", "처리중으로", "Ctrl+Shift+P"),
    ("supplement", "보완 요청…", "Ctrl+Shift+B"),
    ("resume", "보완 도착…", "Ctrl+Shift+R"),
    ("extend", "처리기간 연장…", "Ctrl+Shift+E"),
    ("transfer", "이송…", "Ctrl+Shift+T"),
    ("decide", "처리완료…", "Ctrl+Shift+D"),
    ("notify", "통지·교부…", "Ctrl+Shift+N"),
    ("close", "종결…", "Ctrl+Shift+C"),
    ("history", "이력 보기", "Ctrl+Shift+H"),
)


def _local(moment: Any) -> str:
    return moment.astimezone(SEOUL).strftime("%m-%d %H:%M") if moment else ""


def _table(name: str, model: RowsModel) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    return table


def _button(text: str) -> QPushButton:
    """A button that Enter presses when it has the focus, as Space does (outside dialogs Qt leaves Enter to
    the page, which would issue or take instead of what the focused button says)."""
    button = QPushButton(text)
    button.setAutoDefault(True)
    return button


def _shortcut(parent: QWidget, keys: str, slot: Callable[[], None]) -> QShortcut:
    shortcut = QShortcut(QKeySequence(keys), parent)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(slot)
    return shortcut


def retry_key(form: object, request: Mapping[str, object]) -> uuid.UUID:
    """The client id of a save: the same as the last attempt while the form is unchanged, so that a
    retry after a network error returns the record already written instead of writing it twice."""
    signature = repr(sorted((k, repr(v)) for k, v in request.items() if k != "client_uuid"))
    last = getattr(form, "_retry", None)
    if last is not None and last[0] == signature:
        return last[1]
    key = uuid.uuid4()
    form._retry = (signature, key)  # type: ignore[attr-defined]
    return key


class _Page(QWidget):
    def fail(self, exc: BaseException) -> None:
        """Show a refusal or an error; the form keeps what was typed."""
        show_error(self, exc)


# --- certificates --------------------------------------------------------------------------------


class CertificatesPage(_Page):
    """제증명 발급: applicant, kind, copies, exemption, payment → receipt. Enter or Ctrl+S issues; Ctrl+Enter adds
    another kind to the list; Delete removes the selected line; Esc clears."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.last_issue: CertificateIssueView | None = None
        self.last_pdf: Path | None = None
        layout = QHBoxLayout(self)
        form_box = QGroupBox("발급 신청 (Enter/Ctrl+S 발급, Ctrl+Enter 줄 추가, Esc 지우기)")
        form = QFormLayout(form_box)
        self.name = QLineEdit()
        self.name.setObjectName("certName")
        self.name.setPlaceholderText("민원인 성명")
        self.rrn = ResidentNumberEdit(required=False)
        self.rrn.setObjectName("certRrn")
        self.phone = QLineEdit()
        self.phone.setObjectName("certPhone")
        self.phone.setPlaceholderText("선택")
        self.kind = QComboBox()
        self.kind.setObjectName("certKind")
        self.kinds = certs.available_kinds(ctx.actor)
        for k in self.kinds:
            fee = k.fee("counter")
            note = "" if k.verified else " · 수수료 미확인"
            self.kind.addItem(f"{k.name} ({won(fee or 0)}/부{note})", k.code)
        self.copies = QSpinBox()
        self.copies.setObjectName("certCopies")
        self.copies.setRange(1, 100)
        self.copies.setSuffix(" 부")
        self.exemption = QComboBox()
        self.exemption.setObjectName("certExemption")
        self.payment = QComboBox()
        self.payment.setObjectName("certPayment")
        self.payment.addItems(["현금", "카드"])
        form.addRow("성명", self.name)
        form.addRow("주민등록번호", self.rrn)
        form.addRow("전화", self.phone)
        form.addRow("증명서", self.kind)
        form.addRow("부수", self.copies)
        form.addRow("감면", self.exemption)
        form.addRow("결제", self.payment)
        buttons = QHBoxLayout()
        self.add_button = _button("줄 추가 (Ctrl+Enter)")
        self.add_button.setObjectName("certAdd")
        self.issue_button = _button("발급·수납 (Ctrl+S)")
        self.issue_button.setObjectName("certIssue")
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.issue_button)
        form.addRow(buttons)
        layout.addWidget(form_box, 2)

        right = QVBoxLayout()
        self.lines: list[CertificateLine] = []
        self.lines_model = RowsModel(
            [
                Column("증명서", lambda r: r[0]),
                Column("부수", lambda r: r[1].copies, align_right=True),
                Column("감면", lambda r: r[2]),
                Column("금액", lambda r: won(r[3]), align_right=True),
            ]
        )
        self.lines_table = _table("certLines", self.lines_model)
        right.addWidget(QLabel("발급할 증명서 (Delete: 줄 삭제)"))
        right.addWidget(self.lines_table)
        total_row = QHBoxLayout()
        total_row.addWidget(QLabel("합계"))
        total_row.addStretch(1)
        self.total = MoneyLabel(0)
        self.total.setObjectName("certTotal")
        total_row.addWidget(self.total)
        right.addLayout(total_row)
        self.status = QLabel()
        self.status.setObjectName("certStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right.addWidget(self.status)
        layout.addLayout(right, 3)
        if ctx.actor.role == "night":
            self.status.setText("야간 민원실: 주민등록표 등·초본과 가족관계등록부 증명서만 발급합니다.")

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.copies.valueChanged.connect(self._update_total)
        self.exemption.currentIndexChanged.connect(self._update_total)
        self.add_button.clicked.connect(self.add_line)
        self.issue_button.clicked.connect(self.issue)
        _shortcut(self, "Ctrl+S", self.issue)
        _shortcut(self, "Ctrl+Return", self.add_line)
        _shortcut(self, "Ctrl+Enter", self.add_line)
        _shortcut(self, "Esc", self.clear)
        self.setTabOrder(self.name, self.rrn.edit)
        self.setTabOrder(self.rrn.edit, self.phone)
        self.setTabOrder(self.phone, self.kind)
        self.setTabOrder(self.kind, self.copies)
        self.setTabOrder(self.copies, self.exemption)
        self.setTabOrder(self.exemption, self.payment)
        self._kind_changed()

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
        self.exemption.addItem("감면 없음", "")
        for e in certs.exemptions():
            if code in e.applies_to:
                self.exemption.addItem(e.label, e.code)
        self.exemption.blockSignals(False)
        self._update_total()

    def _current(self) -> CertificateLine | None:
        code = self.kind.currentData()
        if not code:
            return None
        return CertificateLine(code, self.copies.value(), self.exemption.currentData() or None)

    def _pending(self) -> list[CertificateLine]:
        if self.lines:
            return list(self.lines)
        current = self._current()
        return [current] if current else []

    def _update_total(self) -> None:
        try:
            self.total.set_amount(certs.quote_lines(self._pending()))
        except ValueError:
            self.total.set_amount(None)

    def add_line(self) -> None:
        current = self._current()
        if current is None:
            return
        try:
            certs.quote_lines([current])
        except ValueError as exc:
            show_error(self, exc)
            return
        self.lines.append(current)
        self._show_lines()
        self.copies.setValue(1)
        self.exemption.setCurrentIndex(0)
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

    def clear(self) -> None:
        self.name.clear()
        self.rrn.clear()
        self.phone.clear()
        self.copies.setValue(1)
        self.kind.setCurrentIndex(0)
        self.payment.setCurrentIndex(0)
        self.lines = []
        self._show_lines()
        self.name.setFocus()

    def issue(self) -> None:
        lines = self._pending()
        if self.rrn.error():
            show_error(self, ValueError(self.rrn.error()))
            return
        request: dict[str, Any] = {
            "applicant_name": self.name.text(),
            "resident_number": self.rrn.value(),
            "phone": self.phone.text(),
            "lines": lines,
            "payment_method": self.payment.currentText(),
        }
        request["client_uuid"] = retry_key(self, request)
        ctx = self.ctx
        self.ctx.tasks.submit(
            lambda: certs.issue_certificates(ctx.uow(), ctx.actor, **request),
            on_done=self._issued,
            on_error=self.fail,
        )

    def _issued(self, view: CertificateIssueView) -> None:
        self.last_issue = view
        ctx = self.ctx
        path = output_path(ctx.app.settings, "영수증", view.receipt.number)
        paper = ctx.app.settings.get("receipt_format")
        summary = ", ".join(f"{ln.kind_name} {ln.copies}부" for ln in view.lines)

        def printed(written: Path) -> None:
            self.last_pdf = written
            present_pdf(written)
            self.status.setText(
                f"발급했습니다: 영수증 {view.receipt.number} · {summary} · 합계 {won(view.total)}\n저장: {written}"
            )

        self.clear()
        self.status.setText(f"발급했습니다: 영수증 {view.receipt.number} · 합계 {won(view.total)}")
        ctx.tasks.submit(
            lambda: certs.print_receipt(ctx.uow(), ctx.actor, issue=view, path=path, paper=paper),
            on_done=printed,
            on_error=self.fail,
        )


# --- petitions -----------------------------------------------------------------------------------


class PetitionsPage(_Page):
    """유기한 민원: intake, the work list with time left, actions by context menu and Ctrl+Shift keys."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.dialog: PetitionActionDialog | None = None
        self.departments = pets.department_choices()
        outer = QVBoxLayout(self)

        intake = QGroupBox("민원 접수 (Ctrl+N 새 접수, Enter/Ctrl+S 접수, Esc 지우기)")
        grid = QGridLayout(intake)
        self.type = QComboBox()
        self.type.setObjectName("petType")
        self.types = pets.petition_types()
        for t in self.types:
            self.type.addItem(t.label, t.code)
        self.type_info = QLabel()
        self.type_info.setObjectName("petTypeInfo")
        self.department = QComboBox()
        self.department.setObjectName("petDepartment")
        self.department.addItems(self.departments)
        self.name = QLineEdit()
        self.name.setObjectName("petName")
        self.name.setPlaceholderText("민원인 성명")
        self.phone = QLineEdit()
        self.phone.setObjectName("petPhone")
        self.phone.setPlaceholderText("010-0000-0000")
        self.summary = QLineEdit()
        self.summary.setObjectName("petSummary")
        self.summary.setPlaceholderText("민원 요지 (선택)")
        self.intake_button = _button("접수 (Ctrl+S)")
        self.intake_button.setObjectName("petIntake")
        grid.addWidget(QLabel("민원 종류"), 0, 0)
        grid.addWidget(self.type, 0, 1, 1, 3)
        grid.addWidget(self.type_info, 0, 4, 1, 2)
        grid.addWidget(QLabel("소관부서"), 1, 0)
        grid.addWidget(self.department, 1, 1)
        grid.addWidget(QLabel("성명"), 1, 2)
        grid.addWidget(self.name, 1, 3)
        grid.addWidget(QLabel("전화"), 1, 4)
        grid.addWidget(self.phone, 1, 5)
        grid.addWidget(QLabel("요지"), 2, 0)
        grid.addWidget(self.summary, 2, 1, 1, 4)
        grid.addWidget(self.intake_button, 2, 5)
        outer.addWidget(intake)

        filters = QHBoxLayout()
        self.filter_department = QComboBox()
        self.filter_department.setObjectName("filterDepartment")
        self.filter_department.addItem("전체 부서", "")
        for d in self.departments:
            self.filter_department.addItem(d, d)
        self.filter_status = QComboBox()
        self.filter_status.setObjectName("filterStatus")
        self.filter_status.addItem("진행 중", "open")
        self.filter_status.addItem("전체", "all")
        for code, label in pets.STATUS_LABELS.items():
            self.filter_status.addItem(label, code)
        self.filter_overdue = QCheckBox("기한 경과만")
        self.filter_overdue.setObjectName("filterOverdue")
        self.filter_within = QSpinBox()
        self.filter_within.setObjectName("filterWithin")
        self.filter_within.setRange(0, 30)
        self.filter_within.setSpecialValueText("기한 전체")
        self.filter_within.setPrefix("")
        self.filter_within.setSuffix("근무일 이내")
        self.search = QLineEdit()
        self.search.setObjectName("petSearch")
        self.search.setPlaceholderText("민원번호·성명·전화 검색 (Ctrl+F, Enter)")
        for label, widget in (
            ("부서", self.filter_department),
            ("상태", self.filter_status),
            ("", self.filter_overdue),
            ("", self.filter_within),
        ):
            if label:
                filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        self.count_label = QLabel()
        self.count_label.setObjectName("petCount")
        filters.addWidget(self.count_label)
        outer.addLayout(filters)

        self.model = RowsModel(
            [
                Column("민원번호", lambda v: v.number),
                Column("민원 종류", lambda v: v.type_name, tooltip=lambda v: f"처리기간 {v.period}"),
                Column("부서", lambda v: v.department),
                Column("민원인", lambda v: v.applicant_name),
                Column("전화", lambda v: v.phone_masked),
                Column("접수", lambda v: _local(v.received_at)),
                Column("처리기한", lambda v: _local(v.due_at)),
                Column(
                    "남은 시간",
                    lambda v: v.time_left_label,
                    align_right=True,
                    background=lambda v: URGENCY_COLOURS.get(v.urgency),
                    tooltip=lambda v: "근무시간 기준 (1일 = 8시간)",
                ),
                Column("상태", lambda v: v.status_label + (f" ({v.decision})" if v.decision else "")),
                Column("연장", lambda v: f"{v.extension_count}회" if v.extension_count else ""),
            ]
        )
        self.table = _table("petTable", self.model)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        outer.addWidget(self.table, 3)
        self.status = QLabel()
        self.status.setObjectName("petStatus")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)

        todo_box = QGroupBox("진행상황 통지 할 일 (접수 후 30일, 이후 30일마다)")
        todo_layout = QHBoxLayout(todo_box)
        self.todo_model = RowsModel(
            [
                Column("민원번호", lambda t: t.number),
                Column("민원인", lambda t: t.applicant_name),
                Column("전화", lambda t: t.phone_masked),
                Column("통지일", lambda t: t.due_on.isoformat()),
                Column("지남", lambda t: f"{t.days_late}일" if t.days_late else "오늘", align_right=True),
            ]
        )
        self.todo_table = _table("todoTable", self.todo_model)
        todo_layout.addWidget(self.todo_table, 1)
        side = QVBoxLayout()
        self.todo_method = QComboBox()
        self.todo_method.setObjectName("todoMethod")
        self.todo_method.addItems(list(pets.STATUS_NOTICE_METHODS))
        self.todo_button = _button("통지함 (Ctrl+Shift+M)")
        self.todo_button.setObjectName("todoDone")
        side.addWidget(self.todo_method)
        side.addWidget(self.todo_button)
        side.addStretch(1)
        todo_layout.addLayout(side)
        outer.addWidget(todo_box, 1)

        self.petition_actions: dict[str, QAction] = {}
        for key, label, keys in ACTIONS:
            action = QAction(f"{label}", self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, k=key: self.run_action(k))
            self.addAction(action)
            self.petition_actions[key] = action

        self.type.currentIndexChanged.connect(self._type_changed)
        self.intake_button.clicked.connect(self.take)
        self.search.returnPressed.connect(self.refresh)
        for widget in (self.filter_department, self.filter_status):
            widget.currentIndexChanged.connect(self.refresh)
        self.filter_overdue.toggled.connect(self.refresh)
        self.filter_within.valueChanged.connect(self.refresh)
        self.todo_button.clicked.connect(self.mark_notice)
        _shortcut(self, "Ctrl+N", self.new_intake)
        _shortcut(self, "Ctrl+S", self.take)
        _shortcut(self, "Ctrl+F", self.focus_search)
        _shortcut(self, "Esc", self.clear_intake)
        _shortcut(self, "Ctrl+Shift+M", self.mark_notice)
        for edit in (self.name, self.phone, self.summary):
            edit.returnPressed.connect(self.take)
        self.setTabOrder(self.type, self.department)
        self.setTabOrder(self.department, self.name)
        self.setTabOrder(self.name, self.phone)
        self.setTabOrder(self.phone, self.summary)
        self.setTabOrder(self.summary, self.intake_button)
        self._type_changed()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(REFRESH_MSECS)
        self.refresh()

    # intake

    def _selected_type(self) -> pets.PetitionTypeView | None:
        code = self.type.currentData()
        return next((t for t in self.types if t.code == code), None)

    def _type_changed(self) -> None:
        t = self._selected_type()
        if t is None:
            return
        self.department.setEnabled(t.chosen_at_intake)
        if not t.chosen_at_intake:
            index = self.department.findText(t.department)
            if index >= 0:
                self.department.setCurrentIndex(index)
        note = "" if t.verified else " · 처리기간 미확인"
        self.type_info.setText(f"처리기간 <b>{t.period}</b> · {t.department}{note}")

    def new_intake(self) -> None:
        self.clear_intake()
        self.type.setFocus()

    def clear_intake(self) -> None:
        for edit in (self.name, self.phone, self.summary):
            edit.clear()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def take(self) -> None:
        t = self._selected_type()
        if t is None:
            return
        request: dict[str, Any] = {
            "type_code": t.code,
            "applicant_name": self.name.text(),
            "phone": self.phone.text(),
            "department": self.department.currentText() if t.chosen_at_intake else None,
            "summary": self.summary.text(),
        }
        request["client_uuid"] = retry_key(self, request)
        ctx = self.ctx

        def done(view: pets.PetitionView) -> None:
            self.clear_intake()
            self.status.setText(
                f"접수했습니다: {view.number} · {view.type_name} · {view.department} · "
                f"처리기한 {view.due_at.astimezone(SEOUL):%Y-%m-%d %H:%M} ({view.time_left_label})"
            )
            self.refresh(select=view.id)
            self.type.setFocus()

        ctx.tasks.submit(
            lambda: pets.intake_petition(ctx.uow(), ctx.actor, **request),
            on_done=done,
            on_error=self.fail,
        )

    # list

    def refresh(self, *_: object, select: int | None = None) -> None:
        ctx = self.ctx
        filters = {
            "department": self.filter_department.currentData() or None,
            "status": self.filter_status.currentData(),
            "overdue_only": self.filter_overdue.isChecked(),
            "due_within_days": self.filter_within.value() or None,
            "search": self.search.text(),
        }
        current = self.selected()
        keep = select if select is not None else (current.id if current else None)

        def done(rows: list[pets.PetitionView]) -> None:
            self.model.set_rows(rows)
            overdue_count = sum(1 for r in rows if r.overdue)
            self.count_label.setText(f"{len(rows)}건 · 기한 경과 {overdue_count}건")
            for i, row in enumerate(rows):
                if row.id == keep:
                    self.table.selectRow(i)
                    break

        ctx.tasks.submit(
            lambda: pets.list_petitions(ctx.uow(), ctx.actor, **filters),
            on_done=done,
            on_error=self.fail,
        )
        ctx.tasks.submit(
            lambda: pets.status_notices_due(ctx.uow(), ctx.actor),
            on_done=self.todo_model.set_rows,
            on_error=self.fail,
        )

    def selected(self) -> pets.PetitionView | None:
        model = self.table.selectionModel()
        rows = model.selectedRows() if model is not None else []
        if rows and rows[0].row() < self.model.rowCount():
            return self.model.row_at(rows[0].row())
        return None

    def _context_menu(self, point: QPoint) -> None:
        index = self.table.indexAt(point)
        if index.isValid():
            self.table.selectRow(index.row())
        menu = QMenu(self)
        for action in self.petition_actions.values():
            menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(point))

    # actions

    def run_action(self, key: str) -> None:
        petition = self.selected()
        if petition is None:
            self.status.setText("먼저 목록에서 민원을 고르세요 (↑↓).")
            self.table.setFocus()
            return
        if key == "history":
            self.show_history(petition)
            return
        if key == "start":
            self._submit(key, petition, {})
            return
        dialog = PetitionActionDialog(
            key,
            petition,
            departments=self.departments,
            parent=self,
            submit=lambda values: self._submit(key, petition, values, dialog),
        )
        self.dialog = dialog
        dialog.open()

    def _submit(
        self,
        key: str,
        petition: pets.PetitionView,
        values: dict[str, Any],
        dialog: PetitionActionDialog | None = None,
    ) -> None:
        """Run the action; a refusal shows in the dialog (which keeps what was typed), else in a box."""
        ctx = self.ctx
        calls: dict[str, Callable[[], pets.PetitionView]] = {
            "start": lambda: pets.start_processing(ctx.uow(), ctx.actor, petition_id=petition.id),
            "supplement": lambda: pets.request_supplement(
                ctx.uow(),
                ctx.actor,
                petition_id=petition.id,
                note=values["note"],
                supplement_due=values.get("supplement_due"),
            ),
            "resume": lambda: pets.receive_supplement(
                ctx.uow(), ctx.actor, petition_id=petition.id, note=values.get("note", "")
            ),
            "extend": lambda: pets.extend_petition(
                ctx.uow(),
                ctx.actor,
                petition_id=petition.id,
                reason=values["reason"],
                period=values["period"],
                notice_method=values["notice_method"],
                applicant_consent=values["consent"],
                consent_note=values["consent_note"],
            ),
            "transfer": lambda: pets.transfer_petition(
                ctx.uow(),
                ctx.actor,
                petition_id=petition.id,
                to_department=values["to_department"] or "",
                reason=values["reason"],
            ),
            "decide": lambda: pets.decide_petition(
                ctx.uow(),
                ctx.actor,
                petition_id=petition.id,
                decision=values["decision"],
                decided_at=values["decided_at"],
                reason=values["reason"],
            ),
            "notify": lambda: pets.notify_petition(
                ctx.uow(), ctx.actor, petition_id=petition.id, method=values["method"]
            ),
            "close": lambda: pets.close_petition(
                ctx.uow(), ctx.actor, petition_id=petition.id, reason_code=values["reason_code"], note=values["note"]
            ),
        }
        label = next(text for k, text, _ in ACTIONS if k == key).rstrip("…")

        def done(view: pets.PetitionView) -> None:
            if dialog is not None:
                dialog.finish()
            self.status.setText(
                f"처리했습니다: {view.number} {label} → {view.status_label} · 처리기한 "
                f"{view.due_at.astimezone(SEOUL):%Y-%m-%d %H:%M} ({view.time_left_label})"
            )
            self.refresh(select=view.id)
            self.table.setFocus()

        ctx.tasks.submit(calls[key], on_done=done, on_error=dialog.refuse if dialog is not None else self.fail)

    def show_history(self, petition: pets.PetitionView) -> None:
        ctx = self.ctx

        def done(detail: pets.PetitionDetail) -> None:
            lines = [
                f"{e.at.astimezone(SEOUL):%Y-%m-%d %H:%M} {e.action_label} ({e.actor_name}) {e.note}"
                for e in detail.events
            ]
            box = QMessageBox(QMessageBox.Icon.Information, f"{petition.number} 이력", "\n".join(lines), parent=self)
            box.setObjectName("historyBox")
            self.history_box = box
            box.open()

        ctx.tasks.submit(
            lambda: pets.get_petition(ctx.uow(), ctx.actor, petition_id=petition.id),
            on_done=done,
            on_error=self.fail,
        )

    def mark_notice(self) -> None:
        rows = self.todo_table.selectionModel().selectedRows()
        if not rows and self.todo_model.rowCount():
            self.todo_table.selectRow(0)
            rows = self.todo_table.selectionModel().selectedRows()
        if not rows:
            self.status.setText("통지할 일이 없습니다.")
            return
        todo = self.todo_model.row_at(rows[0].row())
        method = self.todo_method.currentText()
        ctx = self.ctx

        def done(_: object) -> None:
            self.status.setText(f"처리했습니다: {todo.number} {todo.due_on:%Y-%m-%d}분 진행상황 {method} 통지 기록")
            self.refresh()

        ctx.tasks.submit(
            lambda: pets.record_status_notice(
                ctx.uow(), ctx.actor, petition_id=todo.petition_id, due_on=todo.due_on, method=method
            ),
            on_done=done,
            on_error=self.fail,
        )


# --- overdue checks (supervisor) -----------------------------------------------------------------


class OverduePage(_Page):
    """처리상황 점검: preview, 예고장·독촉장 per department (Ctrl+Shift+O), late departments, office closures."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.last_result: overdue.OverdueCheckResult | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.within = QSpinBox()
        self.within.setObjectName("overdueWithin")
        self.within.setRange(0, overdue.MAX_WITHIN_DAYS)
        self.within.setValue(3)
        self.within.setSuffix("근무일 이내 예고")
        self.check_button = _button("점검·예고장/독촉장 발송 (Ctrl+Shift+O)")
        self.check_button.setObjectName("overdueRun")
        top.addWidget(QLabel("예고 기준"))
        top.addWidget(self.within)
        top.addWidget(self.check_button)
        top.addStretch(1)
        layout.addLayout(top)
        self.preview_model = RowsModel(
            [
                Column("부서", lambda r: r.department),
                Column("진행 중", lambda r: r.running, align_right=True),
                Column(
                    "기한 임박",
                    lambda r: r.due_soon,
                    align_right=True,
                    background=lambda r: URGENCY_COLOURS["three_days"] if r.due_soon else None,
                ),
                Column(
                    "기한 경과",
                    lambda r: r.overdue,
                    align_right=True,
                    background=lambda r: URGENCY_COLOURS["overdue"] if r.overdue else None,
                ),
            ]
        )
        self.preview = _table("overduePreview", self.preview_model)
        layout.addWidget(self.preview, 2)
        self.status = QLabel()
        self.status.setObjectName("overdueStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)

        report_box = QGroupBox("처리기한 반복 경과 부서 (감사담당관 보고)")
        report = QVBoxLayout(report_box)
        row = QHBoxLayout()
        today = seoul_today()
        self.report_start = QDateEdit(qdate(today - timedelta(days=90)))
        self.report_end = QDateEdit(qdate(today))
        for edit in (self.report_start, self.report_end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.report_more = QSpinBox()
        self.report_more.setObjectName("reportMoreThan")
        self.report_more.setRange(0, 999)
        self.report_more.setValue(2)
        self.report_more.setSuffix("회 초과")
        self.report_button = _button("조회")
        self.report_button.setObjectName("reportRun")
        for widget in (QLabel("기간"), self.report_start, QLabel("~"), self.report_end, self.report_more):
            row.addWidget(widget)
        row.addWidget(self.report_button)
        row.addStretch(1)
        report.addLayout(row)
        self.report_model = RowsModel(
            [
                Column("부서", lambda r: r.department),
                Column("기한 도래", lambda r: r.due_in_period, align_right=True),
                Column("경과", lambda r: r.late, align_right=True),
                Column("경과율", lambda r: f"{r.late_rate:.1f}%", align_right=True),
                Column("독촉장", lambda r: r.demands, align_right=True),
            ]
        )
        self.report_table = _table("reportTable", self.report_model)
        report.addWidget(self.report_table)
        layout.addWidget(report_box, 2)

        self.closures_box = QGroupBox("휴무일 (처리기한 계산에서 제외)")
        closures = QHBoxLayout(self.closures_box)
        self.closure_model = RowsModel(
            [Column("날짜", lambda c: c.day.isoformat()), Column("사유", lambda c: c.reason)]
        )
        self.closure_table = _table("closureTable", self.closure_model)
        closures.addWidget(self.closure_table, 2)
        form = QFormLayout()
        self.closure_day = QDateEdit(qdate(today))
        self.closure_day.setObjectName("closureDay")
        self.closure_day.setCalendarPopup(True)
        self.closure_day.setDisplayFormat("yyyy-MM-dd")
        self.closure_reason = QLineEdit()
        self.closure_reason.setObjectName("closureReason")
        self.closure_add = _button("휴무일 추가")
        self.closure_add.setObjectName("closureAdd")
        self.closure_remove = _button("선택 휴무일 삭제")
        self.closure_remove.setObjectName("closureRemove")
        form.addRow("날짜", self.closure_day)
        form.addRow("사유", self.closure_reason)
        form.addRow(self.closure_add)
        form.addRow(self.closure_remove)
        closures.addLayout(form, 1)
        layout.addWidget(self.closures_box, 1)
        self.closures_box.setEnabled(ctx.can("closure.manage"))

        self.check_button.clicked.connect(self.run_check)
        self.within.valueChanged.connect(self.refresh)
        self.report_button.clicked.connect(self.run_report)
        self.closure_add.clicked.connect(self.add_closure)
        self.closure_reason.returnPressed.connect(self.add_closure)
        self.closure_remove.clicked.connect(self.remove_closure)
        _shortcut(self, "Ctrl+Shift+O", self.run_check)
        self.refresh()

    def refresh(self, *_: object) -> None:
        ctx = self.ctx
        within = self.within.value()
        ctx.tasks.submit(
            lambda: overdue.overdue_preview(ctx.uow(), ctx.actor, within_days=within),
            on_done=self.preview_model.set_rows,
            on_error=self.fail,
        )
        ctx.tasks.submit(
            lambda: pets.list_closures(ctx.uow(), ctx.actor),
            on_done=self.closure_model.set_rows,
            on_error=self.fail,
        )

    def run_check(self) -> None:
        ctx = self.ctx
        within = self.within.value()
        settings = ctx.app.settings

        def done(result: overdue.OverdueCheckResult) -> None:
            self.last_result = result
            if not result.notices:
                self.status.setText("예고장·독촉장을 보낼 민원이 없습니다.")
            else:
                listed = ", ".join(f"{n.department} {n.kind_label} {n.count}건" for n in result.notices)
                folder = result.notices[0].path.parent
                self.status.setText(f"발송 기록했습니다: {listed}\n저장 폴더: {folder}")
                for notice in result.notices:
                    present_pdf(notice.path)
            self.refresh()

        ctx.tasks.submit(
            lambda: overdue.run_overdue_check(
                ctx.uow(),
                ctx.actor,
                within_days=within,
                path_for=lambda kind, department: output_path(settings, kind, department),
            ),
            on_done=done,
            on_error=self.fail,
        )

    def run_report(self) -> None:
        ctx = self.ctx
        start, end = pydate(self.report_start.date()), pydate(self.report_end.date())
        more = self.report_more.value()
        ctx.tasks.submit(
            lambda: overdue.late_departments(ctx.uow(), ctx.actor, start=start, end=end, more_than=more),
            on_done=self.report_model.set_rows,
            on_error=self.fail,
        )

    def add_closure(self) -> None:
        ctx = self.ctx
        day, reason = pydate(self.closure_day.date()), self.closure_reason.text()

        def done(_: object) -> None:
            self.closure_reason.clear()
            self.status.setText(f"휴무일을 추가했습니다: {day} — 진행 중인 민원의 처리기한을 다시 계산했습니다.")
            self.refresh()

        ctx.tasks.submit(
            lambda: pets.add_closure(ctx.uow(), ctx.actor, day=day, reason=reason),
            on_done=done,
            on_error=self.fail,
        )

    def remove_closure(self) -> None:
        rows = self.closure_table.selectionModel().selectedRows()
        if not rows:
            return
        day = self.closure_model.row_at(rows[0].row()).day
        ctx = self.ctx
        ctx.tasks.submit(
            lambda: pets.remove_closure(ctx.uow(), ctx.actor, day=day),
            on_done=lambda _: self.refresh(),
            on_error=self.fail,
        )


# --- satisfaction survey -------------------------------------------------------------------------


SCORE_CHOICES = [("5 (매우 만족)", 5), ("4 (만족)", 4), ("3 (보통)", 3), ("2 (불만)", 2), ("1 (매우 불만)", 1)]


class SurveysPage(_Page):
    """만족도 조사: surveys waiting for answers, answers by hand or CSV, rates by period/department/clerk."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.pending_model = RowsModel(
            [
                Column("민원번호", lambda s: s.number),
                Column("부서", lambda s: s.department),
                Column("상태", lambda s: s.state_label),
                Column("ARS 예정", lambda s: _local(s.ars_due_at)),
            ]
        )
        self.pending = _table("surveyPending", self.pending_model)
        left.addWidget(QLabel("응답 기다리는 조사"))
        left.addWidget(self.pending)
        answer = QGroupBox("응답 입력 (Enter 저장)")
        form = QFormLayout(answer)
        self.number = QLineEdit()
        self.number.setObjectName("surveyNumber")
        self.number.setPlaceholderText("민원-YYYYMMDD-0001")
        self.kindness = QComboBox()
        self.kindness.setObjectName("surveyKindness")
        self.satisfaction = QComboBox()
        self.satisfaction.setObjectName("surveySatisfaction")
        for box in (self.kindness, self.satisfaction):
            for text, value in SCORE_CHOICES:
                box.addItem(text, value)
        self.save_button = _button("저장")
        self.save_button.setObjectName("surveySave")
        form.addRow("민원번호", self.number)
        form.addRow("친절도", self.kindness)
        form.addRow("만족도", self.satisfaction)
        form.addRow(self.save_button)
        self.csv_path = QLineEdit()
        self.csv_path.setObjectName("surveyCsv")
        self.csv_path.setPlaceholderText("ARS 결과 CSV 경로 (민원번호,친절도,만족도[,응답일시])")
        self.import_button = _button("CSV 가져오기")
        self.import_button.setObjectName("surveyImport")
        form.addRow("CSV", self.csv_path)
        form.addRow(self.import_button)
        left.addWidget(answer)
        self.status = QLabel()
        self.status.setObjectName("surveyStatus")
        self.status.setWordWrap(True)
        left.addWidget(self.status)
        layout.addLayout(left, 1)

        right = QVBoxLayout()
        row = QHBoxLayout()
        today = seoul_today()
        self.start = QDateEdit(qdate(today.replace(day=1)))
        self.end = QDateEdit(qdate(today))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.rates_button = _button("만족도 조회")
        self.rates_button.setObjectName("surveyRates")
        for widget in (QLabel("기간"), self.start, QLabel("~"), self.end, self.rates_button):
            row.addWidget(widget)
        row.addStretch(1)
        right.addLayout(row)
        self.overall = QLabel()
        self.overall.setObjectName("surveyOverall")
        right.addWidget(self.overall)

        def rate(value: float | None) -> str:
            return "-" if value is None else f"{value:.1f}%"

        columns = [
            Column("구분", lambda r: r.group),
            Column("조사", lambda r: r.queued, align_right=True),
            Column("응답", lambda r: r.answered, align_right=True),
            Column("친절도", lambda r: rate(r.kindness_rate), align_right=True),
            Column("만족도", lambda r: rate(r.satisfaction_rate), align_right=True),
        ]
        self.dept_model = RowsModel(columns)
        self.clerk_model = RowsModel(columns)
        right.addWidget(QLabel("부서별"))
        right.addWidget(_table("surveyByDepartment", self.dept_model))
        right.addWidget(QLabel("담당자별"))
        right.addWidget(_table("surveyByClerk", self.clerk_model))
        layout.addLayout(right, 1)
        self._rate = rate

        self.save_button.clicked.connect(self.save)
        self.number.returnPressed.connect(self.save)
        self.import_button.clicked.connect(self.import_csv)
        self.csv_path.returnPressed.connect(self.import_csv)
        self.rates_button.clicked.connect(self.load_rates)
        self.pending.doubleClicked.connect(self._pick)
        self.pending.activated.connect(self._pick)
        self.refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        # Enter on a score saves, as on the number field ("응답 입력 (Enter 저장)").
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            self.kindness.hasFocus() or self.satisfaction.hasFocus()
        ):
            self.save()
            return
        super().keyPressEvent(event)

    def _pick(self, index: Any) -> None:
        self.number.setText(self.pending_model.row_at(index.row()).number)
        self.kindness.setFocus()

    def refresh(self) -> None:
        ctx = self.ctx
        ctx.tasks.submit(
            lambda: surveys.list_surveys(ctx.uow(), ctx.actor),
            on_done=self.pending_model.set_rows,
            on_error=self.fail,
        )
        self.load_rates()

    def save(self) -> None:
        ctx = self.ctx
        number, k, s = self.number.text(), self.kindness.currentData(), self.satisfaction.currentData()

        def done(view: surveys.SurveyView) -> None:
            self.status.setText(f"저장했습니다: {view.number} 친절도 {view.kindness} · 만족도 {view.satisfaction}")
            self.number.clear()
            self.refresh()

        ctx.tasks.submit(
            lambda: surveys.record_answer(ctx.uow(), ctx.actor, number=number, kindness=k, satisfaction=s),
            on_done=done,
            on_error=self.fail,
        )

    def import_csv(self) -> None:
        ctx = self.ctx
        path = Path(self.csv_path.text().strip())

        def done(result: surveys.ImportResult) -> None:
            text = f"가져왔습니다: {result.recorded}건"
            if result.errors:
                text += f", 오류 {len(result.errors)}건 — " + "; ".join(result.errors[:5])
            self.status.setText(text)
            self.refresh()

        ctx.tasks.submit(
            lambda: surveys.import_answers_csv(ctx.uow(), ctx.actor, path=path),
            on_done=done,
            on_error=self.fail,
        )

    def load_rates(self) -> None:
        ctx = self.ctx
        start, end = pydate(self.start.date()), pydate(self.end.date())

        def done(rates: surveys.SurveyRates) -> None:
            o = rates.overall
            self.overall.setText(
                f"<b>전체</b> 조사 {o.queued}건 · 응답 {o.answered}건 · 친절도 {self._rate(o.kindness_rate)} · "
                f"만족도 {self._rate(o.satisfaction_rate)} (4~5점 비율)"
            )
            self.dept_model.set_rows(rates.by_department)
            self.clerk_model.set_rows(rates.by_clerk)

        ctx.tasks.submit(
            lambda: surveys.survey_rates(ctx.uow(), ctx.actor, start=start, end=end),
            on_done=done,
            on_error=self.fail,
        )


# --- the tab -------------------------------------------------------------------------------------


class CounterTab(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.sections = QTabWidget()
        self.sections.setObjectName("counterSections")
        layout.addWidget(self.sections)
        self.certificates: CertificatesPage | None = None
        self.petitions: PetitionsPage | None = None
        self.overdue: OverduePage | None = None
        self.surveys: SurveysPage | None = None
        if ctx.can("certificate.issue"):
            self.certificates = CertificatesPage(ctx)
            self.sections.addTab(self.certificates, "증명 발급 (Ctrl+1)")
        if ctx.can("petition.process"):
            self.petitions = PetitionsPage(ctx)
            self.sections.addTab(self.petitions, "유기한 민원 (Ctrl+2)")
        if ctx.can("overdue.check"):
            self.overdue = OverduePage(ctx)
            self.sections.addTab(self.overdue, "처리상황 점검 (Ctrl+3)")
        if ctx.can("survey.record"):
            self.surveys = SurveysPage(ctx)
            self.sections.addTab(self.surveys, "만족도 조사 (Ctrl+4)")
        if self.sections.count() == 0:
            note = QLabel(
                f"'{ctx.actor.role_label}' 권한으로는 증명서 발급과 민원 처리를 할 수 없습니다. "
                "수수료 안내와 구비서류 안내는 여권·복지 조회 탭에서 합니다."
            )
            note.setObjectName("counterNoAccess")
            note.setWordWrap(True)
            self.sections.addTab(note, "안내")
        for number, page in enumerate((self.certificates, self.petitions, self.overdue, self.surveys), start=1):
            if page is not None:
                _shortcut(self, f"Ctrl+{number}", partial(self.show_section, page))
        self.sections.currentChanged.connect(lambda _: self.show_section(self.sections.currentWidget()))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        # F1 lands in the work, not on the tab bar: focus the section's first field.
        current = self.sections.currentWidget()
        focused = QApplication.focusWidget()
        if current is not None and (focused is None or not current.isAncestorOf(focused)):
            self.show_section(current)

    def show_section(self, page: QWidget) -> None:
        self.sections.setCurrentWidget(page)
        if isinstance(page, CertificatesPage):
            page.name.setFocus()
        elif isinstance(page, PetitionsPage):
            page.table.setFocus()
        else:
            page.setFocus()


def create_tab(ctx: UiContext) -> QWidget:
    return CounterTab(ctx)
