"""Certificates at the counter (제증명 발급): the request lines a screen sends and the issue it gets back."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from app.views.receipts import ReceiptView


@dataclass(frozen=True, slots=True)
class CertificateLine:
    """One kind asked for: ``kind`` is a code or Korean name, ``exemption`` a code or label (감면)."""

    kind: str
    copies: int = 1
    exemption: str | None = None


@dataclass(frozen=True, slots=True)
class IssuedLineView:
    kind_code: str
    kind_name: str
    copies: int
    unit_fee: int
    amount: int
    exemption_label: str


@dataclass(frozen=True, slots=True)
class CertificateIssueView:
    id: int
    uuid: uuid.UUID
    issued_at: datetime
    applicant_name: str
    applicant_rrn_masked: str
    lines: tuple[IssuedLineView, ...]
    total: int
    receipt: ReceiptView
    replayed: bool = field(default=False, compare=False)  # answered from the client id: already saved
