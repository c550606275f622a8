"""What a 처리기한 예고장/독촉장 shows (the overdue check's documents, drawn by ``app.documents.notices``): plain data,
so that the check itself needs no PDF library until it prints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

KIND_TITLES = {"advance": "민원 처리기한 예고장", "demand": "민원 처리기한 경과 독촉장"}


@dataclass(frozen=True, slots=True)
class NoticeItem:
    number: str
    type_name: str
    received_at: datetime
    due_at: datetime
    time_label: str  # "1일 3시간 남음" / "2일 초과"
    overdue_days: int  # whole working days past the deadline (0 on a 예고장)


@dataclass(frozen=True, slots=True)
class NoticeDocument:
    """Everything a notice shows; petitions only by number and type (no personal data)."""

    kind: str  # advance / demand
    office_name: str
    office_department: str
    office_address: str
    office_phone: str
    department: str  # the addressee
    issued_at: datetime
    within_days: int
    sender: str
    items: tuple[NoticeItem, ...]
    number: str = ""  # 문서번호 (e.g. 민원여권과-17)
    day: date | None = None  # 시행일자
    reprint: bool = False  # printed again from the register (재출력)

    @property
    def title(self) -> str:
        return KIND_TITLES[self.kind]


__all__ = ["KIND_TITLES", "NoticeDocument", "NoticeItem"]
