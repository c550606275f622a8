"""Time-limited petitions (유기한 민원) and the overdue check as the screens and reports read them.

Phones only masked; the notices name petitions by number and type, never a person.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.domain.petition_rules import OPEN_STATUSES


@dataclass(frozen=True, slots=True)
class PetitionTypeView:
    code: str
    name: str
    period: str
    department: str
    basis: str
    verified: bool
    chosen_at_intake: bool

    @property
    def label(self) -> str:
        return f"{self.name} ({self.period}, {self.department})"


@dataclass(frozen=True, slots=True)
class PetitionView:
    """A petition as the list shows it; the phone only masked."""

    id: int
    uuid: uuid.UUID
    number: str
    type_code: str
    type_name: str
    period: str
    department: str
    status: str
    status_label: str
    applicant_name: str
    phone_masked: str
    summary: str
    received_at: datetime
    original_due_at: datetime
    due_at: datetime
    time_left_label: str
    working_hours_left: float  # negative when overdue
    overdue: bool
    urgency: str  # overdue, day, three_days, normal, paused, done
    extension_count: int
    decision: str
    decided_at: datetime | None
    late: bool
    clerk_name: str

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass(frozen=True, slots=True)
class EventView:
    at: datetime
    action: str
    action_label: str
    from_status: str
    to_status: str
    note: str
    actor_name: str


@dataclass(frozen=True, slots=True)
class PetitionDetail:
    petition: PetitionView
    events: tuple[EventView, ...]
    pauses: tuple[tuple[datetime, datetime | None, date | None, str], ...]
    extensions: tuple[tuple[int, str, str, datetime, bool], ...]
    transfers: tuple[tuple[datetime, str, str, str], ...]


@dataclass(frozen=True, slots=True)
class StatusNoticeTodo:
    petition_id: int
    number: str
    type_name: str
    department: str
    applicant_name: str
    phone_masked: str
    received_at: datetime
    due_on: date
    days_late: int  # calendar days since the notice fell due (0 = today)


@dataclass(frozen=True, slots=True)
class ClosureView:
    id: int
    day: date
    reason: str


# --- the overdue check (민원사무 처리상황 점검) -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DepartmentStatus:
    department: str
    running: int
    due_soon: int
    overdue: int


@dataclass(frozen=True, slots=True)
class NoticeSent:
    kind: str
    kind_label: str
    department: str
    count: int
    path: Path


@dataclass(frozen=True, slots=True)
class OverdueCheckResult:
    batch: uuid.UUID
    checked_at: datetime
    within_days: int
    notices: tuple[NoticeSent, ...]

    @property
    def advance_count(self) -> int:
        return sum(n.count for n in self.notices if n.kind == "advance")

    @property
    def demand_count(self) -> int:
        return sum(n.count for n in self.notices if n.kind == "demand")


@dataclass(frozen=True, slots=True)
class DepartmentLateness:
    """A department's record in a period: petitions due, how many were late, demands it received."""

    department: str
    due_in_period: int
    late: int
    late_rate: float  # 0–100
    demands: int


@dataclass(frozen=True, slots=True)
class NoticeRecordView:
    id: int
    kind_label: str
    department: str
    sent_at: datetime
    petition_count: int
    file_name: str
