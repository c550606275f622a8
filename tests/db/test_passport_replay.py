"""Passport intake in one transaction with its receipt, and transitions that a retry after a lost reply repeats."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from app.services import passports as ps
from app.services import printing
from app.services.errors import RuleViolation
from db.models import AuditEntry, Receipt
from db.models_actions import ActionKey
from tests.db.test_passports import NOW, _advance_to_arrived, _emergency, _form


def _actions(ctx) -> list[str]:  # type: ignore[no-untyped-def]
    with ctx.db.uow() as uow:
        return list(uow.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


def test_intake_returns_its_receipt_and_reads_nothing_nobody_asked_for(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    key = uuid.uuid4()
    view = ps.take_application(app_ctx.db.uow(), clerk, form=_form(), client_uuid=key, now=NOW)
    receipt = view.receipt
    assert receipt is not None and receipt.number == view.receipt_number and receipt.total == view.total == 52000
    assert [(ln.item_code, ln.amount) for ln in receipt.lines] == [(ps.FEE_ITEM, 40000), (ps.CONTRIBUTION_ITEM, 12000)]
    assert receipt.applicant_rrn_masked == "900101-1******" and receipt.payment_method == "카드"
    assert "receipt.read" not in _actions(app_ctx)
    # a replay (the reply was lost) answers with the same application and the same receipt
    again = ps.take_application(app_ctx.db.uow(), clerk, form=_form(), client_uuid=key, now=NOW)
    assert again.id == view.id and again.receipt is not None and again.receipt.number == receipt.number
    with app_ctx.db.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(Receipt)) == 1

    # the counter prints it from the view it got, under the intake permission, within the grace after issue
    path = printing.print_receipt(
        app_ctx.db.uow(),
        clerk,
        receipt=receipt,
        path=tmp_path / "receipt.pdf",
        permission="passport.intake",
        now=NOW + timedelta(seconds=2),
    )
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert receipt.number in text and "52,000" in text and "국제교류기여금" in text
    actions = _actions(app_ctx)
    assert "receipt.read" not in actions
    assert actions.count("passport.intake") == 1
    assert actions[-2:] == ["receipt.print", "print.done"]


def test_a_replayed_delivery_returns_the_same_view_and_another_id_is_refused(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    app = ps.take_application(app_ctx.db.uow(), clerk, form=_form(), now=NOW)
    _advance_to_arrived(app_ctx, clerk, app.id, NOW)
    later = NOW + timedelta(hours=2)
    key = uuid.uuid4()
    first = ps.deliver_passport(
        app_ctx.db.uow(), clerk, application_id=app.id, id_checked=True, client_uuid=key, now=later
    )
    again = ps.deliver_passport(
        app_ctx.db.uow(),
        clerk,
        application_id=app.id,
        id_checked=True,
        client_uuid=key,
        now=later + timedelta(minutes=1),
    )
    assert again == first and again.status == ps.DELIVERED and again.delivered_at == later
    assert _actions(app_ctx).count("passport.deliver") == 1
    with pytest.raises(RuleViolation, match="이미 교부"):
        ps.deliver_passport(
            app_ctx.db.uow(), clerk, application_id=app.id, id_checked=True, client_uuid=uuid.uuid4(), now=later
        )
    assert _actions(app_ctx).count("passport.deliver") == 1
    with app_ctx.db.uow() as uow:
        keys = uow.session.scalars(sa.select(ActionKey).where(ActionKey.uuid == key)).all()
        assert [(k.action, k.record_type, k.record_id) for k in keys] == [
            ("passport.deliver", ps.RECORD_TYPE, str(app.id))
        ]


def test_a_replayed_step_returns_the_current_view(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    app = ps.take_application(app_ctx.db.uow(), clerk, form=_form(), now=NOW)
    key = uuid.uuid4()
    step = ps.advance_application(
        app_ctx.db.uow(), clerk, application_id=app.id, to_status=ps.REVIEW, client_uuid=key, now=NOW
    )
    ps.advance_application(app_ctx.db.uow(), clerk, application_id=app.id, to_status=ps.PRODUCTION, now=NOW)
    # the lost reply of the first step comes again: answered with the application as it is now (제작)
    replayed = ps.advance_application(
        app_ctx.db.uow(), clerk, application_id=app.id, to_status=ps.REVIEW, client_uuid=key, now=NOW
    )
    assert step.status == ps.REVIEW and replayed.id == app.id and replayed.status == ps.PRODUCTION
    assert _actions(app_ctx).count("passport.status") == 2
    with pytest.raises(RuleViolation, match="다음 단계는 '도착'"):
        ps.advance_application(
            app_ctx.db.uow(), clerk, application_id=app.id, to_status=ps.REVIEW, client_uuid=uuid.uuid4(), now=NOW
        )


def test_a_replayed_reduced_fee_claim_and_refund_are_answered_once(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    app = ps.take_application(app_ctx.db.uow(), clerk, form=_emergency(), now=NOW)
    claim_key, refund_key = uuid.uuid4(), uuid.uuid4()
    claimed = ps.claim_reduced_fee_later(
        app_ctx.db.uow(), clerk, application_id=app.id, reason="부친 위독", client_uuid=claim_key, now=NOW
    )
    again = ps.claim_reduced_fee_later(
        app_ctx.db.uow(), clerk, application_id=app.id, reason="부친 위독", client_uuid=claim_key, now=NOW
    )
    assert again == claimed and claimed.reduced_claim == "pending"
    with pytest.raises(RuleViolation, match="이미 감면 증빙을 기다리는"):
        ps.claim_reduced_fee_later(app_ctx.db.uow(), clerk, application_id=app.id, reason="부친 위독", now=NOW)
    refund = ps.apply_reduced_fee_with_proof(
        app_ctx.db.uow(),
        clerk,
        application_id=app.id,
        proof="진단서",
        refund_method="현금",
        client_uuid=refund_key,
        now=NOW + timedelta(days=1),
    )
    repeat = ps.apply_reduced_fee_with_proof(
        app_ctx.db.uow(),
        clerk,
        application_id=app.id,
        proof="진단서",
        refund_method="현금",
        client_uuid=refund_key,
        now=NOW + timedelta(days=1),
    )
    assert repeat == refund and refund.amount == 33000
    actions = _actions(app_ctx)
    assert actions.count("passport.reduced_claim") == 1 and actions.count("passport.refund") == 1


def test_a_replayed_loss_report_is_recorded_once(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    key = uuid.uuid4()
    values = dict(
        name="홍길동", resident_number="900101-1234568", lost_on=NOW.date(), place="공항", circumstances="분실"
    )
    first = ps.record_loss_report(app_ctx.db.uow(), clerk, **values, client_uuid=key, now=NOW)  # type: ignore[arg-type]
    again = ps.record_loss_report(app_ctx.db.uow(), clerk, **values, client_uuid=key, now=NOW)  # type: ignore[arg-type]
    assert again == first and _actions(app_ctx).count("passport.loss_report") == 1


def test_a_refund_on_a_closed_day_is_refused_and_a_paid_one_is_still_answered(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    from app.services import dayclose
    from db.models_passport import PassportRefund

    clerk, supervisor = make_actor("clerk"), make_actor("supervisor")
    app = ps.take_application(app_ctx.db.uow(), clerk, form=_emergency(), now=NOW)
    closed = dayclose.close_day(app_ctx.db.uow(), supervisor, day=NOW.date())
    assert closed.total == 50000 and closed.refunds == 0
    with pytest.raises(RuleViolation, match="2026-11-25 업무가 이미 마감되어 환급할 수 없습니다"):
        ps.apply_reduced_fee_with_proof(
            app_ctx.db.uow(),
            clerk,
            application_id=app.id,
            proof="사망진단서",
            refund_method="현금",
            now=NOW + timedelta(hours=1),
        )
    assert dayclose.day_summary(app_ctx.db.uow(), supervisor, day=NOW.date()).total == 50000
    # the next (open) day pays it; once that day is closed too, the lost reply's retry is still answered
    key, next_day = uuid.uuid4(), NOW + timedelta(days=1)
    paid = ps.apply_reduced_fee_with_proof(
        app_ctx.db.uow(),
        clerk,
        application_id=app.id,
        proof="사망진단서",
        refund_method="현금",
        client_uuid=key,
        now=next_day,
    )
    assert paid.amount == 33000
    assert dayclose.close_day(app_ctx.db.uow(), supervisor, day=next_day.date()).refunds == 33000
    again = ps.apply_reduced_fee_with_proof(
        app_ctx.db.uow(),
        clerk,
        application_id=app.id,
        proof="사망진단서",
        refund_method="현금",
        client_uuid=key,
        now=next_day,
    )
    assert again == paid
    with app_ctx.db.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(PassportRefund)) == 1
    assert _actions(app_ctx).count("passport.refund") == 1
