"""Render the one-page 복지 혜택 안내 sheet: the answers of a benefit look-up with the reason for each.

The sheet shows the look-up date, the catalog version, the household by name, relation and age (never
a resident number; a birth date only inside the reason of an age rule), and for each benefit the
verdict, the amount, why, where to apply, the documents and the deadline. Anything that rests on
unconfirmed data is marked as such. The sheet always fits one A4 page: the type gets smaller, and
nothing is left out.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.documents.fonts import register_fonts
from app.documents.markup import esc
from app.domain.benefits import (
    VERDICT_CHECK,
    VERDICT_ELIGIBLE,
    VERDICT_NOT_ELIGIBLE,
    BenefitAnswer,
    Household,
    Person,
    age_in_months,
)
from app.domain.identity import full_years, mask_text
from app.documents.text import date_time, won
from app.views.benefits import BenefitLookup
from app.views.office import OfficeView

MARGIN = 14 * mm
# Largest type first; the first size whose sheet fits one page is used.
_SIZES = (9.0, 8.5, 8.0, 7.5, 7.0, 6.5)
_ORDINALS = ("첫째", "둘째", "셋째", "넷째", "다섯째", "여섯째", "일곱째", "여덟째", "아홉째", "열째")
_UNVERIFIED_PREFIX = "※ 확인되지 않은 자료"

VERDICT_COLOURS = {
    VERDICT_ELIGIBLE: ("#1b5e20", "#e8f5e9"),
    VERDICT_CHECK: ("#8a5300", "#fff3dc"),
    VERDICT_NOT_ELIGIBLE: ("#555555", "#f1f1f1"),
}


def _t(text: object) -> str:
    """Text for a reportlab paragraph: any resident number masked, markup characters escaped."""
    return esc(mask_text(str(text)))


def _ordinal(order: int | None) -> str:
    if order is None:
        return ""
    return _ORDINALS[order - 1] if 1 <= order <= len(_ORDINALS) else f"{order}째"


def person_age(person: Person, on: date) -> str:
    """``만 38세``, ``만 1세 (14개월)``, ``생후 3개월``; ``나이 모름`` without a birth date."""
    born = person.birth_date
    if born is None or born > on:
        return "나이 모름"
    years = full_years(born, on)
    if years >= 3:
        return f"만 {years}세"
    months = age_in_months(born, on)
    return f"생후 {months}개월" if years == 0 else f"만 {years}세 ({months}개월)"


def household_lines(household: Household, on: date) -> list[str]:
    """One line per person: name (relation, age, flags); the names as typed, numbers masked."""
    lines = []
    for person in household.people:
        parts = [person.relation or "관계 모름", person_age(person, on)]
        if person.flags:
            parts.append("·".join(sorted(person.flags)))
        lines.append(f"{person.name.strip() or '(이름 없음)'} ({', '.join(parts)})")
    if household.flags:
        lines.append(f"가구 표시: {'·'.join(sorted(household.flags))}")
    return lines or ["(입력 없음)"]


def event_line(household: Household) -> str:
    event = household.event
    if event is None:
        return "없음 (가구 전체 조회)"
    parts = [event.kind, event.date.isoformat()]
    if event.kind == "출생" and event.birth_order is not None:
        parts.append(_ordinal(event.birth_order))
    if event.kind == "입학" and event.school_level:
        parts.append(event.school_level)
    if event.person_name:
        parts.append(event.person_name)
    return " · ".join(parts)


def _styles(base: float) -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    lead = base * 1.3
    return {
        "office": ParagraphStyle("office", fontName=regular, fontSize=base, leading=lead, alignment=TA_CENTER),
        "title": ParagraphStyle("title", fontName=bold, fontSize=base + 6, leading=base + 10, alignment=TA_CENTER),
        "sub": ParagraphStyle("sub", fontName=regular, fontSize=base - 0.5, leading=lead, alignment=TA_CENTER),
        "key": ParagraphStyle("key", fontName=bold, fontSize=base, leading=lead),
        "value": ParagraphStyle("value", fontName=regular, fontSize=base, leading=lead),
        "name": ParagraphStyle("name", fontName=bold, fontSize=base + 0.5, leading=lead + 0.5),
        "amount": ParagraphStyle("amount", fontName=bold, fontSize=base, leading=lead),
        "reason": ParagraphStyle(
            "reason", fontName=regular, fontSize=base - 0.5, leading=lead - 0.5, leftIndent=8, bulletIndent=1
        ),
        "line": ParagraphStyle("line", fontName=regular, fontSize=base - 0.5, leading=lead - 0.5),
        "warn": ParagraphStyle(
            "warn", fontName=bold, fontSize=base - 0.5, leading=lead - 0.5, textColor=colors.HexColor("#b00020")
        ),
        "heading": ParagraphStyle(
            "heading", fontName=bold, fontSize=base + 1.5, leading=lead + 2, spaceBefore=3, spaceAfter=2
        ),
        "small": ParagraphStyle(
            "small", fontName=regular, fontSize=base - 1.5, leading=lead - 1.5, textColor=colors.HexColor("#444444")
        ),
    }


def _verdict_html(answer: BenefitAnswer) -> str:
    fg, _ = VERDICT_COLOURS.get(answer.verdict, ("#000000", "#ffffff"))
    return f'<font color="{fg}"><b>{_t(answer.verdict)}</b></font>'


def _has_unverified(answer: BenefitAnswer) -> bool:
    return not answer.verified or any(r.startswith(_UNVERIFIED_PREFIX) for r in answer.reasons)


def _answer_row(answer: BenefitAnswer, st: dict[str, ParagraphStyle]) -> list[list[Flowable]]:
    left: list[Flowable] = [
        Paragraph(_t(answer.name), st["name"]),
        Paragraph(
            _verdict_html(answer) + (f" · {_t(answer.audience)}" if answer.audience != "주민" else ""), st["value"]
        ),
    ]
    if answer.amount is not None:
        left.append(Paragraph(_t(won(answer.amount)), st["amount"]))
    if answer.amount_text and (answer.amount is None or answer.amount_text != won(answer.amount)):
        left.append(Paragraph(_t(answer.amount_text), st["line"]))
    if _has_unverified(answer):
        left.append(Paragraph("※ 미확인 자료 포함", st["warn"]))
    right: list[Flowable] = [
        Paragraph(_t(reason), st["reason"], bulletText="•")
        for reason in answer.reasons
        if not reason.startswith(_UNVERIFIED_PREFIX)
    ]
    right += [Paragraph(_t(reason), st["warn"]) for reason in answer.reasons if reason.startswith(_UNVERIFIED_PREFIX)]
    right.append(Paragraph(f"<b>신청</b> {_t(answer.apply_where)}", st["line"]))
    if answer.documents:
        right.append(Paragraph(f"<b>서류</b> {_t(' · '.join(answer.documents))}", st["line"]))
    if answer.deadline is not None:
        due = f"{answer.deadline.isoformat()}까지" + (f" ({answer.deadline_text})" if answer.deadline_text else "")
        right.append(Paragraph(f"<b>기한</b> {_t(due)}", st["line"]))
    elif answer.deadline_text:
        right.append(Paragraph(f"<b>기한</b> {_t(answer.deadline_text)}", st["line"]))
    return [left, right]


def _grid(colour_rows: Sequence[str]) -> TableStyle:
    commands: list[tuple[object, ...]] = [
        ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#7a8699")),
        ("INNERGRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#c5ccd6")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for row, colour in enumerate(colour_rows):
        commands.append(("BACKGROUND", (0, row), (0, row), colors.HexColor(colour)))
    return TableStyle(commands)


def _story(
    lookup: BenefitLookup,
    *,
    office: OfficeView,
    printed_at: datetime,
    clerk_name: str,
    base: float,
    width: float,
) -> list[Flowable]:
    st = _styles(base)
    on = lookup.on
    counts = " · ".join(
        f"{verdict} {lookup.count(verdict)}건" for verdict in (VERDICT_ELIGIBLE, VERDICT_CHECK, VERDICT_NOT_ELIGIBLE)
    )
    story: list[Flowable] = [
        Paragraph(_t(f"{office.name} {office.department}"), st["office"]),
        Spacer(1, 1 * mm),
        Paragraph("복지 혜택 안내", st["title"]),
        Paragraph(
            _t(f"조회일 {on.isoformat()} · 혜택 목록 {lookup.catalog_version}판 · 조회 대상 {lookup.audience}"),
            st["sub"],
        ),
        Spacer(1, 2 * mm),
    ]
    info = [
        ("사건", event_line(lookup.household)),
        ("가구", "<br/>".join(map(_t, household_lines(lookup.household, on)))),
    ]
    if lookup.words:
        info.append(("검색어", lookup.words))
    if lookup.event_only and lookup.household.event is not None:
        info.append(("범위", f"{lookup.household.event.kind} 관련 혜택만"))
    info.append(("결과", counts))
    rows = [
        [Paragraph(key, st["key"]), Paragraph(value if key == "가구" else _t(value), st["value"])]
        for key, value in info
    ]
    table = Table(rows, colWidths=[20 * mm, width - 20 * mm])
    table.setStyle(_grid(["#eef2f7"] * len(rows)))
    story += [table, Spacer(1, 1.5 * mm)]

    shown = [a for a in lookup.answers if a.verdict != VERDICT_NOT_ELIGIBLE]
    others = [a for a in lookup.answers if a.verdict == VERDICT_NOT_ELIGIBLE]
    if shown:
        story.append(Paragraph("받을 수 있거나 확인이 필요한 혜택", st["heading"]))
        answers = Table([_answer_row(a, st) for a in shown], colWidths=[44 * mm, width - 44 * mm])
        answers.setStyle(_grid([VERDICT_COLOURS[a.verdict][1] for a in shown]))
        story.append(answers)
    if others:
        story.append(Paragraph("해당하지 않는 혜택 (판단 이유)", st["heading"]))
        rows = [
            [
                Paragraph(_t(a.name), st["value"]),
                Paragraph(_t(a.reasons[0] if a.reasons else "-"), st["line"]),
            ]
            for a in others
        ]
        rest = Table(rows, colWidths=[44 * mm, width - 44 * mm])
        rest.setStyle(_grid([VERDICT_COLOURS[VERDICT_NOT_ELIGIBLE][1]] * len(rows)))
        story.append(rest)
    story.append(Spacer(1, 2 * mm))
    notes = [
        f"이 안내는 {on.isoformat()}에 시행 중인 혜택 목록({lookup.catalog_version}판)으로 판단한 참고 안내입니다. "
        "지급 여부와 금액은 신청을 받은 기관이 소득·보육 여부 등을 확인해 정합니다.",
    ]
    if any(_has_unverified(a) for a in lookup.answers):
        notes.append("※ 표시는 담당 부서가 확인하지 않은 자료에 기댄 부분입니다. 신청 전에 담당 기관에 확인하세요.")
    notes.append("이 안내문에는 주민등록번호를 적지 않습니다. 생년월일은 나이 기준을 판단한 이유에만 나옵니다.")
    contact = " · ".join(part for part in (office.address, f"☎ {office.phone}" if office.phone else "") if part)
    notes.append(f"{contact} · 출력 {date_time(printed_at)} · 담당 {clerk_name}")
    story += [Paragraph(_t(note), st["small"]) for note in notes]
    return story


def _build(target: io.BytesIO | str, story: list[Flowable], *, title: str, author: str) -> int:
    doc = SimpleDocTemplate(
        target,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=author,
        subject="복지 조회 결과",
    )
    doc.build(story)
    return int(doc.page)


def render_benefit_sheet(
    lookup: BenefitLookup,
    path: Path,
    *,
    office: OfficeView,
    printed_at: datetime,
    clerk_name: str = "",
) -> Path:
    """Write the one-page answer sheet for ``lookup`` at ``path`` and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    width = A4[0] - 2 * MARGIN
    height = A4[1] - 2 * MARGIN
    title = f"복지 혜택 안내 {lookup.on.isoformat()}"
    for base in _SIZES:
        story = _story(lookup, office=office, printed_at=printed_at, clerk_name=clerk_name, base=base, width=width)
        buffer = io.BytesIO()
        if _build(buffer, story, title=title, author=office.name) == 1:
            path.write_bytes(buffer.getvalue())
            return path
    # Still too long at the smallest type: scale the whole sheet into the one page.
    story = _story(lookup, office=office, printed_at=printed_at, clerk_name=clerk_name, base=_SIZES[-1], width=width)
    _build(str(path), [KeepInFrame(width, height, story, mode="shrink")], title=title, author=office.name)
    return path
