"""복지 조회 tab: a household and a life event in a few fields, the benefit answers as you type, and why.

Keyboard: Tab walks every field (inside the household table cell by cell, then out); Ctrl+Enter adds a
person, Delete removes the current one; Ctrl+P prints the one-page answer sheet; Ctrl+N starts a new
look-up; Esc in the search field clears it. The look-up is pure (no database) and takes a few
milliseconds, so it runs on the GUI thread, 200 ms after the last change: answers as the clerk types must
not wait behind a report on the database lane or a stuck SMS gateway on the I/O lane. Printing (which
writes the access log) runs through ``ui.ops.run``. The household editor is in ``ui.tabs.welfare_household``,
the answers' columns and detail in ``ui.tabs.welfare_answers``.
"""

from __future__ import annotations

import time
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.benefits import (
    VERDICT_CHECK,
    VERDICT_ELIGIBLE,
    VERDICT_NOT_ELIGIBLE,
    BenefitAnswer,
    Household,
    LifeEvent,
)
from app.domain.calendar import seoul_today
from app.formatting import number, short_date
from app.i18n import ordinal_suffix
from app.services import benefits as svc
from app.services.errors import ServiceError
from app.services.output import output_path
from app.views.benefits import BenefitLookup
from ui import ops
from ui.context import UiContext
from ui.errors import FieldError, message_for
from ui.i18n import N_, tr
from ui.models import RowsModel
from ui.printing import deliver
from ui.tabs.welfare_answers import ANSWER_COLUMNS, VERDICT_TEXT, detail_html, verdict_label
from ui.tabs.welfare_household import CHILD, SELF, HouseholdModel, HouseholdTable, PersonRow
from ui.widgets import counted_suffix, date_field, pydate

DEBOUNCE_MS = 200
NO_EVENT = N_("없음")

# the catalog's codes (benefits.toml [vocabulary], Korean words) → what the form shows; the code is the data
_AUDIENCE_LABELS = {"주민": N_("주민 (민원인)"), "직원": N_("직원 (후생복지)"), "전체": N_("전체 (주민+직원)")}
_EVENT_LABELS = {"출생": N_("출생"), "사망": N_("사망"), "입학": N_("입학")}
_SCHOOL_LABELS = {"초등": N_("초등"), "중등": N_("중등"), "고등": N_("고등"), "대학": N_("대학")}


class WelfareTab(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.choices = svc.choices()
        self.lookup: BenefitLookup | None = None
        self.last_lookup_ms = 0.0
        self.last_pdf: Path | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh_now)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("welfareSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_form())
        splitter.addWidget(self._build_answers())
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setSizes([540, 720])
        outer.addWidget(splitter, 1)
        self.message = QLabel()
        self.message.setObjectName("welfareMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.message)

        self._wire()
        self._event_kind_changed()
        self.refresh_now()

    # -- building ---------------------------------------------------------------------------------
    def _build_form(self) -> QWidget:
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 4, 0)

        ask = QGroupBox(tr("찾기"), panel)
        form = QFormLayout(ask)
        self.audience = QComboBox(ask)
        self.audience.setObjectName("welfareAudience")
        for audience in self.choices.audiences:
            self.audience.addItem(tr(_AUDIENCE_LABELS.get(audience, audience)), audience)
        self.audience.setToolTip(tr("누구의 혜택을 찾는지: 주민, 직원(후생복지), 전체"))
        self.on_date = date_field(seoul_today(), name="welfareOn")
        self.on_date.setToolTip(tr("이 날짜에 시행 중인 규칙과 금액으로 판단합니다 (기본: 오늘)"))
        self.words = QLineEdit(ask)
        self.words.setObjectName("welfareWords")
        self.words.setPlaceholderText(tr("검색어 (예: 동행카드, 급식, 출산) — Esc 지우기"))
        self.words.setClearButtonEnabled(True)
        form.addRow(tr("조회 대상"), self.audience)
        form.addRow(tr("조회일"), self.on_date)
        form.addRow(tr("검색어"), self.words)
        layout.addWidget(ask)

        happened = QGroupBox(tr("사건"), panel)
        grid = QFormLayout(happened)
        self.event_kind = QComboBox(happened)
        self.event_kind.setObjectName("welfareEventKind")
        self.event_kind.addItem(tr(NO_EVENT), None)
        for kind in self.choices.event_kinds:
            self.event_kind.addItem(tr(_EVENT_LABELS.get(kind, kind)), kind)
        self.event_date = date_field(seoul_today(), name="welfareEventDate")
        self.birth_order = QSpinBox(happened)
        self.birth_order.setObjectName("welfareBirthOrder")
        self.birth_order.setRange(0, 20)
        self.birth_order.setSpecialValueText(tr("모름"))
        counted_suffix(self.birth_order, lambda n: ordinal_suffix(N_("째"), n))
        self.birth_order.setToolTip(tr("출생순위: 1 = 첫째, 3 = 셋째 (0 = 모름)"))
        self.school_level = QComboBox(happened)
        self.school_level.setObjectName("welfareSchoolLevel")
        self.school_level.addItem(tr("모름"), None)
        for level in self.choices.school_levels:
            self.school_level.addItem(tr(_SCHOOL_LABELS.get(level, level)), level)
        self.event_person = QComboBox(happened)
        self.event_person.setObjectName("welfareEventPerson")
        self.event_person.setEditable(True)
        self.event_person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.event_person.setToolTip(tr("사건의 당사자(출생아·입학생·사망자) 이름; 비워 두어도 됩니다"))
        line = QHBoxLayout()
        line.addWidget(self.event_kind, 1)
        line.addWidget(QLabel(tr("날짜")))
        line.addWidget(self.event_date, 1)
        grid.addRow(tr("사건"), line)
        detail = QHBoxLayout()
        detail.addWidget(self.birth_order, 1)
        detail.addWidget(QLabel(tr("학교급")))
        detail.addWidget(self.school_level, 1)
        grid.addRow(tr("출생순위"), detail)
        grid.addRow(tr("당사자"), self.event_person)
        self.event_only = QCheckBox(tr("이 사건과 관계된 혜택만 보기"), happened)
        self.event_only.setObjectName("welfareEventOnly")
        self.event_only.setChecked(True)
        self.event_only.setToolTip(tr("끄면 사건과 관계없는 혜택(직원 복지포인트 등)도 함께 판단합니다 (Space)"))
        grid.addRow("", self.event_only)
        layout.addWidget(happened)

        people = QGroupBox(tr("가구 (Ctrl+Enter 사람 추가 · Delete 삭제 · Space 표시)"), panel)
        people_layout = QVBoxLayout(people)
        self.household = HouseholdModel(self.choices.flags, people)
        self.people_table = HouseholdTable(people)
        self.people_table.setObjectName("welfarePeople")
        self.people_table.setModel(self.household)
        self.people_table.setTabKeyNavigation(True)
        self.people_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.people_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.people_table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = self.people_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((84, 90, 56)):
            self.people_table.setColumnWidth(column, width)
        for column in range(3, self.household.columnCount()):
            # a flag's column as wide as its title (short in Korean, longer in English), at least 44
            title = str(self.household.headerData(column, Qt.Orientation.Horizontal) or "")
            self.people_table.setColumnWidth(column, max(44, header.fontMetrics().horizontalAdvance(title) + 12))
        header.setStretchLastSection(True)
        self.people_table.verticalHeader().setDefaultSectionSize(24)
        self.people_table.setToolTip(
            tr("Tab: 다음 칸 · 글자를 치면 입력 · Space: 표시 켜기/끄기 · Ctrl+Enter: 사람 추가 · Delete: 삭제")
        )
        people_layout.addWidget(self.people_table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(tr("사람 추가 (Ctrl+Enter)"), people)
        self.remove_button = QPushButton(tr("삭제 (Delete)"), people)
        for button in (self.add_button, self.remove_button):
            # The keys do this faster; the buttons still take Tab (after the answers) so none is mouse-only.
            buttons.addWidget(button)
        buttons.addStretch(1)
        people_layout.addLayout(buttons)
        layout.addWidget(people, 1)

        actions = QHBoxLayout()
        self.new_button = QPushButton(tr("새 조회 (Ctrl+N)"), panel)
        self.new_button.setObjectName("welfareNew")
        self.print_button = QPushButton(tr("안내문 출력 (Ctrl+P)"), panel)
        self.print_button.setObjectName("welfarePrint")
        self.print_button.setToolTip(tr("한 장짜리 안내문(PDF)을 만들어 엽니다; 출력은 접속기록에 남습니다"))
        actions.addWidget(self.new_button)
        actions.addStretch(1)
        actions.addWidget(self.print_button)
        layout.addLayout(actions)
        return panel

    def _build_answers(self) -> QWidget:
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.setChildrenCollapsible(False)
        top = QWidget(right)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(4, 0, 0, 0)
        self.summary = QLabel(top)
        self.summary.setObjectName("welfareSummary")
        top_layout.addWidget(self.summary)
        self.answers: RowsModel[BenefitAnswer] = RowsModel(ANSWER_COLUMNS, top)
        self.answers_table = QTableView(top)
        self.answers_table.setObjectName("welfareAnswers")
        self.answers_table.setModel(self.answers)
        self.answers_table.setTabKeyNavigation(False)
        self.answers_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.answers_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.answers_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.answers_table.setWordWrap(False)
        self.answers_table.verticalHeader().setVisible(False)
        self.answers_table.verticalHeader().setDefaultSectionSize(24)
        header = self.answers_table.horizontalHeader()
        metrics = header.fontMetrics()
        for column, width in enumerate((70, 200, 46)):
            # the verdict and the audience as wide as their longest word in the UI language
            words = {0: (tr("비대상"), tr("확인 필요")), 2: (tr("주민"), tr("직원"), tr("전체"))}.get(column, ())
            widest = max((metrics.horizontalAdvance(w) + 16 for w in words), default=0)
            self.answers_table.setColumnWidth(column, max(width, widest))
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Fixed)
        self.answers_table.setColumnWidth(4, max(70, metrics.horizontalAdvance(tr("※ 미확인")) + 16))
        top_layout.addWidget(self.answers_table)
        self.detail = QTextBrowser(right)
        self.detail.setObjectName("welfareDetail")
        self.detail.setOpenLinks(False)
        self.detail.setPlaceholderText(tr("혜택을 고르면 판단 이유와 신청 방법이 여기에 나옵니다."))
        right.addWidget(top)
        right.addWidget(self.detail)
        right.setSizes([330, 420])
        return right

    def _wire(self) -> None:
        self.audience.currentIndexChanged.connect(self.schedule)
        self.on_date.dateChanged.connect(self.schedule)
        self.words.textChanged.connect(self.schedule)
        self.event_only.toggled.connect(self.schedule)
        self.event_kind.currentIndexChanged.connect(self._event_kind_changed)
        self.event_date.dateChanged.connect(self.schedule)
        self.birth_order.valueChanged.connect(self.schedule)
        self.school_level.currentIndexChanged.connect(self.schedule)
        self.event_person.currentTextChanged.connect(self.schedule)
        self.household.dataChanged.connect(self._people_changed)
        self.household.rowsInserted.connect(self._people_changed)
        self.household.rowsRemoved.connect(self._people_changed)
        self.household.modelReset.connect(self._people_changed)
        self.answers_table.selectionModel().currentRowChanged.connect(self._show_current)
        self.add_button.clicked.connect(self.add_person)
        self.remove_button.clicked.connect(self.remove_person)
        self.new_button.clicked.connect(self.new_lookup)
        self.print_button.clicked.connect(self.print_sheet)
        self.print_button.setEnabled(self.ctx.can("benefit.lookup"))

        ops.install_shortcuts(
            self,
            [
                ("Ctrl+Return", self.add_person),
                ("Ctrl+Enter", self.add_person),
                ("Ctrl+P", self.print_sheet),
                ("Ctrl+N", self.new_lookup),
            ],
        )
        # Delete removes a person only when the table itself has focus, not while a cell is edited.
        only_there = Qt.ShortcutContext.WidgetShortcut
        ops.install_shortcuts(self.people_table, [("Delete", self.remove_person)], context=only_there)
        ops.install_shortcuts(self.words, [("Esc", self.words.clear)], context=only_there)

        order: list[QWidget] = [
            self.audience,
            self.on_date,
            self.words,
            self.event_kind,
            self.event_date,
            self.birth_order,
            self.school_level,
            self.event_person,
            self.event_only,
            self.people_table,
            self.answers_table,
            self.detail,
            self.add_button,
            self.remove_button,
            self.new_button,
            self.print_button,
        ]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # -- the household --------------------------------------------------------------------------
    def add_person(self) -> None:
        position = self.household.add_person()
        index = self.household.index(position, 0)
        self.people_table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.people_table.setCurrentIndex(index)
        self.people_table.edit(index)

    def remove_person(self) -> None:
        current = self.people_table.currentIndex()
        if not current.isValid():
            return
        row, column = current.row(), current.column()
        self.household.remove_person(row)
        remaining = self.household.rowCount()
        if remaining:
            self.people_table.setCurrentIndex(self.household.index(min(row, remaining - 1), column))

    def _people_changed(self, *args: object) -> None:
        text = self.event_person.currentText()
        self.event_person.blockSignals(True)
        self.event_person.clear()
        self.event_person.addItem("")
        self.event_person.addItems(self.household.names())
        self.event_person.setCurrentText(text)
        self.event_person.blockSignals(False)
        self.schedule()

    def _event_kind_changed(self) -> None:
        kind = self.event_kind.currentData()
        self.event_date.setEnabled(kind is not None)
        self.event_person.setEnabled(kind is not None)
        self.birth_order.setEnabled(kind == "출생")
        self.school_level.setEnabled(kind == "입학")
        self.event_only.setEnabled(kind is not None)
        self.schedule()

    def current_household(self) -> Household:
        """The household as typed; ValueError (Korean) for what cannot be read."""
        people = self.household.people()
        kind = self.event_kind.currentData()
        event = None
        if kind is not None:
            order = self.birth_order.value() if kind == "출생" and self.birth_order.value() > 0 else None
            level = self.school_level.currentData() if kind == "입학" else None
            person = self.event_person.currentText().strip() or None
            try:
                event = LifeEvent(
                    kind, pydate(self.event_date.date()), birth_order=order, school_level=level, person_name=person
                )
            except ValueError as exc:  # the domain's check of what was typed (Korean): a refusal, not a bug
                raise FieldError(str(exc)) from exc
        try:
            return Household(people=people, event=event)
        except ValueError as exc:
            raise FieldError(str(exc)) from exc

    def prefill_household(self, household: Household) -> None:
        """Fill the form from a filing (출생·사망 in 가족관계등록) and show the answers at once."""
        rows = [
            PersonRow(
                name=p.name,
                birth=p.birth_date.isoformat() if p.birth_date else "",
                relation=p.relation,
                flags=set(p.flags),
            )
            for p in household.people
        ]
        event = household.event
        if household.flags:
            # Household flags count for the household as a whole; on a person who is not a child and
            # not the event's person they mean exactly that.
            event_person = event.person_name if event is not None else None
            holder = next(
                (r for r in rows if r.relation != CHILD and r.name != event_person and r.relation != "사망자"), None
            )
            if holder is None:
                holder = PersonRow(name="", relation=SELF)
                rows.append(holder)
            holder.flags |= set(household.flags)
        self.household.set_people(rows)
        self.words.clear()
        if event is None:
            self.event_kind.setCurrentIndex(0)
        else:
            self.event_kind.setCurrentIndex(max(0, self.event_kind.findData(event.kind)))
            self.event_date.set_value(event.date)
            self.birth_order.setValue(event.birth_order or 0)
            self.school_level.setCurrentIndex(max(0, self.school_level.findData(event.school_level)))
            self.event_person.setCurrentText(event.person_name or "")
            if event.date > pydate(self.on_date.date()):
                self.on_date.set_value(event.date)
        self.refresh_now(keep_selection=False)
        self.people_table.setFocus(Qt.FocusReason.OtherFocusReason)

    def new_lookup(self) -> None:
        today = seoul_today()
        self.household.set_people([])
        self.words.clear()
        self.audience.setCurrentIndex(0)
        self.on_date.set_value(today)
        self.event_kind.setCurrentIndex(0)
        self.event_date.set_value(today)
        self.birth_order.setValue(0)
        self.school_level.setCurrentIndex(0)
        self.event_person.setCurrentText("")
        self.event_only.setChecked(True)
        self.message.clear()
        self.refresh_now(keep_selection=False)
        self.event_kind.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- answers ----------------------------------------------------------------------------------
    def schedule(self, *args: object) -> None:
        """Answer again once typing pauses (a look-up per key would flicker)."""
        self._timer.start()

    def _request(self) -> dict[str, Any]:
        return {
            "on": pydate(self.on_date.date()),
            "audience": str(self.audience.currentData()),
            "words": self.words.text(),
            "event_only": self.event_only.isChecked(),
        }

    def refresh_now(self, *, keep_selection: bool = True) -> None:
        """Answer now; the benefit that was selected stays selected while the clerk types."""
        self._timer.stop()
        selected = self.selected_answer() if keep_selection else None
        started = time.perf_counter()
        try:
            household = self.current_household()
            lookup = svc.lookup_benefits(self.ctx.actor, household, **self._request())
        except (ServiceError, ValueError) as exc:
            self.last_lookup_ms = (time.perf_counter() - started) * 1000
            self.lookup = None
            self.answers.set_rows([])
            self.summary.setText("")
            self.detail.clear()
            self._say(message_for(exc)[0], error=True)
            return
        self.last_lookup_ms = (time.perf_counter() - started) * 1000
        self.lookup = lookup
        self.answers.set_rows(lookup.answers)
        counts = " · ".join(
            f'<span style="color:{VERDICT_TEXT[v]}"><b>{escape(verdict_label(v))} {number(lookup.count(v))}</b></span>'
            for v in (VERDICT_ELIGIBLE, VERDICT_CHECK, VERDICT_NOT_ELIGIBLE)
        )
        self.summary.setText(
            tr(
                "{counts} &nbsp;— {on} 기준 · 혜택 목록 {version}판",
                counts=counts,
                on=short_date(lookup.on),
                version=escape(lookup.catalog_version),
            )
        )
        if not lookup.answers:
            self.detail.setHtml(tr("<p>찾는 혜택이 없습니다. 검색어를 바꾸거나 '사건 관련 혜택만'을 끄세요.</p>"))
        codes = [a.code for a in lookup.answers]
        if lookup.answers:
            row = codes.index(selected.code) if selected is not None and selected.code in codes else 0
            self.answers_table.selectRow(row)
            self._show(lookup.answers[row])
        if self.message.property("error"):
            self._say("")

    def selected_answer(self) -> BenefitAnswer | None:
        index = self.answers_table.currentIndex()
        if not index.isValid() or index.row() >= self.answers.rowCount():
            return None
        answer: BenefitAnswer = self.answers.row_at(index.row())
        return answer

    def _show_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.row() < self.answers.rowCount():
            self._show(self.answers.row_at(current.row()))

    def _show(self, answer: BenefitAnswer) -> None:
        self.detail.setHtml(detail_html(answer))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setProperty("error", error)
        self.message.setStyleSheet("color: #b00020" if error else "")
        self.message.setText(text)

    # -- printing ---------------------------------------------------------------------------------
    def print_sheet(self) -> None:
        try:
            household = self.current_household()
        except ValueError as exc:
            self._say(message_for(exc)[0], error=True)
            return
        request = self._request()
        path = output_path(self.ctx.app.settings, "복지조회", request["on"].isoformat())
        ctx = self.ctx

        def done(_lookup: object) -> None:
            self.last_pdf = path
            self._say(tr("안내문을 만들었습니다: {path}", path=path))
            deliver(self, ctx, path, paper="a4", title=tr("복지 혜택 안내"))

        self._say(tr("안내문을 만드는 중…"))
        ops.run(
            self,
            ctx,
            lambda: svc.print_benefit_sheet(ctx.uow(), ctx.actor, household, path, **request),
            done=done,
            refused=lambda exc: self._say(message_for(exc)[0], error=True),
        )


class NoAccessTab(QWidget):
    """For roles without 복지 조회 (the administrator): says so instead of an empty form."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        role = escape(ctx.actor.role_label)
        label = QLabel(tr("<h2>복지 조회</h2><p>'{role}' 권한으로는 복지 조회를 할 수 없습니다.</p>", role=role))
        label.setObjectName("welfareNoAccess")
        layout.addWidget(label)
        layout.addStretch(1)


def create_tab(ctx: UiContext) -> QWidget:
    if not ctx.can("benefit.lookup"):
        return NoAccessTab(ctx)
    return WelfareTab(ctx)
