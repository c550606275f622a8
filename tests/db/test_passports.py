"""Passport services on SQLite and PostgreSQL: intake and fee, status, delivery, losses, emergency, refunds."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from app.documents.passport import render_checklist
from app.domain.calendar import SEOUL
from app.domain.passport import ApplicantSituation
from app.services import passports as ps
from app.services.errors import PermissionDenied, RuleViolation, ValidationError
from db.models import Applicant, AuditEntry, Receipt, ReceiptLine
from db.models_outbox import OutboxMessage
from db.models_passport import PassportApplication, PassportLossReport, PassportRefund

ADULT_RRN = "900101-1234568"  # 1990-01-01, male
MINOR_RRN = "081126-3234567"  # 2008-11-26, male: 17 until 2026-11-26
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=SEOUL)  # a Wednesday, fee table from 2026-03-01

ADULT_DOCS = ("application_form", "id_card_adult")
EMERGENCY_DOCS = ("application_form", "id_card_adult", "emergency_statement")


def _form(**overrides: object) -> ps.ApplicationForm:
    values: dict[str, object] = {
        "name": "홍길동",
        "resident_number": ADULT_RRN,
        "kind": "복수",
        "validity_years": 10,
        "pages": 58,
        "phone": "010-1234-5678",
        "photo_checked": True,
        "documents_checked": ADULT_DOCS,
        "payment_method": "카드",
    }
    values.update(overrides)
    return ps.ApplicationForm(**values)  # type: ignore[arg-type]


def _emergency(**overrides: object) -> ps.ApplicationForm:
    values: dict[str, object] = {
        "kind": "긴급",
        "validity_years": None,
        "pages": None,
        "documents_checked": EMERGENCY_DOCS,
        "emergency_reason": "부친 위독으로 오늘 밤 출국",
        "identity_verified": True,
        "declared_losses_1y": 0,
        "declared_losses_5y": 0,
        "destination_warned": True,
    }
    values.update(overrides)
    return _form(**values)


@pytest.mark.parametrize(
    ("kind", "pages", "total", "label", "moment"),
    [
        # 여권법 시행령 제39조 별표: 5년 미만 복수여권 (26면) 17,000 from 2026-03-01 09:00 (estimate, unverified)
        ("5년미만복수", 26, 17000, "복수여권 5년 미만 26면", NOW),
        # 잔여유효기간 부여 costs the same for 58 and 26 pages (27,000), and needs no page count
        ("잔여유효기간", 26, 27000, "잔여유효기간 부여 여권 26면", NOW),
        ("잔여유효기간", None, 27000, "잔여유효기간 부여 여권", NOW),
        # 2026-03-01 08:59 (the night of a holiday): still the 2024-07-01 table
        ("잔여유효기간", 58, 25000, "잔여유효기간 부여 여권 58면", datetime(2026, 3, 1, 8, 59, tzinfo=SEOUL)),
    ],
)
def test_intake_takes_new_kind_and_remaining(app_ctx, make_actor, kind, pages, total, label, moment) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    view = ps.take_application(
        app_ctx.db.uow(), clerk, form=_form(kind=kind, validity_years=None, pages=pages), now=moment
    )
    assert (view.kind, view.total, view.contribution, view.label) == (kind, total, 0, label)
    with app_ctx.db.uow() as uow:
        receipt = uow.session.scalars(sa.select(Receipt).where(Receipt.number == view.receipt_number)).one()
        assert receipt.total == total


def _count(ctx, model) -> int:  # type: ignore[no-untyped-def]
    with ctx.db.uow() as uow:
        return int(uow.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0)


def _actions(ctx) -> list[str]:  # type: ignore[no-untyped-def]
    with ctx.db.uow() as uow:
        return list(uow.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


def _advance_to_arrived(ctx, actor, app_id: int, start: datetime) -> ps.ApplicationView:  # type: ignore[no-untyped-def]
    view = None
    for i, step in enumerate((ps.REVIEW, ps.PRODUCTION, ps.ARRIVED)):
        view = ps.advance_application(
            ctx.db.uow(), actor, application_id=app_id, to_status=step, now=start + timedelta(minutes=10 * (i + 1))
        )
    assert view is not None
    return view


def test_intake_receipt_carries_cash_received_or_the_card_approval(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    from db.models import Payment

    clerk = make_actor("clerk")
    with pytest.raises(ValidationError, match="받은 금액 50,000원이 수납할 금액 52,000원보다 적습니다"):
        ps.take_application(
            app_ctx.db.uow(), clerk, form=_form(payment_method="현금", cash_received=50000), now=NOW
        )
    assert _count(app_ctx, PassportApplication) == 0 and _count(app_ctx, Receipt) == 0
    cash = ps.take_application(
        app_ctx.db.uow(), clerk, form=_form(payment_method="현금", cash_received=60000), now=NOW
    )
    card = ps.take_application(
        app_ctx.db.uow(),
        clerk,
        form=_form(name="김영희", resident_number="850505-2234561", approval_no="30012345", cash_received=99999),
        now=NOW,
    )
    with app_ctx.db.uow() as uow:
        paid = {
            number: (received, approval)
            for number, received, approval in uow.session.execute(
                sa.select(Receipt.number, Payment.received, Payment.approval_no).join(
                    Payment, Payment.receipt_id == Receipt.id
                )
            )
        }
    # Cash: what was handed over (the receipt prints 8,000원 change); card: the approval number, no cash.
    assert paid[cash.receipt_number] == (60000, "")
    assert paid[card.receipt_number] == (None, "30012345")


def test_intake_takes_fee_in_two_receipt_lines_and_numbers_per_day(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    key = uuid.uuid4()
    first = ps.take_application(app_ctx.db.uow(), clerk, form=_form(), client_uuid=key, now=NOW)
    assert first.number == "P20261125-0001"
    assert (first.fee, first.contribution, first.total) == (40000, 12000, 52000)
    assert first.fee_table == "여권 수수료 (2026-03-01 시행)"
    assert first.status == ps.RECEIVED and first.status_label == "접수"
    assert first.rrn_masked == "900101-1******" and first.age == 36
    again = ps.take_application(app_ctx.db.uow(), clerk, form=_form(), client_uuid=key, now=NOW)
    assert again.id == first.id and _count(app_ctx, PassportApplication) == 1
    second = ps.take_application(
        app_ctx.db.uow(), clerk, form=_form(name="김영희", resident_number="850505-2234561"), now=NOW
    )
    assert second.number == "P20261125-0002"
    next_day = ps.take_application(
        app_ctx.db.uow(),
        clerk,
        form=_form(name="김영희", resident_number="850505-2234561"),
        now=NOW + timedelta(days=1),
    )
    assert next_day.number == "P20261126-0001"

    with app_ctx.db.uow() as uow:
        receipt = uow.session.scalars(sa.select(Receipt).where(Receipt.number == first.receipt_number)).one()
        lines = uow.session.scalars(
            sa.select(ReceiptLine).where(ReceiptLine.receipt_id == receipt.id).order_by(ReceiptLine.position)
        ).all()
        assert receipt.total == 52000
        assert [(ln.item_code, ln.amount) for ln in lines] == [
            (ps.FEE_ITEM, 40000),
            (ps.CONTRIBUTION_ITEM, 12000),
        ]
        assert {ln.fee_table for ln in lines} == {"여권 수수료 (2026-03-01 시행)"}
        assert "발급수수료" in lines[0].description and lines[1].description == "국제교류기여금"
    assert _actions(app_ctx).count("passport.intake") == 3
    with app_ctx.db.engine.connect() as conn:
        dump = " ".join(
            str(v)
            for table in ("passport_applications", "applicants", "audit_log", "receipt_lines")
            for row in conn.execute(sa.text(f"select * from {table}")).all()
            for v in row
        )
    assert "1234568" not in dump


@pytest.mark.parametrize(
    ("moment", "years", "ok", "total"),
    [
        (datetime(2026, 11, 25, 17, 0, tzinfo=SEOUL), 10, False, None),  # still 17
        (datetime(2026, 11, 25, 17, 0, tzinfo=SEOUL), 5, True, 44000),
        (datetime(2026, 11, 26, 9, 0, tzinfo=SEOUL), 10, True, 52000),  # 18 today
    ],
)
def test_age_is_taken_from_the_resident_number_at_application(
    app_ctx, make_actor, moment: datetime, years: int, ok: bool, total: int | None
) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    form = _form(
        resident_number=MINOR_RRN,
        validity_years=years,
        documents_checked=(
            "application_form",
            "id_card_minor",
            "id_card_adult",
            "minor_consent",
            "minor_consent_seal_required",
        ),
    )
    if ok:
        view = ps.take_application(app_ctx.db.uow(), clerk, form=form, now=moment)
        assert view.total == total
    else:
        with pytest.raises(ValidationError, match="만 18세 이상"):
            ps.take_application(app_ctx.db.uow(), clerk, form=form, now=moment)
        assert _count(app_ctx, Receipt) == 0


BAD_INTAKE: list[tuple[dict[str, object], str]] = [
    ({"photo_checked": False}, "사진"),
    ({"documents_checked": ("application_form",)}, "신분증"),
    ({"resident_number": ""}, "주민등록번호"),
    ({"resident_number": "900101-5234567"}, "외국인등록번호"),
    ({"pages": 30}, "면수"),
    ({"sms_consent": True, "phone": ""}, "휴대전화"),
    ({"payment_method": "면제"}, "면제"),
    ({"applying_in_person": False, "proxy_relation": "배우자", "proxy_name": "김배우"}, "직접 신청"),
    ({"kind": "단수", "validity_years": None, "pages": None, "reduced_fee": ps.REDUCED_WITH_PROOF}, "긴급여권에만"),
]


def test_bad_intake_is_refused_in_korean_and_writes_nothing(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    for overrides, fragment in BAD_INTAKE:
        with pytest.raises(ValidationError, match=fragment):
            ps.take_application(app_ctx.db.uow(), clerk, form=_form(**overrides), now=NOW)
    for model in (PassportApplication, Receipt, Applicant):
        assert _count(app_ctx, model) == 0


def test_status_goes_in_order_and_arrival_sends_sms_only_with_consent(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    consent = ps.take_application(app_ctx.db.uow(), clerk, form=_form(sms_consent=True), now=NOW)
    silent = ps.take_application(
        app_ctx.db.uow(), clerk, form=_form(name="김영희", resident_number="850505-2234561"), now=NOW
    )
    with pytest.raises(RuleViolation, match="다음 단계는 '심사'"):
        ps.advance_application(app_ctx.db.uow(), clerk, application_id=consent.id, to_status=ps.PRODUCTION, now=NOW)
    with pytest.raises(RuleViolation, match="도착한 여권만"):
        ps.deliver_passport(app_ctx.db.uow(), clerk, application_id=consent.id, id_checked=True, now=NOW)
    with pytest.raises(ValidationError, match="교부"):
        ps.advance_application(app_ctx.db.uow(), clerk, application_id=consent.id, to_status=ps.DELIVERED, now=NOW)
    arrived = _advance_to_arrived(app_ctx, clerk, consent.id, NOW)
    assert arrived.status_label == "도착" and arrived.arrived_at is not None
    _advance_to_arrived(app_ctx, clerk, silent.id, NOW)
    with app_ctx.db.uow() as uow:
        messages = [(m.record_id, m.recipient, m.body) for m in uow.session.scalars(sa.select(OutboxMessage))]
    assert len(messages) == 1
    assert messages[0][0] == consent.number and consent.number in messages[0][2]
    assert messages[0][1] == "010-1234-5678"
    assert _actions(app_ctx).count("passport.status") == 6
    with pytest.raises(RuleViolation, match="다음 단계는 '교부'"):
        ps.advance_application(app_ctx.db.uow(), clerk, application_id=consent.id, to_status=ps.ARRIVED, now=NOW)


def test_delivery_checks_identity_and_who_collects(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    adult = ps.take_application(app_ctx.db.uow(), clerk, form=_form(), now=NOW)
    minor = ps.take_application(
        app_ctx.db.uow(),
        clerk,
        form=_form(
            name="홍소년",
            resident_number=MINOR_RRN,
            validity_years=5,
            applying_in_person=False,
            proxy_relation="법정대리인",
            proxy_name="홍길동",
            documents_checked=("application_form", "minor_consent", "proxy_id_card"),
        ),
        now=NOW,
    )
    for app in (adult, minor):
        _advance_to_arrived(app_ctx, clerk, app.id, NOW)
    later = NOW + timedelta(hours=2)
    with pytest.raises(ValidationError, match="신분증"):
        ps.deliver_passport(app_ctx.db.uow(), clerk, application_id=adult.id, id_checked=False, now=later)
    with pytest.raises(RuleViolation, match="본인이 받아야"):
        ps.deliver_passport(
            app_ctx.db.uow(),
            clerk,
            application_id=adult.id,
            id_checked=True,
            collector_relation="배우자",
            collector_name="김배우",
            now=later,
        )
    with pytest.raises(ValidationError, match="성명"):
        ps.deliver_passport(
            app_ctx.db.uow(),
            clerk,
            application_id=minor.id,
            id_checked=True,
            collector_relation="법정대리인",
            now=later,
        )
    done = ps.deliver_passport(app_ctx.db.uow(), clerk, application_id=adult.id, id_checked=True, now=later)
    assert done.status_label == "교부" and done.collector_relation == "본인" and done.collector_name == "홍길동"
    proxy = ps.deliver_passport(
        app_ctx.db.uow(),
        clerk,
        application_id=minor.id,
        id_checked=True,
        collector_relation="법정대리인",
        collector_name="홍길동",
        now=later,
    )
    assert proxy.collector_relation == "법정대리인"
    with pytest.raises(RuleViolation, match="이미 교부"):
        ps.deliver_passport(app_ctx.db.uow(), clerk, application_id=adult.id, id_checked=True, now=later)
    assert _actions(app_ctx).count("passport.deliver") == 2


def test_loss_reports_decide_emergency_eligibility_before_payment(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    check = ps.check_emergency_eligibility(
        app_ctx.db.uow(), clerk, resident_number=ADULT_RRN, identity_verified=True, reason="출장", now=NOW
    )
    assert check.eligible and "인정" in check.warning and check.recorded_losses == 0
    for lost in (date(2026, 3, 2), date(2026, 11, 20)):
        report = ps.record_loss_report(
            app_ctx.db.uow(),
            clerk,
            name="홍길동",
            resident_number=ADULT_RRN,
            lost_on=lost,
            place="인천공항 제1터미널",
            circumstances="가방 분실",
            now=NOW,
        )
        assert report.number.startswith("L20261125-")
    with pytest.raises(ValidationError, match="오늘보다 뒤"):
        ps.record_loss_report(
            app_ctx.db.uow(),
            clerk,
            name="홍길동",
            resident_number=ADULT_RRN,
            lost_on=date(2026, 12, 1),
            place="집",
            circumstances="모름",
            now=NOW,
        )
    refused = ps.check_emergency_eligibility(
        app_ctx.db.uow(), clerk, resident_number=ADULT_RRN, identity_verified=True, reason="출장", now=NOW
    )
    assert not refused.eligible and refused.recorded_losses == 2
    assert any("상습 분실" in r and "1년" in r for r in refused.reasons)
    receipts_before = _count(app_ctx, Receipt)
    with pytest.raises(RuleViolation, match="상습 분실"):
        ps.take_application(app_ctx.db.uow(), clerk, form=_emergency(), now=NOW)
    assert _count(app_ctx, Receipt) == receipts_before and _count(app_ctx, PassportApplication) == 0
    # the applicant's answer counts too, and identity must be verified
    other = ps.check_emergency_eligibility(
        app_ctx.db.uow(),
        clerk,
        resident_number="850505-2234561",
        identity_verified=False,
        reason="",
        declared_losses_5y=3,
        now=NOW,
    )
    assert len(other.reasons) == 3
    assert "passport.emergency_check" in _actions(app_ctx)


def test_emergency_needs_the_destination_warning(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    with pytest.raises(RuleViolation, match="인정하는지"):
        ps.take_application(app_ctx.db.uow(), clerk, form=_emergency(destination_warned=False), now=NOW)
    assert _count(app_ctx, Receipt) == 0


def test_emergency_is_due_in_three_hours_and_leaves_the_countdown_when_delivered(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    app = ps.take_application(app_ctx.db.uow(), clerk, form=_emergency(), now=NOW)
    # 3 WORKING hours (민원처리법 제19조①): Wednesday 10:00 → 10-12 and 13-14 (lunch left out) → 14:00.
    assert app.emergency and app.due_at == NOW + timedelta(hours=4)
    assert (app.fee, app.contribution, app.total) == (50000, 0, 50000)
    board = ps.open_emergencies(app_ctx.db.uow(), clerk, now=NOW)
    assert [(e.number, e.name_masked) for e in board] == [(app.number, "홍○○")]
    assert board[0].seconds_left(NOW + timedelta(hours=2, minutes=31)) == 89 * 60  # 12:31 → 14:00
    _advance_to_arrived(app_ctx, clerk, app.id, NOW)
    done = ps.deliver_passport(
        app_ctx.db.uow(), clerk, application_id=app.id, id_checked=True, now=NOW + timedelta(hours=2, minutes=40)
    )
    assert not done.delivered_late
    assert ps.open_emergencies(app_ctx.db.uow(), clerk, now=NOW) == []


def test_reduced_fee_proved_later_is_refunded_beside_the_receipt(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    app = ps.take_application(
        app_ctx.db.uow(), clerk, form=_emergency(reduced_fee=ps.REDUCED_LATER, reduced_reason="부친 위독"), now=NOW
    )
    assert app.total == 50000 and app.reduced_claim == "pending" and app.reduced_proof_due == date(2027, 5, 25)
    with pytest.raises(ValidationError, match="환급 방법"):
        ps.apply_reduced_fee_with_proof(
            app_ctx.db.uow(), clerk, application_id=app.id, proof="사망진단서", refund_method="수표", now=NOW
        )
    refund = ps.apply_reduced_fee_with_proof(
        app_ctx.db.uow(),
        clerk,
        application_id=app.id,
        proof="진단서(위독)",
        refund_method="현금",
        now=NOW + timedelta(days=10),
    )
    assert refund.amount == 50000 - 17000 and refund.receipt_number == app.receipt_number
    assert refund.fee_table == "여권 수수료 (2026-03-01 시행)"
    after = ps.get_application(app_ctx.db.uow(), clerk, application_id=app.id)
    assert (after.reduced, after.total, after.refunded, after.reduced_claim) == (True, 17000, 33000, "applied")
    with app_ctx.db.uow() as uow:
        receipt = uow.session.scalars(sa.select(Receipt).where(Receipt.number == app.receipt_number)).one()
        assert (receipt.status, receipt.total) == ("issued", 50000)
    with pytest.raises(RuleViolation, match="이미 감면"):
        ps.apply_reduced_fee_with_proof(
            app_ctx.db.uow(), clerk, application_id=app.id, proof="진단서", refund_method="현금", now=NOW
        )
    assert "passport.refund" in _actions(app_ctx)
    assert [r.amount for r in ps.list_refunds(app_ctx.db.uow(), clerk, day=date(2026, 12, 5))] == [33000]

    # claimed after intake; proof too late
    late = ps.take_application(
        app_ctx.db.uow(), clerk, form=_emergency(name="김영희", resident_number="850505-2234561"), now=NOW
    )
    with pytest.raises(RuleViolation, match="긴급여권에만"):
        ps.claim_reduced_fee_later(app_ctx.db.uow(), clerk, application_id=_normal(app_ctx, clerk).id, reason="모친")
    claimed = ps.claim_reduced_fee_later(app_ctx.db.uow(), clerk, application_id=late.id, reason="모친 사망")
    assert claimed.reduced_claim == "pending"
    with pytest.raises(RuleViolation, match="기한"):
        ps.apply_reduced_fee_with_proof(
            app_ctx.db.uow(),
            clerk,
            application_id=late.id,
            proof="사망진단서",
            refund_method="현금",
            now=datetime(2027, 5, 26, 10, 0, tzinfo=SEOUL),
        )
    assert _count(app_ctx, PassportRefund) == 1


def _normal(ctx, clerk) -> ps.ApplicationView:  # type: ignore[no-untyped-def]
    return ps.take_application(
        ctx.db.uow(), clerk, form=_form(name="박보통", resident_number="750303-1234563"), now=NOW
    )


def test_uncollected_lists_waiting_and_past_keeping_period(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    old_start = datetime(2026, 4, 1, 10, 0, tzinfo=SEOUL)
    old = ps.take_application(app_ctx.db.uow(), clerk, form=_form(), now=old_start)
    _advance_to_arrived(app_ctx, clerk, old.id, old_start)  # issued 2026-04-01: kept until 2026-10-01
    recent_start = datetime(2026, 10, 1, 10, 0, tzinfo=SEOUL)
    recent = ps.take_application(
        app_ctx.db.uow(), clerk, form=_form(name="김영희", resident_number="850505-2234561"), now=recent_start
    )
    _advance_to_arrived(app_ctx, clerk, recent.id, recent_start)
    fresh = ps.take_application(
        app_ctx.db.uow(), clerk, form=_form(name="박보통", resident_number="750303-1234563"), now=NOW
    )
    _advance_to_arrived(app_ctx, clerk, fresh.id, NOW)

    listed = ps.list_uncollected(app_ctx.db.uow(), clerk, now=NOW + timedelta(days=1))
    assert [(u.number, u.past_keeping) for u in listed] == [(old.number, True), (recent.number, False)]
    assert listed[0].keeping_ends_on == date(2026, 10, 1) and listed[1].days_waiting == 56
    assert listed[0].rrn_masked == "900101-1******"
    everything = ps.list_uncollected(app_ctx.db.uow(), clerk, older_than_days=0, now=NOW + timedelta(days=1))
    assert len(everything) == 3
    with pytest.raises(ValidationError):
        ps.list_uncollected(app_ctx.db.uow(), clerk, older_than_days=-1, now=NOW)
    with pytest.raises(RuleViolation, match="효력을 잃은"):
        ps.deliver_passport(app_ctx.db.uow(), clerk, application_id=old.id, id_checked=True, now=NOW)
    assert "passport.uncollected" in _actions(app_ctx)


def test_uncollected_means_more_than_the_set_days_after_arrival(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    start = datetime(2026, 10, 1, 10, 0, tzinfo=SEOUL)
    app = ps.take_application(app_ctx.db.uow(), clerk, form=_form(), now=start)
    _advance_to_arrived(app_ctx, clerk, app.id, start)  # arrived 2026-10-01 10:30
    days = 30  # passport_rules.toml: uncollected_notice_days
    on_day_30 = datetime(2026, 10, 31, 17, 0, tzinfo=SEOUL)
    assert ps.list_uncollected(app_ctx.db.uow(), clerk, now=on_day_30) == []
    assert ps.list_uncollected(app_ctx.db.uow(), clerk, older_than_days=days, now=on_day_30) == []
    # 00:30 on 1 November in Seoul is still 31 October in UTC: the Seoul date counts
    day_31 = datetime(2026, 10, 31, 15, 30, tzinfo=UTC)
    listed = ps.list_uncollected(app_ctx.db.uow(), clerk, now=day_31)
    assert [(u.number, u.days_waiting, u.past_keeping) for u in listed] == [(app.number, 31, False)]


def test_guide_quotes_and_prints_and_nothing_else(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    guide = make_actor("guide")
    app = ps.take_application(app_ctx.db.uow(), clerk, form=_form(), now=NOW)
    tables = [t for t in sa.inspect(app_ctx.db.engine).get_table_names() if t != "alembic_version"]

    def counts() -> dict[str, int]:
        with app_ctx.db.engine.connect() as conn:
            return {t: int(conn.execute(sa.text(f"select count(*) from {t}")).scalar_one()) for t in tables}

    before = counts()
    fee = ps.quote_fee(guide, ps.FeeRequest("복수", 5, 26, age=7), applied_at=NOW)
    assert (fee.fee, fee.contribution, fee.total) == (32000, 0, 32000)
    situation = ApplicantSituation(age=15, sex="F", applying_in_person=False, proxy_relation="법정대리인")
    assert any(i.key == "minor_consent" for i in ps.checklist(guide, situation, on=NOW))
    pdf = ps.print_checklist(
        app_ctx.db.uow(),
        guide,
        situation=situation,
        fee_request=ps.FeeRequest("복수", 5, 58, age=15),
        path=tmp_path / "checklist.pdf",
        now=NOW,
    )
    forbidden = [
        lambda: ps.take_application(app_ctx.db.uow(), guide, form=_form(), now=NOW),
        lambda: ps.advance_application(app_ctx.db.uow(), guide, application_id=app.id, to_status=ps.REVIEW, now=NOW),
        lambda: ps.deliver_passport(app_ctx.db.uow(), guide, application_id=app.id, id_checked=True, now=NOW),
        lambda: ps.list_applications(app_ctx.db.uow(), guide, now=NOW),
        lambda: ps.open_emergencies(app_ctx.db.uow(), guide, now=NOW),
        lambda: ps.list_uncollected(app_ctx.db.uow(), guide, now=NOW),
        lambda: ps.get_application(app_ctx.db.uow(), guide, application_id=app.id),
        lambda: ps.check_emergency_eligibility(
            app_ctx.db.uow(), guide, resident_number=ADULT_RRN, identity_verified=True, reason="x", now=NOW
        ),
        lambda: ps.record_loss_report(
            app_ctx.db.uow(),
            guide,
            name="홍길동",
            resident_number=ADULT_RRN,
            lost_on=date(2026, 1, 1),
            place="집",
            circumstances="분실",
            now=NOW,
        ),
        lambda: ps.claim_reduced_fee_later(app_ctx.db.uow(), guide, application_id=app.id, reason="부친"),
        lambda: ps.apply_reduced_fee_with_proof(
            app_ctx.db.uow(), guide, application_id=app.id, proof="x", refund_method="현금", now=NOW
        ),
    ]
    for call in forbidden:
        with pytest.raises(PermissionDenied, match="여권 안내 도우미"):
            call()
    after = counts()
    changed = {t: after[t] - before[t] for t in tables if after[t] != before[t]}
    assert changed == {"audit_log": 2}  # the print's intent and its completion
    with app_ctx.db.uow() as uow:
        intent, done = uow.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(2)).all()[::-1]
        assert (intent.action, intent.record_type, intent.username) == (
            "checklist.print",
            "passport_checklist",
            guide.username,
        )
        assert "만 15세" in intent.detail and "44000원" in intent.detail and "checklist.pdf" in intent.detail
        assert done.action == "print.done" and f"#{intent.id}" in done.detail

    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "여권 발급 구비서류 안내" in text and "법정대리인 동의서" in text
    assert "44,000원" in text and "35,000원" in text and "9,000원" in text
    assert "2026-03-01 시행" in text
    assert "주민등록번호" not in text or "******" not in text
    resources = PdfReader(pdf).pages[0]["/Resources"].get_object()
    assert isinstance(resources, DictionaryObject)
    font_dict = resources["/Font"].get_object()
    assert isinstance(font_dict, DictionaryObject)
    fonts = [font.get_object() for font in font_dict.values()]
    assert any("NanumGothic" in str(font.get("/BaseFont")) for font in fonts)


def test_emergency_checklist_sheet_carries_the_destination_warning(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    guide = make_actor("guide")
    situation = ApplicantSituation(age=40, sex="M", emergency=True, reduced_fee_claim=True)
    sheet = ps.prepare_checklist_sheet(
        app_ctx.db.uow(), guide, situation=situation, fee_request=ps.FeeRequest("긴급", reduced=True, age=40), now=NOW
    )
    text = "".join(p.extract_text() for p in PdfReader(render_checklist(sheet, tmp_path / "e.pdf")).pages)
    assert "긴급여권 유의사항" in text and "인정하는지" in text
    assert "17,000원" in text and "확인 중" in text  # the reduced 2026 rate is unconfirmed


def test_night_staff_take_passports_only_in_the_night_window(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    night = make_actor("night")
    monday_evening = datetime(2026, 11, 23, 18, 30, tzinfo=SEOUL)
    app = ps.take_application(app_ctx.db.uow(), night, form=_form(), now=monday_evening)
    assert app.number == "P20261123-0001"
    with pytest.raises(PermissionDenied, match="야간 민원실 운영시간"):
        ps.take_application(
            app_ctx.db.uow(),
            night,
            form=_form(name="김영희", resident_number="850505-2234561"),
            now=datetime(2026, 11, 23, 14, 0, tzinfo=SEOUL),
        )
    with pytest.raises(PermissionDenied):
        ps.record_loss_report(
            app_ctx.db.uow(),
            night,
            name="홍길동",
            resident_number=ADULT_RRN,
            lost_on=date(2026, 11, 1),
            place="집",
            circumstances="분실",
            now=monday_evening,
        )
    assert _count(app_ctx, PassportLossReport) == 0


def test_list_applications_shows_open_and_todays_deliveries(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    a = ps.take_application(app_ctx.db.uow(), clerk, form=_form(), now=NOW - timedelta(days=3))
    b = ps.take_application(
        app_ctx.db.uow(), clerk, form=_form(name="김영희", resident_number="850505-2234561"), now=NOW
    )
    _advance_to_arrived(app_ctx, clerk, a.id, NOW - timedelta(days=3))
    ps.deliver_passport(app_ctx.db.uow(), clerk, application_id=a.id, id_checked=True, now=NOW - timedelta(days=1))
    listed = ps.list_applications(app_ctx.db.uow(), clerk, now=NOW)
    assert [v.number for v in listed] == [b.number]
    assert "passport.list" in _actions(app_ctx)
