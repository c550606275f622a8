"""Benefit look-up (복지 조회): evaluate the benefit catalog's data rules for a household on a date.

Every figure, age limit and deadline comes from ``resources/data/benefits.toml``; this module only
knows how to read the rule types. Each answer (``BenefitAnswer``) says 대상 / 비대상 / 확인 필요,
gives the amount in won where one can be computed, and lists the rules that decided, in Korean, so
that the counter gives the same answer every time and can print why.

Ages (the ``basis`` of an age rule):

- ``years``: 만 나이, full years (``identity.full_years``); a 29 February birthday counts on 1 March.
- ``months``: full months (``age_in_months``): a child is n months old from the same-numbered day n
  months after the birth, or from the 1st of the following month where that day does not exist
  (born 31 January: 1 month old on 1 March). This matches the civil code's month arithmetic with the
  day of birth counted (민법 제158·160조).
- ``calendar_months``: the calendar month counted from the birth month as month 0
  (``months_since_birth_month``). Monthly cash benefits are paid by month, so "under 8" means up to
  the month before the month of the 8th birthday (months 0..95): a child born 15 March 2018 is paid
  for February 2026 and not for March 2026, even before the birthday on the 15th.

Verdicts: a rule that fails makes the answer 비대상; missing data (no birth date, no birth order) or a
condition we cannot check (daycare use, income) makes it 확인 필요, with what to check; otherwise
대상. ``verified`` is false when an unverified part of the catalog decided the verdict or the amount;
every unverified part shown is also named in the reasons.
"""

from __future__ import annotations

import calendar as stdcal
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from app.domain.calendar import next_working_day
from app.domain.effective import in_force, pick_in_force
from app.domain.identity import full_years
from app.resources import DataFileError, load_data

VERDICT_ELIGIBLE = "대상"
VERDICT_NOT_ELIGIBLE = "비대상"
VERDICT_CHECK = "확인 필요"
VERDICTS = (VERDICT_ELIGIBLE, VERDICT_CHECK, VERDICT_NOT_ELIGIBLE)
AUDIENCE_ALL = "전체"

_DATA_NAME = "benefits"

_KINDS = frozenset(
    {"fixed", "by_birth_order", "by_age", "by_school_level", "percent_cap", "up_to", "points", "service"}
)
_PERS = {"once": "", "month": "월 ", "year": "연 ", "meal": "1식 "}
_SUBJECTS = frozenset({"child", "newborn", "student", "deceased", "household"})
_FIGURES_DATES = frozenset({"on", "birth", "event"})
_AGE_BASES = frozenset({"years", "months", "calendar_months"})
_RULE_TYPES = frozenset(
    {
        "event",
        "age",
        "born_between",
        "before_school_entry",
        "birth_order",
        "flag",
        "relation",
        "children_count",
        "school_level",
        "check",
        "note",
        "season",
        "any_of",
    }
)
# Rules about the household or the event as a whole; the others are tested on each subject (child).
_HOUSEHOLD_RULE_TYPES = frozenset({"event", "children_count", "check", "note", "season"})
_ON_PASS = frozenset({"require", "check", "note"})
_DEADLINE_ANCHORS = frozenset({"birth", "event", "event_month_end"})

# Why a benefit has nobody to look at; words for the counter, not figures.
_NO_SUBJECT = {
    "child": "대상 아동 없음 — 가구에 자녀와 생년월일을 입력하면 판단합니다",
    "newborn": "대상 아동 없음 — 출생 사건이나 자녀와 생년월일을 입력하면 판단합니다",
    "student": "입학 사건 없음 — 입학과 학교급을 입력하면 판단합니다",
    "deceased": "사망 사건 없음 — 사망과 사망일을 입력하면 판단합니다",
}
_ORDINALS = ("첫째", "둘째", "셋째", "넷째", "다섯째", "여섯째", "일곱째", "여덟째", "아홉째", "열째")

_RRN_LIKE = re.compile(r"\d{6}\s*-?\s*\d{7}")
_SEARCH_NOISE = re.compile(r"[\s·ㆍ•\-_,./()]+")


class BenefitCatalogError(DataFileError):
    """``benefits.toml`` has a mistake; the message (Korean) lists what is wrong."""


# --------------------------------------------------------------------------------------------------
# Ages
# --------------------------------------------------------------------------------------------------


def _require_not_before(born: date, on: date) -> None:
    if on < born:
        raise ValueError(f"기준일({on.isoformat()})이 출생일({born.isoformat()})보다 앞섭니다.")


def age_in_months(born: date, on: date) -> int:
    """Full months (만 개월 수) on ``on``; see the module docstring for the month boundary."""
    _require_not_before(born, on)
    months = (on.year - born.year) * 12 + (on.month - born.month)
    if on.day < born.day:
        months -= 1
    return months


def months_since_birth_month(born: date, on: date) -> int:
    """The calendar month of ``on`` counted from the birth month as 0 (the month a payment is for)."""
    _require_not_before(born, on)
    return (on.year - born.year) * 12 + (on.month - born.month)


def date_of_age_months(born: date, months: int) -> date:
    """The first day on which the child is ``months`` full months old."""
    if months < 0:
        raise ValueError("개월 수는 0 이상이어야 합니다.")
    years, month_index = divmod(born.month - 1 + months, 12)
    year, month = born.year + years, month_index + 1
    if born.day <= stdcal.monthrange(year, month)[1]:
        return date(year, month, born.day)
    # The same-numbered day does not exist in that month: the month is complete at its end.
    return date(year + month // 12, month % 12 + 1, 1)


def date_of_age_years(born: date, years: int) -> date:
    """The birthday on which the person reaches ``years`` (만 나이); 29 February counts on 1 March."""
    return date_of_age_months(born, 12 * years)


def _month_start(born: date, index: int) -> date:
    years, month_index = divmod(born.month - 1 + index, 12)
    return date(born.year + years, month_index + 1, 1)


def _month_label(born: date, index: int) -> str:
    start = _month_start(born, index)
    return f"{start.year}년 {start.month}월분"


def _add_months_civil(anchor: date, months: int) -> date:
    """End of a period of ``months`` counted from the day after ``anchor`` (민법 제157·160조)."""
    years, month_index = divmod(anchor.month - 1 + months, 12)
    year, month = anchor.year + years, month_index + 1
    return date(year, month, min(anchor.day, stdcal.monthrange(year, month)[1]))


def _month_end(day: date) -> date:
    return date(day.year, day.month, stdcal.monthrange(day.year, day.month)[1])


# --------------------------------------------------------------------------------------------------
# Catalog
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Catalog:
    version: str
    audiences: tuple[str, ...]
    flags: frozenset[str]
    event_kinds: tuple[str, ...]
    school_levels: tuple[str, ...]
    child_relations: frozenset[str]
    staff_flag: str
    staff_audience: str
    entries: tuple[Mapping[str, Any], ...]


def _as_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _date_problem(where: str, key: str, value: Any) -> str | None:
    try:
        _as_date(value)
    except (TypeError, ValueError):
        return f"{where}: {key} 날짜 형식 오류 ({value!r})"
    return None


def _rule_problems(where: str, rule: Mapping[str, Any], vocab: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    kind = rule.get("type")
    if kind not in _RULE_TYPES:
        return [f"{where}: 알 수 없는 규칙 종류 {kind!r}"]
    if not isinstance(rule.get("text"), str) or not rule["text"]:
        problems.append(f"{where}: 규칙 {kind}에 text(설명)가 없습니다")
    if rule.get("on_pass", "require") not in _ON_PASS:
        problems.append(f"{where}: on_pass 값 오류 {rule.get('on_pass')!r}")
    for key in ("valid_from", "valid_to"):
        if key in rule and (p := _date_problem(where, key, rule[key])):
            problems.append(p)
    if kind == "event" and not set(rule.get("kinds", [])) <= set(vocab.get("event_kinds", [])):
        problems.append(f"{where}: event 규칙의 kinds 오류 {rule.get('kinds')!r}")
    if kind == "age":
        if rule.get("basis") not in _AGE_BASES:
            problems.append(f"{where}: age 규칙의 basis 오류 {rule.get('basis')!r}")
        if "min" not in rule and "max" not in rule:
            problems.append(f"{where}: age 규칙에 min/max가 없습니다")
    if kind == "born_between":
        for key in ("from", "to"):
            if key in rule and (p := _date_problem(where, key, rule[key])):
                problems.append(p)
    if kind == "before_school_entry":
        for key in ("entry_age", "entry_month", "entry_day"):
            if not isinstance(rule.get(key), int):
                problems.append(f"{where}: before_school_entry 규칙에 {key}가 없습니다")
    if kind == "flag":
        if not rule.get("any") or not set(rule["any"]) <= set(vocab.get("flags", [])):
            problems.append(f"{where}: flag 규칙의 any 오류 {rule.get('any')!r}")
        if rule.get("scope", "household") not in ("household", "subject"):
            problems.append(f"{where}: flag 규칙의 scope 오류 {rule.get('scope')!r}")
    if kind == "school_level" and (
        not rule.get("levels") or not set(rule["levels"]) <= set(vocab.get("school_levels", []))
    ):
        problems.append(f"{where}: school_level 규칙의 levels 오류 {rule.get('levels')!r}")
    if kind == "relation" and not rule.get("any"):
        problems.append(f"{where}: relation 규칙에 any가 없습니다")
    if kind == "season":
        for facility in rule.get("facilities", []):
            if not facility.get("name") or not facility.get("when"):
                problems.append(f"{where}: season 규칙의 시설에 name/when이 없습니다")
            if not set(facility.get("months", [])) <= set(range(1, 13)):
                problems.append(f"{where}: season 규칙의 months 오류 {facility.get('months')!r}")
    if kind == "any_of":
        inner = rule.get("rules")
        if not inner:
            problems.append(f"{where}: any_of 규칙에 rules가 없습니다")
        for i, sub in enumerate(inner or []):
            problems.extend(_rule_problems(f"{where}.rules[{i}]", sub, vocab))
    return problems


def _figure_problems(where: str, kind: str, fig: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    if "valid_from" not in fig:
        problems.append(f"{where}: valid_from이 없습니다")
    for key in ("valid_from", "valid_to"):
        if key in fig and (p := _date_problem(where, key, fig[key])):
            problems.append(p)
    if not isinstance(fig.get("source"), str) or not isinstance(fig.get("verified"), bool):
        problems.append(f"{where}: source/verified가 없습니다")
    needed = {
        "fixed": ("amount",),
        "by_birth_order": ("table",),
        "by_age": ("table", "basis"),
        "by_school_level": ("table",),
        "percent_cap": ("percent", "cap", "of"),
        "up_to": ("cap",),
        "points": ("cap_points", "point_value"),
        "service": (),
    }[kind]
    for key in needed:
        if key not in fig:
            problems.append(f"{where}: {kind} 금액에 {key}가 없습니다")
    if kind == "by_age" and fig.get("basis") not in _AGE_BASES:
        problems.append(f"{where}: basis 오류 {fig.get('basis')!r}")
    for row in fig.get("table", []):
        if kind in ("by_birth_order", "by_age") and ("min" not in row or "amount" not in row):
            problems.append(f"{where}: 표의 행에 min/amount가 없습니다")
        if kind == "by_school_level" and ("level" not in row or ("amount" not in row and "parts" not in row)):
            problems.append(f"{where}: 표의 행에 level과 amount(또는 parts)가 없습니다")
    return problems


def catalog_problems(data: Mapping[str, Any] | None = None) -> list[str]:
    """Everything wrong with the benefit catalog (Korean, one line each); empty when it is usable."""
    if data is None:
        data = load_data(_DATA_NAME)
    problems: list[str] = []
    if p := _date_problem("catalog", "catalog_version", data.get("catalog_version")):
        problems.append(p)
    vocab = data.get("vocabulary", {})
    for key in (
        "audiences",
        "flags",
        "event_kinds",
        "school_levels",
        "child_relations",
        "staff_flag",
        "staff_audience",
    ):
        if key not in vocab:
            problems.append(f"vocabulary: {key}가 없습니다")
    periods: dict[str, list[tuple[date, date]]] = {}
    names: dict[str, str] = {}
    entries = data.get("benefits", [])
    if not entries:
        problems.append("benefits: 혜택이 하나도 없습니다")
    for i, entry in enumerate(entries):
        code = entry.get("code")
        where = f"benefits[{i}]({code})"
        if not isinstance(code, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", code):
            problems.append(f"{where}: code는 영문 소문자·숫자·밑줄이어야 합니다")
            continue
        for key in ("name", "description", "apply_where", "source"):
            if not isinstance(entry.get(key), str) or not entry[key]:
                problems.append(f"{where}: {key}가 없습니다")
        if names.setdefault(code, entry.get("name", "")) != entry.get("name", ""):
            problems.append(f"{where}: 같은 code의 이름이 다릅니다")
        if not isinstance(entry.get("verified"), bool):
            problems.append(f"{where}: verified(true/false)가 없습니다")
        if entry.get("audience") not in vocab.get("audiences", []):
            problems.append(f"{where}: audience 오류 {entry.get('audience')!r}")
        kind = entry.get("kind")
        if kind not in _KINDS:
            problems.append(f"{where}: kind 오류 {kind!r}")
            continue
        if entry.get("per") not in _PERS:
            problems.append(f"{where}: per 오류 {entry.get('per')!r}")
        if entry.get("subject") not in _SUBJECTS:
            problems.append(f"{where}: subject 오류 {entry.get('subject')!r}")
        if entry.get("figures_date", "on") not in _FIGURES_DATES:
            problems.append(f"{where}: figures_date 오류 {entry.get('figures_date')!r}")
        if not set(entry.get("events", [])) <= set(vocab.get("event_kinds", [])):
            problems.append(f"{where}: events 오류 {entry.get('events')!r}")
        if not isinstance(entry.get("documents", []), list):
            problems.append(f"{where}: documents는 목록이어야 합니다")
        if kind == "service" and not entry.get("service_text"):
            problems.append(f"{where}: service에 service_text가 없습니다")
        if kind != "service" and not entry.get("figures"):
            problems.append(f"{where}: 금액(figures)이 없습니다")
        for j, fig in enumerate(entry.get("figures", [])):
            problems.extend(_figure_problems(f"{where}.figures[{j}]", kind, fig))
        for j, rule in enumerate(entry.get("rules", [])):
            problems.extend(_rule_problems(f"{where}.rules[{j}]", rule, vocab))
        spec = entry.get("deadline")
        if spec is not None:
            if spec.get("anchor") not in _DEADLINE_ANCHORS:
                problems.append(f"{where}: deadline.anchor 오류 {spec.get('anchor')!r}")
            if sum(key in spec for key in ("days", "months", "years")) != 1:
                problems.append(f"{where}: deadline에는 days·months·years 중 하나만 씁니다")
            if not spec.get("text") or not isinstance(spec.get("verified"), bool):
                problems.append(f"{where}: deadline에 text/verified가 없습니다")
        bad_dates = [
            p for key in ("valid_from", "valid_to") if key in entry and (p := _date_problem(where, key, entry[key]))
        ]
        problems.extend(bad_dates)
        if "valid_from" not in entry:
            problems.append(f"{where}: valid_from이 없습니다")
        elif not bad_dates:
            start = _as_date(entry["valid_from"])
            end = _as_date(entry["valid_to"]) if "valid_to" in entry else date.max
            if end < start:
                problems.append(f"{where}: valid_to가 valid_from보다 앞섭니다")
            for other_start, other_end in periods.get(code, []):
                if start <= other_end and other_start <= end:
                    problems.append(f"{where}: 같은 code의 시행 기간이 겹칩니다")
            periods.setdefault(code, []).append((start, end))
    return problems


@lru_cache(maxsize=1)
def _catalog() -> _Catalog:
    data = load_data(_DATA_NAME)
    problems = catalog_problems(data)
    if problems:
        raise BenefitCatalogError("혜택 목록(benefits.toml) 오류: " + "; ".join(problems))
    vocab = data["vocabulary"]
    return _Catalog(
        version=str(data["catalog_version"]),
        audiences=tuple(vocab["audiences"]),
        flags=frozenset(vocab["flags"]),
        event_kinds=tuple(vocab["event_kinds"]),
        school_levels=tuple(vocab["school_levels"]),
        child_relations=frozenset(vocab["child_relations"]),
        staff_flag=str(vocab["staff_flag"]),
        staff_audience=str(vocab["staff_audience"]),
        entries=tuple(data["benefits"]),
    )


def catalog_version() -> str:
    """The version (review date) of the benefit catalog, printed on every answer sheet."""
    return _catalog().version


def _audiences(audience: str) -> tuple[str, ...]:
    cat = _catalog()
    if audience == AUDIENCE_ALL:
        return cat.audiences
    if audience in cat.audiences:
        return (audience,)
    choices = "·".join((*cat.audiences, AUDIENCE_ALL))
    raise ValueError(f"조회 대상은 {choices} 중 하나입니다 (입력: {audience!r}).")


def _entries_in_force(on: date, audiences: Collection[str]) -> list[Mapping[str, Any]]:
    """One entry per code (the one in force on ``on``), in catalog order."""
    by_code: dict[str, list[Mapping[str, Any]]] = {}
    for entry in _catalog().entries:
        if entry["audience"] in audiences:
            by_code.setdefault(entry["code"], []).append(entry)
    chosen = []
    for code, versions in by_code.items():
        if in_force(versions, on):
            chosen.append(pick_in_force(versions, on, what=f"혜택 {code}"))
    return chosen


# --------------------------------------------------------------------------------------------------
# Household
# --------------------------------------------------------------------------------------------------


def _checked_flags(flags: Iterable[str] | str) -> frozenset[str]:
    result = frozenset({flags}) if isinstance(flags, str) else frozenset(flags)
    known = _catalog().flags
    unknown = sorted(result - known)
    if unknown:
        raise ValueError(f"알 수 없는 표시입니다: {', '.join(unknown)} ({'·'.join(sorted(known))} 중에서 고르세요).")
    return result


@dataclass(frozen=True, slots=True)
class Person:
    """A member of the household: relation like 본인/배우자/자녀/부/모; flags like 수급자, 장애, 직원."""

    name: str
    birth_date: date | None
    relation: str
    flags: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "flags", _checked_flags(self.flags))


@dataclass(frozen=True, slots=True)
class LifeEvent:
    """What happened (출생, 사망, 입학) and when; ``person_name`` names the person it happened to.

    ``birth_order`` (출생순위, 1 = first child) is read for 출생 only; ``school_level`` (초등, 중등,
    고등, 대학) for 입학 only.
    """

    kind: str
    date: date
    birth_order: int | None = None
    school_level: str | None = None
    person_name: str | None = None

    def __post_init__(self) -> None:
        cat = _catalog()
        if self.kind not in cat.event_kinds:
            raise ValueError(f"알 수 없는 사건입니다: {self.kind!r} ({'·'.join(cat.event_kinds)} 중에서 고르세요).")
        if self.birth_order is not None and (
            isinstance(self.birth_order, bool) or not isinstance(self.birth_order, int) or self.birth_order < 1
        ):
            raise ValueError(f"출생순위는 1 이상의 정수로 입력하세요 (입력: {self.birth_order!r}).")
        if self.school_level is not None and self.school_level not in cat.school_levels:
            raise ValueError(
                f"알 수 없는 학교급입니다: {self.school_level!r} ({'·'.join(cat.school_levels)} 중에서 고르세요)."
            )


@dataclass(frozen=True, slots=True)
class Household:
    """The people who ask, the event that brings them, and flags that hold for the whole household."""

    people: tuple[Person, ...]
    event: LifeEvent | None
    flags: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "people", tuple(self.people))
        object.__setattr__(self, "flags", _checked_flags(self.flags))


@dataclass(frozen=True, slots=True)
class BenefitAnswer:
    """The answer for one benefit: verdict, amount (won) where computable, and the reasons (Korean)."""

    code: str
    name: str
    audience: str
    verdict: str  # 대상 / 비대상 / 확인 필요
    amount: int | None
    amount_text: str
    reasons: tuple[str, ...]
    apply_where: str
    documents: tuple[str, ...]
    deadline: date | None
    verified: bool
    source: str
    catalog_version: str
    deadline_text: str = ""


@dataclass(frozen=True, slots=True)
class BenefitInfo:
    """What a benefit is, without a household: for search results and the benefit list."""

    code: str
    name: str
    audience: str
    kind: str
    description: str
    amount_text: str
    apply_where: str
    documents: tuple[str, ...]
    deadline_text: str
    events: tuple[str, ...]
    keywords: tuple[str, ...]
    valid_from: date
    valid_to: date | None
    verified: bool
    source: str


# --------------------------------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Subject:
    label: str
    birth_date: date | None = None
    relation: str | None = None
    flags: frozenset[str] = frozenset()
    birth_order: int | None = None
    school_level: str | None = None
    is_person: bool = True


@dataclass(frozen=True, slots=True)
class _Context:
    on: date
    event: LifeEvent | None
    flags: frozenset[str]
    staff_implied: bool
    newborns: tuple[_Subject, ...]
    children: tuple[_Subject, ...]
    students: tuple[_Subject, ...]
    deceased: tuple[_Subject, ...]
    whole: _Subject


@dataclass(frozen=True, slots=True)
class _Result:
    status: str  # pass, fail, unknown, check, note, skip
    line: str
    verified: bool = True
    label: str = ""  # names the rule when it is unverified
    brief: str = ""  # the rule and its facts, for quoting inside an any_of


@dataclass
class _Outcome:
    subject: _Subject
    verdict: str
    lines: list[str] = field(default_factory=list)
    amount: int | None = None
    amount_text: str | None = None
    deadline: date | None = None
    verified: bool = True
    unverified: list[str] = field(default_factory=list)


def _clean(text: str) -> str:
    """A name as typed, with anything that looks like a resident number removed."""
    return _RRN_LIKE.sub("(번호 생략)", text).strip()


def _person_label(person: Person, default: str) -> str:
    return _clean(person.name) or person.relation or default


def _dedupe_labels(subjects: Sequence[_Subject]) -> tuple[_Subject, ...]:
    seen: dict[str, int] = {}
    result = []
    for subject in subjects:
        count = seen.get(subject.label, 0) + 1
        seen[subject.label] = count
        if count > 1:
            subject = _Subject(
                label=f"{subject.label}({count})",
                birth_date=subject.birth_date,
                relation=subject.relation,
                flags=subject.flags,
                birth_order=subject.birth_order,
                school_level=subject.school_level,
            )
        result.append(subject)
    return tuple(result)


def _newborns(household: Household, cat: _Catalog) -> tuple[tuple[_Subject, ...], set[int]]:
    """The child or children of a 출생 event, and the indexes of those already among the people.

    Twins entered as two children born on the event's date get consecutive birth orders.
    """
    event = household.event
    if event is None or event.kind != "출생":
        return (), set()
    people = household.people
    if event.person_name:
        for i, person in enumerate(people):
            if person.name == event.person_name:
                if person.birth_date is not None and person.birth_date != event.date:
                    raise ValueError(
                        f"출생일({event.date.isoformat()})과 {_clean(person.name)}의 생년월일"
                        f"({person.birth_date.isoformat()})이 다릅니다."
                    )
                subject = _Subject(
                    label=_person_label(person, "출생아"),
                    birth_date=event.date,
                    relation=person.relation,
                    flags=person.flags,
                    birth_order=event.birth_order,
                )
                return (subject,), {i}
        named = _Subject(
            label=_clean(event.person_name) or "출생아",
            birth_date=event.date,
            relation="자녀",
            birth_order=event.birth_order,
        )
        return (named,), set()
    same_day = [i for i, p in enumerate(people) if p.relation in cat.child_relations and p.birth_date == event.date]
    if not same_day:
        return (_Subject(label="출생아", birth_date=event.date, relation="자녀", birth_order=event.birth_order),), set()
    subjects = tuple(
        _Subject(
            label=_person_label(people[i], "출생아"),
            birth_date=event.date,
            relation=people[i].relation,
            flags=people[i].flags,
            birth_order=None if event.birth_order is None else event.birth_order + n,
        )
        for n, i in enumerate(same_day)
    )
    return subjects, set(same_day)


def _event_person(household: Household, default: str) -> _Subject:
    event = household.event
    assert event is not None
    for person in household.people:
        if event.person_name and person.name == event.person_name:
            return _Subject(
                label=_person_label(person, default),
                birth_date=person.birth_date,
                relation=person.relation,
                flags=person.flags,
                school_level=event.school_level,
            )
    return _Subject(label=_clean(event.person_name or "") or default, school_level=event.school_level)


def _context(household: Household, on: date, audience: str, cat: _Catalog) -> _Context:
    flags = set(household.flags)
    for person in household.people:
        flags |= person.flags
    # Someone looking up staff benefits is a member of staff; the reasons say this was assumed.
    staff_implied = audience == cat.staff_audience and cat.staff_flag not in flags
    if staff_implied:
        flags.add(cat.staff_flag)
    newborns, taken = _newborns(household, cat)
    others = [
        _Subject(
            label=_person_label(p, "자녀"),
            birth_date=p.birth_date,
            relation=p.relation,
            flags=p.flags,
        )
        for i, p in enumerate(household.people)
        if p.relation in cat.child_relations and i not in taken
    ]
    children = _dedupe_labels([*newborns, *others])
    newborns = children[: len(newborns)]
    event = household.event
    students = (_event_person(household, "입학생"),) if event is not None and event.kind == "입학" else ()
    deceased = (_event_person(household, "사망자"),) if event is not None and event.kind == "사망" else ()
    whole = _Subject(
        label="가구",
        flags=frozenset(flags),
        birth_order=newborns[0].birth_order if newborns else None,
        school_level=event.school_level if event is not None and event.kind == "입학" else None,
        is_person=False,
    )
    return _Context(
        on=on,
        event=event,
        flags=frozenset(flags),
        staff_implied=staff_implied,
        newborns=newborns,
        children=children,
        students=students,
        deceased=deceased,
        whole=whole,
    )


def _subjects(entry: Mapping[str, Any], ctx: _Context) -> tuple[_Subject, ...]:
    subject = entry["subject"]
    if subject == "household":
        return (ctx.whole,)
    if subject == "child":
        return ctx.children
    if subject == "newborn":
        return ctx.newborns or ctx.children
    if subject == "student":
        return ctx.students
    return ctx.deceased


def _ordinal(order: int) -> str:
    return _ORDINALS[order - 1] if order <= len(_ORDINALS) else f"{order}째"


def _age_phrase(born: date, on: date) -> str:
    months = age_in_months(born, on)
    if months < 12:
        return f"{born.isoformat()}생, 생후 {months}개월"
    return f"{born.isoformat()}생, 만 {full_years(born, on)}세(생후 {months}개월)"


def _age_value(basis: str, born: date, on: date) -> int:
    if basis == "years":
        return full_years(born, on)
    if basis == "months":
        return age_in_months(born, on)
    return months_since_birth_month(born, on)


def _past_upper(basis: str, born: date, limit: int) -> str:
    """Where an age limit ``max`` was passed; ``limit`` is max + 1."""
    if basis == "years":
        return f"만 {limit}세 생일: {date_of_age_years(born, limit).isoformat()}"
    if basis == "months":
        return f"생후 {limit}개월이 된 날: {date_of_age_months(born, limit).isoformat()}"
    text = f"{_month_label(born, limit)}부터 해당 없음"
    if limit % 12 == 0:
        return f"{text}, 만 {limit // 12}세 생일: {date_of_age_years(born, limit // 12).isoformat()}"
    return f"{text}, 생후 {limit}개월이 되는 날: {date_of_age_months(born, limit).isoformat()}"


def _before_lower(basis: str, born: date, low: int) -> str:
    if basis == "years":
        return f"만 {low}세 생일 {date_of_age_years(born, low).isoformat()}부터 해당"
    if basis == "months":
        return f"생후 {low}개월이 되는 {date_of_age_months(born, low).isoformat()}부터 해당"
    return f"{_month_label(born, low)}부터 해당"


def _last_covered(basis: str, born: date, high: int) -> str:
    if basis == "years":
        day = date_of_age_years(born, high + 1) - timedelta(days=1)
        return f"만 {high + 1}세 생일 전날 {day.isoformat()}까지"
    if basis == "months":
        day = date_of_age_months(born, high + 1) - timedelta(days=1)
        return f"생후 {high + 1}개월이 되는 날의 전날 {day.isoformat()}까지"
    return f"{_month_label(born, high)}까지"


def _test_age(rule: Mapping[str, Any], subject: _Subject, on: date) -> tuple[str, str]:
    born = subject.birth_date
    if born is None:
        return "unknown", "생년월일 없음: 생년월일 확인"
    if on < born:
        return "fail", f"{born.isoformat()}생: 조회일({on.isoformat()})에 아직 출생 전"
    basis = rule["basis"]
    low, high = rule.get("min"), rule.get("max")
    value = _age_value(basis, born, on)
    facts = _age_phrase(born, on)
    if high is not None and value > high:
        return "fail", f"{facts}; {_past_upper(basis, born, high + 1)}"
    if low is not None and value < low:
        return "fail", f"{facts}; {_before_lower(basis, born, low)}"
    if high is not None:
        return "pass", f"{facts}; {_last_covered(basis, born, high)}"
    return "pass", facts


def _test_season(rule: Mapping[str, Any], on: date) -> str:
    facilities = rule.get("facilities", [])
    open_now = [f["name"] for f in facilities if on.month in f.get("months", [])]
    schedule = ", ".join(f"{f['name']} {f['when']}" for f in facilities)
    now = ", ".join(open_now) if open_now else "없음"
    return f"{rule['text']}: {schedule} (조회일이 속한 {on.month}월에 운영: {now})"


def _test(rule: Mapping[str, Any], subject: _Subject, ctx: _Context) -> tuple[str, str]:
    """(status, facts) for the plain condition of a rule; status is pass, fail or unknown."""
    kind = rule["type"]
    if kind == "event":
        event = ctx.event
        if event is None:
            return "fail", "입력된 사건 없음"
        if event.kind in rule["kinds"]:
            return "pass", f"{event.kind} {event.date.isoformat()}"
        return "fail", f"입력된 사건: {event.kind}"
    if kind == "age":
        return _test_age(rule, subject, ctx.on)
    if kind == "born_between":
        born = subject.birth_date
        if born is None:
            return "unknown", "생년월일 없음: 생년월일 확인"
        if ctx.on < born:
            return "fail", f"{born.isoformat()}생: 조회일에 아직 출생 전"
        start = _as_date(rule["from"]) if "from" in rule else date.min
        end = _as_date(rule["to"]) if "to" in rule else date.max
        return ("pass" if start <= born <= end else "fail"), f"{born.isoformat()}생"
    if kind == "before_school_entry":
        born = subject.birth_date
        if born is None:
            return "unknown", "생년월일 없음: 생년월일 확인"
        entry = date(born.year + rule["entry_age"] + 1, rule["entry_month"], rule["entry_day"])
        facts = f"{born.isoformat()}생, 초등학교 취학 {entry.isoformat()}"
        if ctx.on < born:
            return "fail", f"{born.isoformat()}생: 조회일에 아직 출생 전"
        return ("pass" if ctx.on < entry else "fail"), facts
    if kind == "birth_order":
        order = subject.birth_order
        if order is None:
            return "unknown", "출생순위 없음: 출생순위 확인"
        ok = order >= rule.get("min", 1) and ("max" not in rule or order <= rule["max"])
        return ("pass" if ok else "fail"), f"{_ordinal(order)} 출생"
    if kind == "flag":
        wanted = set(rule["any"])
        held = ctx.flags if rule.get("scope", "household") == "household" else subject.flags
        hits = sorted(wanted & held)
        if not hits:
            return "fail", f"{'·'.join(sorted(wanted))} 표시 없음"
        facts = f"표시: {'·'.join(hits)}"
        if ctx.staff_implied and hits == [_catalog().staff_flag]:
            facts += " — 직원 조회이므로 직원으로 봄"
        return "pass", facts
    if kind == "relation":
        if subject.relation is None:
            return "unknown", "관계 없음: 관계 확인"
        return ("pass" if subject.relation in rule["any"] else "fail"), f"관계: {subject.relation}"
    if kind == "children_count":
        count = len(ctx.children)
        ok = count >= rule.get("min", 0) and ("max" not in rule or count <= rule["max"])
        return ("pass" if ok else "fail"), f"자녀 {count}명"
    if kind == "school_level":
        level = subject.school_level
        if level is None:
            return "unknown", "학교급 없음: 학교급 확인"
        return ("pass" if level in rule["levels"] else "fail"), f"학교급: {level}"
    raise AssertionError(f"unhandled rule type {kind}")  # catalog_problems rejects unknown types


def _rule_label(rule: Mapping[str, Any]) -> str:
    return f"규칙 '{rule['text']}'"


def _evaluate_rule(rule: Mapping[str, Any], subject: _Subject, ctx: _Context) -> _Result:
    kind = rule["type"]
    verified = bool(rule.get("verified", True))
    label = _rule_label(rule)
    text = rule["text"]
    if kind == "check":
        return _Result("check", f"확인 필요: {text}", verified, label)
    if kind == "note":
        return _Result("note", f"참고: {text}", verified, label)
    if kind == "season":
        return _Result("note", f"참고: {_test_season(rule, ctx.on)}", verified, label)
    if kind == "any_of":
        return _evaluate_any_of(rule, subject, ctx)
    status, facts = _test(rule, subject, ctx)
    on_pass = rule.get("on_pass", "require")
    if on_pass != "require":
        if status != "pass":
            return _Result("skip", "", verified, label)
        prefix = "확인 필요" if on_pass == "check" else "참고"
        return _Result(on_pass, f"{prefix}: {text} ({facts})", verified, label)
    if status == "pass":
        return _Result("pass", f"{text}: 해당 ({facts})", verified, label, f"{text} ({facts})")
    if status == "fail":
        fail_text = rule.get("fail_text")
        line = f"{fail_text} ({facts})" if fail_text else f"{text}: 해당 없음 ({facts})"
        return _Result("fail", line, verified, label)
    return _Result("unknown", f"확인 필요: {text} — {facts}", verified, label)


def _evaluate_any_of(rule: Mapping[str, Any], subject: _Subject, ctx: _Context) -> _Result:
    results = [_evaluate_rule(inner, subject, ctx) for inner in rule["rules"]]
    verified = bool(rule.get("verified", True))
    label = _rule_label(rule)
    text = rule["text"]
    passed = [r for r in results if r.status == "pass"]
    if passed:
        return _Result("pass", f"{text}: 해당 — {passed[0].brief}", verified and passed[0].verified, label)
    pending = [r for r in results if r.status in ("check", "unknown")]
    if pending:
        return _Result(
            "check",
            f"확인 필요: {text} — " + "; ".join(r.line.removeprefix("확인 필요: ") for r in pending),
            verified and all(r.verified for r in pending),
            label,
        )
    fails = [r for r in results if r.status == "fail"]
    fail_text = rule.get("fail_text") or f"{text}: 해당 없음"
    return _Result(
        "fail",
        f"{fail_text} ({'; '.join(r.line for r in fails)})",
        verified and all(r.verified for r in fails),
        label,
    )


def _is_household_rule(rule: Mapping[str, Any]) -> bool:
    if rule["type"] == "flag":
        return rule.get("scope", "household") == "household"
    if rule["type"] == "any_of":
        return all(_is_household_rule(inner) for inner in rule["rules"])
    return rule["type"] in _HOUSEHOLD_RULE_TYPES


def _money(amount: int, per: str, suffix: str = "") -> str:
    text = f"{_PERS[per]}{amount:,}원"
    return f"{text} {suffix}" if suffix else text


def _figures_on(entry: Mapping[str, Any], day: date) -> tuple[Mapping[str, Any] | None, bool]:
    """The figures in force on ``day``; else the latest that ended before it, flagged as stale."""
    figures = entry.get("figures", [])
    if not figures:
        return None, False
    if in_force(figures, day):
        return pick_in_force(figures, day, what="금액"), False
    earlier = [f for f in figures if _as_date(f["valid_from"]) <= day]
    if earlier:
        return max(earlier, key=lambda f: _as_date(f["valid_from"])), True
    return None, False


def _figures_day(entry: Mapping[str, Any], subject: _Subject, ctx: _Context) -> date | None:
    which = entry.get("figures_date", "on")
    if which == "birth":
        return subject.birth_date
    if which == "event":
        return ctx.event.date if ctx.event is not None else ctx.on
    return ctx.on


def _row_range(row: Mapping[str, Any]) -> tuple[int, int | None]:
    return int(row["min"]), (int(row["max"]) if "max" in row else None)


def _in_row(row: Mapping[str, Any], value: int) -> bool:
    low, high = _row_range(row)
    return value >= low and (high is None or value <= high)


def _summary(entry: Mapping[str, Any], fig: Mapping[str, Any] | None) -> str:
    """The figures of a benefit in words, without a household (e.g. 첫째 … / 둘째 이상 …)."""
    kind, per = entry["kind"], entry["per"]
    if kind == "service":
        return str(entry["service_text"])
    if fig is None:
        return "금액 자료 없음"
    suffix = fig.get("suffix", "")
    if kind == "fixed":
        return _money(fig["amount"], per, suffix)
    if kind in ("by_birth_order", "by_age"):
        return " / ".join(f"{row['text']} {_money(row['amount'], per, suffix)}" for row in fig["table"])
    if kind == "by_school_level":
        return " / ".join(f"{row['level']}: {_row_amount_text(row, per, suffix)}" for row in fig["table"])
    if kind == "percent_cap":
        return f"{fig['of']}의 {fig['percent']}% 감면 ({_PERS[per]}최대 {fig['cap']:,}원)"
    if kind == "up_to":
        return f"{_PERS[per]}{fig['cap']:,}원 이내" + (f" {suffix}" if suffix else "")
    total = fig["cap_points"] * fig["point_value"]
    return f"{_PERS[per]}최고 {fig['cap_points']:,}포인트 (1포인트 = {fig['point_value']:,}원, 최대 {total:,}원 상당)"


def _row_amount_text(row: Mapping[str, Any], per: str, suffix: str) -> str:
    if "parts" in row:
        return ", ".join(f"{part['label']} {_money(part['amount'], per)}" for part in row["parts"])
    return _money(row["amount"], per, suffix)


@dataclass(frozen=True, slots=True)
class _Amount:
    status: str  # ok (computed), info (described, no single amount), unknown (data missing)
    amount: int | None
    text: str
    line: str


def _amount_for(entry: Mapping[str, Any], fig: Mapping[str, Any] | None, subject: _Subject, ctx: _Context) -> _Amount:
    kind, per = entry["kind"], entry["per"]
    if kind == "service":
        return _Amount("info", None, str(entry["service_text"]), "")
    if fig is None:
        return _Amount("unknown", None, "금액 자료 없음", "금액 자료 없음 — 담당 부서에 금액 확인")
    since = f"{_as_date(fig['valid_from']).isoformat()} 시행"
    suffix = fig.get("suffix", "")
    if kind == "fixed":
        text = _money(fig["amount"], per, suffix)
        return _Amount("ok", fig["amount"], text, f"지급액: {text} ({since})")
    if kind == "by_birth_order":
        rows = fig["table"]
        order = subject.birth_order
        if order is None and len({row["amount"] for row in rows}) == 1 and _row_range(rows[0])[0] == 1:
            row = rows[0]
            text = _money(row["amount"], per, suffix)
            return _Amount("ok", row["amount"], text, f"{row['text']}: {text} ({since})")
        if order is None:
            summary = _summary(entry, fig)
            return _Amount("unknown", None, summary, f"확인 필요: 출생순위 없음: 출생순위 확인 ({summary})")
        for row in rows:
            if _in_row(row, order):
                text = _money(row["amount"], per, suffix)
                return _Amount("ok", row["amount"], text, f"{row['text']}: {text} ({_ordinal(order)}, {since})")
        return _Amount("unknown", None, _summary(entry, fig), f"확인 필요: {_ordinal(order)}에 해당하는 금액 없음")
    if kind == "by_age":
        born = subject.birth_date
        if born is None or ctx.on < born:
            return _Amount("unknown", None, _summary(entry, fig), "확인 필요: 생년월일 없음 — 금액을 정할 수 없음")
        value = _age_value(fig["basis"], born, ctx.on)
        for row in fig["table"]:
            if _in_row(row, value):
                text = _money(row["amount"], per, suffix)
                return _Amount("ok", row["amount"], text, f"{row['text']}: {text} ({since})")
        return _Amount("unknown", None, _summary(entry, fig), "확인 필요: 이 나이에 해당하는 금액 없음")
    if kind == "by_school_level":
        level = subject.school_level
        row_for = {row["level"]: row for row in fig["table"]}
        if level is None or level not in row_for:
            return _Amount("unknown", None, _summary(entry, fig), "확인 필요: 학교급에 해당하는 금액 없음")
        row = row_for[level]
        text = _row_amount_text(row, per, suffix)
        who = row.get("text", level)
        if "parts" in row:
            return _Amount("info", None, text, f"{who}: {text} ({since})")
        return _Amount("ok", row["amount"], text, f"{who}: {text} ({since})")
    text = _summary(entry, fig)
    return _Amount("info", None, text, f"내용: {text} ({since})")


def _deadline_date(spec: Mapping[str, Any], subject: _Subject, ctx: _Context) -> date | None:
    anchor = spec["anchor"]
    if anchor == "birth":
        base = subject.birth_date
    elif ctx.event is None:
        base = None
    else:
        base = ctx.event.date if anchor == "event" else _month_end(ctx.event.date)
    if base is None:
        return None
    if "days" in spec:
        days = int(spec["days"]) - (1 if spec.get("count_first_day", False) else 0)
        due = base + timedelta(days=days)
    else:
        due = _add_months_civil(base, int(spec.get("months", 0)) + 12 * int(spec.get("years", 0)))
    if spec.get("roll_to_working_day", False):
        due = next_working_day(due)
    return due


def _apply_deadline(entry: Mapping[str, Any], outcome: _Outcome, ctx: _Context) -> None:
    spec = entry.get("deadline")
    if spec is None or outcome.verdict == VERDICT_NOT_ELIGIBLE:
        return
    verified = bool(spec["verified"])
    text = spec["text"]
    due = _deadline_date(spec, outcome.subject, ctx)
    outcome.deadline = due
    if not verified:
        outcome.unverified.append(f"신청기한({text})")
    if due is None:
        outcome.lines.append(f"신청기한: {text} (기준일을 알 수 없음)")
        return
    if ctx.on <= due:
        outcome.lines.append(f"신청기한: {due.isoformat()}까지 ({text})")
        return
    if not spec.get("hard", False):
        late = spec.get("late_text", "")
        outcome.lines.append(f"신청기한: {due.isoformat()}까지였음 ({text})" + (f" — {late}" if late else ""))
        return
    if verified:
        outcome.verdict = VERDICT_NOT_ELIGIBLE
        outcome.lines.insert(0, f"신청기한 지남: {due.isoformat()}까지였음 ({text})")
        outcome.amount = None
        outcome.amount_text = None
        return
    # An unverified deadline must not refuse anyone: it asks the clerk to check.
    if outcome.verdict == VERDICT_ELIGIBLE:
        outcome.verdict = VERDICT_CHECK
    outcome.verified = False
    outcome.lines.insert(0, f"확인 필요: 신청기한({text})이 {due.isoformat()}에 지났을 수 있음 — 기한이 맞는지 확인")


def _evaluate_subject(
    entry: Mapping[str, Any], subject: _Subject, rules: Sequence[Mapping[str, Any]], ctx: _Context
) -> _Outcome:
    results = [r for r in (_evaluate_rule(rule, subject, ctx) for rule in rules) if r.status != "skip"]
    fails = [r for r in results if r.status == "fail"]
    if fails:
        return _Outcome(
            subject,
            VERDICT_NOT_ELIGIBLE,
            lines=[r.line for r in fails],
            verified=all(r.verified for r in fails),
            unverified=[r.label for r in fails if not r.verified],
        )
    pending = [r for r in results if r.status in ("unknown", "check")]
    passed = [r for r in results if r.status == "pass"]
    notes = [r for r in results if r.status == "note"]
    outcome = _Outcome(
        subject,
        VERDICT_CHECK if pending else VERDICT_ELIGIBLE,
        lines=[r.line for r in (*pending, *passed)],
        verified=all(r.verified for r in (*pending, *passed)),
        unverified=[r.label for r in (*pending, *passed, *notes) if not r.verified],
    )
    day = _figures_day(entry, subject, ctx)
    fig, stale = _figures_on(entry, day) if day is not None else (None, False)
    amount = _amount_for(entry, fig, subject, ctx)
    if amount.status == "unknown" and outcome.verdict == VERDICT_ELIGIBLE:
        outcome.verdict = VERDICT_CHECK
    if amount.line:
        outcome.lines.append(amount.line)
    outcome.amount = amount.amount
    outcome.amount_text = amount.text
    if fig is not None:
        if stale:
            period = f"{_as_date(fig['valid_from']).isoformat()}~{_as_date(fig['valid_to']).isoformat()}"
            outcome.lines.append(
                f"참고: 조회일에 시행 중인 금액 자료가 없어 {period} 금액을 참고로 표시 — 현재 금액 확인"
            )
            outcome.verified = False
            outcome.unverified.append(f"금액({period} 자료)")
        elif not fig["verified"]:
            outcome.verified = False
            outcome.unverified.append("금액")
    _apply_deadline(entry, outcome, ctx)
    outcome.lines.extend(r.line for r in notes)
    return outcome


def _top_verdict(verdicts: Iterable[str]) -> str:
    found = set(verdicts)
    for verdict in VERDICTS:
        if verdict in found:
            return verdict
    return VERDICT_NOT_ELIGIBLE


def _answer(entry: Mapping[str, Any], ctx: _Context, version: str) -> BenefitAnswer:
    rules = in_force(entry.get("rules", []), ctx.on)
    subject_kind = entry["subject"]
    if subject_kind == "household":
        household_rules, subject_rules = [], rules
    else:
        household_rules = [r for r in rules if _is_household_rule(r)]
        subject_rules = [r for r in rules if not _is_household_rule(r)]
    general_fig, _ = _figures_on(entry, ctx.on)
    general_text = _summary(entry, general_fig)
    deadline_text = str(entry.get("deadline", {}).get("text", ""))
    entry_verified = bool(entry["verified"])

    def build(
        verdict: str,
        lines: list[str],
        *,
        amount: int | None,
        amount_text: str,
        deadline: date | None,
        verified: bool,
        unverified: list[str],
    ) -> BenefitAnswer:
        labels = (["혜택 정보 전체"] if not entry_verified else []) + list(dict.fromkeys(unverified))
        if labels:
            lines = [*lines, f"※ 확인되지 않은 자료: {', '.join(labels)} — 담당 부서에 확인"]
        return BenefitAnswer(
            code=entry["code"],
            name=entry["name"],
            audience=entry["audience"],
            verdict=verdict,
            amount=amount,
            amount_text=amount_text,
            reasons=tuple(lines),
            apply_where=entry["apply_where"],
            documents=tuple(entry.get("documents", [])),
            deadline=deadline,
            verified=entry_verified and verified,
            source=str(entry["source"]),
            catalog_version=version,
            deadline_text=deadline_text,
        )

    household = [r for r in (_evaluate_rule(rule, ctx.whole, ctx) for rule in household_rules) if r.status != "skip"]
    household_fails = [r for r in household if r.status == "fail"]
    if household_fails:
        return build(
            VERDICT_NOT_ELIGIBLE,
            [r.line for r in household_fails],
            amount=None,
            amount_text=general_text,
            deadline=None,
            verified=all(r.verified for r in household_fails),
            unverified=[r.label for r in household_fails if not r.verified],
        )
    subjects = _subjects(entry, ctx)
    if not subjects:
        return build(
            VERDICT_NOT_ELIGIBLE,
            [_NO_SUBJECT[subject_kind]],
            amount=None,
            amount_text=general_text,
            deadline=None,
            verified=True,
            unverified=[],
        )
    outcomes = [_evaluate_subject(entry, subject, subject_rules, ctx) for subject in subjects]
    subject_verdict = _top_verdict(o.verdict for o in outcomes)
    verdict = subject_verdict
    household_pending = [r for r in household if r.status in ("unknown", "check")]
    household_passed = [r for r in household if r.status == "pass"]
    household_notes = [r for r in household if r.status == "note"]
    lines: list[str] = []
    unverified: list[str] = []
    verified = True
    if verdict != VERDICT_NOT_ELIGIBLE:
        if household_pending and verdict == VERDICT_ELIGIBLE:
            verdict = VERDICT_CHECK
        decisive = [*household_pending, *household_passed]
        lines.extend(r.line for r in decisive)
        verified = all(r.verified for r in decisive)
        unverified.extend(r.label for r in (*decisive, *household_notes) if not r.verified)
    top = [o for o in outcomes if o.verdict == subject_verdict]
    for outcome in outcomes:
        prefix = f"[{outcome.subject.label}] " if outcome.subject.is_person else ""
        lines.extend(prefix + line for line in outcome.lines)
        unverified.extend(outcome.unverified)
    verified = verified and all(o.verified for o in top)
    if verdict != VERDICT_NOT_ELIGIBLE:
        lines.extend(r.line for r in household_notes)
    amount, amount_text = _combined_amount(entry, top, general_text)
    # A deadline already passed is explained in the reasons; the field shows what is still ahead.
    upcoming = [o.deadline for o in top if o.deadline is not None and o.deadline >= ctx.on]
    return build(
        verdict,
        lines,
        amount=amount,
        amount_text=amount_text,
        deadline=min(upcoming) if upcoming else None,
        verified=verified,
        unverified=unverified,
    )


def _combined_amount(entry: Mapping[str, Any], top: Sequence[_Outcome], general_text: str) -> tuple[int | None, str]:
    if not top or top[0].verdict == VERDICT_NOT_ELIGIBLE:
        return None, general_text
    if entry.get("per_household", False) or len(top) == 1:
        first = top[0]
        return first.amount, first.amount_text or general_text
    amounts = [o.amount for o in top]
    texts = {o.amount_text or general_text for o in top}
    if all(a is None for a in amounts) and len(texts) == 1:
        return None, texts.pop()
    parts = ", ".join(f"{o.subject.label} {o.amount_text or general_text}" for o in top)
    if all(a is not None for a in amounts):
        total = sum(a for a in amounts if a is not None)
        return total, f"{_money(total, entry['per'])} ({parts})"
    return None, parts


# --------------------------------------------------------------------------------------------------
# Public look-ups
# --------------------------------------------------------------------------------------------------


def match_benefits(
    household: Household,
    *,
    on: date,
    audience: str = "주민",
    codes: Collection[str] | None = None,
) -> list[BenefitAnswer]:
    """Evaluate every benefit in force on ``on`` for ``audience`` (주민, 직원 or 전체), in catalog order.

    ``codes`` limits the answers to those benefits (e.g. the result of a search). With audience 직원
    the person asking is taken to be staff (직원), and the reasons say so.
    """
    cat = _catalog()
    entries = _entries_in_force(on, _audiences(audience))
    if household.event is not None and household.event.date > on:
        raise ValueError(
            f"{household.event.kind} 날짜({household.event.date.isoformat()})가 조회일({on.isoformat()})보다 뒤입니다."
        )
    if codes is not None:
        known = {e["code"] for e in cat.entries}
        unknown = sorted(set(codes) - known)
        if unknown:
            raise ValueError(f"알 수 없는 혜택 코드입니다: {', '.join(unknown)}")
        entries = [e for e in entries if e["code"] in codes]
    ctx = _context(household, on, audience, cat)
    return [_answer(entry, ctx, cat.version) for entry in entries]


def _info(entry: Mapping[str, Any], on: date) -> BenefitInfo:
    fig, _ = _figures_on(entry, on)
    return BenefitInfo(
        code=entry["code"],
        name=entry["name"],
        audience=entry["audience"],
        kind=entry["kind"],
        description=entry["description"],
        amount_text=_summary(entry, fig),
        apply_where=entry["apply_where"],
        documents=tuple(entry.get("documents", [])),
        deadline_text=str(entry.get("deadline", {}).get("text", "")),
        events=tuple(entry.get("events", [])),
        keywords=tuple(entry.get("keywords", [])),
        valid_from=_as_date(entry["valid_from"]),
        valid_to=_as_date(entry["valid_to"]) if "valid_to" in entry else None,
        verified=bool(entry["verified"]),
        source=str(entry["source"]),
    )


def describe_benefit(code: str, *, on: date) -> BenefitInfo:
    """The benefit ``code`` as it stands on ``on``; LookupError (Korean) when it is not in force."""
    entries = _entries_in_force(on, _catalog().audiences)
    for entry in entries:
        if entry["code"] == code:
            return _info(entry, on)
    raise LookupError(f"{on.isoformat()}에 시행 중인 혜택이 아닙니다: {code}")


def _normalize(text: str) -> str:
    return _SEARCH_NOISE.sub("", text).casefold()


def search_benefits(text: str, *, on: date, audience: str = "주민") -> list[BenefitInfo]:
    """Benefits in force whose name, description, keywords or events contain every word of ``text``.

    Spaces and punctuation such as ``·`` are ignored (``동행 카드`` finds 아동·청소년 동행카드); matches
    in the name come first, then catalog order. An empty text lists every benefit in force.
    """
    words = [w for w in (_normalize(part) for part in text.split()) if w]
    entries = _entries_in_force(on, _audiences(audience))
    ranked: list[tuple[int, int, Mapping[str, Any]]] = []
    for position, entry in enumerate(entries):
        name = _normalize(entry["name"])
        haystack = (
            name
            + "|"
            + "|".join(
                _normalize(part)
                for part in (
                    entry["code"],
                    entry["description"],
                    *entry.get("keywords", []),
                    *entry.get("events", []),
                    entry.get("service_text", ""),
                )
            )
        )
        if all(word in haystack for word in words):
            in_name = bool(words) and all(word in name for word in words)
            ranked.append((0 if in_name else 1, position, entry))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [_info(entry, on) for _, _, entry in ranked]


def benefits_for_event(kind: str, *, on: date | None = None, audience: str = AUDIENCE_ALL) -> list[str]:
    """Codes of the benefits relevant to a life event (출생, 사망, 입학), in catalog order.

    Without ``on`` every benefit ever in the catalog counts; with it, only those in force that day.
    """
    cat = _catalog()
    if kind not in cat.event_kinds:
        raise ValueError(f"알 수 없는 사건입니다: {kind!r} ({'·'.join(cat.event_kinds)} 중에서 고르세요).")
    audiences = _audiences(audience)
    entries: Iterable[Mapping[str, Any]]
    entries = cat.entries if on is None else _entries_in_force(on, audiences)
    codes: list[str] = []
    for entry in entries:
        if entry["audience"] in audiences and kind in entry.get("events", []) and entry["code"] not in codes:
            codes.append(entry["code"])
    return codes
