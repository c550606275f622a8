"""Petitions on SQLite and PostgreSQL: numbering, replays, every transition allowed and refused, and the
effect of pauses, extensions and office closures on ``due_at``."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.domain.calendar import SEOUL
from app.domain.deadlines import due_at
from app.services import petitions as svc
from app.services.errors import NotFound, PermissionDenied, RuleViolation, ValidationError
from db.models import AuditEntry
from db.models_outbox import OutboxMessage
from db.models_petitions import PetitionExtension, PetitionTransfer

MON = datetime(2026, 11, 23, 10, 0, tzinfo=SEOUL)  # a Monday, no holiday that week


def _take(ctx, actor, *, type_code="question_procedure", now=MON, department="건축과", **kw):  # type: ignore[no-untyped-def]
    return svc.intake_petition(
        ctx.db.uow(),
        actor,
        type_code=type_code,
        applicant_name=kw.pop("name", "홍길동"),
        phone=kw.pop("phone", "010-1234-5678"),
        department=department,
        now=now,
        **kw,
    )


def _actions(ctx) -> list[str]:  # type: ignore[no-untyped-def]
    with ctx.db.uow() as uow:
        return list(uow.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


def test_numbers_per_office_and_day_and_replay(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    key = uuid.uuid4()
    first = _take(app_ctx, clerk, client_uuid=key)
    again = _take(app_ctx, clerk, client_uuid=key)
    second = _take(app_ctx, clerk)
    tomorrow = _take(app_ctx, clerk, now=MON + timedelta(days=1))
    assert first.number == "민원-20261123-0001"
    assert again.id == first.id and again.number == first.number
    assert second.number == "민원-20261123-0002"
    assert tomorrow.number == "민원-20261124-0001"
    assert first.department == "건축과" and first.status == "received"
    assert first.due_at == due_at(MON, "7일")
    assert first.phone_masked == "010-****-5678"
    assert _actions(app_ctx).count("petition.intake") == 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"type_code": "nope"}, "찾을 수 없습니다"),
        ({"department": None}, "소관부서"),
        ({"department": "없는과"}, "소관부서"),
        ({"name": " "}, "성명"),
        ({"phone": "12345"}, "전화번호"),
    ],
)
def test_intake_refuses_bad_input(app_ctx, make_actor, kwargs, message) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    with pytest.raises(ValidationError, match=message):
        _take(app_ctx, clerk, **kwargs)
    assert svc.list_petitions(app_ctx.db.uow(), clerk, status="all", now=MON) == []


def test_fixed_department_comes_from_the_catalog(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    view = _take(app_ctx, clerk, type_code="cook_license_new", department=None)
    assert view.department == "위생과" and view.period == "즉시"
    assert view.due_at == datetime(2026, 11, 23, 14, 0, tzinfo=SEOUL)  # 3 working hours with lunch


@pytest.mark.parametrize("role", ["night", "guide"])
def test_night_and_guide_take_no_petitions(app_ctx, make_actor, role) -> None:  # type: ignore[no-untyped-def]
    actor = make_actor(role)
    with pytest.raises(PermissionDenied):
        _take(app_ctx, actor, now=datetime(2026, 11, 23, 18, 30, tzinfo=SEOUL))


def test_full_workflow_with_history_and_survey(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    p = _take(app_ctx, clerk)
    uow = app_ctx.db.uow
    p = svc.start_processing(uow(), clerk, petition_id=p.id, now=MON + timedelta(hours=1))
    assert p.status == "processing"
    p = svc.decide_petition(uow(), clerk, petition_id=p.id, decision="인용", now=MON + timedelta(days=1))
    assert p.status == "decided" and p.decision == "인용" and not p.late
    p = svc.notify_petition(uow(), clerk, petition_id=p.id, method="교부", now=MON + timedelta(days=1, hours=1))
    assert p.status == "notified"
    detail = svc.get_petition(uow(), clerk, petition_id=p.id, now=MON + timedelta(days=2))
    assert [e.action for e in detail.events] == ["intake", "start", "decide", "notify"]
    actions = _actions(app_ctx)
    for action in ("petition.start", "petition.decide", "petition.notify", "petition.read"):
        assert action in actions


@pytest.mark.parametrize(
    ("setup", "action", "message"),
    [
        ([], "resume", "보완 요청 중인"),
        ([], "notify", "처리완료를 먼저"),
        (["start"], "start", "처리중"),
        (["supplement"], "decide", "보완 도착을 먼저"),
        (["supplement"], "transfer", "보완요청"),
        (["decide"], "extend", "처리완료"),
        (["decide"], "supplement", "처리완료"),
        (["decide", "notify"], "decide", "통지·교부"),
        (["close"], "start", "종결"),
    ],
)
def test_transitions_refused_where_the_rules_forbid(app_ctx, make_actor, setup, action, message) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    uow = app_ctx.db.uow
    p = _take(app_ctx, clerk)
    now = MON + timedelta(hours=1)
    calls = {
        "start": lambda: svc.start_processing(uow(), clerk, petition_id=p.id, now=now),
        "supplement": lambda: svc.request_supplement(uow(), clerk, petition_id=p.id, note="서류 누락", now=now),
        "resume": lambda: svc.receive_supplement(uow(), clerk, petition_id=p.id, now=now),
        "decide": lambda: svc.decide_petition(uow(), clerk, petition_id=p.id, decision="불가",
            decision_reason="관계 법령상 요건 미충족", now=now),
        "notify": lambda: svc.notify_petition(uow(), clerk, petition_id=p.id, now=now),
        "extend": lambda: svc.extend_petition(uow(), clerk, petition_id=p.id, reason="현장 조사 필요", now=now),
        "transfer": lambda: svc.transfer_petition(
            uow(), clerk, petition_id=p.id, to_department="위생과", reason="소관 아님", now=now
        ),
        "close": lambda: svc.close_petition(
            uow(), clerk, petition_id=p.id, reason_code="address_unknown", note="우편 2회 반송", now=now
        ),
    }
    for step in setup:
        calls[step]()
    with pytest.raises(RuleViolation, match=message):
        calls[action]()


def test_supplement_pause_moves_the_deadline(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    uow = app_ctx.db.uow
    p = _take(app_ctx, clerk, type_code="building_report", department=None)  # 5일 = 40 working hours
    assert p.due_at == datetime(2026, 11, 30, 10, 0, tzinfo=SEOUL)
    paused = svc.request_supplement(
        uow(),
        clerk,
        petition_id=p.id,
        note="도면 보완",
        supplement_due=date(2026, 11, 30),
        now=MON + timedelta(hours=1),
    )
    assert paused.status == "supplement" and paused.urgency == "paused" and not paused.overdue
    # Waiting a full working day (Mon 11:00 → Tue 11:00) adds 8 working hours.
    resumed = svc.receive_supplement(uow(), clerk, petition_id=p.id, now=MON + timedelta(days=1, hours=1))
    assert resumed.status == "processing"
    assert resumed.due_at == datetime(2026, 12, 1, 10, 0, tzinfo=SEOUL)
    assert resumed.original_due_at == p.due_at


@pytest.mark.parametrize("reason", ["업무량 증가", "업무 과다로 인한 지연", "인력 부족", "담당자 인력부족"])
def test_extension_refuses_workload(app_ctx, make_actor, reason) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    p = _take(app_ctx, clerk)
    with pytest.raises(RuleViolation, match="업무량"):
        svc.extend_petition(app_ctx.db.uow(), clerk, petition_id=p.id, reason=reason, now=MON)


def test_extension_once_then_only_with_consent(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    uow = app_ctx.db.uow
    p = _take(app_ctx, clerk)  # 7일: due Tue 2026-12-01 18:00
    assert p.due_at == datetime(2026, 12, 1, 18, 0, tzinfo=SEOUL)
    with pytest.raises(RuleViolation, match="넘을 수 없습니다"):
        svc.extend_petition(uow(), clerk, petition_id=p.id, reason="관계기관 협의", period="10일", now=MON)
    once = svc.extend_petition(
        uow(), clerk, petition_id=p.id, reason="관계기관 협의", notice_method="문자", now=MON + timedelta(hours=2)
    )
    # 7 more working days from Wed 2026-12-02 (day 1) → Thu 2026-12-10 18:00.
    assert once.due_at == datetime(2026, 12, 10, 18, 0, tzinfo=SEOUL) and once.extension_count == 1
    with pytest.raises(RuleViolation, match="동의"):
        svc.extend_petition(uow(), clerk, petition_id=p.id, reason="현장 확인 추가", now=MON + timedelta(hours=3))
    twice = svc.extend_petition(
        uow(),
        clerk,
        petition_id=p.id,
        reason="현장 확인 추가",
        period="3일",
        applicant_consent=True,
        consent_note="전화로 동의",
        now=MON + timedelta(hours=3),
    )
    assert twice.extension_count == 2
    assert twice.due_at == datetime(2026, 12, 15, 18, 0, tzinfo=SEOUL)  # 24 working hours after Thu 12-10
    # 시행령 제21조: once, then once more with consent; a third is refused even with consent.
    with pytest.raises(RuleViolation, match="2번까지만"):
        svc.extend_petition(
            uow(),
            clerk,
            petition_id=p.id,
            reason="추가 현장 조사",
            period="1일",
            applicant_consent=True,
            consent_note="재동의",
            now=MON + timedelta(hours=4),
        )
    assert svc.list_petitions(uow(), clerk, now=MON)[0].extension_count == 2
    with app_ctx.db.uow() as u:
        rows = u.session.scalars(sa.select(PetitionExtension).order_by(PetitionExtension.sequence)).all()
        assert [(r.sequence, r.consent, r.notice_method) for r in rows] == [(1, False, "문자"), (2, True, "서면")]
        sms = u.session.scalars(sa.select(OutboxMessage.body)).all()
        assert any("연장" in body for body in sms)


def test_extension_after_the_deadline_is_refused(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    p = _take(app_ctx, clerk)
    with pytest.raises(RuleViolation, match="이미 지났습니다"):
        svc.extend_petition(app_ctx.db.uow(), clerk, petition_id=p.id, reason="협의", now=p.due_at + timedelta(hours=1))


def test_transfer_records_from_to_and_reason(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    p = _take(app_ctx, clerk)
    moved = svc.transfer_petition(
        app_ctx.db.uow(), clerk, petition_id=p.id, to_department="위생과", reason="식품위생 소관", now=MON
    )
    assert moved.department == "위생과" and moved.due_at == p.due_at
    with app_ctx.db.uow() as u:
        t = u.session.scalars(sa.select(PetitionTransfer)).one()
        assert (t.from_department, t.to_department, t.reason) == ("건축과", "위생과", "식품위생 소관")
    with pytest.raises(ValidationError, match="이미"):
        svc.transfer_petition(app_ctx.db.uow(), clerk, petition_id=p.id, to_department="위생과", reason="x2", now=MON)


def test_backdated_decision_needs_a_reason_and_is_audited(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    uow = app_ctx.db.uow
    p = _take(app_ctx, clerk)
    recorded = p.due_at + timedelta(days=1)  # recorded after the deadline …
    actual = p.due_at - timedelta(hours=3)  # … but decided in time
    with pytest.raises(ValidationError, match="사유"):
        svc.decide_petition(uow(), clerk, petition_id=p.id, decision="인용", decided_at=actual, now=recorded)
    with pytest.raises(ValidationError, match="지금보다"):
        svc.decide_petition(
            uow(), clerk, petition_id=p.id, decision="인용", decided_at=recorded + timedelta(hours=1), now=recorded
        )
    done = svc.decide_petition(
        uow(),
        clerk,
        petition_id=p.id,
        decision="인용",
        decided_at=actual,
        reason="과장 결재 후 입력 지연",
        now=recorded,
    )
    assert done.decided_at == actual and not done.late
    assert "petition.decide.backdated" in _actions(app_ctx)
    late = _take(app_ctx, clerk)
    late_done = svc.decide_petition(uow(), clerk, petition_id=late.id, decision="불가",
        decision_reason="관계 법령상 요건 미충족", now=recorded)
    assert late_done.late and late_done.time_left_label == "기한 넘겨 처리"


def test_close_without_decision_rules(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    uow = app_ctx.db.uow
    p = _take(app_ctx, clerk)
    svc.request_supplement(uow(), clerk, petition_id=p.id, note="1차 보완", supplement_due=date(2026, 11, 25), now=MON)
    with pytest.raises(RuleViolation, match="2번"):
        svc.close_petition(uow(), clerk, petition_id=p.id, reason_code="supplement_unanswered", now=MON)
    svc.receive_supplement(uow(), clerk, petition_id=p.id, now=datetime(2026, 11, 27, 10, 0, tzinfo=SEOUL))  # late
    svc.request_supplement(
        uow(),
        clerk,
        petition_id=p.id,
        note="2차 보완",
        supplement_due=date(2026, 11, 30),
        now=datetime(2026, 11, 27, 11, 0, tzinfo=SEOUL),
    )
    closed = svc.close_petition(
        uow(), clerk, petition_id=p.id, reason_code="supplement_unanswered", now=datetime(2026, 12, 2, 9, tzinfo=SEOUL)
    )
    assert closed.status == "closed"

    q = _take(app_ctx, clerk)
    with pytest.raises(ValidationError, match="주소"):
        svc.close_petition(uow(), clerk, petition_id=q.id, reason_code="address_unknown", now=MON)
    with pytest.raises(RuleViolation, match="처리완료된"):
        svc.close_petition(uow(), clerk, petition_id=q.id, reason_code="not_collected", now=MON)
    svc.decide_petition(uow(), clerk, petition_id=q.id, decision="인용", now=MON + timedelta(hours=1))
    with pytest.raises(RuleViolation, match="15일"):
        svc.close_petition(uow(), clerk, petition_id=q.id, reason_code="not_collected", now=MON + timedelta(days=10))
    # 시행령 제25조④: 15 days from the expected completion date, not from the decision. 7일 from Monday
    # 11-23 is due Tuesday 12-01 (23-27, 30, 1); 15 days after it (민법 제157조 본문) end Wednesday 12-16.
    with pytest.raises(RuleViolation, match=r"처리예정일\(2026-12-01\)부터 15일\(2026-12-16까지\)"):
        svc.close_petition(uow(), clerk, petition_id=q.id, reason_code="not_collected", now=MON + timedelta(days=23))
    gone = svc.close_petition(uow(), clerk, petition_id=q.id, reason_code="not_collected", now=MON + timedelta(days=24))
    assert gone.status == "closed"


def test_closures_move_deadlines_and_need_the_supervisor(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    boss = make_actor("supervisor")
    p = _take(app_ctx, clerk)
    with pytest.raises(PermissionDenied):
        svc.add_closure(app_ctx.db.uow(), clerk, day=date(2026, 11, 26), reason="청사 정전")
    svc.add_closure(app_ctx.db.uow(), boss, day=date(2026, 11, 26), reason="청사 정전", now=MON)
    with pytest.raises(ValidationError, match="이미"):
        svc.add_closure(app_ctx.db.uow(), boss, day=date(2026, 11, 26), reason="중복", now=MON)
    moved = svc.list_petitions(app_ctx.db.uow(), clerk, now=MON)[0]
    assert moved.due_at == due_at(MON, "7일", closures={date(2026, 11, 26)}) == p.due_at + timedelta(days=1)
    fresh = _take(app_ctx, clerk)
    assert fresh.due_at == moved.due_at
    svc.remove_closure(app_ctx.db.uow(), boss, day=date(2026, 11, 26), now=MON)
    assert svc.list_petitions(app_ctx.db.uow(), clerk, now=MON)[0].due_at == p.due_at
    with pytest.raises(NotFound):
        svc.remove_closure(app_ctx.db.uow(), boss, day=date(2026, 11, 26), now=MON)
    assert {"closure.add", "closure.remove"} <= set(_actions(app_ctx))


def test_list_filters_search_and_urgency(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    uow = app_ctx.db.uow
    old = _take(app_ctx, clerk, name="김지연", phone="010-5555-1111", now=MON - timedelta(days=14))  # overdue
    soon = _take(app_ctx, clerk, type_code="cook_license_new", department=None, name="박민수", phone="02-920-3000")
    later = _take(app_ctx, clerk, type_code="local_tax_objection", department=None, name="이서윤")
    now = MON + timedelta(hours=1)
    rows = svc.list_petitions(uow(), clerk, now=now)
    assert [r.number for r in rows] == [old.number, soon.number, later.number]
    by = {r.number: r for r in rows}
    assert by[old.number].overdue and by[old.number].urgency == "overdue" and "초과" in by[old.number].time_left_label
    assert by[soon.number].urgency == "day" and by[soon.number].time_left_label == "2시간 남음"
    assert by[later.number].urgency == "normal"
    assert [r.number for r in svc.list_petitions(uow(), clerk, overdue_only=True, now=now)] == [old.number]
    assert [r.number for r in svc.list_petitions(uow(), clerk, due_within_days=1, now=now)] == [soon.number]
    assert [r.number for r in svc.list_petitions(uow(), clerk, department="위생과", now=now)] == [soon.number]
    assert [r.number for r in svc.list_petitions(uow(), clerk, search="5555", now=now)] == [old.number]
    assert [r.number for r in svc.list_petitions(uow(), clerk, search="02-920", now=now)] == [soon.number]
    assert [r.number for r in svc.list_petitions(uow(), clerk, search="서윤", now=now)] == [later.number]
    assert [r.number for r in svc.list_petitions(uow(), clerk, search=later.number, now=now)] == [later.number]
    assert "petition.search" in _actions(app_ctx)
    svc.decide_petition(uow(), clerk, petition_id=soon.id, decision="인용", now=now)
    assert soon.number not in [r.number for r in svc.list_petitions(uow(), clerk, now=now)]
    assert soon.number in [r.number for r in svc.list_petitions(uow(), clerk, status="decided", now=now)]


def test_status_notices_every_thirty_days(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    received = datetime(2026, 9, 1, 10, 0, tzinfo=SEOUL)
    p = _take(app_ctx, clerk, type_code="local_tax_objection", department=None, now=received)  # 90일
    now = datetime(2026, 11, 5, 10, 0, tzinfo=SEOUL)
    todos = svc.status_notices_due(app_ctx.db.uow(), clerk, now=now)
    assert [(t.number, t.due_on) for t in todos] == [
        (p.number, date(2026, 10, 1)),
        (p.number, date(2026, 10, 31) + timedelta(days=2)),
    ]
    with pytest.raises(RuleViolation):
        svc.record_status_notice(app_ctx.db.uow(), clerk, petition_id=p.id, due_on=date(2026, 10, 2), now=now)
    svc.record_status_notice(app_ctx.db.uow(), clerk, petition_id=p.id, due_on=date(2026, 10, 1), now=now)
    svc.record_status_notice(app_ctx.db.uow(), clerk, petition_id=p.id, due_on=date(2026, 10, 1), now=now)  # replay
    left = svc.status_notices_due(app_ctx.db.uow(), clerk, now=now)
    assert [t.due_on for t in left] == [date(2026, 11, 2)]
    assert _actions(app_ctx).count("petition.status_notice") == 1


def test_transition_replay_with_the_same_uuid_is_a_no_op(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    p = _take(app_ctx, clerk)
    key = uuid.uuid4()
    first = svc.start_processing(app_ctx.db.uow(), clerk, petition_id=p.id, client_uuid=key, now=MON)
    again = svc.start_processing(app_ctx.db.uow(), clerk, petition_id=p.id, client_uuid=key, now=MON)
    assert first.status == again.status == "processing"
    assert _actions(app_ctx).count("petition.start") == 1


def test_a_replayed_transition_returns_the_same_view_and_writes_once(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    from db.models_actions import ActionKey
    from db.models_petitions import PetitionEvent

    clerk = make_actor("clerk")
    p = _take(app_ctx, clerk)
    key = uuid.uuid4()
    now = MON + timedelta(hours=1)

    def extend():  # type: ignore[no-untyped-def]
        return svc.extend_petition(
            app_ctx.db.uow(), clerk, petition_id=p.id, reason="관계기관 협의", client_uuid=key, now=now
        )

    first = extend()
    again = extend()  # the reply was lost: the same request again
    assert again == first and first.extension_count == 1
    with app_ctx.db.uow() as uow:
        events = uow.session.scalars(sa.select(PetitionEvent.action).where(PetitionEvent.petition_id == p.id)).all()
        keys = uow.session.scalars(sa.select(ActionKey.action).where(ActionKey.uuid == key)).all()
        extensions = uow.session.scalar(sa.select(sa.func.count()).select_from(PetitionExtension))
    assert events == ["intake", "extend"] and keys == ["petition.extend"] and extensions == 1
    assert _actions(app_ctx).count("petition.extend") == 1
    # The key of one action is not a pass for another.
    with pytest.raises(ValidationError, match="요청 번호"):
        svc.start_processing(app_ctx.db.uow(), clerk, petition_id=p.id, client_uuid=key, now=now)


def test_a_replayed_status_notice_is_recorded_once(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    received = datetime(2026, 9, 1, 10, 0, tzinfo=SEOUL)
    p = _take(app_ctx, clerk, type_code="local_tax_objection", department=None, now=received)
    now = datetime(2026, 10, 2, 10, 0, tzinfo=SEOUL)
    key = uuid.uuid4()
    for _ in range(2):
        svc.record_status_notice(
            app_ctx.db.uow(), clerk, petition_id=p.id, due_on=date(2026, 10, 1), client_uuid=key, now=now
        )
    assert _actions(app_ctx).count("petition.status_notice") == 1
    assert svc.status_notices_due(app_ctx.db.uow(), clerk, now=now) == []


def test_a_replayed_closure_change_is_answered(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    boss = make_actor("supervisor")
    add, remove = uuid.uuid4(), uuid.uuid4()
    day = date(2026, 11, 26)
    first = svc.add_closure(app_ctx.db.uow(), boss, day=day, reason="청사 정전", client_uuid=add, now=MON)
    again = svc.add_closure(app_ctx.db.uow(), boss, day=day, reason="청사 정전", client_uuid=add, now=MON)
    assert again == first
    svc.remove_closure(app_ctx.db.uow(), boss, day=day, client_uuid=remove, now=MON)
    svc.remove_closure(app_ctx.db.uow(), boss, day=day, client_uuid=remove, now=MON)  # the reply was lost
    assert svc.list_closures(app_ctx.db.uow(), boss) == []
    assert _actions(app_ctx).count("closure.add") == 1 and _actions(app_ctx).count("closure.remove") == 1
    with pytest.raises(ValidationError, match="사이로"):
        svc.add_closure(app_ctx.db.uow(), boss, day=date(2999, 1, 1), reason="먼 미래", now=MON)


def test_a_refusal_after_another_counter_says_what_happened(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    first, second = make_actor("clerk"), make_actor("clerk")
    p = _take(app_ctx, first)
    now = MON + timedelta(hours=1)
    svc.decide_petition(app_ctx.db.uow(), first, petition_id=p.id, decision="인용", now=now)
    with pytest.raises(RuleViolation, match="다른 창구에서 방금 처리완료를 기록했습니다") as refused:
        svc.decide_petition(app_ctx.db.uow(), second, petition_id=p.id, decision="불가",
            decision_reason="관계 법령상 요건 미충족", now=now)
    assert first.display_name in refused.value.message and "'처리완료' 상태라서" in refused.value.message
    # An hour later it is no news: the plain refusal.
    with pytest.raises(RuleViolation) as later:
        svc.decide_petition(app_ctx.db.uow(), second, petition_id=p.id, decision="불가",
            decision_reason="관계 법령상 요건 미충족", now=now + timedelta(hours=1))
    assert "방금" not in later.value.message


def test_an_absurd_extension_period_is_refused(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    p = _take(app_ctx, clerk)
    with pytest.raises(RuleViolation, match="넘을 수 없습니다"):
        svc.extend_petition(
            app_ctx.db.uow(), clerk, petition_id=p.id, reason="관계기관 협의", period="99999999999년", now=MON
        )
    with pytest.raises(ValidationError, match="너무 깁니다"):
        svc.extend_petition(app_ctx.db.uow(), clerk, petition_id=p.id, reason="협의" * 600, now=MON)
