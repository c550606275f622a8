"""Day close and takings statistics (통계·마감): totals by payment method, voids, the supervisor's close with a blind
cash count, a reopen with a reason, and the printed close (수납 일계표) with its Excel export."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import case, func, select

from app.documents.dayclose import render_day_close, write_day_close_xlsx
from app.domain.calendar import is_working_day, seoul_today
from app.services import audit
from app.services.actor import Actor
from app.services.errors import NotFound, RuleViolation, ValidationError
from app.services.exports import write_csv
from app.services.inputs import clean_text
from app.services.printing import PrintJob, print_document
from app.services.receipts import RECEIPT_SERIES
from app.services.roles import authorize
from app.views.dayclose import CloseEventView, DayCloseReport, DaySummary, PeriodRow, VoidView
from app.views.office import OfficeView
from db.models import Office, Payment, Receipt, ReceiptLine, StaffUser, Terminal, utcnow
from db.models_dayclose import DayClose, DayCloseEvent
from db.models_passport import PassportRefund
from db.numbers import lock_series
from db.uow import UnitOfWork

# A till holds far less; a typo of three extra zeros is caught.
MAX_CASH = 1_000_000_000


def _history(uow: UnitOfWork, actor: Actor, day: date, names: dict[int, str]) -> tuple[CloseEventView, ...]:
    events = uow.session.scalars(
        select(DayCloseEvent)
        .where(DayCloseEvent.office_id == actor.office_id, DayCloseEvent.business_day == day)
        .order_by(DayCloseEvent.sequence)
    ).all()
    return tuple(
        CloseEventView(
            sequence=e.sequence,
            action=e.action,
            at=e.at,
            actor_name=names.get(e.actor_id, str(e.actor_id)),
            receipts=e.receipts,
            voided=e.voided,
            cash=e.cash,
            card=e.card,
            total=e.total,
            counted_cash=e.counted_cash,
            cash_difference=e.cash_difference,
            note=e.note,
        )
        for e in events
    )


def _method_of() -> Any:
    """The receipt's payment method (its first payment; 면제 without one), as a correlated subquery."""
    first = (
        select(Payment.method)
        .where(Payment.receipt_id == Receipt.id)
        .order_by(Payment.id)
        .limit(1)
        .correlate(Receipt)
        .scalar_subquery()
    )
    return func.coalesce(first, "면제")


def _summary(uow: UnitOfWork, actor: Actor, day: date) -> DaySummary:
    # Totals by SQL (issue 17): the day's receipts grouped by status, method, clerk and counter, and the lines
    # by item, instead of every receipt, line and payment of a peak day loaded into Python and added up here.
    of_day = (Receipt.office_id == actor.office_id, Receipt.business_day == day)
    method = _method_of().label("method")
    groups = uow.session.execute(
        select(Receipt.status, method, Receipt.clerk_id, Receipt.terminal_id, func.count(), func.sum(Receipt.total))
        .where(*of_day)
        .group_by(Receipt.status, method, Receipt.clerk_id, Receipt.terminal_id)
    ).all()
    lines = uow.session.execute(
        select(
            ReceiptLine.description,
            func.sum(ReceiptLine.quantity),
            func.sum(ReceiptLine.amount),
            func.sum(case((ReceiptLine.exemption != "", 1), else_=0)),
        )
        .join(Receipt, Receipt.id == ReceiptLine.receipt_id)
        .where(*of_day, Receipt.status != "voided")
        .group_by(ReceiptLine.description)
        .order_by(func.min(ReceiptLine.id))  # the order the items first appear in (ties keep it)
    ).all()
    void_rows = uow.session.execute(
        select(Receipt.number, Receipt.status, Receipt.total, Receipt.void_reason, Receipt.voided_at, Receipt.issued_at)
        .where(*of_day, Receipt.status.in_(("voided", "correction")))
        .order_by(Receipt.id)
    ).all()
    names = {u.id: u.display_name for u in uow.session.scalars(select(StaffUser)).all()}
    terminals = {
        t.id: t.name for t in uow.session.scalars(select(Terminal).where(Terminal.office_id == actor.office_id)).all()
    }
    cash = card = exempt = total = voided = corrections = receipt_count = 0
    clerks: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    items: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    methods: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    counters: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    voids = [VoidView(n, st, t, reason, voided_at or issued_at) for n, st, t, reason, voided_at, issued_at in void_rows]
    for status, paid_by, clerk_id, terminal_id, count, amount in groups:
        amount = int(amount or 0)
        if status == "voided":
            voided += count
            continue
        receipt_count += count
        if status == "correction":
            corrections += count
        if paid_by == "현금":
            cash += amount
        elif paid_by == "카드":
            card += amount
        total += amount
        methods[paid_by][0] += count
        methods[paid_by][1] += amount
        counter = terminals.get(terminal_id, "-") if terminal_id else "-"
        counters[counter][0] += count
        counters[counter][1] += amount
        clerk = names.get(clerk_id, str(clerk_id))
        clerks[clerk][0] += count
        clerks[clerk][1] += amount
    for description, quantity, amount, exempt_lines in lines:
        exempt += int(exempt_lines or 0)
        items[description][0] += int(quantity or 0)
        items[description][1] += int(amount or 0)
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
        for refund in refunds:
            methods[f"{refund.method} 환급"][0] += 1
            methods[f"{refund.method} 환급"][1] -= refund.amount
    close = uow.session.scalars(
        select(DayClose).where(DayClose.office_id == actor.office_id, DayClose.business_day == day)
    ).first()
    order = {"현금": 0, "카드": 1, "면제": 2}
    return DaySummary(
        business_day=day,
        receipts=receipt_count,
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
        by_method=tuple(
            sorted(((k, v[0], v[1]) for k, v in methods.items()), key=lambda t: (order.get(t[0], 9), t[0]))
        ),
        by_terminal=tuple(sorted((k, v[0], v[1]) for k, v in counters.items())),
        voids=tuple(voids),
        corrections=corrections,
        history=_history(uow, actor, day, names),
    )


def day_summary(uow: UnitOfWork, actor: Actor, *, day: date) -> DaySummary:
    authorize(actor, "stats.view")
    with uow:
        return _summary(uow, actor, day)


def _next_sequence(uow: UnitOfWork, actor: Actor, day: date) -> int:
    last = uow.session.scalar(
        select(func.max(DayCloseEvent.sequence)).where(
            DayCloseEvent.office_id == actor.office_id, DayCloseEvent.business_day == day
        )
    )
    return int(last or 0) + 1


def _check_day(day: date, what: str) -> None:
    if day > seoul_today():
        raise ValidationError("아직 오지 않은 날({day})은 {action}할 수 없습니다.", day=day.isoformat(), action=what)
    if day < date(2000, 1, 1):
        raise ValidationError("{action}할 날짜를 확인하세요: {day}", action=what, day=day.isoformat())


def close_day(
    uow: UnitOfWork,
    actor: Actor,
    *,
    day: date,
    counted_cash: int | None = None,
    note: str = "",
    confirmed_receipts: int | None = None,
    confirmed_total: int | None = None,
) -> DaySummary:
    """The supervisor approves the day's takings; a cash difference needs a note. A day closes once (again
    only after a reopen).

    ``confirmed_receipts`` and ``confirmed_total`` are the figures the supervisor saw in the confirmation:
    when the day changed since (a receipt from another counter), the close is refused instead of closing
    on figures nobody approved."""
    authorize(actor, "day.close")
    note = clean_text(note, "비고", max_len=500)
    if counted_cash is not None and not 0 <= counted_cash <= MAX_CASH:
        raise ValidationError("실제 현금은 0원 이상 {most:,}원 이하로 입력하세요.", most=MAX_CASH)
    _check_day(day, "마감")
    with uow:
        # Serialised with every receipt of the day and with a reopen: they take the same counter row (see
        # write_receipt).
        lock_series(uow.session, office_id=actor.office_id, series=RECEIPT_SERIES, period=f"{day:%Y%m%d}")
        summary = _summary(uow, actor, day)
        if summary.closed:
            raise RuleViolation("{day} 업무는 다른 창구에서 이미 마감되었습니다.", day=day.isoformat())
        if not is_working_day(day) and summary.receipts == 0 and summary.voided == 0:
            raise ValidationError(
                "{day:은/는} 근무일이 아니고 수납도 없어 마감할 내용이 없습니다.", day=day.isoformat()
            )
        if (confirmed_receipts is not None and confirmed_receipts != summary.receipts) or (
            confirmed_total is not None and confirmed_total != summary.total
        ):
            raise RuleViolation(
                "확인하신 뒤 {day} 수납이 바뀌었습니다 (지금 {receipts}건, {total:,}원). 다시 확인하고 승인하세요.",
                day=day.isoformat(),
                receipts=summary.receipts,
                total=summary.total,
            )
        if counted_cash is not None and counted_cash != summary.cash and len(note.strip()) < 2:
            raise ValidationError(
                "현금 시재가 장부({cash:,}원)와 {difference:+,}원 다릅니다. 사유를 적으세요.",
                cash=summary.cash,
                difference=counted_cash - summary.cash,
            )
        difference = None if counted_cash is None else counted_cash - summary.cash
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
        sequence = _record_event(
            uow, actor, day, "close", summary, counted_cash=counted_cash, difference=difference, note=note.strip()
        )
        counted = "" if counted_cash is None else f" · 실제 현금 {counted_cash:,}원 (차이 {difference:+,}원)"
        audit.record(
            uow,
            actor,
            "day.close",
            record_type="day",
            record_id=day.isoformat(),
            detail=f"{sequence}번째 기록 · {summary.receipts}건 {summary.total:,}원{counted}",
            reason=note.strip(),
        )
        uow.flush()
        result = _summary(uow, actor, day)
        uow.commit()
    return result


def _record_event(
    uow: UnitOfWork,
    actor: Actor,
    day: date,
    action: str,
    summary: DaySummary,
    *,
    counted_cash: int | None,
    difference: int | None,
    note: str,
) -> int:
    """One row of the day's close history (a close or a reopen, with the figures at that moment); its number."""
    sequence = _next_sequence(uow, actor, day)
    uow.session.add(
        DayCloseEvent(
            office_id=actor.office_id,
            business_day=day,
            sequence=sequence,
            action=action,
            at=utcnow(),
            actor_id=actor.user_id,
            receipts=summary.receipts,
            voided=summary.voided,
            cash=summary.cash,
            card=summary.card,
            total=summary.total,
            counted_cash=counted_cash,
            cash_difference=difference,
            note=note,
        )
    )
    return sequence


def reopen_day(uow: UnitOfWork, actor: Actor, *, day: date, reason: str) -> DaySummary:
    """A supervisor reopens a closed day (마감 재개) with a reason: receipts may be taken for it again until it is
    closed once more. The reopen is kept in the close history and the access log."""
    authorize(actor, "day.close")
    why = clean_text(reason, "재개 사유", max_len=500)
    if len(why) < 2:
        raise ValidationError("마감을 다시 여는 사유를 적으세요.")
    _check_day(day, "마감 재개")
    with uow:
        # The same counter row as a close and every receipt of the day: a close and a reopen at once run
        # one after the other, and each sees what the other did.
        lock_series(uow.session, office_id=actor.office_id, series=RECEIPT_SERIES, period=f"{day:%Y%m%d}")
        close = uow.session.scalars(
            select(DayClose)
            .where(DayClose.office_id == actor.office_id, DayClose.business_day == day)
            .with_for_update()
        ).first()
        if close is None:
            raise RuleViolation("{day} 업무는 마감되어 있지 않아 다시 열 것이 없습니다.", day=day.isoformat())
        summary = _summary(uow, actor, day)
        sequence = _record_event(uow, actor, day, "reopen", summary, counted_cash=None, difference=None, note=why)
        uow.session.delete(close)
        audit.record(
            uow,
            actor,
            "day.reopen",
            record_type="day",
            record_id=day.isoformat(),
            detail=f"{sequence}번째 기록 · 마감 당시 {summary.receipts}건 {summary.total:,}원",
            reason=why,
        )
        uow.flush()
        result = _summary(uow, actor, day)
        uow.commit()
    return result


def day_close_report(uow: UnitOfWork, actor: Actor, *, day: date) -> DayCloseReport:
    """The day's summary with the office, for the printed close and its export."""
    authorize(actor, "stats.view")
    with uow:
        office = uow.session.get(Office, actor.office_id)
        if office is None:
            raise NotFound("기관 정보를 찾을 수 없습니다.")
        printer = uow.session.scalar(select(StaffUser.display_name).where(StaffUser.id == actor.user_id)) or ""
        return DayCloseReport(
            office=OfficeView(office.id, office.code, office.name, office.department, office.address, office.phone),
            summary=_summary(uow, actor, day),
            printed_at=utcnow(),
            printed_by=printer,
        )


def print_day_close(uow: UnitOfWork, actor: Actor, *, day: date, path: Path) -> Path:
    """Print the day close (수납 일계표, A4) through the one print path."""
    report = day_close_report(uow, actor, day=day)
    state = "마감" if report.summary.closed else "마감 전"
    return print_document(
        uow,
        actor,
        job=PrintJob("day.close.print", "day", day.isoformat(), f"수납 일계표 ({state})"),
        path=path,
        render=lambda target: render_day_close(report, target),
    )


def export_day_close(uow: UnitOfWork, actor: Actor, *, day: date, path: Path) -> Path:
    """Write the day close to an Excel workbook (.xlsx); the export is logged."""
    report = day_close_report(uow, actor, day=day)
    write_day_close_xlsx(report, path)
    with uow:
        audit.record(uow, actor, "day.close.export", record_type="day", record_id=day.isoformat(), detail=path.name)
        uow.commit()
    return path


def period_items(uow: UnitOfWork, actor: Actor, *, start: date, end: date) -> list[PeriodRow]:
    """Quantities and takings by item over a period (voided receipts left out)."""
    authorize(actor, "stats.view")
    if end < start:
        raise ValidationError("조회 기간의 끝이 시작보다 앞섭니다.")
    with uow:
        # By SQL (issue 17): a year is 110,000 receipts; the sums come back as one row per item.
        rows = uow.session.execute(
            select(
                ReceiptLine.description,
                func.sum(ReceiptLine.quantity),
                func.sum(case((ReceiptLine.exemption != "", ReceiptLine.quantity), else_=0)),
                func.sum(ReceiptLine.amount),
            )
            .join(Receipt, Receipt.id == ReceiptLine.receipt_id)
            .where(
                Receipt.office_id == actor.office_id,
                Receipt.business_day >= start,
                Receipt.business_day <= end,
                Receipt.status != "voided",
            )
            .group_by(ReceiptLine.description)
            .order_by(func.min(ReceiptLine.id))
        ).all()
        found = [PeriodRow(item, int(q or 0), int(x or 0), int(a or 0)) for item, q, x, a in rows]
        return sorted(found, key=lambda r: -r.amount)


def export_period_items(uow: UnitOfWork, actor: Actor, *, start: date, end: date, path: Path) -> int:
    """Write the takings by item over a period to a CSV (Excel-readable); the export is logged."""
    rows = period_items(uow, actor, start=start, end=end)
    count = write_csv(path, ["항목", "수량", "면제", "금액"], ((r.item, r.quantity, r.exempt, r.amount) for r in rows))
    with uow:
        audit.record(uow, actor, "stats.export", record_type="receipt", detail=f"{start}~{end} {path.name} {count}건")
        uow.commit()
    return count
