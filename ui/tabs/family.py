"""The 가족관계등록 tab: one intake form per kind with live deadline and fine, the filing list, status and SMS.

Keyboard: Ctrl+N new filing, Ctrl+S or Enter save, Esc clear, Ctrl+P print the guidance sheet, Ctrl+B open
복지 조회 for a birth or death filing. Every field is reached with Tab in reading order. The form pages are in
``ui.tabs.family_pages``; every service call runs through ``ui.ops.run``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.calendar import seoul_today
from app.services import family as svc
from app.services import outbox
from app.services.errors import ServiceError
from app.services.output import output_path
from app.views.family import FilingView
from ui import ops
from ui.connection import refresh_timer
from ui.context import UiContext
from ui.errors import show_error
from ui.forms import FormBuilder
from ui.i18n import tr
from ui.models import RowsModel
from ui.printing import deliver
from ui.tabs.family_fields import PersonFields, optional_date
from ui.tabs.family_list import FILING_COLUMNS, MESSAGE_COLUMNS, detail_html
from ui.tabs.family_pages import PAGES, DeathPage, KindPage
from ui.widgets import fit_first_pane, table_view


class FamilyTab(QWidget):
    """Intake on the left, the list with status, SMS and follow-up actions on the right."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current: FilingView | None = None
        self.last_pdf: str = ""
        self._saved_note = ""  # the status line of the filing just saved, kept above the guidance sheet's line
        # One client id per request, for the save and for each decision (처리완료/불수리).
        self.keys = ops.RetryKeys()
        outer = QVBoxLayout(self)
        if not ctx.can(svc.PERMISSION):
            refusal = QLabel(
                tr(
                    "<h3>가족관계등록</h3><p>'{role}' 권한으로는 가족관계등록 신고를 접수할 수 없습니다. "
                    "민원창구 담당자에게 안내해 주세요.</p>",
                    role=ctx.actor.role_label,
                )
            )
            refusal.setObjectName("familyNoPermission")
            refusal.setWordWrap(True)
            outer.addWidget(refusal)
            outer.addStretch(1)
            return
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        outer.addWidget(splitter)
        splitter.addWidget(self._build_form())
        splitter.addWidget(self._build_list())
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setSizes([560, 680])
        fit_first_pane(splitter, self.form_content)
        self._shortcuts()
        self._kind_changed()
        # the list follows filings made here or at another counter (ui.changes); hourly for nothing else
        self.live = refresh_timer(self, ctx, 3_600_000, self.refresh, topics=("family",))
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        """Coming to the tab (F2) puts the cursor on the kind, ready to type a filing."""
        super().showEvent(event)
        focused = QApplication.focusWidget()
        if hasattr(self, "kind") and (focused is None or not self.isAncestorOf(focused)):
            self.kind.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- building -----------------------------------------------------------

    def _build_form(self) -> QWidget:
        self.form = QWidget(self)
        self.form.setObjectName("familyForm")
        outer = QVBoxLayout(self.form)
        outer.setContentsMargins(0, 0, 0, 0)
        top = QFormLayout()
        self.kind = QComboBox(self.form)
        self.kind.setObjectName("familyKind")
        for code, name, form in svc.kind_choices():
            self.kind.addItem(tr(name), (code, form))
        self.kind.setToolTip(tr("신고 종류 (↑↓ 또는 첫 글자). 새 신고: Ctrl+N"))
        top.addRow(tr("신고 종류"), self.kind)
        outer.addLayout(top)

        scroll = QScrollArea(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # The scroll area is no Tab stop: focus would rest on it between 신고 종류 and 성 and eat the next key.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        inner = QWidget(scroll)
        self.form_content = inner  # what the form's pane is sized to (fit_first_pane)
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(0, 0, 4, 0)
        self.stack = QStackedWidget(inner)
        self.pages: dict[str, KindPage] = {}
        for page_type in PAGES:
            page = page_type(self.stack)
            page.setObjectName(f"familyPage_{page.form}")
            self.pages[page.form] = page
            self.stack.addWidget(page)
        group = QGroupBox(tr("신고 사항"), inner)
        group_layout = QVBoxLayout(group)
        group_layout.setContentsMargins(6, 6, 6, 6)
        group_layout.addWidget(self.stack)
        layout.addWidget(group)
        layout.addWidget(self._build_filer_box(inner))
        layout.addStretch(1)
        scroll.setWidget(inner)
        outer.addWidget(scroll, 1)

        self.assessment = QLabel(self.form)
        self.assessment.setObjectName("familyAssessment")
        self.assessment.setWordWrap(True)
        self.assessment.setMinimumHeight(36)
        outer.addWidget(self.assessment)

        buttons = QHBoxLayout()
        self.save_button = QPushButton(tr("저장 (Ctrl+S, Enter)"), self.form)
        self.save_button.setObjectName("familySave")
        self.save_button.setToolTip(tr("신고를 접수합니다 (Ctrl+S 또는 Enter). 접수하면 후속절차 안내문을 출력합니다."))
        self.save_button.setDefault(True)
        self.new_button = QPushButton(tr("새 신고 (Ctrl+N)"), self.form)
        self.clear_button = QPushButton(tr("지우기 (Esc)"), self.form)
        for button in (self.save_button, self.new_button, self.clear_button):
            buttons.addWidget(button)
        outer.addLayout(buttons)
        self.status = QLabel(self.form)
        self.status.setObjectName("familyStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.status)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.relation.currentIndexChanged.connect(self._relation_changed)
        for page in self.pages.values():
            if page.event_edit is not None:
                page.event_edit.dateChanged.connect(self.update_assessment)
            if page.served_edit is not None:
                page.served_edit.dateChanged.connect(self.update_assessment)
        death = self.pages["death"]
        assert isinstance(death, DeathPage)
        death.death_date.dateChanged.connect(self.update_assessment)
        self.after_demand.toggled.connect(self.update_assessment)
        self.paid_now.toggled.connect(self.update_assessment)
        self.sms_consent.toggled.connect(self.sms_phone.setEnabled)
        self.sms_phone.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        self.new_button.clicked.connect(self.new_filing)
        self.clear_button.clicked.connect(self.clear_form)
        return self.form

    def _build_filer_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(tr("신고인 · 과태료 · 문자알림"), parent)
        rows = FormBuilder(box)
        self.relation = QComboBox(box)
        self.relation.setObjectName("familyRelation")
        rows.row(tr("신고인 자격"), self.relation)
        self.filer = PersonFields(tr("신고인"), parent=box)
        rows.row(tr("신고인"), self.filer)
        self.filer_hint = rows.note("")
        self.filer_hint.setStyleSheet("color: #555")
        self.after_demand = QCheckBox(tr("최고(독촉) 후 신고"), box)
        self.paid_now = QCheckBox(tr("현장 자진납부 (20% 감경)"), box)
        rows.row_of(tr("과태료"), self.after_demand, self.paid_now)
        self.sms_consent = QCheckBox(tr("동의"), box)
        self.sms_consent.setToolTip(tr("처리결과를 휴대전화 문자로 받는 데 동의 (동의와 번호를 기록합니다)"))
        self.sms_phone = QLineEdit(box)
        self.sms_phone.setObjectName("familySmsPhone")
        self.sms_phone.setPlaceholderText(tr("휴대전화, 예: 010-1234-5678"))
        rows.row_of(tr("문자알림"), self.sms_consent, self.sms_phone, stretch_last=True)
        rows.finish()
        return box

    def _build_list(self) -> QWidget:
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        filters = QHBoxLayout()
        self.filter_kind = QComboBox(panel)
        self.filter_kind.addItem(tr("전체 종류"), "")
        for code, name, _form in svc.kind_choices():
            self.filter_kind.addItem(tr(name), code)
        # as wide as a usual kind's name, not the longest one (its list still opens wide enough to read all):
        # the English names would otherwise push the form beside the list off the screen
        self.filter_kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.filter_kind.setMinimumContentsLength(12)
        self.filter_kind.view().setMinimumWidth(self.filter_kind.view().sizeHintForColumn(0) + 24)
        self.filter_status = QComboBox(panel)
        self.filter_status.addItem(tr("전체 상태"), "")
        for code, label in svc.STATUS_LABELS.items():
            self.filter_status.addItem(tr(label), code)
        self.filter_start = optional_date(panel, name="familyFilterStart", hint=tr("처음부터"))
        self.filter_start.set_value(date(seoul_today().year, 1, 1))
        self.filter_start.setToolTip(tr("접수일 기준 조회 시작일 (Delete로 비우면 처음부터)"))
        self.filter_end = optional_date(panel, name="familyFilterEnd", hint=tr("오늘까지"))
        self.filter_end.setToolTip(tr("접수일 기준 조회 끝일 (비우면 오늘까지)"))
        self.search = QLineEdit(panel)
        self.search.setObjectName("familySearch")
        self.search.setPlaceholderText(tr("이름 또는 신고번호 (Enter)"))
        self.search.setMinimumWidth(110)
        self.refresh_button = QPushButton(tr("조회"), panel)
        filters.addWidget(self.filter_kind)
        filters.addWidget(self.filter_status)
        filters.addWidget(self.filter_start)
        filters.addWidget(QLabel("~", panel))
        filters.addWidget(self.filter_end)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.refresh_button)
        layout.addLayout(filters)

        self.model: RowsModel[FilingView] = RowsModel(FILING_COLUMNS, panel)
        self.table = table_view("familyTable", self.model, panel)
        layout.addWidget(self.table, 3)

        self.detail = QLabel(panel)
        self.detail.setObjectName("familyDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.detail.setMinimumHeight(90)
        layout.addWidget(self.detail, 2)

        actions = QHBoxLayout()
        self.process_button = QPushButton(tr("처리완료(&D)"), panel)
        self.process_button.setToolTip(tr("선택한 신고를 처리완료로 (Alt+D); 동의한 신고인에게 문자를 보냅니다"))
        self.refuse_reason = QLineEdit(panel)
        self.refuse_reason.setObjectName("familyRefuseReason")
        self.refuse_reason.setPlaceholderText(tr("불수리 사유"))
        self.refuse_button = QPushButton(tr("불수리(&R)"), panel)
        self.refuse_button.setToolTip(tr("사유를 적고 불수리 (Alt+R)"))
        self.print_button = QPushButton(tr("안내문 (Ctrl+P)"), panel)
        self.print_button.setToolTip(tr("후속절차 안내문 PDF를 다시 출력합니다 (Ctrl+P)"))
        self.welfare_button = QPushButton(tr("복지 조회 (Ctrl+B)"), panel)
        self.welfare_button.setToolTip(tr("출생·사망 신고의 가구로 복지 조회를 엽니다 (Ctrl+B)"))
        actions.addWidget(self.process_button)
        actions.addWidget(self.refuse_reason, 1)
        actions.addWidget(self.refuse_button)
        actions.addWidget(self.print_button)
        actions.addWidget(self.welfare_button)
        layout.addLayout(actions)

        layout.addWidget(QLabel(tr("처리결과 문자알림"), panel))
        self.messages: RowsModel[outbox.MessageView] = RowsModel(MESSAGE_COLUMNS, panel)
        self.message_table = table_view("familyMessages", self.messages, panel)
        self.message_table.setMaximumHeight(110)
        self.message_table.setVisible(self.ctx.can("sms.view"))
        layout.addWidget(self.message_table, 1)

        self.search.returnPressed.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.filter_kind.currentIndexChanged.connect(self.refresh)
        self.filter_status.currentIndexChanged.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.process_button.clicked.connect(lambda: self.process("processed"))
        self.refuse_button.clicked.connect(lambda: self.process("refused"))
        self.refuse_reason.returnPressed.connect(lambda: self.process("refused"))
        self.print_button.clicked.connect(self.print_guidance)
        self.welfare_button.clicked.connect(self.open_welfare)
        self._update_actions()
        return panel

    def _shortcuts(self) -> None:
        ops.install_shortcuts(
            self,
            [
                ("Ctrl+N", self.new_filing),
                ("Ctrl+S", self.save),
                ("Ctrl+P", self.print_guidance),
                ("Ctrl+B", self.open_welfare),
                ("Esc", self.clear_form),
            ],
        )
        # Enter saves from anywhere in the form (the list has its own Enter: search).
        ops.install_shortcuts(self.form, [("Return", self.save), ("Enter", self.save)])
        # Enter in a period field runs the search, as it does in the search field.
        for field in (self.filter_start, self.filter_end):
            ops.install_shortcuts(
                field, [("Return", self.refresh), ("Enter", self.refresh)], context=Qt.ShortcutContext.WidgetShortcut
            )

    # -- the form -----------------------------------------------------------

    def kind_code(self) -> str:
        return str(self.kind.currentData()[0])

    def page(self) -> KindPage:
        return self.pages[str(self.kind.currentData()[1])]

    def _kind_changed(self) -> None:
        kind = self.kind_code()
        page = self.page()
        page.set_kind(kind)
        for other in self.pages.values():
            # Only the page shown decides the height, so a short form is not padded to the longest one.
            policy = QSizePolicy.Policy.Preferred if other is page else QSizePolicy.Policy.Ignored
            other.setSizePolicy(policy, policy)
        self.stack.setCurrentWidget(page)
        current = self.relation.currentData()
        self.relation.blockSignals(True)
        self.relation.clear()
        for code, label in svc.filer_options(kind):
            self.relation.addItem(tr(label), code)
        index = self.relation.findData(current)
        self.relation.setCurrentIndex(max(index, 0))
        self.relation.blockSignals(False)
        self._relation_changed()
        self.update_assessment()

    def _relation_changed(self) -> None:
        relation = self.relation.currentData()
        party = svc.party_filer_role(self.kind_code(), str(relation or ""))
        self.filer.setEnabled(party is None)
        if party is not None:
            self.filer_hint.setText(
                tr("신고인은 위에 적은 {role}입니다 (다시 적지 않습니다).", role=svc.ROLE_LABELS[party])
            )
        else:
            self.filer_hint.setText(tr("신고인의 성명과 주민등록번호를 적습니다 (신분증 확인)."))

    def update_assessment(self) -> None:
        """Show "기한 내" / "N일 지연 (예상 과태료 M원)" / the lapse message as the clerk types."""
        kind = self.kind_code()
        event = self.page().event_date()
        if event is None:
            if not svc.has_deadline(kind):
                self._show_assessment(tr("신고기한 없음 (창설적 신고이거나 등록관이 판단)"), "#555555")
            else:
                self._show_assessment(
                    tr(
                        "{date_name:을/를} 입력하면 기한과 예상 과태료를 보여 드립니다.",
                        date_name=svc.counted_from(kind),
                    ),
                    "#555555",
                )
            return
        try:
            # Pure and instant (no database): answered on the GUI thread as the clerk types.
            result = svc.preview_assessment(
                kind,
                event,
                after_demand=self.after_demand.isChecked(),
                paid_now=self.paid_now.isChecked(),
                served_on=self.page().served_on(),
            )
        except ServiceError as exc:  # say why, keep typing
            self._show_assessment(exc.text(), "#b00020")
            return
        label = tr(result.label)
        # the deadline as YYYY-MM-DD (what tests/ui/test_family_tab.py pins; short_date would follow the locale)
        deadline = tr(" · 기한 {deadline}", deadline=result.deadline.isoformat()) if result.deadline else ""
        if result.lapsed:
            self._show_assessment(f"{label}\n{tr(result.message or '')}", "#b00020")
        elif result.days_late:
            self._show_assessment(
                tr("{assessment}{deadline} (과태료는 등록관이 정합니다)", assessment=label, deadline=deadline),
                "#a15c00",
            )
        else:
            self._show_assessment(f"{label}{deadline}", "#1b5e20")

    def _show_assessment(self, text: str, colour: str) -> None:
        self.assessment.setStyleSheet(f"color: {colour}; font-weight: bold")
        self.assessment.setText(text)

    def filing_input(self) -> svc.FilingInput:
        """What was typed, as the service takes it; ValueError (Korean) for a resident number that is wrong."""
        page = self.page()
        persons, details = page.collect()
        relation = str(self.relation.currentData() or "")
        filer = self.filer.value() if svc.party_filer_role(self.kind_code(), relation) is None else None
        return svc.FilingInput(
            kind=self.kind_code(),
            event_date=page.event_date(),
            persons=persons,
            filer=filer,
            filer_relation=relation,
            details=details,
            after_demand=self.after_demand.isChecked(),
            paid_now=self.paid_now.isChecked(),
            sms_consent=self.sms_consent.isChecked(),
            sms_phone=self.sms_phone.text(),
        )

    def save(self) -> None:
        try:
            data = self.filing_input()
        except ValueError as exc:
            show_error(self, exc)
            return
        key = self.keys.key("file", data)
        ctx = self.ctx
        self.status.setText(tr("저장 중…"))

        def saved(view: FilingView) -> None:
            self.keys.settled("file", data)
            self._saved(view)

        ops.run(
            self,
            ctx,
            lambda: svc.file_filing(ctx.uow(), ctx.actor, data, client_uuid=key),
            done=saved,
            refused=self._refused,
        )

    def _refused(self, exc: BaseException) -> None:
        """A refused save: the form keeps what was typed; the reason in a message box."""
        self.status.setText("")
        show_error(self, exc)

    def _saved(self, view: FilingView) -> None:
        self.current = view
        self.status.setText(
            tr(
                "접수했습니다: {number} · {kind} · {assessment}",
                number=view.number,
                kind=view.kind_name,
                assessment=view.assessment,
            )
        )
        self._saved_note = self.status.text()
        self.clear_form(keep_status=True)
        self.refresh(select_id=view.id)
        self.print_guidance()

    def clear_form(self, *, keep_status: bool = False) -> None:
        for page in self.pages.values():
            page.clear()
        self.filer.clear()
        self.after_demand.setChecked(False)
        self.paid_now.setChecked(False)
        self.sms_consent.setChecked(False)
        self.sms_phone.clear()
        if not keep_status:
            self.status.setText("")
        self.update_assessment()

    def new_filing(self) -> None:
        self.clear_form()
        self.kind.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- the list -----------------------------------------------------------

    def refresh(self, *, select_id: int | None = None) -> None:
        start, end = self.filter_start.value(), self.filter_end.value()
        kind = str(self.filter_kind.currentData() or "") or None
        status = str(self.filter_status.currentData() or "") or None
        text = self.search.text()
        keep = select_id if select_id is not None else (self.current.id if self.current else None)
        ctx = self.ctx
        ops.load(
            self,
            ctx,
            lambda: svc.list_filings(ctx.uow(), ctx.actor, kind=kind, status=status, start=start, end=end, text=text),
            done=lambda rows: self._listed(rows, keep),
        )

    def _listed(self, rows: list[FilingView], keep: int | None) -> None:
        self.model.set_rows(rows)
        index = self.model.find(lambda row: row.id == keep) if keep is not None else -1
        if index >= 0:
            self.table.selectRow(index)
            self.table.setCurrentIndex(self.model.index(index, 0))
        else:
            self._show(self.current)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        view = self.model.get(current.row()) if current.isValid() else None
        if view is not None:
            self._show(view)

    def _show(self, view: FilingView | None) -> None:
        self.current = view
        self._update_actions()
        if view is None:
            self.detail.setText(tr("<i>목록에서 신고를 고르면 내용과 문자알림 상태가 여기에 나옵니다.</i>"))
            self.messages.set_rows([])
            return
        self.detail.setText(detail_html(view))
        self.load_messages()

    def load_messages(self) -> None:
        view = self.current
        if view is None or not self.ctx.can("sms.view"):
            return
        filing_id = view.id
        ctx = self.ctx
        ops.load(
            self,
            ctx,
            lambda: outbox.list_messages(ctx.uow(), ctx.actor, record_type=svc.RECORD_TYPE, record_id=filing_id),
            done=self.messages.set_rows,
        )

    def _update_actions(self) -> None:
        view = self.current
        open_ = view is not None and view.status == "received"
        self.process_button.setEnabled(open_)
        self.refuse_button.setEnabled(open_)
        self.refuse_reason.setEnabled(open_)
        self.print_button.setEnabled(view is not None)
        self.welfare_button.setEnabled(view is not None and view.form in ("birth", "death"))

    def process(self, outcome: str) -> None:
        """처리완료 or 불수리 of the filing selected; a retry after a lost reply carries the same client id."""
        view = self.current
        if view is None:
            self.status.setText(tr("목록에서 신고를 먼저 고르세요."))
            return
        note = self.refuse_reason.text() if outcome == "refused" else ""
        request = ("process", view.id, outcome, note)
        key = self.keys.key(*request)
        ctx = self.ctx

        def processed(result: FilingView) -> None:
            self.keys.settled(*request)
            self._processed(result)

        ops.run(
            self,
            ctx,
            lambda: svc.process_filing(
                ctx.uow(), ctx.actor, filing_id=view.id, outcome=outcome, note=note, client_uuid=key
            ),
            done=processed,
        )

    def _processed(self, view: FilingView) -> None:
        self.refuse_reason.clear()
        self.status.setText(
            f"{view.number}: {tr(view.status_label)}"
            + (tr(" · 처리결과 문자를 보낼 차례에 넣었습니다.") if view.sms_consent else "")
        )
        self.current = view
        self.refresh(select_id=view.id)

    # -- follow-up ----------------------------------------------------------

    def print_guidance(self) -> None:
        view = self.current
        if view is None:
            self.status.setText(tr("안내문을 출력할 신고를 목록에서 고르세요."))
            return
        path = output_path(self.ctx.app.settings, "후속절차안내", view.number)
        ctx = self.ctx
        ops.run(
            self,
            ctx,
            lambda: svc.print_guidance(ctx.uow(), ctx.actor, filing_id=view.id, path=path),
            done=self._printed,
        )

    def _printed(self, path: Path) -> None:
        self.last_pdf = str(path)
        deliver(self, self.ctx, path, paper="a4", title=tr("후속절차 안내문"))
        # after a save the status keeps its "접수했습니다" line above the sheet's (a flag, not the text shown)
        saved, self._saved_note = self._saved_note, ""
        prefix = saved + "\n" if saved and self.status.text() == saved else ""
        self.status.setText(prefix + tr("후속절차 안내문: {path}", path=path))

    def open_welfare(self) -> None:
        """Ctrl+B: 복지 조회 with the household of this birth or death already filled in."""
        view = self.current
        if view is None or view.form not in ("birth", "death"):
            self.status.setText(tr("복지 조회는 출생·사망 신고를 고른 뒤 Ctrl+B로 엽니다."))
            return
        try:
            # Pure (the view already holds the people): no task needed.
            household = svc.welfare_household(view)
        except (ServiceError, ValueError) as exc:  # the benefit domain refused the household: say why
            show_error(self, exc)
            return
        window = self.window()
        show_tab = getattr(window, "show_tab", None)
        if not callable(show_tab):
            return
        page = show_tab("welfare")
        prefill = getattr(page, "prefill_household", None)
        if callable(prefill):
            prefill(household)
            self.status.setText(tr("복지 조회에 {name} 가구를 채웠습니다.", name=view.subject_name))
        else:
            self.status.setText(tr("복지 조회 탭을 열었습니다 (가구 자동 입력은 아직 지원되지 않습니다)."))


def create_tab(ctx: UiContext) -> QWidget:
    return FamilyTab(ctx)
