"""Time-limited petitions (유기한 민원) and the overdue check as the screens and reports read them.

Phones only masked; the notices name petitions by number and type, never a person.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.domain.petition_rules import OPEN_STATUSES
from app.views.office import OfficeView


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
    replayed: bool = field(default=False, compare=False)  # answered from the client id: already saved

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
    note: str  # the Korean as stored
    actor_name: str
    note_args: dict[str, Any] | None = None  # what the note is made of (records.note_args); None on old rows


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
    replayed: bool = field(default=False, compare=False)  # answered from the client id: already saved


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
    number: str = ""  # 문서번호
    day: date | None = None  # 시행일자
    reprinted: bool = False  # the day's notice registered before (a rerun, another supervisor): printed again


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

    @property
    def all_reprinted(self) -> bool:
        """Every notice was already registered today: this check sent nothing new."""
        return bool(self.notices) and all(n.reprinted for n in self.notices)


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
    number: str = ""  # 문서번호 (empty on notices sent before numbers were printed)
    day: date | None = None  # 시행일자


# --- the applicant's papers (접수증, 보완요구서, 처리결과 통지서) ------------------------------------------


@dataclass(frozen=True, slots=True)
class PaperTexts:
    """The legal texts and figures a paper prints, from ``petition_papers.toml`` (the entry in force)."""

    progress_inquiry: str  # where to ask about progress besides the phone
    supplement_basis: str
    supplement_clock: str
    supplement_extension: str
    supplement_unanswered: str
    appeal_days: int
    appeal_basis: str
    lawsuit_basis: str
    appeal_where: str
    reasons_basis: str
    valid_from: str
    source: str
    verified: bool


@dataclass(frozen=True, slots=True)
class SupplementPaper:
    """One request to supplement (보완 요구): what is missing and by when."""

    sequence: int  # 1차, 2차 …
    what: str
    requested_at: datetime
    due_on: date | None
    resumed_at: datetime | None


@dataclass(frozen=True, slots=True)
class ResultPaper:
    """The outcome a 처리결과 통지서 tells: 인용, 불가 (with its reason) or 종결 (with the decree's reason)."""

    outcome: str  # 인용 / 불가 / 종결
    decided_at: datetime
    reason: str
    late: bool

    @property
    def adverse(self) -> bool:
        """A refusal or a closing without a decision: the applicant may appeal."""
        return self.outcome != "인용"


@dataclass(frozen=True, slots=True)
class PetitionPaperView:
    """Everything one petition paper shows; the resident number only masked, the phone only masked."""

    kind: str  # intake / supplement / result
    office: OfficeView
    petition: PetitionView
    resident_masked: str
    printed_at: datetime
    printed_by: str
    copy: int  # 1 for the first print; n > 1 is the (n-1)th reprint (재발행)
    texts: PaperTexts
    supplement: SupplementPaper | None = None
    result: ResultPaper | None = None
