"""The passport fields shared by the counter's intake form and the guide's desk: the passport asked for and its fee."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from app.domain import passport as pp
from app.domain.passport.status import REDUCED_WITH_PROOF
from app.formatting import won
from app.views.passport import FeeRequest
from ui.forms import FormBuilder
from ui.i18n import tr
from ui.widgets import MoneyLabel

# The kinds whose page count goes with the request (잔여유효기간: the book's pages, the same fee either way).
_KINDS_WITH_PAGES = (pp.KIND_MULTIPLE, pp.KIND_REMAINING, pp.KIND_SHORT_MULTIPLE)


class PassportChoice:
    """The kind/validity/pages/reduction fields, shared by the clerk's form and the guide's calculator."""

    def __init__(self, parent: QWidget, *, reduced_choices: dict[str, str]) -> None:
        self.kind = QComboBox(parent)
        self.kind.setObjectName("passportKind")
        for kind in pp.KINDS:
            self.kind.addItem(tr(pp.KIND_LABELS.get(kind, kind)), kind)  # the code in the item's data
        self.validity = QComboBox(parent)
        self.validity.setObjectName("passportValidity")
        self.validity.addItem(tr("10년"), 10)
        self.validity.addItem(tr("5년"), 5)
        self.pages = QComboBox(parent)
        self.pages.setObjectName("passportPages")
        self.pages.addItem(tr("58면"), 58)
        self.pages.addItem(tr("26면"), 26)
        self.reduced = QComboBox(parent)
        self.reduced.setObjectName("passportReduced")
        for code, label in reduced_choices.items():  # code → label (a catalog text, shown in the UI language)
            self.reduced.addItem(tr(label), code)
        self.kind.setToolTip(tr("여권 종류 (Ctrl+E: 긴급여권)"))

    def add_rows(self, form: FormBuilder) -> None:
        form.row(tr("여권 종류"), self.kind)
        form.row(tr("유효기간"), self.validity)
        form.row(tr("면수"), self.pages)
        form.row(tr("감면"), self.reduced)
        self._form = form.layout

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
        if kind == pp.KIND_SHORT_MULTIPLE:  # made with 26 pages only: show it, nothing to choose
            self.pages.blockSignals(True)
            self.pages.setCurrentIndex(self.pages.findData(26))
            self.pages.blockSignals(False)
        self._form.setRowVisible(self.reduced, kind == pp.KIND_EMERGENCY)
        if kind != pp.KIND_EMERGENCY and self.reduced.currentIndex() != 0:
            self.reduced.setCurrentIndex(0)
        if multiple and age is not None:
            wanted = 10 if age >= 18 else 5
            self.validity.blockSignals(True)
            self.validity.setCurrentIndex(self.validity.findData(wanted))
            self.validity.blockSignals(False)

    def request(self, age: int) -> FeeRequest:
        kind = self.kind_code()
        return FeeRequest(
            kind=kind,
            validity_years=int(self.validity.currentData()) if kind == pp.KIND_MULTIPLE else None,
            pages=int(self.pages.currentData()) if kind in _KINDS_WITH_PAGES else None,
            age=age,
            reduced=kind == pp.KIND_EMERGENCY and self.reduced_code() == REDUCED_WITH_PROOF,
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
        self.unverified = QLabel(tr("확인 중인 금액입니다."), self)
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
        self.detail.setText(
            tr(
                "발급수수료 {fee} + 국제교류기여금 {contribution}",
                fee=won(fee.fee),
                contribution=won(fee.contribution),
            )
        )
        self.passport.setText(tr(fee.label))
        self.table.setText(tr(fee.table))
        self.table.setToolTip(tr("이 금액을 정한 수수료표: {table}", table=fee.table))
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

    The name before the parenthesis or the colon ("병역의무자 안내: …"), elided if still too wide: cut from the
    text in the UI language (the Korean text is the catalog's key, its short form is not).
    """
    short = tr(item.text).split(" (")[0].split(": ")[0].strip()
    text = short if item.required else tr("{document} (해당 시)", document=short)
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, DOC_TEXT_MAX_PX)


def group(title: str, parent: QWidget) -> tuple[QGroupBox, FormBuilder]:
    """A titled box holding a form whose fields grow with the box."""
    box = QGroupBox(title, parent)
    form = FormBuilder(box)
    form.layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return box, form


def chain(widgets: Sequence[QWidget]) -> None:
    """Tab walks ``widgets`` in this order (across boxes, and through rows that appear and go)."""
    for first, second in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(first, second)
