"""Two counters at once on the 증명·민원 counter: every petition transition, survey answers and office closures
have one winner and one clear refusal (nothing logged or sent twice); replayed intakes and certificate issues
get one answer for both."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from app.domain.calendar import SEOUL, is_working_day, seoul_today
from app.domain.deadlines import due_at
from app.services import petitions as svc
from db.models import AuditEntry, Receipt
from db.models_outbox import OutboxMessage
from db.models_petitions import CertificateIssue, OfficeClosure, Petition, PetitionEvent, PetitionExtension
from tests.db.races import ROUNDS, one_winner, race

pytestmark = pytest.mark.slow
ACTIONS = "tests.db.race_actions_counter"


def _take(ctx: Any, clerk: Any, **kwargs: Any) -> Any:
    return svc.intake_petition(
        ctx.db.uow(),
        clerk,
        type_code=kwargs.pop("type_code", "question_procedure"),
        applicant_name="홍길동",
        phone="010-1234-5678",
        department=kwargs.pop("department", "건축과"),
        **kwargs,
    )


def _count(ctx: Any, query: Any) -> int:
    with ctx.db.uow() as uow:
        return int(uow.session.scalar(query) or 0)


def _audits(ctx: Any, action: str) -> int:
    return _count(ctx, sa.select(sa.func.count()).select_from(AuditEntry).where(AuditEntry.action == action))


def _events(ctx: Any, action: str) -> int:
    return _count(ctx, sa.select(sa.func.count()).select_from(PetitionEvent).where(PetitionEvent.action == action))


def _sms(ctx: Any, record_type: str, contains: str = "") -> int:
    query = sa.select(sa.func.count()).select_from(OutboxMessage).where(OutboxMessage.record_type == record_type)
    if contains:
        query = query.where(OutboxMessage.body.contains(contains))
    return _count(ctx, query)


# The state each transition starts from (steps done before the race) and what both counters send.
SETUPS: dict[str, tuple[list[str], list[dict[str, Any]]]] = {
    "start": ([], [{}, {}]),
    "supplement": (["start"], [{"note": "도면 누락"}, {"note": "위임장 누락"}]),
    "resume": (["supplement"], [{"note": "도면 도착"}, {"note": "도면 도착"}]),
    "transfer": ([], [{"to_department": "위생과", "reason": "식품 소관"}] * 2),
    "decide": (["start"], [{"decision": "인용"}, {"decision": "불가", "decision_reason": "요건 미충족"}]),
    "notify": (["decide"], [{"method": "통지"}, {"method": "교부"}]),
    "close": ([], [{"reason_code": "address_unknown", "note": "우편 2회 반송"}] * 2),
}
STEPS = {
    "start": lambda u, a, pid: svc.start_processing(u, a, petition_id=pid),
    "supplement": lambda u, a, pid: svc.request_supplement(u, a, petition_id=pid, note="서류 누락"),
    "decide": lambda u, a, pid: svc.decide_petition(u, a, petition_id=pid, decision="인용"),
}


@pytest.mark.parametrize("action", sorted(SETUPS))
def test_the_same_transition_from_two_counters(app_ctx, make_actor, action: str) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    actors = [make_actor("clerk"), make_actor("clerk")]
    steps, sent = SETUPS[action]
    ids: list[int] = []

    def prepare(_: int) -> list[dict[str, Any]]:
        p = _take(app_ctx, clerk)
        for step in steps:
            STEPS[step](app_ctx.db.uow(), clerk, p.id)
        ids.append(p.id)
        return [{"action": action, "petition_id": p.id, **kwargs} for kwargs in sent]

    for outcomes in race(app_ctx, actors, f"{ACTIONS}:transition", prepare):
        _, (_, message) = one_winner(outcomes)
        assert "다른 창구에서 방금" in message, message
    assert _audits(app_ctx, f"petition.{action}") == ROUNDS
    assert _events(app_ctx, action) == ROUNDS
    if action == "notify":  # the survey SMS goes out once per petition
        assert _sms(app_ctx, "petition_survey") == ROUNDS
    if action == "decide":
        with app_ctx.db.uow() as uow:
            rows = uow.session.execute(
                sa.select(Petition.decision, PetitionEvent.note)
                .join(PetitionEvent, PetitionEvent.petition_id == Petition.id)
                .where(Petition.id.in_(ids), PetitionEvent.action == "decide")
            ).all()
        # The decision on file is the one its single history event names.
        assert len(rows) == ROUNDS and all(note.startswith(decision) for decision, note in rows)


def test_two_extensions_at_once_never_make_a_third(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    """시행령 제21조 under a race: once, once more with consent, never a third; one SMS notice per extension."""
    clerk = make_actor("clerk")
    actors = [make_actor("clerk"), make_actor("clerk")]
    ids: list[int] = []

    def prepare(_: int) -> list[dict[str, Any]]:
        p = _take(app_ctx, clerk)
        svc.extend_petition(app_ctx.db.uow(), clerk, petition_id=p.id, reason="관계기관 협의", notice_method="서면")
        ids.append(p.id)
        kwargs = {
            "action": "extend",
            "petition_id": p.id,
            "reason": "현장 확인 추가",
            "applicant_consent": True,
            "consent_note": "전화로 동의",
            "notice_method": "문자",
        }
        return [kwargs, kwargs]

    for outcomes in race(app_ctx, actors, f"{ACTIONS}:transition", prepare):
        _, (_, message) = one_winner(outcomes)
        assert "다른 창구에서 방금 처리기간을 연장했습니다" in message and "2번" in message, message
    with app_ctx.db.uow() as uow:
        counts = uow.session.scalars(sa.select(Petition.extension_count).where(Petition.id.in_(ids))).all()
        rows = uow.session.scalar(sa.select(sa.func.count()).select_from(PetitionExtension))
    assert counts == [2] * ROUNDS and rows == 2 * ROUNDS
    assert _audits(app_ctx, "petition.extend") == 2 * ROUNDS
    assert _sms(app_ctx, "petition", "처리기간 연장") == ROUNDS


def test_notify_and_close_at_once(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    actors = [make_actor("clerk"), make_actor("clerk")]
    ids: list[int] = []

    def prepare(_: int) -> list[dict[str, Any]]:
        p = _take(app_ctx, clerk)
        svc.decide_petition(app_ctx.db.uow(), clerk, petition_id=p.id, decision="인용")
        ids.append(p.id)
        return [
            {"action": "notify", "petition_id": p.id, "method": "통지"},
            {"action": "close", "petition_id": p.id, "reason_code": "address_unknown", "note": "우편 반송"},
        ]

    winners = []
    for outcomes in race(app_ctx, actors, f"{ACTIONS}:transition", prepare):
        (_, status), (_, message) = one_winner(outcomes)
        winners.append(status)
        assert "다른 창구에서 방금" in message, message
    with app_ctx.db.uow() as uow:
        statuses = uow.session.scalars(sa.select(Petition.status).where(Petition.id.in_(ids))).all()
    assert sorted(statuses) == sorted(winners) and set(statuses) <= {"notified", "closed"}
    notified = statuses.count("notified")
    assert _events(app_ctx, "notify") + _events(app_ctx, "close") == ROUNDS
    assert _audits(app_ctx, "petition.notify") == notified and _audits(app_ctx, "petition.close") == ROUNDS - notified
    assert _sms(app_ctx, "petition_survey") == notified


def test_a_status_notice_from_two_counters_is_recorded_and_sent_once(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    actors = [make_actor("clerk"), make_actor("clerk")]
    received = datetime(2026, 9, 1, 10, 0, tzinfo=SEOUL)
    now = datetime(2026, 10, 2, 10, 0, tzinfo=SEOUL)

    def prepare(_: int) -> list[dict[str, Any]]:
        p = _take(app_ctx, clerk, type_code="local_tax_objection", department=None, now=received)
        return [{"petition_id": p.id, "due_on": "2026-10-01", "now": now.isoformat()}] * 2

    for outcomes in race(app_ctx, actors, f"{ACTIONS}:status_notice", prepare):
        assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    assert _audits(app_ctx, "petition.status_notice") == ROUNDS
    assert _sms(app_ctx, "petition", "진행상황") == ROUNDS


def test_an_intake_replayed_from_two_counters_gets_one_answer(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    keys = [str(uuid.uuid4()) for _ in range(ROUNDS)]
    actors = [make_actor("clerk"), make_actor("clerk")]
    for outcomes in race(app_ctx, actors, f"{ACTIONS}:intake_with_key", lambda i: [{"key": keys[i]}] * 2):
        assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
        assert outcomes[0][1] == outcomes[1][1]
    with app_ctx.db.uow() as uow:
        numbers = uow.session.scalars(sa.select(Petition.number).order_by(Petition.number)).all()
    # One petition per intake, and no number lost to the loser's rolled-back attempt.
    assert len(numbers) == ROUNDS
    assert [int(n.rsplit("-", 1)[1]) for n in numbers] == list(range(1, ROUNDS + 1))
    assert _audits(app_ctx, "petition.intake") == ROUNDS


def test_a_certificate_issue_replayed_from_two_counters_gets_one_answer(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    keys = [str(uuid.uuid4()) for _ in range(ROUNDS)]
    actors = [make_actor("clerk"), make_actor("clerk")]

    def prepare(i: int) -> list[dict[str, Any]]:
        return [{"key": keys[i], "resident_number": "900101-1234568"}] * 2

    for outcomes in race(app_ctx, actors, f"{ACTIONS}:certificate_with_key", prepare):
        assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
        assert outcomes[0][1] == outcomes[1][1]
    with app_ctx.db.uow() as uow:
        numbers = uow.session.scalars(sa.select(Receipt.number).order_by(Receipt.number)).all()
        issues = uow.session.scalar(sa.select(sa.func.count()).select_from(CertificateIssue))
    assert issues == ROUNDS and len(numbers) == ROUNDS
    assert [int(n.split("-")[1]) for n in numbers] == list(range(1, ROUNDS + 1))
    assert _audits(app_ctx, "certificate.issue") == ROUNDS and _audits(app_ctx, "receipt.issue") == ROUNDS


def _resolved(ctx: Any, clerk: Any) -> str:
    p = _take(ctx, clerk)
    svc.decide_petition(ctx.db.uow(), clerk, petition_id=p.id, decision="인용")
    return str(svc.notify_petition(ctx.db.uow(), clerk, petition_id=p.id).number)


def test_a_survey_answered_from_two_counters_is_recorded_once(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    actors = [make_actor("clerk"), make_actor("clerk")]

    def prepare(_: int) -> list[dict[str, Any]]:
        number = _resolved(app_ctx, clerk)
        return [{"number": number, "kindness": 5}, {"number": number, "kindness": 2}]

    for outcomes in race(app_ctx, actors, f"{ACTIONS}:survey_answer", prepare):
        _, (_, message) = one_winner(outcomes)
        assert "이미 기록되어 있습니다" in message, message
    assert _audits(app_ctx, "survey.record") == ROUNDS


def test_a_survey_answer_replayed_from_two_counters_gets_one_answer(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    actors = [make_actor("clerk"), make_actor("clerk")]

    def prepare(_: int) -> list[dict[str, Any]]:
        return [{"number": _resolved(app_ctx, clerk), "kindness": 4, "key": str(uuid.uuid4())}] * 2

    for outcomes in race(app_ctx, actors, f"{ACTIONS}:survey_answer", prepare, rounds=5):
        assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
        assert outcomes[0][1] == outcomes[1][1]
    assert _audits(app_ctx, "survey.record") == 5


def _working_days_after(day: date, count: int) -> list[date]:
    days: list[date] = []
    while len(days) < count:
        day += timedelta(days=1)
        if is_working_day(day):
            days.append(day)
    return days


def test_the_same_closure_from_two_counters(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    actors = [make_actor("supervisor"), make_actor("supervisor")]
    days = [d.isoformat() for d in _working_days_after(seoul_today() + timedelta(days=60), ROUNDS)]
    for outcomes in race(app_ctx, actors, f"{ACTIONS}:closure_add", lambda i: [{"day": days[i], "reason": "정전"}] * 2):
        _, (_, message) = one_winner(outcomes)
        assert "이미 휴무일" in message, message
    assert _count(app_ctx, sa.select(sa.func.count()).select_from(OfficeClosure)) == ROUNDS
    assert _audits(app_ctx, "closure.add") == ROUNDS


def test_two_closures_at_once_both_move_every_deadline(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    """Each closure change recomputes the open deadlines with the other's closure too (never a stale set)."""
    clerk, boss = make_actor("clerk"), make_actor("supervisor")
    actors = [make_actor("supervisor"), make_actor("supervisor")]
    rounds: list[tuple[int, list[date]]] = []

    def prepare(_: int) -> list[dict[str, Any]]:
        for closure in svc.list_closures(app_ctx.db.uow(), boss):
            svc.remove_closure(app_ctx.db.uow(), boss, day=closure.day)
        p = _take(app_ctx, clerk)
        pair = _working_days_after(p.received_at.astimezone(SEOUL).date(), 2)
        rounds.append((p.id, pair))
        return [{"day": pair[0].isoformat(), "reason": "정전"}, {"day": pair[1].isoformat(), "reason": "소독"}]

    def check() -> None:
        pid, pair = rounds[-1]
        with app_ctx.db.uow() as uow:
            petition = uow.session.get(Petition, pid)
            assert petition is not None
            assert petition.due_at == due_at(petition.received_at, petition.period, closures=set(pair))

    for outcomes in race(app_ctx, actors, f"{ACTIONS}:closure_add", _checked(prepare, check)):
        assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    check()


def _checked(prepare: Any, check: Any) -> Any:
    """``prepare`` that first checks the round before (the race runs the rounds one after another)."""

    def wrapped(i: int) -> Any:
        if i:
            check()
        return prepare(i)

    return wrapped
