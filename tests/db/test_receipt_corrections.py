"""A void of a closed day's receipt is a correction on today's open day; the closed day never changes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from app.domain.calendar import SEOUL, is_working_day, seoul_today
from app.services import dayclose, receipts
from app.services.errors import RuleViolation, ValidationError


def _last_working_day() -> date:
    day = seoul_today() - timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def test_void_after_close_is_a_correction_today(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk, supervisor = make_actor("clerk"), make_actor("supervisor")
    day = _last_working_day()
    moment = datetime.combine(day, time(10, 0), tzinfo=SEOUL)
    line = receipts.LineInput("resident_copy", "주민등록표 등본", 3, 400)
    original = receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=[line], payment_method="현금", now=moment)
    closed = dayclose.close_day(app_ctx.db.uow(), supervisor, day=day, counted_cash=1200)
    assert closed.total == 1200

    correction = receipts.void_receipt(app_ctx.db.uow(), supervisor, receipt_id=original.id, reason="이중 수납")
    assert correction.status == "correction" and correction.business_day == seoul_today()
    assert correction.total == -1200 and correction.lines[0].quantity == -3

    again = dayclose.day_summary(app_ctx.db.uow(), supervisor, day=day)
    assert (again.total, again.cash, again.receipts, again.voided) == (1200, 1200, 1, 0)
    today = dayclose.day_summary(app_ctx.db.uow(), supervisor, day=seoul_today())
    assert today.total == -1200 and today.cash == -1200
    with pytest.raises(RuleViolation, match="이미 정정"):
        receipts.void_receipt(app_ctx.db.uow(), supervisor, receipt_id=original.id, reason="이중 수납")
    with pytest.raises(RuleViolation, match="정정 영수증"):
        receipts.void_receipt(app_ctx.db.uow(), supervisor, receipt_id=correction.id, reason="되돌리기")


def test_receipts_of_a_closed_day_are_refused_and_a_future_day_cannot_close(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk, supervisor = make_actor("clerk"), make_actor("supervisor")
    day = _last_working_day()
    dayclose.close_day(app_ctx.db.uow(), supervisor, day=day)
    line = receipts.LineInput("resident_copy", "주민등록표 등본", 1, 400)
    moment = datetime.combine(day, time(15, 0), tzinfo=SEOUL)
    with pytest.raises(RuleViolation, match="마감"):
        receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=[line], payment_method="현금", now=moment)
    with pytest.raises(ValidationError, match="오지 않은"):
        dayclose.close_day(app_ctx.db.uow(), supervisor, day=seoul_today() + timedelta(days=1))
    with pytest.raises(ValidationError, match="이하"):
        dayclose.close_day(app_ctx.db.uow(), supervisor, day=seoul_today(), counted_cash=10**12)
