"""Render the printable shortcut sheet (단축키표) on A4: the keys of every tab of the role in a table each
(two pages for a supervisor). It takes a ``ShortcutSheet`` of plain values; the screen collects them from its
own widgets."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.documents.fonts import register_fonts
from app.documents.markup import esc
from app.domain.identity import mask_text
from app.views.help import ShortcutSection, ShortcutSheet


def _t(text: object) -> str:
    return esc(mask_text(str(text)))


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=16, leading=21, alignment=TA_CENTER),
        "sub": ParagraphStyle("sub", fontName=regular, fontSize=9, leading=12, alignment=TA_CENTER),
        "heading": ParagraphStyle("heading", fontName=bold, fontSize=10.5, leading=13, spaceBefore=4, spaceAfter=1),
        "body": ParagraphStyle("body", fontName=regular, fontSize=7.5, leading=9.5, spaceAfter=2),
        "key": ParagraphStyle("key", fontName=bold, fontSize=7.5, leading=9),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=7.5, leading=9),
    }


def _section(section: ShortcutSection, styles: dict[str, ParagraphStyle]) -> KeepTogether:
    parts: list[object] = [Paragraph(_t(section.title), styles["heading"])]
    if section.text:
        parts.append(Paragraph(_t(section.text), styles["body"]))
    rows = [[Paragraph("키", styles["key"]), Paragraph("하는 일", styles["key"]), Paragraph("화면", styles["key"])]]
    rows += [
        [
            Paragraph(_t(row.keys), styles["key"]),
            Paragraph(_t(row.action), styles["cell"]),
            Paragraph(_t(row.where), styles["cell"]),
        ]
        for row in section.rows
    ]
    if not section.rows:
        rows.append([Paragraph("—", styles["cell"]), Paragraph("단축키 없음", styles["cell"]), ""])
    table = Table(rows, colWidths=[32 * mm, 104 * mm, 44 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#888888")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    parts.append(table)
    return KeepTogether(parts)


def render_shortcut_sheet(sheet: ShortcutSheet, path: Path) -> Path:
    """Write the sheet as an A4 PDF at ``path``."""
    styles = _styles()
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=10 * mm,
        bottomMargin=10 * mm,
        title=sheet.title,
        author="민원창구",
    )
    story: list[object] = [
        Paragraph(_t(sheet.title), styles["title"]),
        Paragraph(_t(sheet.subtitle), styles["sub"]),
        Spacer(1, 4 * mm),
    ]
    story += [_section(section, styles) for section in sheet.sections]
    doc.build(story)
    return path
