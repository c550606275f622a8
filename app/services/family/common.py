"""The floor of the family-registration services: labels, the form's choices, loading a filing and its view."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.domain.calendar import seoul_today
from app.domain.family import FilingKind, FilingLapsed, filing_kind, filing_kinds
from app.domain.family_checks import filer_choices
from app.domain.family_fines import assess_filing
from app.i18n import N_
from app.services.actor import Actor
from app.services.errors import NotFound, RuleViolation, ValidationError
from app.services.outbox import mask_phone
from app.views.family import AssessmentView, FilingView, PartyView
from db.models import Applicant, Office, Receipt, StaffUser
from db.models_family import FamilyFiling
from db.uow import UnitOfWork

SERIES = "family"
RECORD_TYPE = "family_filing"
PERMISSION = "family.file"

STATUS_LABELS = {"received": N_("접수"), "processed": N_("처리완료"), "refused": N_("불수리")}
OUTCOMES = ("processed", "refused")

# The intake form used for each kind; kinds without a form of their own use the free-text one.
FORMS = {
    "birth": "birth",
    "death": "death",
    "marriage": "marriage",
    "divorce_consent": "divorce",
    "divorce_judicial": "divorce",
    "name_change": "name_change",
}
FORM_OTHER = "other"

ROLE_LABELS = {
    "mother": N_("모"),
    "father": N_("부"),
    "deceased": N_("사망자"),
    "guarantor1": N_("보증인 1"),
    "guarantor2": N_("보증인 2"),
    "spouse1": N_("남편"),
    "spouse2": N_("아내"),
    "witness1": N_("증인 1"),
    "witness2": N_("증인 2"),
    "person": N_("사건본인"),
    "filer": N_("신고인"),
}

# Filers who are one of the parties: the filer is then that party, typed once.
PARTY_FILERS: dict[str, dict[str, str]] = {
    "birth": {"father": "father", "mother": "mother"},
    "marriage": {"spouse1": "spouse1", "spouse2": "spouse2"},
    "divorce": {"spouse1": "spouse1", "spouse2": "spouse2"},
    "name_change": {"self": "person"},
    "other": {"self": "person"},
}
_FILER_LABELS: dict[str, dict[str, str]] = {
    "marriage": {"spouse1": N_("당사자 남편"), "spouse2": N_("당사자 아내")},
    "divorce": {"spouse1": N_("당사자 남편"), "spouse2": N_("당사자 아내")},
    "name_change": {"self": N_("본인"), "legal_rep": N_("법정대리인")},
    "other": {
        "self": N_("사건본인"),
        "legal_rep": N_("법정대리인"),
        "other_filer": N_("그 밖의 신고인 (법령에 따른 신고의무자)"),
    },
}

SEXES = (N_("남"), N_("여"))
DEATH_PROOFS = {"진단서": N_("사망진단서"), "검안서": N_("시체검안서"), "보증": N_("보증인 2명의 보증서")}
TWO_SYLLABLE_SURNAMES = frozenset({"남궁", "제갈", "선우", "황보", "독고", "사공", "서문", "동방", "망절", "어금"})


# ---------------------------------------------------------------------------
# Choices for the form
# ---------------------------------------------------------------------------


def form_of(kind: str) -> str:
    """The intake form (page) of ``kind``: birth, death, marriage, divorce, name_change or other."""
    return FORMS.get(kind, FORM_OTHER)


def kind_choices(*, on: date | None = None) -> list[tuple[str, str, str]]:
    """(code, Korean name, form) of every kind in force, in the data file's order."""
    return [(k.code, k.name, form_of(k.code)) for k in filing_kinds(on or seoul_today())]


def counted_from(kind: str, *, on: date | None = None) -> str:
    """The name of the date the period counts from, for the form's date label."""
    return domain_call(filing_kind, kind, on or seoul_today()).counted_from


def filer_options(kind: str, *, on: date | None = None) -> list[tuple[str, str]]:
    """(code, Korean label) of who may be entered as the filer of ``kind``."""
    form = form_of(kind)
    if form in ("birth", "death"):
        return [(f.code, f.name) for f in filer_choices(form, on=on)]  # type: ignore[arg-type]
    return list(_FILER_LABELS[form].items())


def has_deadline(kind: str, *, on: date | None = None) -> bool:
    """Whether ``kind`` has a filing period (출생 1개월 …) rather than none (혼인) or a case-by-case one."""
    return bool(domain_call(filing_kind, kind, on or seoul_today()).has_deadline)


def counts_from_judgment(kind: str, *, on: date | None = None) -> bool:
    """Whether ``kind`` counts from a judgment becoming final, so the form offers the 송달일 (제37조②)."""
    return bool(domain_call(filing_kind, kind, on or seoul_today()).from_judgment)


def party_filer_role(kind: str, relation: str) -> str | None:
    """The party role that files in person for ``relation`` (모 → mother), or None when the filer is someone else."""
    return PARTY_FILERS.get(form_of(kind), {}).get(relation)


def preview_assessment(
    kind: str,
    event_date: date,
    *,
    filed_on: date | None = None,
    after_demand: bool = False,
    paid_now: bool = False,
    served_on: date | None = None,
) -> AssessmentView:
    """``기한 내`` / ``N일 지연 (예상 과태료 M원)`` / the lapse message, before anything is saved.

    ``served_on``: the day a judgment final before service was served (가족관계등록법 제37조②); only for
    kinds counted from a judgment (:func:`counts_from_judgment`), ignored otherwise."""
    day = filed_on or seoul_today()
    if served_on is not None and not counts_from_judgment(kind, on=event_date):
        served_on = None
    result = domain_call(
        assess_filing,
        kind,
        event_date,
        day,
        after_demand=after_demand,
        paid_now=paid_now,
        served_on=served_on,
        today=day,
    )
    return AssessmentView(
        label=result.label,
        deadline=result.deadline,
        days_late=result.days_late,
        fine=result.fine,
        lapsed=result.lapsed,
        message=result.message,
        verified=result.verified,
    )


# ---------------------------------------------------------------------------
# Domain rules as service errors
# ---------------------------------------------------------------------------


def domain_call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Call a domain rule; its Korean ValueError becomes the service's ValidationError."""
    try:
        return fn(*args, **kwargs)
    except FilingLapsed as exc:
        raise RuleViolation.of(exc) from None
    except ValueError as exc:
        raise ValidationError.of(exc) from None


# ---------------------------------------------------------------------------
# Loading a filing and its view
# ---------------------------------------------------------------------------

_DETAIL_LABELS = (
    ("child_hanja", N_("한자 이름")),
    ("sex", N_("성별")),
    ("birth_time", N_("출생 시각")),
    ("birth_place", N_("출생 장소")),
    ("in_wedlock", N_("혼인 중 출생")),
    ("certificate_attached", N_("출생증명서")),
    ("substitute_document", N_("대체 서류")),
    ("death_date", N_("사망 일자")),
    ("death_time", N_("사망 시각")),
    ("death_place", N_("사망 장소")),
    ("proof", N_("사망 증명")),
    ("parental_consent", N_("부모 동의")),
    ("court", N_("법원")),
    ("case_number", N_("사건번호")),
    ("served_on", N_("판결 송달일")),
    ("old_name", N_("현재 이름")),
    ("new_name", N_("새 이름")),
    ("new_hanja", N_("새 이름 한자")),
    ("description", N_("신고 내용")),
)


def _detail_lines(details: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    lines = []
    for key, label in _DETAIL_LABELS:
        value = details.get(key)
        if value in (None, ""):
            continue
        if key == "proof":
            value = DEATH_PROOFS.get(str(value), value)
        elif isinstance(value, bool):
            value = ("첨부" if value else "없음") if key == "certificate_attached" else ("예" if value else "아니오")
        lines.append((label, str(value)))
    return tuple(lines)


def relation_label(kind: str, relation: str, on: date) -> str:
    """The filer's relation in words (모, 동거하는 친족 …), the code itself when it is no longer in the list."""
    try:
        return dict(filer_options(kind, on=on)).get(relation, relation)
    except ValueError:
        return relation


# A list shows hundreds of filings of a few kinds and days: the rule of a kind on a day and the filer labels of
# a kind on a day are read from the (static) data tables once, not once per row (issue 17: the family list).
@lru_cache(maxsize=8192)
def _kind_rule(kind: str, on: date) -> FilingKind:
    return filing_kind(kind, on)


@lru_cache(maxsize=8192)
def _relation_labels(kind: str, on: date) -> dict[str, str]:
    return dict(filer_options(kind, on=on))


def _relation_label(kind: str, relation: str, on: date) -> str:
    try:
        return _relation_labels(kind, on).get(relation, relation)
    except ValueError:
        return relation


def filing_view(filing: FamilyFiling, uow: UnitOfWork) -> FilingView:
    """The filing as screens and sheets read it (in the OPEN unit of work); resident numbers only masked."""
    s = uow.session
    office = s.get(Office, filing.office_id)
    clerk = s.get(StaffUser, filing.clerk_id)
    assert office is not None and clerk is not None
    ids = {p.applicant_id for p in filing.parties if p.applicant_id} | {filing.filer_applicant_id}
    if filing.subject_applicant_id:
        ids.add(filing.subject_applicant_id)
    # Identity-map look-ups: list_filings loads every applicant of the page in one query beforehand.
    applicants = {i: a for i in ids if (a := s.get(Applicant, i)) is not None}
    parties = tuple(
        PartyView(
            role=p.role,
            role_label=ROLE_LABELS.get(p.role, p.role),
            name=p.name,
            rrn_masked=applicants[p.applicant_id].rrn_masked if p.applicant_id in applicants else "",
            birth_date=applicants[p.applicant_id].birth_date if p.applicant_id in applicants else None,
        )
        for p in filing.parties
    )
    filer = applicants[filing.filer_applicant_id]
    subject = applicants.get(filing.subject_applicant_id) if filing.subject_applicant_id else None
    receipt = s.get(Receipt, filing.receipt_id) if filing.receipt_id else None
    kind_rule = _kind_rule(filing.kind, filing.event_date)
    return FilingView(
        id=filing.id,
        uuid=filing.uuid,
        number=filing.number,
        kind=filing.kind,
        kind_name=filing.kind_name,
        form=form_of(filing.kind),
        status=filing.status,
        status_label=STATUS_LABELS.get(filing.status, filing.status),
        received_at=filing.received_at,
        filed_on=filing.filed_on,
        event_date=filing.event_date,
        counted_from=kind_rule.counted_from,
        occurred_on=filing.occurred_on,
        subject_name=filing.subject_name,
        subject_rrn_masked=subject.rrn_masked if subject else "",
        filer_name=filer.name,
        filer_relation=filing.filer_relation,
        filer_relation_label=_relation_label(filing.kind, filing.filer_relation, filing.filed_on),
        birth_order=filing.birth_order,
        details=dict(filing.details or {}),
        detail_lines=_detail_lines(filing.details or {}),
        parties=parties,
        deadline=filing.deadline,
        days_late=filing.days_late,
        estimated_fine=filing.estimated_fine,
        fine_band=filing.fine_band,
        after_demand=filing.after_demand,
        paid_now=filing.paid_now,
        assessment=filing.assessment,
        sms_consent=filing.sms_consent,
        sms_phone_masked=mask_phone(filing.sms_phone) if filing.sms_phone else "",
        receipt_number=receipt.number if receipt else "",
        processed_at=filing.processed_at,
        result_note=filing.result_note,
        clerk_name=clerk.display_name,
        office_name=office.name,
        department=office.department,
        office_address=office.address,
        office_phone=office.phone,
    )


def load_filing(uow: UnitOfWork, actor: Actor, filing_id: int, *, for_update: bool = False) -> FamilyFiling:
    """A filing of the actor's office with its people (in the OPEN unit of work); NotFound otherwise.

    ``for_update`` locks its row for a transition, so that two counters deciding at once get one success
    and one refusal.
    """
    query = (
        select(FamilyFiling)
        .options(selectinload(FamilyFiling.parties))
        .where(FamilyFiling.id == filing_id, FamilyFiling.office_id == actor.office_id)
    )
    if for_update:
        query = query.with_for_update(of=FamilyFiling)
    filing = uow.session.scalars(query).first()
    if filing is None:
        raise NotFound("신고를 찾을 수 없습니다: {filing_id}", filing_id=filing_id)
    return filing
