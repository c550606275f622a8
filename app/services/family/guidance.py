"""After a filing: what the follow-up guidance sheet (후속절차 안내문) says, its print through the one print path,
and the household for 복지 조회.

Everything the sheet says is decided here, into a ``GuidanceSheet``: the texts in force (``guidance.toml``
through ``app.domain.family_guidance``), the people of the filing (resident numbers masked) and, for a
birth, this child's answers from the benefit catalog (its birth order matters). The renderer only lays
the sheet out.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from app.documents.guidance import render_guidance
from app.domain.benefits import (
    VERDICT_ELIGIBLE,
    VERDICT_NOT_ELIGIBLE,
    BenefitAnswer,
    Household,
    LifeEvent,
    Person,
    match_benefits,
)
from app.domain.family import korean_date
from app.domain.family_guidance import Guidance, guidance_for
from app.formatting import date_time
from app.services.actor import Actor
from app.services.errors import ValidationError
from app.services.family.common import PERMISSION, RECORD_TYPE, domain_call, filing_view, load_filing
from app.services.printing import PrintJob, print_document
from app.services.roles import authorize
from app.views.family import FilingView, GuidanceLine, GuidancePart, GuidanceSheet
from db.uow import UnitOfWork

PRINT_ACTION = "family.guidance_print"
_ORDINALS = ("첫째", "둘째", "셋째", "넷째", "다섯째", "여섯째", "일곱째", "여덟째", "아홉째", "열째")
# Parties the table at the top of the sheet leaves out: the filer has a row of their own, the deceased is
# the subject, guarantors are only for the registrar.
_UNLISTED_ROLES = ("filer", "deceased", "guarantor1", "guarantor2")


def print_guidance(uow: UnitOfWork, actor: Actor, *, filing_id: int, path: Path, on: date | None = None) -> Path:
    """Print the 후속절차 안내문 of a filing to ``path`` (dated ``on``, default the filing day).

    Logged as ``family.guidance_print`` (the intent, with the file name), then ``print.done``.
    """
    authorize(actor, PERMISSION)
    with uow:
        view = filing_view(load_filing(uow, actor, filing_id), uow)
    sheet = guidance_sheet(view, on=on or view.filed_on)
    return print_document(
        uow,
        actor,
        job=PrintJob(PRINT_ACTION, RECORD_TYPE, view.number),
        path=path,
        render=lambda target: render_guidance(sheet, target),
    )


def guidance_sheet(view: FilingView, *, on: date) -> GuidanceSheet:
    """Everything the guidance sheet of ``view`` says on ``on``; ValidationError (Korean) when the texts in
    force cannot be found for it."""
    event_date = (view.occurred_on or view.event_date) if view.form in ("birth", "death") else None
    guidance: Guidance = domain_call(
        guidance_for,
        view.kind,
        event_date=event_date,
        birth_order=view.birth_order if view.form == "birth" else None,
        on=on,
    )
    answers = _benefit_answers(view, guidance, on)
    by_code = {a.code: a for a in answers}
    parts = tuple(
        GuidancePart(
            heading=section.heading,
            paragraphs=section.paragraphs,
            lines=tuple(
                GuidanceLine(item.text, _benefit_note(by_code.get(item.benefit or "")), item.verified)
                for item in section.items
                if not _not_for_this_child(by_code.get(item.benefit or ""))
            ),
            where=section.where or "",
            verified=section.verified,
        )
        for section in guidance.sections
    )
    return GuidanceSheet(
        filing_number=view.number,
        on=on,
        office_name=view.office_name,
        office_line=f"{view.office_name} {view.department}",
        title=guidance.title,
        opening=_opening(view),
        facts=tuple(_facts(view)),
        parts=parts,
        notes=tuple(_notes(view, guidance, answers, on)),
        benefits=tuple(answers),
    )


def _ordinal(order: int | None) -> str:
    if order is None:
        return "-"
    return _ORDINALS[order - 1] if 1 <= order <= len(_ORDINALS) else f"{order}째"


def _benefit_answers(view: FilingView, guidance: Guidance, on: date) -> list[BenefitAnswer]:
    """The catalog's answers for this child; empty when the catalog cannot answer for that day."""
    if view.form != "birth" or not guidance.benefit_codes:
        return []
    try:
        return match_benefits(welfare_household(view), on=on, codes=list(guidance.benefit_codes))
    except (ValueError, LookupError):
        # No catalog entry in force that day: the sheet still names every benefit, only the child-specific
        # amounts are left out. A programming error (TypeError …) must surface.
        return []


def _not_for_this_child(answer: BenefitAnswer | None) -> bool:
    """An item the catalog says does not apply (e.g. 다자녀 감면 for a second child where the rule is three)."""
    return answer is not None and answer.verdict == VERDICT_NOT_ELIGIBLE


def _benefit_note(answer: BenefitAnswer | None) -> str:
    """What goes in brackets after an item: the amount, and the verdict unless it is 대상."""
    if answer is None:
        return ""
    if answer.verdict == VERDICT_ELIGIBLE:
        return answer.amount_text
    return f"{answer.amount_text} — {answer.verdict}" if answer.amount_text else answer.verdict


def _facts(view: FilingView) -> list[tuple[str, str]]:
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
        if party.role in _UNLISTED_ROLES or view.form == "name_change":
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


def _notes(view: FilingView, guidance: Guidance, answers: list[BenefitAnswer], on: date) -> list[str]:
    notes = []
    if answers:
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
    return notes


def welfare_household(view: FilingView) -> Household:
    """The household for 복지 조회 after a birth or death, as ``app.domain.benefits`` takes it.

    Birth: the newborn (자녀) and the parents, event 출생 with the birth order. Death: the deceased and
    the filer, event 사망 on the date of death.
    """
    if view.form not in ("birth", "death"):
        raise ValidationError("복지 조회는 출생·사망 신고에서만 바로 열 수 있습니다.")
    people: list[dict[str, Any]] = []
    event: dict[str, Any]
    if view.form == "birth":
        born = view.occurred_on or view.event_date
        people.append({"name": view.subject_name, "birth_date": born, "relation": "자녀", "flags": []})
        for party in view.parties:
            if party.role in ("mother", "father"):
                people.append(
                    {"name": party.name, "birth_date": party.birth_date, "relation": party.role_label, "flags": []}
                )
        event = {"kind": "출생", "date": born, "birth_order": view.birth_order, "person_name": view.subject_name}
    else:
        died = view.occurred_on or view.event_date
        for party in view.parties:
            if party.role == "deceased":
                people.append({"name": party.name, "birth_date": party.birth_date, "relation": "사망자", "flags": []})
        people.append({"name": view.filer_name, "birth_date": None, "relation": "본인", "flags": []})
        event = {"kind": "사망", "date": died, "birth_order": None, "person_name": view.subject_name}
    return Household(
        people=tuple(Person(p["name"], p["birth_date"], p["relation"], frozenset(p["flags"])) for p in people),
        event=LifeEvent(
            event["kind"], event["date"], birth_order=event["birth_order"], person_name=event["person_name"]
        ),
    )
