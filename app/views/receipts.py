"""A receipt (영수증) as the screens and the printed receipt show it; the resident number only masked."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

# The passport's 국제교류기여금 is collected with the fee but is not a fee (여권법 시행령 제22조의2): the receipt
# shows the two parts apart.
CONTRIBUTION_ITEMS = frozenset({"passport_contribution"})
# What the receipt's QR code carries: this prefix, the office code, the number and the check code.
QR_PREFIX = "MINWON-RCPT"


@dataclass(frozen=True, slots=True)
class LineView:
    item_code: str
    description: str
    quantity: int
    unit_fee: int
    amount: int
    exemption: str
    fee_table: str

    @property
    def is_contribution(self) -> bool:
        return self.item_code in CONTRIBUTION_ITEMS


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
    office_code: str = ""
    # How often it had been printed before this print: 0 on the first print, n on the n-th reprint (재발행 n회).
    print_count: int = 0
    approval_no: str = ""
    cash_received: int | None = None
    # The short check code of the QR code (HMAC of office, number and total under the office key), or "".
    check_code: str = ""

    @property
    def issuer(self) -> str:
        """The issuer named above the seal: the head of the office (성북구청 → 성북구청장)."""
        return f"{self.office_name}장" if self.office_name.endswith("청") else self.office_name

    @property
    def collector(self) -> str:
        """수납기관: the office and its department."""
        return f"{self.office_name} {self.department}".strip()

    @property
    def fee_total(self) -> int:
        return sum(line.amount for line in self.lines if not line.is_contribution)

    @property
    def contribution_total(self) -> int:
        return sum(line.amount for line in self.lines if line.is_contribution)

    @property
    def change(self) -> int | None:
        """거스름돈 of a cash payment whose amount received was entered."""
        if self.cash_received is None or self.payment_method != "현금":
            return None
        return self.cash_received - self.total

    @property
    def reprint(self) -> int:
        """0 on the first print, else which reprint this is."""
        return self.print_count

    @property
    def qr_payload(self) -> str:
        return f"{QR_PREFIX}:{self.office_code}:{self.number}:{self.check_code}" if self.check_code else ""


@dataclass(frozen=True, slots=True)
class ReceiptCheckView:
    """The answer of the receipt look-up (영수증 진위 확인): valid, voided, corrected or unknown."""

    verdict: str  # "valid" | "voided" | "corrected" | "unknown"
    message: str
    number: str = ""
    total: int | None = None
    issued_at: datetime | None = None
    applicant_name: str = ""
