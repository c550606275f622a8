"""Required documents (구비서류) for a passport applicant's situation, from ``passport_documents.toml``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from app.domain.effective import in_force
from app.domain.messages import N_
from app.domain.passport.common import (
    PassportRuleError,
    check_age,
    entries,
    int_field,
    pick_entry,
    seoul_day,
    str_field,
)
from app.resources import DataFileError, load_data

PROXY_LEGAL_REP = N_("법정대리인")
PROXY_SPOUSE = N_("배우자")
PROXY_RELATIVE = N_("2촌 이내 친족")
PROXY_RELATIONS: tuple[str, ...] = (PROXY_LEGAL_REP, PROXY_SPOUSE, PROXY_RELATIVE)
_MINOR_PROXIES = (PROXY_LEGAL_REP, PROXY_RELATIVE)

_DOCUMENTS = "passport_documents"


@dataclass(frozen=True, slots=True)
class ApplicantSituation:
    """What the checklist depends on. ``age`` is in full years on the day of application.

    ``applying_in_person``: the applicant comes to the counter. Otherwise ``proxy_relation`` says who
    comes (법정대리인, 배우자, 2촌 이내 친족). ``birth_year`` (optional) makes the military-age check
    exact, because military-service age counts calendar years (연 나이), not full years.
    """

    age: int
    sex: str  # "M"/"F" (or 남/여)
    applying_in_person: bool = True
    proxy_relation: str | None = None
    illness_or_disability: bool = False
    has_valid_passport: bool = False
    name_changed: bool = False
    emergency: bool = False
    reduced_fee_claim: bool = False
    birth_year: int | None = None


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One line of the required-documents checklist (구비서류)."""

    key: str
    text: str
    why: str  # the rule behind it, in Korean
    required: bool  # False: may be omitted in some cases, or a notice only
    verified: bool
    source: str


@dataclass(frozen=True, slots=True)
class _ApplicationRules:
    minor_below_age: int
    military_year_age_from: int
    military_year_age_to: int
    in_person_min_age: int = 0  # younger than this, a proxy (법정대리인 or 2촌 이내 친족) must apply


_CONDITIONS = frozenset(
    {
        "always",
        "normal",
        "emergency",
        "in_person",
        "proxy",
        "minor",
        "adult",
        "by_legal_rep",
        "by_relative",
        "valid_passport",
        "name_changed",
        "military_age",
        "reduced_fee",
    }
)


@lru_cache(maxsize=1)
def _document_data() -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    data = load_data(_DOCUMENTS)
    items = entries(data, "items", _DOCUMENTS)
    for raw in items:
        key = str_field(raw, "id", f"{_DOCUMENTS}.toml [[items]]")
        where = f"{_DOCUMENTS}.toml 항목 '{key}'"
        str_field(raw, "text", where)
        str_field(raw, "why", where)
        when = raw.get("when")
        if not isinstance(when, list) or not when:
            raise DataFileError(f"{where}: 조건(when)이 없습니다.")
        for cond in when:
            if not isinstance(cond, str) or cond.removeprefix("!") not in _CONDITIONS:
                raise DataFileError(f"{where}: 알 수 없는 조건 {cond!r}")
        if not isinstance(raw.get("required"), bool):
            raise DataFileError(f"{where}: required는 true/false여야 합니다.")
    rules = entries(data, "application_rules", _DOCUMENTS)
    for raw in rules:
        for field in ("minor_below_age", "military_year_age_from", "military_year_age_to"):
            int_field(raw, field, f"{_DOCUMENTS}.toml [[application_rules]]")
    return items, rules


def _application_rules_on(day: date) -> _ApplicationRules:
    _, rules = _document_data()
    raw = pick_entry(rules, day, "여권 신청 나이 기준")
    return _ApplicationRules(
        minor_below_age=int(raw["minor_below_age"]),
        military_year_age_from=int(raw["military_year_age_from"]),
        military_year_age_to=int(raw["military_year_age_to"]),
        in_person_min_age=int(raw.get("in_person_min_age", 0)),
    )


def _normal_sex(sex: str) -> str:
    mapping = {"M": "M", "F": "F", "남": "M", "여": "F"}
    if sex not in mapping:
        raise PassportRuleError(N_("성별은 남(M) 또는 여(F)로 입력하세요 (입력: {sex!r})."), sex=sex)
    return mapping[sex]


def _is_military_age(s: ApplicantSituation, sex: str, day: date, rules: _ApplicationRules) -> bool:
    if sex != "M":
        return False
    low, high = rules.military_year_age_from, rules.military_year_age_to
    if s.birth_year is not None:
        return low <= day.year - s.birth_year <= high
    # without the birth year, 연 나이 is the full-years age or one more: show the notice when either fits
    return s.age + 1 >= low and s.age <= high


def _check_situation(s: ApplicantSituation, minor: bool, adult_age: int, in_person_from: int = 0) -> None:
    if s.reduced_fee_claim and not s.emergency:
        raise PassportRuleError(N_("친족 사망·위독 감면은 긴급여권 신청에만 해당합니다."))
    if s.applying_in_person:
        if s.proxy_relation is not None:
            raise PassportRuleError(N_("본인이 직접 신청하는 경우에는 대리인 관계를 비워 두세요."))
        if s.age < in_person_from:
            raise PassportRuleError(
                N_(
                    "만 {age}세는 본인이 직접 신청할 수 없습니다 (본인 신청은 만 {in_person_from}세부터). "
                    "'신청하는 사람'에서 법정대리인 또는 2촌 이내 친족을 고르세요."
                ),
                age=s.age,
                in_person_from=in_person_from,
            )
        return
    if s.proxy_relation is None:
        raise PassportRuleError(N_("대리 신청이면 신청하러 온 사람과 신청인의 관계를 고르세요."))
    if s.proxy_relation not in PROXY_RELATIONS:
        raise PassportRuleError(
            N_("알 수 없는 대리인 관계입니다: {relation!r}. {choices} 중에서 고르세요."),
            relation=s.proxy_relation,
            choices=", ".join(PROXY_RELATIONS),
        )
    if minor:
        if s.proxy_relation not in _MINOR_PROXIES:
            raise PassportRuleError(
                N_(
                    "미성년자의 여권은 법정대리인 또는 법정대리인의 위임을 받은 2촌 이내 친족이 "
                    "대신 신청할 수 있습니다."
                )
            )
        return
    if not s.illness_or_disability:
        raise PassportRuleError(
            N_(
                "만 {adult_age}세 이상은 본인이 직접 신청해야 합니다. "
                "질병·장애로 직접 올 수 없는 경우에만 대리 신청이 됩니다."
            ),
            adult_age=adult_age,
        )


def required_documents(situation: ApplicantSituation, *, on: date | datetime) -> list[ChecklistItem]:
    """The checklist (구비서류) for this applicant on ``on``, in the data file's order.

    Raises PassportRuleError when the situation is not allowed (for example an adult who is neither
    coming in person nor prevented by illness or disability).
    """
    s = situation
    age = check_age(s.age)
    sex = _normal_sex(s.sex)
    day = seoul_day(on, "기준일")
    rules = _application_rules_on(day)
    minor = age < rules.minor_below_age
    _check_situation(s, minor, rules.minor_below_age, rules.in_person_min_age)
    facts = {
        "always": True,
        "normal": not s.emergency,
        "emergency": s.emergency,
        "in_person": s.applying_in_person,
        "proxy": not s.applying_in_person,
        "minor": minor,
        "adult": not minor,
        "by_legal_rep": not s.applying_in_person and s.proxy_relation == PROXY_LEGAL_REP,
        "by_relative": not s.applying_in_person and s.proxy_relation == PROXY_RELATIVE,
        "valid_passport": s.has_valid_passport,
        "name_changed": s.name_changed,
        "military_age": _is_military_age(s, sex, day, rules),
        "reduced_fee": s.reduced_fee_claim,
    }

    def holds(cond: str) -> bool:
        if cond.startswith("!"):
            return not facts[cond[1:]]
        return facts[cond]

    items, _ = _document_data()
    checklist: list[ChecklistItem] = []
    for raw in in_force(items, day):
        if all(holds(c) for c in raw["when"]):
            checklist.append(
                ChecklistItem(
                    key=str(raw["id"]),
                    text=str(raw["text"]),
                    why=str(raw["why"]),
                    required=bool(raw["required"]),
                    verified=bool(raw.get("verified", False)),
                    source=str(raw.get("source", "")),
                )
            )
    return checklist


def documents_to_check(items: Sequence[ChecklistItem]) -> list[ChecklistItem]:
    """The checklist lines the clerk ticks one by one; the photo lines are covered by '사진 확인'."""
    return [item for item in items if not item.key.startswith("photo")]


def describe_situation(s: ApplicantSituation) -> tuple[str, ...]:
    """The situation in words for the printed sheet and the guide's screen."""
    lines = [f"만 {s.age}세 · {'남' if s.sex in ('M', '남') else '여'}"]
    if s.applying_in_person:
        lines.append("본인이 직접 신청")
    else:
        lines.append(f"대리 신청 ({s.proxy_relation or '-'})")
    if s.illness_or_disability:
        lines.append("질병·장애로 본인이 올 수 없음")
    if s.has_valid_passport:
        lines.append("유효기간이 남은 여권 있음")
    if s.name_changed:
        lines.append("개명함")
    if s.emergency:
        lines.append("긴급여권" + (" (친족 사망·위독 감면 신청)" if s.reduced_fee_claim else ""))
    return tuple(lines)
