"""Day close: totals by payment method, voids left out, one close a day, no receipts after it."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.domain.calendar import SEOUL
from app.services import dayclose, receipts
from app.services.errors import PermissionDenied, RuleViolation, ValidationError

DAY = datetime(2026, 11, 24, 10, 0, tzinfo=SEOUL)


def _issue(ctx, clerk, method: str, fee: int, *, exempt: str = ""):  # type: ignore[no-untyped-def]
    line = receipts.LineInput("resident_copy", "주민등록표 등본", 1, fee, exemption=exempt)
    return receipts.issue_receipt(ctx.db.uow(), clerk, lines=[line], payment_method=method, now=DAY)


def test_day_totals_and_close(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk, boss = make_actor("clerk"), make_actor("supervisor")
    _issue(app_ctx, clerk, "현금", 400)
    _issue(app_ctx, clerk, "카드", 1000)
    _issue(app_ctx, clerk, "현금", 400, exempt="기초생활수급자")
    voided = _issue(app_ctx, clerk, "현금", 600)
    receipts.void_receipt(app_ctx.db.uow(), boss, receipt_id=voided.id, reason="중복 수납")
    summary = dayclose.day_summary(app_ctx.db.uow(), boss, day=DAY.date())
    assert (summary.receipts, summary.voided, summary.cash, summary.card, summary.total) == (3, 1, 400, 1000, 1400)
    assert summary.exempt_lines == 1
    assert summary.by_item == (("주민등록표 등본", 3, 1400),)

    with pytest.raises(PermissionDenied):
        dayclose.close_day(app_ctx.db.uow(), clerk, day=DAY.date())
    with pytest.raises(ValidationError, match="사유"):
        dayclose.close_day(app_ctx.db.uow(), boss, day=DAY.date(), counted_cash=300)
    closed = dayclose.close_day(
        app_ctx.db.uow(), boss, day=DAY.date(), counted_cash=300, note="100원 부족: 거스름돈 착오"
    )
    assert closed.closed and closed.counted_cash == 300
    with pytest.raises(RuleViolation, match="이미 마감"):
        dayclose.close_day(app_ctx.db.uow(), boss, day=DAY.date())
    with pytest.raises(RuleViolation, match="마감되어"):
        _issue(app_ctx, clerk, "현금", 400)


def test_period_items(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk, boss = make_actor("clerk"), make_actor("supervisor")
    _issue(app_ctx, clerk, "현금", 400)
    _issue(app_ctx, clerk, "현금", 400, exempt="한부모가족")
    rows = dayclose.period_items(app_ctx.db.uow(), boss, start=DAY.date(), end=DAY.date())
    assert [(r.item, r.quantity, r.exempt, r.amount) for r in rows] == [("주민등록표 등본", 2, 1, 400)]
    with pytest.raises(ValidationError):
        dayclose.period_items(app_ctx.db.uow(), boss, start=DAY.date(), end=DAY.date().replace(day=1))
