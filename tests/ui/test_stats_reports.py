"""보고서 통계 page of the 통계·마감 tab: loads when first shown, shows the work plan's tables with the previous
period, exports Excel and PDF, and a cancelled report leaves nothing behind (no dialog, no stale table)."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.services import statistics
from app.services.errors import ValidationError
from tests.db.test_statistics import FEBRUARY, MARCH, Maker
from ui.widgets import qdate


def _page(window):  # type: ignore[no-untyped-def]
    tab = window.show_tab("stats")
    tab.pages.setCurrentWidget(tab.reports_page)
    return tab.reports_page


def test_page_shows_tables_and_exports(qtbot, ui_factory, make_actor, sqlite_ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    m = Maker(sqlite_ctx, make_actor("clerk"))
    m.certificate(MARCH, ("resident_copy", 3), ("seal_certificate", 1))
    m.certificate(FEBRUARY, ("resident_copy", 1))
    m.filing(MARCH, "birth")
    m.petition(MARCH, "grievance", decided=MARCH)
    window, _ = ui_factory("supervisor")
    page = _page(window)
    assert page.report is not None  # loaded on first show (this month)
    page.day.setDate(qdate(MARCH.date()))
    page.by.setCurrentIndex(page.by.findData("clerk"))
    page.load_button.click()
    report = page.report
    assert report is not None and report.period.label == "2026년 3월"
    assert "2026년 3월" in page.heading.text() and "근무일 21일" in page.heading.text()
    certs = page.stat_views[0].model()
    texts = [[certs.data(certs.index(r, c)) for c in range(certs.columnCount())] for r in range(certs.rowCount())]
    assert texts[0][:5] == ["2026년 3월", "5", "4", "3", "1"]  # 합계, 제증명 소계, 등초본, 인감
    assert texts[2][:4] == ["전기 (2026년 2월)", "1", "1", "1"]
    assert texts[3][1] == "+4" and texts[4][1] == "+400.0%"
    headers = [certs.headerData(c, Qt.Orientation.Horizontal) for c in range(certs.columnCount())]
    assert headers[:4] == ["구분", "합계", "제증명발급\n소계", "제증명발급\n등초본"]
    assert page.petitions_model.rowCount() == 2  # the department's total and the type
    assert page.breakdown_layout.count() >= 2
    assert page.charts.series is not None and page.charts.series.on_time == (("민원여권과", 100.0),)

    page.xlsx_button.click()
    assert page.last_xlsx is not None and page.last_xlsx.suffix == ".xlsx"
    sheet = load_workbook(page.last_xlsx)["보고서"]
    assert sheet["A1"].value.endswith("민원 통계 (2026년 3월)")
    page.pdf_button.click()
    assert page.last_pdf is not None and page.last_pdf.read_bytes().startswith(b"%PDF")
    page.pages.setCurrentWidget(page.charts)
    page.resize(1200, 700)
    window.grab().save(str(tmp_path / "stats_reports.png"))


def test_cancel_drops_the_result(qtbot, ui_factory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("supervisor")
    page = _page(window)
    before = page.report
    real = statistics.office_report

    def cancelled_midway(uow, actor, **kw):  # type: ignore[no-untyped-def]
        progress = kw["progress"]

        def step(percent, text=""):  # type: ignore[no-untyped-def]
            if percent >= 45:
                page.cancel()  # the clerk presses 취소 while the report runs
            progress(percent, text)

        return real(uow, actor, **{**kw, "progress": step})

    monkeypatch.setattr(statistics, "office_report", cancelled_midway)
    page.kind.setCurrentIndex(page.kind.findData("year"))
    page.load_button.click()
    assert page.report is before and page.progress is None
    assert page.message.text() == "집계를 취소했습니다."
    assert not [w for w in window.findChildren(QMessageBox) if w.isVisible()]


def test_bad_period_is_a_korean_message(qtbot, ui_factory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("supervisor")
    page = _page(window)
    shown = []
    monkeypatch.setattr("ui.tabs.stats_reports.show_error", lambda owner, exc: shown.append(exc))
    page.day.setDate(qdate(date(1999, 1, 1)))
    page.load_button.click()
    assert shown and isinstance(shown[0], ValidationError) and "날짜" in str(shown[0])


def test_clerk_has_no_reports_page(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk")
    tab = window.show_tab("stats")
    assert not hasattr(tab, "reports_page")
