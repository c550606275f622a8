"""Two counters at once on one passport application: one wins, the other is told what just happened; nothing is
paid back, handed over, sent or logged twice, and a refund is either inside its closed day or refused."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from app.domain.calendar import SEOUL, is_working_day, seoul_today
from app.services import dayclose
from app.services import passports as ps
from app.services.errors import RuleViolation
from db.models import Applicant, AuditEntry, Receipt
from db.models_actions import ActionKey
from db.models_dayclose import DayClose
from db.models_outbox import OutboxMessage
from db.models_passport import PassportApplication, PassportLossReport, PassportRefund
from tests.db.races import ROUNDS, one_winner, race
from tests.db.test_family_filings import rrn
from tests.db.test_passports import NOW, _advance_to_arrived, _emergency, _form

pytestmark = pytest.mark.slow
ACTIONS = "tests.db.race_actions_passports"


def _count(ctx, model, *where) -> int:  # type: ignore[no-untyped-def]
    with ctx.db.uow() as uow:
        return int(uow.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0)


def _audits(ctx, action: str) -> int:  # type: ignore[no-untyped-def]
    return _count(ctx, AuditEntry, AuditEntry.action == action)


def _person(i: int) -> dict[str, str]:
    return {"name": f"홍길{chr(0xAC00 + i)}", "resident_number": rrn(f"7001{i + 1:02d}-1")}


def _keys(**kwargs: object) -> list[dict[str, object]]:
    """The same request from two counters, each with its own client id."""
    return [{**kwargs, "key": str(uuid.uuid4())} for _ in range(2)]


def test_two_refunds_of_one_reduced_fee_at_once_pay_once(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    refund_at = NOW + timedelta(days=1)
    ids: list[int] = []

    def prepare(i: int) -> list[dict[str, object]]:
        view = ps.take_application(app_ctx.db.uow(), clerk, form=_emergency(**_person(i)), now=NOW)
        ids.append(view.id)
        return _keys(application_id=view.id, now=refund_at)

    amounts = []
    for outcomes in race(app_ctx, [make_actor("clerk"), make_actor("clerk")], f"{ACTIONS}:refund", prepare):
        ok, refused = one_winner(outcomes)
        assert "다른 창구에서 방금" in refused[1] and "환급" in refused[1], refused
        amounts.append(ok[1][1])
    assert amounts == [33000] * ROUNDS
    with app_ctx.db.uow() as uow:
        paid = uow.session.execute(sa.select(PassportRefund.application_id, PassportRefund.amount)).all()
        totals = uow.session.scalars(sa.select(PassportApplication.total).where(PassportApplication.id.in_(ids))).all()
    assert sorted(a for a, _ in paid) == sorted(ids) and {amount for _, amount in paid} == {33000}
    assert totals == [17000] * ROUNDS
    assert _audits(app_ctx, "passport.refund") == ROUNDS
    # The day's takings count every refund once: receipts minus refunds.
    summary = dayclose.day_summary(app_ctx.db.uow(), make_actor("supervisor"), day=refund_at.date())
    assert summary.refunds == summary.cash_refunds == 33000 * ROUNDS


def test_two_deliveries_of_one_passport_at_once_hand_it_over_once(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    later = NOW + timedelta(hours=2)
    ids: list[int] = []

    def prepare(i: int) -> list[dict[str, object]]:
        view = ps.take_application(app_ctx.db.uow(), clerk, form=_form(**_person(i)), now=NOW)
        _advance_to_arrived(app_ctx, clerk, view.id, NOW)
        ids.append(view.id)
        return _keys(application_id=view.id, now=later)

    for outcomes in race(app_ctx, [make_actor("clerk"), make_actor("clerk")], f"{ACTIONS}:deliver", prepare):
        _, refused = one_winner(outcomes)
        assert "다른 창구에서 방금" in refused[1] and "교부했습니다" in refused[1], refused
    with app_ctx.db.uow() as uow:
        rows = uow.session.execute(
            sa.select(PassportApplication.status, PassportApplication.delivered_by).where(
                PassportApplication.id.in_(ids)
            )
        ).all()
    assert [status for status, _ in rows] == [ps.DELIVERED] * ROUNDS and all(by for _, by in rows)
    assert _audits(app_ctx, "passport.deliver") == ROUNDS
    assert _count(app_ctx, ActionKey, ActionKey.action == "passport.deliver") == ROUNDS


def test_two_arrivals_of_one_passport_at_once_step_and_text_once(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    ids: list[int] = []

    def prepare(i: int) -> list[dict[str, object]]:
        view = ps.take_application(app_ctx.db.uow(), clerk, form=_form(**_person(i), sms_consent=True), now=NOW)
        for step in (ps.REVIEW, ps.PRODUCTION):
            ps.advance_application(app_ctx.db.uow(), clerk, application_id=view.id, to_status=step, now=NOW)
        ids.append(view.id)
        return _keys(application_id=view.id, to_status=ps.ARRIVED, now=NOW + timedelta(hours=1))

    for outcomes in race(app_ctx, [make_actor("clerk"), make_actor("clerk")], f"{ACTIONS}:advance", prepare):
        ok, refused = one_winner(outcomes)
        assert ok[1] == ps.ARRIVED
        assert "다른 창구에서 방금" in refused[1] and "'도착'으로 넘겼습니다" in refused[1], refused
    assert _audits(app_ctx, "passport.status") == 3 * ROUNDS  # two steps each before the race, one in it
    with app_ctx.db.uow() as uow:
        statuses = uow.session.scalars(
            sa.select(PassportApplication.status).where(PassportApplication.id.in_(ids))
        ).all()
        numbers = uow.session.scalars(
            sa.select(OutboxMessage.record_id).where(OutboxMessage.record_type == ps.RECORD_TYPE)
        )
        texted = sorted(numbers)
        expected = sorted(
            uow.session.scalars(sa.select(PassportApplication.number).where(PassportApplication.id.in_(ids)))
        )
    assert statuses == [ps.ARRIVED] * ROUNDS
    assert texted == expected  # one arrival text per passport


def test_two_reduced_fee_claims_at_once_are_noted_once(app_ctx, make_actor, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")

    def prepare(i: int) -> list[dict[str, object]]:
        view = ps.take_application(app_ctx.db.uow(), clerk, form=_emergency(**_person(i)), now=NOW)
        return _keys(application_id=view.id, now=NOW + timedelta(minutes=5))

    for outcomes in race(app_ctx, [make_actor("clerk"), make_actor("clerk")], f"{ACTIONS}:claim", prepare):
        ok, refused = one_winner(outcomes)
        # The loser is told what just happened, not only that the claim is pending.
        assert ok[1] == "pending" and "다른 창구에서 방금 감면 신청을 받았습니다" in refused[1], refused
    assert _audits(app_ctx, "passport.reduced_claim") == ROUNDS
    # A claim made again an hour later is the plain "already pending", not "just now at another counter".
    from app.services.passports import refunds

    real_clock = refunds.utcnow
    monkeypatch.setattr(refunds, "utcnow", lambda: real_clock() + timedelta(hours=1))
    with app_ctx.db.uow() as uow:
        last = uow.session.scalars(sa.select(PassportApplication.id).order_by(PassportApplication.id.desc())).first()
    with pytest.raises(RuleViolation) as later:
        ps.claim_reduced_fee_later(
            app_ctx.db.uow(), clerk, application_id=last, reason="부친 위독", now=NOW + timedelta(days=1)
        )
    assert "이미 감면 증빙을 기다리는" in later.value.message and "방금" not in later.value.message


def test_an_intake_replayed_from_two_counters_at_once_is_taken_once(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    def prepare(i: int) -> list[dict[str, object]]:
        kwargs = {"key": str(uuid.uuid4()), **_person(i), "now": NOW}
        return [kwargs, kwargs]

    answers = []
    for outcomes in race(app_ctx, [make_actor("clerk"), make_actor("clerk")], f"{ACTIONS}:take", prepare):
        assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
        assert outcomes[0][1] == outcomes[1][1], outcomes
        answers.append(outcomes[0][1])
    assert _count(app_ctx, PassportApplication) == _count(app_ctx, Receipt) == ROUNDS
    assert _count(app_ctx, Applicant) == ROUNDS
    assert _audits(app_ctx, "passport.intake") == _audits(app_ctx, "receipt.issue") == ROUNDS
    # No number spent by a loser: applications and receipts numbered 1..ROUNDS without a gap.
    for numbers in zip(*answers, strict=True):
        assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == list(range(1, ROUNDS + 1))


def test_a_loss_report_replayed_from_two_counters_at_once_is_recorded_once(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    def prepare(i: int) -> list[dict[str, object]]:
        kwargs = {"key": str(uuid.uuid4()), "resident_number": _person(i)["resident_number"], "now": NOW}
        return [kwargs, kwargs]

    numbers = []
    for outcomes in race(app_ctx, [make_actor("clerk"), make_actor("clerk")], f"{ACTIONS}:report_loss", prepare):
        assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
        assert outcomes[0][1] == outcomes[1][1], outcomes
        numbers.append(outcomes[0][1])
    assert len(set(numbers)) == ROUNDS == _count(app_ctx, PassportLossReport)
    assert _audits(app_ctx, "passport.loss_report") == ROUNDS


def _past_working_days(count: int) -> list[date]:
    days, day = [], seoul_today() - timedelta(days=1)
    while len(days) < count:
        if is_working_day(day):
            days.append(day)
        day -= timedelta(days=1)
    return days


def test_a_refund_while_its_day_closes_is_in_the_closed_refunds_or_refused(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    days = _past_working_days(ROUNDS)
    clerk, supervisor = make_actor("clerk"), make_actor("supervisor")
    ids: list[int] = []

    def prepare(i: int) -> list[dict[str, object]]:
        taken_at = datetime.combine(days[i], time(9, 30), tzinfo=SEOUL)
        view = ps.take_application(app_ctx.db.uow(), clerk, form=_emergency(**_person(i)), now=taken_at)
        ids.append(view.id)
        refund_at = datetime.combine(days[i], time(11, 0), tzinfo=SEOUL)
        return [
            {"what": "refund", "application_id": view.id, "key": str(uuid.uuid4()), "now": refund_at},
            {"what": "close", "day": days[i].isoformat()},
        ]

    results = race(app_ctx, [clerk, supervisor], f"{ACTIONS}:refund_or_close", prepare)
    paid = refused = 0
    for outcomes, day, app_id in zip(results, days, ids, strict=True):
        (refund_kind, refund), (close_kind, (approved_total, approved_refunds)) = outcomes
        assert close_kind == "ok", outcomes
        assert refund_kind in ("ok", "refused"), outcomes
        with app_ctx.db.uow() as uow:
            refunds = uow.session.scalars(
                sa.select(PassportRefund.amount).where(PassportRefund.application_id == app_id)
            ).all()
            closed_total = uow.session.scalars(sa.select(DayClose.total).where(DayClose.business_day == day)).one()
            app_total = uow.session.scalars(
                sa.select(PassportApplication.total).where(PassportApplication.id == app_id)
            ).one()
        if refund_kind == "ok":
            paid += 1
            # paid before the close: inside the approved refunds, and the approved total is net of it
            assert refunds == [33000] and approved_refunds == 33000 and app_total == 17000
            assert closed_total == approved_total == 50000 - 33000
        else:
            refused += 1
            assert "마감" in refund and day.isoformat() in refund, refund
            assert refunds == [] and approved_refunds == 0 and app_total == 50000
            assert closed_total == approved_total == 50000
        # the day's figures as they stand now are what the supervisor approved
        summary = dayclose.day_summary(app_ctx.db.uow(), supervisor, day=day)
        assert (summary.total, summary.refunds) == (approved_total, approved_refunds)
    assert paid + refused == ROUNDS
    assert _audits(app_ctx, "passport.refund") == paid
