"""The reduced emergency-passport fee (친족 사망·위독 감면) claimed after intake, and its refund (환급).

The receipt taken at intake is never touched (voiding is a supervisor's act, for mistakes): the difference
is paid back as a refund record beside it, audited, with the fee table that gives the reduced amount.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import select

from app.domain import passport as pp
from app.domain.passport.status import REFUND_METHODS, just_now
from app.services import audit, replay
from app.services.actor import Actor
from app.services.errors import RuleViolation, ValidationError
from app.services.inputs import clean_text
from app.services.passports.records import (
    RECORD_TYPE,
    authorize_any,
    change_application,
    load_application,
    moment_of,
    refund_view,
    rule_error,
    seoul_day,
)
from app.services.receipts import RECEIPT_SERIES, business_day_of, is_day_closed
from app.services.roles import authorize
from app.views.passport import ApplicationView, RefundView
from db.models import AuditEntry, Receipt, utcnow
from db.models_passport import PassportApplication, PassportRefund
from db.numbers import lock_series
from db.uow import UnitOfWork

CLAIM_ACTION = "passport.reduced_claim"
REASON_MAX = 500  # the reason and the proof named, as the counter types them


def claim_reduced_fee_later(
    uow: UnitOfWork,
    actor: Actor,
    *,
    application_id: int,
    reason: str,
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> ApplicationView:
    """Note that an emergency applicant who paid the normal fee will bring proof of a relative's death or
    critical illness later (within the period in passport_rules.toml); nothing is paid back yet."""
    moment = moment_of(now)
    authorize(actor, "passport.intake", now=moment)
    reason = clean_text(reason, "감면 사유", max_len=REASON_MAX)
    if len(reason) < 2:
        raise ValidationError("감면 사유(누가 사망·위독한지)를 적으세요.")

    def change(app: PassportApplication) -> None:
        if not app.emergency:
            raise RuleViolation("친족 사망·위독 감면은 긴급여권에만 적용됩니다.")
        if app.reduced:
            raise RuleViolation(_paid_refusal(uow, app, moment))
        if app.reduced_claim == "pending":
            raise RuleViolation(_claimed_refusal(uow, actor, app))
        app.reduced_claim = "pending"
        app.reduced_reason = reason
        app.reduced_proof_due = pp.reduced_proof_due(app.received_at)
        audit.record(
            uow,
            actor,
            CLAIM_ACTION,
            record_type=RECORD_TYPE,
            record_id=app.number,
            detail=f"증빙 기한 {app.reduced_proof_due.isoformat()}",
            reason=reason,
        )

    return change_application(
        uow, actor, application_id=application_id, action=CLAIM_ACTION, client_uuid=client_uuid, change=change
    )


def _claimed_refusal(uow: UnitOfWork, actor: Actor, app: PassportApplication) -> str:
    """The refusal of a second claim: another counter's claim of a moment ago is named as such. "A moment ago"
    on the wall clock, as the access log writes its entries (on PostgreSQL the server's transaction time)."""
    noted = uow.session.execute(
        select(AuditEntry.at, AuditEntry.user_id)
        .where(AuditEntry.action == CLAIM_ACTION, AuditEntry.record_id == app.number)
        .order_by(AuditEntry.id.desc())
    ).first()
    due = f" (증빙 기한 {app.reduced_proof_due.isoformat()})" if app.reduced_proof_due else ""
    if noted is not None and noted.user_id != actor.user_id and just_now(noted.at, utcnow()):
        return (
            f"{app.number}: 다른 창구에서 방금 감면 신청을 받았습니다{due}. "
            "같은 신청을 두 번 받지 않습니다. 증빙이 오면 감면을 적용하세요."
        )
    return f"{app.number}: 이미 감면 증빙을 기다리는 신청입니다{due}. 증빙이 오면 감면을 적용하세요."


def _refund_by(uow: UnitOfWork, client_uuid: uuid.UUID) -> RefundView | None:
    existing = uow.session.scalars(select(PassportRefund).where(PassportRefund.uuid == client_uuid)).first()
    return refund_view(uow, existing) if existing is not None else None


def apply_reduced_fee_with_proof(
    uow: UnitOfWork,
    actor: Actor,
    *,
    application_id: int,
    proof: str,
    refund_method: str,
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> RefundView:
    """Apply the reduced emergency fee once the proof arrives, and pay the difference back.

    The receipt taken at intake is left as it was; the difference is a refund record (환급) tied to that
    receipt and the application, on the business day of ``now``. The application then shows the reduced fee.
    A replay with the same ``client_uuid`` returns the refund already paid; another id for the same
    application is refused (two counters at once: one pays, the other is told it was just paid). A refund
    on a day already closed (일일 마감) is refused: it takes the day's receipt counter like the close does,
    so it is either inside the approved refunds of the day or not paid.
    """
    moment = moment_of(now)
    authorize(actor, "passport.intake", now=moment)
    authorize(actor, "receipt.issue", now=moment)
    proof = clean_text(proof, "증빙서류", max_len=REASON_MAX)
    if len(proof) < 2:
        raise ValidationError("제출한 증빙서류(예: 사망진단서)를 적으세요.")
    if refund_method not in REFUND_METHODS:
        raise ValidationError("환급 방법을 고르세요 ({methods}).", methods=", ".join(REFUND_METHODS))
    key = client_uuid or uuid.uuid4()

    def write() -> RefundView:
        with uow:
            # Serialised with the day close first: it holds the same counter row of the day while it sums the
            # day's takings and refunds (see dayclose.close_day), so a refund is inside them or sees the close.
            day = business_day_of(moment)
            lock_series(uow.session, office_id=actor.office_id, series=RECEIPT_SERIES, period=f"{day:%Y%m%d}")
            # Then the application: a twin replay that committed while we waited is seen below, not refused.
            app = load_application(uow, actor, application_id, for_update=True)
            existing = _refund_by(uow, key)
            if existing is not None:
                return replay.answered(existing)
            refund = _write_refund(uow, actor, app, proof=proof, method=refund_method, key=key, moment=moment)
            view = refund_view(uow, refund)
            uow.commit()
        return view

    def find() -> RefundView | None:
        with uow:
            return _refund_by(uow, key)

    return replay.write_once(write, find)


def _paid_refusal(uow: UnitOfWork, app: PassportApplication, moment: datetime) -> str:
    """The refusal of a second refund: another counter's refund of a moment ago is named as such."""
    last = uow.session.scalars(
        select(PassportRefund).where(PassportRefund.application_id == app.id).order_by(PassportRefund.id.desc())
    ).first()
    if last is not None and just_now(last.refunded_at, moment):
        return (
            f"{app.number}: 다른 창구에서 방금 감면 차액 {last.amount:,}원을 환급했습니다. "
            "이미 감면 수수료로 처리되어 다시 환급할 수 없습니다."
        )
    return f"{app.number}: 이미 감면 수수료로 처리되었습니다. 다시 환급할 수 없습니다."


def _write_refund(
    uow: UnitOfWork,
    actor: Actor,
    app: PassportApplication,
    *,
    proof: str,
    method: str,
    key: uuid.UUID,
    moment: datetime,
) -> PassportRefund:
    if not app.emergency:
        raise RuleViolation("친족 사망·위독 감면은 긴급여권에만 적용됩니다.")
    if app.reduced:
        raise RuleViolation(_paid_refusal(uow, app, moment))
    due = app.reduced_proof_due or pp.reduced_proof_due(app.received_at)
    if seoul_day(moment) > due:
        raise RuleViolation(
            "{number}: 감면 증빙 제출 기한({due})이 지나 차액을 돌려줄 수 없습니다.",
            number=app.number,
            due=due.isoformat(),
        )
    receipt = uow.session.get(Receipt, app.receipt_id) if app.receipt_id else None
    if receipt is None or receipt.status != "issued":
        raise RuleViolation(
            "{number}: 수납 영수증이 없거나 취소되어 환급할 수 없습니다. 팀장에게 문의하세요.", number=app.number
        )
    try:
        reduced = pp.passport_fee(pp.KIND_EMERGENCY, age=app.age, applied_at=app.received_at, reduced=True)
    except pp.PassportRuleError as exc:
        raise rule_error(exc) from None
    fee_diff = app.fee - reduced.fee
    contribution_diff = app.contribution - reduced.contribution
    amount = fee_diff + contribution_diff
    if amount <= 0:
        raise RuleViolation("{number}: 돌려줄 차액이 없습니다.", number=app.number)
    day = business_day_of(moment)
    if is_day_closed(uow, office_id=actor.office_id, day=day):
        raise RuleViolation(
            "{day} 업무가 이미 마감되어 환급할 수 없습니다. 마감 후 환급은 팀장에게 문의하세요.", day=day.isoformat()
        )
    refund = PassportRefund(
        uuid=key,
        office_id=actor.office_id,
        clerk_id=actor.user_id,
        application_id=app.id,
        receipt_id=receipt.id,
        refunded_at=moment,
        business_day=day,
        fee_amount=fee_diff,
        contribution_amount=contribution_diff,
        amount=amount,
        method=method,
        reason=app.reduced_reason or "친족 사망·위독 감면",
        proof=proof,
        fee_table=reduced.table,
    )
    uow.session.add(refund)
    app.reduced = True
    app.reduced_claim = "applied"
    app.fee, app.contribution, app.total = reduced.fee, reduced.contribution, reduced.total
    app.label = reduced.label
    app.fee_table = reduced.table
    app.fee_verified = reduced.verified
    uow.session.flush()
    audit.record(
        uow,
        actor,
        "passport.refund",
        record_type=RECORD_TYPE,
        record_id=app.number,
        detail=f"감면 차액 {amount}원 {method} 환급 (영수증 {receipt.number}, {reduced.table})",
        reason=proof,
    )
    return refund


def list_refunds(uow: UnitOfWork, actor: Actor, *, day: date) -> list[RefundView]:
    """Refunds paid on a business day (for the day's closing: receipts minus refunds)."""
    authorize_any(actor, ("receipt.issue", "stats.view"), None)
    with uow:
        rows = uow.session.scalars(
            select(PassportRefund)
            .where(PassportRefund.office_id == actor.office_id, PassportRefund.business_day == day)
            .order_by(PassportRefund.id)
        ).all()
        return [refund_view(uow, r) for r in rows]
