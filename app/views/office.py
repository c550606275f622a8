"""The office and the counter PC as services hand them out (office name and address go on every paper)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OfficeView:
    id: int
    code: str
    name: str
    department: str
    address: str
    phone: str
    demo: bool = False  # sample data (--demo): nothing leaves this database (no SMS)


@dataclass(frozen=True, slots=True)
class TerminalView:
    id: int
    code: str
    name: str
