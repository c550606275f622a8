"""Render the passport checklist (여권 구비서류 안내) the guide hands out: documents and fee, no person."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.documents.fonts import register_fonts
from app.documents.markup import esc
from app.documents.text import date_time, won
from app.views.passport import ChecklistSheet

_GREY = colors.HexColor("#555555")
_LIGHT = colors.HexColor("#f2f2f2")
_WARN = colors.HexColor("#fff4e0")


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    return {
        "office": ParagraphStyle("office", fontName=regular, fontSize=9, leading=12, textColor=_GREY),
        "title": ParagraphStyle("title", fontName=bold, fontSize=17, leading=22, spaceAfter=2 * mm),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=11.5, leading=15, spaceBefore=4 * mm, spaceAfter=1.5 * mm),
        "body": ParagraphStyle("body", fontName=regular, fontSize=10, leading=14),
        "bold": ParagraphStyle("bold", fontName=bold, fontSize=10, leading=14),
        "small": ParagraphStyle("small", fontName=regular, fontSize=8.3, leading=11, textColor=_GREY),
        "small_right": ParagraphStyle(
            "small_right", fontName=regular, fontSize=8.3, leading=11, textColor=_GREY, alignment=2
        ),
        "box": ParagraphStyle("box", fontName=bold, fontSize=13, leading=16),
        "right": ParagraphStyle("right", fontName=regular, fontSize=10, leading=14, alignment=2),
        "right_bold": ParagraphStyle("right_bold", fontName=bold, fontSize=11, leading=14, alignment=2),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(esc(text).replace("\n", "<br/>"), style)


def _story(sheet: ChecklistSheet, width: float) -> list[Flowable]:
    st = _styles()
    story: list[Flowable] = [
        _p(f"{sheet.office_name} {sheet.department}", st["office"]),
        _p("여권 발급 구비서류 안내", st["title"]),
        _p(f"안내 일시: {date_time(sheet.printed_at)} · 안내: {sheet.printed_by}", st["small"]),
        Spacer(1, 2 * mm),
        _p("안내 대상", st["h2"]),
        _p(" · ".join(sheet.situation), st["body"]),
        _p("구비서류", st["h2"]),
    ]
    rows: list[list[Flowable]] = [[_p("확인", st["small"]), _p("서류", st["small"]), _p("구분", st["small"])]]
    for item in sheet.items:
        text = item.text + ("" if item.verified else " (확인 중)")
        rows.append(
            [
                _p("□", st["box"]),
                Table(
                    [[_p(text, st["body"])], [_p(item.why, st["small"])]],
                    colWidths=[width * 0.74],
                    style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]),
                ),
                _p("필수" if item.required else "해당 시", st["bold"] if item.required else st["body"]),
            ]
        )
    table = Table(rows, colWidths=[width * 0.08, width * 0.76, width * 0.16], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), _LIGHT),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#bbbbbb")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 1), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 3),
            ]
        )
    )
    story.append(table)

    if sheet.fee is not None:
        fee = sheet.fee
        note = "" if fee.verified else " (확인 중인 금액: 창구에서 다시 확인하세요)"
        fee_rows = [
            [
                _p("여권", st["small"]),
                _p("발급수수료", st["small"]),
                _p("국제교류기여금", st["small"]),
                _p("합계", st["small"]),
            ],
            [
                _p(fee.label, st["body"]),
                _p(won(fee.fee), st["right"]),
                _p(won(fee.contribution), st["right"]),
                _p(won(fee.total), st["right_bold"]),
            ],
        ]
        fee_table = Table(fee_rows, colWidths=[width * 0.40, width * 0.20, width * 0.20, width * 0.20])
        fee_table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), _LIGHT),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#bbbbbb")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        story += [
            _p("수수료", st["h2"]),
            fee_table,
            Spacer(1, 1 * mm),
            _p(f"적용 수수료표: {fee.table}{note}. 수수료는 신청(접수)하는 때 시행 중인 금액입니다.", st["small"]),
        ]

    if sheet.emergency_warning:
        warn = Table([[_p("긴급여권 유의사항\n" + sheet.emergency_warning, st["body"])]], colWidths=[width])
        warn.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), _WARN),
                    ("BOX", (0, 0), (-1, -1), 0.8, colors.HexColor("#c77700")),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ]
            )
        )
        story += [Spacer(1, 4 * mm), KeepTogether([warn])]

    story += [
        _p("알아 두세요", st["h2"]),
        _p("· 사진은 신청일 전 6개월 이내에 찍은 여권용 사진이어야 합니다.", st["body"]),
        _p(f"· {sheet.keeping_note}", st["body"]),
    ]
    story += [_p(f"· {note}", st["body"]) for note in sheet.notes]
    story += [
        Spacer(1, 6 * mm),
        _p(f"{sheet.office_address}  ☎ {sheet.office_phone}", st["small"]),
        _p("이 안내문은 일반 안내이며 신청인의 개인정보를 담고 있지 않습니다.", st["small"]),
    ]
    return story


def render_checklist(sheet: ChecklistSheet, path: Path) -> Path:
    """Write the checklist as an A4 PDF at ``path`` and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    margin = 18 * mm
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title="여권 발급 구비서류 안내",
        author=sheet.office_name,
        subject="여권 구비서류 안내",
    )
    doc.build(_story(sheet, A4[0] - 2 * margin))
    return path
