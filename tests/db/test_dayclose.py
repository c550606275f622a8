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


def test_a_cash_refund_leaves_the_till(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from app.services import passports as ps
    from tests.db.test_passports import _emergency

    clerk, boss = make_actor("clerk"), make_actor("supervisor")
    now = datetime(2026, 11, 25, 10, 0, tzinfo=SEOUL)
    app = ps.take_application(
        app_ctx.db.uow(), clerk, form=_emergency(reduced_fee=ps.REDUCED_LATER, reduced_reason="부친 위독"), now=now
    )
    later = now + timedelta(days=1)
    ps.apply_reduced_fee_with_proof(
        app_ctx.db.uow(), clerk, application_id=app.id, proof="진단서(위독)", refund_method="현금", now=later
    )
    intake_day = dayclose.day_summary(app_ctx.db.uow(), boss, day=now.date())
    refund_day = dayclose.day_summary(app_ctx.db.uow(), boss, day=later.date())
    assert (intake_day.cash + intake_day.card, intake_day.total, intake_day.refunds) == (50000, 50000, 0)
    assert (refund_day.cash, refund_day.total, refund_day.refunds, refund_day.cash_refunds) == (
        -33000,
        -33000,
        33000,
        33000,
    )
    assert ("환급 (여권 수수료 차액)", 1, -33000) in refund_day.by_item
