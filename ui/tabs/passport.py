"""The 여권 tab: intake, fee, documents, status to delivery and the emergency countdown; the guide's fee desk."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.documents.passport import render_checklist
from app.documents.receipts import render_receipt
from app.domain import passport as pp
from app.domain.calendar import SEOUL
from app.formatting import short_date, won
from app.services import passports as ps
from app.services import receipts as receipt_svc
from app.services.output import output_path
from ui.context import UiContext
from ui.errors import message_for, show_error
from ui.widgets import MoneyLabel, ResidentNumberEdit, present_pdf, qdate

Row = TypeVar("Row")
_Index = QModelIndex | QPersistentModelIndex

WARN_SECONDS = 30 * 60
WARN_COLOUR = QColor("#ffe0b2")
LATE_COLOUR = QColor("#ffcdd2")
COUNTDOWN_RELOAD_TICKS = 30  # reload the board from the database every 30 s; redraw every second
APPLICANT_SELF = "본인"


def _hm(moment: datetime | None) -> str:
    return moment.astimezone(SEOUL).strftime("%m-%d %H:%M") if moment else ""


def time_left_text(seconds: int) -> str:
    """``2:41:07`` left, or ``기한 경과 0:05:00`` once past."""
    sign = "" if seconds >= 0 else "기한 경과 "
    seconds = abs(seconds)
    return f"{sign}{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


# --------------------------------------------------------------------------- item models


@dataclass(frozen=True, slots=True)
class Column(Generic[Row]):
    title: str
    text: Callable[[Row], str]
    align_right: bool = False


class RowsModel(QAbstractTableModel, Generic[Row]):
    """A read-only table of view dataclasses with the columns given."""

    def __init__(self, columns: Sequence[Column[Row]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.background(row)
        return None

    def background(self, row: Row) -> QBrush | None:
        return None

    def headerData(  # noqa: N802 - Qt naming
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.columns):
                return self.columns[section].title
        return None


def _note(view: ps.ApplicationView) -> str:
    notes = []
    if view.emergency and view.due_at and view.status != ps.DELIVERED:
        notes.append(f"긴급 {view.due_at.astimezone(SEOUL):%H:%M}까지")
    if view.delivered_late:
        notes.append("처리기한 경과")
    if view.reduced_claim == "pending":
        notes.append(f"감면 증빙 대기(~{view.reduced_proof_due})")
    if view.refunded:
        notes.append(f"환급 {won(view.refunded)}")
    if view.sms_consent:
        notes.append("문자")
    return " · ".join(notes)


class ApplicationsModel(RowsModel[ps.ApplicationView]):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                Column("접수번호", lambda v: v.number),
                Column("성명", lambda v: v.applicant_name),
                Column("주민등록번호", lambda v: v.rrn_masked),
                Column("여권", lambda v: v.label),
                Column("수수료", lambda v: won(v.total), align_right=True),
                Column("단계", lambda v: v.status_label),
                Column("접수", lambda v: _hm(v.received_at)),
                Column("비고", _note),
            ],
            parent,
        )

    def background(self, row: ps.ApplicationView) -> QBrush | None:
        if row.emergency and row.status != ps.DELIVERED:
            return QBrush(QColor("#fff8e1"))
        return None


class UncollectedModel(RowsModel[ps.UncollectedView]):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                Column("접수번호", lambda v: v.number),
                Column("성명", lambda v: v.applicant_name),
                Column("주민등록번호", lambda v: v.rrn_masked),
                Column("연락처", lambda v: v.phone_masked),
                Column("도착", lambda v: short_date(v.arrived_at.astimezone(SEOUL).date())),
                Column("대기", lambda v: f"{v.days_waiting}일", align_right=True),
                Column("보관 마지막 날", lambda v: v.keeping_ends_on.isoformat()),
                Column("상태", lambda v: "보관기간 경과(효력 상실)" if v.past_keeping else "보관 중"),
            ],
            parent,
        )

    def background(self, row: ps.UncollectedView) -> QBrush | None:
        return QBrush(LATE_COLOUR) if row.past_keeping else None


class CountdownModel(RowsModel[ps.EmergencyCountdown]):
    """Open emergency applications with the time left; redrawn every second from ``now``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.now = datetime.now(UTC)
        super().__init__(
            [
                Column("접수번호", lambda e: e.number),
                Column("신청인", lambda e: e.name_masked),
                Column("단계", lambda e: e.status_label),
                Column("접수", lambda e: _hm(e.received_at)),
                Column("마감", lambda e: _hm(e.due_at)),
                Column("남은 시간", lambda e: time_left_text(e.seconds_left(self.now)), align_right=True),
            ],
            parent,
        )

    def set_now(self, now: datetime) -> None:
        self.now = now
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))

    def background(self, row: ps.EmergencyCountdown) -> QBrush | None:
        left = row.seconds_left(self.now)
        if left < 0:
            return QBrush(LATE_COLOUR)
        if left <= WARN_SECONDS:
            return QBrush(WARN_COLOUR)
        return None


class ChecklistModel(RowsModel[pp.ChecklistItem]):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                Column("서류", lambda i: i.text + ("" if i.verified else " (확인 중)")),
                Column("구분", lambda i: "필수" if i.required else "해당 시"),
                Column("이유", lambda i: i.why),
            ],
            parent,
        )


def _table(model: QAbstractTableModel, name: str, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    model.modelReset.connect(view.resizeColumnsToContents)
    return view


# --------------------------------------------------------------------------- passport choice (kind, validity, pages)


class PassportChoice:
    """The kind/validity/pages/reduction fields, shared by the clerk's form and the guide's calculator."""

    def __init__(self, parent: QWidget, *, reduced_choices: dict[str, str]) -> None:
        self.kind = QComboBox(parent)
        self.kind.setObjectName("passportKind")
        for kind in pp.KINDS:
            self.kind.addItem({"잔여유효기간": "잔여유효기간 부여"}.get(kind, kind), kind)
        self.validity = QComboBox(parent)
        self.validity.setObjectName("passportValidity")
        self.validity.addItem("10년", 10)
        self.validity.addItem("5년", 5)
        self.pages = QComboBox(parent)
        self.pages.setObjectName("passportPages")
        self.pages.addItem("58면", 58)
        self.pages.addItem("26면", 26)
        self.reduced = QComboBox(parent)
        self.reduced.setObjectName("passportReduced")
        for code, label in reduced_choices.items():
            self.reduced.addItem(label, code)
        self.kind.setToolTip("여권 종류 (Ctrl+E: 긴급여권)")

    def add_rows(self, form: QFormLayout) -> None:
        form.addRow("여권 종류", self.kind)
        form.addRow("유효기간", self.validity)
        form.addRow("면수", self.pages)
        form.addRow("감면", self.reduced)
        self._form = form

    def connect(self, slot: Callable[[], None]) -> None:
        for combo in (self.kind, self.validity, self.pages, self.reduced):
            combo.currentIndexChanged.connect(slot)

    def kind_code(self) -> str:
        return str(self.kind.currentData())

    def reduced_code(self) -> str:
        return str(self.reduced.currentData())

    def update_for(self, age: int | None) -> None:
        kind = self.kind_code()
        multiple = kind == pp.KIND_MULTIPLE
        self.validity.setEnabled(multiple)
        self.pages.setEnabled(kind in (pp.KIND_MULTIPLE, pp.KIND_REMAINING))
        self._form.setRowVisible(self.reduced, kind == pp.KIND_EMERGENCY)
        if kind != pp.KIND_EMERGENCY and self.reduced.currentIndex() != 0:
            self.reduced.setCurrentIndex(0)
        if multiple and age is not None:
            wanted = 10 if age >= 18 else 5
            self.validity.blockSignals(True)
            self.validity.setCurrentIndex(self.validity.findData(wanted))
            self.validity.blockSignals(False)

    def request(self, age: int) -> ps.FeeRequest:
        kind = self.kind_code()
        return ps.FeeRequest(
            kind=kind,
            validity_years=int(self.validity.currentData()) if kind == pp.KIND_MULTIPLE else None,
            pages=int(self.pages.currentData()) if kind in (pp.KIND_MULTIPLE, pp.KIND_REMAINING) else None,
            age=age,
            reduced=kind == pp.KIND_EMERGENCY and self.reduced_code() == ps.REDUCED_WITH_PROOF,
        )

    def reset(self) -> None:
        for combo in (self.kind, self.validity, self.pages, self.reduced):
            combo.setCurrentIndex(0)


class FeeDisplay(QWidget):
    """The fee as soon as it is known: total, the split, the passport and the table it came from.

    One short line each and no word wrap, so that no line depends on the width the form happens to get
    (a wrapped line under the total was clipped at 1280×800); only a refusal wraps, and its height is
    pinned to the width it has.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        self.total = MoneyLabel(0, self)
        self.total.setObjectName("feeTotal")
        self.total.set_amount(None)
        self.detail = QLabel(self)
        self.detail.setObjectName("feeDetail")
        self.passport = QLabel(self)
        self.passport.setObjectName("feePassport")
        self.table = QLabel(self)
        self.table.setObjectName("feeTable")
        self.table.setStyleSheet("color: #555")
        self.unverified = QLabel("확인 중인 금액입니다.", self)
        self.unverified.setObjectName("feeUnverified")
        self.unverified.setStyleSheet("color: #b26a00; font-weight: bold")
        self.problem = QLabel(self)
        self.problem.setObjectName("feeProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        for label in (self.total, self.detail, self.passport, self.table, self.unverified, self.problem):
            label.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(label)
        self.fee: pp.PassportFee | None = None
        self._show_lines(problem=False, unverified=False)

    def lines(self) -> list[QLabel]:
        """The labels shown now (for the layout test)."""
        return [
            label
            for label in (self.total, self.detail, self.passport, self.table, self.unverified, self.problem)
            if not label.isHidden()
        ]

    def _show_lines(self, *, problem: bool, unverified: bool) -> None:
        for label in (self.detail, self.passport, self.table):
            label.setVisible(not problem)
        self.unverified.setVisible(not problem and unverified)
        self.problem.setVisible(problem)
        self._pin_problem_height()

    def _pin_problem_height(self) -> None:
        if self.problem.isHidden() or self.width() <= 0:
            self.problem.setMinimumHeight(0)
            return
        self.problem.setMinimumHeight(max(0, self.problem.heightForWidth(self.width())))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self._pin_problem_height()

    def show_fee(self, fee: pp.PassportFee) -> None:
        self.fee = fee
        self.total.set_amount(fee.total)
        self.detail.setText(f"발급수수료 {won(fee.fee)} + 국제교류기여금 {won(fee.contribution)}")
        self.passport.setText(fee.label)
        self.table.setText(fee.table)
        self.table.setToolTip(f"이 금액을 정한 수수료표: {fee.table}")
        self.problem.clear()
        self._show_lines(problem=False, unverified=not fee.verified)

    def show_problem(self, text: str) -> None:
        self.fee = None
        self.total.set_amount(None)
        for label in (self.detail, self.passport, self.table):
            label.clear()
        self.problem.setText(text)
        self._show_lines(problem=True, unverified=False)


DOC_TEXT_MAX_PX = 360  # a document line never widens the form past its scroll area (no horizontal scroll bar)


def doc_box_text(item: pp.ChecklistItem, metrics: QFontMetrics) -> str:
    """The short name of a checklist line for its tick box; the whole text is in the tooltip.

    The name before the parenthesis or the colon ("병역의무자 안내: …"), elided if still too wide.
    """
    short = item.text.split(" (")[0].split(": ")[0].strip()
    text = short if item.required else f"{short} (해당 시)"
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, DOC_TEXT_MAX_PX)


def _group(title: str, parent: QWidget) -> tuple[QGroupBox, QFormLayout]:
    box = QGroupBox(title, parent)
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return box, form


def _shortcut(parent: QWidget, keys: str | QKeySequence, slot: Callable[[], None]) -> QShortcut:
    shortcut = QShortcut(QKeySequence(keys), parent)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(slot)
    return shortcut


def _chain(widgets: Sequence[QWidget]) -> None:
    for first, second in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(first, second)


# --------------------------------------------------------------------------- dialogs


class DeliveryDialog(QDialog):
    """교부: the clerk confirms the ID was checked and who collects. Enter delivers, Esc cancels."""

    def __init__(self, view: ps.ApplicationView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deliveryDialog")
        self.setWindowTitle(f"여권 교부 — {view.number}")
        form = QFormLayout(self)
        form.addRow(QLabel(f"<b>{view.applicant_name}</b> ({view.rrn_masked}) · {view.label}"))
        self.id_checked = QCheckBox("받는 사람의 신분증을 확인했습니다", self)
        self.id_checked.setObjectName("deliveryIdChecked")
        self.collector = QComboBox(self)
        self.collector.setObjectName("deliveryCollector")
        self.collector.addItem(APPLICANT_SELF)
        for relation in pp.PROXY_RELATIONS:
            self.collector.addItem(f"대리 수령: {relation}", relation)
        self.collector_name = QLineEdit(self)
        self.collector_name.setObjectName("deliveryCollectorName")
        self.collector_name.setPlaceholderText("대리 수령인 성명")
        form.addRow("신분증 확인", self.id_checked)
        form.addRow("받는 사람", self.collector)
        form.addRow("대리인 성명", self.collector_name)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("교부 (Enter)")
        ok.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("취소 (Esc)")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.collector.currentIndexChanged.connect(self._collector_changed)
        self._collector_changed()
        self.id_checked.setFocus()

    def _collector_changed(self) -> None:
        self.collector_name.setEnabled(self.collector.currentIndex() > 0)

    def relation(self) -> str:
        data = self.collector.currentData()
        return str(data) if data else APPLICANT_SELF


class LossReportDialog(QDialog):
    """분실 신고 for the applicant typed in the form."""

    def __init__(self, name: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lossReportDialog")
        self.setWindowTitle(f"여권 분실 신고 — {name}")
        form = QFormLayout(self)
        self.lost_on = QDateEdit(self)
        self.lost_on.setObjectName("lossDate")
        self.lost_on.setDisplayFormat("yyyy-MM-dd")
        self.lost_on.setCalendarPopup(True)
        self.lost_on.setMaximumDate(qdate(today))
        self.lost_on.setDate(qdate(today))
        self.place = QLineEdit(self)
        self.place.setObjectName("lossPlace")
        self.circumstances = QPlainTextEdit(self)
        self.circumstances.setObjectName("lossCircumstances")
        self.circumstances.setTabChangesFocus(True)
        self.circumstances.setFixedHeight(70)
        self.passport_number = QLineEdit(self)
        self.passport_number.setObjectName("lossPassportNumber")
        self.passport_number.setPlaceholderText("알면 적으세요 (예: M12345678)")
        form.addRow("분실일", self.lost_on)
        form.addRow("분실 장소", self.place)
        form.addRow("분실 경위", self.circumstances)
        form.addRow("여권번호", self.passport_number)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("신고 기록 (Enter)")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("취소 (Esc)")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.lost_on.setFocus()

    def lost_date(self) -> date:
        qd = self.lost_on.date()
        return date(qd.year(), qd.month(), qd.day())


class ReducedProofDialog(QDialog):
    """감면 증빙 접수: proof brought after intake; the difference is refunded (환급)."""

    def __init__(self, view: ps.ApplicationView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reducedProofDialog")
        self.setWindowTitle(f"긴급여권 감면 증빙 — {view.number}")
        form = QFormLayout(self)
        due = f" (제출 기한 {view.reduced_proof_due})" if view.reduced_proof_due else ""
        form.addRow(QLabel(f"{view.applicant_name} · 낸 수수료 {won(view.total)}{due}"))
        self.proof = QLineEdit(self)
        self.proof.setObjectName("reducedProof")
        self.proof.setPlaceholderText("예: 사망진단서, 진단서(위독)")
        self.method = QComboBox(self)
        self.method.setObjectName("refundMethod")
        self.method.addItems(list(ps.REFUND_METHODS))
        form.addRow("제출한 증빙", self.proof)
        form.addRow("환급 방법", self.method)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("감면 적용·차액 환급 (Enter)")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("취소 (Esc)")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.proof.setFocus()


# --------------------------------------------------------------------------- the counter's tab


class PassportTab(QWidget):
    """Counter clerks and night staff: intake on the left, lists on the right, the emergency board on top."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self._client_uuid = uuid.uuid4()
        self._doc_boxes: dict[str, QCheckBox] = {}
        self._ticks = 0
        self.last_pdf = ""
        self.dialog: QDialog | None = None
        self.eligibility: ps.EligibilityView | None = None

        outer = QVBoxLayout(self)
        outer.addWidget(self._build_countdown())
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._build_form())
        splitter.addWidget(self._build_lists())
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 7)
        splitter.setSizes([520, 740])
        outer.addWidget(splitter, 1)
        self.status = QLabel(
            "Ctrl+N 새 신청 · Ctrl+E 긴급여권 · Ctrl+S/Enter 접수·수납 · Ctrl+R 다음 단계 · Ctrl+D 교부 · "
            "Ctrl+L 분실 신고 · Ctrl+P 구비서류 출력 · Esc 지우기",
            self,
        )
        self.status.setObjectName("passportStatus")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)
        self._shortcuts()
        self._form_changed()
        self._timer = QTimer(self)
        self._timer.setObjectName("countdownTimer")
        self._timer.timeout.connect(self._tick)
        self._timer.start(1000)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        """Coming to the tab (F3) puts the cursor in the form."""
        super().showEvent(event)
        focused = QApplication.focusWidget()
        if focused is None or not self.isAncestorOf(focused):
            self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- building -----------------------------------------------------------

    def _build_countdown(self) -> QWidget:
        box = QGroupBox("긴급여권 처리 현황 (접수 후 3시간 이내 교부)", self)
        box.setObjectName("emergencyBoard")
        layout = QVBoxLayout(box)
        self.alert = QLabel(box)
        self.alert.setObjectName("emergencyAlert")
        self.alert.setWordWrap(True)
        self.alert.setStyleSheet("background: #c62828; color: white; font-weight: bold; padding: 4px")
        self.alert.hide()
        self.countdown_model = CountdownModel(box)
        self.countdown_view = _table(self.countdown_model, "emergencyTable", box)
        self.countdown_view.setMaximumHeight(120)
        self.countdown_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.board_empty = QLabel("처리 중인 긴급여권이 없습니다.", box)
        self.board_empty.setObjectName("emergencyEmpty")
        layout.addWidget(self.alert)
        layout.addWidget(self.board_empty)
        layout.addWidget(self.countdown_view)
        return box

    def _build_form(self) -> QWidget:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        # a fixed viewport width: with word-wrapped labels Qt would otherwise size the form for no scroll bar
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form = QWidget(scroll)
        self.form.setObjectName("passportForm")
        column = QVBoxLayout(self.form)
        column.setContentsMargins(0, 0, 4, 0)
        # Word-wrapped labels make the scroll area trust heightForWidth and squeeze the rows; never below minimum.
        column.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)

        box, form = _group("신청인", self.form)
        self.name_edit = QLineEdit(box)
        self.name_edit.setObjectName("applicantName")
        self.name_edit.setToolTip("새 신청 Ctrl+N · 긴급여권 Ctrl+E")
        self.rrn = ResidentNumberEdit(box)
        self.phone = QLineEdit(box)
        self.phone.setObjectName("applicantPhone")
        self.phone.setPlaceholderText("010-0000-0000")
        self.address = QLineEdit(box)
        self.address.setObjectName("applicantAddress")
        self.sms = QCheckBox("여권 도착을 문자로 알리는 데 동의함", box)
        self.sms.setObjectName("smsConsent")
        self.age_label = QLabel("-", box)
        self.age_label.setObjectName("applicantAge")
        form.addRow("성명", self.name_edit)
        form.addRow("주민등록번호", self.rrn)
        form.addRow("신청일 현재 만 나이", self.age_label)
        form.addRow("휴대전화", self.phone)
        form.addRow("주소", self.address)
        form.addRow("", self.sms)
        column.addWidget(box)

        box, form = _group("여권과 수수료", self.form)
        self.choice = PassportChoice(box, reduced_choices=ps.REDUCED_CHOICES)
        self.choice.add_rows(form)
        self.reduced_reason = QLineEdit(box)
        self.reduced_reason.setObjectName("reducedReason")
        self.reduced_reason.setPlaceholderText("예: 부친 사망, 모친 위독")
        form.addRow("감면 사유", self.reduced_reason)
        self.fee_display = FeeDisplay(box)
        form.addRow("수수료", self.fee_display)
        self._fee_form = form
        column.addWidget(box)

        box, form = _group("신청 방법", self.form)
        self.applicant_kind = QComboBox(box)
        self.applicant_kind.setObjectName("whoApplies")
        self.applicant_kind.addItem("본인이 직접 신청", None)
        for relation in pp.PROXY_RELATIONS:
            self.applicant_kind.addItem(f"대리 신청: {relation}", relation)
        self.proxy_name = QLineEdit(box)
        self.proxy_name.setObjectName("proxyName")
        self.illness = QCheckBox("질병·장애로 본인이 올 수 없음", box)
        self.illness.setObjectName("illness")
        self.valid_passport = QCheckBox("유효기간이 남은 여권이 있음", box)
        self.valid_passport.setObjectName("validPassport")
        self.name_changed = QCheckBox("개명함", box)
        self.name_changed.setObjectName("nameChanged")
        form.addRow("신청하는 사람", self.applicant_kind)
        form.addRow("대리인 성명", self.proxy_name)
        form.addRow("", self.illness)
        form.addRow("", self.valid_passport)
        form.addRow("", self.name_changed)
        self._method_form = form
        column.addWidget(box)

        self.docs_box, self.docs_form = _group("구비서류 확인 (Space로 표시)", self.form)
        self.docs_box.setObjectName("documentsBox")
        self.photo = QCheckBox("여권 사진 확인 (6개월 이내 촬영, 규격)", self.docs_box)
        self.photo.setObjectName("photoChecked")
        self.docs_form.addRow(self.photo)
        column.addWidget(self.docs_box)

        self.emergency_box, form = _group("긴급여권 (3시간 처리)", self.form)
        self.emergency_box.setObjectName("emergencyBox")
        self.emergency_reason = QLineEdit(self.emergency_box)
        self.emergency_reason.setObjectName("emergencyReason")
        self.emergency_reason.setPlaceholderText("긴급히 필요한 사유와 출국 일정")
        self.identity_verified = QCheckBox("신분증으로 본인임을 확인함", self.emergency_box)
        self.identity_verified.setObjectName("identityVerified")
        self.losses_1y = QSpinBox(self.emergency_box)
        self.losses_1y.setObjectName("declaredLosses1y")
        self.losses_5y = QSpinBox(self.emergency_box)
        self.losses_5y.setObjectName("declaredLosses5y")
        for spin in (self.losses_1y, self.losses_5y):
            spin.setRange(0, 20)
            spin.setSuffix("회")
        self.check_button = QPushButton("자격 확인 (Ctrl+K)", self.emergency_box)
        self.check_button.setObjectName("checkEligibility")
        self.eligibility_label = QLabel(self.emergency_box)
        self.eligibility_label.setObjectName("eligibilityResult")
        self.eligibility_label.setWordWrap(True)
        self.warning_label = QLabel(pp.emergency_warning(self.clock()), self.emergency_box)
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("background: #fff4e0; padding: 3px")
        self.warned = QCheckBox("위 내용을 신청인에게 안내함", self.emergency_box)
        self.warned.setObjectName("destinationWarned")
        form.addRow("긴급 사유", self.emergency_reason)
        form.addRow("", self.identity_verified)
        form.addRow("최근 1년 분실 (답변)", self.losses_1y)
        form.addRow("최근 5년 분실 (답변)", self.losses_5y)
        form.addRow(self.check_button, self.eligibility_label)
        form.addRow("도착국 안내", self.warning_label)
        form.addRow("", self.warned)
        column.addWidget(self.emergency_box)

        box, form = _group("수납", self.form)
        self.payment = QComboBox(box)
        self.payment.setObjectName("paymentMethod")
        self.payment.addItems(["카드", "현금"])
        self.save_button = QPushButton("접수·수납 (Ctrl+S)", box)
        self.save_button.setObjectName("saveApplication")
        buttons = QHBoxLayout()
        self.new_button = QPushButton("새 신청 (Ctrl+N)", box)
        self.loss_button = QPushButton("분실 신고 (Ctrl+L)", box)
        self.loss_button.setObjectName("lossReportButton")
        self.print_button = QPushButton("구비서류 출력 (Ctrl+P)", box)
        self.print_button.setObjectName("printChecklist")
        for button in (self.new_button, self.loss_button, self.print_button):
            buttons.addWidget(button)
        form.addRow("결제 수단", self.payment)
        form.addRow(self.save_button)
        form.addRow(buttons)
        self.loss_button.setVisible(self.ctx.can("passport.loss_report"))
        column.addWidget(box)
        column.addStretch(1)
        scroll.setWidget(self.form)

        self.rrn.changed.connect(self._form_changed)
        self.choice.connect(self._form_changed)
        self.applicant_kind.currentIndexChanged.connect(self._form_changed)
        for box_ in (self.illness, self.valid_passport, self.name_changed):
            box_.toggled.connect(self._form_changed)
        self.check_button.clicked.connect(self.check_eligibility)
        self.save_button.clicked.connect(self.save)
        self.new_button.clicked.connect(self.new_application)
        self.loss_button.clicked.connect(self.report_loss)
        self.print_button.clicked.connect(self.print_checklist)
        return scroll

    def _build_lists(self) -> QWidget:
        self.lists = QTabWidget(self)
        self.lists.setObjectName("passportLists")

        page = QWidget(self.lists)
        layout = QVBoxLayout(page)
        self.applications_model = ApplicationsModel(page)
        self.applications_view = _table(self.applications_model, "applicationsTable", page)
        self.applications_view.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())
        layout.addWidget(self.applications_view, 1)
        row = QHBoxLayout()
        self.advance_button = QPushButton("다음 단계 (Ctrl+R)", page)
        self.advance_button.setObjectName("advanceButton")
        self.deliver_button = QPushButton("교부 (Ctrl+D)", page)
        self.deliver_button.setObjectName("deliverButton")
        self.proof_button = QPushButton("감면 증빙 접수", page)
        self.proof_button.setObjectName("reducedProofButton")
        self.refresh_button = QPushButton("새로 고침", page)
        for button in (self.advance_button, self.deliver_button, self.proof_button, self.refresh_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.lists.addTab(page, "접수·교부 현황")

        page = QWidget(self.lists)
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        self.uncollected_days = QSpinBox(page)
        self.uncollected_days.setObjectName("uncollectedDays")
        self.uncollected_days.setRange(0, 365)
        self.uncollected_days.setSuffix("일")
        try:
            rule: pp.KeepingRule | None = pp.keeping_rule(self.clock())
        except ValueError:
            rule = None
        self.uncollected_days.setValue(rule.uncollected_notice_days if rule else 30)
        keeping = f"(발급 후 {rule.keeping_months}개월)" if rule else ""
        self.uncollected_button = QPushButton("조회", page)
        self.uncollected_button.setObjectName("uncollectedButton")
        top.addWidget(QLabel("도착 후", page))
        top.addWidget(self.uncollected_days)
        top.addWidget(QLabel(f"이 지나도록 찾아가지 않은 여권과 보관기간{keeping}이 지난 여권", page), 1)
        top.addWidget(self.uncollected_button)
        layout.addLayout(top)
        self.uncollected_model = UncollectedModel(page)
        self.uncollected_view = _table(self.uncollected_model, "uncollectedTable", page)
        layout.addWidget(self.uncollected_view, 1)
        self.lists.addTab(page, "미수령 여권")

        self.advance_button.clicked.connect(self.advance)
        self.deliver_button.clicked.connect(self.deliver)
        self.proof_button.clicked.connect(self.reduced_proof)
        self.refresh_button.clicked.connect(self.refresh)
        self.uncollected_button.clicked.connect(self.load_uncollected)
        self.uncollected_days.editingFinished.connect(self.load_uncollected)
        self.lists.currentChanged.connect(lambda i: self.load_uncollected() if i == 1 else None)
        self._update_actions()
        return self.lists

    def _shortcuts(self) -> None:
        for keys, slot in (
            ("Ctrl+N", self.new_application),
            ("Ctrl+E", self.new_emergency),
            ("Ctrl+S", self.save),
            ("Ctrl+R", self.advance),
            ("Ctrl+D", self.deliver),
            ("Ctrl+K", self.check_eligibility),
            ("Ctrl+L", self.report_loss),
            ("Ctrl+P", self.print_checklist),
            ("Esc", self.clear_form),
        ):
            _shortcut(self, keys, slot)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            _shortcut(self.form, QKeySequence(key), self._enter)

    def _enter(self) -> None:
        """Enter saves the form, except on another button (자격 확인, 분실 신고, …): that button is pressed."""
        focused = QApplication.focusWidget()
        if isinstance(focused, QPushButton) and focused is not self.save_button and self.form.isAncestorOf(focused):
            focused.click()
            return
        self.save()

    # -- the form -----------------------------------------------------------

    def age(self) -> int | None:
        parsed = self.rrn.parsed()
        if parsed is None:
            return None
        try:
            return pp.age_at(parsed.birth_date, self.clock())
        except ValueError:
            return None

    def situation(self, age: int) -> pp.ApplicantSituation:
        parsed = self.rrn.parsed()
        relation = self.applicant_kind.currentData()
        kind = self.choice.kind_code()
        return pp.ApplicantSituation(
            age=age,
            sex=parsed.sex if parsed else "M",
            applying_in_person=relation is None,
            proxy_relation=relation,
            illness_or_disability=self.illness.isChecked(),
            has_valid_passport=self.valid_passport.isChecked(),
            name_changed=self.name_changed.isChecked(),
            emergency=kind == pp.KIND_EMERGENCY,
            reduced_fee_claim=kind == pp.KIND_EMERGENCY and self.choice.reduced_code() != ps.REDUCED_NONE,
            birth_year=parsed.birth_date.year if parsed else None,
        )

    def _form_changed(self) -> None:
        age = self.age()
        self.age_label.setText("-" if age is None else f"만 {age}세")
        self.choice.update_for(age)
        kind = self.choice.kind_code()
        emergency = kind == pp.KIND_EMERGENCY
        self.emergency_box.setVisible(emergency)
        self._fee_form.setRowVisible(self.reduced_reason, emergency and self.choice.reduced_code() != ps.REDUCED_NONE)
        proxy = self.applicant_kind.currentData() is not None
        self._method_form.setRowVisible(self.proxy_name, proxy)
        self._method_form.setRowVisible(self.illness, proxy)
        self.eligibility = None
        self.eligibility_label.setText("")
        if age is None:
            self.fee_display.show_problem("주민등록번호를 입력하면 나이에 맞는 수수료가 나옵니다.")
            self._set_documents([])
            return
        now = self.clock()
        try:
            self.fee_display.show_fee(ps.quote_fee(self.ctx.actor, self.choice.request(age), applied_at=now))
        except Exception as exc:  # noqa: BLE001 - a refusal is shown where the fee would be
            self.fee_display.show_problem(message_for(exc)[0])
        try:
            items = ps.checklist(self.ctx.actor, self.situation(age), on=now)
        except Exception as exc:  # noqa: BLE001 - a situation the rules do not allow: say so in the box
            self._set_documents([], problem=message_for(exc)[0])
        else:
            self._set_documents(ps.documents_to_check(items))

    def _set_documents(self, items: Sequence[pp.ChecklistItem], *, problem: str = "") -> None:
        ticked = {key for key, box in self._doc_boxes.items() if box.isChecked()}
        for box in self._doc_boxes.values():
            self.docs_form.removeRow(box)
        self._doc_boxes = {}
        if problem:
            label = QCheckBox(problem, self.docs_box)
            label.setEnabled(False)
            label.setStyleSheet("color: #b00020")
            self.docs_form.addRow(label)
            self._doc_boxes["_problem"] = label
        for item in items:
            box = QCheckBox(self.docs_box)
            box.setText(doc_box_text(item, QFontMetrics(box.font())))
            box.setObjectName(f"doc_{item.key}")
            box.setToolTip(f"{item.text}\n{item.why}")
            box.setChecked(item.key in ticked)
            self.docs_form.addRow(box)
            box.show()  # the layout would show it only from the event loop; Tab must find it at once
            self._doc_boxes[item.key] = box
        self._fix_tab_order()

    def _fix_tab_order(self) -> None:
        docs = [box for key, box in self._doc_boxes.items() if key != "_problem"]
        _chain(
            [
                self.name_edit,
                self.rrn.edit,
                self.phone,
                self.address,
                self.sms,
                self.choice.kind,
                self.choice.validity,
                self.choice.pages,
                self.choice.reduced,
                self.reduced_reason,
                self.applicant_kind,
                self.proxy_name,
                self.illness,
                self.valid_passport,
                self.name_changed,
                self.photo,
                *docs,
                self.emergency_reason,
                self.identity_verified,
                self.losses_1y,
                self.losses_5y,
                self.check_button,
                self.warned,
                self.payment,
                self.save_button,
                self.new_button,
                self.loss_button,
                self.print_button,
                self.applications_view,
            ]
        )

    def form_values(self) -> ps.ApplicationForm:
        kind = self.choice.kind_code()
        relation = self.applicant_kind.currentData()
        request = self.choice.request(self.age() or 0)
        return ps.ApplicationForm(
            name=self.name_edit.text(),
            resident_number=self.rrn.value() or self.rrn.edit.text(),
            kind=kind,
            validity_years=request.validity_years,
            pages=request.pages,
            phone=self.phone.text(),
            address=self.address.text(),
            sms_consent=self.sms.isChecked(),
            photo_checked=self.photo.isChecked(),
            documents_checked=tuple(k for k, b in self._doc_boxes.items() if b.isChecked() and k != "_problem"),
            applying_in_person=relation is None,
            proxy_name=self.proxy_name.text() if relation else "",
            proxy_relation=relation,
            illness_or_disability=bool(relation) and self.illness.isChecked(),
            has_valid_passport=self.valid_passport.isChecked(),
            name_changed=self.name_changed.isChecked(),
            payment_method=self.payment.currentText(),
            emergency_reason=self.emergency_reason.text(),
            identity_verified=self.identity_verified.isChecked(),
            declared_losses_1y=self.losses_1y.value(),
            declared_losses_5y=self.losses_5y.value(),
            destination_warned=self.warned.isChecked(),
            reduced_fee=self.choice.reduced_code() if kind == pp.KIND_EMERGENCY else ps.REDUCED_NONE,
            reduced_reason=self.reduced_reason.text(),
        )

    def clear_form(self) -> None:
        for edit in (
            self.name_edit,
            self.phone,
            self.address,
            self.proxy_name,
            self.reduced_reason,
            self.emergency_reason,
        ):
            edit.clear()
        self.rrn.clear()
        for box in (self.sms, self.illness, self.valid_passport, self.name_changed, self.photo):
            box.setChecked(False)
        for box in (self.identity_verified, self.warned):
            box.setChecked(False)
        self.losses_1y.setValue(0)
        self.losses_5y.setValue(0)
        self.applicant_kind.setCurrentIndex(0)
        self.choice.reset()
        for box in self._doc_boxes.values():
            box.setChecked(False)
        self._client_uuid = uuid.uuid4()
        self._form_changed()
        self.name_edit.setFocus()

    def new_application(self) -> None:
        self.clear_form()
        self.status.setText("새 여권 신청: 성명부터 입력하세요.")

    def new_emergency(self) -> None:
        """Ctrl+E: the form becomes an emergency application (keeping the applicant already typed)."""
        self.choice.kind.setCurrentIndex(self.choice.kind.findData(pp.KIND_EMERGENCY))
        self._form_changed()
        target = self.name_edit if not self.name_edit.text().strip() else self.emergency_reason
        target.setFocus()
        self.status.setText("긴급여권: 자격 확인 → 수납 → 3시간 안에 교부. 도착국 인정 여부 안내를 잊지 마세요.")

    # -- actions ------------------------------------------------------------

    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None], *, quiet: bool = False) -> None:
        def failed(exc: BaseException) -> None:
            message = message_for(exc)[0]
            if quiet:
                self.status.setText(message)
            else:
                self.status.setText(message.splitlines()[0])
                show_error(self, exc)

        self.ctx.tasks.submit(fn, on_done=done, on_error=failed)

    def check_eligibility(self) -> None:
        if self.choice.kind_code() != pp.KIND_EMERGENCY:
            self.status.setText("긴급여권 신청에서만 자격을 확인합니다 (Ctrl+E).")
            return
        values = self.form_values()
        ctx, now = self.ctx, self.clock()

        def done(result: ps.EligibilityView) -> None:
            self.eligibility = result
            if result.eligible:
                self.eligibility_label.setStyleSheet("color: #1b5e20; font-weight: bold")
                self.eligibility_label.setText(f"발급 가능 (기록된 분실 {result.recorded_losses}건)")
            else:
                self.eligibility_label.setStyleSheet("color: #b00020; font-weight: bold")
                self.eligibility_label.setText("발급 불가\n" + "\n".join(result.reasons))
            self.status.setText(self.eligibility_label.text().splitlines()[0])

        self._run(
            lambda: ps.check_emergency_eligibility(
                ctx.uow(),
                ctx.actor,
                resident_number=values.resident_number,
                identity_verified=values.identity_verified,
                reason=values.emergency_reason,
                declared_losses_1y=values.declared_losses_1y,
                declared_losses_5y=values.declared_losses_5y,
                now=now,
            ),
            done,
        )

    def save(self) -> None:
        values = self.form_values()
        ctx, now, key = self.ctx, self.clock(), self._client_uuid
        settings = ctx.app.settings

        def work() -> tuple[ps.ApplicationView, str]:
            view = ps.take_application(ctx.uow(), ctx.actor, form=values, client_uuid=key, now=now)
            receipt = receipt_svc.get_receipt(ctx.uow(), ctx.actor, number=view.receipt_number)
            path = output_path(settings, "receipt", receipt.number)
            render_receipt(receipt, path, paper=settings.get("receipt_format"))
            receipt_svc.record_print(ctx.uow(), ctx.actor, receipt_number_=receipt.number, authorized_at=now)
            return view, str(path)

        def done(result: tuple[ps.ApplicationView, str]) -> None:
            view, path = result
            self.last_pdf = path
            present_pdf_path(path)
            self.clear_form()
            self.refresh(select=view.id)
            due = f" · 교부 기한 {view.due_at.astimezone(SEOUL):%H:%M}" if view.due_at else ""
            self.status.setText(
                f"접수했습니다: {view.number} · 영수증 {view.receipt_number} · {won(view.total)} "
                f"(발급수수료 {won(view.fee)} + 국제교류기여금 {won(view.contribution)}){due} · 영수증 PDF: {path}"
            )
            self.applications_view.setFocus()

        self._run(work, done)

    def selected(self) -> ps.ApplicationView | None:
        index = self.applications_view.currentIndex()
        if not index.isValid():
            return None
        return self.applications_model.rows[index.row()]

    def _update_actions(self) -> None:
        view = self.selected()
        self.advance_button.setEnabled(view is not None and view.status in (ps.RECEIVED, ps.REVIEW, ps.PRODUCTION))
        self.deliver_button.setEnabled(view is not None and view.status == ps.ARRIVED)
        self.proof_button.setEnabled(view is not None and view.emergency and not view.reduced)

    def refresh(self, *, select: int | None = None) -> None:
        ctx, now = self.ctx, self.clock()
        current = self.selected()
        keep = select if select is not None else (current.id if current else None)

        def done(rows: list[ps.ApplicationView]) -> None:
            self.applications_model.set_rows(rows)
            for i, row in enumerate(rows):
                if row.id == keep:
                    self.applications_view.selectRow(i)
                    self.applications_view.setCurrentIndex(self.applications_model.index(i, 0))
                    break
            self._update_actions()
            self.load_board()

        self._run(lambda: ps.list_applications(ctx.uow(), ctx.actor, now=now), done, quiet=True)

    def advance(self) -> None:
        view = self.selected()
        if view is None:
            self.status.setText("오른쪽 목록에서 신청을 고르세요.")
            return
        target = view.next_status
        if target is None or target == ps.DELIVERED:
            self.status.setText(
                f"{view.number}: '{view.status_label}' 단계입니다. "
                + ("교부는 Ctrl+D로 합니다." if target == ps.DELIVERED else "더 진행할 단계가 없습니다.")
            )
            return
        ctx, now = self.ctx, self.clock()

        def done(result: ps.ApplicationView) -> None:
            sms = " · 도착 문자를 보냅니다" if result.status == ps.ARRIVED and result.sms_consent else ""
            self.status.setText(f"{result.number}: '{result.status_label}' 단계로 넘겼습니다{sms}.")
            self.refresh(select=result.id)

        self._run(
            lambda: ps.advance_application(ctx.uow(), ctx.actor, application_id=view.id, to_status=target, now=now),
            done,
        )

    def deliver(self) -> None:
        view = self.selected()
        if view is None:
            self.status.setText("오른쪽 목록에서 교부할 여권을 고르세요.")
            return
        if view.status != ps.ARRIVED:
            self.status.setText(f"{view.number}: 도착한 여권만 교부합니다 (현재 '{view.status_label}').")
            return
        dialog = DeliveryDialog(view, self)
        self.dialog = dialog

        def finished(result: int) -> None:
            self.dialog = None
            if result != QDialog.DialogCode.Accepted:
                self.applications_view.setFocus()
                return
            ctx, now = self.ctx, self.clock()
            id_checked, relation, name = dialog.id_checked.isChecked(), dialog.relation(), dialog.collector_name.text()

            def done(result_view: ps.ApplicationView) -> None:
                late = " (처리기한 경과)" if result_view.delivered_late else ""
                self.status.setText(
                    f"{result_view.number}: {result_view.collector_relation} {result_view.collector_name}에게 "
                    f"교부했습니다{late}."
                )
                self.refresh(select=result_view.id)
                self.applications_view.setFocus()

            self._run(
                lambda: ps.deliver_passport(
                    ctx.uow(),
                    ctx.actor,
                    application_id=view.id,
                    id_checked=id_checked,
                    collector_relation=relation,
                    collector_name=name,
                    now=now,
                ),
                done,
            )

        dialog.finished.connect(finished)
        dialog.open()

    def reduced_proof(self) -> None:
        view = self.selected()
        if view is None or not view.emergency:
            self.status.setText("감면 증빙은 긴급여권 신청에만 받습니다. 목록에서 고르세요.")
            return
        dialog = ReducedProofDialog(view, self)
        self.dialog = dialog

        def finished(result: int) -> None:
            self.dialog = None
            if result != QDialog.DialogCode.Accepted:
                return
            ctx, now = self.ctx, self.clock()
            proof, method = dialog.proof.text(), dialog.method.currentText()

            def done(refund: ps.RefundView) -> None:
                self.status.setText(
                    f"{refund.application_number}: 감면 적용, 차액 {won(refund.amount)}을(를) {refund.method}(으)로 "
                    f"환급했습니다 (영수증 {refund.receipt_number}은 그대로 두고 환급 기록)."
                )
                self.refresh(select=view.id)

            self._run(
                lambda: ps.apply_reduced_fee_with_proof(
                    ctx.uow(), ctx.actor, application_id=view.id, proof=proof, refund_method=method, now=now
                ),
                done,
            )

        dialog.finished.connect(finished)
        dialog.open()

    def report_loss(self) -> None:
        if not self.ctx.can("passport.loss_report"):
            self.status.setText(f"'{self.ctx.actor.role_label}' 권한으로는 분실 신고를 받을 수 없습니다.")
            return
        if not self.name_edit.text().strip() or self.rrn.parsed() is None:
            self.status.setText("분실 신고: 먼저 신청인의 성명과 주민등록번호를 입력하세요.")
            self.name_edit.setFocus()
            return
        name, rrn, phone = self.name_edit.text(), self.rrn.value() or "", self.phone.text()
        dialog = LossReportDialog(name, self.clock().astimezone(SEOUL).date(), self)
        self.dialog = dialog

        def finished(result: int) -> None:
            self.dialog = None
            if result != QDialog.DialogCode.Accepted:
                return
            ctx, now = self.ctx, self.clock()
            lost_on, place = dialog.lost_date(), dialog.place.text()
            circumstances, number = dialog.circumstances.toPlainText(), dialog.passport_number.text()

            def done(report: ps.LossReportView) -> None:
                self.status.setText(
                    f"분실 신고를 기록했습니다: {report.number} ({report.applicant_name}, 분실일 {report.lost_on})."
                )
                self.eligibility = None
                self.eligibility_label.setText("")

            self._run(
                lambda: ps.record_loss_report(
                    ctx.uow(),
                    ctx.actor,
                    name=name,
                    resident_number=rrn,
                    lost_on=lost_on,
                    place=place,
                    circumstances=circumstances,
                    passport_number=number,
                    phone=phone,
                    now=now,
                ),
                done,
            )

        dialog.finished.connect(finished)
        dialog.open()

    def print_checklist(self) -> None:
        age = self.age()
        if age is None:
            self.status.setText("구비서류 안내: 주민등록번호를 입력하면 나이에 맞는 안내를 출력합니다.")
            return
        situation = self.situation(age)
        request = self.choice.request(age)
        print_sheet(self, self.ctx, situation, request, self.clock(), self.status)

    def load_uncollected(self) -> None:
        ctx, now, days = self.ctx, self.clock(), self.uncollected_days.value()

        def done(rows: list[ps.UncollectedView]) -> None:
            self.uncollected_model.set_rows(rows)
            expired = sum(r.past_keeping for r in rows)
            self.status.setText(f"미수령 여권 {len(rows)}건 (보관기간 경과 {expired}건).")

        self._run(lambda: ps.list_uncollected(ctx.uow(), ctx.actor, older_than_days=days, now=now), done)

    # -- the emergency board ------------------------------------------------

    def load_board(self) -> None:
        ctx, now = self.ctx, self.clock()

        def done(rows: list[ps.EmergencyCountdown]) -> None:
            self.countdown_model.set_rows(rows)
            self._redraw_board()

        self._run(lambda: ps.open_emergencies(ctx.uow(), ctx.actor, now=now), done, quiet=True)

    def _tick(self) -> None:
        self._ticks += 1
        if self._ticks % COUNTDOWN_RELOAD_TICKS == 0:
            self.load_board()
        else:
            self._redraw_board()

    def _redraw_board(self) -> None:
        now = self.clock()
        self.countdown_model.set_now(now)
        rows = self.countdown_model.rows
        self.board_empty.setVisible(not rows)
        self.countdown_view.setVisible(bool(rows))
        urgent = [r for r in rows if r.seconds_left(now) <= WARN_SECONDS]
        if not urgent:
            self.alert.hide()
            return
        parts = []
        for row in urgent:
            left = row.seconds_left(now)
            if left < 0:
                parts.append(f"{row.number} 처리기한이 {(-left) // 60}분 지났습니다")
            else:
                parts.append(f"{row.number} 마감까지 {left // 60}분 남았습니다")
        self.alert.setText("⚠ 긴급여권 " + " · ".join(parts))
        self.alert.show()


def present_pdf_path(path: str) -> None:
    present_pdf(Path(path))


def print_sheet(
    parent: QWidget,
    ctx: UiContext,
    situation: pp.ApplicantSituation,
    request: ps.FeeRequest | None,
    now: datetime,
    status: QLabel,
) -> None:
    """Print the checklist (with the fee quote) without writing any record: only the audit entry of the print."""
    settings = ctx.app.settings

    def work() -> str:
        sheet = ps.prepare_checklist_sheet(ctx.uow(), ctx.actor, situation=situation, fee_request=request, now=now)
        path = output_path(settings, "checklist", f"여권구비서류-{now.astimezone(SEOUL):%H%M%S}")
        render_checklist(sheet, path)
        return str(path)

    def done(path: str) -> None:
        parent.setProperty("last_pdf", path)
        present_pdf_path(path)
        status.setText(f"구비서류 안내를 출력했습니다: {path}")

    def failed(exc: BaseException) -> None:
        status.setText(message_for(exc)[0].splitlines()[0])
        show_error(parent, exc)

    ctx.tasks.submit(work, on_done=done, on_error=failed)


# --------------------------------------------------------------------------- the guide assistant's tab


class GuidePassportTab(QWidget):
    """Guide assistants (여권 안내 도우미): a fee calculator and the checklist print-out; no person, no money."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        outer = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        outer.addWidget(splitter, 1)

        self.form = QWidget(splitter)
        self.form.setObjectName("guideForm")
        column = QVBoxLayout(self.form)
        column.setContentsMargins(0, 0, 4, 0)
        box, form = _group("수수료 계산", self.form)
        self.age = QSpinBox(box)
        self.age.setObjectName("guideAge")
        self.age.setRange(0, 120)
        self.age.setValue(30)
        self.age.setSuffix("세 (만 나이)")
        form.addRow("신청일 현재 나이", self.age)
        self.choice = PassportChoice(
            box, reduced_choices={ps.REDUCED_NONE: "감면 없음", ps.REDUCED_WITH_PROOF: "친족 사망·위독 감면"}
        )
        self.choice.add_rows(form)
        self.fee_display = FeeDisplay(box)
        form.addRow("수수료", self.fee_display)
        column.addWidget(box)

        box, form = _group("신청인 상황 (구비서류)", self.form)
        self.sex = QComboBox(box)
        self.sex.setObjectName("guideSex")
        self.sex.addItem("남", "M")
        self.sex.addItem("여", "F")
        self.applicant_kind = QComboBox(box)
        self.applicant_kind.setObjectName("guideWhoApplies")
        self.applicant_kind.addItem("본인이 직접 신청", None)
        for relation in pp.PROXY_RELATIONS:
            self.applicant_kind.addItem(f"대리 신청: {relation}", relation)
        self.illness = QCheckBox("질병·장애로 본인이 올 수 없음", box)
        self.valid_passport = QCheckBox("유효기간이 남은 여권이 있음", box)
        self.name_changed = QCheckBox("개명함", box)
        form.addRow("성별", self.sex)
        form.addRow("신청하는 사람", self.applicant_kind)
        form.addRow("", self.illness)
        form.addRow("", self.valid_passport)
        form.addRow("", self.name_changed)
        column.addWidget(box)
        self.print_button = QPushButton("구비서류 안내 출력 (Ctrl+P)", self.form)
        self.print_button.setObjectName("printChecklist")
        column.addWidget(self.print_button)
        note = QLabel(
            "안내 도우미 화면: 수수료 계산과 구비서류 안내만 합니다. 신청인 정보는 입력하지 않으며, "
            "접수·수납은 창구에서 합니다.",
            self.form,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555")
        column.addWidget(note)
        column.addStretch(1)

        right = QWidget(splitter)
        layout = QVBoxLayout(right)
        self.summary = QLabel(right)
        self.summary.setObjectName("guideSummary")
        self.summary.setWordWrap(True)
        self.checklist_model = ChecklistModel(right)
        self.checklist_view = _table(self.checklist_model, "guideChecklist", right)
        self.checklist_view.setWordWrap(True)
        self.checklist_model.modelReset.disconnect(self.checklist_view.resizeColumnsToContents)
        header = self.checklist_view.horizontalHeader()
        header.resizeSection(0, 340)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        # wrapped rows are measured at the widths they get once shown, not at construction
        header.sectionResized.connect(lambda *_: self.checklist_view.resizeRowsToContents())
        layout.addWidget(QLabel("<b>구비서류</b>", right))
        layout.addWidget(self.summary)
        layout.addWidget(self.checklist_view, 1)
        splitter.addWidget(self.form)
        splitter.addWidget(right)
        splitter.setSizes([460, 800])

        self.status = QLabel("Ctrl+P 구비서류 안내 출력 · Esc 처음으로", self)
        self.status.setObjectName("passportStatus")
        outer.addWidget(self.status)

        self.age.valueChanged.connect(self._changed)
        self.choice.connect(self._changed)
        self.sex.currentIndexChanged.connect(self._changed)
        self.applicant_kind.currentIndexChanged.connect(self._changed)
        for check in (self.illness, self.valid_passport, self.name_changed):
            check.toggled.connect(self._changed)
        self.print_button.clicked.connect(self.print_checklist)
        _shortcut(self, "Ctrl+P", self.print_checklist)
        _shortcut(self, "Esc", self.reset)
        _shortcut(self, "Ctrl+N", self.reset)
        _chain(
            [
                self.age,
                self.choice.kind,
                self.choice.validity,
                self.choice.pages,
                self.choice.reduced,
                self.sex,
                self.applicant_kind,
                self.illness,
                self.valid_passport,
                self.name_changed,
                self.print_button,
            ]
        )
        self._changed()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        focused = QApplication.focusWidget()
        if focused is None or not self.isAncestorOf(focused):
            self.age.setFocus(Qt.FocusReason.OtherFocusReason)
        QTimer.singleShot(0, self, self.checklist_view.resizeRowsToContents)

    def situation(self) -> pp.ApplicantSituation:
        relation = self.applicant_kind.currentData()
        emergency = self.choice.kind_code() == pp.KIND_EMERGENCY
        return pp.ApplicantSituation(
            age=self.age.value(),
            sex=str(self.sex.currentData()),
            applying_in_person=relation is None,
            proxy_relation=relation,
            illness_or_disability=self.illness.isChecked(),
            has_valid_passport=self.valid_passport.isChecked(),
            name_changed=self.name_changed.isChecked(),
            emergency=emergency,
            reduced_fee_claim=emergency and self.choice.reduced_code() != ps.REDUCED_NONE,
        )

    def _changed(self) -> None:
        age = self.age.value()
        self.choice.update_for(age)
        now = self.clock()
        try:
            self.fee_display.show_fee(ps.quote_fee(self.ctx.actor, self.choice.request(age), applied_at=now))
        except Exception as exc:  # noqa: BLE001 - shown where the fee would be
            self.fee_display.show_problem(message_for(exc)[0])
        situation = self.situation()
        self.summary.setText(" · ".join(ps.describe_situation(situation)))
        try:
            self.checklist_model.set_rows(ps.checklist(self.ctx.actor, situation, on=now))
            self.summary.setStyleSheet("")
        except Exception as exc:  # noqa: BLE001 - a situation the rules do not allow
            self.checklist_model.set_rows([])
            self.summary.setStyleSheet("color: #b00020")
            self.summary.setText(message_for(exc)[0])
        self.checklist_view.resizeRowsToContents()

    def reset(self) -> None:
        self.age.setValue(30)
        self.choice.reset()
        self.sex.setCurrentIndex(0)
        self.applicant_kind.setCurrentIndex(0)
        for check in (self.illness, self.valid_passport, self.name_changed):
            check.setChecked(False)
        self._changed()
        self.age.setFocus()

    def print_checklist(self) -> None:
        request = self.choice.request(self.age.value()) if self.fee_display.fee is not None else None
        print_sheet(self, self.ctx, self.situation(), request, self.clock(), self.status)


def create_tab(ctx: UiContext) -> QWidget:
    """The counter's passport tab, or the guide's fee and checklist desk for a role that takes no passports."""
    if ctx.can("passport.intake") or ctx.can("passport.deliver"):
        return PassportTab(ctx)
    if ctx.can("fee.quote"):
        return GuidePassportTab(ctx)
    page = QLabel(f"<h3>여권</h3><p>'{ctx.actor.role_label}' 권한으로는 여권 업무를 볼 수 없습니다.</p>")
    page.setObjectName("passportNoPermission")
    page.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return page
