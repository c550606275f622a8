"""bench.receipts on a tiny generated SQLite office: every case timed, the receipts really issued and printed
through the one print path, and the receipt's QR code drawn module for module as reportlab's widget encodes it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import sqlalchemy as sa
from pypdf import PdfReader
from reportlab.graphics.barcode.qr import QrCodeWidget

from app.documents.receipts import QrMark, qr_runs
from bench.generate import generate
from bench.receipts import MINIMAL_LINE, NAMES, lines, run

RUNS = 2


def _text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(str(path)).pages)


def _count(url: str, statement: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.exec_driver_sql(statement).scalar() or 0)
    finally:
        engine.dispose()


def test_the_receipt_bench_times_every_case_on_a_generated_office(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tiny.sqlite'}"
    key = tmp_path / "keys" / "rrn.key"
    generate(url, start=date(2026, 11, 2), end=date(2026, 11, 20), scale=0.004, key_file=key, seed=3)
    receipts_before = _count(url, "SELECT count(*) FROM receipts")
    out = tmp_path / "pdf"

    report = run(url, key, runs=RUNS, out=out)

    assert set(report.timings) == set(NAMES)
    assert all(len(t.samples) == len(t.cpu) == RUNS and min(t.samples) > 0 for t in report.timings.values())
    # three end-to-end series (warm-up + runs each) and the one receipt whose PDF is rendered alone
    assert report.receipts_written == 3 * (RUNS + 1) + 1
    assert _count(url, "SELECT count(*) FROM receipts") == receipts_before + report.receipts_written
    printed = "SELECT count(*) FROM audit_log WHERE action = '{}'"
    assert _count(url, printed.format("receipt.print")) == _count(url, printed.format("print.done")) == 3 * (RUNS + 1)
    assert _count(url, "SELECT count(*) FROM audit_log WHERE action = 'certificate.issue'") >= report.receipts_written
    receipt = _text(out / "receipt-e0.pdf")
    assert "영 수 증" in receipt and "주민등록표 등본" in receipt and "위 금액을 정히 영수합니다." in receipt
    assert MINIMAL_LINE in _text(out / "minimal0.pdf")
    assert report.ratio("minimal") == 1.0 and report.ratio("e2e") > 0
    table = list(lines(report))
    assert table[0].startswith("| 경우 |") and len(table) == 2 + len(NAMES) + 1
    assert any(row.startswith("| 발급부터 출력까지 (기존 민원인) |") for row in table)


def test_the_qr_mark_draws_the_modules_reportlab_encodes() -> None:
    for payload in ("MINWON-RCPT:SB-MINWON:20261203-0046:136A-4221", "MINWON-RCPT:x:20170228-2105:FFFF-0000"):
        widget = QrCodeWidget(payload, barLevel="M")
        widget.qr.make()
        count, runs = qr_runs(payload)
        drawn = [[False] * count for _ in range(count)]
        for row, column, length in runs:
            for c in range(column, column + length):
                assert not drawn[row][c]
                drawn[row][c] = True
        assert count == widget.qr.getModuleCount()
        assert drawn == [[bool(m) for m in row] for row in widget.qr.modules]
    mark = QrMark("MINWON-RCPT:SB-MINWON:20261203-0046:136A-4221", 80)
    assert mark.wrap(10, 10) == (80, 80)
