"""The office's statistics report (issue 17) as an Excel workbook and as an A4 landscape PDF, in the work plan's
layout: each table's categories across under their group headers, the period, its 1일 평균, the previous period
and the change below; then the petitions by department and type, and any breakdown by office, counter or clerk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.documents.fonts import register_fonts
from app.documents.markup import esc
from app.views.statistics import (
    PETITION_HEADERS,
    BreakdownTable,
    OfficeReport,
    PetitionStatRow,
    StatTable,
    format_value,
)

COUNT = "#,##0"
SIGNED = "+#,##0;-#,##0;0"
PERCENT = "0.0%"
SIGNED_PERCENT = "+0.0%;-0.0%;0.0%"
POINTS = '+0.0"%p";-0.0"%p";0.0"%p"'
AVERAGE = "#,##0.0"


def period_text(report: OfficeReport) -> str:
    p = report.period
    return f"{p.start.year}. {p.start.month}. {p.start.day}. ~ {p.end.year}. {p.end.month}. {p.end.day}."


def report_title(report: OfficeReport) -> str:
    return f"{report.office_name} 민원 통계 ({report.period.label})".strip()


def _petition_values(row: PetitionStatRow) -> tuple[Any, ...]:
    rate = None if row.on_time_rate is None else row.on_time_rate / 100
    return (
        row.department,
        row.type_name,
        row.received,
        row.resolved,
        row.on_time,
        row.late,
        row.open_overdue,
        row.extensions,
        row.supplements,
        rate,
        row.average_days,
    )


def _cell_format(table: StatTable, kind: str, index: int) -> str:
    if kind == "percent":
        return SIGNED_PERCENT
    if index in table.percent:
        return POINTS if kind == "change" else PERCENT
    return SIGNED if kind == "change" else COUNT


def _cell_value(table: StatTable, kind: str, index: int, value: float | None) -> float | None:
    if value is None:
        return None
    if kind == "percent" or (index in table.percent and kind == "value"):
        return value / 100
    return value


# --- Excel ---------------------------------------------------------------------------------------------------


def write_report_xlsx(report: OfficeReport, path: Path) -> Path:
    """Every table of ``report`` in one workbook: 보고서 (the four tables), 유기한 민원 (by department and type)
    and one sheet per breakdown. Counts as numbers with '#,##0', rates as percentages, the period in the title."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    bold, head_fill = Font(bold=True), PatternFill("solid", fgColor="E9ECEF")
    thin = Side(style="thin", color="999999")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def title(sheet: Any, text: str) -> None:
        sheet["A1"] = text
        sheet["A1"].font = Font(bold=True, size=14)
        sheet["A2"] = f"기간: {period_text(report)} (전기: {report.previous.label}), 단위: 건"

    def head(sheet: Any, row: int, col: int, text: str) -> None:
        cell = sheet.cell(row=row, column=col, value=text)
        cell.font, cell.fill, cell.alignment, cell.border = bold, head_fill, center, box

    sheet = book.active
    assert sheet is not None
    sheet.title = "보고서"
    title(sheet, report_title(report))
    row = 4
    for table in report.tables:
        sheet.cell(row=row, column=1, value=f"○ {table.title}").font = Font(bold=True, size=12)
        row += 1
        headers = table.headers()
        if table.groups:
            head(sheet, row, 1, "구분")
            sheet.merge_cells(start_row=row, start_column=1, end_row=row + 1, end_column=1)
            col = 2
            for name, span in table.groups:
                if span == 1:
                    head(sheet, row, col, name)
                    sheet.merge_cells(start_row=row, start_column=col, end_row=row + 1, end_column=col)
                else:
                    head(sheet, row, col, name)
                    sheet.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)
                    for offset in range(span):
                        head(sheet, row + 1, col + offset, headers[col - 2 + offset])
                col += span
            row += 2
        else:
            head(sheet, row, 1, "구분")
            for i, name in enumerate(headers):
                head(sheet, row, i + 2, name)
            row += 1
        for line in table.lines(report.period.label, report.previous.label):
            first = sheet.cell(row=row, column=1, value=line.label)
            first.font, first.border = bold, box
            for i, value in enumerate(line.values):
                cell = sheet.cell(row=row, column=i + 2, value=_cell_value(table, line.kind, i, value))
                cell.number_format = _cell_format(table, line.kind, i)
                cell.border = box
            row += 1
        if table.note:
            sheet.cell(row=row, column=1, value=f"※ {table.note}").font = Font(size=9, italic=True)
        row += 2
    sheet.column_dimensions["A"].width = 18
    for col in range(2, 14):
        sheet.column_dimensions[get_column_letter(col)].width = 11

    petitions = book.create_sheet("유기한 민원")
    title(petitions, f"유기한 민원 처리 현황 ({report.period.label})")
    for i, name in enumerate(PETITION_HEADERS):
        head(petitions, 4, i + 1, name)
    formats = (None, None, COUNT, COUNT, COUNT, COUNT, COUNT, COUNT, COUNT, PERCENT, AVERAGE)
    r = 5
    for group in (report.departments, report.petitions):
        for item in group:
            for i, value in enumerate(_petition_values(item)):
                cell = petitions.cell(row=r, column=i + 1, value=value)
                cell.border = box
                if formats[i]:
                    cell.number_format = formats[i]
                if group is report.departments:
                    cell.font = bold
            r += 1
        r += 1
    petitions.cell(
        row=r, column=1, value="※ 그 기간에 접수한 민원 기준. 평균 처리일수는 접수일을 1일로 센 근무일 수입니다."
    )
    for col, width in enumerate((16, 34, 8, 8, 8, 9, 10, 7, 7, 13, 12), start=1):
        petitions.column_dimensions[get_column_letter(col)].width = width

    for breakdown in report.breakdowns:
        sheet = book.create_sheet(breakdown.title[:31].replace("/", "·"))
        title(sheet, breakdown.title)
        head(sheet, 4, 1, breakdown.by)
        for i, name in enumerate(breakdown.columns):
            head(sheet, 4, i + 2, name)
        for r, (name, values) in enumerate(breakdown.rows, start=5):
            sheet.cell(row=r, column=1, value=name).border = box
            for i, value in enumerate(values):
                cell = sheet.cell(row=r, column=i + 2, value=value)
                cell.number_format, cell.border = COUNT, box
        sheet.column_dimensions["A"].width = max(14, *(len(n) * 2 for n, _ in breakdown.rows)) if breakdown.rows else 14
        for col in range(2, len(breakdown.columns) + 2):
            sheet.column_dimensions[get_column_letter(col)].width = 11
    for each in book.worksheets:
        for line in each.iter_rows():
            for cell in line:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # a name is text, never a formula
    book.save(path)
    return path


# --- PDF -----------------------------------------------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=16, leading=22, alignment=TA_CENTER),
        "sub": ParagraphStyle("sub", fontName=regular, fontSize=9.5, leading=13, alignment=TA_CENTER),
        "head": ParagraphStyle("head", fontName=bold, fontSize=11, leading=15, spaceBefore=6, spaceAfter=2),
        "unit": ParagraphStyle("unit", fontName=regular, fontSize=8, leading=10, alignment=TA_RIGHT),
        "th": ParagraphStyle("th", fontName=bold, fontSize=7.5, leading=9.5, alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=7.5, leading=9.5),
        "num": ParagraphStyle("num", fontName=regular, fontSize=7.5, leading=9.5, alignment=TA_RIGHT),
        "note": ParagraphStyle("note", fontName=regular, fontSize=7, leading=9),
    }


def _grid(rows: list[list[Any]], widths: list[float], extra: list[tuple[Any, ...]] = (), header_rows: int = 1) -> Table:  # type: ignore[assignment]
    table = Table(rows, colWidths=widths, repeatRows=header_rows)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#e9ecef")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                *extra,
            ]
        )
    )
    return table


def _stat_table(table: StatTable, report: OfficeReport, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    headers = table.headers()
    first = 30 * mm
    widths = [first] + [(width - first) / len(headers)] * len(headers)
    th = lambda text: Paragraph(esc(text), st["th"])  # noqa: E731
    rows: list[list[Any]] = []
    spans: list[tuple[Any, ...]] = []
    if table.groups:
        top: list[Any] = [th("구분")]
        bottom: list[Any] = [""]
        col = 1
        for name, span in table.groups:
            top.append(th(name))
            top.extend([""] * (span - 1))
            if span == 1:
                bottom.append("")
                spans.append(("SPAN", (col, 0), (col, 1)))
            else:
                bottom.extend(th(headers[col - 1 + i]) for i in range(span))
                spans.append(("SPAN", (col, 0), (col + span - 1, 0)))
            col += span
        spans.append(("SPAN", (0, 0), (0, 1)))
        rows += [top, bottom]
    else:
        rows.append([th("구분"), *(th(h) for h in headers)])
    for line in table.lines(report.period.label, report.previous.label):
        rows.append(
            [Paragraph(esc(line.label), st["cell"])]
            + [Paragraph(format_value(table, line.kind, i, v), st["num"]) for i, v in enumerate(line.values)]
        )
    story: list[Flowable] = [
        Paragraph(esc(f"○ {table.title}"), st["head"]),
        Paragraph(esc(f"({period_text(report)}, 단위 : 건)"), st["unit"]),
        _grid(rows, widths, spans, header_rows=2 if table.groups else 1),
    ]
    if table.note:
        story.append(Paragraph(esc(f"※ {table.note}"), st["note"]))
    return story


def _petition_table(report: OfficeReport, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    widths = [26 * mm, 62 * mm] + [(width - 88 * mm) / 9] * 9
    rows: list[list[Any]] = [[Paragraph(esc(h), st["th"]) for h in PETITION_HEADERS]]
    bold_rows = []
    for group in (report.departments, report.petitions):
        for item in group:
            values = _petition_values(item)
            cells = [Paragraph(esc(str(values[0])), st["cell"]), Paragraph(esc(str(values[1])), st["cell"])]
            cells += [Paragraph(f"{v:,}", st["num"]) for v in values[2:9]]
            cells.append(Paragraph("-" if values[9] is None else f"{values[9] * 100:.1f}%", st["num"]))
            cells.append(Paragraph("-" if values[10] is None else f"{values[10]:.1f}일", st["num"]))
            rows.append(cells)
            if group is report.departments:
                bold_rows.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), colors.HexColor("#f6f6f6")))
    return [
        Paragraph("○ 유기한 민원 처리 현황 (부서별·종류별)", st["head"]),
        _grid(rows, widths, bold_rows),
        Paragraph("※ 그 기간에 접수한 민원 기준. 평균 처리일수는 접수일을 1일로 센 근무일 수입니다.", st["note"]),
    ]


def _breakdown(table: BreakdownTable, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    first = 36 * mm
    widths = [first] + [(width - first) / len(table.columns)] * len(table.columns)
    rows: list[list[Any]] = [[Paragraph(esc(h), st["th"]) for h in (table.by, *table.columns)]]
    for name, values in table.rows:
        rows.append([Paragraph(esc(name), st["cell"])] + [Paragraph(f"{v:,}", st["num"]) for v in values])
    return [Paragraph(esc(f"○ {table.title}"), st["head"]), _grid(rows, widths)]


def render_report_pdf(report: OfficeReport, path: Path) -> Path:
    """The report as an A4 landscape PDF at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    st = _styles()
    margin = 12 * mm
    size = landscape(A4)
    width = size[0] - 2 * margin
    story: list[Flowable] = [
        Paragraph(esc(report_title(report)), st["title"]),
        Paragraph(esc(f"기간 {period_text(report)} · 전기 {report.previous.label}"), st["sub"]),
        Spacer(1, 3 * mm),
    ]
    for table in report.tables:
        story += _stat_table(table, report, st, width)
    story += _petition_table(report, st, width)
    for breakdown in report.breakdowns:
        story += _breakdown(breakdown, st, width)
    SimpleDocTemplate(
        str(path),
        pagesize=size,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=report_title(report),
        author=report.office_name,
        subject="민원 통계",
    ).build(story)
    return path
