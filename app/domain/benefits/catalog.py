"""The benefit catalog (혜택 목록): ``benefits.toml`` read, checked and picked by date and audience."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from app.domain.effective import in_force, pick_in_force
from app.domain.josa import josa
from app.resources import DataFileError, load_data

AUDIENCE_ALL = "전체"

_DATA_NAME = "benefits"

_KINDS = frozenset(
    {"fixed", "by_birth_order", "by_age", "by_school_level", "percent_cap", "up_to", "points", "service"}
)
# How an amount is paid, as the words before it (월 100,000원).
PERS = {"once": "", "month": "월 ", "year": "연 ", "meal": "1식 "}
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
_ON_PASS = frozenset({"require", "check", "note"})
_DEADLINE_ANCHORS = frozenset({"birth", "event", "event_month_end"})


class BenefitCatalogError(DataFileError):
    """``benefits.toml`` has a mistake; the message (Korean) lists what is wrong."""


@dataclass(frozen=True)
class Catalog:
    """The checked data file: its vocabulary and every entry, as read once per process."""

    version: str
    audiences: tuple[str, ...]
    flags: frozenset[str]
    event_kinds: tuple[str, ...]
    school_levels: tuple[str, ...]
    child_relations: frozenset[str]
    staff_flag: str
    staff_audience: str
    entries: tuple[Mapping[str, Any], ...]


def as_date(value: Any) -> date:
    """A date of the data file (TOML dates arrive as ``date``, quoted ones as ISO text)."""
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _date_problem(where: str, key: str, value: Any) -> str | None:
    try:
        as_date(value)
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
        if not isinstance(rule.get("show_until", True), bool):
            problems.append(f"{where}: age 규칙의 show_until은 true/false입니다")
    if kind == "born_between":
        for key in ("from", "to"):
            if key in rule and (p := _date_problem(where, key, rule[key])):
                problems.append(p)
    if kind == "before_school_entry":
        for key in ("entry_age", "entry_month", "entry_day"):
            if not isinstance(rule.get(key), int):
                problems.append(f"{where}: before_school_entry 규칙에 {josa(key, '이/가')} 없습니다")
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
            problems.append(f"{where}: {kind} 금액에 {josa(key, '이/가')} 없습니다")
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
            problems.append(f"vocabulary: {josa(key, '이/가')} 없습니다")
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
                problems.append(f"{where}: {josa(key, '이/가')} 없습니다")
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
        if entry.get("per") not in PERS:
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
            start = as_date(entry["valid_from"])
            end = as_date(entry["valid_to"]) if "valid_to" in entry else date.max
            if end < start:
                problems.append(f"{where}: valid_to가 valid_from보다 앞섭니다")
            for other_start, other_end in periods.get(code, []):
                if start <= other_end and other_start <= end:
                    problems.append(f"{where}: 같은 code의 시행 기간이 겹칩니다")
            periods.setdefault(code, []).append((start, end))
    return problems


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """The catalog, checked on first use; BenefitCatalogError (Korean) lists every mistake of the file."""
    data = load_data(_DATA_NAME)
    problems = catalog_problems(data)
    if problems:
        raise BenefitCatalogError("혜택 목록(benefits.toml) 오류: " + "; ".join(problems))
    vocab = data["vocabulary"]
    return Catalog(
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
    return load_catalog().version


def audiences_for(audience: str) -> tuple[str, ...]:
    """The catalog audiences a look-up for ``audience`` (주민, 직원 or 전체) covers; ValueError (Korean) else."""
    cat = load_catalog()
    if audience == AUDIENCE_ALL:
        return cat.audiences
    if audience in cat.audiences:
        return (audience,)
    choices = "·".join((*cat.audiences, AUDIENCE_ALL))
    raise ValueError(f"조회 대상은 {choices} 중 하나입니다 (입력: {audience!r}).")


def entries_in_force(on: date, audiences: Collection[str]) -> list[Mapping[str, Any]]:
    """One entry per code (the one in force on ``on``), in catalog order."""
    by_code: dict[str, list[Mapping[str, Any]]] = {}
    for entry in load_catalog().entries:
        if entry["audience"] in audiences:
            by_code.setdefault(entry["code"], []).append(entry)
    chosen = []
    for code, versions in by_code.items():
        if in_force(versions, on):
            chosen.append(pick_in_force(versions, on, what=f"혜택 {code}"))
    return chosen
