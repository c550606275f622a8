"""Passport (여권) values: what the intake form sends, and what the passport services return to screens and sheets.

No database and no Qt: the resident number appears only masked, the fee as the rule gave it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from app.domain.passport.documents import ChecklistItem
from app.domain.passport.fees import PassportFee
from app.domain.passport.status import REDUCED_NONE, next_status
from app.views.receipts import ReceiptView

# --------------------------------------------------------------------------- what a screen sends


@dataclass(frozen=True, slots=True)
class ApplicationForm:
    """What the intake form holds; the resident number is used once and then kept only by applicants."""

    name: str
    resident_number: str
    kind: str
    validity_years: int | None = None
    pages: int | None = None
    phone: str = ""
    address: str = ""
    sms_consent: bool = False
    photo_checked: bool = False
    documents_checked: tuple[str, ...] = ()
    applying_in_person: bool = True
    proxy_name: str = ""
    proxy_relation: str | None = None
    illness_or_disability: bool = False
    has_valid_passport: bool = False
    name_changed: bool = False
    military_service_pending: bool = False
    payment_method: str = "현금"
    cash_received: int | None = None  # 받은 금액 (cash): less than the fee is refused, the receipt shows the change
    approval_no: str = ""  # 카드 승인번호, where the terminal gave one
    emergency_reason: str = ""
    identity_verified: bool = False
    declared_losses_1y: int | None = None
    declared_losses_5y: int | None = None
    destination_warned: bool = False
    reduced_fee: str = REDUCED_NONE
    reduced_reason: str = ""
    roman_name: str = ""  # 로마자 성명, "HONG GILDONG" (the surname first, a space, the given name)


@dataclass(frozen=True, slots=True)
class FeeRequest:
    """A fee question without a person: the guide's calculator."""

    kind: str
    validity_years: int | None = None
    pages: int | None = None
    age: int = 30
    reduced: bool = False
    military_service_pending: bool = False


# --------------------------------------------------------------------------- what the services return


@dataclass(frozen=True, slots=True)
class ApplicationView:
    """One application as the counter sees it; the resident number only masked.

    ``receipt`` is the receipt taken with it, on the view that intake returns (so that the screen prints it
    without reading it again); lists and transitions leave it None.
    """

    id: int
    uuid: uuid.UUID
    number: str
    applicant_id: int
    applicant_name: str
    rrn_masked: str
    phone_masked: str
    age: int
    kind: str
    label: str
    validity_years: int | None
    pages: int | None
    reduced: bool
    fee: int
    contribution: int
    total: int
    fee_table: str
    fee_verified: bool
    receipt_number: str
    status: str
    status_label: str
    received_at: datetime
    produced_at: datetime | None
    arrived_at: datetime | None
    delivered_at: datetime | None
    sms_consent: bool
    applying_in_person: bool
    proxy_relation: str
    emergency: bool
    due_at: datetime | None
    destination_warned: bool
    reduced_claim: str
    reduced_proof_due: date | None
    refunded: int
    collector_name: str
    collector_relation: str
    delivered_late: bool
    receipt: ReceiptView | None = None
    replayed: bool = field(default=False, compare=False)  # answered from the client id: already saved
    roman_name: str = ""  # 로마자 성명

    @property
    def next_status(self) -> str | None:
        return next_status(self.status)


@dataclass(frozen=True, slots=True)
class EligibilityView:
    """The emergency-passport check, before payment; ``reasons`` say why not."""

    eligible: bool
    reasons: tuple[str, ...]
    warning: str
    losses: tuple[tuple[int, int], ...]
    recorded_losses: int
    rule: str


@dataclass(frozen=True, slots=True)
class LossReportView:
    """A recorded loss of a passport (분실 신고)."""

    id: int
    uuid: uuid.UUID
    number: str
    applicant_id: int
    applicant_name: str
    lost_on: date
    place: str
    circumstances: str
    passport_number: str
    reported_at: datetime
    replayed: bool = field(default=False, compare=False)  # answered from the client id: already saved


@dataclass(frozen=True, slots=True)
class RefundView:
    """Money paid back beside an untouched receipt (환급: the reduced emergency fee proved later)."""

    id: int
    uuid: uuid.UUID
    application_number: str
    receipt_number: str
    fee_amount: int
    contribution_amount: int
    amount: int
    method: str
    proof: str
    fee_table: str
    refunded_at: datetime
    replayed: bool = field(default=False, compare=False)  # answered from the client id: already saved


@dataclass(frozen=True, slots=True)
class UncollectedView:
    """A passport that arrived and waits to be collected (미수령)."""

    id: int
    number: str
    applicant_name: str
    rrn_masked: str
    phone_masked: str
    label: str
    arrived_at: datetime
    days_waiting: int
    keeping_ends_on: date
    past_keeping: bool


@dataclass(frozen=True, slots=True)
class EmergencyCountdown:
    """An open emergency application for the countdown on every counter: no personal data but a masked name."""

    id: int
    number: str
    name_masked: str
    status: str
    status_label: str
    received_at: datetime
    due_at: datetime

    def seconds_left(self, now: datetime) -> int:
        return int((self.due_at - now).total_seconds())


@dataclass(frozen=True, slots=True)
class ChecklistSheet:
    """What the printed checklist shows: the office, the situation in words, the items and a fee quote."""

    office_name: str
    department: str
    office_address: str
    office_phone: str
    printed_at: datetime
    situation: tuple[str, ...]
    items: tuple[ChecklistItem, ...]
    fee: PassportFee | None
    emergency_warning: str
    keeping_note: str
    printed_by: str
    notes: tuple[str, ...] = field(default_factory=tuple)
