"""Render the one-page follow-up guidance sheet (후속절차 안내문) handed to the filer after a family filing.

The texts come from ``guidance.toml`` through :func:`app.domain.family.guidance_for`; for a birth the
amounts of the benefits that apply to this child (its birth order matters) come from the benefit
catalog. The sheet names the people but prints resident numbers only masked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.documents.fonts import register_fonts
from app.domain.family import Guidance, guidance_for, korean_date
from app.domain.identity import mask_text
from app.formatting import date_time
from app.services.family import FilingView

_ORDINALS = ("첫째", "둘째", "셋째", "넷째", "다섯째", "여섯째", "일곱째", "여덟째", "아홉째", "열째")
_UNVERIFIED = " *"


@dataclass(frozen=True, slots=True)
class _Benefit:
    verdict: str
    amount_text: str
    deadline_text: str


def _t(text: object) -> str:
    """Text for a reportlab paragraph: any resident number masked, markup characters escaped."""
    return escape(mask_text(str(text)))


def _ordinal(order: int | None) -> str:
    if order is None:
        return "-"
    return _ORDINALS[order - 1] if 1 <= order <= len(_ORDINALS) else f"{order}째"


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


def _benefits(view: FilingView, guidance: Guidance, on: date) -> dict[str, _Benefit]:
    """Each benefit of the sheet as it stands for this child; empty when the catalog cannot answer."""
    if view.form != "birth" or not guidance.benefit_codes:
        return {}
    from app.domain.benefits import match_benefits
    from app.services.family import welfare_household

    try:
        household = welfare_household(view)
        answers = match_benefits(household, on=on, codes=list(guidance.benefit_codes))
    except (ValueError, LookupError):
        # No catalog entry in force that day: the sheet still names every benefit, only the
        # child-specific amounts are left out. A programming error (TypeError …) must surface.
        return {}
    return {a.code: _Benefit(a.verdict, a.amount_text, a.deadline_text) for a in answers}


def _people_rows(view: FilingView) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = [("신고 종류", view.kind_name), ("신고 번호", view.number)]
    details: Mapping[str, object] = view.details
    if view.form == "birth":
        sex = f" ({details.get('sex')})" if details.get("sex") else ""
        born = view.occurred_on or view.event_date
        when = korean_date(born) + (f" {details.get('birth_time')}" if details.get("birth_time") else "")
        rows.append(("출생아", f"{view.subject_name}{sex} · 출생 {when} · {_ordinal(view.birth_order)}"))
    elif view.form == "death":
        died = view.occurred_on or view.event_date
        who = view.subject_name + (f" ({view.subject_rrn_masked})" if view.subject_rrn_masked else "")
        rows.append(("돌아가신 분", f"{who} · 사망 {korean_date(died)}"))
    elif view.form == "name_change":
        who = f"{details.get('old_name', view.subject_name)} → {details.get('new_name', '')}"
        if view.subject_rrn_masked:
            who += f" ({view.subject_rrn_masked})"
        rows.append(("개명", who))
    for party in view.parties:
        if party.role in ("filer", "deceased", "guarantor1", "guarantor2") or view.form == "name_change":
            continue
        rows.append((party.role_label, party.name + (f" ({party.rrn_masked})" if party.rrn_masked else "")))
    rows.append(("신고인", f"{view.filer_name} ({view.filer_relation_label})"))
    rows.append(("접수", f"{date_time(view.received_at)} · {view.department or view.office_name}"))
    return rows


def _opening(view: FilingView) -> str:
    if view.form == "birth":
        return f"{view.subject_name} 아기의 출생신고를 접수했습니다. 축하드립니다. 이어서 하실 일을 알려 드립니다."
    if view.form == "death":
        return f"고(故) {view.subject_name}님의 사망신고를 접수했습니다. 이어서 하실 일을 알려 드립니다."
    return f"{view.subject_name}님의 {view.kind_name} 신고를 접수했습니다. 이어서 하실 일을 알려 드립니다."


def _story(view: FilingView, on: date) -> list[Flowable]:
    st = _styles()
    event_date = view.occurred_on or view.event_date if view.form in ("birth", "death") else None
    guidance = guidance_for(
        view.kind,
        event_date=event_date,
        birth_order=view.birth_order if view.form == "birth" else None,
        on=on,
    )
    benefits = _benefits(view, guidance, on)
    story: list[Flowable] = [
        Paragraph(_t(f"{view.office_name} {view.department}"), st["office"]),
        Spacer(1, 1.5 * mm),
        Paragraph(_t(guidance.title), st["title"]),
        Spacer(1, 1 * mm),
        Paragraph(_t(_opening(view)), st["sub"]),
        Spacer(1, 3 * mm),
    ]
    rows = _people_rows(view)
    table = Table(
        [[Paragraph(_t(k), st["key"]), Paragraph(_t(v), st["value"])] for k, v in rows],
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
    for section in guidance.sections:
        mark = "" if section.verified else _UNVERIFIED
        story.append(Paragraph(_t(section.heading) + mark, st["heading"]))
        for paragraph in section.paragraphs:
            story.append(Paragraph(_t(paragraph), st["body"]))
        for item in section.items:
            text = _t(item.text)
            answer = benefits.get(item.benefit or "")
            if answer is not None:
                if answer.verdict == "비대상":
                    continue  # not for this child (e.g. 다자녀 감면 for a second child where the rule is three)
                extra = answer.amount_text
                if answer.verdict != "대상":
                    extra = f"{extra} — {answer.verdict}" if extra else answer.verdict
                if extra:
                    text += f" <b>[{_t(extra)}]</b>"
            story.append(Paragraph(text + ("" if item.verified else _UNVERIFIED), st["item"], bulletText="•"))
        if section.where:
            story.append(Paragraph("신청·문의: " + _t(section.where), st["where"]))
    story.append(Spacer(1, 3 * mm))
    notes = []
    if benefits:
        notes.append(
            f"[ ] 안의 금액은 {korean_date(on)} 기준 이 아이({_ordinal(view.birth_order)})에게 해당하는 금액이며, "
            "소득·보육 여부 등에 따라 달라질 수 있습니다. 최종 결정은 담당 기관이 합니다."
        )
    if not guidance.verified:
        notes.append("* 표시한 내용은 담당 부서가 확인 중인 자료입니다. 신청 전에 담당 기관에 확인하세요.")
    if view.estimated_fine:
        notes.append(
            f"신고기간이 지나 과태료가 부과될 수 있습니다 (예상 {view.estimated_fine:,}원, 등록관이 정합니다)."
        )
    notes.append("이 안내문의 주민등록번호는 뒷자리를 가렸습니다.")
    notes.append("근거: " + "; ".join(guidance.sources))
    contact = " · ".join(
        part for part in (view.office_address, f"☎ {view.office_phone}" if view.office_phone else "") if part
    )
    if contact:
        notes.append(f"{view.office_name} {view.department}: {contact}")
    story += [Paragraph(_t(n), st["small"]) for n in notes]
    return story


def render_guidance(view: FilingView, path: Path, *, on: date | None = None) -> Path:
    """Write the guidance sheet for ``view`` to ``path`` (one A4 page) and return the path."""
    day = on or view.filed_on
    path.parent.mkdir(parents=True, exist_ok=True)
    margin = 18 * mm
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=margin,
        bottomMargin=margin,
        title=f"후속절차 안내 {view.number}",
        author=view.office_name,
        subject="가족관계등록 신고 후속절차 안내문",
    )
    # One page by design: a long sheet is shrunk to fit rather than spilling onto a second page.
    frame = KeepInFrame(doc.width, doc.height, _story(view, day), mode="shrink")
    doc.build([frame])
    return path
