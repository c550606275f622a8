"""프린터 설정 (이 단말): the receipt printer and its paper, and the A4 printer, chosen from the printers the system
knows, each with a test page. Stored in this PC's settings (``app.settings``: receipt_printer, receipt_format,
a4_printer); the printer list and the test pages run on the ``io`` lane (a network print server may be slow)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import ops
from ui.context import UiContext
from ui.i18n import N_, tr
from ui.ops import SubmitDialog
from ui.printing import print_test_page, printer_names, printer_state, refusal_text

# shown with tr() where they are put in a list (also by the first-start dialog's printer page)
NO_RECEIPT_PRINTER = N_("(없음 — 영수증을 미리보기로 엽니다)")
DEFAULT_PRINTER = N_("(시스템 기본 프린터)")
FORMATS = (("roll80", N_("80mm 감열지 (영수증 프린터)")), ("a4", "A4"))


class PrinterSettingsDialog(SubmitDialog):
    """Enter saves, Esc cancels; 시험 인쇄 prints a test page on the printer chosen above it."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printerSettings")
        self.setWindowTitle(tr("프린터 설정 (이 단말)"))
        self.ctx = ctx
        settings = ctx.app.settings
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.receipt_printer = QComboBox()
        self.receipt_printer.setObjectName("receiptPrinter")
        self.receipt_format = QComboBox()
        self.receipt_format.setObjectName("receiptFormat")
        for code, label in FORMATS:
            self.receipt_format.addItem(tr(label), code)
        index = self.receipt_format.findData(settings.get("receipt_format"))
        self.receipt_format.setCurrentIndex(max(0, index))
        self.a4_printer = QComboBox()
        self.a4_printer.setObjectName("a4Printer")
        self.receipt_state = QLabel()
        self.a4_state = QLabel()
        self.receipt_test = QPushButton(tr("시험 인쇄"))
        self.receipt_test.setObjectName("receiptTest")
        self.a4_test = QPushButton(tr("시험 인쇄"))
        self.a4_test.setObjectName("a4Test")
        form.addRow(tr("영수증 프린터"), _row(self.receipt_printer, self.receipt_state, self.receipt_test))
        form.addRow(tr("영수증 용지"), self.receipt_format)
        form.addRow(tr("A4 프린터"), _row(self.a4_printer, self.a4_state, self.a4_test))
        layout.addLayout(form)
        self.status = QLabel(tr("프린터 목록을 읽는 중…"))
        self.status.setObjectName("printerStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.receipt_printer.currentIndexChanged.connect(self._states_changed)
        self.a4_printer.currentIndexChanged.connect(self._states_changed)
        self.receipt_test.clicked.connect(lambda: self.test_page("receipt"))
        self.a4_test.clicked.connect(lambda: self.test_page("a4"))
        self.states: dict[str, str] = {}
        self.setMinimumWidth(560)
        ops.run(self, ctx, _printers_and_states, done=self.fill, lane="io")

    def fill(self, found: list[tuple[str, str]]) -> None:
        """The system's printers (name, state); a configured printer the system no longer knows stays listed."""
        settings = self.ctx.app.settings
        self.states = dict(found)
        for combo, empty, key in (
            (self.receipt_printer, NO_RECEIPT_PRINTER, "receipt_printer"),
            (self.a4_printer, DEFAULT_PRINTER, "a4_printer"),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(tr(empty), "")
            for name, _ in found:
                combo.addItem(name, name)
            current = str(settings.get(key))
            if current and current not in self.states:
                combo.addItem(tr("{current} — 찾을 수 없음", current=current), current)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        self._show_state(self.receipt_printer, self.receipt_state)
        self._show_state(self.a4_printer, self.a4_state)
        self.status.setText(
            tr("이 컴퓨터가 아는 프린터 {count}대.", count=len(found))
            if found
            else tr("이 컴퓨터에 설치된 프린터가 없습니다.")
        )

    def _states_changed(self) -> None:
        self._show_state(self.receipt_printer, self.receipt_state)
        self._show_state(self.a4_printer, self.a4_state)

    def _show_state(self, combo: QComboBox, label: QLabel) -> None:
        name = combo.currentData() or ""
        if not name:
            label.setText("")
            return
        label.setText(self.states.get(name, tr("찾을 수 없음")) or tr("알 수 없음"))

    def values(self) -> dict[str, Any]:
        return {
            "receipt_printer": self.receipt_printer.currentData() or "",
            "receipt_format": self.receipt_format.currentData() or "roll80",
            "a4_printer": self.a4_printer.currentData() or "",
        }

    def test_page(self, which: str) -> None:
        combo = self.receipt_printer if which == "receipt" else self.a4_printer
        name = combo.currentData() or ""
        if which == "receipt" and not name:
            self.status.setText(tr("시험 인쇄할 영수증 프린터를 고르세요."))
            return
        paper = (self.receipt_format.currentData() or "roll80") if which == "receipt" else "a4"
        self.status.setText(tr("시험 인쇄하는 중…"))
        ops.run(
            self,
            self.ctx,
            lambda: print_test_page(name, paper=paper),
            done=lambda used: self.status.setText(tr("{printer:으로/로} 시험 인쇄를 보냈습니다.", printer=used)),
            refused=lambda exc: self.status.setText(refusal_text(exc)),
            lane="io",
        )


def _row(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    line = QHBoxLayout(holder)
    line.setContentsMargins(0, 0, 0, 0)
    for index, widget in enumerate(widgets):
        line.addWidget(widget, 1 if index == 0 else 0)
    return holder


def _printers_and_states() -> list[tuple[str, str]]:
    return [(name, printer_state(name)) for name in printer_names()]


def save_printer_settings(ctx: UiContext, values: dict[str, Any]) -> dict[str, Any]:
    settings = ctx.app.settings
    for key in ("receipt_printer", "receipt_format", "a4_printer"):
        settings.set(key, values[key])
    settings.save()
    return values


def open_printer_settings(owner: QWidget, ctx: UiContext) -> PrinterSettingsDialog:
    """Open the dialog; Enter saves this PC's printer settings (on the ``io`` lane)."""
    dialog = PrinterSettingsDialog(ctx, owner)
    ops.run_dialog(dialog, ctx, lambda values: lambda: save_printer_settings(ctx, values), lane="io")
    return dialog
