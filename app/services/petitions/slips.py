"""The applicant's petition papers (민원 접수증, 보완요구서, 처리결과 통지서): gathered here, printed through the one
print path (intent → render → ``print.done``); a second print of the same paper is marked 재발행."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import func, select

from app.documents.petition_slips import TITLES, render_petition_paper
from app.domain.calendar import SEOUL
from app.domain.effective import pick_in_force
from app.domain.petition_rules import CLOSE_REASONS
from app.resources import load_data
from app.services.actor import Actor
from app.services.errors import RuleViolation, ValidationError
from app.services.petitions.records import load_petition, view_of
from app.services.printing import PrintJob, print_document
from app.services.roles import authorize
from app.views.office import OfficeView
from app.views.petitions import PaperTexts, PetitionPaperView, ResultPaper, SupplementPaper
from db.models import Applicant, AuditEntry, Office, StaffUser, utcnow
from db.models_petitions import Petition
from db.uow import UnitOfWork

KINDS = tuple(TITLES)
# The access-log action of each paper (its intent entry; print.done follows it).
PRINT_ACTIONS = {
    "intake": "petition.slip.print",
    "supplement": "petition.supplement_request.print",
    "result": "petition.result_notice.print",
}
# Who may print which paper: the slip at intake, the others with the processing.
PERMISSIONS = {"intake": "petition.intake", "supplement": "petition.process", "result": "petition.process"}


@lru_cache(maxsize=16)
def paper_texts(on: datetime) -> PaperTexts:
    """The texts in force on ``on`` (``resources/data/petition_papers.toml``)."""
    entry = pick_in_force(load_data("petition_papers")["papers"], on.astimezone(SEOUL).date(), what="민원 서류 안내문")
    return PaperTexts(
        progress_inquiry=str(entry["progress_inquiry"]),
        supplement_basis=str(entry["supplement_basis"]),
        supplement_clock=str(entry["supplement_clock"]),
        supplement_extension=str(entry["supplement_extension"]),
        supplement_unanswered=str(entry["supplement_unanswered"]),
        appeal_days=int(entry["appeal_days"]),
        appeal_basis=str(entry["appeal_basis"]),
        lawsuit_basis=str(entry["lawsuit_basis"]),
        appeal_where=str(entry["appeal_where"]),
        reasons_basis=str(entry["reasons_basis"]),
        valid_from=str(entry["valid_from"]),
        source=str(entry["source"]),
        verified=bool(entry["verified"]),
    )


def _supplement(petition: Petition) -> SupplementPaper:
    if not petition.pauses:
        raise RuleViolation("{number}에는 보완 요구가 없어 보완요구서를 출력할 수 없습니다.", number=petition.number)
    pauses = sorted(petition.pauses, key=lambda x: x.requested_at)
    last = pauses[-1]
    return SupplementPaper(
        sequence=len(pauses),
        what=last.note,
        requested_at=last.requested_at,
        due_on=last.supplement_due_on,
        resumed_at=last.resumed_at,
    )


def _result(petition: Petition) -> ResultPaper:
    if petition.status == "closed" and petition.closed_at is not None:
        label = CLOSE_REASONS.get(petition.close_reason, petition.close_reason)
        reason = label + (f" — {petition.close_note}" if petition.close_note else "")
        return ResultPaper(outcome="종결", decided_at=petition.closed_at, reason=reason, late=False)
    if petition.status in ("decided", "notified") and petition.decided_at is not None:
        if petition.decision == "불가" and not petition.decision_reason.strip():
            # A refusal without its reason is not a lawful notice (행정절차법 제23조).
            raise RuleViolation(
                "{number}의 불가 사유가 기록되어 있지 않아 통지서를 출력할 수 없습니다. 담당 부서에 확인하세요.",
                number=petition.number,
            )
        return ResultPaper(
            outcome=petition.decision,
            decided_at=petition.decided_at,
            reason=petition.decision_reason,
            late=petition.late,
        )
    raise RuleViolation(
        "{number:은/는} 아직 처리되지 않아 처리결과 통지서를 출력할 수 없습니다.", number=petition.number
    )


def petition_paper(
    uow: UnitOfWork, actor: Actor, *, petition_id: int, kind: str, now: datetime | None = None
) -> PetitionPaperView:
    """What the paper ``kind`` (intake / supplement / result) of a petition shows, read in one unit of work."""
    if kind not in KINDS:
        raise ValidationError("알 수 없는 민원 서류입니다: {kind}", kind=kind)
    moment = now or utcnow()
    authorize(actor, PERMISSIONS[kind], now=moment)
    with uow:
        petition = load_petition(uow, actor, petition_id)  # with its pauses
        office = uow.session.get(Office, petition.office_id)
        assert office is not None
        applicant = uow.session.get(Applicant, petition.applicant_id)
        printer = uow.session.scalar(select(StaffUser.display_name).where(StaffUser.id == actor.user_id)) or ""
        earlier = uow.session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(
                AuditEntry.action == PRINT_ACTIONS[kind],
                AuditEntry.record_type == "petition",
                AuditEntry.record_id == petition.number,
            )
        )
        return PetitionPaperView(
            kind=kind,
            office=OfficeView(office.id, office.code, office.name, office.department, office.address, office.phone),
            petition=view_of(uow, petition, moment),
            resident_masked=applicant.rrn_masked if applicant is not None else "",
            printed_at=moment,
            printed_by=printer,
            copy=int(earlier or 0) + 1,
            texts=paper_texts(moment),
            supplement=_supplement(petition) if kind == "supplement" else None,
            result=_result(petition) if kind == "result" else None,
        )


def print_petition_paper(
    uow: UnitOfWork, actor: Actor, *, petition_id: int, kind: str, path: Path, now: datetime | None = None
) -> Path:
    """Print a petition's 접수증 (``intake``), 보완요구서 (``supplement``) or 처리결과 통지서 (``result``)."""
    paper = petition_paper(uow, actor, petition_id=petition_id, kind=kind, now=now)
    detail = TITLES[kind] + (f" 재발행 {paper.copy - 1}회" if paper.copy > 1 else "")
    return print_document(
        uow,
        actor,
        job=PrintJob(PRINT_ACTIONS[kind], "petition", paper.petition.number, detail),
        path=path,
        render=lambda target: render_petition_paper(paper, target),
    )
