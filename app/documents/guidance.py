"""Render the one-page follow-up guidance sheet (후속절차 안내문) handed to the filer after a family filing.

What the sheet says comes whole from the family service in a ``GuidanceSheet`` (texts, people, this child's
benefit amounts); this module only lays it out. Any resident number that slipped into a text is masked.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.documents.fonts import register_fonts
from app.documents.markup import esc
from app.domain.identity import mask_text
from app.views.family import GuidanceLine, GuidanceSheet

_UNVERIFIED = " *"


def _t(text: object) -> str:
    """Text for a reportlab paragraph: any resident number masked, markup characters escaped."""
    return esc(mask_text(str(text)))


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    return {
        "office": ParagraphStyle("office", fontName=regular, fontSize=9.5, leading=12, alignment=TA_CENTER),
        "title": ParagraphStyle("title", fontName=bold, fontSize=16, leading=21, alignment=TA_CENTER),
        "sub": ParagraphStyle("sub", fontName=regular, fontSize=9, leading=12, alignment=TA_CENTER),
        "key": ParagraphStyle("key", fontName=bold, fontSize=9.5, leading=12.5),
        "value": ParagraphStyle("value", fontName=regular, fontSize=9.5, leading=12.5),
        "heading": ParagraphStyle("heading", fontName=bold, fontSize=11.5, leading=15, spaceBefore=5, spaceAfter=2),
        "body": ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=13.5, spaceAfter=2),
        "item": ParagraphStyle(
            "item", fontName=regular, fontSize=9.5, leading=13.5, leftIndent=12, bulletIndent=3, spaceAfter=1
        ),
        "where": ParagraphStyle(
            "where",
            fontName=regular,
            fontSize=9,
            leading=12.5,
            leftIndent=3,
            spaceAfter=3,
            textColor=colors.HexColor("#1f3b63"),
        ),
        "small": ParagraphStyle(
            "small", fontName=regular, fontSize=7.5, leading=10, textColor=colors.HexColor("#444444")
        ),
    }


def _line(line: GuidanceLine) -> str:
    text = _t(line.text)
    if line.benefit_note:
        text += f" <b>[{_t(line.benefit_note)}]</b>"
    return text + ("" if line.verified else _UNVERIFIED)


def _story(sheet: GuidanceSheet) -> list[Flowable]:
    st = _styles()
    story: list[Flowable] = [
        Paragraph(_t(sheet.office_line), st["office"]),
        Spacer(1, 1.5 * mm),
        Paragraph(_t(sheet.title), st["title"]),
        Spacer(1, 1 * mm),
        Paragraph(_t(sheet.opening), st["sub"]),
        Spacer(1, 3 * mm),
    ]
    table = Table(
        [[Paragraph(_t(k), st["key"]), Paragraph(_t(v), st["value"])] for k, v in sheet.facts],
        colWidths=[32 * mm, 138 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#7a8699")),
                ("INNERGRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#c5ccd6")),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef2f7")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    story += [table, Spacer(1, 2 * mm)]
    for part in sheet.parts:
        story.append(Paragraph(_t(part.heading) + ("" if part.verified else _UNVERIFIED), st["heading"]))
        story += [Paragraph(_t(paragraph), st["body"]) for paragraph in part.paragraphs]
        story += [Paragraph(_line(line), st["item"], bulletText="•") for line in part.lines]
        if part.where:
            story.append(Paragraph("신청·문의: " + _t(part.where), st["where"]))
    story.append(Spacer(1, 3 * mm))
    story += [Paragraph(_t(note), st["small"]) for note in sheet.notes]
    return story


def render_guidance(sheet: GuidanceSheet, path: Path) -> Path:
    """Write ``sheet`` to ``path`` (one A4 page) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    margin = 18 * mm
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=margin,
        bottomMargin=margin,
        title=f"후속절차 안내 {sheet.filing_number}",
        author=sheet.office_name,
        subject="가족관계등록 신고 후속절차 안내문",
    )
    # One page by design: a long sheet is shrunk to fit rather than spilling onto a second page.
    frame = KeepInFrame(doc.width, doc.height, _story(sheet), mode="shrink")
    doc.build([frame])
    return path
