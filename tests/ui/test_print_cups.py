"""A print job really goes through the system's spooler (CUPS) and what came out is read back.

The queues are made by ``.ci/run`` (see ``docs/printing.md``): ``MinwonPDF`` hands every job to a back-end that
keeps it as the PDF the program sent, ``MinwonOff`` is stopped (as a printer out of paper is), and
``MinwonCupsPDF`` is cups-pdf behind its PPD's filter chain. Where ``lpstat`` is missing the tests skip with that
reason; with ``MINWON_REQUIRE_CUPS=1`` (set by ``.ci/run``) they fail instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.services import printing as print_path
from app.services import receipts
from ui import printing
from ui.printing import PrinterProblem

QUEUE = os.environ.get("MINWON_TEST_PRINTER", "MinwonPDF")
STOPPED_QUEUE = os.environ.get("MINWON_TEST_PRINTER_OFF", "MinwonOff")
CUPS_PDF_QUEUE = os.environ.get("MINWON_TEST_PRINTER_CUPS_PDF", "MinwonCupsPDF")
SPOOL = Path(os.environ.get("MINWON_PRINT_SPOOL", "/var/spool/minwon-print"))
JOB_WAIT_S = 60
MM_PER_PT = 25.4 / 72


def _cups_problem() -> str | None:
    if shutil.which("lpstat") is None:
        return "CUPS가 없습니다 (lpstat 없음): 인쇄 대기열 시험은 CUPS가 있는 곳에서만 합니다"
    return None


@pytest.fixture(autouse=True)
def _need_cups() -> None:
    problem = _cups_problem()
    if problem is None:
        return
    if os.environ.get("MINWON_REQUIRE_CUPS") == "1":
        pytest.fail(f"MINWON_REQUIRE_CUPS=1: {problem}")
    pytest.skip(problem)


def _queue_ready(name: str) -> None:
    found = subprocess.run(["lpstat", "-p", name], capture_output=True, text=True, check=False)
    assert found.returncode == 0, (
        f"CUPS 시험 대기열 {name}이(가) 없습니다: .ci/run 이 만듭니다 (docs/printing.md). {found.stderr.strip()}"
    )


def _wait_for(find, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + JOB_WAIT_S
    while time.monotonic() < deadline:
        found = find()
        if found is not None:
            return found
        time.sleep(0.2)
    jobs = subprocess.run(["lpstat", "-W", "all", "-o"], capture_output=True, text=True, check=False).stdout
    raise AssertionError(f"{what}: {JOB_WAIT_S}초 안에 나오지 않았습니다. 대기열: {jobs}")


def _spooled(title: str) -> Path:
    """The PDF the MinwonPDF back-end kept for the job titled ``title``."""

    def find() -> Path | None:
        for title_file in SPOOL.glob("job-*.title"):
            try:
                if title_file.read_text(encoding="utf-8").strip() == title:
                    pdf = title_file.with_suffix(".pdf")
                    return pdf if pdf.exists() else None
            except OSError:
                continue
        return None

    return _wait_for(find, f"인쇄 작업 '{title}'")


def _issue_and_reprint(app_ctx, make_actor, tmp_path: Path, paper: str) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    from app.services import applicants

    clerk = make_actor("clerk")
    person = applicants.upsert_applicant(app_ctx.db.uow(), clerk, name="홍길동", resident_number="900101-1234568")
    line = receipts.LineInput("seal_certificate", "인감증명서", 2, 600)
    view = receipts.issue_receipt(
        app_ctx.db.uow(), clerk, lines=[line], payment_method="현금", applicant_id=person.id, cash_received=2000
    )
    print_path.print_receipt(app_ctx.db.uow(), clerk, receipt=view, path=tmp_path / "first.pdf", paper=paper)
    again = tmp_path / "again.pdf"
    print_path.print_receipt(app_ctx.db.uow(), clerk, receipt_id=view.id, path=again, paper=paper)
    return again, view.number


@pytest.mark.parametrize("paper", ["roll80", "a4"])
def test_a_reprinted_receipt_goes_through_the_spooler(qtbot, sqlite_ctx, make_actor, tmp_path, paper) -> None:  # type: ignore[no-untyped-def]
    from ui.app import create_application

    create_application()
    _queue_ready(QUEUE)
    archive, number = _issue_and_reprint(sqlite_ctx, make_actor, tmp_path, paper)
    title = f"영수증 {number} {uuid.uuid4().hex[:8]}"
    assert printing.print_file(archive, QUEUE, title=title) == QUEUE
    spooled = _spooled(title)
    reader = PdfReader(str(spooled))
    for kept in (spooled, spooled.with_suffix(".title")):
        kept.unlink(missing_ok=True)  # read into memory; the spool folder does not grow run after run
    assert len(reader.pages) == 1
    width_mm = float(reader.pages[0].mediabox.width) * MM_PER_PT
    assert width_mm == pytest.approx(80.0 if paper == "roll80" else 210.0, abs=0.5)
    text = "".join("".join(page.extract_text() for page in reader.pages).split())
    assert "영수증" in text and "인감증명서" in text and "1,200원" in text
    assert "900101-1******" in text and "1234568" not in text
    assert "재발행(1회)" in text and "거스름돈" in text and "800원" in text


def test_a_stopped_printer_is_refused_before_the_job(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.app import create_application

    create_application()
    _queue_ready(STOPPED_QUEUE)
    with pytest.raises(PrinterProblem) as refused:
        printing.open_printer(STOPPED_QUEUE)
    assert "인쇄할 수 없는 상태" in refused.value.message and "다시 인쇄" in refused.value.message


def test_a_job_through_a_driver_chain_comes_out_as_a_pdf(qtbot, sqlite_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """cups-pdf remakes the job with Ghostscript after the PPD's filters (as a driver would): the page comes out.
    Its Korean text does not survive that chain, which is why the text is read on the raw queue above."""
    from ui.app import create_application

    create_application()
    _queue_ready(CUPS_PDF_QUEUE)
    archive, number = _issue_and_reprint(sqlite_ctx, make_actor, tmp_path, "a4")
    folders = [Path.home() / "PDF", Path("/var/spool/cups-pdf/ANONYMOUS")]
    before = {p for folder in folders if folder.is_dir() for p in folder.glob("*.pdf")}
    started = time.time()
    printing.print_file(archive, CUPS_PDF_QUEUE, title=f"receipt-{number}-{uuid.uuid4().hex[:8]}")

    def find() -> PdfReader | None:
        for folder in folders:
            if folder.is_dir():
                for pdf in folder.glob("*.pdf"):
                    if pdf not in before and pdf.stat().st_mtime >= started - 1:
                        try:  # cups-pdf writes the file in place: it is done once it reads as a whole PDF
                            reader = PdfReader(str(pdf))
                            if len(reader.pages) > 0:
                                return reader
                        except Exception:  # noqa: BLE001 - a PDF still being written
                            continue
        return None

    reader = _wait_for(find, "cups-pdf 출력")
    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.width) * MM_PER_PT == pytest.approx(210.0, abs=1.0)
