"""What a benefit look-up takes (a household and its event) and gives (an answer per benefit)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.domain.benefits.catalog import load_catalog
from app.domain.messages import N_, Refusal, Text

VERDICT_ELIGIBLE = N_("대상")
VERDICT_NOT_ELIGIBLE = N_("비대상")
VERDICT_CHECK = N_("확인 필요")
VERDICTS = (VERDICT_ELIGIBLE, VERDICT_CHECK, VERDICT_NOT_ELIGIBLE)


def joined(separator: str, parts: Iterable[str]) -> Text:
    """``separator.join(parts)`` as a ``Text`` whose fields are the parts (each translated on its own)."""
    items = list(parts)
    template = separator.join(f"{{p{i}}}" for i in range(len(items)))
    return Text(template, **{f"p{i}": item for i, item in enumerate(items)})


def _checked_flags(flags: Iterable[str] | str) -> frozenset[str]:
    result = frozenset({flags}) if isinstance(flags, str) else frozenset(flags)
    known = load_catalog().flags
    unknown = sorted(result - known)
    if unknown:
        raise Refusal(
            N_("알 수 없는 표시입니다: {flags} ({known} 중에서 고르세요)."),
            flags=", ".join(unknown),
            known=joined("·", sorted(known)),
        )
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
        cat = load_catalog()
        if self.kind not in cat.event_kinds:
            raise Refusal(
                N_("알 수 없는 사건입니다: {kind!r} ({kinds} 중에서 고르세요)."),
                kind=self.kind,
                kinds=joined("·", cat.event_kinds),
            )
        if self.birth_order is not None and (
            isinstance(self.birth_order, bool) or not isinstance(self.birth_order, int) or self.birth_order < 1
        ):
            raise Refusal(N_("출생순위는 1 이상의 정수로 입력하세요 (입력: {order!r})."), order=self.birth_order)
        if self.school_level is not None and self.school_level not in cat.school_levels:
            raise Refusal(
                N_("알 수 없는 학교급입니다: {level!r} ({levels} 중에서 고르세요)."),
                level=self.school_level,
                levels=joined("·", cat.school_levels),
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
