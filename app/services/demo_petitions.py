"""Demo data of the 증명·민원 counter: certificates issued and petitions over four months in every state."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select, update

from app.domain.calendar import SEOUL
from app.domain.certificates import fee_quote
from app.domain.deadlines import next_working_moment
from app.services import petitions
from app.services.certificates import write_certificate_issue
from app.services.demo import DemoRun
from app.services.errors import ServiceError
from app.views.petitions import PetitionView
from db.models_outbox import OutboxMessage
from db.models_petitions import PetitionSurvey
from db.uow import UnitOfWork

CERTIFICATE_MIX = (
    ("resident_copy", 30),
    ("resident_abstract", 20),
    ("family_relation", 15),
    ("basic_certificate", 8),
    ("seal_certificate", 12),
    ("signature_confirmation", 4),
    ("marriage_relation", 4),
    ("fact_certificate", 2),
)
# Common types weighted by how often the counter sees them.
PETITION_MIX = (
    ("info_disclosure", 12),
    ("foreigner_residence_change", 10),
    ("cook_license_new", 8),
    ("beautician_license_new", 6),
    ("barber_license_reissue", 3),
    ("restaurant_report", 6),
    ("building_report", 5),
    ("use_approval", 4),
    ("brokerage_registration", 3),
    ("land_transaction_permit", 2),
    ("local_tax_objection", 2),
    ("local_tax_correction", 2),
    ("basic_livelihood_application", 4),
    ("basic_pension_application", 4),
    ("clinic_opening_report", 2),
    ("road_occupancy_permit", 2),
    ("grievance", 4),
    ("question_procedure", 3),
)
SUPPLEMENT_NOTES = ("신분증 사본 누락", "도면 보완 필요", "위임장 원본 제출 필요", "건강진단결과서 미첨부")
EXTENSION_REASONS = ("관계기관 협의 필요", "현장 확인 필요", "제3자 의견 청취 필요")


def _weighted(run: DemoRun, mix: tuple[tuple[str, int], ...]) -> str:
    return run.rng.choices([code for code, _ in mix], weights=[w for _, w in mix])[0]


def _certificates(run: DemoRun) -> int:
    made = 0
    # One transaction a day keeps the session small (a session holding months of rows flushes slowly).
    for day_start in run.working_moments(120):
        with run.db.uow() as uow:
            for _ in range(run.rng.randint(1, 4)):
                moment = run.random_moment(day_start)
                applicant = run.rng.choice(run.applicants)
                quotes = []
                for _ in range(run.rng.choice((1, 1, 1, 2))):
                    kind = _weighted(run, CERTIFICATE_MIX)
                    exempt = "basic_livelihood" if kind.startswith("resident") and run.rng.random() < 0.07 else None
                    quotes.append(fee_quote(kind, run.rng.randint(1, 3), exemption=exempt, on=moment))
                clerk = run.clerk()
                write_certificate_issue(
                    uow,
                    clerk,
                    applicant_id=applicant.id,
                    quotes=quotes,
                    payment_method=run.rng.choice(("현금", "카드")),
                    client_uuid=uuid.uuid4(),
                    moment=moment,
                )
                made += 1
            uow.commit()
    return made


def _petitions(run: DemoRun) -> int:
    """Intake and move every petition with the services; the older, the further along."""
    now = datetime.combine(run.today, datetime.min.time(), SEOUL) + timedelta(hours=10)
    departments = petitions.department_choices(on=run.today)
    made = 0
    for day_start in run.working_moments(120):
        uow = run.db.uow()
        with uow:
            for _ in range(run.rng.choice((0, 1, 1, 2))):
                received = run.random_moment(day_start)
                clerk = run.clerk()
                applicant = run.rng.choice(run.applicants)
                code = _weighted(run, PETITION_MIX)
                view = petitions.intake_petition(
                    uow,
                    clerk,
                    type_code=code,
                    applicant_name=applicant.name,
                    applicant_id=applicant.id,
                    phone=applicant.phone if run.rng.random() < 0.85 else "",
                    department=run.rng.choice(departments),
                    summary="",
                    now=received,
                )
                made += 1
                _advance(run, uow, view, now)
            uow.commit()
    return made


def _advance(run: DemoRun, uow: UnitOfWork, view: PetitionView, now: datetime) -> None:
    rng = run.rng
    clerk = run.clerk()
    pid = view.id
    t = view.received_at
    due = view.due_at
    age = now - t
    if age < timedelta(hours=2) or (age < timedelta(days=3) and rng.random() < 0.3):
        return  # still 접수
    try:
        t += timedelta(minutes=rng.randint(20, 180))
        view = petitions.start_processing(uow, clerk, petition_id=pid, now=min(t, now))
        if rng.random() < 0.15 and t + timedelta(days=2) < now:
            t += timedelta(hours=rng.randint(1, 6))
            petitions.request_supplement(
                uow,
                clerk,
                petition_id=pid,
                note=rng.choice(SUPPLEMENT_NOTES),
                supplement_due=(t + timedelta(days=10)).astimezone(SEOUL).date(),
                now=t,
            )
            t += timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 5))
            if t >= now or rng.random() < 0.15:
                return  # still waiting for the supplement
            view = petitions.receive_supplement(uow, clerk, petition_id=pid, now=t)
            due = view.due_at
        if rng.random() < 0.08 and view.period not in ("즉시",) and t < due:
            petitions.transfer_petition(
                uow,
                clerk,
                petition_id=pid,
                to_department=rng.choice([d for d in petitions.department_choices() if d != view.department]),
                reason="소관 부서 아님",
                now=t,
            )
        if rng.random() < 0.1 and t < due and not view.period.endswith("시간") and view.period != "즉시":
            view = petitions.extend_petition(
                uow,
                clerk,
                petition_id=pid,
                reason=rng.choice(EXTENSION_REASONS),
                now=t,
            )
            due = view.due_at
        # Most are decided in time; some run late, and a few recent ones are still open and overdue.
        working = max(timedelta(minutes=30), (due - t) * rng.uniform(0.2, 0.9))
        decided = t + working if rng.random() < 0.9 else due + timedelta(days=rng.randint(1, 6))
        decided = next_working_moment(decided)
        if decided >= now:
            return  # still 처리중 (maybe overdue already)
        petitions.decide_petition(
            uow,
            clerk,
            petition_id=pid,
            decision=(decision := "인용" if rng.random() < 0.85 else "불가"),
            decision_reason="관계 법령상 요건을 갖추지 못함" if decision == "불가" else "",
            decided_at=decided,
            reason="결재 후 입력",
            now=decided + timedelta(minutes=1),
        )
        if rng.random() < 0.07 and decided + timedelta(days=20) < now:
            petitions.close_petition(
                uow,
                clerk,
                petition_id=pid,
                reason_code="not_collected",
                note="교부 안내 후 미수령",
                now=decided + timedelta(days=20),
            )
            return
        notified = next_working_moment(decided + timedelta(hours=rng.randint(1, 30)))
        if notified >= now or rng.random() < 0.05:
            return
        petitions.notify_petition(
            uow,
            clerk,
            petition_id=pid,
            method=rng.choice(("통지", "교부")),
            now=notified,
        )
    except ServiceError:
        return  # a random path the rules refuse: leave the petition where it is


def _answers(run: DemoRun) -> int:
    """Most surveys were answered; the SMS of the demo are marked as sent so nothing goes out."""
    answered = 0
    with run.db.uow() as uow:
        uow.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.record_type.in_(("petition_survey", "petition")))
            .values(state="sent", sent_at=OutboxMessage.created_at)
        )
        for survey in uow.session.scalars(select(PetitionSurvey).order_by(PetitionSurvey.id)):
            if survey.sms_enqueued_at is None or run.rng.random() < 0.3:
                continue
            survey.kindness = run.rng.choices([5, 4, 3, 2, 1], weights=[60, 28, 7, 3, 2])[0]
            survey.satisfaction = run.rng.choices([5, 4, 3, 2, 1], weights=[58, 30, 7, 3, 2])[0]
            survey.answered_at = (survey.ars_due_at or survey.queued_at) + timedelta(minutes=3)
            survey.source = "csv"
            answered += 1
        uow.commit()
    return answered


def demo_step(run: DemoRun) -> None:
    run.counts["certificates"] = _certificates(run)
    run.counts["petitions"] = _petitions(run)
    run.counts["surveys"] = _answers(run)
