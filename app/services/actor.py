"""Who is acting: the signed-in member of staff at a terminal, passed to every service call."""

from __future__ import annotations

from dataclasses import dataclass


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
        from app.services.roles import ROLE_LABELS

        return ROLE_LABELS.get(self.role, self.role)
