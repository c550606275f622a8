"""The petition workflow (처리 흐름): 접수 → 처리중 → (보완요청 ⇄ 처리중) → 처리완료 (인용/불가) → 통지/교부,
이송 and 연장 on the way, 종결 without a decision (민원 처리에 관한 법률 시행령 제25조).

Every transition is one call: it locks the petition, checks the rule on the locked row (``app.domain.
petition_rules``), writes a history event and an audit entry in the same transaction and recomputes ``due_at``.
A retry with the same ``client_uuid`` (a lost reply) returns the petition as it is now and writes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta

from app.domain.calendar import SEOUL
from app.domain.deadlines import next_working_moment, parse_period
from app.domain.messages import Text
from app.domain.petition_rules import (
    CLOSE_REASONS,
    DECISIONS,
    EXTENSION_NOTICE_METHODS,
    NOTIFY_METHODS,
    OPEN_STATUSES,
    WORKLOAD_REFUSAL,
    allowed,
    extended_due,
    extension_outlasts_period,
    extension_refusal,
    is_backdated,
    is_in_the_future,
    is_workload_reason,
    not_collected_refusal,
    supplement_close_refusal,
    unanswered_supplements,
    workflow_rules,
)
from app.formatting import josa
from app.i18n import N_
from app.services import audit, replay, surveys
from app.services.actor import Actor
from app.services.errors import RuleViolation, ValidationError
from app.services.inputs import clean_int, clean_text
from app.services.outbox import enqueue_sms, normalise_phone
from app.services.petitions.catalog import department_choices
from app.services.petitions.records import (
    closure_days,
    compute_due,
    load_petition,
    optional_note,
    pauses_of,
    recompute_due,
    refuse,
    required_reason,
    view_of,
    write_event,
)
from app.services.roles import authorize
from app.views.petitions import PetitionView
from db.models import utcnow
from db.models_petitions import Petition, PetitionExtension, PetitionPause, PetitionTransfer
from db.uow import UnitOfWork

# A supplement is asked for within this many days at most (the decree's own limits are far shorter).
SUPPLEMENT_AHEAD = timedelta(days=366)
# The units an extension's period is given in (the number beside it in the dialog), as the data tables write
# them: "일" counted in working hours up to 5 days and in working days beyond (app.domain.deadlines).
EXTENSION_UNITS = {"days": "일", "hours": "시간", "months": "개월"}
EXTENSION_AMOUNT_MAX = 999
# apply(petition, moment) -> (to_status, history note, audit detail, audit reason)
Apply = Callable[[Petition, datetime], tuple[str, str, str, str]]


def _transition(
    uow: UnitOfWork,
    actor: Actor,
    petition_id: int,
    action: str,
    client_uuid: uuid.UUID | None,
    now: datetime | None,
    apply: Apply,
) -> PetitionView:
    """Run ``apply`` on the locked petition as one transition (one event, one audit entry, one commit)."""
    moment = now or utcnow()
    authorize(actor, "petition.process", now=moment)
    key = f"petition.{action}"
    with uow:
        petition = load_petition(uow, actor, petition_id, lock=True)
        if replay.already_done(
            uow, actor, client_uuid=client_uuid, action=key, record_type="petition", record_id=petition.id
        ):
            return replay.answered(view_of(uow, petition, moment))
        before = petition.status
        to_status, note, detail, reason = apply(petition, moment)
        petition.status = to_status
        petition.updated_at = moment
        closures = closure_days(uow, petition.office_id)
        if petition.status in OPEN_STATUSES:
            recompute_due(uow, petition, moment, closures)
        write_event(uow, actor, petition, action, before, to_status, moment, note=note, event_uuid=client_uuid)
        audit.record(
            uow,
            actor,
            f"petition.{action}",
            record_type="petition",
            record_id=petition.number,
            detail=detail,
            reason=reason,
        )
        replay.remember(uow, actor, client_uuid=client_uuid, action=key, record_type="petition", record_id=petition.id)
        view = view_of(uow, petition, moment, closures)
        uow.session.flush()
        uow.commit()
    return view


def start_processing(
    uow: UnitOfWork,
    actor: Actor,
    *,
    petition_id: int,
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> PetitionView:
    """접수 → 처리중."""

    def apply(p: Petition, moment: datetime) -> tuple[str, str, str, str]:
        if not allowed("start", p.status):
            raise refuse(uow, actor, p, "start", moment=moment)
        return "processing", "", "처리중", ""

    return _transition(uow, actor, petition_id, "start", client_uuid, now, apply)


def request_supplement(
    uow: UnitOfWork,
    actor: Actor,
    *,
    petition_id: int,
    note: str,
    supplement_due: date | None = None,
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> PetitionView:
    """보완요청: the clock stops until the supplement arrives."""
    what = required_reason(note, N_("보완 요청 내용"))

    def apply(p: Petition, moment: datetime) -> tuple[str, str, str, str]:
        if not allowed("supplement", p.status):
            raise refuse(uow, actor, p, "supplement", moment=moment)
        if supplement_due is not None and supplement_due < moment.astimezone(SEOUL).date():
            raise ValidationError("보완 기한이 오늘보다 앞섭니다.")
        if supplement_due is not None and supplement_due > moment.astimezone(SEOUL).date() + SUPPLEMENT_AHEAD:
            raise ValidationError("보완 기한이 너무 멉니다 ({days}일 이내).", days=SUPPLEMENT_AHEAD.days)
        p.pauses.append(
            PetitionPause(requested_at=moment, supplement_due_on=supplement_due, note=what, requested_by=actor.user_id)
        )
        due_text = f" (보완 기한 {supplement_due:%Y-%m-%d})" if supplement_due else ""
        note = Text("{what} (보완 기한 {day:%Y-%m-%d})", what=what, day=supplement_due) if supplement_due else what
        return "supplement", note, f"보완 요청{due_text}", ""

    return _transition(uow, actor, petition_id, "supplement", client_uuid, now, apply)


def receive_supplement(
    uow: UnitOfWork,
    actor: Actor,
    *,
    petition_id: int,
    note: str = "",
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> PetitionView:
    """보완 도착: the clock runs again; the deadline moves by the time spent waiting."""
    text = optional_note(note, N_("보완 도착 메모"))

    def apply(p: Petition, moment: datetime) -> tuple[str, str, str, str]:
        if not allowed("resume", p.status):
            raise refuse(uow, actor, p, "resume", N_("보완 요청 중인 민원만 보완 도착을 기록합니다."), moment=moment)
        open_pause = next((x for x in reversed(p.pauses) if x.resumed_at is None), None)
        if open_pause is None:  # pragma: no cover - a supplement status always has an open pause
            raise RuleViolation("{number}: 진행 중인 보완 요청이 없습니다.", number=p.number)
        open_pause.resumed_at = max(moment, open_pause.requested_at)
        open_pause.resumed_by = actor.user_id
        return "processing", text, "보완 도착", ""

    return _transition(uow, actor, petition_id, "resume", client_uuid, now, apply)


def extend_petition(
    uow: UnitOfWork,
    actor: Actor,
    *,
    petition_id: int,
    reason: str,
    period: str | None = None,
    period_amount: int | None = None,
    period_unit: str | None = None,
    notice_method: str = "서면",
    applicant_consent: bool = False,
    consent_note: str = "",
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> PetitionView:
    """연장: within the period, with a lawful reason and a notice; a second one only with consent.

    The period is ``period_amount`` of ``period_unit`` (a key of ``EXTENSION_UNITS``: what the dialog gives),
    or ``period`` as the data tables write it (``"14일"``), or else the petition's own period."""
    why = required_reason(reason, N_("연장 사유"))
    if is_workload_reason(why):
        raise RuleViolation(WORKLOAD_REFUSAL)
    if notice_method not in EXTENSION_NOTICE_METHODS:
        raise ValidationError("연장 통지 방법을 고르세요 ({methods}).", methods=", ".join(EXTENSION_NOTICE_METHODS))
    consent_text = optional_note(consent_note, N_("민원인 동의 내용"), max_len=500)
    period_text = clean_text(period, N_("연장 기간"), max_len=20) if period is not None else None
    if period_amount is not None or period_unit is not None:
        amount = clean_int(period_amount, N_("연장 기간"), minimum=1, maximum=EXTENSION_AMOUNT_MAX)
        if period_unit not in EXTENSION_UNITS:
            raise ValidationError("연장 기간의 단위를 고르세요 (일, 시간, 개월).")
        period_text = f"{amount}{EXTENSION_UNITS[period_unit]}"

    def apply(p: Petition, moment: datetime) -> tuple[str, str, str, str]:
        if not allowed("extend", p.status):
            raise refuse(uow, actor, p, "extend", moment=moment)
        closures = closure_days(uow, p.office_id)
        current = compute_due(p, closures, moment)
        if moment >= current:
            raise RuleViolation(
                "{number}의 처리기간이 이미 지났습니다 ({due:%Y-%m-%d %H:%M}). "
                "연장은 처리기간 안에서만 할 수 있습니다.",
                number=p.number,
                due=current.astimezone(SEOUL),
            )
        rules = workflow_rules(moment.astimezone(SEOUL).date())
        refused = extension_refusal(
            number=p.number, extension_count=p.extension_count, consent=applicant_consent, rules=rules
        )
        if refused:
            raise refuse(uow, actor, p, "extend", moment=moment, reason=refused)
        try:
            wanted = parse_period(period_text or p.period)
        except ValueError as exc:
            raise ValidationError.of(exc) from None
        reference = next_working_moment(moment, closures=closures)
        if extension_outlasts_period(reference, wanted.text, p.period, closures=closures):
            raise RuleViolation(
                "연장 기간({extension})은 원래 처리기간({period})을 넘을 수 없습니다.",
                extension=wanted.text,
                period=p.period,
            )
        new_due = extended_due(current, wanted.text, pauses_of(p), closures=closures, now=moment)
        sequence = p.extension_count + 1
        p.extensions.append(
            PetitionExtension(
                sequence=sequence,
                extended_at=moment,
                period=wanted.text,
                reason=why,
                due_before=current,
                due_after=new_due,
                notice_method=notice_method,
                notice_at=moment,
                consent=applicant_consent,
                consent_note=consent_text,
                actor_id=actor.user_id,
            )
        )
        p.extension_count = sequence
        local_due = new_due.astimezone(SEOUL)
        if notice_method == "문자" and p.contact_phone:
            try:
                recipient = normalise_phone(p.contact_phone)
            except ValidationError:
                raise ValidationError("민원인 전화가 휴대전화가 아니어서 문자로 통지할 수 없습니다.") from None
            enqueue_sms(
                uow,
                office_id=p.office_id,
                recipient=recipient,
                body=f"[민원 처리기간 연장] {p.number} {p.type_name}: 처리기한이 "
                f"{josa(f'{local_due:%Y-%m-%d %H:%M}', '으로/로')} "
                f"연장되었습니다. 사유: {why}",
                record_type="petition",
                record_id=p.number,
            )
        elif notice_method == "문자":
            raise ValidationError("민원인 전화번호가 없어 문자로 통지할 수 없습니다. 서면 통지를 고르세요.")
        consent = Text(" · 민원인 동의: {consent}", consent=consent_text or N_("예")) if applicant_consent else ""
        note = f"{sequence}차 연장 {wanted.text} → {local_due:%Y-%m-%d %H:%M} · {notice_method} 통지{consent}"
        history = Text(
            "{sequence}차 연장 {period} → {due:%Y-%m-%d %H:%M} · {method} 통지{consent} · 사유: {reason}",
            sequence=sequence,
            period=wanted,
            due=local_due,
            method=notice_method,
            consent=consent,
            reason=why,
        )
        return p.status, history, note, why

    return _transition(uow, actor, petition_id, "extend", client_uuid, now, apply)


def transfer_petition(
    uow: UnitOfWork,
    actor: Actor,
    *,
    petition_id: int,
    to_department: str,
    reason: str,
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> PetitionView:
    """이송 to another department of the office; the period keeps running (same office, same receipt)."""
    why = required_reason(reason, N_("이송 사유"))
    target = clean_text(to_department, N_("이송할 부서"), max_len=60)

    def apply(p: Petition, moment: datetime) -> tuple[str, str, str, str]:
        if not allowed("transfer", p.status):
            raise refuse(uow, actor, p, "transfer", moment=moment)
        if target not in department_choices(on=moment):
            raise ValidationError("이송할 부서를 목록에서 고르세요: '{target}'", target=target)
        if target == p.department:
            message = Text("{number:은/는} 이미 {department} 소관입니다.", number=p.number, department=target)
            raise refuse(uow, actor, p, "transfer", moment=moment, reason=message, kind=ValidationError)
        p_from = p.department
        uow.session.add(
            PetitionTransfer(
                petition_id=p.id,
                at=moment,
                from_department=p_from,
                to_department=target,
                reason=why,
                actor_id=actor.user_id,
            )
        )
        p.department = target
        note = f"{p_from} → {target}"
        history = Text(
            "{from_department} → {to_department} · 사유: {reason}",
            from_department=p_from,
            to_department=target,
            reason=why,
        )
        return "received", history, note, why

    return _transition(uow, actor, petition_id, "transfer", client_uuid, now, apply)


def decide_petition(
    uow: UnitOfWork,
    actor: Actor,
    *,
    petition_id: int,
    decision: str,
    decided_at: datetime | None = None,
    reason: str = "",
    decision_reason: str = "",
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> PetitionView:
    """처리완료 (인용/불가) at the moment of the actual decision; an earlier moment needs a reason.

    ``decision_reason`` is printed on the 처리결과 통지서: a refusal (불가) must give it (행정절차법 제23조)."""
    if decision not in DECISIONS:
        raise ValidationError("처리 결과를 고르세요 (인용 또는 불가).")
    if decision == "불가":
        grounds = required_reason(decision_reason, N_("불가 사유"))
    else:
        grounds = optional_note(decision_reason, N_("처리 내용"))

    def apply(p: Petition, moment: datetime) -> tuple[str, str, str, str]:
        if p.status == "supplement":
            raise refuse(uow, actor, p, "decide", N_("보완 도착을 먼저 기록하세요."), moment=moment)
        if not allowed("decide", p.status):
            raise refuse(uow, actor, p, "decide", moment=moment)
        when = decided_at or moment
        if when.tzinfo is None:
            raise ValidationError("처리완료 시각에 시간대가 없습니다.")
        if is_in_the_future(when, moment):
            raise ValidationError("처리완료 시각이 지금보다 뒤일 수 없습니다.")
        if when < p.received_at:
            raise ValidationError("처리완료 시각이 접수 시각보다 앞설 수 없습니다.")
        last_resume = max((x.resumed_at for x in p.pauses if x.resumed_at is not None), default=None)
        if last_resume is not None and when < last_resume:
            raise RuleViolation(
                "처리완료 시각이 마지막 보완 도착({arrived:%Y-%m-%d %H:%M})보다 앞설 수 없습니다.",
                arrived=last_resume.astimezone(SEOUL),
            )
        backdated = is_backdated(when, moment)
        why = required_reason(reason, N_("실제 처리(결재) 시각을 앞당겨 기록하는 사유")) if backdated else ""
        closures = closure_days(uow, p.office_id)
        due = compute_due(p, closures, when)
        p.due_at = due
        p.decision = decision
        p.decided_at = when
        p.decided_recorded_at = moment
        p.decided_by = actor.user_id
        p.decided_reason = why
        p.decision_reason = grounds
        p.late = when > due
        local = when.astimezone(SEOUL)
        note = f"{decision} · 처리 {local:%Y-%m-%d %H:%M}" + (" · 기한 경과" if p.late else "")
        if backdated:
            audit.record(
                uow,
                actor,
                "petition.decide.backdated",
                record_type="petition",
                record_id=p.number,
                detail=f"실제 처리 {local:%Y-%m-%d %H:%M}, 기록 {moment.astimezone(SEOUL):%Y-%m-%d %H:%M}",
                reason=why,
            )
        note += f" · {'불가 사유' if decision == '불가' else '내용'}: {grounds}" if grounds else ""
        grounds_text = ""
        if grounds:
            if decision == "불가":
                grounds_text = Text(" · 불가 사유: {grounds}", grounds=grounds)
            else:
                grounds_text = Text(" · 내용: {grounds}", grounds=grounds)
        history = Text(
            "{decision} · 처리 {decided:%Y-%m-%d %H:%M}{late}{grounds}{backdated}",
            decision=decision,
            decided=local,
            late=N_(" · 기한 경과") if p.late else "",
            grounds=grounds_text,
            backdated=Text(" · 사유: {reason}", reason=why) if why else "",
        )
        return "decided", history, note, why

    return _transition(uow, actor, petition_id, "decide", client_uuid, now, apply)


def notify_petition(
    uow: UnitOfWork,
    actor: Actor,
    *,
    petition_id: int,
    method: str = "통지",
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> PetitionView:
    """통지/교부 of the decision; the petition is queued for the satisfaction survey."""
    if method not in NOTIFY_METHODS:
        raise ValidationError("통지 또는 교부를 고르세요.")

    def apply(p: Petition, moment: datetime) -> tuple[str, str, str, str]:
        if not allowed("notify", p.status):
            raise refuse(
                uow,
                actor,
                p,
                "notify",
                N_("처리완료를 먼저 기록하세요.") if p.status in OPEN_STATUSES else "",
                moment=moment,
            )
        p.notified_at = moment
        p.notice_method = method
        surveys.write_survey(uow, p, now=moment)
        return "notified", Text(method), method, ""

    return _transition(uow, actor, petition_id, "notify", client_uuid, now, apply)


def close_petition(
    uow: UnitOfWork,
    actor: Actor,
    *,
    petition_id: int,
    reason_code: str,
    note: str = "",
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> PetitionView:
    """종결 without a decision, for the reasons the decree allows (see CLOSE_REASONS)."""
    if reason_code not in CLOSE_REASONS:
        raise ValidationError("종결 사유를 고르세요.")
    text = optional_note(note, N_("종결 내용"))

    def apply(p: Petition, moment: datetime) -> tuple[str, str, str, str]:
        today = moment.astimezone(SEOUL).date()
        rules = workflow_rules(today)
        if reason_code == "supplement_unanswered":
            if not allowed("close", p.status, close_reason=reason_code):
                raise refuse(uow, actor, p, "close", moment=moment)
            supplements = [
                (x.supplement_due_on, x.resumed_at.astimezone(SEOUL).date() if x.resumed_at else None) for x in p.pauses
            ]
            refused = supplement_close_refusal(unanswered_supplements(supplements, today), rules)
            if refused:
                raise RuleViolation(refused)
        elif reason_code == "address_unknown":
            if not allowed("close", p.status, close_reason=reason_code):
                raise refuse(uow, actor, p, "close", moment=moment)
            required_reason(text, Text("주소 불명 또는 우편 반송({count}회) 내용", count=rules.returned_mail))
        else:
            if not allowed("close", p.status, close_reason=reason_code):
                raise refuse(
                    uow, actor, p, "close", N_("교부할 문서 미수령 종결은 처리완료된 민원에만 합니다."), moment=moment
                )
            assert p.decided_at is not None
            # 시행령 제25조④: 15 days from the expected completion date (the deadline), not the decision.
            refused = not_collected_refusal(
                p.decided_at.astimezone(SEOUL).date(),
                today,
                rules,
                expected_on=p.due_at.astimezone(SEOUL).date(),
                closures=closure_days(uow, p.office_id),
            )
            if refused:
                raise RuleViolation(refused)
        p.closed_at = moment
        p.close_reason = reason_code
        p.close_note = text
        label = CLOSE_REASONS[reason_code]
        history = Text("{reason} · {note}", reason=label, note=text) if text else Text(label)
        return "closed", history, label, text

    return _transition(uow, actor, petition_id, "close", client_uuid, now, apply)
