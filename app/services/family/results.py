"""The registrar's decision on a filing (처리완료/불수리) and its result SMS, queued in the same transaction."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from app.domain.calendar import seoul_today
from app.domain.family_guidance import result_sms
from app.domain.identity import mask_text
from app.services import audit, replay
from app.services.actor import Actor
from app.services.errors import RuleViolation, ValidationError
from app.services.family.common import (
    OUTCOMES,
    PERMISSION,
    RECORD_TYPE,
    STATUS_LABELS,
    domain_call,
    filing_view,
    load_filing,
)
from app.services.inputs import clean_int, clean_text
from app.services.outbox import enqueue_sms
from app.services.receipts import business_day_of
from app.services.roles import authorize
from app.views.family import FilingView
from db.models import utcnow
from db.uow import UnitOfWork

NOTE_MAX = 500  # 불수리 사유: it goes into the result SMS, so a paragraph at most


def result_message(view: FilingView, outcome: str, note: str = "", *, on: date | None = None) -> str:
    """The SMS text (wording from ``family.toml``): the office, the filing and its outcome; never a resident number."""
    return domain_call(
        result_sms,
        outcome,
        office=view.office_name,
        filer=view.filer_name,
        kind_name=view.kind_name,
        number=view.number,
        reason=note,
        phone=view.office_phone,
        on=on or seoul_today(),
    )


def process_filing(
    uow: UnitOfWork,
    actor: Actor,
    *,
    filing_id: int,
    outcome: str,
    note: str = "",
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> FilingView:
    """Record the registrar's decision (처리완료 or 불수리) and, with consent, queue the result SMS with it.

    A retry with the same ``client_uuid`` after a lost reply gets the filing as it is now, without a second
    audit entry or a second message; a decision on a filing already decided is refused (RuleViolation).
    """
    authorize(actor, PERMISSION, now=now)
    filing_id = clean_int(filing_id, "신고 번호", minimum=1, maximum=2**31 - 1)
    if not isinstance(outcome, str) or outcome not in OUTCOMES:
        raise ValidationError("처리 결과는 처리완료 또는 불수리여야 합니다.")
    note = " ".join(clean_text(note, "사유", max_len=NOTE_MAX).split())
    if outcome == "refused" and len(note) < 2:
        raise ValidationError("불수리 사유를 입력하세요.")
    moment = now or utcnow()
    action = f"family.{outcome}"
    with uow:
        filing = load_filing(uow, actor, filing_id, for_update=True)
        if replay.already_done(
            uow, actor, client_uuid=client_uuid, action=action, record_type=RECORD_TYPE, record_id=filing.id
        ):
            return replay.answered(filing_view(filing, uow))
        if filing.status != "received":
            raise RuleViolation(
                "이미 {status}된 신고입니다: {number} — 다른 창구에서 방금 처리했습니다. "
                "목록을 새로 고쳐 결과를 확인하세요.",
                status=STATUS_LABELS.get(filing.status, filing.status),
                number=filing.number,
            )
        filing.status = outcome
        filing.processed_at = moment
        filing.processed_by = actor.user_id
        filing.result_note = mask_text(note)
        uow.session.flush()
        view = filing_view(filing, uow)
        if filing.sms_consent and filing.sms_phone:
            message = enqueue_sms(
                uow,
                office_id=filing.office_id,
                recipient=filing.sms_phone,
                body=result_message(view, outcome, note, on=business_day_of(moment)),
                record_type=RECORD_TYPE,
                record_id=filing.id,
            )
            # The message belongs to the decision: dated with it (a back-dated decision keeps its order).
            message.created_at = moment
            message.next_attempt_at = moment
        audit.record(
            uow,
            actor,
            action,
            record_type=RECORD_TYPE,
            record_id=filing.number,
            reason=note,
            detail="문자알림 대기" if filing.sms_consent else "",
            at=moment,
        )
        replay.remember(
            uow, actor, client_uuid=client_uuid, action=action, record_type=RECORD_TYPE, record_id=filing.id
        )
        uow.commit()
    return view
