"""The satisfaction survey of resolved petitions (민원 만족도 조사) as the screen and the statistics read it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class SurveyView:
    id: int
    petition_id: int
    number: str
    type_name: str
    department: str
    queued_at: datetime
    sms_enqueued_at: datetime | None
    ars_due_at: datetime | None
    answered_at: datetime | None
    kindness: int | None
    satisfaction: int | None
    source: str
    replayed: bool = field(default=False, compare=False)  # answered from the client id: already saved

    @property
    def state_label(self) -> str:
        if self.answered_at is not None:
            return "응답"
        return "ARS 응답 대기" if self.sms_enqueued_at else "연락처 없음"


@dataclass(frozen=True, slots=True)
class RateRow:
    """Rates of one group (the whole period, a department or a clerk)."""

    group: str
    queued: int
    answered: int
    kindness_rate: float | None  # share of answers with 친절도 >= SATISFIED_FROM, 0–100
    satisfaction_rate: float | None
    kindness_mean: float | None
    satisfaction_mean: float | None


@dataclass(frozen=True, slots=True)
class SurveyRates:
    start: date
    end: date
    overall: RateRow
    by_department: tuple[RateRow, ...]
    by_clerk: tuple[RateRow, ...]


@dataclass(frozen=True, slots=True)
class ImportResult:
    recorded: int
    errors: tuple[str, ...]
