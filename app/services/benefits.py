"""복지 조회 (benefit look-up) as services: who may ask, the answers for a household, the printed sheet.

The look-up itself is pure (``app.domain.benefits``) and touches no database, so it is neither stored
nor logged; printing the answer sheet goes through the one print path and is logged (``benefit.print``,
then ``print.done``) with the names typed and nothing else about the household.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from app.documents.benefits import render_benefit_sheet
from app.domain import benefits as domain
from app.domain.benefits import Household
from app.resources import load_data
from app.services.actor import Actor
from app.services.errors import ValidationError
from app.services.inputs import clean_text
from app.services.office import get_office
from app.services.printing import PrintJob, print_document
from app.services.roles import authorize
from app.views.benefits import BenefitChoices, BenefitLookup
from db.models import utcnow
from db.uow import UnitOfWork

PERMISSION = "benefit.lookup"
PRINT_ACTION = "benefit.print"
RECORD_TYPE = "benefit_sheet"

_VERDICT_RANK = {verdict: i for i, verdict in enumerate(domain.VERDICTS)}


def choices() -> BenefitChoices:
    """Audiences, flags, event kinds and school levels for the form (no permission needed: no data)."""
    vocab = load_data("benefits")["vocabulary"]
    return BenefitChoices(
        audiences=(*vocab["audiences"], domain.AUDIENCE_ALL),
        flags=tuple(vocab["flags"]),
        event_kinds=tuple(vocab["event_kinds"]),
        school_levels=tuple(vocab["school_levels"]),
        catalog_version=domain.catalog_version(),
    )


def lookup_benefits(
    actor: Actor | None,
    household: Household,
    *,
    on: date,
    audience: str = "주민",
    words: str = "",
    event_only: bool = False,
    now: datetime | None = None,
) -> BenefitLookup:
    """The answers for ``household`` on ``on``; ``words`` narrows to a search, ``event_only`` to the event.

    Pure and fast (a few milliseconds), so the form calls it as the clerk types. Bad input (an event
    after the look-up date, a birth date in the future) -> ValidationError (Korean). ``now`` is for the
    night window's hours (the night role may look up only while the window is open).
    """
    authorize(actor, PERMISSION, now=now)
    words = " ".join(clean_text(words, "검색어", max_len=100).split())
    audience = clean_text(audience, "조회 대상", max_len=20, required=True)
    check_names(household)
    try:
        codes: set[str] | None = None
        if words:
            codes = {info.code for info in domain.search_benefits(words, on=on, audience=audience)}
        if event_only and household.event is not None:
            related = set(domain.benefits_for_event(household.event.kind, on=on, audience=audience))
            codes = related if codes is None else codes & related
        answers = domain.match_benefits(household, on=on, audience=audience, codes=codes)
    except ValueError as exc:
        raise ValidationError.of(exc) from exc
    ordered = sorted(enumerate(answers), key=lambda item: (_VERDICT_RANK.get(item[1].verdict, 9), item[0]))
    return BenefitLookup(
        household=household,
        on=on,
        audience=audience,
        words=words,
        event_only=event_only,
        catalog_version=domain.catalog_version(),
        answers=tuple(answer for _, answer in ordered),
    )


def check_names(household: Household) -> None:
    """The names typed for the household (they go into the audit entry and onto the sheet): clean text."""
    for person in household.people:
        clean_text(person.name, "가구원 성명", max_len=60)
    if household.event is not None:
        clean_text(household.event.person_name, "사건 당사자 성명", max_len=60)


def typed_names(household: Household) -> list[str]:
    """The names as typed (anything like a resident number masked by the audit log itself)."""
    names = [p.name.strip() for p in household.people if p.name.strip()]
    event = household.event
    if event is not None and event.person_name and event.person_name.strip() not in names:
        names.append(event.person_name.strip())
    return names


def print_benefit_sheet(
    uow: UnitOfWork,
    actor: Actor | None,
    household: Household,
    path: Path,
    *,
    on: date,
    audience: str = "주민",
    words: str = "",
    event_only: bool = False,
    now: datetime | None = None,
) -> BenefitLookup:
    """Answer again (the sheet shows the rules, not what a screen held) and print the one-page sheet.

    The print goes through the one print path: ``benefit.print`` (the intent) with the sheet's file name,
    the event kind, the audience, the verdict counts and the names typed (no birth dates, no flags), then
    ``print.done`` once the file is written.
    """
    authorize(actor, PERMISSION, now=now)
    assert actor is not None
    lookup = lookup_benefits(actor, household, on=on, audience=audience, words=words, event_only=event_only, now=now)
    if not lookup.answers:
        raise ValidationError("출력할 답이 없습니다. 검색어나 사건을 바꿔 다시 조회하세요.")
    printed_at = now or utcnow()
    office = get_office(uow, actor.office_id)
    event = household.event.kind if household.event is not None else "없음"
    names = ", ".join(typed_names(household)) or "(이름 없음)"
    counts = " · ".join(f"{v} {lookup.count(v)}" for v in domain.VERDICTS)
    clerk = actor.display_name
    print_document(
        uow,
        actor,
        job=PrintJob(
            PRINT_ACTION,
            RECORD_TYPE,
            path.name,
            detail=f"복지 조회 안내문 출력: 사건 {event}, 조회 대상 {audience}, {counts}; 이름: {names}",
        ),
        path=path,
        render=lambda target: render_benefit_sheet(
            lookup, target, office=office, printed_at=printed_at, clerk_name=clerk
        ),
        at=printed_at,
    )
    return lookup
