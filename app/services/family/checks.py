"""Checking a filing as a registrar would (신고서 심사), before anything is written: people, particulars, filer."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any

from app.domain.family import FilingKind, filing_kind
from app.domain.family_checks import (
    birth_filer_allowed,
    check_marriage_age,
    check_marriage_witnesses,
    death_filer_allowed,
    validate_hanja_name,
    validate_korean_name,
)
from app.domain.family_fines import FilingAssessment, assess_filing
from app.domain.identity import InvalidResidentNumber, ResidentNumber, mask_text, parse_resident_number
from app.domain.messages import Text
from app.i18n import N_
from app.services.applicants import validate_name
from app.services.errors import RuleViolation, ValidationError
from app.services.family.common import (
    DEATH_PROOFS,
    PARTY_FILERS,
    ROLE_LABELS,
    SEXES,
    TWO_SYLLABLE_SURNAMES,
    domain_call,
    filer_options,
    form_of,
)
from app.services.inputs import clean_text
from app.services.outbox import normalise_phone
from app.views.family import FilingInput, PersonInput

_TIME = re.compile(r"^(\d{1,2}):?(\d{2})\Z")
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)  # a date outside is a typing slip, not an event


@dataclass(frozen=True, slots=True)
class CheckedPerson:
    """A person of the filing as checked: the cleaned input and the parsed resident number."""

    role: str
    input: PersonInput
    rrn: ResidentNumber | None


@dataclass
class CheckedFiling:
    """A filing that passed every check, ready to be written; nothing about it is guessed any more."""

    kind: FilingKind
    form: str
    event_date: date
    occurred_on: date | None
    subject_role: str | None
    subject_name: str
    persons: dict[str, CheckedPerson]
    filer: CheckedPerson
    filer_role: str | None  # the party who is also the filer
    filer_relation: str
    details: dict[str, Any]
    birth_order: int | None
    assessment: FilingAssessment
    sms_phone: str


def _as_date(value: Any, label: str, *, required: bool = True) -> date | None:
    if value is None or value == "":
        if required:
            raise ValidationError("{label:을/를} 입력하세요.", label=label)
        return None
    if isinstance(value, datetime):
        return _sane(value.date(), label)
    if isinstance(value, date):
        return _sane(value, label)
    try:
        return _sane(date.fromisoformat(clean_text(value, label, max_len=10)), label)
    except ValueError:
        raise ValidationError(
            "{label:이/가} 올바른 날짜가 아닙니다: {value!r} (예: 2026-03-01)", label=label, value=value
        ) from None


def _text(details: Mapping[str, Any], key: str, label: str, *, required: bool = True, max_len: int = 200) -> str:
    value = " ".join(clean_text(details.get(key), label, max_len=max_len).split())
    if required and not value:
        raise ValidationError("{label:을/를} 입력하세요.", label=label)
    return mask_text(value)


def _plain(details: Mapping[str, Any], key: str, label: str, *, max_len: int = 60) -> str:
    """A short particular that a rule checks next (a name part, a time, a choice): clean text, spaces kept."""
    return clean_text(details.get(key), label, max_len=max_len)


def _sane(day: date, label: str) -> date:
    if not EARLIEST <= day <= LATEST:
        raise ValidationError("{label:이/가} 올바른 날짜가 아닙니다: {day}", label=label, day=day.isoformat())
    return day


def _person(
    inp: FilingInput, role: str, *, on: date, required: bool = True, rrn_required: bool = True
) -> CheckedPerson | None:
    label = ROLE_LABELS[role]
    person = inp.persons.get(role)
    if person is None or not clean_text(person.name, Text("{who}의 성명", who=label), max_len=60):
        if required:
            raise ValidationError("{label}의 성명을 입력하세요.", label=label)
        if person is not None and clean_text(
            person.resident_number, Text("{who}의 주민등록번호", who=label), max_len=20
        ):
            raise ValidationError("{label}의 주민등록번호가 있으면 성명도 입력하세요.", label=label)
        return None
    try:
        name = validate_name(person.name)
    except ValidationError as exc:
        raise ValidationError("{label}: {problem}", label=label, problem=exc) from None
    rrn: ResidentNumber | None = None
    if clean_text(person.resident_number, Text("{who}의 주민등록번호", who=label), max_len=20):
        try:
            rrn = parse_resident_number(person.resident_number or "", today=on)
        except InvalidResidentNumber as exc:
            raise ValidationError("{label}의 주민등록번호: {problem}", label=label, problem=exc) from None
    elif rrn_required:
        raise ValidationError("{label}의 주민등록번호를 입력하세요.", label=label)
    cleaned = PersonInput(
        name=name,
        resident_number=rrn.digits if rrn else None,
        phone=clean_text(person.phone, Text("{who}의 전화번호", who=label), max_len=40),
        address=clean_text(person.address, Text("{who}의 주소", who=label), max_len=200),
    )
    return CheckedPerson(role, cleaned, rrn)


def _distinct(*people: CheckedPerson | None) -> None:
    seen: dict[str, str] = {}
    for p in people:
        if p is None or p.rrn is None:
            continue
        other = seen.get(p.rrn.digits)
        if other is not None:
            raise ValidationError(
                "{other:과/와} {role}의 주민등록번호가 같습니다. 서로 다른 사람이어야 합니다.",
                other=ROLE_LABELS[other],
                role=ROLE_LABELS[p.role],
            )
        seen[p.rrn.digits] = p.role


def _birth(
    inp: FilingInput, on: date, d: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, CheckedPerson], str, int]:
    surname = domain_call(validate_korean_name, _plain(d, "child_surname", N_("출생아의 성")), part="surname", on=on)
    given = domain_call(validate_korean_name, _plain(d, "child_given", N_("출생아의 이름")), part="given", on=on)
    hanja = "".join(_plain(d, "child_hanja", N_("출생아의 한자 성명")).split())
    if hanja:
        # Written for the whole name, like the form's 한자 칸: surname part, then the given name.
        if len(hanja) != len(surname + given):
            raise ValidationError(
                "한자 성명의 글자 수({count}자)가 한글 성명 '{name}'의 글자 수와 다릅니다.",
                count=len(hanja),
                name=surname + given,
            )
        domain_call(validate_hanja_name, hanja[: len(surname)], hangul=surname, part="surname", on=on)
        domain_call(validate_hanja_name, hanja[len(surname) :], hangul=given, part="given", on=on)
    sex = _plain(d, "sex", N_("출생아의 성별"))
    if sex not in SEXES:
        raise ValidationError("출생아의 성별(남/여)을 선택하세요.")
    raw_time = _plain(d, "birth_time", N_("출생 시각"), max_len=10)
    match = _TIME.match(raw_time)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValidationError(
            "출생 시각을 24시간제로 입력하세요 (예: 14:05). 입력: {typed}", typed=raw_time or N_("없음")
        )
    born_time = time(int(match.group(1)), int(match.group(2)))
    place = _text(d, "birth_place", N_("출생 장소"))
    in_wedlock = bool(d.get("in_wedlock", True))
    attached = bool(d.get("certificate_attached"))
    substitute = _text(d, "substitute_document", N_("출생증명서를 대신하는 서류"), required=not attached)
    raw_order = d.get("birth_order") or 0
    try:
        order = raw_order if isinstance(raw_order, int) and not isinstance(raw_order, bool) else int(str(raw_order))
    except ValueError:
        order = 0
    if not 1 <= order <= 20:
        raise ValidationError("출생 순위(모의 몇째 자녀인지, 첫째 = 1)를 입력하세요.")
    persons: dict[str, CheckedPerson] = {}
    mother = _person(inp, "mother", on=on)
    father = _person(inp, "father", on=on, required=in_wedlock)
    assert mother is not None
    _distinct(mother, father)
    born = inp.event_date
    assert born is not None
    for parent in (mother, father):
        if parent is not None and parent.rrn is not None and parent.rrn.birth_date >= born:
            raise ValidationError(
                "{parent}의 생년월일이 출생아의 출생일보다 늦습니다. 번호를 확인하세요.",
                parent=ROLE_LABELS[parent.role],
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


def _death(inp: FilingInput, on: date, d: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, CheckedPerson], date]:
    died = _as_date(d.get("death_date"), N_("사망 일자"))
    assert died is not None and inp.event_date is not None
    if died > on:
        raise ValidationError("사망 일자({day})가 신고일보다 뒤입니다.", day=died.isoformat())
    if inp.event_date < died:
        raise ValidationError("사망 사실을 안 날은 사망 일자와 같거나 그 뒤여야 합니다.")
    raw_time = _plain(d, "death_time", N_("사망 시각"), max_len=10)
    death_time = ""
    if raw_time:
        match = _TIME.match(raw_time)
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise ValidationError("사망 시각을 24시간제로 입력하세요 (예: 14:05). 입력: {raw_time}", raw_time=raw_time)
        death_time = f"{int(match.group(1)):02d}:{match.group(2)}"
    place = _text(d, "death_place", N_("사망 장소"))
    proof = _plain(d, "proof", N_("사망 증명 서류"))
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


def _marriage(inp: FilingInput, on: date, d: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, CheckedPerson]]:
    persons: dict[str, CheckedPerson] = {}
    minors: list[str] = []
    for role in ("spouse1", "spouse2"):
        spouse = _person(inp, role, on=on)
        assert spouse is not None and spouse.rrn is not None
        if domain_call(check_marriage_age, spouse.rrn.birth_date, on, who=ROLE_LABELS[role]):
            minors.append(ROLE_LABELS[role])
        persons[role] = spouse
    consent = bool(d.get("parental_consent"))
    if minors and not consent:
        raise ValidationError(
            "{minors:이/가} 미성년자입니다. 부모(또는 후견인)의 동의서를 받아 '부모 동의'를 표시하세요 (민법 제808조).",
            minors="·".join(minors),
        )
    witnesses = []
    for role in ("witness1", "witness2"):
        witness = _person(inp, role, on=on)
        assert witness is not None and witness.rrn is not None
        witnesses.append(witness)
        persons[role] = witness
    domain_call(check_marriage_witnesses, [w.rrn.birth_date for w in witnesses if w.rrn], on)
    _distinct(*persons.values())
    return {"parental_consent": consent if minors else False}, persons


def _divorce(inp: FilingInput, on: date, d: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, CheckedPerson]]:
    persons: dict[str, CheckedPerson] = {}
    for role in ("spouse1", "spouse2"):
        spouse = _person(inp, role, on=on)
        assert spouse is not None
        persons[role] = spouse
    _distinct(*persons.values())
    label = N_("협의이혼의사 확인 법원") if inp.kind == "divorce_consent" else N_("판결·조정 법원")
    details = {
        "court": _text(d, "court", label, max_len=60),
        "case_number": _text(d, "case_number", N_("사건번호"), required=False, max_len=40),
    }
    return details, persons


def _name_change(inp: FilingInput, on: date, d: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, CheckedPerson]]:
    person = _person(inp, "person", on=on)
    assert person is not None
    old = person.input.name.replace(" ", "")
    surname = old[:2] if old[:2] in TWO_SYLLABLE_SURNAMES else old[:1]
    new = "".join(_plain(d, "new_name", N_("새 이름")).split())
    if not new:
        raise ValidationError("새 이름(성을 포함한 전체 이름)을 입력하세요.")
    if not new.startswith(surname):
        raise ValidationError(
            "개명은 이름만 바꿉니다. 새 이름도 성 {surname:으로/로} 시작해야 합니다. "
            "성을 바꾸려면 성·본 변경 신고로 접수하세요.",
            surname="'" + surname + "'",
        )
    given = domain_call(validate_korean_name, new[len(surname) :], part="given", on=on)
    if surname + given == old:
        raise ValidationError("새 이름이 지금 이름과 같습니다.")
    hanja_text = _plain(d, "new_hanja", N_("새 이름의 한자"))
    hanja = domain_call(validate_hanja_name, hanja_text, hangul=given, part="given", on=on) if hanja_text else ""
    details = {
        "old_name": old,
        "new_name": surname + given,
        "new_hanja": hanja,
        "court": _text(d, "court", N_("개명 허가 법원"), max_len=60),
    }
    return details, {"person": person}


def _other(inp: FilingInput, on: date, d: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, CheckedPerson]]:
    person = _person(inp, "person", on=on, rrn_required=False)
    assert person is not None
    description = _text(d, "description", N_("신고 내용"), max_len=1000)
    if len(description) < 4:
        raise ValidationError("신고 내용을 구체적으로 적으세요 (무엇을, 왜).")
    return {"description": description}, {"person": person}


def check_filing(inp: FilingInput, on: date) -> CheckedFiling:
    """Check ``inp`` filed on ``on`` completely; ValidationError or RuleViolation (Korean) at the first fault."""
    kind_code = clean_text(inp.kind, N_("신고 종류"), max_len=30, required=True)
    if inp.event_date is not None:
        _sane(inp.event_date, "사건 일자")
    kind = domain_call(filing_kind, kind_code, inp.event_date or on)
    form = form_of(kind.code)
    event_date = inp.event_date
    if kind.has_deadline and event_date is None:
        raise ValidationError("{counted_from:을/를} 입력하세요.", counted_from=kind.counted_from)
    if event_date is None:
        event_date = on  # a creating filing (혼인·입양·인지): the filing is the event
        inp = replace(inp, event_date=on)
    # 가족관계등록법 제37조②: a judgment final before it was served counts from the day of service.
    served_on = (
        _as_date(inp.details.get("served_on"), N_("판결 송달일"), required=False) if kind.from_judgment else None
    )
    assessment = domain_call(
        assess_filing,
        kind.code,
        event_date,
        on,
        after_demand=inp.after_demand,
        paid_now=inp.paid_now,
        served_on=served_on,
        today=on,
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
    relation = clean_text(inp.filer_relation, N_("신고인 자격"), max_len=40)
    options = dict(filer_options(kind.code, on=on))
    if relation not in options:
        raise ValidationError("신고인 자격을 고르세요 ({choices}).", choices=", ".join(options.values()))
    if form == "birth":
        eligibility = domain_call(birth_filer_allowed, relation, in_wedlock=details["in_wedlock"], on=on)
    elif form == "death":
        eligibility = domain_call(death_filer_allowed, relation, on=on)
    else:
        eligibility = None
    if eligibility is not None and not eligibility.allowed:
        raise ValidationError(
            "{name:은/는} 신고인이 될 수 없습니다. {condition}",
            name="'" + eligibility.name + "'",
            condition=eligibility.condition,
        )
    party_role = PARTY_FILERS.get(form, {}).get(relation)
    filer: CheckedPerson | None
    if party_role is not None:
        if party_role not in persons:
            raise ValidationError("신고인이 {role}인데 {role:이/가} 입력되지 않았습니다.", role=ROLE_LABELS[party_role])
        filer = persons[party_role]
        filer_phone = clean_text(inp.filer.phone, N_("신고인 전화번호"), max_len=40) if inp.filer is not None else ""
        if filer_phone:
            filer = CheckedPerson(
                filer.role,
                PersonInput(filer.input.name, filer.input.resident_number, filer_phone, filer.input.address),
                filer.rrn,
            )
    else:
        filer = _person(FilingInput(kind.code, persons={"filer": inp.filer} if inp.filer else {}), "filer", on=on)
        assert filer is not None
    if assessment.served_on is not None:
        details = {**details, "served_on": assessment.served_on.isoformat()}
    sms_phone = ""
    if inp.sms_consent:
        if not clean_text(inp.sms_phone, N_("문자알림 번호"), max_len=40):
            raise ValidationError("문자알림에 동의했으면 받을 휴대전화 번호를 입력하세요.")
        sms_phone = normalise_phone(inp.sms_phone)
    return CheckedFiling(
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
