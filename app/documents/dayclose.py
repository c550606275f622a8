"""The printed day close (수납 일계표), A4, and the same figures as an Excel workbook (openpyxl).

The day, office and counters; the totals by payment method and by item; voids and corrections; the cash count
and its difference; the approver; and the close history with every reopen and re-close.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.documents.fonts import register_fonts
from app.documents.markup import esc
from app.domain.calendar import SEOUL
from app.domain.identity import mask_text
from app.documents.text import date_time, won
from app.views.dayclose import DayCloseReport, DaySummary

if TYPE_CHECKING:
    from openpyxl import Workbook

VOID_LABELS = {"voided": "취소", "correction": "정정"}


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    return {
        "office": ParagraphStyle("office", fontName=bold, fontSize=11, leading=15, alignment=TA_CENTER),
        "title": ParagraphStyle("title", fontName=bold, fontSize=18, leading=24, alignment=TA_CENTER),
        "sub": ParagraphStyle("sub", fontName=regular, fontSize=10, leading=14, alignment=TA_CENTER),
        "head": ParagraphStyle("head", fontName=bold, fontSize=10.5, leading=14, spaceBefore=4, spaceAfter=1),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=8.5, leading=11),
        "cellb": ParagraphStyle("cellb", fontName=bold, fontSize=8.5, leading=11),
        "num": ParagraphStyle("num", fontName=regular, fontSize=8.5, leading=11, alignment=TA_RIGHT),
        "numb": ParagraphStyle("numb", fontName=bold, fontSize=8.5, leading=11, alignment=TA_RIGHT),
        "th": ParagraphStyle("th", fontName=bold, fontSize=8.5, leading=11, alignment=TA_CENTER),
        "small": ParagraphStyle("small", fontName=regular, fontSize=7.5, leading=10, alignment=TA_CENTER),
        "state": ParagraphStyle("state", fontName=bold, fontSize=10, leading=13, alignment=TA_RIGHT),
    }


def day_label(summary: DaySummary) -> str:
    """``2026-12-02 (수)``."""
    return f"{summary.business_day.isoformat()} ({'월화수목금토일'[summary.business_day.weekday()]})"


def _grid(rows: list[list[Paragraph]], widths: list[float], *, total_row: bool = False) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if total_row:
        style.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f6f6f6")))
    table.setStyle(TableStyle(style))
    return table


def _money(amount: int | None) -> str:
    return "" if amount is None else won(amount)


def _signed(amount: int | None) -> str:
    if amount is None:
        return ""
    return ("+" if amount > 0 else "") + won(amount)


def _story(report: DayCloseReport, width: float) -> list[Flowable]:
    st = _styles()
    s, o = report.summary, report.office
    th = st["th"]
    state = f"마감 ({s.closed_by}, {date_time(s.closed_at)})" if s.closed and s.closed_at else "마감 전 (가마감 출력)"
    if s.reopens:
        state += f" · 재개 {s.reopens}회"
    counters = ", ".join(name for name, _, _ in s.by_terminal) or "-"
    approver = s.closed_by if s.closed else ""
    # The approval box (결재란) at the top right, as the office's own forms have it.
    sign = Table(
        [
            [Paragraph(h, th) for h in ("담당", "승인 (마감)")],
            [Paragraph("", st["cell"]), Paragraph(esc(approver), st["sub"])],
        ],
        colWidths=[22 * mm, 30 * mm],
        rowHeights=[6 * mm, 14 * mm],
    )
    sign.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    heading = [
        Paragraph(esc(f"{o.name} {o.department}"), st["office"]),
        Spacer(1, 2 * mm),
        Paragraph("수 납 일 계 표", st["title"]),
        Paragraph(esc(f"업무일 {day_label(s)}"), st["sub"]),
    ]
    head = Table([["", heading, sign]], colWidths=[56 * mm, width - 112 * mm, 56 * mm])
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (2, 0), (2, 0), "RIGHT")]))
    story: list[Flowable] = [head, Spacer(1, 2 * mm), Paragraph(esc(state), st["state"]), Spacer(1, 2 * mm)]
    info = [
        ["수납기관", f"{o.name} {o.department}", "창구", counters],
        ["영수증", f"{s.receipts}건 (취소 {s.voided}건, 정정 {s.corrections}건)", "면제 항목", f"{s.exempt_lines}건"],
        ["합계", won(s.total), "환급 차감", won(s.refunds) if s.refunds else "없음"],
    ]
    story.append(
        _grid(
            [[Paragraph(esc(c), st["cellb" if i % 2 == 0 else "cell"]) for i, c in enumerate(row)] for row in info],
            [width * 0.15, width * 0.38, width * 0.15, width * 0.32],
        )
    )
    story.append(Paragraph("결제 방법별", st["head"]))
    rows = [[Paragraph(h, th) for h in ("결제", "건수", "금액")]]
    rows += [
        [Paragraph(esc(m), st["cell"]), Paragraph(str(n), st["num"]), Paragraph(won(a), st["num"])]
        for m, n, a in s.by_method
    ]
    rows.append(
        [Paragraph("합계", st["cellb"]), Paragraph(str(s.receipts), st["numb"]), Paragraph(won(s.total), st["numb"])]
    )
    story.append(_grid(rows, [width * 0.4, width * 0.2, width * 0.4], total_row=True))

    story.append(Paragraph("항목별", st["head"]))
    rows = [[Paragraph(h, th) for h in ("항목", "수량", "금액")]]
    rows += [
        [Paragraph(esc(i), st["cell"]), Paragraph(str(q), st["num"]), Paragraph(won(a), st["num"])]
        for i, q, a in s.by_item
    ]
    if not s.by_item:
        rows.append([Paragraph("수납 없음", st["cell"]), Paragraph("", st["num"]), Paragraph("", st["num"])])
    story.append(_grid(rows, [width * 0.55, width * 0.15, width * 0.3]))

    story.append(Paragraph("담당자·창구별", st["head"]))
    rows = [[Paragraph(h, th) for h in ("구분", "이름", "건수", "금액")]]
    rows += [
        [
            Paragraph("담당", st["cell"]),
            Paragraph(esc(c), st["cell"]),
            Paragraph(str(n), st["num"]),
            Paragraph(won(a), st["num"]),
        ]
        for c, n, a in s.by_clerk
    ]
    rows += [
        [
            Paragraph("창구", st["cell"]),
            Paragraph(esc(t), st["cell"]),
            Paragraph(str(n), st["num"]),
            Paragraph(won(a), st["num"]),
        ]
        for t, n, a in s.by_terminal
    ]
    story.append(_grid(rows, [width * 0.15, width * 0.4, width * 0.15, width * 0.3]))

    story.append(Paragraph("취소·정정", st["head"]))
    rows = [[Paragraph(h, th) for h in ("영수증 번호", "구분", "금액", "사유", "시각")]]
    for v in s.voids:
        rows.append(
            [
                Paragraph(esc(v.number), st["cell"]),
                Paragraph(VOID_LABELS.get(v.status, v.status), st["cell"]),
                Paragraph(won(v.amount), st["num"]),
                Paragraph(esc(v.reason), st["cell"]),
                Paragraph(v.at.astimezone(SEOUL).strftime("%H:%M") if v.at else "", st["cell"]),
            ]
        )
    if not s.voids:
        rows.append([Paragraph("없음", st["cell"])] + [Paragraph("", st["cell"]) for _ in range(4)])
    story.append(_grid(rows, [width * 0.22, width * 0.1, width * 0.18, width * 0.38, width * 0.12]))

    story.append(Paragraph("현금 시재", st["head"]))
    cash_rows = [
        ["장부 현금 (현금 수납 - 현금 환급)", won(s.cash)],
        ["실제 현금 (센 금액)", _money(s.counted_cash) if s.closed else "마감 때 입력"],
        ["차이 (실제 - 장부)", _signed(s.cash_difference) if s.closed else ""],
        ["비고", s.note],
    ]
    story.append(
        _grid(
            [
                [Paragraph(esc(k), st["cellb"]), Paragraph(esc(v), st["num"] if i < 3 else st["cell"])]
                for i, (k, v) in enumerate(cash_rows)
            ],
            [width * 0.45, width * 0.55],
        )
    )

    story.append(Paragraph("마감 이력", st["head"]))
    rows = [
        [Paragraph(h, th) for h in ("차수", "구분", "일시", "승인자", "건수", "합계", "실제 현금", "차이", "사유·비고")]
    ]
    for e in s.history:
        rows.append(
            [
                Paragraph(str(e.sequence), st["num"]),
                Paragraph(esc(e.action_label), st["cellb" if e.action == "reopen" else "cell"]),
                Paragraph(e.at.astimezone(SEOUL).strftime("%m-%d %H:%M"), st["num"]),
                Paragraph(esc(e.actor_name), st["cell"]),
                Paragraph(str(e.receipts), st["num"]),
                Paragraph(won(e.total), st["num"]),
                Paragraph(_money(e.counted_cash), st["num"]),
                Paragraph(_signed(e.cash_difference), st["num"]),
                Paragraph(esc(e.note), st["cell"]),
            ]
        )
    if not s.history:
        rows.append(
            [Paragraph("", st["cell"]), Paragraph("아직 마감하지 않음", st["cell"])]
            + [Paragraph("", st["cell"]) for _ in range(7)]
        )
    story.append(_grid(rows, [width * w for w in (0.06, 0.1, 0.14, 0.1, 0.07, 0.13, 0.13, 0.1, 0.17)]))

    story += [
        Spacer(1, 4 * mm),
        Paragraph(
            esc(f"출력 {date_time(report.printed_at)} · {report.printed_by} · {o.address} ☎ {o.phone}"), st["small"]
        ),
    ]
    return story


def render_day_close(report: DayCloseReport, path: Path) -> Path:
    """Write the printed close as an A4 PDF at ``path`` and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    margin = 14 * mm
    pdf = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=f"수납 일계표 {report.summary.business_day.isoformat()}",
        author=report.office.name,
        subject="수납 일계표",
    )
    pdf.build(_story(report, A4[0] - 2 * margin))
    return path


WON_FORMAT = '#,##0"원";-#,##0"원"'
COUNT_FORMAT = '#,##0"건"'


def write_day_close_xlsx(report: DayCloseReport, path: Path) -> Path:
    """The same figures as an Excel workbook: a sheet of totals and one of the close history."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    s, o = report.summary, report.office
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "수납 일계표"
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="E9ECEF")
    sheet["A1"] = f"수납 일계표 {day_label(s)}"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = f"{o.name} {o.department} · " + (
        f"마감 {s.closed_by} {date_time(s.closed_at)}" if s.closed and s.closed_at else "마감 전"
    )
    row = 4

    def header(*titles: str) -> None:
        nonlocal row
        for col, title in enumerate(titles, start=1):
            cell = sheet.cell(row=row, column=col, value=title)
            cell.font = bold
            cell.fill = header_fill
            cell.alignment = Alignment(horizontal="center")
        row += 1

    def line(*values: object, formats: tuple[str | None, ...] = ()) -> None:
        nonlocal row
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=col, value=value)
            fmt = formats[col - 1] if col - 1 < len(formats) else None
            if fmt:
                cell.number_format = fmt
        row += 1

    header("결제 방법", "건수", "금액")
    for method, count, amount in s.by_method:
        line(method, count, amount, formats=(None, COUNT_FORMAT, WON_FORMAT))
    line("합계", s.receipts, s.total, formats=(None, COUNT_FORMAT, WON_FORMAT))
    for cell in sheet[row - 1]:
        cell.font = bold
    row += 1
    header("항목", "수량", "금액")
    for item, quantity, amount in s.by_item:
        line(item, quantity, amount, formats=(None, "#,##0", WON_FORMAT))
    row += 1
    header("현금 시재", "", "금액")
    line("장부 현금", None, s.cash, formats=(None, None, WON_FORMAT))
    line("실제 현금", None, s.counted_cash if s.closed else None, formats=(None, None, WON_FORMAT))
    line("차이 (실제 - 장부)", None, s.cash_difference, formats=(None, None, WON_FORMAT))
    line("취소 영수증", s.voided, None, formats=(None, COUNT_FORMAT))
    line("정정 영수증", s.corrections, None, formats=(None, COUNT_FORMAT))
    for width, col in ((34, 1), (12, 2), (16, 3)):
        sheet.column_dimensions[get_column_letter(col)].width = width

    history = book.create_sheet("마감 이력")
    titles = ("차수", "구분", "일시", "승인자", "건수", "합계", "장부 현금", "실제 현금", "차이", "사유·비고")
    for col, title in enumerate(titles, start=1):
        cell = history.cell(row=1, column=col, value=title)
        cell.font = bold
        cell.fill = header_fill
    for r, e in enumerate(s.history, start=2):
        values = (
            e.sequence,
            e.action_label,
            e.at.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M"),
            e.actor_name,
            e.receipts,
            e.total,
            e.cash,
            e.counted_cash,
            e.cash_difference,
            e.note,
        )
        for col, value in enumerate(values, start=1):
            cell = history.cell(row=r, column=col, value=value)
            if col == 5:
                cell.number_format = COUNT_FORMAT
            elif col in (6, 7, 8, 9):
                cell.number_format = WON_FORMAT
    for col, width in enumerate((6, 10, 18, 12, 8, 14, 14, 14, 12, 40), start=1):
        history.column_dimensions[get_column_letter(col)].width = width
    history.freeze_panes = "A2"
    _mask_text_cells(book)
    book.save(path)
    return path


def _mask_text_cells(book: Workbook) -> None:
    """Every text cell of the workbook: a resident number in any spelling masked (a note can hold one), and
    text that starts with ``=`` kept as text, never run as a formula."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = mask_text(cell.value)
                    if cell.value.startswith("="):
                        cell.data_type = "s"
