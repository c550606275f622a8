"""Who is acting: the signed-in member of staff at a terminal, passed to every service call."""

from __future__ import annotations

from dataclasses import dataclass

ROLE_LABELS = {  # 역할
    "clerk": "민원창구",
    "night": "야간 민원실",
    "guide": "여권 안내 도우미",
    "supervisor": "팀장·과장",
    "admin": "관리자",
}


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int
    username: str
    display_name: str
    role: str
    office_id: int
    terminal_id: int | None
    terminal_code: str

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)
