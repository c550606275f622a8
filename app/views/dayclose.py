"""The day's takings and its close (일일 마감) as the 통계·마감 tab, the printed close (수납 일계표) and its Excel
export read them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.i18n import N_
from app.views.office import OfficeView

CLOSE_ACTION_LABELS = {"close": N_("마감"), "reopen": N_("마감 재개")}


@dataclass(frozen=True, slots=True)
class CloseEventView:
    """One step of the close history: a close (with the cash count) or a reopen (with its reason)."""

    sequence: int
    action: str  # close / reopen
    at: datetime
    actor_name: str
    receipts: int
    voided: int
    cash: int  # the expected cash at this step
    card: int
    total: int
    counted_cash: int | None
    cash_difference: int | None
    note: str

    @property
    def action_label(self) -> str:
        return CLOSE_ACTION_LABELS.get(self.action, self.action)


@dataclass(frozen=True, slots=True)
class VoidView:
    """A voided receipt or a correction (정정) of the day, as the printed close lists it."""

    number: str
    status: str  # voided / correction
    amount: int
    reason: str
    at: datetime | None


@dataclass(frozen=True, slots=True)
class DaySummary:
    business_day: date
    receipts: int
    voided: int
    cash: int
    card: int
    exempt_lines: int
    total: int
    refunds: int
    cash_refunds: int
    by_clerk: tuple[tuple[str, int, int], ...]  # (clerk, receipts, amount)
    by_item: tuple[tuple[str, int, int], ...]  # (item, quantity, amount)
    closed: bool
    closed_by: str
    closed_at: datetime | None
    counted_cash: int | None
    note: str
    by_method: tuple[tuple[str, int, int], ...] = ()  # (현금/카드/면제, receipts, amount)
    by_terminal: tuple[tuple[str, int, int], ...] = ()  # (counter, receipts, amount)
    voids: tuple[VoidView, ...] = ()
    corrections: int = 0
    history: tuple[CloseEventView, ...] = ()

    @property
    def cash_difference(self) -> int | None:
        """Counted minus expected cash of the close in force (None while open or not counted)."""
        return None if self.counted_cash is None or not self.closed else self.counted_cash - self.cash

    @property
    def reopens(self) -> int:
        return sum(1 for e in self.history if e.action == "reopen")


@dataclass(frozen=True, slots=True)
class PeriodRow:
    item: str
    quantity: int
    exempt: int
    amount: int


@dataclass(frozen=True, slots=True)
class DayCloseReport:
    """The printed close (수납 일계표): the day's summary with the office and who printed it."""

    office: OfficeView
    summary: DaySummary
    printed_at: datetime
    printed_by: str
