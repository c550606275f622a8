"""A receipt (영수증) as the screens and the printed receipt show it; the resident number only masked."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class LineView:
    item_code: str
    description: str
    quantity: int
    unit_fee: int
    amount: int
    exemption: str
    fee_table: str


@dataclass(frozen=True, slots=True)
class ReceiptView:
    """Everything a receipt shows; the resident number only masked."""

    id: int
    uuid: uuid.UUID
    number: str
    issued_at: datetime
    business_day: date
    office_name: str
    department: str
    office_address: str
    office_phone: str
    terminal_name: str
    clerk_name: str
    applicant_name: str
    applicant_rrn_masked: str
    lines: tuple[LineView, ...]
    total: int
    payment_method: str
    status: str
    void_reason: str = ""
