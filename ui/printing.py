"""Putting documents on paper through Qt (인쇄): the receipt printer without a dialog, everything else in a preview.

The reportlab PDF a service wrote is the archive copy of what was printed; this module only puts that file on
paper. pypdfium2 (PDFium) rasterises its pages on the ``io`` lane, at 300 dpi in grey (receipts and notices are
black on white), and QPainter paints them on a ``QPrinter`` of a printer the system knows (QtPrintSupport).
Under each page image lies the page's text, painted first in white and hidden by the opaque image: the paper
shows only the image, while the print job stays searchable and a test can read what went through the spooler.
See ``docs/printing.md`` for the choice of library.

``deliver(owner, ctx, path, paper=..., routine=...)`` is the one entry of the screens:

- ``routine=True`` with ``paper="receipt"``: straight to the terminal's receipt printer, no dialog (a
  certificate issued with Ctrl+S comes out of the printer with no further key); when no receipt printer is set,
  the preview opens instead and says where to set one.
- anything else: a preview (``PreviewDialog``) with 인쇄 (Ctrl+P: the print dialog, then printing on the ``io``
  lane) and PDF로 저장 (a copy of the archive PDF itself, not of the raster).

A printer that is missing, stopped, off or out of paper is refused with a ``PrinterProblem`` (a clear Korean
message); the document stays on file and can be printed again.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QKeySequence, QPageLayout, QPageSize, QPainter, QPen
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewWidget
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.formatting import date_time, won
from app.services import printing as print_path
from app.services.errors import ServiceError, shown
from app.services.printing import PendingPrint
from ui import ops
from ui.context import UiContext
from ui.i18n import N_, tr

RENDER_DPI = 300
PAPERS = ("receipt", "a4")
FONT_FAMILY = "NanumGothic"
REPRINT_HINT = N_("문서는 저장되어 있으니 프린터를 확인한 뒤 다시 인쇄하세요.")
NO_RECEIPT_PRINTER = N_("이 단말에 영수증 프린터가 설정되어 있지 않아 미리보기로 엽니다 (관리 → 프린터 설정).")


class PrinterProblem(ServiceError):
    """The printer cannot take the job now (missing, stopped, off, out of paper); the document stays reprintable.

    Raised with an ``N_``-marked template and its fields, as the services' refusals are: ``message`` is Korean,
    ``text()`` the UI language (the reprint hint is a field, ``hint=REPRINT_HINT``, translated with it)."""


@dataclass(frozen=True, slots=True)
class TextRun:
    """One line of a page's text and its box, in PDF points from the page's lower left corner."""

    text: str
    left: float
    bottom: float
    right: float
    top: float


@dataclass(frozen=True, slots=True)
class PrintPage:
    image: QImage
    width_pt: float
    height_pt: float
    runs: tuple[TextRun, ...]


@dataclass(frozen=True, slots=True)
class PrintDocument:
    """A written PDF, rasterised for the printer; ``path`` is the archive copy."""

    path: Path
    title: str
    pages: tuple[PrintPage, ...]


def load_document(path: Path, *, title: str = "", dpi: int = RENDER_DPI) -> PrintDocument:
    """Rasterise every page of the PDF at ``path`` (runs on the ``io`` lane: PDFium is used from no other thread)."""
    try:
        pdf = pdfium.PdfDocument(str(path))
    except (OSError, pdfium.PdfiumError) as exc:
        raise PrinterProblem(N_("인쇄할 문서를 열 수 없습니다: {name} ({problem})."), name=path.name, problem=str(exc)) from exc
    pages = []
    try:
        for page in pdf:
            width, height = page.get_size()
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            image = QImage(
                bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_Grayscale8
            ).copy()
            text_page = page.get_textpage()
            runs = []
            for index in range(text_page.count_rects()):
                left, bottom, right, top = text_page.get_rect(index)
                text = text_page.get_text_bounded(left, bottom, right, top).strip()
                if text:
                    runs.append(TextRun(text, left, bottom, right, top))
            pages.append(PrintPage(image, width, height, tuple(runs)))
    finally:
        pdf.close()
    return PrintDocument(path, title or path.stem, tuple(pages))


def printer_names() -> list[str]:
    """The printers the system knows (CUPS on Linux, the spooler on Windows)."""
    return [info.printerName() for info in QPrinterInfo.availablePrinters()]


PRINTER_STATES = {
    QPrinter.PrinterState.Idle: N_("대기"),
    QPrinter.PrinterState.Active: N_("인쇄 중"),
    QPrinter.PrinterState.Aborted: N_("중단됨"),
    QPrinter.PrinterState.Error: N_("오류"),
}


def printer_label(name: str) -> str:
    """A printer as a message names it: "프린터 '영수증-1'", or "기본 프린터" for the system's default."""
    return tr("프린터 '{name}'", name=name) if name else tr("기본 프린터")


def printer_state(name: str) -> str:
    """The printer's state in the counter's words ("" when the system does not know it)."""
    info = QPrinterInfo.printerInfo(name) if name else QPrinterInfo.defaultPrinter()
    if info.isNull():
        return ""
    state = PRINTER_STATES.get(info.state())
    return tr(state) if state else ""


def open_printer(name: str) -> QPrinter:
    """A ``QPrinter`` on the named system printer ("" = the system's default printer), checked before any job."""
    info = QPrinterInfo.printerInfo(name) if name else QPrinterInfo.defaultPrinter()
    label = printer_label(name)
    if info.isNull():
        raise PrinterProblem(
            N_("{printer:을/를} 찾을 수 없습니다. 프린터 전원과 연결을 확인하거나 관리 → 프린터 설정에서 다시 고르세요. {hint}"),
            printer=label,
            hint=REPRINT_HINT,
        )
    if info.state() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        raise PrinterProblem(
            N_(
                "{printer:이/가} 인쇄할 수 없는 상태입니다 (전원 꺼짐, 용지 없음, 덮개 열림 또는 일시 정지). "
                "프린터를 확인하세요. {hint}"
            ),
            printer=label,
            hint=REPRINT_HINT,
        )
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def _fit(page: PrintPage, area: QRectF) -> tuple[float, float, float]:
    """(scale, x, y): the page drawn as large as fits, centred across and from the top (a roll is cut below)."""
    scale = min(area.width() / page.width_pt, area.height() / page.height_pt)
    x = area.left() + (area.width() - page.width_pt * scale) / 2
    return scale, x, area.top()


def paint(printer: QPrinter, document: PrintDocument, *, copies: int = 1) -> None:
    """Paint ``document`` on ``printer``, each page on paper of its own size (an 80 mm roll of any length, A4)."""
    if not document.pages:
        raise PrinterProblem(N_("인쇄할 쪽이 없습니다: {title}."), title=document.title)
    printer.setDocName(document.title)
    printer.setCopyCount(max(1, copies))
    printer.setFullPage(True)
    painter = QPainter()
    for number, page in enumerate(document.pages):
        if number == 0:
            # The paper of the first page for the whole job: QPrinter refuses a new layout once it has begun
            # (our documents keep one paper size throughout; a later page is fitted onto it by _fit).
            size = QPageSize(
                QSizeF(page.width_pt, page.height_pt), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch
            )
            printer.setPageLayout(
                QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
            )
            if not painter.begin(printer):
                name = printer.printerName() or tr("프린터")
                raise PrinterProblem(N_("인쇄를 시작할 수 없습니다 ({printer}). {hint}"), printer=name, hint=REPRINT_HINT)
        elif not printer.newPage():
            painter.end()
            raise PrinterProblem(N_("인쇄 중 프린터가 다음 쪽을 받지 않았습니다. {hint}"), hint=REPRINT_HINT)
        area = printer.paperRect(QPrinter.Unit.DevicePixel)
        scale, x, y = _fit(page, area)
        painter.setPen(QPen(QColor("white")))
        for run in page.runs:
            font = QFont(FONT_FAMILY)
            font.setPixelSize(max(1, round((run.top - run.bottom) * scale * 0.85)))
            painter.setFont(font)
            box = QRectF(
                x + run.left * scale,
                y + (page.height_pt - run.top) * scale,
                (run.right - run.left) * scale,
                (run.top - run.bottom) * scale,
            )
            # Qt's PDF writer maps NanumGothic's space glyph to U+0001 in the text layer; the ideographic space
            # is read back as white space by every PDF text extractor.
            text = run.text.replace(" ", "\u3000")
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        painter.drawImage(QRectF(x, y, page.width_pt * scale, page.height_pt * scale), page.image)
    if not painter.end() or printer.printerState() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        raise PrinterProblem(N_("프린터가 인쇄 작업을 받지 못했습니다. {hint}"), hint=REPRINT_HINT)


def print_file(path: Path, printer_name: str, *, title: str = "", copies: int = 1) -> str:
    """Print the PDF at ``path`` on ``printer_name`` (the ``io`` lane); returns the printer's name for the status."""
    printer = open_printer(printer_name)
    paint(printer, load_document(path, title=title), copies=copies)
    return printer.printerName() or printer_name or tr("기본 프린터")


def print_test_page(printer_name: str, *, paper: str) -> str:
    """A test page (시험 인쇄) for the settings dialog: Korean text, an amount and a 70 mm rule to measure."""
    printer = open_printer(printer_name)
    width_mm, height_mm = (80.0, 90.0) if paper == "roll80" else (210.0, 297.0)
    printer.setDocName(tr("민원창구 시험 인쇄"))
    printer.setFullPage(True)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QSizeF(width_mm, height_mm), QPageSize.Unit.Millimeter, "", QPageSize.SizeMatchPolicy.FuzzyMatch),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterProblem(N_("시험 인쇄를 시작할 수 없습니다 ({printer})."), printer=printer.printerName())
    dots_per_mm = printer.resolution() / 25.4
    font = QFont(FONT_FAMILY)
    font.setPixelSize(round(4 * dots_per_mm))
    painter.setFont(font)
    painter.setPen(QPen(QColor("black"), max(1.0, 0.3 * dots_per_mm)))
    left = 5 * dots_per_mm
    lines = [
        tr("민원창구 시험 인쇄"),
        tr("프린터: {printer}", printer=printer.printerName() or printer_name or tr("기본 프린터")),
        tr("용지: {paper}", paper=tr("80mm 감열지") if paper == "roll80" else "A4"),
        tr("일시: {moment}", moment=date_time(datetime.now(UTC))),
        # Korean glyphs, an amount and a masked number whatever the screen's language: what the documents print
        f"가나다라 {won(1400, lang='ko')} 900101-1******",
    ]
    for number, text in enumerate(lines):
        painter.drawText(round(left), round((12 + 7 * number) * dots_per_mm), text)
    rule_y = (12 + 7 * len(lines) + 3) * dots_per_mm
    painter.drawLine(round(left), round(rule_y), round(left + 70 * dots_per_mm), round(rule_y))
    for mm_mark in range(0, 71, 10):
        x = round(left + mm_mark * dots_per_mm)
        painter.drawLine(x, round(rule_y - 2 * dots_per_mm), x, round(rule_y))
    painter.drawText(round(left), round(rule_y + 6 * dots_per_mm), tr("위 눈금이 70mm이면 크기가 맞습니다."))
    if not painter.end():
        raise PrinterProblem(N_("프린터가 시험 인쇄를 받지 못했습니다."))
    return printer.printerName() or printer_name or tr("기본 프린터")


class PreviewDialog(QDialog):
    """미리보기: the pages as they will print; Ctrl+P prints (the print dialog, then the ``io`` lane), Ctrl+Shift+S
    saves the archive PDF, Esc closes."""

    def __init__(
        self,
        owner: QWidget,
        ctx: UiContext,
        document: PrintDocument,
        *,
        printer_name: str,
        note: str = "",
        printed: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__(owner)
        self.setObjectName("printPreview")
        self.setWindowTitle(tr("미리보기 — {title}", title=document.title))
        self.ctx = ctx
        self.document = document
        self.printer_name = printer_name
        self._printed = printed
        info = QPrinterInfo.printerInfo(printer_name) if printer_name else QPrinterInfo.defaultPrinter()
        # The preview paints on a PDF printer: no system printer is touched until 인쇄.
        self.preview_printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        self.preview_printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.print_target = info.printerName() if not info.isNull() else ""
        layout = QVBoxLayout(self)
        self.preview = QPrintPreviewWidget(self.preview_printer, self)
        self.preview.paintRequested.connect(lambda printer: paint(printer, document))
        toolbar = QToolBar(self)
        self.print_action = toolbar.addAction(tr("인쇄 (Ctrl+P)"), self.ask_and_print)
        self.print_action.setShortcut(QKeySequence("Ctrl+P"))
        self.save_action = toolbar.addAction(tr("PDF로 저장 (Ctrl+Shift+S)"), self.save_pdf)
        self.save_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        toolbar.addSeparator()
        toolbar.addAction(tr("확대 (+)"), lambda: self.preview.zoomIn()).setShortcut(QKeySequence("+"))
        toolbar.addAction(tr("축소 (-)"), lambda: self.preview.zoomOut()).setShortcut(QKeySequence("-"))
        toolbar.addAction(tr("닫기 (Esc)"), self.reject)
        layout.addWidget(toolbar)
        self.note = QLabel(note)
        self.note.setObjectName("printNote")
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))
        layout.addWidget(self.note)
        layout.addWidget(self.preview, 1)
        self.status = QLabel()
        self.status.setObjectName("printStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.resize(720, 860)
        self.print_dialog: QPrintDialog | None = None

    def ask_and_print(self) -> None:
        """The system's print dialog (printer, copies) on the printer set for this paper, then the job."""
        printer = open_printer_or_none(self.print_target)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(tr("인쇄"))
        dialog.accepted.connect(lambda: self.print_now(printer.printerName(), copies=printer.copyCount()))
        self.print_dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()

    def print_now(self, printer_name: str | None = None, *, copies: int = 1) -> None:
        """Print on ``printer_name`` (the one set for this paper by default) on the ``io`` lane."""
        name = self.print_target if printer_name is None else printer_name
        document = self.document
        self.print_action.setEnabled(False)
        self.status.setText(tr("인쇄하는 중…"))

        def job() -> str:
            printer = open_printer(name)
            paint(printer, document, copies=copies)
            return printer.printerName() or name or tr("기본 프린터")

        def done(used: str) -> None:
            self.print_action.setEnabled(True)
            self.status.setText(tr("{printer:으로/로} 보냈습니다.", printer=used))
            if self._printed is not None:
                self._printed(used)
            self.accept()

        def refused(exc: BaseException) -> None:
            self.print_action.setEnabled(True)
            self.status.setText(refusal_text(exc))

        ops.run(self, self.ctx, job, done=done, refused=refused, lane="io")

    def save_pdf(self, target: Path | None = None) -> Path | None:
        """Save a copy of the archive PDF (vector text, as written), where the clerk chooses."""
        if target is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, tr("PDF로 저장"), str(Path.home() / self.document.path.name), "PDF (*.pdf)"
            )
            if not chosen:
                return None
            target = Path(chosen)
        try:
            shutil.copyfile(self.document.path, target)
        except OSError as exc:
            self.status.setText(tr("저장하지 못했습니다: {problem}. 저장 위치를 확인하세요.", problem=exc.strerror or exc))
            return None
        self.status.setText(tr("저장했습니다: {target}", target=target))
        return target


def refusal_text(exc: BaseException) -> str:
    """A refusal (a ``PrinterProblem``, a service's) in the UI language, for a status line."""
    return exc.text() if isinstance(exc, ServiceError) else str(shown(exc))


def open_printer_or_none(name: str) -> QPrinter:
    """A printer for the print dialog to start from: the named one when the system knows it, else the default."""
    info = QPrinterInfo.printerInfo(name) if name else QPrinterInfo.defaultPrinter()
    return QPrinter(info, QPrinter.PrinterMode.HighResolution) if not info.isNull() else QPrinter()


def printer_for(ctx: UiContext, paper: str) -> str:
    """The printer this terminal set for ``paper`` ("receipt": the receipt printer, "a4": the A4 printer)."""
    if paper not in PAPERS:
        raise ValueError(f"unknown paper: {paper}")
    settings = ctx.app.settings
    return str(settings.get("receipt_printer") if paper == "receipt" else settings.get("a4_printer"))


def deliver(
    owner: QWidget,
    ctx: UiContext,
    path: Path,
    *,
    paper: str,
    routine: bool = False,
    title: str = "",
    printed: Callable[[str], object] | None = None,
) -> None:
    """Put the written PDF at ``path`` on paper: a routine receipt straight to the receipt printer, anything else
    in a preview. Rendering and printing run on the ``io`` lane; ``printed(printer)`` follows a finished job."""
    printer_name = printer_for(ctx, paper)
    if routine and paper == "receipt" and printer_name:

        def sent(used: str) -> None:
            if printed is not None:
                printed(used)

        ops.run(owner, ctx, lambda: print_file(path, printer_name, title=title), done=sent, lane="io")
        return
    note = tr(NO_RECEIPT_PRINTER) if routine and paper == "receipt" else ""

    def show(document: PrintDocument) -> None:
        dialog = PreviewDialog(owner, ctx, document, printer_name=printer_name, note=note, printed=printed)
        dialog.open()

    ops.run(owner, ctx, lambda: load_document(path, title=title), done=show, lane="io")


def render_and_deliver(
    owner: QWidget,
    ctx: UiContext,
    prepare: Callable[[], PendingPrint],
    *,
    paper: str,
    routine: bool = False,
    title: str = "",
    written: Callable[[PendingPrint], object] | None = None,
    printed: Callable[[str], object] | None = None,
) -> None:
    """A print through the one print path with the database worker kept free: ``prepare`` logs the intent (``db``
    lane), the archive PDF is rendered on the ``io`` lane, ``print.done`` is logged (``db``), and the file is
    delivered (``io``). ``written(pending)`` follows the rendering."""

    def rendered(pending: PendingPrint) -> None:
        ops.run(owner, ctx, lambda: print_path.finish_print(ctx.uow(), ctx.actor, pending))
        if written is not None:
            written(pending)
        deliver(owner, ctx, pending.path, paper=paper, routine=routine, title=title, printed=printed)

    def prepared(pending: PendingPrint) -> None:
        def render() -> PendingPrint:
            pending.render()
            return pending

        ops.run(owner, ctx, render, done=rendered, lane="io")

    ops.run(owner, ctx, prepare, done=prepared)
