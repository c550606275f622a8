"""Family-registration filings (가족관계등록 신고): intake checked as a registrar would, numbering, result SMS.

A filing is validated completely before anything is written, then stored with its people (resident
numbers only through applicants, encrypted), a filing number unique per office and year, an audit entry
and a receipt where the kind has a fee. Processing it (처리완료/불수리) queues the result SMS in the same
transaction when the filer consented.

Kind-specific particulars travel in ``FilingInput.details`` (plain values; dates as ``date`` or ISO text):

- 출생 ``birth``: ``child_surname``, ``child_given``, ``child_hanja`` (optional), ``sex`` (남/여),
  ``birth_time`` (HH:MM), ``birth_place``, ``in_wedlock`` (default True), ``certificate_attached``,
  ``substitute_document`` (when no 출생증명서), ``birth_order`` (1 = 첫째); ``event_date`` is the birth;
  persons ``mother`` and (in wedlock) ``father``.
- 사망 ``death``: ``death_date``, ``death_time`` (optional), ``death_place``, ``proof`` (진단서/검안서/보증);
  ``event_date`` is the day the filer learned of it; persons ``deceased``, ``guarantor1``/``guarantor2``
  when proven by guarantors.
- 혼인 ``marriage``: persons ``spouse1``, ``spouse2``, ``witness1``, ``witness2``; ``parental_consent``
  for a spouse under age. No deadline: the filing day is the event.
- 이혼 ``divorce_consent`` / ``divorce_judicial``: persons ``spouse1``, ``spouse2``; ``court``,
  ``case_number`` (optional); ``event_date`` is the receipt of the confirmation / the day the judgment
  became final.
- 개명 ``name_change``: person ``person`` (the current name), ``new_name``, ``new_hanja`` (optional),
  ``court``; ``event_date`` is the receipt of the court's permission.
- every other kind: person ``person`` (resident number optional), ``description``.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import selectinload

from app.domain import family as rules
from app.domain.benefits import Household, LifeEvent, Person
from app.domain.calendar import seoul_today
from app.domain.identity import InvalidResidentNumber, ResidentNumber, mask_text, parse_resident_number
from app.services import audit
from app.services.actor import Actor
from app.services.applicants import _upsert, validate_name
from app.services.errors import NotFound, RuleViolation, ValidationError
from app.services.outbox import enqueue_sms, mask_phone, normalise_phone
from app.services.receipts import LineInput, add_receipt, business_day_of
from app.services.roles import authorize
from db.models import Applicant, Office, Receipt, StaffUser, utcnow
from db.models_family import FamilyFiling, FamilyFilingParty
from db.numbers import next_number
from db.uow import UnitOfWork

SERIES = "family"
RECORD_TYPE = "family_filing"
PERMISSION = "family.file"

STATUS_LABELS = {"received": "접수", "processed": "처리완료", "refused": "불수리"}
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
    "mother": "모",
    "father": "부",
    "deceased": "사망자",
    "guarantor1": "보증인 1",
    "guarantor2": "보증인 2",
    "spouse1": "남편",
    "spouse2": "아내",
    "witness1": "증인 1",
    "witness2": "증인 2",
    "person": "사건본인",
    "filer": "신고인",
}

# Filers who are one of the parties: the filer is then that party, typed once.
_PARTY_FILERS: dict[str, dict[str, str]] = {
    "birth": {"father": "father", "mother": "mother"},
    "marriage": {"spouse1": "spouse1", "spouse2": "spouse2"},
    "divorce": {"spouse1": "spouse1", "spouse2": "spouse2"},
    "name_change": {"self": "person"},
    "other": {"self": "person"},
}
_FILER_LABELS: dict[str, dict[str, str]] = {
    "marriage": {"spouse1": "당사자 남편", "spouse2": "당사자 아내"},
    "divorce": {"spouse1": "당사자 남편", "spouse2": "당사자 아내"},
    "name_change": {"self": "본인", "legal_rep": "법정대리인"},
    "other": {"self": "사건본인", "legal_rep": "법정대리인", "other_filer": "그 밖의 신고인 (법령에 따른 신고의무자)"},
}

SEXES = ("남", "여")
DEATH_PROOFS = {"진단서": "사망진단서", "검안서": "시체검안서", "보증": "보증인 2명의 보증서"}
TWO_SYLLABLE_SURNAMES = frozenset({"남궁", "제갈", "선우", "황보", "독고", "사공", "서문", "동방", "망절", "어금"})
_NUMBER = re.compile(r"^가족-\d{4}-\d{1,6}$")
_TIME = re.compile(r"^(\d{1,2}):?(\d{2})$")


# ---------------------------------------------------------------------------
# Plain values in and out
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonInput:
    """A person as written on the form; the resident number goes straight to the applicants table."""

    name: str
    resident_number: str | None = None
    phone: str = ""
    address: str = ""


@dataclass(frozen=True, slots=True)
class FilingInput:
    """A filing as the clerk entered it (see the module docstring for ``details`` per kind)."""

    kind: str
    event_date: date | None = None
    persons: Mapping[str, PersonInput] = field(default_factory=dict)
    filer: PersonInput | None = None
    filer_relation: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)
    after_demand: bool = False
    paid_now: bool = False
    sms_consent: bool = False
    sms_phone: str = ""


@dataclass(frozen=True, slots=True)
class PartyView:
    role: str
    role_label: str
    name: str
    rrn_masked: str
    birth_date: date | None


@dataclass(frozen=True, slots=True)
class FilingView:
    """Everything the tab and the guidance sheet show; resident numbers only masked."""

    id: int
    uuid: uuid.UUID
    number: str
    kind: str
    kind_name: str
    form: str
    status: str
    status_label: str
    received_at: datetime
    filed_on: date
    event_date: date
    counted_from: str
    occurred_on: date | None
    subject_name: str
    subject_rrn_masked: str
    filer_name: str
    filer_relation: str
    filer_relation_label: str
    birth_order: int | None
    details: Mapping[str, Any]
    detail_lines: tuple[tuple[str, str], ...]
    parties: tuple[PartyView, ...]
    deadline: date | None
    days_late: int
    estimated_fine: int
    fine_band: str
    after_demand: bool
    paid_now: bool
    assessment: str
    sms_consent: bool
    sms_phone_masked: str
    receipt_number: str
    processed_at: datetime | None
    result_note: str
    clerk_name: str
    office_name: str
    department: str
    office_address: str
    office_phone: str


@dataclass(frozen=True, slots=True)
class AssessmentView:
    """What the form shows live before saving."""

    label: str
    deadline: date | None
    days_late: int
    fine: int
    lapsed: bool
    message: str | None
    verified: bool


# ---------------------------------------------------------------------------
# Choices for the form
# ---------------------------------------------------------------------------


def form_of(kind: str) -> str:
    return FORMS.get(kind, FORM_OTHER)


def kind_choices(*, on: date | None = None) -> list[tuple[str, str, str]]:
    """(code, Korean name, form) of every kind in force, in the data file's order."""
    return [(k.code, k.name, form_of(k.code)) for k in rules.filing_kinds(on or seoul_today())]


def counted_from(kind: str, *, on: date | None = None) -> str:
    """The name of the date the period counts from, for the form's date label."""
    return _domain(rules.filing_kind, kind, on or seoul_today()).counted_from


def filer_options(kind: str, *, on: date | None = None) -> list[tuple[str, str]]:
    """(code, Korean label) of who may be entered as the filer of ``kind``."""
    form = form_of(kind)
    if form in ("birth", "death"):
        return [(f.code, f.name) for f in rules.filer_choices(form, on=on)]  # type: ignore[arg-type]
    return list(_FILER_LABELS[form].items())


def has_deadline(kind: str, *, on: date | None = None) -> bool:
    """Whether ``kind`` has a filing period (출생 1개월 …) rather than none (혼인) or a case-by-case one."""
    return bool(_domain(rules.filing_kind, kind, on or seoul_today()).has_deadline)


def party_filer_role(kind: str, relation: str) -> str | None:
    """The party role that files in person for ``relation`` (모 → mother), or None when the filer is someone else."""
    return _PARTY_FILERS.get(form_of(kind), {}).get(relation)


def preview_assessment(
    kind: str, event_date: date, *, filed_on: date | None = None, after_demand: bool = False, paid_now: bool = False
) -> AssessmentView:
    """``기한 내`` / ``N일 지연 (예상 과태료 M원)`` / the lapse message, before anything is saved."""
    day = filed_on or seoul_today()
    result = _domain(
        rules.assess_filing, kind, event_date, day, after_demand=after_demand, paid_now=paid_now, today=day
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
# Validation (nothing is written until all of it passed)
# ---------------------------------------------------------------------------


def _domain(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Call a domain rule; its Korean ValueError becomes the service's ValidationError."""
    try:
        return fn(*args, **kwargs)
    except rules.FilingLapsed as exc:
        raise RuleViolation(str(exc)) from None
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


@dataclass(frozen=True, slots=True)
class _Person:
    role: str
    input: PersonInput
    rrn: ResidentNumber | None


@dataclass
class _Checked:
    kind: rules.FilingKind
    form: str
    event_date: date
    occurred_on: date | None
    subject_role: str | None
    subject_name: str
    persons: dict[str, _Person]
    filer: _Person
    filer_role: str | None  # the party who is also the filer
    filer_relation: str
    details: dict[str, Any]
    birth_order: int | None
    assessment: rules.FilingAssessment
    sms_phone: str


def _as_date(value: Any, label: str, *, required: bool = True) -> date | None:
    if value is None or value == "":
        if required:
            raise ValidationError(f"{label}을(를) 입력하세요.")
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(f"{label}이(가) 올바른 날짜가 아닙니다: {value!r} (예: 2026-03-01)") from None


def _text(details: Mapping[str, Any], key: str, label: str, *, required: bool = True, max_len: int = 200) -> str:
    value = " ".join(str(details.get(key) or "").split())
    if required and not value:
        raise ValidationError(f"{label}을(를) 입력하세요.")
    if len(value) > max_len:
        raise ValidationError(f"{label}이(가) 너무 깁니다 ({max_len}자 이내).")
    return mask_text(value)


def _person(
    inp: FilingInput, role: str, *, on: date, required: bool = True, rrn_required: bool = True
) -> _Person | None:
    label = ROLE_LABELS[role]
    person = inp.persons.get(role)
    if person is None or not (person.name or "").strip():
        if required:
            raise ValidationError(f"{label}의 성명을 입력하세요.")
        if person is not None and (person.resident_number or "").strip():
            raise ValidationError(f"{label}의 주민등록번호가 있으면 성명도 입력하세요.")
        return None
    try:
        name = validate_name(person.name)
    except ValidationError as exc:
        raise ValidationError(f"{label}: {exc.message}") from None
    rrn: ResidentNumber | None = None
    if (person.resident_number or "").strip():
        try:
            rrn = parse_resident_number(person.resident_number or "", today=on)
        except InvalidResidentNumber as exc:
            raise ValidationError(f"{label}의 주민등록번호: {exc}") from None
    elif rrn_required:
        raise ValidationError(f"{label}의 주민등록번호를 입력하세요.")
    cleaned = PersonInput(
        name=name,
        resident_number=rrn.digits if rrn else None,
        phone=person.phone.strip(),
        address=person.address.strip(),
    )
    return _Person(role, cleaned, rrn)


def _distinct(*people: _Person | None) -> None:
    seen: dict[str, str] = {}
    for p in people:
        if p is None or p.rrn is None:
            continue
        other = seen.get(p.rrn.digits)
        if other is not None:
            raise ValidationError(
                f"{ROLE_LABELS[other]}와(과) {ROLE_LABELS[p.role]}의 주민등록번호가 같습니다. "
                "서로 다른 사람이어야 합니다."
            )
        seen[p.rrn.digits] = p.role


def _birth(inp: FilingInput, on: date, d: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, _Person], str, int]:
    surname = _domain(rules.validate_korean_name, str(d.get("child_surname") or ""), part="surname", on=on)
    given = _domain(rules.validate_korean_name, str(d.get("child_given") or ""), part="given", on=on)
    hanja = "".join(str(d.get("child_hanja") or "").split())
    if hanja:
        # Written for the whole name, like the form's 한자 칸: surname part, then the given name.
        if len(hanja) != len(surname + given):
            raise ValidationError(
                f"한자 성명의 글자 수({len(hanja)}자)가 한글 성명 '{surname + given}'의 글자 수와 다릅니다."
            )
        _domain(rules.validate_hanja_name, hanja[: len(surname)], hangul=surname, part="surname", on=on)
        _domain(rules.validate_hanja_name, hanja[len(surname) :], hangul=given, part="given", on=on)
    sex = str(d.get("sex") or "").strip()
    if sex not in SEXES:
        raise ValidationError("출생아의 성별(남/여)을 선택하세요.")
    raw_time = str(d.get("birth_time") or "").strip()
    match = _TIME.match(raw_time)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValidationError(f"출생 시각을 24시간제로 입력하세요 (예: 14:05). 입력: {raw_time or '없음'}")
    born_time = time(int(match.group(1)), int(match.group(2)))
    place = _text(d, "birth_place", "출생 장소")
    in_wedlock = bool(d.get("in_wedlock", True))
    attached = bool(d.get("certificate_attached"))
    substitute = _text(d, "substitute_document", "출생증명서를 대신하는 서류", required=not attached)
    try:
        order = int(d.get("birth_order") or 0)
    except (TypeError, ValueError):
        order = 0
    if not 1 <= order <= 20:
        raise ValidationError("출생 순위(모의 몇째 자녀인지, 첫째 = 1)를 입력하세요.")
    persons: dict[str, _Person] = {}
    mother = _person(inp, "mother", on=on)
    father = _person(inp, "father", on=on, required=in_wedlock)
    assert mother is not None
    _distinct(mother, father)
    born = inp.event_date
    assert born is not None
    for parent in (mother, father):
        if parent is not None and parent.rrn is not None and parent.rrn.birth_date >= born:
            raise ValidationError(
                f"{ROLE_LABELS[parent.role]}의 생년월일이 출생아의 출생일보다 늦습니다. 번호를 확인하세요."
            )
    persons["mother"] = mother
    if father is not None:
        persons["father"] = father
    details = {
        "child_surname": surname,
        "child_given": given,
        "child_hanja": hanja,
        "sex": sex,
        "birth_time": born_time.strftime("%H:%M"),
        "birth_place": place,
        "in_wedlock": in_wedlock,
        "certificate_attached": attached,
        "substitute_document": "" if attached else substitute,
    }
    return details, persons, surname + given, order


def _death(inp: FilingInput, on: date, d: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, _Person], date]:
    died = _as_date(d.get("death_date"), "사망 일자")
    assert died is not None and inp.event_date is not None
    if died > on:
        raise ValidationError(f"사망 일자({died.isoformat()})가 신고일보다 뒤입니다.")
    if inp.event_date < died:
        raise ValidationError("사망 사실을 안 날은 사망 일자와 같거나 그 뒤여야 합니다.")
    raw_time = str(d.get("death_time") or "").strip()
    death_time = ""
    if raw_time:
        match = _TIME.match(raw_time)
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise ValidationError(f"사망 시각을 24시간제로 입력하세요 (예: 14:05). 입력: {raw_time}")
        death_time = f"{int(match.group(1)):02d}:{match.group(2)}"
    place = _text(d, "death_place", "사망 장소")
    proof = str(d.get("proof") or "").strip()
    if proof not in DEATH_PROOFS:
        raise ValidationError("사망 증명 서류를 고르세요: 사망진단서, 시체검안서 또는 보증인 2명의 보증서.")
    deceased = _person(inp, "deceased", on=on)
    assert deceased is not None
    if deceased.rrn is not None and deceased.rrn.birth_date > died:
        raise ValidationError("사망자의 생년월일이 사망 일자보다 늦습니다. 번호를 확인하세요.")
    persons = {"deceased": deceased}
    if proof == "보증":
        for role in ("guarantor1", "guarantor2"):
            guarantor = _person(inp, role, on=on)
            assert guarantor is not None
            persons[role] = guarantor
    _distinct(*persons.values())
    details = {"death_date": died.isoformat(), "death_time": death_time, "death_place": place, "proof": proof}
    return details, persons, died


def _marriage(inp: FilingInput, on: date, d: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, _Person]]:
    persons: dict[str, _Person] = {}
    minors: list[str] = []
    for role in ("spouse1", "spouse2"):
        spouse = _person(inp, role, on=on)
        assert spouse is not None and spouse.rrn is not None
        if _domain(rules.check_marriage_age, spouse.rrn.birth_date, on, who=ROLE_LABELS[role]):
            minors.append(ROLE_LABELS[role])
        persons[role] = spouse
    consent = bool(d.get("parental_consent"))
    if minors and not consent:
        raise ValidationError(
            f"{'·'.join(minors)}이(가) 미성년자입니다. 부모(또는 후견인)의 동의서를 받아 "
            "'부모 동의'를 표시하세요 (민법 제808조)."
        )
    witnesses = []
    for role in ("witness1", "witness2"):
        witness = _person(inp, role, on=on)
        assert witness is not None and witness.rrn is not None
        witnesses.append(witness)
        persons[role] = witness
    _domain(rules.check_marriage_witnesses, [w.rrn.birth_date for w in witnesses if w.rrn], on)
    _distinct(*persons.values())
    return {"parental_consent": consent if minors else False}, persons


def _divorce(inp: FilingInput, on: date, d: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, _Person]]:
    persons: dict[str, _Person] = {}
    for role in ("spouse1", "spouse2"):
        spouse = _person(inp, role, on=on)
        assert spouse is not None
        persons[role] = spouse
    _distinct(*persons.values())
    label = "협의이혼의사 확인 법원" if inp.kind == "divorce_consent" else "판결·조정 법원"
    details = {
        "court": _text(d, "court", label, max_len=60),
        "case_number": _text(d, "case_number", "사건번호", required=False, max_len=40),
    }
    return details, persons


def _name_change(inp: FilingInput, on: date, d: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, _Person]]:
    person = _person(inp, "person", on=on)
    assert person is not None
    old = person.input.name.replace(" ", "")
    surname = old[:2] if old[:2] in TWO_SYLLABLE_SURNAMES else old[:1]
    new = "".join(str(d.get("new_name") or "").split())
    if not new:
        raise ValidationError("새 이름(성을 포함한 전체 이름)을 입력하세요.")
    if not new.startswith(surname):
        raise ValidationError(
            f"개명은 이름만 바꿉니다. 새 이름도 성 '{surname}'(으)로 시작해야 합니다. "
            "성을 바꾸려면 성·본 변경 신고로 접수하세요."
        )
    given = _domain(rules.validate_korean_name, new[len(surname) :], part="given", on=on)
    if surname + given == old:
        raise ValidationError("새 이름이 지금 이름과 같습니다.")
    hanja_text = str(d.get("new_hanja") or "").strip()
    hanja = _domain(rules.validate_hanja_name, hanja_text, hangul=given, part="given", on=on) if hanja_text else ""
    details = {
        "old_name": old,
        "new_name": surname + given,
        "new_hanja": hanja,
        "court": _text(d, "court", "개명 허가 법원", max_len=60),
    }
    return details, {"person": person}


def _other(inp: FilingInput, on: date, d: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, _Person]]:
    person = _person(inp, "person", on=on, rrn_required=False)
    assert person is not None
    description = _text(d, "description", "신고 내용", max_len=1000)
    if len(description) < 4:
        raise ValidationError("신고 내용을 구체적으로 적으세요 (무엇을, 왜).")
    return {"description": description}, {"person": person}


def _check(inp: FilingInput, on: date) -> _Checked:
    kind = _domain(rules.filing_kind, inp.kind, inp.event_date or on)
    form = form_of(kind.code)
    event_date = inp.event_date
    if kind.has_deadline and event_date is None:
        raise ValidationError(f"{kind.counted_from}을(를) 입력하세요.")
    if event_date is None:
        event_date = on  # a creating filing (혼인·입양·인지): the filing is the event
        inp = replace(inp, event_date=on)
    assessment = _domain(
        rules.assess_filing, kind.code, event_date, on, after_demand=inp.after_demand, paid_now=inp.paid_now, today=on
    )
    if assessment.lapsed:
        raise RuleViolation(assessment.message or "신고기간이 지나 수리할 수 없습니다.")
    d = inp.details
    occurred_on: date | None = None
    birth_order: int | None = None
    if form == "birth":
        details, persons, subject_name, birth_order = _birth(inp, on, d)
        subject_role = None
        occurred_on = event_date
    elif form == "death":
        details, persons, occurred_on = _death(inp, on, d)
        subject_role, subject_name = "deceased", persons["deceased"].input.name
    elif form == "marriage":
        details, persons = _marriage(inp, on, d)
        subject_role, subject_name = "spouse1", f"{persons['spouse1'].input.name}·{persons['spouse2'].input.name}"
    elif form == "divorce":
        details, persons = _divorce(inp, on, d)
        subject_role, subject_name = "spouse1", f"{persons['spouse1'].input.name}·{persons['spouse2'].input.name}"
    elif form == "name_change":
        details, persons = _name_change(inp, on, d)
        subject_role, subject_name = "person", persons["person"].input.name
    else:
        details, persons = _other(inp, on, d)
        subject_role, subject_name = "person", persons["person"].input.name

    # Who files, and may they (가족관계등록법 제46·85조 and the like)?
    relation = (inp.filer_relation or "").strip()
    options = dict(filer_options(kind.code, on=on))
    if relation not in options:
        raise ValidationError(f"신고인 자격을 고르세요 ({', '.join(options.values())}).")
    if form == "birth":
        eligibility = _domain(rules.birth_filer_allowed, relation, in_wedlock=details["in_wedlock"], on=on)
    elif form == "death":
        eligibility = _domain(rules.death_filer_allowed, relation, on=on)
    else:
        eligibility = None
    if eligibility is not None and not eligibility.allowed:
        raise ValidationError(f"'{eligibility.name}'은(는) 신고인이 될 수 없습니다. {eligibility.condition}")
    party_role = _PARTY_FILERS.get(form, {}).get(relation)
    filer: _Person | None
    if party_role is not None:
        if party_role not in persons:
            raise ValidationError(
                f"신고인이 {ROLE_LABELS[party_role]}인데 {ROLE_LABELS[party_role]}이(가) 입력되지 않았습니다."
            )
        filer = persons[party_role]
        if inp.filer is not None and (inp.filer.phone or "").strip():
            filer = _Person(
                filer.role,
                PersonInput(
                    filer.input.name, filer.input.resident_number, inp.filer.phone.strip(), filer.input.address
                ),
                filer.rrn,
            )
    else:
        filer = _person(FilingInput(kind.code, persons={"filer": inp.filer} if inp.filer else {}), "filer", on=on)
        assert filer is not None
    sms_phone = ""
    if inp.sms_consent:
        if not (inp.sms_phone or "").strip():
            raise ValidationError("문자알림에 동의했으면 받을 휴대전화 번호를 입력하세요.")
        sms_phone = normalise_phone(inp.sms_phone)
    return _Checked(
        kind=kind,
        form=form,
        event_date=event_date,
        occurred_on=occurred_on,
        subject_role=subject_role,
        subject_name=subject_name,
        persons=persons,
        filer=filer,
        filer_role=party_role,
        filer_relation=relation,
        details=details,
        birth_order=birth_order,
        assessment=assessment,
        sms_phone=sms_phone,
    )


# ---------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------

_DETAIL_LABELS = (
    ("child_hanja", "한자 이름"),
    ("sex", "성별"),
    ("birth_time", "출생 시각"),
    ("birth_place", "출생 장소"),
    ("in_wedlock", "혼인 중 출생"),
    ("certificate_attached", "출생증명서"),
    ("substitute_document", "대체 서류"),
    ("death_date", "사망 일자"),
    ("death_time", "사망 시각"),
    ("death_place", "사망 장소"),
    ("proof", "사망 증명"),
    ("parental_consent", "부모 동의"),
    ("court", "법원"),
    ("case_number", "사건번호"),
    ("old_name", "현재 이름"),
    ("new_name", "새 이름"),
    ("new_hanja", "새 이름 한자"),
    ("description", "신고 내용"),
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


def _relation_label(kind: str, relation: str, on: date) -> str:
    try:
        return dict(filer_options(kind, on=on)).get(relation, relation)
    except ValueError:
        return relation


def _view(filing: FamilyFiling, uow: UnitOfWork) -> FilingView:
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
    kind_rule = rules.filing_kind(filing.kind, filing.event_date)
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


def filing_number(year: int, sequence: int) -> str:
    return f"가족-{year}-{sequence:06d}"


def _fee(kind: rules.FilingKind) -> int:
    return kind.fee


# ---------------------------------------------------------------------------
# Use cases
# ---------------------------------------------------------------------------


def file_filing(
    uow: UnitOfWork,
    actor: Actor,
    data: FilingInput,
    *,
    client_uuid: uuid.UUID | None = None,
    payment_method: str = "현금",
    now: datetime | None = None,
) -> FilingView:
    """Receive a filing (신고 접수); a replay with the same ``client_uuid`` returns the filing already made."""
    authorize(actor, PERMISSION, now=now)
    moment = now or utcnow()
    filed_on = business_day_of(moment)
    client_uuid = client_uuid or uuid.uuid4()
    with uow:
        existing = uow.session.scalars(
            select(FamilyFiling).options(selectinload(FamilyFiling.parties)).where(FamilyFiling.uuid == client_uuid)
        ).first()
        if existing is not None:
            return _view(existing, uow)
        checked = _check(data, filed_on)
        applicant_ids: dict[str, int] = {}
        for role, person in checked.persons.items():
            party_view = _upsert(
                uow,
                actor,
                name=person.input.name,
                resident_number=person.input.resident_number,
                phone=person.input.phone if role == checked.filer_role else "",
                address=person.input.address,
            )
            applicant_ids[role] = party_view.id
        if checked.filer_role is None:
            filer_view = _upsert(
                uow,
                actor,
                name=checked.filer.input.name,
                resident_number=checked.filer.input.resident_number,
                phone=checked.filer.input.phone,
                address=checked.filer.input.address,
            )
            filer_id = filer_view.id
        else:
            filer_id = applicant_ids[checked.filer_role]
        year = filed_on.year
        sequence = next_number(uow.session, office_id=actor.office_id, series=SERIES, period=str(year))
        a = checked.assessment
        late = a.days_late > 0
        filing = FamilyFiling(
            uuid=client_uuid,
            office_id=actor.office_id,
            terminal_id=actor.terminal_id,
            clerk_id=actor.user_id,
            number=filing_number(year, sequence),
            kind=checked.kind.code,
            kind_name=checked.kind.name,
            status="received",
            received_at=moment,
            filed_on=filed_on,
            event_date=checked.event_date,
            occurred_on=checked.occurred_on,
            subject_name=checked.subject_name[:60],
            subject_applicant_id=applicant_ids.get(checked.subject_role) if checked.subject_role else None,
            filer_applicant_id=filer_id,
            filer_relation=checked.filer_relation,
            birth_order=checked.birth_order,
            details=checked.details,
            deadline=a.deadline,
            days_late=a.days_late,
            estimated_fine=a.fine,
            fine_band=a.band or "",
            after_demand=data.after_demand and late,
            paid_now=data.paid_now and late,
            assessment=a.label[:200],
            sms_consent=data.sms_consent,
            sms_phone=checked.sms_phone,
            sms_consent_at=moment if data.sms_consent else None,
            result_note="",
            parties=[
                FamilyFilingParty(position=i, role=role, applicant_id=applicant_ids[role], name=p.input.name)
                for i, (role, p) in enumerate(checked.persons.items())
            ]
            + (
                [
                    FamilyFilingParty(
                        position=len(checked.persons),
                        role="filer",
                        applicant_id=filer_id,
                        name=checked.filer.input.name,
                    )
                ]
                if checked.filer_role is None
                else []
            ),
        )
        if checked.form == "birth":
            # The newborn has no resident number yet: it is recorded on the filing only.
            filing.details = {**checked.details, "birth_date": checked.event_date.isoformat()}
        fee = _fee(checked.kind)
        if fee > 0:
            receipt = add_receipt(
                uow,
                actor,
                lines=[
                    LineInput(
                        f"family.{checked.kind.code}",
                        f"{checked.kind.name} 신고",
                        1,
                        fee,
                        fee_table=checked.kind.source,
                    )
                ],
                payment_method=payment_method,
                applicant_id=filer_id,
                now=moment,
            )
            filing.receipt_id = receipt.id
        uow.session.add(filing)
        uow.session.flush()
        audit.record(
            uow,
            actor,
            "family.file",
            record_type=RECORD_TYPE,
            record_id=filing.number,
            detail=f"{checked.kind.name} {a.label}" + (" 문자알림 동의" if data.sms_consent else ""),
            at=moment,
        )
        view = _view(filing, uow)
        uow.commit()
    return view


def _load(uow: UnitOfWork, actor: Actor, filing_id: int) -> FamilyFiling:
    filing = uow.session.scalars(
        select(FamilyFiling)
        .options(selectinload(FamilyFiling.parties))
        .where(FamilyFiling.id == filing_id, FamilyFiling.office_id == actor.office_id)
    ).first()
    if filing is None:
        raise NotFound(f"신고를 찾을 수 없습니다: {filing_id}")
    return filing


def get_filing(uow: UnitOfWork, actor: Actor, *, filing_id: int) -> FilingView:
    authorize(actor, PERMISSION)
    with uow:
        filing = _load(uow, actor, filing_id)
        audit.record(uow, actor, "family.read", record_type=RECORD_TYPE, record_id=filing.number)
        view = _view(filing, uow)
        uow.commit()
    return view


def result_message(view: FilingView, outcome: str, note: str = "", *, on: date | None = None) -> str:
    """The SMS text (wording from ``family.toml``): the office, the filing and its outcome; never a resident number."""
    return _domain(
        rules.result_sms,
        outcome,
        office=view.office_name,
        filer=view.filer_name,
        kind_name=view.kind_name,
        number=view.number,
        reason=note,
        phone=view.office_phone,
        on=on or seoul_today(),
    )


def process_filing(
    uow: UnitOfWork, actor: Actor, *, filing_id: int, outcome: str, note: str = "", now: datetime | None = None
) -> FilingView:
    """Record the registrar's decision (처리완료 or 불수리) and, with consent, queue the result SMS with it."""
    authorize(actor, PERMISSION, now=now)
    if outcome not in OUTCOMES:
        raise ValidationError("처리 결과는 처리완료 또는 불수리여야 합니다.")
    note = " ".join((note or "").split())
    if outcome == "refused" and len(note) < 2:
        raise ValidationError("불수리 사유를 입력하세요.")
    moment = now or utcnow()
    with uow:
        filing = _load(uow, actor, filing_id)
        if filing.status != "received":
            raise RuleViolation(f"이미 {STATUS_LABELS.get(filing.status, filing.status)}된 신고입니다: {filing.number}")
        filing.status = outcome
        filing.processed_at = moment
        filing.processed_by = actor.user_id
        filing.result_note = mask_text(note)
        uow.session.flush()
        view = _view(filing, uow)
        if filing.sms_consent and filing.sms_phone:
            message = enqueue_sms(
                uow,
                office_id=filing.office_id,
                recipient=filing.sms_phone,
                body=result_message(view, outcome, note, on=business_day_of(moment)),
                record_type=RECORD_TYPE,
                record_id=filing.id,
            )
            # The message belongs to the decision: dated with it (a back-dated decision keeps its order).
            message.created_at = moment
            message.next_attempt_at = moment
        audit.record(
            uow,
            actor,
            f"family.{outcome}",
            record_type=RECORD_TYPE,
            record_id=filing.number,
            reason=note,
            detail="문자알림 대기" if filing.sms_consent else "",
            at=moment,
        )
        uow.commit()
    return view


def list_filings(
    uow: UnitOfWork,
    actor: Actor,
    *,
    kind: str | None = None,
    status: str | None = None,
    start: date | None = None,
    end: date | None = None,
    text: str = "",
    limit: int = 500,
) -> list[FilingView]:
    """Filings of the office, newest first, by kind, status and filing period, or a name / filing number."""
    authorize(actor, PERMISSION)
    if start and end and end < start:
        raise ValidationError("조회 기간의 끝이 시작보다 앞섭니다.")
    if status and status not in STATUS_LABELS:
        raise ValidationError(f"알 수 없는 상태입니다: {status}")
    text = " ".join((text or "").split())
    with uow:
        query = (
            select(FamilyFiling)
            .options(selectinload(FamilyFiling.parties))
            .where(FamilyFiling.office_id == actor.office_id)
        )
        if kind:
            query = query.where(FamilyFiling.kind == kind)
        if status:
            query = query.where(FamilyFiling.status == status)
        if start:
            query = query.where(FamilyFiling.filed_on >= start)
        if end:
            query = query.where(FamilyFiling.filed_on <= end)
        if text:
            if _NUMBER.match(text) or text.startswith("가족-") or text.replace("-", "").isdigit():
                query = query.where(FamilyFiling.number.contains(text, autoescape=True))
            else:
                party = exists().where(
                    FamilyFilingParty.filing_id == FamilyFiling.id,
                    FamilyFilingParty.name.contains(text, autoescape=True),
                )
                query = query.where(or_(FamilyFiling.subject_name.contains(text, autoescape=True), party))
        rows = uow.session.scalars(
            query.order_by(FamilyFiling.received_at.desc(), FamilyFiling.id.desc()).limit(limit)
        ).all()
        ids = {f.filer_applicant_id for f in rows} | {p.applicant_id for f in rows for p in f.parties if p.applicant_id}
        if ids:
            uow.session.scalars(select(Applicant).where(Applicant.id.in_(ids))).all()
        views = [_view(f, uow) for f in rows]
        audit.record(
            uow,
            actor,
            "family.list",
            record_type=RECORD_TYPE,
            detail=f"kind={kind or '*'} status={status or '*'} {start or ''}~{end or ''} '{text}' {len(views)}건",
        )
        uow.commit()
    return views


def print_guidance(uow: UnitOfWork, actor: Actor, *, filing_id: int, path: Path, on: date | None = None) -> Path:
    """Render the 후속절차 안내문 for a filing to ``path`` and log the print (접속기록: 출력)."""
    from app.documents.guidance import render_guidance

    authorize(actor, PERMISSION)
    with uow:
        view = _view(_load(uow, actor, filing_id), uow)
    # Rendered outside the transaction: on SQLite every transaction holds the write lock.
    render_guidance(view, path, on=on)
    with uow:
        audit.record(
            uow, actor, "family.guidance_print", record_type=RECORD_TYPE, record_id=view.number, detail=path.name
        )
        uow.commit()
    return path


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
