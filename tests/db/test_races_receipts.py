"""Two counters at once on receipts and the day close: one wins, the other is told why; nothing counts twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.domain.calendar import is_working_day, seoul_today
from app.services import receipts
from db.models import AuditEntry, Receipt
from db.models_dayclose import DayClose
from tests.db.races import ROUNDS, one_winner, race

pytestmark = pytest.mark.slow


def _past_working_days(count: int) -> list[str]:
    days, day = [], seoul_today() - timedelta(days=1)
    while len(days) < count:
        if is_working_day(day):
            days.append(day.isoformat())
        day -= timedelta(days=1)
    return days


def test_two_voids_of_one_receipt(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    first, second = make_actor("supervisor"), make_actor("supervisor")
    ids: list[int] = []

    def prepare(_: int) -> list[dict[str, object]]:
        line = receipts.LineInput("resident_copy", "주민등록표 등본", 1, 400)
        view = receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=[line], payment_method="현금")
        ids.append(view.id)
        return [{"receipt_id": view.id, "reason": "착오 발급"}] * 2

    for outcomes in race(app_ctx, [first, second], "tests.db.race_actions:void", prepare):
        _, refused = one_winner(outcomes)
        assert "이미 취소" in refused[1]
    with app_ctx.db.uow() as uow:
        statuses = uow.session.scalars(sa.select(Receipt.status).where(Receipt.id.in_(ids))).all()
        voids = uow.session.scalar(
            sa.select(sa.func.count()).select_from(AuditEntry).where(AuditEntry.action == "receipt.void")
        )
    assert statuses == ["voided"] * ROUNDS and voids == ROUNDS


def test_two_closes_of_one_day(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    days = _past_working_days(ROUNDS)
    actors = [make_actor("supervisor"), make_actor("supervisor")]
    for outcomes in race(app_ctx, actors, "tests.db.race_actions:close", lambda i: [{"day": days[i]}] * 2):
        _, refused = one_winner(outcomes)
        assert "이미 마감" in refused[1]
    with app_ctx.db.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(DayClose)) == ROUNDS


def test_a_receipt_issued_while_its_day_closes_is_in_the_totals_or_refused(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    days = _past_working_days(ROUNDS)
    clerk, supervisor = make_actor("clerk"), make_actor("supervisor")
    line = receipts.LineInput("resident_copy", "주민등록표 등본", 1, 400)
    from datetime import date, datetime, time

    from app.domain.calendar import SEOUL

    def prepare(i: int) -> list[dict[str, object]]:
        # One receipt already on the day, so the close has something to count either way.
        moment = datetime.combine(date.fromisoformat(days[i]), time(9, 30), tzinfo=SEOUL)
        receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=[line], payment_method="현금", now=moment)
        return [{"day": days[i], "what": "issue"}, {"day": days[i], "what": "close"}]

    results = race(app_ctx, [clerk, supervisor], "tests.db.race_actions:issue_or_close", prepare)
    for outcomes, day in zip(results, days, strict=True):
        (issued_kind, issued), (close_kind, counted) = outcomes
        assert close_kind == "ok", outcomes
        assert issued_kind in ("ok", "refused"), outcomes
        if issued_kind == "refused":
            assert "마감" in issued
        with app_ctx.db.uow() as uow:
            on_day = uow.session.scalars(
                sa.select(Receipt.number).where(Receipt.business_day == date.fromisoformat(day))
            ).all()
            approved = uow.session.scalars(
                sa.select(DayClose.receipts).where(DayClose.business_day == date.fromisoformat(day))
            ).one()
        # Every receipt of the day is inside the approved totals; a refused one was never written.
        assert approved == len(on_day) == (2 if issued_kind == "ok" else 1)


def test_a_save_replayed_from_two_counters_at_once_gets_one_answer(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    import uuid

    keys = [str(uuid.uuid4()) for _ in range(ROUNDS)]
    actors = [make_actor("clerk"), make_actor("clerk")]
    results = race(app_ctx, actors, "tests.db.race_actions:issue_with_key", lambda i: [{"key": keys[i]}] * 2)
    for outcomes in results:
        assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
        assert outcomes[0][1] == outcomes[1][1]
    with app_ctx.db.uow() as uow:
        numbers = uow.session.scalars(sa.select(Receipt.number).order_by(Receipt.number)).all()
    # One receipt per save, and no number lost to the loser's rolled-back attempt.
    assert len(numbers) == ROUNDS
    assert [int(n.split("-")[1]) for n in numbers] == list(range(1, ROUNDS + 1))
