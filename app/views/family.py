"""Family-registration filings (가족관계등록 신고) as screens send them and as services return them.

What a form sends (``FilingInput`` with its ``PersonInput``s, resident numbers in plain only on the way in),
the filing as the list and the detail show it (``FilingView``, resident numbers only masked), the live
assessment of the form (``AssessmentView``) and everything the printed 후속절차 안내문 says (``GuidanceSheet``).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.domain.benefits import BenefitAnswer

# --------------------------------------------------------------------------- what a screen sends


@dataclass(frozen=True, slots=True)
class PersonInput:
    """A person as written on the form; the resident number goes straight to the applicants table."""

    name: str
    resident_number: str | None = None
    phone: str = ""
    address: str = ""


@dataclass(frozen=True, slots=True)
class FilingInput:
    """A filing as the clerk entered it (``app.services.family`` lists the ``details`` of each kind)."""

    kind: str
    event_date: date | None = None
    persons: Mapping[str, PersonInput] = field(default_factory=dict)
    filer: PersonInput | None = None
    filer_relation: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)
    after_demand: bool = False
    paid_now: bool = False
    sms_consent: bool = False
    sms_phone: str = ""


# --------------------------------------------------------------------------- what the services return


@dataclass(frozen=True, slots=True)
class PartyView:
    role: str
    role_label: str
    name: str
    rrn_masked: str
    birth_date: date | None


@dataclass(frozen=True, slots=True)
class FilingView:
    """Everything the tab shows of a filing; resident numbers only masked."""

    id: int
    uuid: uuid.UUID
    number: str
    kind: str
    kind_name: str
    form: str
    status: str
    status_label: str
    received_at: datetime
    filed_on: date
    event_date: date
    counted_from: str
    occurred_on: date | None
    subject_name: str
    subject_rrn_masked: str
    filer_name: str
    filer_relation: str
    filer_relation_label: str
    birth_order: int | None
    details: Mapping[str, Any]
    detail_lines: tuple[tuple[str, str], ...]
    parties: tuple[PartyView, ...]
    deadline: date | None
    days_late: int
    estimated_fine: int
    fine_band: str
    after_demand: bool
    paid_now: bool
    assessment: str
    sms_consent: bool
    sms_phone_masked: str
    receipt_number: str
    processed_at: datetime | None
    result_note: str
    clerk_name: str
    office_name: str
    department: str
    office_address: str
    office_phone: str
    replayed: bool = field(default=False, compare=False)  # answered from the client id: already saved


@dataclass(frozen=True, slots=True)
class AssessmentView:
    """What the form shows live before saving."""

    label: str
    deadline: date | None
    days_late: int
    fine: int
    lapsed: bool
    message: str | None
    verified: bool


# --------------------------------------------------------------------------- the guidance sheet


@dataclass(frozen=True, slots=True)
class GuidanceLine:
    """One item of a section; ``benefit_note`` is this child's answer beside it (3,000,000원, 확인 필요)."""

    text: str
    benefit_note: str = ""
    verified: bool = True


@dataclass(frozen=True, slots=True)
class GuidancePart:
    """A section of the sheet: heading, paragraphs, items and where to apply (신청·문의)."""

    heading: str
    paragraphs: tuple[str, ...]
    lines: tuple[GuidanceLine, ...]
    where: str
    verified: bool


@dataclass(frozen=True, slots=True)
class GuidanceSheet:
    """Everything the printed 후속절차 안내문 says, decided by the family service; the renderer only lays it out.

    ``facts`` are the rows of the table at the top (신고 종류, 출생아 …, resident numbers masked); ``benefits``
    the catalog's answers for this child that the items quote (empty when the catalog could not answer).
    """

    filing_number: str
    on: date
    office_name: str
    office_line: str
    title: str
    opening: str
    facts: tuple[tuple[str, str], ...]
    parts: tuple[GuidancePart, ...]
    notes: tuple[str, ...]
    benefits: tuple[BenefitAnswer, ...] = ()
