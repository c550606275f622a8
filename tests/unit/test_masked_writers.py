"""Each writer masks by itself, whatever it is handed (the database masks too; these are the last gates): the
PDFs' text gate ``markup.esc``, ``write_csv``, the day-close workbook, the SMS spool file and the log filter."""

from __future__ import annotations

import csv
import logging
import uuid
from pathlib import Path

from openpyxl import Workbook, load_workbook

from app.documents.dayclose import _mask_text_cells
from app.documents.markup import esc
from app.logs import MaskResidentNumbers
from app.services.exports import write_csv
from app.services.outbox import OutgoingMessage, SpoolSender
from tests.db.number_scan import leaks
from tests.db.test_masking import forms

NUMBER = "850505-2345675"
DIGITS = [NUMBER.replace("-", "")]
WRITTEN = forms(NUMBER)


def test_the_pdf_text_gate_masks_and_still_escapes() -> None:
    for written in WRITTEN:
        text = esc(f"<b>메모</b> {written} & 끝")
        assert leaks("esc", text, DIGITS) == [], written
        assert "850505-2******" in text and "&lt;b&gt;" in text and "&amp;" in text


def test_csv_cells_are_masked_but_verbatim_columns_are_not(tmp_path: Path) -> None:
    # A chain hash is hex: 13 digits in a row between letters would look like a number to the masking.
    chain = "ab" + "8505052345675" + "cd" * 24
    path = tmp_path / "x.csv"
    write_csv(path, ["내용", "건수", "연결값"], [(f"메모 {w}", 3, chain) for w in WRITTEN], verbatim=("연결값",))
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["내용", "건수", "연결값"]
    assert all(r[1] == "3" and r[2] == chain for r in rows[1:])
    assert leaks("csv", " | ".join(r[0] for r in rows[1:]), DIGITS) == []
    assert all(r[0].startswith("메모 850505-2******") for r in rows[1:])


def test_workbook_text_cells_are_masked_and_never_formulas(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row, written in enumerate(WRITTEN, start=1):
        sheet.cell(row=row, column=1, value=f"비고 {written}")
        sheet.cell(row=row, column=2, value=1000)
    sheet.cell(row=len(WRITTEN) + 1, column=1, value='=HYPERLINK("http://x","y")')
    _mask_text_cells(book)
    path = tmp_path / "x.xlsx"
    book.save(path)
    back = load_workbook(path).active
    assert back is not None
    texts = [str(back.cell(row=r, column=1).value) for r in range(1, len(WRITTEN) + 1)]
    assert leaks("xlsx", " | ".join(texts), DIGITS) == [] and all("850505-2******" in t for t in texts)
    assert back.cell(row=1, column=2).value == 1000
    formula = back.cell(row=len(WRITTEN) + 1, column=1)
    assert formula.value == '=HYPERLINK("http://x","y")' and formula.data_type == "s"


def test_the_sms_spool_file_masks_the_body(tmp_path: Path) -> None:
    messages = [OutgoingMessage(uuid.uuid4(), "01012345678", f"안내 {w}") for w in WRITTEN]
    SpoolSender(tmp_path).send("b1", messages)
    text = (tmp_path / "sms-b1.csv").read_text(encoding="utf-8-sig")
    assert leaks("spool", text, DIGITS) == [] and text.count("850505-2******") == len(WRITTEN)
    assert "01012345678" in text


def test_the_log_filter_masks_message_arguments_traceback_and_stack() -> None:
    mask = MaskResidentNumbers()
    for written in WRITTEN:
        record = logging.LogRecord("app.x", logging.INFO, __file__, 1, "조회 %s (%d건)", (written, 2), None)
        assert mask.filter(record)
        assert record.getMessage() == "조회 850505-2****** (2건)"
    try:
        raise ValueError(WRITTEN[-1])
    except ValueError:
        import sys

        record = logging.LogRecord("app.x", logging.ERROR, __file__, 1, "실패", (), sys.exc_info(), sinfo=WRITTEN[3])
    mask.filter(record)
    formatted = logging.Formatter("%(message)s").format(record)
    assert "ValueError" in formatted and "850505-2******" in formatted
    assert leaks("log", formatted, DIGITS) == []
    # A message without a number keeps its arguments for later formatting.
    plain = logging.LogRecord("app.x", logging.INFO, __file__, 1, "%s건", (3,), None)
    mask.filter(plain)
    assert plain.getMessage() == "3건"


def test_machine_values_with_thirteen_digits_are_left_alone() -> None:
    from app.domain.identity import mask_text

    uuid_text = "record 12345678-1234-5678-1234-567812345678 done"
    assert mask_text(uuid_text) == uuid_text  # a UUID whose hex digits happen to be decimal
    assert mask_text("batch 9999999999999") == "batch 9999999999999"  # no month 99: no resident number
    assert mask_text("번호 8001011234567") == "번호 800101-1******"
    assert mask_text("두 사람 8001011234567 8102021234567") == "두 사람 800101-1****** 810202-1******"
