"""Render a receipt (영수증) to PDF: an 80 mm roll for the thermal printer, or an A4 page."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.documents.fonts import register_fonts
from app.documents.markup import esc
from app.formatting import date_time, number, won
from app.views.receipts import ReceiptView

FORMATS = ("roll80", "a4")


def _styles(base: float) -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=base + 5, leading=base + 9, alignment=TA_CENTER),
        "center": ParagraphStyle("center", fontName=regular, fontSize=base, leading=base + 3, alignment=TA_CENTER),
        "body": ParagraphStyle("body", fontName=regular, fontSize=base, leading=base + 3),
        "small": ParagraphStyle("small", fontName=regular, fontSize=base - 1.5, leading=base + 1),
        "right": ParagraphStyle("right", fontName=regular, fontSize=base, leading=base + 3, alignment=TA_RIGHT),
        "total": ParagraphStyle("total", fontName=bold, fontSize=base + 3, leading=base + 6, alignment=TA_RIGHT),
    }


def _story(receipt: ReceiptView, width: float, base: float) -> list[Flowable]:
    st = _styles(base)
    regular, bold = register_fonts()
    story: list[Flowable] = [
        Paragraph("영 수 증", st["title"]),
        Paragraph(esc(f"{receipt.office_name} {receipt.department}"), st["center"]),
        Spacer(1, 2 * mm),
    ]
    if receipt.status == "voided":
        story.append(Paragraph(f"<b>[취소된 영수증]</b> 사유: {esc(receipt.void_reason)}", st["center"]))
    elif receipt.status == "correction":
        story.append(Paragraph(f"<b>[정정 영수증]</b> 사유: {esc(receipt.void_reason)}", st["center"]))
    info = [
        ["영수증 번호", receipt.number],
        ["발행 일시", date_time(receipt.issued_at)],
        ["창구", receipt.terminal_name or "-"],
        ["담당", receipt.clerk_name],
    ]
    if receipt.applicant_name:
        who = receipt.applicant_name
        if receipt.applicant_rrn_masked:
            who += f" ({receipt.applicant_rrn_masked})"
        info.append(["민원인", who])
    info_table = Table(
        [[Paragraph(k, st["small"]), Paragraph(esc(v), st["body"])] for k, v in info],
        colWidths=[width * 0.3, width * 0.7],
    )
    info_table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    story += [info_table, Spacer(1, 2 * mm)]

    rows: list[list[Paragraph]] = [
        [Paragraph(h, st["small"]) for h in ("항목", "수량", "단가", "금액")],
    ]
    for line in receipt.lines:
        desc = esc(line.description)
        if line.exemption:
            desc += f"<br/><font size={base - 1.5}>면제: {esc(line.exemption)}</font>"
        rows.append(
            [
                Paragraph(desc, st["body"]),
                Paragraph(number(line.quantity), st["right"]),
                Paragraph(won(line.unit_fee), st["right"]),
                Paragraph(won(line.amount), st["right"]),
            ]
        )
    lines_table = Table(rows, colWidths=[width * 0.40, width * 0.12, width * 0.24, width * 0.24], repeatRows=1)
    lines_table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("LINEBELOW", (0, -1), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 1),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    story += [
        lines_table,
        Spacer(1, 2 * mm),
        Paragraph(f"합계 {won(receipt.total)}", st["total"]),
        Paragraph(f"결제 수단: {receipt.payment_method}", st["right"]),
        Spacer(1, 3 * mm),
        Paragraph(esc(f"{receipt.office_address}  ☎ {receipt.office_phone}"), st["small"]),
        Paragraph(
            "위 금액을 정히 영수합니다." if receipt.status == "issued" else "이 영수증은 수납 증명으로 쓸 수 없습니다.",
            st["center"],
        ),
    ]
    return story


def render_receipt(receipt: ReceiptView, path: Path, *, paper: str = "roll80") -> Path:
    """Write the receipt as a PDF at ``path`` and return it."""
    if paper not in FORMATS:
        raise ValueError(f"영수증 용지는 {', '.join(FORMATS)} 중 하나여야 합니다: {paper}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if paper == "a4":
        margin = 20 * mm
        pagesize = A4
        base = 10.0
    else:
        margin = 3 * mm
        base = 8.0
        # A roll has no fixed length: measure the content and size the page to it, so the printer
        # cuts once however many lines and however long their names.
        measured = 0.0
        for flowable in _story(receipt, 80 * mm - 2 * margin, base):
            _, height = flowable.wrap(80 * mm - 2 * margin, 10_000 * mm)
            measured += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
        pagesize = (80 * mm, measured + 2 * margin + 12 * mm)
    width = pagesize[0] - 2 * margin
    doc = SimpleDocTemplate(
        str(path),
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=f"영수증 {receipt.number}",
        author=receipt.office_name,
        subject="영수증",
    )
    doc.build(_story(receipt, width, base))
    return path
