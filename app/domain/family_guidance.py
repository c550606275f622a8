"""What the filer is told after a filing: the follow-up guidance sheet's texts (후속절차 안내문) and the
result SMS (처리결과 문자알림). The texts live in ``guidance.toml`` and ``family.toml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from app.domain.calendar import seoul_today
from app.domain.effective import is_in_force
from app.domain.family import end_of_month, family_data, filing_kind, korean_date, period_end, pick_rule
from app.domain.identity import mask_text
from app.resources import load_data


@dataclass(frozen=True, slots=True)
class GuidanceItem:
    """One line of a section; ``benefit`` names the catalog entry whose answer goes beside it."""

    text: str
    benefit: str | None = None
    verified: bool = True


@dataclass(frozen=True, slots=True)
class GuidanceSection:
    """A heading with its paragraphs, items and where to apply (신청·문의)."""

    heading: str
    paragraphs: tuple[str, ...]
    items: tuple[GuidanceItem, ...]
    where: str | None
    verified: bool


@dataclass(frozen=True, slots=True)
class Guidance:
    """The texts of a follow-up guidance sheet (후속절차 안내문): no personal data, the service adds names.

    ``deadline`` is the first date computed into the text (안심상속 신청 기한, 아동수당·부모급여 신청
    시기), ``benefit_codes`` the codes of ``benefits.toml`` whose amounts the service adds, ``verified``
    False when any part printed is marked unconfirmed in the data.
    """

    kind: str
    title: str
    sections: tuple[GuidanceSection, ...]
    deadline: date | None
    benefit_codes: tuple[str, ...]
    sources: tuple[str, ...]
    verified: bool


def _guidance_data() -> dict[str, Any]:
    return load_data("guidance")


def _period_text(months: int) -> str:
    return f"{months // 12}년" if months % 12 == 0 else f"{months}개월"


def _inheritance_rule(on: date) -> Mapping[str, Any]:
    return pick_rule(_guidance_data()["inheritance_periods"], on, what="안심상속 신청 기간")


def inheritance_deadline(death_date: date, *, on: date | None = None) -> date:
    """Last day to apply for 안심상속 원스톱서비스: the period from the end of the month of death.

    With the 1-year rule (from 2022-07-29) that is the last day of the same month a year later
    (died 10 March 2025 → 31 March 2026; any day of February 2023 → 29 February 2024), because the
    period counts from the 1st of the next month (민법 제157·160조). ``on`` picks the rule in force
    (default: today). The date is printed as is, without moving a weekend: 정부24 takes applications
    on any day.
    """
    rule = _inheritance_rule(on or seoul_today())
    return period_end(end_of_month(death_date), int(rule["months"]))


def _benefit_window_rule(on: date) -> Mapping[str, Any]:
    return pick_rule(_guidance_data()["birth_benefit_windows"], on, what="아동수당·부모급여 신청 기간")


def benefit_window_end(birth_date: date, *, on: date | None = None) -> date:
    """Last day to apply for 아동수당·부모급여 and still be paid from the month of birth.

    With ``counts_birth_day`` the birth day is day 1 (출생일 포함 60일: born 1 May → 29 June).
    """
    rule = _benefit_window_rule(on or seoul_today())
    days = int(rule["days"])
    return birth_date + timedelta(days=days - 1 if rule.get("counts_birth_day", True) else days)


def _block(code: str, on: date) -> Mapping[str, Any]:
    entries = [b for b in _guidance_data()["blocks"] if b["code"] == code]
    if not entries:
        raise ValueError(f"안내문 자료가 없습니다: {code!r} (guidance.toml을 확인하세요)")
    return pick_rule(entries, on, what=f"'{code}' 후속절차 안내문")


def _section(
    raw: Mapping[str, Any],
    *,
    event_date: date | None,
    birth_order: int | None,
    on: date,
) -> tuple[GuidanceSection, date | None]:
    paragraphs = [str(p) for p in raw.get("paragraphs", [])]
    computed = raw.get("computed")
    deadline: date | None = None
    if computed == "inheritance_deadline":
        period = _period_text(int(_inheritance_rule(on)["months"]))
        if event_date is not None:
            deadline = inheritance_deadline(event_date, on=on)
            paragraphs.append(str(raw["computed_template"]).format(deadline=korean_date(deadline), period=period))
        else:
            paragraphs.append(str(raw["computed_fallback"]).format(period=period))
    elif computed == "birth_benefit_window":
        days = int(_benefit_window_rule(on)["days"])
        if event_date is not None:
            deadline = benefit_window_end(event_date, on=on)
            paragraphs.append(str(raw["computed_template"]).format(deadline=korean_date(deadline), days=days))
        else:
            paragraphs.append(str(raw["computed_fallback"]).format(days=days))
    elif computed is not None:
        raise ValueError(f"안내문 자료의 계산 항목을 알 수 없습니다: {computed!r}")
    items: list[GuidanceItem] = []
    for item in raw.get("items", []):
        if not is_in_force(item, on):  # a line whose law changed on a date (아동수당's age, by year)
            continue
        minimum = item.get("min_birth_order")
        if minimum is not None and birth_order is not None and birth_order < int(minimum):
            continue
        items.append(
            GuidanceItem(
                text=str(item["text"]),
                benefit=item.get("benefit"),
                verified=bool(item.get("verified", True)),
            )
        )
    section = GuidanceSection(
        heading=str(raw["heading"]),
        paragraphs=tuple(paragraphs),
        items=tuple(items),
        where=raw.get("where"),
        verified=bool(raw.get("verified", True)),
    )
    return section, deadline


def guidance_for(
    kind: str,
    *,
    event_date: date | None = None,
    birth_order: int | None = None,
    on: date | None = None,
) -> Guidance:
    """The guidance sheet for ``kind``, with deadlines computed from ``event_date``.

    ``event_date``: for 출생 the date of birth; for 사망 the date of DEATH (the 안심상속 period runs
    from the month of death, not from the day the filer learned of it). ``birth_order``: the child's
    place among its mother's children (첫째 = 1); items for later children only are left out when it
    is lower. ``on``: the day the sheet is made (default today), which picks the texts in force.
    """
    day = on or seoul_today()
    if birth_order is not None and birth_order < 1:
        raise ValueError("출생 순위는 1(첫째) 이상이어야 합니다.")
    if event_date is not None and event_date > day:
        raise ValueError(f"사건 날짜({event_date.isoformat()})가 안내일({day.isoformat()})보다 뒤입니다.")
    rule = filing_kind(kind, event_date or day)
    common = _block("common", day)
    blocks = [_block(rule.guidance, day)] if rule.guidance else []
    title = str(blocks[0]["title"]) if blocks else str(common["default_title"])
    sections: list[GuidanceSection] = []
    deadline: date | None = None
    for block in [*blocks, common]:
        for raw in block.get("sections", []):
            section, computed = _section(raw, event_date=event_date, birth_order=birth_order, on=day)
            sections.append(section)
            deadline = deadline or computed
    benefit_codes = tuple(item.benefit for s in sections for item in s.items if item.benefit)
    verified = all(bool(b.get("verified", False)) for b in [*blocks, common]) and all(
        s.verified and all(i.verified for i in s.items) for s in sections
    )
    return Guidance(
        kind=rule.code,
        title=title,
        sections=tuple(sections),
        deadline=deadline,
        benefit_codes=benefit_codes,
        sources=tuple(str(b["source"]) for b in [*blocks, common]),
        verified=verified,
    )


# ---------------------------------------------------------------------------
# Result SMS (처리결과 문자알림)
# ---------------------------------------------------------------------------

RESULT_OUTCOMES = ("processed", "refused")


def result_sms(
    outcome: str,
    *,
    office: str,
    filer: str,
    kind_name: str,
    number: str,
    reason: str = "",
    phone: str = "",
    on: date,
) -> str:
    """The result SMS for a decision (처리완료 ``processed`` / 불수리 ``refused``) made on ``on``.

    The wording is the office's and lives in ``family.toml`` (``result_sms``); a resident number
    typed into the refusal reason (or anywhere else) is masked, so the text never carries one.
    """
    if outcome not in RESULT_OUTCOMES:
        raise ValueError("처리 결과는 처리완료(processed) 또는 불수리(refused)여야 합니다.")
    rule = pick_rule(family_data()["result_sms"], on, what="처리결과 문자알림 문구")
    limit = int(rule.get("reason_max_chars", 80))
    values = {
        "office": office,
        "filer": filer,
        "kind": kind_name,
        "number": number,
        "reason": mask_text(" ".join(reason.split()))[:limit],
        "phone": phone,
    }
    try:
        text = str(rule[outcome]).format(**values)
        if phone:
            text += str(rule.get("contact", "")).format(**values)
    except (KeyError, IndexError) as exc:
        raise ValueError(f"문자알림 문구의 자리표시를 알 수 없습니다: {exc}. family.toml을 확인하세요.") from None
    return mask_text(text)
