"""Printing through Qt without hardware: Qt's PDF output printer stands in for the counter's printers.

A routine receipt goes to the receipt printer with no dialog; without a receipt printer, and for every other
document, the preview opens (print, save the archive PDF); a printer that is missing or off is refused with a
clear message and the receipt stays reprintable; a double press issues one receipt.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from app.services import printing as print_path
from app.services import receipts
from db.models import AuditEntry, Receipt
from tests.ui.test_counter_tab import _close_errors, choose, type_text
from tests.ui.threaded import TASK_TIMEOUT_MS, run_and_wait, threaded_window
from ui import printing
from ui.printing import NO_RECEIPT_PRINTER, PreviewDialog, PrinterProblem, load_document, paint

CTRL = Qt.KeyboardModifier.ControlModifier
MM_PER_PT = 25.4 / 72


def _text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(str(path)).pages)


def _squeezed(path: Path) -> str:
    # Qt writes the spaces of the hidden text layer as glyphs of their own; compare without white space.
    return "".join(_text(path).split())


class PdfPrinters:
    """``open_printer`` replaced: every named printer is Qt's PDF output printer writing into ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.jobs: list[tuple[str, Path]] = []

    def __call__(self, name: str) -> QPrinter:
        target = self.folder / f"job-{len(self.jobs) + 1}.pdf"
        self.jobs.append((name, target))
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return printer


@pytest.fixture
def pdf_printers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> PdfPrinters:
    folder = tmp_path / "printed"
    folder.mkdir()
    fake = PdfPrinters(folder)
    monkeypatch.setattr(printing, "open_printer", fake)
    return fake


def _issue_on_screen(qtbot, page, *, received: str = "") -> None:  # type: ignore[no-untyped-def]
    type_text(qtbot, page.name, "홍길동")
    qtbot.keyClicks(page.rrn.edit, "900101-1234568")
    choose(qtbot, page.kind, "seal_certificate")
    if received:
        page.received.setFocus()
        qtbot.keyClicks(page.received, received)
    qtbot.keyClick(page.kind, Qt.Key.Key_S, CTRL)


def _previews(widget) -> list[PreviewDialog]:  # type: ignore[no-untyped-def]
    return [d for d in widget.window().findChildren(PreviewDialog) if d.isVisible()]


@pytest.mark.parametrize(("paper", "width_mm"), [("roll80", 80.0), ("a4", 210.0)])
def test_a_pdf_prints_on_paper_of_its_own_size(qtbot, sqlite_ctx, make_actor, tmp_path: Path, paper, width_mm) -> None:  # type: ignore[no-untyped-def]
    from ui.app import create_application

    create_application()
    clerk = make_actor("clerk")
    line = receipts.LineInput("seal_certificate", "인감증명서", 2, 600)
    view = receipts.issue_receipt(sqlite_ctx.db.uow(), clerk, lines=[line], payment_method="현금")
    archive = print_path.print_receipt(sqlite_ctx.db.uow(), clerk, receipt=view, path=tmp_path / "r.pdf", paper=paper)
    document = load_document(archive, title="영수증")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "out.pdf"))
    paint(printer, document)
    source, out = PdfReader(str(archive)).pages[0], PdfReader(str(tmp_path / "out.pdf"))
    assert len(out.pages) == 1
    box = out.pages[0].mediabox
    assert float(box.width) * MM_PER_PT == pytest.approx(width_mm, abs=0.5)
    assert float(box.height) == pytest.approx(float(source.mediabox.height), abs=2)
    text = _squeezed(tmp_path / "out.pdf")
    assert "영수증" in text and "1,200원" in text and "인감증명서" in text and "위금액을정히영수합니다" in text


def test_a_missing_printer_is_refused_in_korean(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.app import create_application

    create_application()
    with pytest.raises(PrinterProblem) as refused:
        printing.open_printer("없는-프린터-1234")
    assert "찾을 수 없습니다" in refused.value.message and "다시 인쇄" in refused.value.message


def test_a_routine_receipt_goes_to_the_receipt_printer_without_a_dialog(qtbot, ui_factory, pdf_printers) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    ctx.app.settings.set("receipt_printer", "영수증프린터")
    page = window.show_tab("counter").certificates
    _issue_on_screen(qtbot, page, received="1000")
    assert not _close_errors(page) and not _previews(page)
    assert [name for name, _ in pdf_printers.jobs] == ["영수증프린터"]
    printed = _squeezed(pdf_printers.jobs[0][1])
    assert "인감증명서" in printed and "900101-1******" in printed and "1234568" not in printed
    assert "받은금액" in printed and "1,000원" in printed and "400원" in printed  # change of 1,000 for 600
    assert "인쇄: 영수증프린터" in page.status.text() and "거스름돈 400원" in page.status.text()
    # The archive copy was rendered and logged done; the print did not add a receipt.
    with ctx.app.db.uow() as uow:
        actions = uow.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(Receipt)) == 1
    assert actions[-2:] == ["receipt.print", "print.done"]
    assert page.last_pdf is not None and page.last_pdf.exists()


def test_without_a_receipt_printer_the_receipt_opens_in_the_preview(qtbot, ui_factory, pdf_printers, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    page = window.show_tab("counter").certificates
    _issue_on_screen(qtbot, page)
    assert not _close_errors(page)
    previews = _previews(page)
    assert len(previews) == 1 and pdf_printers.jobs == []
    preview = previews[0]
    assert preview.note.text() == NO_RECEIPT_PRINTER
    assert preview.windowTitle().startswith("미리보기 — 영수증")
    saved = preview.save_pdf(tmp_path / "copy.pdf")
    assert saved is not None and saved.read_bytes() == page.last_pdf.read_bytes()  # the archive PDF itself
    preview.print_now("A4프린터")
    assert [name for name, _ in pdf_printers.jobs] == ["A4프린터"]
    assert "인감증명서" in _squeezed(pdf_printers.jobs[0][1])
    assert not preview.isVisible()


def test_every_other_document_opens_the_preview(qtbot, ui_factory, pdf_printers) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("supervisor")
    ctx.app.settings.set("receipt_printer", "영수증프린터")
    page = window.show_tab("counter").certificates
    _issue_on_screen(qtbot, page)
    assert len(pdf_printers.jobs) == 1
    assert page.last_issue is not None and page.last_pdf is not None
    printing.deliver(page, ctx, page.last_pdf, paper="a4", title=f"영수증 {page.last_issue.receipt.number}")
    previews = _previews(page)
    assert len(previews) == 1 and previews[0].note.isHidden()
    assert len(pdf_printers.jobs) == 1  # the preview printed nothing by itself


def test_a_printer_that_is_off_says_so_and_the_receipt_stays_reprintable(qtbot, ui_factory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    ctx.app.settings.set("receipt_printer", "꺼진-프린터-5678")
    page = window.show_tab("counter").certificates
    _issue_on_screen(qtbot, page)
    errors = _close_errors(page)
    assert len(errors) == 1 and "꺼진-프린터-5678" in errors[0] and "다시 인쇄" in errors[0]
    issue = page.last_issue
    assert issue is not None and page.last_pdf is not None and page.last_pdf.exists()
    again = print_path.print_receipt(ctx.app.db.uow(), ctx.actor, receipt_id=issue.receipt.id, path=tmp_path / "r.pdf")
    assert "재발행(1회)" in _squeezed(again)


def test_printing_runs_on_the_io_lane(qtbot, ui_factory, pdf_printers, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    ctx.app.settings.set("receipt_printer", "영수증프린터")
    lanes: list[str] = []
    submit = ctx.tasks.submit

    def spy(fn, **kwargs):  # type: ignore[no-untyped-def]
        lanes.append(kwargs.get("lane", "db"))
        return submit(fn, **kwargs)

    monkeypatch.setattr(ctx.tasks, "submit", spy)
    page = window.show_tab("counter").certificates
    _issue_on_screen(qtbot, page)
    # issue (db) → print intent (db) → render the archive PDF (io) → print.done (db) → print (io)
    assert lanes == ["db", "db", "io", "db", "io"]


def test_a_double_press_issues_one_receipt(qtbot, sqlite_ctx, make_actor, pdf_printers) -> None:  # type: ignore[no-untyped-def]
    window, ctx = threaded_window(qtbot, sqlite_ctx, make_actor("clerk"))
    ctx.app.settings.set("receipt_printer", "영수증프린터")
    page = window.show_tab("counter").certificates

    def press_twice() -> None:
        type_text(qtbot, page.name, "홍길동")
        choose(qtbot, page.kind, "seal_certificate")
        qtbot.keyClick(page.kind, Qt.Key.Key_S, CTRL)
        qtbot.keyClick(page.kind, Qt.Key.Key_S, CTRL)

    run_and_wait(qtbot, ctx, press_twice)
    qtbot.waitUntil(lambda: len(pdf_printers.jobs) >= 1, timeout=TASK_TIMEOUT_MS)
    run_and_wait(qtbot, ctx, lambda: None)
    with sqlite_ctx.db.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(Receipt)) == 1
        prints = uow.session.scalar(sa.select(Receipt.print_count))
    assert len(pdf_printers.jobs) == 1 and prints == 1  # one press went through, the second was not a reprint
    assert not _close_errors(page)
