"""Render the applicant's petition papers as A4 PDFs: 민원 접수증, 보완요구서 and 처리결과 통지서.

One layout for all three: the office at the head, the petition's facts in a table, the paper's own part, how to
ask about progress and the issuer with a place for the seal. The resident number and the phone only masked.
"""

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
from app.domain.calendar import SEOUL
from app.domain.deadlines import counting_unit
from app.documents.text import date_time, long_date
from app.views.petitions import PetitionPaperView

TITLES = {"intake": "민원 접수증", "supplement": "민원서류 보완요구서", "result": "민원 처리결과 통지서"}
_COUNTING = {
    "working_hours": "근무시간으로 계산 (1일 = 8근무시간, 토요일·공휴일 제외)",
    "working_days": "접수일을 첫날로 하여 근무일로 계산 (토요일·공휴일 제외)",
    "calendar": "접수일을 첫날로 하여 역(曆)에 따라 계산 (마지막 날이 토요일·공휴일이면 다음 근무일)",
}


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    return {
        "office": ParagraphStyle("office", fontName=bold, fontSize=12, leading=16, alignment=TA_CENTER),
        "title": ParagraphStyle("title", fontName=bold, fontSize=20, leading=26, alignment=TA_CENTER),
        "mark": ParagraphStyle("mark", fontName=bold, fontSize=10, leading=13, alignment=TA_RIGHT),
        "key": ParagraphStyle("key", fontName=bold, fontSize=9.5, leading=13),
        "value": ParagraphStyle("value", fontName=regular, fontSize=10, leading=14),
        "strong": ParagraphStyle("strong", fontName=bold, fontSize=11, leading=15),
        "head": ParagraphStyle("head", fontName=bold, fontSize=11, leading=15, spaceBefore=4),
        "body": ParagraphStyle("body", fontName=regular, fontSize=10, leading=15),
        "note": ParagraphStyle(
            "note", fontName=regular, fontSize=8.5, leading=12, textColor=colors.HexColor("#333333")
        ),
        "sign": ParagraphStyle("sign", fontName=bold, fontSize=15, leading=20, alignment=TA_CENTER),
        "small": ParagraphStyle("small", fontName=regular, fontSize=8, leading=10, alignment=TA_CENTER),
        "seal": ParagraphStyle("seal", fontName=regular, fontSize=9, leading=11, alignment=TA_CENTER),
    }


def _facts(paper: PetitionPaperView, width: float, st: dict[str, ParagraphStyle]) -> Table:
    p = paper.petition
    who = p.applicant_name + (f" ({paper.resident_masked})" if paper.resident_masked else "")
    rows: list[tuple[str, str]] = [
        ("접수번호", p.number),
        ("민원 종류", p.type_name),
        ("소관부서", p.department),
        ("민원인", who),
    ]
    if p.phone_masked:
        rows.append(("연락처", p.phone_masked))
    rows.append(("접수 일시", date_time(p.received_at)))
    if paper.kind != "result":
        unit = counting_unit(p.period, on=p.received_at.astimezone(SEOUL).date())
        rows.append(("처리기간", f"{p.period} — {_COUNTING[unit]}"))
        rows.append(
            ("처리기한", date_time(p.due_at) + (f" (연장 {p.extension_count}회 반영)" if p.extension_count else ""))
        )
    if p.summary and paper.kind == "intake":
        rows.append(("민원 요지", p.summary))
    table = Table(
        [[Paragraph(esc(k), st["key"]), Paragraph(esc(v), st["value"])] for k, v in rows],
        colWidths=[width * 0.2, width * 0.8],
    )
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef1f4")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    deadline_row = next((i for i, (k, _) in enumerate(rows) if k == "처리기한"), None)
    if deadline_row is not None:
        style.append(("FONTNAME", (1, deadline_row), (1, deadline_row), register_fonts()[1]))
    table.setStyle(TableStyle(style))
    return table


def _boxed(lines: list[Flowable], width: float) -> Table:
    box = Table([[lines]], colWidths=[width])
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return box


def _intake_part(paper: PetitionPaperView, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    p = paper.petition
    return [
        Paragraph("위와 같이 민원을 접수하였습니다.", st["strong"]),
        Spacer(1, 2 * mm),
        Paragraph(
            esc(
                f"처리기한은 {date_time(p.due_at)}입니다. 서류의 보완이 필요하면 보완에 걸린 기간만큼, 처리기간을 "
                "연장하면 연장한 기간만큼 기한이 늦춰지며, 그때마다 따로 알려 드립니다."
            ),
            st["body"],
        ),
    ]


def _supplement_part(paper: PetitionPaperView, width: float, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    s = paper.supplement
    if s is None:
        raise ValueError("보완요구서에 보완 요구 내용이 없습니다.")
    t = paper.texts
    due = long_date(s.due_on) + "까지" if s.due_on else "정하지 않음 (담당 부서에 문의)"
    rows = [
        ("보완 요구", f"{s.sequence}차 · {date_time(s.requested_at)}"),
        ("보완할 사항", s.what),
        ("보완 기한", due),
    ]
    table = Table(
        [
            [Paragraph(esc(k), st["key"]), Paragraph(esc(v), st["strong" if k != "보완 요구" else "value"])]
            for k, v in rows
        ],
        colWidths=[width * 0.2, width * 0.8],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#fff4d6")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    story: list[Flowable] = [
        Paragraph(
            esc(f"{t.supplement_basis}에 따라 접수하신 민원의 서류에 아래와 같이 보완을 요구합니다."), st["body"]
        ),
        Spacer(1, 2 * mm),
        table,
        Spacer(1, 3 * mm),
    ]
    if s.resumed_at is not None:
        story.append(Paragraph(esc(f"보완 서류 도착: {date_time(s.resumed_at)}"), st["body"]))
    story.append(
        _boxed(
            [
                Paragraph("처리기간의 정지", st["head"]),
                Paragraph(esc(t.supplement_clock), st["body"]),
                Spacer(1, 1.5 * mm),
                Paragraph(esc(f"· {t.supplement_extension}"), st["note"]),
                Paragraph(esc(f"· {t.supplement_unanswered}"), st["note"]),
            ],
            width,
        )
    )
    return story


def _result_part(paper: PetitionPaperView, width: float, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    r = paper.result
    if r is None:
        raise ValueError("처리결과 통지서에 처리 결과가 없습니다.")
    t = paper.texts
    labels = {"인용": "인용 (신청하신 대로 처리)", "불가": "불가 (신청을 받아들일 수 없음)", "종결": "종결"}
    rows = [
        ("처리 결과", labels.get(r.outcome, r.outcome)),
        ("처리 일시", date_time(r.decided_at)),
    ]
    if r.reason:
        rows.append(("사유" if r.outcome != "인용" else "내용", r.reason))
    table = Table(
        [[Paragraph(esc(k), st["key"]), Paragraph(esc(v), st["strong"])] for k, v in rows],
        colWidths=[width * 0.2, width * 0.8],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef1f4")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    story: list[Flowable] = [
        Paragraph("접수하신 민원을 아래와 같이 처리하였음을 알려 드립니다.", st["body"]),
        Spacer(1, 2 * mm),
        table,
        Spacer(1, 3 * mm),
    ]
    if r.adverse:
        story.append(
            _boxed(
                [
                    Paragraph("불복 절차 안내", st["head"]),
                    Paragraph(
                        esc(
                            f"이 처분에 이의가 있으면 처분이 있음을 안 날부터 {t.appeal_days}일 이내에 "
                            f"행정심판({t.appeal_basis})을 청구하거나 행정소송({t.lawsuit_basis})을 제기할 수 "
                            "있습니다."
                        ),
                        st["body"],
                    ),
                    Paragraph(esc(f"· 행정심판 청구: {t.appeal_where}"), st["note"]),
                    Paragraph(
                        esc(
                            "· 처분이 있은 날부터 행정심판은 180일, 행정소송은 1년이 지나면 정당한 사유가 없는 한 "
                            "청구·제기할 수 없습니다."
                        ),
                        st["note"],
                    ),
                    Paragraph(
                        esc("· 이 안내는 참고를 위한 것이며, 청구 기간과 절차는 해당 법령이 정한 바에 따릅니다."),
                        st["note"],
                    ),
                ],
                width,
            )
        )
    return story


def _story(paper: PetitionPaperView, width: float) -> list[Flowable]:
    st = _styles()
    o = paper.office
    story: list[Flowable] = []
    if paper.copy > 1:
        story.append(Paragraph(esc(f"재발행 ({paper.copy - 1}회)"), st["mark"]))
    story += [
        Paragraph(esc(f"{o.name} {o.department}"), st["office"]),
        Spacer(1, 3 * mm),
        Paragraph(esc(TITLES[paper.kind]), st["title"]),
        Spacer(1, 6 * mm),
        _facts(paper, width, st),
        Spacer(1, 5 * mm),
    ]
    if paper.kind == "intake":
        story += _intake_part(paper, st)
    elif paper.kind == "supplement":
        story += _supplement_part(paper, width, st)
    else:
        story += _result_part(paper, width, st)
    story += [
        Spacer(1, 5 * mm),
        _boxed(
            [
                Paragraph("처리 상황 문의", st["head"]),
                Paragraph(
                    esc(f"{o.name} {o.department} ☎ {o.phone} (평일 09:00~18:00) · 접수번호 {paper.petition.number}"),
                    st["body"],
                ),
                Paragraph(esc(paper.texts.progress_inquiry), st["note"]),
            ],
            width,
        ),
        Spacer(1, 10 * mm),
        Paragraph(esc(long_date(paper.printed_at.astimezone(SEOUL).date())), st["seal"]),
        Spacer(1, 6 * mm),
    ]
    seal = Table([[Paragraph("(직인)", st["seal"])]], colWidths=[22 * mm], rowHeights=[22 * mm])
    seal.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#999999")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TEXTCOLOR", (0, 0), (-1, -1), colors.HexColor("#999999")),
            ]
        )
    )
    signer = Table(
        [[Paragraph(esc(f"{o.name}장"), st["sign"]), seal]],
        colWidths=[width - 30 * mm, 30 * mm],
    )
    signer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story += [
        signer,
        Spacer(1, 6 * mm),
        Paragraph(
            esc(
                f"{o.address} · 담당 {paper.petition.department} · "
                f"출력 {date_time(paper.printed_at)} ({paper.printed_by})"
            ),
            st["small"],
        ),
    ]
    if not paper.texts.verified:
        story.append(Paragraph("※ 안내 문구의 법령 근거 확인 전", st["small"]))
    return story


def render_petition_paper(paper: PetitionPaperView, path: Path) -> Path:
    """Write the paper as an A4 PDF at ``path`` and return it."""
    if paper.kind not in TITLES:
        raise ValueError(f"알 수 없는 민원 서류입니다: {paper.kind}")
    path.parent.mkdir(parents=True, exist_ok=True)
    margin = 20 * mm
    title = TITLES[paper.kind]
    pdf = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{title} - {paper.petition.number}",
        author=paper.office.name,
        subject=title,
    )
    pdf.build(_story(paper, A4[0] - 2 * margin))
    return path
