"""Render the overdue-check notices to a department: 예고장 (advance notice) and 독촉장 (demand), A4 PDF.

Each carries its 문서번호 and 시행일자 (as an official document does, in the header and in the 시행 line at the
foot); a reprint of the day's notice says so (재출력) and keeps the number and the date of the first.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.documents.fonts import register_fonts
from app.documents.markup import esc
from app.documents.text import date_time
from app.domain.calendar import SEOUL
from app.views.notices import KIND_TITLES, NoticeDocument


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=18, leading=24, alignment=TA_CENTER),
        "office": ParagraphStyle("office", fontName=bold, fontSize=12, leading=16, alignment=TA_CENTER),
        "body": ParagraphStyle("body", fontName=regular, fontSize=10, leading=15),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=8.5, leading=11),
        "date": ParagraphStyle("date", fontName=regular, fontSize=8, leading=10),
        "cell_right": ParagraphStyle("cellr", fontName=regular, fontSize=8.5, leading=11, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", fontName=bold, fontSize=8.5, leading=11, alignment=TA_CENTER),
        "sign": ParagraphStyle("sign", fontName=bold, fontSize=12, leading=16, alignment=TA_CENTER),
        "small": ParagraphStyle("small", fontName=regular, fontSize=8, leading=10, alignment=TA_CENTER),
        "reprint": ParagraphStyle(
            "reprint", fontName=bold, fontSize=9, leading=12, alignment=TA_RIGHT, textColor=colors.HexColor("#b00020")
        ),
        "foot": ParagraphStyle("foot", fontName=regular, fontSize=9, leading=13),
    }


def _official_date(day: date) -> str:
    """``2026. 12. 2.``: the date as an official document writes it."""
    return f"{day.year}. {day.month}. {day.day}."


def _local(moment: datetime) -> str:
    return moment.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M")


def _story(doc: NoticeDocument, width: float) -> list[Flowable]:
    st = _styles()
    story: list[Flowable] = []
    if doc.reprint:
        story += [Paragraph(esc(f"재출력 — {doc.number or '문서번호 없음'} 원본과 같은 문서입니다"), st["reprint"])]
    story += [
        Paragraph(esc(f"{doc.office_name} {doc.office_department}"), st["office"]),
        Spacer(1, 4 * mm),
        Paragraph(esc(doc.title), st["title"]),
        Spacer(1, 6 * mm),
    ]
    day = doc.day or doc.issued_at.astimezone(SEOUL).date()
    meta = [
        ["문서번호", doc.number or "-"],
        ["시행일자", _official_date(day)],
        ["수신", f"{doc.department}장"],
        ["발신", f"{doc.office_name} {doc.office_department}장"],
        ["제목", doc.title.replace("민원 ", "유기한 민원 ")],
        ["발송 일시", date_time(doc.issued_at)],
    ]
    meta_table = Table(
        [[Paragraph(esc(k), st["cell"]), Paragraph(esc(v), st["body"])] for k, v in meta],
        colWidths=[width * 0.18, width * 0.82],
    )
    meta_table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black),
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story += [meta_table, Spacer(1, 5 * mm)]
    if doc.kind == "advance":
        text = (
            f"귀 부서 소관 유기한 민원 중 처리기한이 {doc.within_days}근무일 이내로 다가온 민원이 "
            f"{len(doc.items)}건 있습니다. 「민원 처리에 관한 법률」 제19조의 처리기간 안에 처리될 수 있도록 "
            "협조하여 주시기 바랍니다. 처리기간 연장이 필요한 경우 기간 안에 사유와 함께 민원인에게 통지하여 "
            "주십시오 (업무량은 연장 사유가 되지 않습니다)."
        )
    else:
        text = (
            f"귀 부서 소관 유기한 민원 중 처리기한이 지난 민원이 {len(doc.items)}건 있습니다. 조속히 처리하고 "
            "그 결과를 민원여권과로 알려 주시기 바랍니다. 처리기한을 반복하여 넘긴 부서는 자체 교육을 "
            "실시하고, 그 결과는 감사담당관에게 보고됩니다."
        )
    story += [Paragraph(esc(text), st["body"]), Spacer(1, 5 * mm)]

    last_head = "남은 시간" if doc.kind == "advance" else "경과"
    rows: list[list[Paragraph]] = [
        [Paragraph(esc(h), st["head"]) for h in ("번호", "민원번호", "민원 종류", "접수 일시", "처리기한", last_head)]
    ]
    for index, item in enumerate(doc.items, start=1):
        rows.append(
            [
                Paragraph(str(index), st["cell_right"]),
                Paragraph(esc(item.number), st["cell"]),
                Paragraph(esc(item.type_name), st["cell"]),
                Paragraph(esc(_local(item.received_at)), st["date"]),
                Paragraph(esc(_local(item.due_at)), st["date"]),
                Paragraph(esc(item.time_label), st["cell_right"]),
            ]
        )
    table = Table(
        rows,
        colWidths=[width * w for w in (0.06, 0.22, 0.22, 0.17, 0.17, 0.16)],
        repeatRows=1,
    )
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if doc.kind == "demand":
        style.append(("TEXTCOLOR", (5, 1), (5, -1), colors.HexColor("#b00020")))
    table.setStyle(TableStyle(style))
    story += [
        table,
        Spacer(1, 12 * mm),
        Paragraph(esc(f"{doc.office_name} {doc.office_department}장"), st["sign"]),
        Spacer(1, 2 * mm),
        Paragraph(esc(f"담당: {doc.sender} · {doc.office_address} · ☎ {doc.office_phone}"), st["small"]),
        Spacer(1, 6 * mm),
        Paragraph(esc(f"시행  {doc.number or '-'} ({_official_date(day)})"), st["foot"]),
    ]
    return story


def render_notice(doc: NoticeDocument, path: Path) -> Path:
    """Write the notice as an A4 PDF at ``path`` and return it."""
    if doc.kind not in KIND_TITLES:
        raise ValueError(f"알 수 없는 통지 종류입니다: {doc.kind}")
    path.parent.mkdir(parents=True, exist_ok=True)
    margin = 18 * mm
    pdf = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=f"{doc.title} - {doc.department}" + (f" ({doc.number})" if doc.number else ""),
        author=doc.office_name,
        subject=doc.title,
    )
    pdf.build(_story(doc, A4[0] - 2 * margin))
    return path
