"""An honest day close on SQLite and PostgreSQL: the cash count and its difference recorded, a close that refuses
figures nobody approved, a supervisor's reopen with a reason, receipts after the reopen landing in the day, a
second close that adds up, the printed close (수납 일계표) and its Excel export; and two counters at once
(close against close, reopen against close, reopen against reopen)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from app.domain.calendar import SEOUL, is_working_day, seoul_today
from app.services import dayclose, receipts
from app.services.errors import PermissionDenied, RuleViolation, ValidationError
from db.models import AuditEntry, Receipt
from db.models_dayclose import DayClose, DayCloseEvent
from tests.db.races import ROUNDS, one_winner, race

DAY = date(2026, 11, 24)  # a Tuesday


def _issue(ctx, clerk, method: str, fee: int, *, day: date = DAY, hour: int = 10):  # type: ignore[no-untyped-def]
    line = receipts.LineInput("resident_copy", "주민등록표 등본", 1, fee)
    moment = datetime.combine(day, time(hour, 0), tzinfo=SEOUL)
    return receipts.issue_receipt(ctx.db.uow(), clerk, lines=[line], payment_method=method, now=moment)


def _events(ctx, day: date = DAY) -> list[DayCloseEvent]:  # type: ignore[no-untyped-def]
    with ctx.db.uow() as uow:
        rows = list(
            uow.session.scalars(
                sa.select(DayCloseEvent).where(DayCloseEvent.business_day == day).order_by(DayCloseEvent.sequence)
            )
        )
        uow.session.expunge_all()
    return rows


def test_the_close_records_the_count_and_the_difference(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk, boss = make_actor("clerk"), make_actor("supervisor")
    _issue(app_ctx, clerk, "현금", 400)
    _issue(app_ctx, clerk, "현금", 600)
    _issue(app_ctx, clerk, "카드", 1000)
    closed = dayclose.close_day(app_ctx.db.uow(), boss, day=DAY, counted_cash=900, note="100원 부족: 거스름돈 착오")
    assert (closed.cash, closed.counted_cash, closed.cash_difference) == (1000, 900, -100)
    [event] = _events(app_ctx)
    assert (event.action, event.sequence, event.cash, event.counted_cash, event.cash_difference) == (
        "close",
        1,
        1000,
        900,
        -100,
    )
    assert closed.history[0].actor_name == boss.display_name
    with app_ctx.db.uow() as uow:
        detail = uow.session.scalars(
            sa.select(AuditEntry.detail).where(AuditEntry.action == "day.close").order_by(AuditEntry.id.desc())
        ).first()
    assert detail is not None and "차이 -100원" in detail


def test_a_close_on_figures_nobody_approved_is_refused(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk, boss = make_actor("clerk"), make_actor("supervisor")
    _issue(app_ctx, clerk, "현금", 400)
    seen = dayclose.day_summary(app_ctx.db.uow(), boss, day=DAY)
    _issue(app_ctx, clerk, "카드", 1000)  # another counter, after the supervisor looked
    with pytest.raises(RuleViolation, match="확인하신 뒤"):
        dayclose.close_day(
            app_ctx.db.uow(),
            boss,
            day=DAY,
            counted_cash=400,
            confirmed_receipts=seen.receipts,
            confirmed_total=seen.total,
        )
    assert not dayclose.day_summary(app_ctx.db.uow(), boss, day=DAY).closed
    again = dayclose.day_summary(app_ctx.db.uow(), boss, day=DAY)
    closed = dayclose.close_day(
        app_ctx.db.uow(),
        boss,
        day=DAY,
        counted_cash=400,
        confirmed_receipts=again.receipts,
        confirmed_total=again.total,
    )
    assert closed.closed and closed.total == 1400


def test_reopen_then_receipts_then_a_second_close_add_up(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk, boss = make_actor("clerk"), make_actor("supervisor")
    _issue(app_ctx, clerk, "현금", 400)
    dayclose.close_day(app_ctx.db.uow(), boss, day=DAY, counted_cash=400)
    with pytest.raises(RuleViolation, match="마감되어"):
        _issue(app_ctx, clerk, "현금", 400, hour=15)
    with pytest.raises(PermissionDenied):
        dayclose.reopen_day(app_ctx.db.uow(), clerk, day=DAY, reason="마감 착오")
    with pytest.raises(ValidationError, match="사유"):
        dayclose.reopen_day(app_ctx.db.uow(), boss, day=DAY, reason=" ")
    reopened = dayclose.reopen_day(app_ctx.db.uow(), boss, day=DAY, reason="03:56 착오 마감, 오후 수납 계속")
    assert not reopened.closed and reopened.reopens == 1
    with pytest.raises(RuleViolation, match="마감되어 있지 않아"):
        dayclose.reopen_day(app_ctx.db.uow(), boss, day=DAY, reason="두 번째")
    late = _issue(app_ctx, clerk, "카드", 1000, hour=15)  # lands in the reopened day
    assert late.total == 1000 and late.status == "issued"
    second = dayclose.close_day(app_ctx.db.uow(), boss, day=DAY, counted_cash=400)
    assert second.closed and (second.receipts, second.total, second.cash, second.card) == (2, 1400, 400, 1000)
    assert [(e.action, e.sequence, e.total) for e in second.history] == [
        ("close", 1, 400),
        ("reopen", 2, 400),
        ("close", 3, 1400),
    ]
    assert second.history[1].note == "03:56 착오 마감, 오후 수납 계속"
    with pytest.raises(RuleViolation, match="이미 마감"):
        dayclose.close_day(app_ctx.db.uow(), boss, day=DAY, counted_cash=400)
    with app_ctx.db.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(DayClose)) == 1
        actions = list(
            uow.session.scalars(
                sa.select(AuditEntry.action).where(AuditEntry.action.like("day.%")).order_by(AuditEntry.id)
            )
        )
        reason = uow.session.scalars(sa.select(AuditEntry.reason).where(AuditEntry.action == "day.reopen")).one()
    assert actions == ["day.close", "day.reopen", "day.close"]
    assert "착오" in reason


def test_the_printed_close_and_the_excel_export(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    clerk, boss = make_actor("clerk"), make_actor("supervisor")
    _issue(app_ctx, clerk, "현금", 400)
    _issue(app_ctx, clerk, "카드", 1000)
    voided = _issue(app_ctx, clerk, "현금", 600)
    receipts.void_receipt(app_ctx.db.uow(), boss, receipt_id=voided.id, reason="중복 수납")
    dayclose.close_day(app_ctx.db.uow(), boss, day=DAY, counted_cash=300, note="100원 부족")
    dayclose.reopen_day(app_ctx.db.uow(), boss, day=DAY, reason="착오 마감")
    _issue(app_ctx, clerk, "현금", 400, hour=16)
    dayclose.close_day(app_ctx.db.uow(), boss, day=DAY, counted_cash=800)

    pdf = dayclose.print_day_close(app_ctx.db.uow(), boss, day=DAY, path=tmp_path / "close.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    assert "수 납 일 계 표" in text and "2026-11-24 (화)" in text
    assert "서울특별시 성북구청" in text
    assert "1,800원" in text and "800원" in text and "1,000원" in text  # total, cash, card
    assert voided.number in text and "중복 수납" in text
    assert "마감 재개" in text and "착오 마감" in text and "재개 1회" in text
    assert "-100원" in text and "100원 부족" in text  # the first count's difference stays in the history
    assert boss.display_name in text
    with app_ctx.db.uow() as uow:
        last = list(uow.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(2)))
    assert last == ["print.done", "day.close.print"]

    path = dayclose.export_day_close(app_ctx.db.uow(), boss, day=DAY, path=tmp_path / "close.xlsx")
    book = load_workbook(path)
    sheet = book["수납 일계표"]
    assert "2026-11-24 (화)" in str(sheet["A1"].value)
    rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=4, values_only=True) if r[0]}
    assert rows["현금"][:2] == (2, 800) and rows["카드"][:2] == (1, 1000)
    assert rows["합계"][:2] == (3, 1800)
    assert rows["장부 현금"][1] == 800 and rows["실제 현금"][1] == 800 and rows["차이 (실제 - 장부)"][1] == 0
    assert rows["취소 영수증"][0] == 1
    assert sheet["C5"].number_format.startswith("#,##0")
    assert sheet.column_dimensions["A"].width >= 30
    history = [r for r in book["마감 이력"].iter_rows(min_row=2, values_only=True)]
    assert [(r[0], r[1], r[5], r[7], r[8]) for r in history] == [
        (1, "마감", 1400, 300, -100),
        (2, "마감 재개", 1400, None, None),
        (3, "마감", 1800, 800, 0),
    ]
    with app_ctx.db.uow() as uow:
        assert uow.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id.desc())).first() == (
            "day.close.export"
        )


# --- two counters at once -------------------------------------------------------------------------


def _past_working_days(count: int) -> list[str]:
    days, day = [], seoul_today() - timedelta(days=1)
    while len(days) < count:
        if is_working_day(day):
            days.append(day.isoformat())
        day -= timedelta(days=1)
    return days


def close_or_reopen(database: Any, actor: Any, *, day: str, what: str, counted: int | None = None) -> str:
    """Run in a spawned process by the race: close the day (with the cash counted), or reopen it."""
    when = date.fromisoformat(day)
    if what == "close":
        dayclose.close_day(database.uow(), actor, day=when, counted_cash=counted)
    else:
        dayclose.reopen_day(database.uow(), actor, day=when, reason="동시 재개 시험")
    return what


def test_two_closes_at_once_one_wins_with_one_history_entry(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    rounds = ROUNDS // 2
    days = _past_working_days(rounds)
    actors = [make_actor("supervisor"), make_actor("supervisor")]
    action = "tests.db.test_dayclose_reopen:close_or_reopen"
    for outcomes in race(app_ctx, actors, action, lambda i: [{"day": days[i], "what": "close"}] * 2, rounds=rounds):
        _, refused = one_winner(outcomes)
        assert "이미 마감" in refused[1]
    with app_ctx.db.uow() as uow:
        events = uow.session.execute(sa.select(DayCloseEvent.business_day, DayCloseEvent.sequence)).all()
    assert sorted(events) == sorted((date.fromisoformat(d), 1) for d in days)


def test_a_reopen_against_a_close_and_a_reopen_against_a_reopen(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    rounds = ROUNDS // 2
    days = _past_working_days(rounds)
    clerk, first, second = make_actor("clerk"), make_actor("supervisor"), make_actor("supervisor")
    action = "tests.db.test_dayclose_reopen:close_or_reopen"

    def closed_day(i: int) -> date:
        day = date.fromisoformat(days[i])
        _issue(app_ctx, clerk, "현금", 400, day=day, hour=9)
        dayclose.close_day(app_ctx.db.uow(), first, day=day, counted_cash=400)
        return day

    # Reopen against close on a closed day: the close is refused when it comes first (the day is still
    # closed); when the reopen comes first, the close closes the reopened day. Either way the history adds up.
    def prepare_mixed(i: int) -> list[dict[str, object]]:
        closed_day(i)
        return [{"day": days[i], "what": "reopen"}, {"day": days[i], "what": "close", "counted": 400}]

    for i, outcomes in enumerate(race(app_ctx, [first, second], action, prepare_mixed, rounds=rounds)):
        (reopen_kind, _), (close_kind, close_value) = outcomes
        assert reopen_kind == "ok", outcomes
        assert close_kind in ("ok", "refused"), outcomes
        day = date.fromisoformat(days[i])
        history = [(e.sequence, e.action) for e in _events(app_ctx, day)]
        summary = dayclose.day_summary(app_ctx.db.uow(), first, day=day)
        if close_kind == "ok":
            assert history == [(1, "close"), (2, "reopen"), (3, "close")] and summary.closed
        else:
            assert "이미 마감" in close_value
            assert history == [(1, "close"), (2, "reopen")] and not summary.closed
        assert summary.receipts == 1 and summary.total == 400

    # Two reopens of one closed day: one wins, the other is told the day is not closed.
    later = _past_working_days(2 * rounds)[rounds:]

    def prepare_reopens(i: int) -> list[dict[str, object]]:
        day = date.fromisoformat(later[i])
        _issue(app_ctx, clerk, "현금", 400, day=day, hour=9)
        dayclose.close_day(app_ctx.db.uow(), first, day=day, counted_cash=400)
        return [{"day": later[i], "what": "reopen"}] * 2

    for i, outcomes in enumerate(race(app_ctx, [first, second], action, prepare_reopens, rounds=rounds)):
        _, refused = one_winner(outcomes)
        assert "마감되어 있지 않아" in refused[1]
        assert [(e.sequence, e.action) for e in _events(app_ctx, date.fromisoformat(later[i]))] == [
            (1, "close"),
            (2, "reopen"),
        ]
    with app_ctx.db.uow() as uow:
        reopened = uow.session.scalars(sa.select(Receipt.business_day)).all()
    assert len(reopened) == 2 * rounds
