"""The statistics report exported (issue 17): the Excel workbook read back with openpyxl gives the numbers, formats
and the period; the PDF's text (pdftotext) holds the title, the headers and the numbers."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from app.documents.statistics_report import render_report_pdf, write_report_xlsx
from app.views.statistics import BreakdownTable, OfficeReport, Period, PetitionStatRow, StatTable


def _report() -> OfficeReport:
    period = Period.of("year", date(2021, 6, 1))
    certs = StatTable(
        "제증명 발급 및 민원처리 현황",
        ("합계", "제증명 소계", "등초본", "인감", "민원접수 소계", "유기한 민원"),
        (106438, 91010, 62571, 6777, 15428, 12076),
        (100000, 90000, 60000, 7000, 10000, 10000),
        240,
        242,
        groups=(("합계", 1), ("제증명발급", 3), ("민원접수", 2)),
        note="시험용",
    )
    surveys = StatTable(
        "민원처리 만족도 (ARS 설문)",
        ("조사", "응답", "공무원 친절도(%)"),
        (500, 400, 89.4),
        (450, 300, 88.0),
        240,
        242,
        percent=frozenset({2}),
    )
    pet = PetitionStatRow("민원여권과", "고충민원", 10, 8, 6, 2, 1, 1, 3, 4.5)
    dept = PetitionStatRow("민원여권과", "전체", 10, 8, 6, 2, 1, 1, 3, 4.5)
    by_clerk = BreakdownTable("제증명 (담당자별)", "담당자", ("합계", "등초본"), (("=김담당", (7, 5)),))
    return OfficeReport(period, period.previous(), (certs, surveys), (pet,), (dept,), (by_clerk,), None, "성북구청")


def _find(sheet, text: str) -> int:  # type: ignore[no-untyped-def]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == text:
                return int(cell.row)
    raise AssertionError(f"{text} not found")


def test_excel_numbers_read_back(tmp_path: Path) -> None:
    path = write_report_xlsx(_report(), tmp_path / "통계.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["보고서", "유기한 민원", "제증명 (담당자별)"]
    sheet = book["보고서"]
    assert sheet["A1"].value == "성북구청 민원 통계 (2021년)"
    assert "2021. 1. 1. ~ 2021. 12. 31." in sheet["A2"].value and "2020년" in sheet["A2"].value
    # the work plan's header: 구분 | 합계 | 제증명발급 (3 columns) | 민원접수 (2 columns), then 소계, 등초본, …
    header = _find(sheet, "제증명발급")
    assert [sheet.cell(row=header + 1, column=c).value for c in range(3, 8)] == [
        "소계",
        "등초본",
        "인감",
        "소계",
        "유기한 민원",
    ]
    assert any(str(r) == f"C{header}:E{header}" for r in sheet.merged_cells.ranges)
    year = _find(sheet, "2021년")
    assert [sheet.cell(row=year, column=c).value for c in range(2, 8)] == [106438, 91010, 62571, 6777, 15428, 12076]
    assert sheet.cell(row=year, column=2).number_format == "#,##0"
    assert [sheet.cell(row=year + 1, column=c).value for c in (2, 3)] == [443, 379]  # 1일 평균 over 240 days
    assert sheet.cell(row=year + 2, column=1).value == "전기 (2020년)"
    assert sheet.cell(row=year + 3, column=2).value == 6438
    assert abs(sheet.cell(row=year + 4, column=2).value - 0.064) < 1e-9  # +6.4 %
    assert sheet.cell(row=year + 4, column=2).number_format.startswith("+0.0%")
    assert sheet.column_dimensions["A"].width == 18
    rate = _find(sheet, "공무원 친절도(%)")
    assert abs(sheet.cell(row=rate + 1, column=4).value - 0.894) < 1e-9
    assert sheet.cell(row=rate + 1, column=4).number_format == "0.0%"
    assert sheet.cell(row=rate + 2, column=4).value is None  # no 1일 평균 of a rate
    petitions = book["유기한 민원"]
    assert [c.value for c in petitions[5]][:2] == ["민원여권과", "전체"] and petitions[
        "A5"
    ].font.bold  # department first
    assert [c.value for c in petitions[7]][:9] == ["민원여권과", "고충민원", 10, 8, 6, 2, 1, 1, 3]
    assert petitions.cell(row=7, column=10).value == 0.75 and petitions.cell(row=7, column=10).number_format == "0.0%"
    clerk = book["제증명 (담당자별)"]
    assert clerk["A5"].value == "=김담당" and clerk["A5"].data_type == "s" and clerk["B5"].value == 7


def test_pdf_holds_title_and_numbers(tmp_path: Path) -> None:
    path = render_report_pdf(_report(), tmp_path / "통계.pdf")
    assert shutil.which("pdftotext")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for expected in (
        "성북구청 민원 통계 (2021년)",
        "제증명 발급 및 민원처리 현황",
        "제증명발급",
        "106,438",
        "91,010",
        "443",
        "+6.4%",
        "89.4%",
        "+1.4%p",
        "고충민원",
        "75.0%",
        "4.5일",
        "전기 (2020년)",
    ):
        assert expected in text, expected
