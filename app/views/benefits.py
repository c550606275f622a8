"""복지 조회 (benefit look-up) as the screen and the printed answer sheet read it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.benefits import BenefitAnswer, Household


@dataclass(frozen=True, slots=True)
class BenefitChoices:
    """The words the look-up form offers, from the catalog's vocabulary."""

    audiences: tuple[str, ...]  # 주민, 직원, 전체
    flags: tuple[str, ...]  # 수급자, 한부모, 장애, 다자녀, 직원
    event_kinds: tuple[str, ...]  # 출생, 사망, 입학
    school_levels: tuple[str, ...]  # 초등, 중등, 고등, 대학
    catalog_version: str


@dataclass(frozen=True, slots=True)
class BenefitLookup:
    """One look-up: what was asked and the answers, best verdicts first (대상, 확인 필요, 비대상)."""

    household: Household
    on: date
    audience: str
    words: str
    event_only: bool
    catalog_version: str
    answers: tuple[BenefitAnswer, ...]

    def count(self, verdict: str) -> int:
        return sum(1 for a in self.answers if a.verdict == verdict)
