"""The satisfaction survey of resolved petitions (민원 만족도 조사): SMS, the ARS call, answers and rates."""

from __future__ import annotations

import csv
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from app.domain.calendar import SEOUL
from app.services import audit
from app.services.actor import Actor
from app.services.errors import NotFound, ValidationError
from app.services.outbox import enqueue_sms, normalise_phone
from app.services.roles import authorize, can
from db.models import StaffUser, utcnow
from db.models_petitions import Petition, PetitionSurvey
from db.uow import UnitOfWork

# Words the ARS and the paper form use, as scores on the 1–5 scale.
WORD_SCORES = {"매우만족": 5, "만족": 5, "보통": 3, "불만": 1, "불만족": 1, "매우불만": 1}
SATISFIED_FROM = 4  # 4 and 5 count as satisfied, as the yearly report does


@dataclass(frozen=True, slots=True)
class SurveyView:
    id: int
    petition_id: int
    number: str
    type_name: str
    department: str
    queued_at: datetime
    sms_enqueued_at: datetime | None
    ars_due_at: datetime | None
    answered_at: datetime | None
    kindness: int | None
    satisfaction: int | None
    source: str

    @property
    def state_label(self) -> str:
        if self.answered_at is not None:
            return "응답"
        return "ARS 응답 대기" if self.sms_enqueued_at else "연락처 없음"


@dataclass(frozen=True, slots=True)
class RateRow:
    """Rates of one group (the whole period, a department or a clerk)."""

    group: str
    queued: int
    answered: int
    kindness_rate: float | None  # share of answers with 친절도 >= SATISFIED_FROM, 0–100
    satisfaction_rate: float | None
    kindness_mean: float | None
    satisfaction_mean: float | None


@dataclass(frozen=True, slots=True)
class SurveyRates:
    start: date
    end: date
    overall: RateRow
    by_department: tuple[RateRow, ...]
    by_clerk: tuple[RateRow, ...]


@dataclass(frozen=True, slots=True)
class ImportResult:
    recorded: int
    errors: tuple[str, ...]


def _delay_minutes(on: date) -> int:
    from app.services.petitions import workflow_rules

    return int(workflow_rules(on)["survey_call_delay_minutes"])


def queue_survey(uow: UnitOfWork, petition: Petition, *, now: datetime) -> PetitionSurvey:
    """Queue the survey of a resolved petition inside the open unit of work (SMS through the outbox)."""
    existing = uow.session.scalars(select(PetitionSurvey).where(PetitionSurvey.petition_id == petition.id)).first()
    if existing is not None:
        return existing
    survey = PetitionSurvey(uuid=uuid.uuid4(), office_id=petition.office_id, petition_id=petition.id, queued_at=now)
    try:
        recipient = normalise_phone(petition.contact_phone)
    except ValidationError:
        recipient = ""
    if recipient:
        message = enqueue_sms(
            uow,
            office_id=petition.office_id,
            recipient=recipient,
            body=f"[민원 만족도 조사] {petition.number} {petition.type_name} 처리에 대한 의견을 여쭙습니다. "
            "잠시 뒤 자동응답전화(ARS)로 친절도와 만족도를 여쭙겠습니다.",
            record_type="petition_survey",
            record_id=petition.number,
        )
        uow.session.flush()
        survey.sms_message_id = message.id
        survey.sms_enqueued_at = now
        survey.ars_due_at = now + timedelta(minutes=_delay_minutes(now.astimezone(SEOUL).date()))
    uow.session.add(survey)
    uow.session.flush()
    return survey


def score(value: object, *, what: str) -> int:
    """A 1–5 score from a number or 만족/보통/불만 (ValidationError in Korean otherwise)."""
    if isinstance(value, bool):
        raise ValidationError(f"{what} 값이 올바르지 않습니다.")
    if isinstance(value, int):
        number = value
    else:
        text = "".join(str(value or "").split())
        if text in WORD_SCORES:
            return WORD_SCORES[text]
        if not text.isdigit():
            raise ValidationError(f"{what}은(는) 1~5 또는 만족/보통/불만으로 적으세요: '{value}'")
        number = int(text)
    if not 1 <= number <= 5:
        raise ValidationError(f"{what}은(는) 1~5 사이여야 합니다: {number}")
    return number


def _survey_view(s: PetitionSurvey, p: Petition) -> SurveyView:
    return SurveyView(
        s.id,
        p.id,
        p.number,
        p.type_name,
        p.department,
        s.queued_at,
        s.sms_enqueued_at,
        s.ars_due_at,
        s.answered_at,
        s.kindness,
        s.satisfaction,
        s.source,
    )


def _record(
    uow: UnitOfWork, actor: Actor, *, number: str, kindness: object, satisfaction: object, at: datetime, source: str
) -> SurveyView:
    k = score(kindness, what="친절도")
    s = score(satisfaction, what="만족도")
    row = uow.session.execute(
        select(PetitionSurvey, Petition)
        .join(Petition, Petition.id == PetitionSurvey.petition_id)
        .where(Petition.office_id == actor.office_id, Petition.number == number.strip())
    ).first()
    if row is None:
        raise NotFound(f"만족도 조사 대상이 아닙니다: {number}")
    survey, petition = row
    survey.kindness, survey.satisfaction = k, s
    survey.answered_at = at
    survey.source = source
    survey.recorded_by = actor.user_id
    audit.record(
        uow,
        actor,
        "survey.record",
        record_type="petition",
        record_id=petition.number,
        detail=f"친절도 {k} · 만족도 {s} ({source})",
    )
    uow.session.flush()
    return _survey_view(survey, petition)


def record_answer(
    uow: UnitOfWork,
    actor: Actor,
    *,
    number: str,
    kindness: object,
    satisfaction: object,
    answered_at: datetime | None = None,
    now: datetime | None = None,
) -> SurveyView:
    """Record the answers of one petition's survey by hand."""
    authorize(actor, "survey.record")
    with uow:
        view = _record(
            uow,
            actor,
            number=number,
            kindness=kindness,
            satisfaction=satisfaction,
            at=answered_at or now or utcnow(),
            source="hand",
        )
        uow.commit()
    return view


def import_answers_csv(uow: UnitOfWork, actor: Actor, *, path: Path, now: datetime | None = None) -> ImportResult:
    """Import ARS answers: a CSV with 민원번호, 친절도, 만족도 and optionally 응답일시 (YYYY-MM-DD HH:MM).

    Good rows are recorded, bad rows reported by line; all in one transaction.
    """
    authorize(actor, "survey.record")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValidationError(f"파일을 읽을 수 없습니다: {path.name} ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ValidationError(f"{path.name}은(는) UTF-8 CSV가 아닙니다. UTF-8로 저장해 주세요.") from None
    reader = csv.DictReader(text.splitlines())
    needed = {"민원번호", "친절도", "만족도"}
    if not reader.fieldnames or not needed <= {f.strip() for f in reader.fieldnames}:
        raise ValidationError("CSV 첫 줄에 민원번호, 친절도, 만족도 열이 있어야 합니다.")
    recorded, errors = 0, []
    moment = now or utcnow()
    with uow:
        for line_no, raw in enumerate(reader, start=2):
            row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
            try:
                at = moment
                if row.get("응답일시"):
                    try:
                        at = datetime.fromisoformat(row["응답일시"]).replace(tzinfo=SEOUL)
                    except ValueError:
                        raise ValidationError(f"응답일시 형식이 틀렸습니다: {row['응답일시']}") from None
                with uow.session.begin_nested():
                    _record(
                        uow,
                        actor,
                        number=row["민원번호"],
                        kindness=row["친절도"],
                        satisfaction=row["만족도"],
                        at=at,
                        source="csv",
                    )
                recorded += 1
            except (ValidationError, NotFound) as exc:
                errors.append(f"{line_no}행: {exc.message}")
        audit.record(
            uow,
            actor,
            "survey.import",
            record_type="petition_survey",
            detail=f"{path.name}: {recorded}건 기록, {len(errors)}건 오류",
        )
        uow.commit()
    return ImportResult(recorded, tuple(errors))


def list_surveys(uow: UnitOfWork, actor: Actor, *, unanswered_only: bool = True, limit: int = 300) -> list[SurveyView]:
    authorize(actor, "survey.record")
    with uow:
        query = (
            select(PetitionSurvey, Petition)
            .join(Petition, Petition.id == PetitionSurvey.petition_id)
            .where(PetitionSurvey.office_id == actor.office_id)
        )
        if unanswered_only:
            query = query.where(PetitionSurvey.answered_at.is_(None))
        rows = uow.session.execute(query.order_by(PetitionSurvey.queued_at.desc()).limit(limit)).all()
        return [_survey_view(s, p) for s, p in rows]


def _rates(group: str, rows: list[tuple[PetitionSurvey, Petition]]) -> RateRow:
    answered = [s for s, _ in rows if s.answered_at is not None and s.kindness and s.satisfaction]

    def share(values: list[int]) -> float | None:
        return round(100 * sum(1 for v in values if v >= SATISFIED_FROM) / len(values), 1) if values else None

    def mean(values: list[int]) -> float | None:
        return round(sum(values) / len(values), 2) if values else None

    kind = [int(s.kindness or 0) for s in answered]
    sat = [int(s.satisfaction or 0) for s in answered]
    return RateRow(group, len(rows), len(answered), share(kind), share(sat), mean(kind), mean(sat))


def survey_rates(
    uow: UnitOfWork, actor: Actor, *, start: date, end: date, department: str | None = None
) -> SurveyRates:
    """친절도 and 만족도 rates (share of 4–5 answers) of surveys queued in [start, end], overall, by
    department and by the clerk who recorded the decision."""
    if not can(actor, "stats.view"):
        authorize(actor, "survey.record")
    if end < start:
        raise ValidationError("조회 기간의 끝이 시작보다 앞섭니다.")
    begin = datetime.combine(start, time.min, SEOUL)
    finish = datetime.combine(end + timedelta(days=1), time.min, SEOUL)
    with uow:
        query = (
            select(PetitionSurvey, Petition)
            .join(Petition, Petition.id == PetitionSurvey.petition_id)
            .where(
                PetitionSurvey.office_id == actor.office_id,
                PetitionSurvey.queued_at >= begin,
                PetitionSurvey.queued_at < finish,
            )
        )
        if department:
            query = query.where(Petition.department == department)
        rows = [(s, p) for s, p in uow.session.execute(query).all()]
        names = dict(uow.session.execute(select(StaffUser.id, StaffUser.display_name)).all())
        by_department: dict[str, list[tuple[PetitionSurvey, Petition]]] = {}
        by_clerk: dict[str, list[tuple[PetitionSurvey, Petition]]] = {}
        for s, p in rows:
            by_department.setdefault(p.department, []).append((s, p))
            clerk = names.get(p.decided_by or p.clerk_id, "")
            by_clerk.setdefault(clerk, []).append((s, p))
        return SurveyRates(
            start,
            end,
            _rates("전체", rows),
            tuple(_rates(k, v) for k, v in sorted(by_department.items())),
            tuple(_rates(k, v) for k, v in sorted(by_clerk.items())),
        )
