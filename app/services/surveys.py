"""The satisfaction survey of resolved petitions (민원 만족도 조사): SMS, the ARS call, answers and rates."""

from __future__ import annotations

import csv
import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from app.domain.calendar import SEOUL
from app.domain.messages import Text
from app.domain.petition_rules import workflow_rules
from app.i18n import N_
from app.services import audit, replay
from app.services.actor import Actor
from app.services.errors import NotFound, RuleViolation, ValidationError
from app.services.inputs import clean_text
from app.services.outbox import enqueue_sms, normalise_phone
from app.services.roles import authorize, can
from app.views.surveys import ImportResult, RateRow, SurveyRates, SurveyView
from db.models import StaffUser, utcnow
from db.models_petitions import Petition, PetitionSurvey
from db.uow import UnitOfWork

# Words the ARS and the paper form use, as scores on the 1–5 scale.
WORD_SCORES = {"매우만족": 5, "만족": 5, "보통": 3, "불만": 1, "불만족": 1, "매우불만": 1}
SATISFIED_FROM = 4  # 4 and 5 count as satisfied, as the yearly report does
SCORE_TEXT_MAX = 10
SOURCE_LABELS = {"hand": N_("직접 입력"), "csv": N_("ARS 파일")}
ACTION = "survey.record"
# An answer may carry a time a little ahead of this PC's clock (the ARS server's clock), not more.
ANSWER_AHEAD = timedelta(days=1)


def write_survey(uow: UnitOfWork, petition: Petition, *, now: datetime) -> PetitionSurvey:
    """Queue the survey of a resolved petition into the OPEN unit of work (SMS through the outbox)."""
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
        delay = workflow_rules(now.astimezone(SEOUL).date()).survey_call_delay_minutes
        survey.ars_due_at = now + timedelta(minutes=delay)
    uow.session.add(survey)
    uow.session.flush()
    return survey


def score(value: object, *, what: str) -> int:
    """A 1–5 score from a number or 만족/보통/불만 (ValidationError in Korean otherwise)."""
    if isinstance(value, bool):
        raise ValidationError("{what} 값이 올바르지 않습니다.", what=what)
    if isinstance(value, int):
        number = value
    else:
        text = "".join(clean_text("" if value is None else str(value), what, max_len=SCORE_TEXT_MAX).split())
        if text in WORD_SCORES:
            return WORD_SCORES[text]
        if not (text.isascii() and text.isdigit()):
            raise ValidationError("{what:은/는} 1~5 또는 만족/보통/불만으로 적으세요: '{text}'", what=what, text=text)
        number = int(text)
    if not 1 <= number <= 5:
        raise ValidationError("{what:은/는} 1~5 사이여야 합니다: {number}", what=what, number=number)
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


def _load_survey(uow: UnitOfWork, actor: Actor, number: str) -> tuple[PetitionSurvey, Petition]:
    """The survey of petition ``number`` with its row locked (the answer is decided on it as it is now)."""
    number = clean_text(number, "민원번호", max_len=30, required=True)
    row = uow.session.execute(
        select(PetitionSurvey, Petition)
        .join(Petition, Petition.id == PetitionSurvey.petition_id)
        .where(Petition.office_id == actor.office_id, Petition.number == number)
        .with_for_update(of=PetitionSurvey)
    ).first()
    if row is None:
        raise NotFound("만족도 조사 대상이 아닙니다: {number}", number=number)
    survey, petition = row
    return survey, petition


def _write_answer(
    uow: UnitOfWork,
    actor: Actor,
    *,
    number: str,
    kindness: object,
    satisfaction: object,
    at: datetime,
    now: datetime,
    source: str,
    client_uuid: uuid.UUID | None = None,
) -> SurveyView:
    """Record one answer into the OPEN unit of work, once: a survey already answered is not answered again."""
    k = score(kindness, what="친절도")
    s = score(satisfaction, what="만족도")
    survey, petition = _load_survey(uow, actor, number)
    if replay.already_done(
        uow, actor, client_uuid=client_uuid, action=ACTION, record_type="petition_survey", record_id=survey.id
    ):
        return replay.answered(_survey_view(survey, petition))
    if survey.answered_at is not None:
        who = uow.session.scalar(select(StaffUser.display_name).where(StaffUser.id == survey.recorded_by)) or ""
        by = f"{who}, " if who else ""
        raise RuleViolation(
            "{number}의 만족도 응답은 이미 기록되어 있습니다 "
            "({by}친절도 {kindness} · 만족도 {satisfaction}, {source}). 다시 기록하지 않습니다.",
            number=petition.number,
            by=by,
            kindness=survey.kindness,
            satisfaction=survey.satisfaction,
            source=SOURCE_LABELS.get(survey.source, survey.source),
        )
    if at.tzinfo is None:
        raise ValidationError("응답일시에 시간대가 없습니다.")
    if at.astimezone(SEOUL).date() < survey.queued_at.astimezone(SEOUL).date() or at > now + ANSWER_AHEAD:
        raise ValidationError(
            "응답일시가 조사 기간 밖입니다: {answered_at:%Y-%m-%d %H:%M} (조사 {queued_at:%Y-%m-%d} 이후, 오늘까지)",
            answered_at=at.astimezone(SEOUL),
            queued_at=survey.queued_at.astimezone(SEOUL),
        )
    survey.kindness, survey.satisfaction = k, s
    survey.answered_at = at
    survey.source = source
    survey.recorded_by = actor.user_id
    audit.record(
        uow,
        actor,
        ACTION,
        record_type="petition",
        record_id=petition.number,
        detail=f"친절도 {k} · 만족도 {s} ({source})",
    )
    replay.remember(
        uow, actor, client_uuid=client_uuid, action=ACTION, record_type="petition_survey", record_id=survey.id
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
    client_uuid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> SurveyView:
    """Record the answers of one petition's survey by hand, once; a retry with the same ``client_uuid``
    (a lost reply) returns the survey as recorded."""
    authorize(actor, "survey.record")
    moment = now or utcnow()
    with uow:
        view = _write_answer(
            uow,
            actor,
            number=number,
            kindness=kindness,
            satisfaction=satisfaction,
            at=answered_at or moment,
            now=moment,
            source="hand",
            client_uuid=client_uuid,
        )
        uow.commit()
    return view


def _csv_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """The rows of an ARS answer file by line number (ValidationError for a file that is not one)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValidationError(
            "파일을 읽을 수 없습니다: {name} ({reason})", name=path.name, reason=exc.strerror or exc
        ) from None
    except UnicodeDecodeError:
        raise ValidationError("{name:은/는} UTF-8 CSV가 아닙니다. UTF-8로 저장해 주세요.", name=path.name) from None
    try:
        reader = csv.DictReader(text.splitlines())
        needed = {"민원번호", "친절도", "만족도"}
        if not reader.fieldnames or not needed <= {(f or "").strip() for f in reader.fieldnames}:
            raise ValidationError("CSV 첫 줄에 민원번호, 친절도, 만족도 열이 있어야 합니다.")
        return [
            # Cells beyond the header (key None) are ignored; missing cells are empty.
            (line_no, {k.strip(): (v or "").strip() for k, v in raw.items() if isinstance(k, str)})
            for line_no, raw in enumerate(reader, start=2)
        ]
    except csv.Error as exc:
        raise ValidationError(
            "{name:을/를} CSV로 읽을 수 없습니다: {reason}", name=path.name, reason=str(exc)
        ) from None


def import_answers_csv(uow: UnitOfWork, actor: Actor, *, path: Path, now: datetime | None = None) -> ImportResult:
    """Import ARS answers: a CSV with 민원번호, 친절도, 만족도 and optionally 응답일시 (YYYY-MM-DD HH:MM).

    Good rows are recorded, bad rows (and surveys already answered) reported by line; all in one transaction.
    The rows are taken in the order of their petition numbers, so two imports at once lock the surveys in
    the same order and never deadlock.
    """
    authorize(actor, "survey.record")
    rows = _csv_rows(path)
    recorded, errors = 0, []
    moment = now or utcnow()
    with uow:
        for line_no, row in sorted(rows, key=lambda r: (r[1].get("민원번호", ""), r[0])):
            try:
                at = moment
                if row.get("응답일시"):
                    try:
                        at = datetime.fromisoformat(row["응답일시"]).replace(tzinfo=SEOUL)
                    except ValueError:
                        raise ValidationError(
                            "응답일시 형식이 틀렸습니다: {typed}", typed=row["응답일시"][:40]
                        ) from None
                with uow.session.begin_nested():
                    _write_answer(
                        uow,
                        actor,
                        number=row.get("민원번호", ""),
                        kindness=row.get("친절도", ""),
                        satisfaction=row.get("만족도", ""),
                        at=at,
                        now=moment,
                        source="csv",
                    )
                recorded += 1
            except (ValidationError, NotFound, RuleViolation) as exc:
                # one Text per line: the Korean as before, shown in the UI language (the refusal by its template)
                reason = Text(exc.template, **exc.params)
                errors.append((line_no, Text("{line}행: {reason}", line=line_no, reason=reason)))
        audit.record(
            uow,
            actor,
            "survey.import",
            record_type="petition_survey",
            detail=f"{path.name[:100]}: {recorded}건 기록, {len(errors)}건 오류",
        )
        uow.commit()
    return ImportResult(recorded, tuple(message for _, message in sorted(errors)))


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
