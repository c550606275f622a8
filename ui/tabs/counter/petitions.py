"""유기한 민원 screen: intake, the work list with the time left, the actions (context menu and Ctrl+Shift keys)
and the status notices due."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.petition_rules import STATUS_LABELS, STATUS_NOTICE_METHODS
from app.formatting import date_time, event_note, number, period, short_date
from app.i18n import ntr
from app.services import petitions as pets
from app.services.output import output_path
from app.views.petitions import PetitionDetail, PetitionTypeView, PetitionView, StatusNoticeTodo
from ui import ops
from ui.connection import refresh_timer
from ui.context import UiContext
from ui.dialogs.counter_petition import PetitionActionDialog
from ui.i18n import N_, tr
from ui.models import Column, RowsModel
from ui.printing import deliver
from ui.tabs.counter.common import URGENCY_COLOURS, short_time
from ui.widgets import counted_suffix, enter_button, table_view

REFRESH_MSECS = 60_000
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("start", N_("처리중으로"), "Ctrl+Shift+P"),
    ("supplement", N_("보완 요청…"), "Ctrl+Shift+B"),
    ("resume", N_("보완 도착…"), "Ctrl+Shift+R"),
    ("extend", N_("처리기간 연장…"), "Ctrl+Shift+E"),
    ("transfer", N_("이송…"), "Ctrl+Shift+T"),
    ("decide", N_("처리완료…"), "Ctrl+Shift+D"),
    ("notify", N_("통지·교부…"), "Ctrl+Shift+N"),
    ("close", N_("종결…"), "Ctrl+Shift+C"),
    ("history", N_("이력 보기"), "Ctrl+Shift+H"),
    ("print_intake", N_("접수증 출력"), "Ctrl+Shift+J"),
    ("print_supplement", N_("보완요구서 출력"), "Ctrl+Shift+K"),
    ("print_result", N_("처리결과 통지서 출력"), "Ctrl+Shift+L"),
)
# The applicant's papers (민원 접수증, 보완요구서, 처리결과 통지서) by action key.
PAPERS = {"print_intake": "intake", "print_supplement": "supplement", "print_result": "result"}
# Their titles: shown in the UI language; the file name keeps the Korean title (as the paper itself).
PAPER_TITLES = {"intake": N_("민원 접수증"), "supplement": N_("보완요구서"), "result": N_("처리결과 통지서")}
# A transition request: (action, petition id, what the dialog asked for).
Request = tuple[str, int, dict[str, Any]]


class PetitionsPage(QWidget):
    """유기한 민원: intake, the work list with time left, actions by context menu and Ctrl+Shift keys."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.keys = ops.RetryKeys()
        self.dialog: PetitionActionDialog | None = None
        self.history_box: QMessageBox | None = None
        self.last_paper: Path | None = None
        self.departments = pets.department_choices()
        outer = QVBoxLayout(self)
        outer.addWidget(self._intake_box())
        outer.addLayout(self._filters())

        self.model: RowsModel[PetitionView] = RowsModel(
            [
                Column(tr("민원번호"), lambda v: v.number),
                Column(
                    tr("민원 종류"), lambda v: v.type_name, tooltip=lambda v: tr("처리기간 {period}", period=period(v.period))
                ),
                Column(tr("부서"), lambda v: v.department),
                Column(tr("민원인"), lambda v: v.applicant_name),
                Column(tr("전화"), lambda v: v.phone_masked),
                Column(tr("접수"), lambda v: short_time(v.received_at)),
                Column(tr("처리기한"), lambda v: short_time(v.due_at)),
                Column(
                    tr("남은 시간"),
                    lambda v: v.time_left_label,
                    align_right=True,
                    background=lambda v: URGENCY_COLOURS.get(v.urgency),
                    tooltip=lambda v: tr("근무시간 기준 (1일 = 8시간)"),
                ),
                Column(tr("상태"), self._status_text),
                Column(
                    tr("연장"), lambda v: tr("{count}회", count=number(v.extension_count)) if v.extension_count else ""
                ),
            ]
        )
        self.table = table_view("petTable", self.model)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        outer.addWidget(self.table, 3)
        self.status = QLabel()
        self.status.setObjectName("petStatus")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)
        outer.addWidget(self._todo_box(), 1)

        self.petition_actions: dict[str, QAction] = {}
        for key, label, keys in ACTIONS:
            action = QAction(tr(label), self)
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
        ops.install_shortcuts(
            self,
            [
                ("Ctrl+N", self.new_intake),
                ("Ctrl+S", self.take),
                ("Ctrl+F", self.focus_search),
                ("Esc", self.clear_intake),
                ("Ctrl+Shift+M", self.mark_notice),
            ],
        )
        for edit in (self.name, self.phone, self.summary):
            edit.returnPressed.connect(self.take)
        self.setTabOrder(self.type, self.department)
        self.setTabOrder(self.department, self.name)
        self.setTabOrder(self.name, self.phone)
        self.setTabOrder(self.phone, self.summary)
        self.setTabOrder(self.summary, self.intake_button)
        self._type_changed()
        # Paused while the server is away; one refresh when it answers again (no dialog from a timer).
        # Refreshed when a petition changes here or at another counter; the timer for deadlines that pass.
        self.timer = refresh_timer(
            self, ctx, REFRESH_MSECS, lambda: self.refresh(background=True), topics=("petitions",)
        )
        self.refresh()

    def _intake_box(self) -> QGroupBox:
        intake = QGroupBox(tr("민원 접수 (Ctrl+N 새 접수, Enter/Ctrl+S 접수, Esc 지우기)"))
        grid = QGridLayout(intake)
        self.type = QComboBox()
        self.type.setObjectName("petType")
        self.types = pets.petition_types()
        for t in self.types:
            # the kind and the office in the UI language (t.label is the Korean one, built in the view)
            label = tr("{name} ({period}, {department})", name=t.name, period=period(t.period), department=t.department)
            self.type.addItem(label, t.code)
        self.type_info = QLabel()
        self.type_info.setObjectName("petTypeInfo")
        self.department = QComboBox()
        self.department.setObjectName("petDepartment")
        for d in self.departments:  # an office's name on screen, the name itself sent
            self.department.addItem(tr(d), d)
        self.name = QLineEdit()
        self.name.setObjectName("petName")
        self.name.setPlaceholderText(tr("민원인 성명"))
        self.phone = QLineEdit()
        self.phone.setObjectName("petPhone")
        self.phone.setPlaceholderText("010-0000-0000")
        self.summary = QLineEdit()
        self.summary.setObjectName("petSummary")
        self.summary.setPlaceholderText(tr("민원 요지 (선택)"))
        self.intake_button = enter_button(tr("접수 (Ctrl+S)"))
        self.intake_button.setObjectName("petIntake")
        grid.addWidget(QLabel(tr("민원 종류")), 0, 0)
        grid.addWidget(self.type, 0, 1, 1, 3)
        grid.addWidget(self.type_info, 0, 4, 1, 2)
        grid.addWidget(QLabel(tr("소관부서")), 1, 0)
        grid.addWidget(self.department, 1, 1)
        grid.addWidget(QLabel(tr("성명")), 1, 2)
        grid.addWidget(self.name, 1, 3)
        grid.addWidget(QLabel(tr("전화")), 1, 4)
        grid.addWidget(self.phone, 1, 5)
        grid.addWidget(QLabel(tr("요지")), 2, 0)
        grid.addWidget(self.summary, 2, 1, 1, 4)
        grid.addWidget(self.intake_button, 2, 5)
        return intake

    def _filters(self) -> QHBoxLayout:
        filters = QHBoxLayout()
        self.filter_department = QComboBox()
        self.filter_department.setObjectName("filterDepartment")
        self.filter_department.addItem(tr("전체 부서"), "")
        for d in self.departments:
            self.filter_department.addItem(tr(d), d)
        self.filter_status = QComboBox()
        self.filter_status.setObjectName("filterStatus")
        self.filter_status.addItem(tr("진행 중"), "open")
        self.filter_status.addItem(tr("전체"), "all")
        for code, label in STATUS_LABELS.items():
            self.filter_status.addItem(tr(label), code)
        self.filter_overdue = QCheckBox(tr("기한 경과만"))
        self.filter_overdue.setObjectName("filterOverdue")
        self.filter_within = QSpinBox()
        self.filter_within.setObjectName("filterWithin")
        self.filter_within.setRange(0, 30)
        self.filter_within.setSpecialValueText(tr("기한 전체"))
        counted_suffix(self.filter_within, lambda n: ntr("근무일 이내", "근무일 이내", n))
        self.search = QLineEdit()
        self.search.setObjectName("petSearch")
        self.search.setPlaceholderText(tr("민원번호·성명·전화 검색 (Ctrl+F, Enter)"))
        for label, widget in (
            (tr("부서"), self.filter_department),
            (tr("상태"), self.filter_status),
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
        return filters

    def _todo_box(self) -> QGroupBox:
        todo_box = QGroupBox(tr("진행상황 통지 할 일 (접수 후 30일, 이후 30일마다)"))
        todo_layout = QHBoxLayout(todo_box)
        self.todo_model: RowsModel[StatusNoticeTodo] = RowsModel(
            [
                Column(tr("민원번호"), lambda t: t.number),
                Column(tr("민원인"), lambda t: t.applicant_name),
                Column(tr("전화"), lambda t: t.phone_masked),
                Column(tr("통지일"), lambda t: short_date(t.due_on)),
                Column(
                    tr("지남"),
                    lambda t: tr("{days}일", days=number(t.days_late)) if t.days_late else tr("오늘"),
                    align_right=True,
                ),
            ]
        )
        self.todo_table = table_view("todoTable", self.todo_model)
        todo_layout.addWidget(self.todo_table, 1)
        side = QVBoxLayout()
        self.todo_method = QComboBox()
        self.todo_method.setObjectName("todoMethod")
        for method in STATUS_NOTICE_METHODS:  # the method's name is what the record keeps
            self.todo_method.addItem(tr(method), method)
        self.todo_button = enter_button(tr("통지함 (Ctrl+Shift+M)"))
        self.todo_button.setObjectName("todoDone")
        side.addWidget(self.todo_method)
        side.addWidget(self.todo_button)
        side.addStretch(1)
        todo_layout.addLayout(side)
        return todo_box

    @staticmethod
    def _status_text(v: PetitionView) -> str:
        if not v.decision:
            return v.status_label
        return tr("{status} ({decision})", status=v.status_label, decision=v.decision)

    # intake

    def _selected_type(self) -> PetitionTypeView | None:
        code = self.type.currentData()
        return next((t for t in self.types if t.code == code), None)

    def _type_changed(self) -> None:
        t = self._selected_type()
        if t is None:
            return
        self.department.setEnabled(t.chosen_at_intake)
        if not t.chosen_at_intake:
            index = self.department.findData(t.department)
            if index >= 0:
                self.department.setCurrentIndex(index)
        if t.verified:
            info = tr("처리기간 <b>{period}</b> · {department}", period=period(t.period), department=t.department)
        else:
            info = tr(
                "처리기간 <b>{period}</b> · {department} · 처리기간 미확인", period=period(t.period), department=t.department
            )
        self.type_info.setText(info)

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
            "department": self.department.currentData() if t.chosen_at_intake else None,
            "summary": self.summary.text(),
        }
        client_uuid = self.keys.key("intake", request)
        ctx = self.ctx

        def done(view: PetitionView) -> None:
            self.keys.settled("intake", request)
            if ctx.app.settings.get("petition_slip_auto"):
                self.print_paper(view, "intake")
            self.clear_intake()
            self.status.setText(
                tr(
                    "접수했습니다: {number} · {type_name} · {department} · 처리기한 {due} ({time_left})",
                    number=view.number,
                    type_name=view.type_name,
                    department=view.department,
                    due=date_time(view.due_at),
                    time_left=view.time_left_label,
                )
            )
            self.refresh(select=view.id)
            self.type.setFocus()

        ops.run(
            self,
            ctx,
            lambda: pets.intake_petition(ctx.uow(), ctx.actor, client_uuid=client_uuid, **request),
            done=done,
        )

    # list

    def refresh(self, *_: object, select: int | None = None, background: bool = False) -> None:
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

        def done(rows: list[PetitionView]) -> None:
            self.model.set_rows(rows)
            overdue_count = sum(1 for r in rows if r.overdue)
            self.count_label.setText(
                tr("{count}건 · 기한 경과 {overdue}건", count=number(len(rows)), overdue=number(overdue_count))
            )
            index = self.model.find(lambda r: r.id == keep)
            if index >= 0:
                self.table.selectRow(index)

        ops.run(
            self, ctx, lambda: pets.list_petitions(ctx.uow(), ctx.actor, **filters), done=done, background=background
        )
        ops.run(
            self,
            ctx,
            lambda: pets.status_notices_due(ctx.uow(), ctx.actor),
            done=self.todo_model.set_rows,
            background=background,
        )

    def selected(self) -> PetitionView | None:
        model = self.table.selectionModel()
        rows = model.selectedRows() if model is not None else []
        return self.model.get(rows[0].row()) if rows else None

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
            self.status.setText(tr("먼저 목록에서 민원을 고르세요 (↑↓)."))
            self.table.setFocus()
            return
        if key == "history":
            self.show_history(petition)
            return
        if key in PAPERS:
            self.print_paper(petition, PAPERS[key])
            return
        if key == "start":
            ops.run(self, self.ctx, self._call(key, petition, {}), done=self._acted)
            return
        dialog = PetitionActionDialog(key, petition, departments=self.departments, parent=self)
        self.dialog = dialog
        ops.run_dialog(dialog, self.ctx, lambda values: self._call(key, petition, values), done=self._acted)

    def _call(
        self, key: str, petition: PetitionView, values: dict[str, Any]
    ) -> Callable[[], tuple[Request, PetitionView]]:
        """The service call of one action, under the request's retry key (the same until it went through)."""
        request: Request = (key, petition.id, values)
        client_uuid = self.keys.key(*request)
        ctx, pid = self.ctx, petition.id
        calls: dict[str, Callable[[], PetitionView]] = {
            "start": lambda: pets.start_processing(ctx.uow(), ctx.actor, petition_id=pid, client_uuid=client_uuid),
            "supplement": lambda: pets.request_supplement(
                ctx.uow(),
                ctx.actor,
                petition_id=pid,
                note=values["note"],
                supplement_due=values.get("supplement_due"),
                client_uuid=client_uuid,
            ),
            "resume": lambda: pets.receive_supplement(
                ctx.uow(), ctx.actor, petition_id=pid, note=values.get("note", ""), client_uuid=client_uuid
            ),
            "extend": lambda: pets.extend_petition(
                ctx.uow(),
                ctx.actor,
                petition_id=pid,
                reason=values["reason"],
                period_amount=values["period_amount"],
                period_unit=values["period_unit"],
                notice_method=values["notice_method"],
                applicant_consent=values["consent"],
                consent_note=values["consent_note"],
                client_uuid=client_uuid,
            ),
            "transfer": lambda: pets.transfer_petition(
                ctx.uow(),
                ctx.actor,
                petition_id=pid,
                to_department=values["to_department"] or "",
                reason=values["reason"],
                client_uuid=client_uuid,
            ),
            "decide": lambda: pets.decide_petition(
                ctx.uow(),
                ctx.actor,
                petition_id=pid,
                decision=values["decision"],
                decided_at=values["decided_at"],
                reason=values["reason"],
                decision_reason=values.get("decision_reason", ""),
                client_uuid=client_uuid,
            ),
            "notify": lambda: pets.notify_petition(
                ctx.uow(), ctx.actor, petition_id=pid, method=values["method"], client_uuid=client_uuid
            ),
            "close": lambda: pets.close_petition(
                ctx.uow(),
                ctx.actor,
                petition_id=pid,
                reason_code=values["reason_code"],
                note=values["note"],
                client_uuid=client_uuid,
            ),
        }
        call = calls[key]
        return lambda: (request, call())

    def _acted(self, outcome: tuple[Request, PetitionView]) -> None:
        request, view = outcome
        self.keys.settled(*request)
        action = tr(next(text for k, text, _ in ACTIONS if k == request[0])).rstrip("…").rstrip(".")
        self.status.setText(
            tr(
                "처리했습니다: {number} {action} → {status} · 처리기한 {due} ({time_left})",
                number=view.number,
                action=action,
                status=view.status_label,
                due=date_time(view.due_at),
                time_left=view.time_left_label,
            )
        )
        self.refresh(select=view.id)
        self.table.setFocus()

    def print_paper(self, petition: PetitionView, kind: str) -> None:
        """Print the petition's 접수증, 보완요구서 or 처리결과 통지서 (the service refuses what does not apply)."""
        ctx, pid = self.ctx, petition.id
        path = output_path(ctx.app.settings, PAPER_TITLES[kind].replace(" ", ""), petition.number)
        title = tr("{paper} {number}", paper=tr(PAPER_TITLES[kind]), number=petition.number)

        def done(printed: Path) -> None:
            self.last_paper = printed
            deliver(self, ctx, printed, paper="a4", title=title)

        ops.run(
            self,
            ctx,
            lambda: pets.print_petition_paper(ctx.uow(), ctx.actor, petition_id=pid, kind=kind, path=path),
            done=done,
        )

    def show_history(self, petition: PetitionView) -> None:
        ctx = self.ctx

        def done(detail: PetitionDetail) -> None:
            lines = [
                tr(
                    "{at} {action} ({actor}) {note}",
                    at=date_time(e.at),
                    action=e.action_label,
                    actor=e.actor_name,
                    note=event_note(e.note, e.note_args),
                ).rstrip()
                for e in detail.events
            ]
            title = tr("{number} 이력", number=petition.number)
            box = QMessageBox(QMessageBox.Icon.Information, title, "\n".join(lines), parent=self)
            box.setObjectName("historyBox")
            self.history_box = box
            box.open()

        ops.run(self, ctx, lambda: pets.get_petition(ctx.uow(), ctx.actor, petition_id=petition.id), done=done)

    def mark_notice(self) -> None:
        rows = self.todo_table.selectionModel().selectedRows()
        if not rows and self.todo_model.rowCount():
            self.todo_table.selectRow(0)
            rows = self.todo_table.selectionModel().selectedRows()
        todo = self.todo_model.get(rows[0].row()) if rows else None
        if todo is None:
            self.status.setText(tr("통지할 일이 없습니다."))
            return
        method = self.todo_method.currentData()
        request = ("status_notice", todo.petition_id, todo.due_on, method)
        client_uuid = self.keys.key(*request)
        ctx = self.ctx

        def done(_: object) -> None:
            self.keys.settled(*request)
            self.status.setText(
                tr(
                    "처리했습니다: {number} {due_on}분 진행상황 {method} 통지 기록",
                    number=todo.number,
                    due_on=short_date(todo.due_on),
                    method=method,
                )
            )
            self.refresh()

        ops.run(
            self,
            ctx,
            lambda: pets.record_status_notice(
                ctx.uow(),
                ctx.actor,
                petition_id=todo.petition_id,
                due_on=todo.due_on,
                method=method,
                client_uuid=client_uuid,
            ),
            done=done,
        )
