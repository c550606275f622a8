"""The eligibility rules of the catalog: who is looked at (the subjects) and how each rule type is tested."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from app.domain.benefits.ages import (
    age_in_months,
    date_of_age_months,
    date_of_age_years,
    month_label,
    months_since_birth_month,
)
from app.domain.benefits.catalog import Catalog, as_date, load_catalog
from app.domain.benefits.values import Household, LifeEvent, Person, joined
from app.domain.identity import full_years
from app.domain.messages import N_, Refusal, Text

# Rules about the household or the event as a whole; the others are tested on each subject (child).
_HOUSEHOLD_RULE_TYPES = frozenset({"event", "children_count", "check", "note", "season"})

_ORDINALS = (
    Text("첫째"),
    Text("둘째"),
    Text("셋째"),
    Text("넷째"),
    Text("다섯째"),
    Text("여섯째"),
    Text("일곱째"),
    Text("여덟째"),
    Text("아홉째"),
    Text("열째"),
)

_RRN_LIKE = re.compile(r"\d{6}\s*-?\s*\d{7}")


@dataclass(frozen=True, slots=True)
class Subject:
    """Whom a rule is tested on: a child, a student, the deceased, or the household as a whole."""

    label: str
    birth_date: date | None = None
    relation: str | None = None
    flags: frozenset[str] = frozenset()
    birth_order: int | None = None
    school_level: str | None = None
    is_person: bool = True


@dataclass(frozen=True, slots=True)
class Context:
    """The household as the rules see it on the look-up day: its subjects by kind and all its flags."""

    on: date
    event: LifeEvent | None
    flags: frozenset[str]
    staff_implied: bool
    newborns: tuple[Subject, ...]
    children: tuple[Subject, ...]
    students: tuple[Subject, ...]
    deceased: tuple[Subject, ...]
    whole: Subject


@dataclass(frozen=True, slots=True)
class RuleResult:
    """One rule tested: its status and the line the reasons show."""

    status: str  # pass, fail, unknown, check, note, skip
    line: str
    verified: bool = True
    label: str = ""  # names the rule when it is unverified
    brief: str = ""  # the rule and its facts, for quoting inside an any_of
    detail: str = ""  # a "확인 필요: …" line without its prefix, for quoting inside an any_of


def clean_name(text: str) -> str:
    """A name as typed, with anything that looks like a resident number removed."""
    return _RRN_LIKE.sub("(번호 생략)", text).strip()


def _person_label(person: Person, default: str) -> str:
    return clean_name(person.name) or person.relation or default


def _dedupe_labels(subjects: Sequence[Subject]) -> tuple[Subject, ...]:
    seen: dict[str, int] = {}
    result = []
    for subject in subjects:
        count = seen.get(subject.label, 0) + 1
        seen[subject.label] = count
        if count > 1:
            subject = Subject(
                label=Text("{who}({count})", who=subject.label, count=count),
                birth_date=subject.birth_date,
                relation=subject.relation,
                flags=subject.flags,
                birth_order=subject.birth_order,
                school_level=subject.school_level,
            )
        result.append(subject)
    return tuple(result)


def _newborns(household: Household, cat: Catalog) -> tuple[tuple[Subject, ...], set[int]]:
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
                    raise Refusal(
                        N_("출생일({born})과 {name}의 생년월일({birth_date})이 다릅니다."),
                        born=event.date.isoformat(),
                        name=clean_name(person.name),
                        birth_date=person.birth_date.isoformat(),
                    )
                subject = Subject(
                    label=_person_label(person, Text("출생아")),
                    birth_date=event.date,
                    relation=person.relation,
                    flags=person.flags,
                    birth_order=event.birth_order,
                )
                return (subject,), {i}
        named = Subject(
            label=clean_name(event.person_name) or Text("출생아"),
            birth_date=event.date,
            relation="자녀",
            birth_order=event.birth_order,
        )
        return (named,), set()
    same_day = [i for i, p in enumerate(people) if p.relation in cat.child_relations and p.birth_date == event.date]
    if not same_day:
        return (
            Subject(label=Text("출생아"), birth_date=event.date, relation="자녀", birth_order=event.birth_order),
        ), set()
    subjects = tuple(
        Subject(
            label=_person_label(people[i], Text("출생아")),
            birth_date=event.date,
            relation=people[i].relation,
            flags=people[i].flags,
            birth_order=None if event.birth_order is None else event.birth_order + n,
        )
        for n, i in enumerate(same_day)
    )
    return subjects, set(same_day)


def _event_person(household: Household, default: str) -> Subject:
    event = household.event
    assert event is not None
    for person in household.people:
        if event.person_name and person.name == event.person_name:
            return Subject(
                label=_person_label(person, default),
                birth_date=person.birth_date,
                relation=person.relation,
                flags=person.flags,
                school_level=event.school_level,
            )
    return Subject(label=clean_name(event.person_name or "") or default, school_level=event.school_level)


def build_context(household: Household, on: date, audience: str, cat: Catalog) -> Context:
    """Who the benefits of ``household`` look at on ``on``; staff is implied for a staff look-up."""
    flags = set(household.flags)
    for person in household.people:
        flags |= person.flags
    # Someone looking up staff benefits is a member of staff; the reasons say this was assumed.
    staff_implied = audience == cat.staff_audience and cat.staff_flag not in flags
    if staff_implied:
        flags.add(cat.staff_flag)
    newborns, taken = _newborns(household, cat)
    others = [
        Subject(
            label=_person_label(p, Text("자녀")),
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
    whole = Subject(
        label=Text("가구"),
        flags=frozenset(flags),
        birth_order=newborns[0].birth_order if newborns else None,
        school_level=event.school_level if event is not None and event.kind == "입학" else None,
        is_person=False,
    )
    return Context(
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


def subjects_of(entry: Mapping[str, Any], ctx: Context) -> tuple[Subject, ...]:
    """The subjects a benefit's ``subject`` names (a newborn benefit falls back to the children)."""
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


def ordinal(order: int) -> str:
    """첫째, 둘째 … for a birth order."""
    return _ORDINALS[order - 1] if order <= len(_ORDINALS) else Text("{order}째", order=order)


def _age_phrase(born: date, on: date) -> str:
    months = age_in_months(born, on)
    if months < 12:
        return Text("{born}생, 생후 {months}개월", born=born.isoformat(), months=months)
    return Text(
        "{born}생, 만 {years}세(생후 {months}개월)", born=born.isoformat(), years=full_years(born, on), months=months
    )


def age_value(basis: str, born: date, on: date) -> int:
    """The age on ``on`` counted the way ``basis`` (years, months, calendar_months) says."""
    if basis == "years":
        return full_years(born, on)
    if basis == "months":
        return age_in_months(born, on)
    return months_since_birth_month(born, on)


def _past_upper(basis: str, born: date, limit: int) -> str:
    """Where an age limit ``max`` was passed; ``limit`` is max + 1."""
    if basis == "years":
        return Text("만 {years}세 생일: {day}", years=limit, day=date_of_age_years(born, limit).isoformat())
    if basis == "months":
        return Text("생후 {months}개월이 된 날: {day}", months=limit, day=date_of_age_months(born, limit).isoformat())
    month = month_label(born, limit)
    if limit % 12 == 0:
        day = date_of_age_years(born, limit // 12).isoformat()
        return Text("{month}부터 해당 없음, 만 {years}세 생일: {day}", month=month, years=limit // 12, day=day)
    day = date_of_age_months(born, limit).isoformat()
    return Text("{month}부터 해당 없음, 생후 {months}개월이 되는 날: {day}", month=month, months=limit, day=day)


def _before_lower(basis: str, born: date, low: int) -> str:
    if basis == "years":
        return Text("만 {years}세 생일 {day}부터 해당", years=low, day=date_of_age_years(born, low).isoformat())
    if basis == "months":
        return Text(
            "생후 {months}개월이 되는 {day}부터 해당", months=low, day=date_of_age_months(born, low).isoformat()
        )
    return Text("{month}부터 해당", month=month_label(born, low))


def _last_covered(basis: str, born: date, high: int) -> str:
    if basis == "years":
        day = date_of_age_years(born, high + 1) - timedelta(days=1)
        return Text("만 {years}세 생일 전날 {day}까지", years=high + 1, day=day.isoformat())
    if basis == "months":
        day = date_of_age_months(born, high + 1) - timedelta(days=1)
        return Text("생후 {months}개월이 되는 날의 전날 {day}까지", months=high + 1, day=day.isoformat())
    return Text("{month}까지", month=month_label(born, high))


def _test_age(rule: Mapping[str, Any], subject: Subject, on: date) -> tuple[str, str]:
    born = subject.birth_date
    if born is None:
        return "unknown", Text("생년월일 없음: 생년월일 확인")
    if on < born:
        return "fail", Text("{born}생: 조회일({on})에 아직 출생 전", born=born.isoformat(), on=on.isoformat())
    basis = rule["basis"]
    low, high = rule.get("min"), rule.get("max")
    value = age_value(basis, born, on)
    facts = _age_phrase(born, on)
    if high is not None and value > high:
        return "fail", joined("; ", (facts, _past_upper(basis, born, high + 1)))
    if low is not None and value < low:
        return "fail", joined("; ", (facts, _before_lower(basis, born, low)))
    if high is not None and rule.get("show_until", True):
        return "pass", joined("; ", (facts, _last_covered(basis, born, high)))
    return "pass", facts


def _test_season(rule: Mapping[str, Any], on: date) -> str:
    facilities = rule.get("facilities", [])
    open_now = [f["name"] for f in facilities if on.month in f.get("months", [])]
    schedule = joined(", ", (joined(" ", (f["name"], f["when"])) for f in facilities))
    now = joined(", ", open_now) if open_now else Text("없음")
    return Text(
        "{rule}: {schedule} (조회일이 속한 {month}월에 운영: {open_now})",
        rule=rule["text"],
        schedule=schedule,
        month=on.month,
        open_now=now,
    )


def _test(rule: Mapping[str, Any], subject: Subject, ctx: Context) -> tuple[str, str]:
    """(status, facts) for the plain condition of a rule; status is pass, fail or unknown."""
    kind = rule["type"]
    if kind == "event":
        event = ctx.event
        if event is None:
            return "fail", Text("입력된 사건 없음")
        if event.kind in rule["kinds"]:
            return "pass", Text("{event} {day}", event=event.kind, day=event.date.isoformat())
        return "fail", Text("입력된 사건: {event}", event=event.kind)
    if kind == "age":
        return _test_age(rule, subject, ctx.on)
    if kind == "born_between":
        born = subject.birth_date
        if born is None:
            return "unknown", Text("생년월일 없음: 생년월일 확인")
        if ctx.on < born:
            return "fail", Text("{born}생: 조회일에 아직 출생 전", born=born.isoformat())
        start = as_date(rule["from"]) if "from" in rule else date.min
        end = as_date(rule["to"]) if "to" in rule else date.max
        return ("pass" if start <= born <= end else "fail"), Text("{born}생", born=born.isoformat())
    if kind == "before_school_entry":
        born = subject.birth_date
        if born is None:
            return "unknown", Text("생년월일 없음: 생년월일 확인")
        entry = date(born.year + rule["entry_age"] + 1, rule["entry_month"], rule["entry_day"])
        facts = Text("{born}생, 초등학교 취학 {entry}", born=born.isoformat(), entry=entry.isoformat())
        if ctx.on < born:
            return "fail", Text("{born}생: 조회일에 아직 출생 전", born=born.isoformat())
        return ("pass" if ctx.on < entry else "fail"), facts
    if kind == "birth_order":
        order = subject.birth_order
        if order is None:
            return "unknown", Text("출생순위 없음: 출생순위 확인")
        ok = order >= rule.get("min", 1) and ("max" not in rule or order <= rule["max"])
        return ("pass" if ok else "fail"), Text("{order} 출생", order=ordinal(order))
    if kind == "flag":
        wanted = set(rule["any"])
        held = ctx.flags if rule.get("scope", "household") == "household" else subject.flags
        hits = sorted(wanted & held)
        if not hits:
            return "fail", Text("{flags} 표시 없음", flags=joined("·", sorted(wanted)))
        if ctx.staff_implied and hits == [load_catalog().staff_flag]:
            return "pass", Text("표시: {flags} — 직원 조회이므로 직원으로 봄", flags=joined("·", hits))
        facts = Text("표시: {flags}", flags=joined("·", hits))
        return "pass", facts
    if kind == "relation":
        if subject.relation is None:
            return "unknown", Text("관계 없음: 관계 확인")
        return ("pass" if subject.relation in rule["any"] else "fail"), Text(
            "관계: {relation}", relation=subject.relation
        )
    if kind == "children_count":
        count = len(ctx.children)
        ok = count >= rule.get("min", 0) and ("max" not in rule or count <= rule["max"])
        return ("pass" if ok else "fail"), Text("자녀 {count}명", count=count)
    if kind == "school_level":
        level = subject.school_level
        if level is None:
            return "unknown", Text("학교급 없음: 학교급 확인")
        return ("pass" if level in rule["levels"] else "fail"), Text("학교급: {level}", level=level)
    raise AssertionError(f"unhandled rule type {kind}")  # catalog_problems rejects unknown types


def _rule_label(rule: Mapping[str, Any]) -> str:
    return Text("규칙 '{rule}'", rule=rule["text"])


def evaluate_rule(rule: Mapping[str, Any], subject: Subject, ctx: Context) -> RuleResult:
    """Test ``rule`` on ``subject``; the result's line is the reason as the sheet prints it."""
    kind = rule["type"]
    verified = bool(rule.get("verified", True))
    label = _rule_label(rule)
    text = rule["text"]
    if kind == "check":
        return RuleResult("check", Text("확인 필요: {rule}", rule=text), verified, label, detail=text)
    if kind == "note":
        return RuleResult("note", Text("참고: {rule}", rule=text), verified, label)
    if kind == "season":
        return RuleResult("note", Text("참고: {rule}", rule=_test_season(rule, ctx.on)), verified, label)
    if kind == "any_of":
        return _evaluate_any_of(rule, subject, ctx)
    status, facts = _test(rule, subject, ctx)
    on_pass = rule.get("on_pass", "require")
    if on_pass != "require":
        if status != "pass":
            return RuleResult("skip", "", verified, label)
        if on_pass == "check":
            detail = Text("{rule} ({facts})", rule=text, facts=facts)
            return RuleResult(
                on_pass, Text("확인 필요: {rule} ({facts})", rule=text, facts=facts), verified, label, detail=detail
            )
        return RuleResult(on_pass, Text("참고: {rule} ({facts})", rule=text, facts=facts), verified, label)
    if status == "pass":
        brief = Text("{rule} ({facts})", rule=text, facts=facts)
        return RuleResult("pass", Text("{rule}: 해당 ({facts})", rule=text, facts=facts), verified, label, brief)
    if status == "fail":
        fail_text = rule.get("fail_text")
        if fail_text:
            line = Text("{reason} ({facts})", reason=fail_text, facts=facts)
        else:
            line = Text("{rule}: 해당 없음 ({facts})", rule=text, facts=facts)
        return RuleResult("fail", line, verified, label)
    detail = Text("{rule} — {facts}", rule=text, facts=facts)
    return RuleResult(
        "unknown", Text("확인 필요: {rule} — {facts}", rule=text, facts=facts), verified, label, detail=detail
    )


def _evaluate_any_of(rule: Mapping[str, Any], subject: Subject, ctx: Context) -> RuleResult:
    results = [evaluate_rule(inner, subject, ctx) for inner in rule["rules"]]
    verified = bool(rule.get("verified", True))
    label = _rule_label(rule)
    text = rule["text"]
    passed = [r for r in results if r.status == "pass"]
    if passed:
        line = Text("{rule}: 해당 — {which}", rule=text, which=passed[0].brief)
        return RuleResult("pass", line, verified and passed[0].verified, label)
    pending = [r for r in results if r.status in ("check", "unknown")]
    if pending:
        details = joined("; ", (r.detail or r.line.removeprefix("확인 필요: ") for r in pending))
        return RuleResult(
            "check",
            Text("확인 필요: {rule} — {details}", rule=text, details=details),
            verified and all(r.verified for r in pending),
            label,
            detail=Text("{rule} — {details}", rule=text, details=details),
        )
    fails = [r for r in results if r.status == "fail"]
    fail_text = rule.get("fail_text") or Text("{rule}: 해당 없음", rule=text)
    return RuleResult(
        "fail",
        Text("{reason} ({facts})", reason=fail_text, facts=joined("; ", (r.line for r in fails))),
        verified and all(r.verified for r in fails),
        label,
    )


def is_household_rule(rule: Mapping[str, Any]) -> bool:
    """Whether ``rule`` is about the household or the event, not about each subject."""
    if rule["type"] == "flag":
        return rule.get("scope", "household") == "household"
    if rule["type"] == "any_of":
        return all(is_household_rule(inner) for inner in rule["rules"])
    return rule["type"] in _HOUSEHOLD_RULE_TYPES
