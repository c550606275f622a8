"""Passport guidance without a person (안내): the fee calculator, the checklist, and the printed checklist sheet.

The guide assistant (여권 안내 도우미) may do these and nothing more; nothing here writes a record but the
access-log entries of a print.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from app.documents.passport import render_checklist
from app.domain import passport as pp
from app.services import printing
from app.services.actor import Actor
from app.services.passports.records import CHECKLIST_RECORD_TYPE, moment_of, office_of, rule_error
from app.services.printing import PrintJob
from app.services.roles import authorize
from app.views.passport import ChecklistSheet, FeeRequest
from db.uow import UnitOfWork

PRINT_ACTION = "checklist.print"


def quote_fee(actor: Actor, request: FeeRequest, *, applied_at: datetime | None = None) -> pp.PassportFee:
    """The fee for a passport (no person, nothing written); the guide assistant's calculator."""
    moment = moment_of(applied_at)
    authorize(actor, "fee.quote", now=moment)
    return _fee(request, moment)


def _fee(request: FeeRequest, moment: datetime) -> pp.PassportFee:
    try:
        return pp.passport_fee(
            request.kind,
            validity_years=request.validity_years,
            pages=request.pages,
            age=request.age,
            applied_at=moment,
            reduced=request.reduced,
            military_service_pending=request.military_service_pending,
        )
    except pp.PassportRuleError as exc:
        raise rule_error(exc) from None


def checklist(actor: Actor, situation: pp.ApplicantSituation, *, on: datetime | None = None) -> list[pp.ChecklistItem]:
    """The required documents for a situation (no person, nothing written)."""
    moment = moment_of(on)
    authorize(actor, PRINT_ACTION, now=moment)
    try:
        return pp.required_documents(situation, on=moment)
    except pp.PassportRuleError as exc:
        raise rule_error(exc) from None


def prepare_checklist_sheet(
    uow: UnitOfWork,
    actor: Actor,
    *,
    situation: pp.ApplicantSituation,
    fee_request: FeeRequest | None = None,
    now: datetime | None = None,
) -> ChecklistSheet:
    """What a checklist print-out says: the items, the fee quote, the notices and the office (reads only)."""
    moment = moment_of(now)
    authorize(actor, PRINT_ACTION, now=moment)
    try:
        items = pp.required_documents(situation, on=moment)
        warning = pp.emergency_warning(moment) if situation.emergency else ""
        rule = pp.keeping_rule(moment)
    except pp.PassportRuleError as exc:
        raise rule_error(exc) from None
    fee = _fee(fee_request, moment) if fee_request is not None else None
    with uow:
        office = office_of(uow, actor)
        return ChecklistSheet(
            office_name=office.name,
            department=office.department,
            office_address=office.address,
            office_phone=office.phone,
            printed_at=moment,
            situation=pp.describe_situation(situation),
            items=tuple(items),
            fee=fee,
            emergency_warning=warning,
            keeping_note=(
                f"여권이 도착하면 신분증을 가지고 직접 받아 가세요. 발급일부터 {rule.keeping_months}개월이 지나도록 "
                "받지 않으면 여권은 효력을 잃습니다."
            ),
            printed_by=actor.display_name,
        )


def print_checklist(
    uow: UnitOfWork,
    actor: Actor,
    *,
    situation: pp.ApplicantSituation,
    path: Path,
    fee_request: FeeRequest | None = None,
    now: datetime | None = None,
) -> Path:
    """Print the checklist (with the fee quote when asked) through the one print path; no person, no record.

    The access log gets the print's intent (``checklist.print``, with the situation in words) and its
    completion; nothing else is written.
    """
    sheet = prepare_checklist_sheet(uow, actor, situation=situation, fee_request=fee_request, now=now)
    fee = sheet.fee
    detail = " / ".join(sheet.situation) + (f" / {fee.label} {fee.total}원" if fee else "")
    return printing.print_document(
        uow,
        actor,
        job=PrintJob(PRINT_ACTION, CHECKLIST_RECORD_TYPE, "", detail),
        path=path,
        render=lambda target: render_checklist(sheet, target),
    )
