"""Registrar checks (등록관 심사) of a filing: the child's name, who may file, the marriage age and witnesses."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from app.domain.calendar import seoul_today
from app.domain.family import family_data, pick_rule
from app.domain.identity import full_years
from app.domain.josa import josa
from app.domain.messages import N_


@dataclass(frozen=True, slots=True)
class FilerEligibility:
    """May this person file (신고인 자격), and are they the one obliged to (신고의무자)?"""

    code: str
    name: str
    allowed: bool
    obliged: bool
    rank: int | None
    condition: str
    source: str
    verified: bool


# ---------------------------------------------------------------------------
# Registrar checks: names
# ---------------------------------------------------------------------------

NamePart = Literal["given", "surname"]
_PART_NAMES: dict[str, str] = {"given": N_("이름"), "surname": N_("성")}


def _name_rule(on: date | None) -> Mapping[str, Any]:
    return pick_rule(family_data()["name_rules"], on or seoul_today(), what="이름 글자 수 기준")


def _length_bounds(part: str, on: date | None) -> tuple[int, int]:
    if part not in _PART_NAMES:
        raise ValueError(f"이름 구분은 'given'(이름) 또는 'surname'(성)이어야 합니다: {part!r}")
    rule = _name_rule(on)
    return int(rule[f"{part}_min"]), int(rule[f"{part}_max"])


def _clean(text: object, label: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{josa(label, '을/를')} 입력하세요.")
    cleaned = text.strip()
    if any(ch.isspace() for ch in cleaned):
        raise ValueError(f"{josa(label, '은/는')} 띄어쓰기 없이 입력하세요: '{cleaned}'")
    return cleaned


def validate_korean_name(text: str, *, part: NamePart = "given", on: date | None = None) -> str:
    """Check a Hangul surname or given name as the 출생신고서 asks for it; return it cleaned.

    Only complete Hangul syllables (가–힣), no spaces. Lengths come from ``name_rules``: a given
    name (성 제외) 1–5 syllables, a surname 1–2 (남궁, 제갈, 선우, 황보 …; a longer one, as some
    naturalised citizens create, is for the registrar to accept by hand). Text typed as separate
    jamo is composed first (NFC).
    """
    label = _PART_NAMES.get(part, "이름")
    low, high = _length_bounds(part, on)
    name = unicodedata.normalize("NFC", _clean(text, f"한글 {label}"))
    bad = sorted({ch for ch in name if not "가" <= ch <= "힣"})
    if bad:
        shown = ", ".join(f"'{ch}'" for ch in bad)
        raise ValueError(f"한글 {josa(label, '은/는')} 완성된 한글 글자로만 씁니다. 쓸 수 없는 글자: {shown}")
    if not low <= len(name) <= high:
        raise ValueError(
            f"한글 {josa(label, '은/는')} {low}자 이상 {high}자 이하입니다 (입력: '{name}', {len(name)}자)."
        )
    return name


def _is_ideograph(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


def validate_hanja_name(
    text: str, *, hangul: str | None = None, part: NamePart = "given", on: date | None = None
) -> str:
    """Check a Hanja surname or given name: CJK ideographs only, one per Hangul syllable.

    Compatibility ideographs (U+F900…) are kept as typed, not normalised, because Korean names use
    them for readings such as 樂(락/낙). Whether each character is on the Supreme Court's list of
    characters for names (인명용 한자) is for the registrar to check against that list.
    """
    label = _PART_NAMES.get(part, "이름")
    low, high = _length_bounds(part, on)
    name = _clean(text, f"한자 {label}")
    bad = sorted({ch for ch in name if not _is_ideograph(ch)})
    if bad:
        shown = ", ".join(f"'{ch}'" for ch in bad)
        raise ValueError(f"한자 {josa(label, '은/는')} 한자로만 씁니다. 한자가 아닌 글자: {shown}")
    if not low <= len(name) <= high:
        raise ValueError(
            f"한자 {josa(label, '은/는')} {low}자 이상 {high}자 이하입니다 (입력: '{name}', {len(name)}자)."
        )
    if hangul is not None:
        reading = unicodedata.normalize("NFC", hangul.strip())
        if len(reading) != len(name):
            raise ValueError(
                f"한자 {label}의 글자 수({len(name)}자)가 한글 {label}의 글자 수({len(reading)}자)와 "
                "다릅니다. 한 글자에 한 음절씩 맞추어 쓰세요."
            )
    return name


# ---------------------------------------------------------------------------
# Registrar checks: who may file
# ---------------------------------------------------------------------------


def _filer(table: str, relation: str, on: date | None, *, in_wedlock: bool = True) -> FilerEligibility:
    entries = [e for e in family_data()[table] if e["code"] == relation]
    if not entries:
        known = ", ".join(sorted({str(e["code"]) for e in family_data()[table]}))
        raise ValueError(f"알 수 없는 신고인 자격입니다: {relation!r} (다음 중 하나: {known})")
    entry = pick_rule(entries, on or seoul_today(), what=f"신고인 자격 '{entries[0]['name']}'")
    obliged = bool(entry["obliged"])
    condition = str(entry["condition"])
    source = str(entry["source"])
    if not in_wedlock:
        obliged = bool(entry.get("out_of_wedlock_obliged", obliged))
        condition = str(entry.get("out_of_wedlock_condition", condition))
        source = str(entry.get("out_of_wedlock_source", source))
    rank = entry.get("rank")
    return FilerEligibility(
        code=str(entry["code"]),
        name=str(entry["name"]),
        allowed=bool(entry["allowed"]),
        obliged=obliged,
        rank=int(rank) if rank is not None else None,
        condition=condition,
        source=source,
        verified=bool(entry.get("verified", False)),
    )


def birth_filer_allowed(relation: str, *, in_wedlock: bool = True, on: date | None = None) -> FilerEligibility:
    """Who may file a birth (가족관계등록법 제46조, 제57조); ``relation`` is a ``birth_filers`` code.

    부·모 (혼인 외 출생자는 모; the father's filing then acknowledges the child), then 동거하는 친족,
    then the doctor or midwife at the delivery; 검사·지방자치단체의 장 only when the child's welfare is
    at risk. Anyone else cannot be the filer.
    """
    return _filer("birth_filers", relation, on, in_wedlock=in_wedlock)


def death_filer_allowed(relation: str, *, on: date | None = None) -> FilerEligibility:
    """Who may file a death (가족관계등록법 제85조); ``relation`` is a ``death_filers`` code.

    동거하는 친족 must file; 친족, 동거자, the manager of the place of death and the 동장·통장·이장 of
    that place may file.
    """
    return _filer("death_filers", relation, on)


def filer_choices(kind: Literal["birth", "death"], *, on: date | None = None) -> list[FilerEligibility]:
    """All filer relations for the intake form's list, in the data file's order."""
    table = {"birth": "birth_filers", "death": "death_filers"}.get(kind)
    if table is None:
        raise ValueError(f"신고인 자격 목록은 출생(birth)·사망(death)에만 있습니다: {kind!r}")
    codes: list[str] = []
    for entry in family_data()[table]:
        if entry["code"] not in codes:
            codes.append(str(entry["code"]))
    return [_filer(table, code, on) for code in codes]


# ---------------------------------------------------------------------------
# Registrar checks: marriage
# ---------------------------------------------------------------------------


def _years(table: str, on: date, what: str) -> int:
    return int(pick_rule(family_data()[table], on, what=what)["years"])


def check_marriage_witnesses(birth_dates: Sequence[date], on: date) -> None:
    """Raise ValueError unless there are the required witnesses, each an adult on the filing day.

    민법 제812조 ②: 성년자인 증인 2명. Every witness listed must be of age (만 나이 on ``on``), so a
    minor written in as a third witness is flagged too; the registrar strikes it out.
    """
    required = int(pick_rule(family_data()["marriage_witnesses"], on, what="혼인 증인 기준")["count"])
    majority = _years("age_of_majority", on, "성년 나이")
    problems: list[str] = []
    if len(birth_dates) < required:
        problems.append(f"혼인신고에는 성년인 증인 {required}명이 필요합니다 (입력 {len(birth_dates)}명).")
    for number, born in enumerate(birth_dates, start=1):
        if born > on:
            problems.append(f"증인 {number}의 생년월일({born.isoformat()})이 신고일보다 뒤입니다.")
            continue
        age = full_years(born, on)
        if age < majority:
            problems.append(
                f"증인 {josa(number, '은/는')} 신고일 현재 만 {age}세로 성년(만 {majority}세 이상)이 아닙니다."
            )
    if problems:
        raise ValueError(" ".join(problems) + " (민법 제812조 제2항)")


def check_marriage_age(birth_date: date, on: date, *, who: str = "당사자") -> bool:
    """Raise ValueError below the marriage age (민법 제807조: 만 18세); else say if consent is needed.

    Returns True for a minor of marriageable age (18 while 성년 is 19): the parents' consent is
    required (민법 제808조 제1항).
    """
    if birth_date > on:
        raise ValueError(f"{who}의 생년월일({birth_date.isoformat()})이 신고일보다 뒤입니다.")
    minimum = _years("marriage_age", on, "혼인적령")
    majority = _years("age_of_majority", on, "성년 나이")
    age = full_years(birth_date, on)
    if age < minimum:
        raise ValueError(
            f"{josa(who, '은/는')} 신고일 현재 만 {age}세입니다. 만 {minimum}세가 되어야 혼인할 수 "
            "있습니다 (민법 제807조)."
        )
    return age < majority
