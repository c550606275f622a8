"""Lost passports (분실 신고) and the emergency-passport check they decide (긴급여권 자격), before any payment."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime

from sqlalchemy import select

from app.domain import passport as pp
from app.services import audit, replay
from app.services.actor import Actor
from app.services.applicants import write_applicant
from app.services.errors import NotFound, ValidationError
from app.services.inputs import clean_int, clean_name, clean_text
from app.services.outbox import normalise_phone
from app.services.passports.records import (
    LOSS_RECORD_TYPE,
    LOSS_SERIES,
    authorize_any,
    find_applicant,
    loss_dates,
    loss_view,
    moment_of,
    parse_applicant_rrn,
    rule_error,
    seoul_day,
)
from app.services.receipts import business_day_of
from app.services.roles import authorize
from app.views.passport import EligibilityView, LossReportView
from db.models import Applicant
from db.models_passport import PassportLossReport
from db.numbers import next_number
from db.uow import UnitOfWork

EARLIEST_LOSS = date(1950, 1, 1)
CIRCUMSTANCES_MAX = 2000
_PASSPORT_NUMBER = re.compile(r"[A-Z0-9]{1,20}")


def eligibility_in(
    uow: UnitOfWork,
    applicant_id: int | None,
    *,
    identity_verified: bool,
    reason: str,
    declared_losses_1y: int | None,
    declared_losses_5y: int | None,
    moment: datetime,
) -> EligibilityView:
    """The emergency-passport check on the applicant's recorded losses, read in the OPEN unit of work."""
    dates = loss_dates(uow, applicant_id)
    try:
        result = pp.emergency_eligibility(
            identity_verified=identity_verified,
            reason=reason,
            loss_dates=dates,
            on=seoul_day(moment),
            declared_losses_1y=declared_losses_1y,
            declared_losses_5y=declared_losses_5y,
        )
    except pp.PassportRuleError as exc:
        raise rule_error(exc) from None
    return EligibilityView(
        eligible=result.eligible,
        reasons=result.reasons,
        warning=result.warning,
        losses=result.losses,
        recorded_losses=len(dates),
        rule=result.rule,
    )


def check_emergency_eligibility(
    uow: UnitOfWork,
    actor: Actor,
    *,
    resident_number: str,
    identity_verified: bool,
    reason: str,
    declared_losses_1y: int | None = None,
    declared_losses_5y: int | None = None,
    now: datetime | None = None,
) -> EligibilityView:
    """Whether an emergency passport may be taken, before any payment; reads the recorded loss reports."""
    moment = moment_of(now)
    authorize(actor, "passport.intake", now=moment)
    rrn = parse_applicant_rrn(clean_text(resident_number, "주민등록번호", max_len=20))
    reason = clean_text(reason, "긴급 사유", max_len=500)
    declared_losses_1y, declared_losses_5y = (
        None if value is None else clean_int(value, label, minimum=0, maximum=99)
        for value, label in ((declared_losses_1y, "최근 1년 분실 횟수"), (declared_losses_5y, "최근 5년 분실 횟수"))
    )
    with uow:
        applicant = find_applicant(uow, rrn)
        view = eligibility_in(
            uow,
            applicant.id if applicant else None,
            identity_verified=identity_verified,
            reason=reason,
            declared_losses_1y=declared_losses_1y,
            declared_losses_5y=declared_losses_5y,
            moment=moment,
        )
        audit.record(
            uow,
            actor,
            "passport.emergency_check",
            record_type="applicant" if applicant else "",
            record_id=applicant.uuid if applicant else "",
            detail=("가능" if view.eligible else "불가: " + " ".join(view.reasons)),
        )
        uow.commit()
    return view


def _existing_report(uow: UnitOfWork, client_uuid: uuid.UUID) -> LossReportView | None:
    existing = uow.session.scalars(select(PassportLossReport).where(PassportLossReport.uuid == client_uuid)).first()
    if existing is None:
        return None
    holder = uow.session.get(Applicant, existing.applicant_id)
    return loss_view(existing, holder.name if holder else "")


def record_loss_report(
    uow: UnitOfWork,
    actor: Actor,
    *,
    name: str,
    resident_number: str,
    lost_on: date,
    place: str,
    circumstances: str,
    passport_number: str = "",
    phone: str = "",
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> LossReportView:
    """Record a lost passport (분실 신고) for the applicant; numbers like ``L20261125-0001``.

    A replay with the same ``client_uuid`` (a retry after a lost reply, also from a twin that committed
    first) returns the report already recorded.
    """
    moment = moment_of(now)
    authorize(actor, "passport.loss_report", now=moment)
    name = clean_name(name)
    rrn = parse_applicant_rrn(clean_text(resident_number, "주민등록번호", max_len=20))
    if isinstance(lost_on, datetime) or not isinstance(lost_on, date):
        raise ValidationError("분실한 날짜를 입력하세요.")
    if lost_on > seoul_day(moment):
        raise ValidationError("분실일({lost_on})이 오늘보다 뒤입니다.", lost_on=lost_on.isoformat())
    if lost_on < EARLIEST_LOSS:
        raise ValidationError(
            "분실일({lost_on})을 확인하세요 ({year}년 이후).", lost_on=lost_on.isoformat(), year=EARLIEST_LOSS.year
        )
    place = clean_text(place, "분실 장소", max_len=200)
    circumstances = clean_text(circumstances, "분실 경위", max_len=CIRCUMSTANCES_MAX, multiline=True)
    if len(place) < 2:
        raise ValidationError("분실 장소를 적으세요.")
    if len(circumstances) < 2:
        raise ValidationError("분실 경위를 적으세요.")
    passport_number = clean_text(passport_number, "여권번호", max_len=40).upper().replace(" ", "").replace("-", "")
    if len(passport_number) > 20:
        raise ValidationError("여권번호가 너무 깁니다.")
    if passport_number and not _PASSPORT_NUMBER.fullmatch(passport_number):
        raise ValidationError(
            "여권번호는 영문과 숫자로 적으세요 (예: M12345678): '{passport_number}'", passport_number=passport_number
        )
    phone = clean_text(phone, "전화번호", max_len=40)
    key = client_uuid or uuid.uuid4()

    def write() -> LossReportView:
        with uow:
            existing = _existing_report(uow, key)
            if existing is not None:
                return replay.answered(existing)
            applicant = write_applicant(
                uow,
                actor,
                name=name,
                resident_number=rrn.digits,
                phone=normalise_phone(phone) if phone else "",
                address="",
            )
            day = business_day_of(moment)
            sequence = next_number(uow.session, office_id=actor.office_id, series=LOSS_SERIES, period=f"{day:%Y%m%d}")
            report = PassportLossReport(
                uuid=key,
                office_id=actor.office_id,
                clerk_id=actor.user_id,
                applicant_id=applicant.id,
                number=f"L{day:%Y%m%d}-{sequence:04d}",
                reported_at=moment,
                lost_on=lost_on,
                place=place,
                circumstances=circumstances,
                passport_number=passport_number,
            )
            uow.session.add(report)
            uow.session.flush()
            audit.record(
                uow,
                actor,
                "passport.loss_report",
                record_type=LOSS_RECORD_TYPE,
                record_id=report.number,
                detail=f"분실일 {lost_on.isoformat()}, {place}",
            )
            view = loss_view(report, applicant.name)
            uow.commit()
        return view

    def find() -> LossReportView | None:
        with uow:
            return _existing_report(uow, key)

    return replay.write_once(write, find)


def list_loss_reports(uow: UnitOfWork, actor: Actor, *, applicant_id: int) -> list[LossReportView]:
    """The applicant's loss reports at this office, latest loss first (audited as a read of the applicant)."""
    authorize_any(actor, ("passport.loss_report", "passport.intake"), None)
    with uow:
        applicant = uow.session.get(Applicant, applicant_id)
        if applicant is None:
            raise NotFound("민원인을 찾을 수 없습니다.")
        rows = uow.session.scalars(
            select(PassportLossReport)
            .where(PassportLossReport.applicant_id == applicant_id, PassportLossReport.office_id == actor.office_id)
            .order_by(PassportLossReport.lost_on.desc())
        ).all()
        audit.record(uow, actor, "passport.loss_read", record_type="applicant", record_id=applicant.uuid)
        views = [loss_view(r, applicant.name) for r in rows]
        uow.commit()
    return views
