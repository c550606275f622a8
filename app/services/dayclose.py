"""Day close and takings statistics (통계·마감): totals by payment method, voids, and the supervisor's close."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.domain.calendar import is_working_day, seoul_today
from app.services import audit
from app.services.actor import Actor
from app.services.errors import RuleViolation, ValidationError
from app.services.exports import write_csv
from app.services.inputs import clean_text
from app.services.receipts import RECEIPT_SERIES
from app.services.roles import authorize
from db.models import Receipt, StaffUser
from db.models_dayclose import DayClose
from db.models_passport import PassportRefund
from db.numbers import lock_series
from db.uow import UnitOfWork

# A till holds far less; a typo of three extra zeros is caught.
MAX_CASH = 1_000_000_000


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


@dataclass(frozen=True, slots=True)
class PeriodRow:
    item: str
    quantity: int
    exempt: int
    amount: int


def _summary(uow: UnitOfWork, actor: Actor, day: date) -> DaySummary:
    receipts = uow.session.scalars(
        select(Receipt)
        .options(selectinload(Receipt.lines), selectinload(Receipt.payments))
        .where(Receipt.office_id == actor.office_id, Receipt.business_day == day)
    ).all()
    names = {u.id: u.display_name for u in uow.session.scalars(select(StaffUser)).all()}
    cash = card = exempt = total = voided = 0
    clerks: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    items: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in receipts:
        if r.status == "voided":
            voided += 1
            continue
        method = r.payments[0].method if r.payments else "면제"
        if method == "현금":
            cash += r.total
        elif method == "카드":
            card += r.total
        total += r.total
        clerk = names.get(r.clerk_id, str(r.clerk_id))
        clerks[clerk][0] += 1
        clerks[clerk][1] += r.total
        for line in r.lines:
            if line.exemption:
                exempt += 1
            items[line.description][0] += line.quantity
            items[line.description][1] += line.amount
    # Money paid back that day (e.g. a reduced emergency-passport fee proved later) leaves the till too.
    refunds = uow.session.scalars(
        select(PassportRefund).where(PassportRefund.office_id == actor.office_id, PassportRefund.business_day == day)
    ).all()
    refunded = sum(r.amount for r in refunds)
    cash_refunded = sum(r.amount for r in refunds if r.method == "현금")
    cash -= cash_refunded
    total -= refunded
    if refunds:
        items["환급 (여권 수수료 차액)"][0] += len(refunds)
        items["환급 (여권 수수료 차액)"][1] -= refunded
    close = uow.session.scalars(
        select(DayClose).where(DayClose.office_id == actor.office_id, DayClose.business_day == day)
    ).first()
    return DaySummary(
        business_day=day,
        receipts=len(receipts) - voided,
        voided=voided,
        cash=cash,
        card=card,
        exempt_lines=exempt,
        total=total,
        refunds=refunded,
        cash_refunds=cash_refunded,
        by_clerk=tuple(sorted((k, v[0], v[1]) for k, v in clerks.items())),
        by_item=tuple(sorted(((k, v[0], v[1]) for k, v in items.items()), key=lambda t: -t[2])),
        closed=close is not None,
        closed_by=names.get(close.closed_by, "") if close else "",
        closed_at=close.closed_at if close else None,
        counted_cash=close.counted_cash if close else None,
        note=close.note if close else "",
    )


def day_summary(uow: UnitOfWork, actor: Actor, *, day: date) -> DaySummary:
    authorize(actor, "stats.view")
    with uow:
        return _summary(uow, actor, day)


def close_day(
    uow: UnitOfWork, actor: Actor, *, day: date, counted_cash: int | None = None, note: str = ""
) -> DaySummary:
    """The supervisor approves the day's takings; a cash difference needs a note. A day closes once."""
    authorize(actor, "day.close")
    note = clean_text(note, "비고", max_len=500)
    if counted_cash is not None and not 0 <= counted_cash <= MAX_CASH:
        raise ValidationError(f"실제 현금은 0원 이상 {MAX_CASH:,}원 이하로 입력하세요.")
    if day > seoul_today():
        raise ValidationError(f"아직 오지 않은 날({day.isoformat()})은 마감할 수 없습니다.")
    if day < date(2000, 1, 1):
        raise ValidationError(f"마감할 날짜를 확인하세요: {day.isoformat()}")
    with uow:
        # Serialised with every receipt of the day: they take the same counter row (see write_receipt).
        lock_series(uow.session, office_id=actor.office_id, series=RECEIPT_SERIES, period=f"{day:%Y%m%d}")
        summary = _summary(uow, actor, day)
        if summary.closed:
            raise RuleViolation(f"{day.isoformat()} 업무는 다른 창구에서 이미 마감되었습니다.")
        if not is_working_day(day) and summary.receipts == 0 and summary.voided == 0:
            raise ValidationError(f"{day.isoformat()}은(는) 근무일이 아니고 수납도 없어 마감할 내용이 없습니다.")
        if counted_cash is not None and counted_cash != summary.cash and len(note.strip()) < 2:
            raise ValidationError(
                f"현금 시재가 장부({summary.cash:,}원)와 {counted_cash - summary.cash:+,}원 다릅니다. 사유를 적으세요."
            )
        uow.session.add(
            DayClose(
                office_id=actor.office_id,
                business_day=day,
                closed_by=actor.user_id,
                receipts=summary.receipts,
                voided=summary.voided,
                cash=summary.cash,
                card=summary.card,
                exempt_lines=summary.exempt_lines,
                total=summary.total,
                counted_cash=counted_cash,
                note=note.strip(),
            )
        )
        audit.record(
            uow,
            actor,
            "day.close",
            record_type="day",
            record_id=day.isoformat(),
            detail=f"{summary.receipts}건 {summary.total:,}원",
            reason=note.strip(),
        )
        uow.flush()
        result = _summary(uow, actor, day)
        uow.commit()
    return result


def period_items(uow: UnitOfWork, actor: Actor, *, start: date, end: date) -> list[PeriodRow]:
    """Quantities and takings by item over a period (voided receipts left out)."""
    authorize(actor, "stats.view")
    if end < start:
        raise ValidationError("조회 기간의 끝이 시작보다 앞섭니다.")
    with uow:
        receipts = uow.session.scalars(
            select(Receipt)
            .options(selectinload(Receipt.lines))
            .where(
                Receipt.office_id == actor.office_id,
                Receipt.business_day >= start,
                Receipt.business_day <= end,
                Receipt.status != "voided",
            )
        ).all()
        rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for r in receipts:
            for line in r.lines:
                rows[line.description][0] += line.quantity
                rows[line.description][1] += line.quantity if line.exemption else 0
                rows[line.description][2] += line.amount
        return [PeriodRow(k, v[0], v[1], v[2]) for k, v in sorted(rows.items(), key=lambda kv: -kv[1][2])]


def export_period_items(uow: UnitOfWork, actor: Actor, *, start: date, end: date, path: Path) -> int:
    """Write the takings by item over a period to a CSV (Excel-readable); the export is logged."""
    rows = period_items(uow, actor, start=start, end=end)
    count = write_csv(path, ["항목", "수량", "면제", "금액"], ((r.item, r.quantity, r.exempt, r.amount) for r in rows))
    with uow:
        audit.record(uow, actor, "stats.export", record_type="receipt", detail=f"{start}~{end} {path.name} {count}건")
        uow.commit()
    return count
