"""Overdue checks (예고장·독촉장), the late-department report and the satisfaction survey, on both databases."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from app.domain.calendar import SEOUL
from app.services import overdue, surveys
from app.services import petitions as psvc
from app.services.errors import NotFound, PermissionDenied, ValidationError
from db.models import AuditEntry
from db.models_outbox import OutboxMessage
from db.models_petitions import PetitionNotice, PetitionNoticeItem, PetitionSurvey

MON = datetime(2026, 11, 23, 10, 0, tzinfo=SEOUL)


def _take(ctx, actor, type_code, *, now, department=None, phone="010-2222-3333"):  # type: ignore[no-untyped-def]
    return psvc.intake_petition(
        ctx.db.uow(), actor, type_code=type_code, applicant_name="최민원", phone=phone, department=department, now=now
    )


def _pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_check_writes_advance_and_demand_notices_per_department(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    boss = make_actor("supervisor")
    late = _take(app_ctx, clerk, "use_approval", now=MON - timedelta(days=14))  # 건축과 7일, overdue
    soon = _take(app_ctx, clerk, "cook_license_new", now=MON)  # 위생과 즉시: due today
    _take(app_ctx, clerk, "local_tax_objection", now=MON)  # 세무1과 90일: nothing to say
    paused = _take(app_ctx, clerk, "use_approval", now=MON - timedelta(days=14))
    psvc.request_supplement(app_ctx.db.uow(), clerk, petition_id=paused.id, note="도면", now=MON - timedelta(days=13))
    now = MON + timedelta(hours=1)

    preview = {d.department: d for d in overdue.overdue_preview(app_ctx.db.uow(), boss, within_days=3, now=now)}
    assert (preview["건축과"].overdue, preview["위생과"].due_soon, preview["세무1과"].due_soon) == (1, 1, 0)

    with pytest.raises(PermissionDenied):
        overdue.run_overdue_check(app_ctx.db.uow(), clerk, within_days=3, path_for=lambda k, d: tmp_path / "x.pdf")
    with pytest.raises(ValidationError):
        overdue.run_overdue_check(app_ctx.db.uow(), boss, within_days=-1, path_for=lambda k, d: tmp_path / "x.pdf")

    result = overdue.run_overdue_check(
        app_ctx.db.uow(), boss, within_days=3, now=now, path_for=lambda kind, dept: tmp_path / f"{kind}-{dept}.pdf"
    )
    assert sorted((n.kind_label, n.department, n.count) for n in result.notices) == [
        ("독촉장", "건축과", 1),
        ("예고장", "위생과", 1),
    ]
    demand = _pdf_text(tmp_path / "독촉장-건축과.pdf")
    assert "독촉장" in demand and "건축과" in demand and late.number in demand and "초과" in demand
    assert paused.number not in demand  # a paused petition is not running against its deadline
    assert "성북구" in demand and "최민원" not in demand
    advance = _pdf_text(tmp_path / "예고장-위생과.pdf")
    assert "예고장" in advance and soon.number in advance and "남음" in advance and "3근무일" in advance
    with app_ctx.db.uow() as uow:
        notices = uow.session.scalars(sa.select(PetitionNotice).order_by(PetitionNotice.kind)).all()
        assert [(n.kind, n.department, n.petition_count) for n in notices] == [
            ("advance", "위생과", 1),
            ("demand", "건축과", 1),
        ]
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(PetitionNoticeItem)) == 2
        actions = uow.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
        # The check registers its notices once (numbered, under the day's lock), then each PDF goes through
        # the one print path (intent, then completion).
        assert actions.count("notice.print") == 2 and actions.count("print.done") == 2
        assert actions.count("notice.send") == 1 and actions.index("notice.send") < actions.index("notice.print")
        intents = uow.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "notice.print")).all()
        assert {e.record_id for e in intents} == {n.number for n in result.notices}
        assert sorted(e.detail.split(" · ")[0] for e in intents) == ["건축과 독촉장 1건", "위생과 예고장 1건"]
    records = overdue.list_notices(app_ctx.db.uow(), boss, start=MON.date(), end=MON.date())
    assert {r.kind_label for r in records} == {"예고장", "독촉장"}


def test_a_notice_not_written_is_printed_by_the_next_check(app_ctx, make_actor, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    boss = make_actor("supervisor")
    _take(app_ctx, clerk, "cook_license_new", now=MON)
    real = overdue.render_notice

    def disk_full(document, path):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    def check(name: str):  # type: ignore[no-untyped-def]
        return overdue.run_overdue_check(
            app_ctx.db.uow(), boss, within_days=3, now=MON + timedelta(hours=1), path_for=lambda k, d: tmp_path / name
        )

    monkeypatch.setattr(overdue, "render_notice", disk_full)
    with pytest.raises(OSError):
        check("first.pdf")
    with app_ctx.db.uow() as uow:
        actions = uow.session.scalars(sa.select(AuditEntry.action)).all()
        registered = uow.session.scalars(sa.select(PetitionNotice)).all()
        assert [(n.kind, n.number) for n in registered] == [("advance", "민원여권과-1")]
    # The notice is registered with its number; the intent stays as the trace of a document that may have
    # reached paper, and no completion claims that it did.
    assert actions.count("notice.print") == 1 and "print.done" not in actions and actions.count("notice.send") == 1
    assert not (tmp_path / "first.pdf").exists()

    monkeypatch.setattr(overdue, "render_notice", real)  # the disk has room again: the next check prints it
    again = check("again.pdf")
    assert [(n.number, n.reprinted) for n in again.notices] == [("민원여권과-1", True)]
    text = _pdf_text(tmp_path / "again.pdf")
    assert "민원여권과-1" in text and "재출력" in text and "2026. 11. 23." in text
    with app_ctx.db.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(PetitionNotice)) == 1
        actions = uow.session.scalars(sa.select(AuditEntry.action)).all()
    assert actions.count("notice.send") == 1 and actions.count("print.done") == 1


def test_late_department_report(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    boss = make_actor("supervisor")
    start = datetime(2026, 10, 5, 10, 0, tzinfo=SEOUL)
    for offset in range(3):  # 건축과: three late
        _take(app_ctx, clerk, "use_approval", now=start + timedelta(days=offset))
    in_time = _take(app_ctx, clerk, "pharmacy_registration", now=start)  # 보건소 10일: decided in time
    psvc.decide_petition(
        app_ctx.db.uow(), clerk, petition_id=in_time.id, decision="인용", now=start + timedelta(days=2)
    )
    late_decided = _take(app_ctx, clerk, "clinic_opening_report", now=start)  # 보건소: decided late
    psvc.decide_petition(
        app_ctx.db.uow(), clerk, petition_id=late_decided.id, decision="불가",
            decision_reason="요건 미충족", now=start + timedelta(days=30)
    )
    report = overdue.late_departments(
        app_ctx.db.uow(), boss, start=date(2026, 10, 1), end=date(2026, 10, 31), more_than=0, now=MON
    )
    assert [(r.department, r.due_in_period, r.late) for r in report] == [("건축과", 3, 3), ("보건소", 2, 1)]
    assert report[1].late_rate == 50.0
    strict = overdue.late_departments(
        app_ctx.db.uow(), boss, start=date(2026, 10, 1), end=date(2026, 10, 31), more_than=2, now=MON
    )
    assert [r.department for r in strict] == ["건축과"]
    with pytest.raises(PermissionDenied):
        overdue.late_departments(app_ctx.db.uow(), clerk, start=date(2026, 10, 1), end=date(2026, 10, 31))


def _resolve(ctx, clerk, type_code, *, now, phone="010-2222-3333", department=None):  # type: ignore[no-untyped-def]
    p = _take(ctx, clerk, type_code, now=now, phone=phone, department=department)
    psvc.decide_petition(ctx.db.uow(), clerk, petition_id=p.id, decision="인용", now=now + timedelta(minutes=30))
    return psvc.notify_petition(ctx.db.uow(), clerk, petition_id=p.id, method="통지", now=now + timedelta(hours=1))


def test_resolved_petitions_are_queued_with_sms_then_ars(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    with_phone = _resolve(app_ctx, clerk, "cook_license_new", now=MON)
    no_phone = _resolve(app_ctx, clerk, "cook_license_new", now=MON, phone="")
    with app_ctx.db.uow() as uow:
        rows = {s.petition_id: s for s in uow.session.scalars(sa.select(PetitionSurvey))}
        sms = uow.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.record_type == "petition_survey")).all()
        queued = rows[with_phone.id]
        assert queued.sms_enqueued_at is not None
        assert queued.ars_due_at == queued.sms_enqueued_at + timedelta(minutes=5)
        assert len(sms) == 1 and "만족도" in sms[0].body and sms[0].recipient == "010-2222-3333"
        assert rows[no_phone.id].sms_enqueued_at is None and rows[no_phone.id].ars_due_at is None
    pending = surveys.list_surveys(app_ctx.db.uow(), clerk)
    assert {v.state_label for v in pending} == {"ARS 응답 대기", "연락처 없음"}


def test_answers_by_hand_and_csv_and_rates(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    boss = make_actor("supervisor")
    a = _resolve(app_ctx, clerk, "cook_license_new", now=MON)  # 위생과
    b = _resolve(app_ctx, clerk, "building_report", now=MON)  # 건축과
    c = _resolve(app_ctx, clerk, "use_approval", now=MON)  # 건축과
    unanswered = _resolve(app_ctx, clerk, "info_disclosure", now=MON)
    surveys.record_answer(app_ctx.db.uow(), clerk, number=a.number, kindness=5, satisfaction="만족", now=MON)
    with pytest.raises(ValidationError, match="1~5"):
        surveys.record_answer(app_ctx.db.uow(), clerk, number=b.number, kindness=7, satisfaction=3)
    with pytest.raises(NotFound):
        surveys.record_answer(app_ctx.db.uow(), clerk, number="민원-19990101-0001", kindness=5, satisfaction=5)
    csv_path = tmp_path / "ars.csv"
    csv_path.write_text(
        "민원번호,친절도,만족도,응답일시\n"
        f"{b.number},4,보통,2026-11-23 12:00\n"
        f"{c.number},불만,2,\n"
        "민원-19990101-0001,5,5,\n"
        f"{unanswered.number},9,5,\n",
        encoding="utf-8-sig",
    )
    result = surveys.import_answers_csv(app_ctx.db.uow(), clerk, path=csv_path, now=MON)
    assert result.recorded == 2 and len(result.errors) == 2
    assert result.errors[0].startswith("4행") and result.errors[1].startswith("5행")
    rates = surveys.survey_rates(app_ctx.db.uow(), boss, start=MON.date(), end=MON.date())
    assert (rates.overall.queued, rates.overall.answered) == (4, 3)
    assert rates.overall.kindness_rate == pytest.approx(66.7)  # 5, 4 satisfied; 1 not
    assert rates.overall.satisfaction_rate == pytest.approx(33.3)  # 만족(5); 보통(3), 2 not
    by_dept = {r.group: r for r in rates.by_department}
    assert by_dept["위생과"].satisfaction_rate == 100.0 and by_dept["건축과"].kindness_rate == 50.0
    assert [r.group for r in rates.by_clerk] == [clerk.display_name]
    other_period = surveys.survey_rates(app_ctx.db.uow(), boss, start=date(2026, 1, 1), end=date(2026, 1, 31))
    assert other_period.overall.queued == 0 and other_period.overall.kindness_rate is None
    guide = make_actor("guide")
    with pytest.raises(PermissionDenied):
        surveys.record_answer(app_ctx.db.uow(), guide, number=a.number, kindness=5, satisfaction=5)


def test_a_replayed_check_sends_nothing_again(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import uuid

    clerk, boss = make_actor("clerk"), make_actor("supervisor")
    _take(app_ctx, clerk, "cook_license_new", now=MON)
    key = uuid.uuid4()

    def check():  # type: ignore[no-untyped-def]
        return overdue.run_overdue_check(
            app_ctx.db.uow(),
            boss,
            within_days=3,
            now=MON + timedelta(hours=1),
            client_uuid=key,
            path_for=lambda kind, dept: tmp_path / f"{kind}-{dept}.pdf",
        )

    first = check()
    again = check()  # the reply was lost
    assert again.batch == first.batch == key
    assert [(n.kind, n.department, n.count) for n in again.notices] == [("advance", "위생과", 1)]
    with app_ctx.db.uow() as uow:
        actions = uow.session.scalars(sa.select(AuditEntry.action)).all()
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(PetitionNotice)) == 1
    assert actions.count("notice.print") == 1 and actions.count("notice.send") == 1


def test_a_survey_is_answered_once_and_a_retry_is_answered(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import uuid

    from app.services.errors import RuleViolation

    clerk = make_actor("clerk")
    a = _resolve(app_ctx, clerk, "cook_license_new", now=MON)
    key = uuid.uuid4()
    first = surveys.record_answer(app_ctx.db.uow(), clerk, number=a.number, kindness=5, satisfaction=4, client_uuid=key)
    again = surveys.record_answer(app_ctx.db.uow(), clerk, number=a.number, kindness=5, satisfaction=4, client_uuid=key)
    assert again == first
    with pytest.raises(RuleViolation, match="이미 기록되어 있습니다"):
        surveys.record_answer(app_ctx.db.uow(), clerk, number=a.number, kindness=1, satisfaction=1)
    csv_path = tmp_path / "ars.csv"
    csv_path.write_text(f"민원번호,친절도,만족도,기타\n{a.number},1,1,x,y\n", encoding="utf-8-sig")
    result = surveys.import_answers_csv(app_ctx.db.uow(), clerk, path=csv_path, now=MON)
    assert result.recorded == 0 and "이미 기록" in result.errors[0]
    with pytest.raises(ValidationError, match="친절도"):
        surveys.record_answer(app_ctx.db.uow(), clerk, number=a.number, kindness="9" * 5000, satisfaction=1)
    with pytest.raises(ValidationError, match="1~5"):
        surveys.record_answer(app_ctx.db.uow(), clerk, number=a.number, kindness="²", satisfaction=1)
    nul = tmp_path / "nul.csv"
    nul.write_text("민원번호,친절도,만족도\n\x00,1,1\n", encoding="utf-8")
    assert surveys.import_answers_csv(app_ctx.db.uow(), clerk, path=nul, now=MON).recorded == 0
    with app_ctx.db.uow() as uow:
        survey = uow.session.scalars(sa.select(PetitionSurvey)).one()
        assert (survey.kindness, survey.satisfaction) == (5, 4)
        actions = uow.session.scalars(sa.select(AuditEntry.action)).all()
    assert actions.count("survey.record") == 1


def test_notices_carry_a_number_and_a_date_and_a_rerun_reprints_them(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """예고장/독촉장: 문서번호 and 시행일자 on the page; one notice of a kind per department and day (issue 13)."""
    import uuid

    clerk, boss, other = make_actor("clerk"), make_actor("supervisor"), make_actor("supervisor")
    late = _take(app_ctx, clerk, "use_approval", now=MON - timedelta(days=14))  # 건축과: overdue
    soon = _take(app_ctx, clerk, "cook_license_new", now=MON)  # 위생과: due today

    def check(actor, name: str, *, now=MON + timedelta(hours=1)):  # type: ignore[no-untyped-def]
        return overdue.run_overdue_check(
            app_ctx.db.uow(),
            actor,
            within_days=3,
            now=now,
            client_uuid=uuid.uuid4(),
            path_for=lambda kind, dept: tmp_path / f"{name}-{kind}-{dept}.pdf",
        )

    first = check(boss, "first")
    numbers = sorted(n.number for n in first.notices)
    assert numbers == ["민원여권과-1", "민원여권과-2"] and not any(n.reprinted for n in first.notices)
    assert {n.day for n in first.notices} == {MON.date()}
    demand = _pdf_text(tmp_path / "first-독촉장-건축과.pdf")
    by_kind = {n.kind: n for n in first.notices}
    assert f"문서번호 {by_kind['demand'].number}" in demand.replace("\n", " ")
    assert "시행일자 2026. 11. 23." in demand.replace("\n", " ") and "재출력" not in demand
    assert f"시행 {by_kind['demand'].number} (2026. 11. 23.)" in demand

    # Another supervisor runs the check half an hour later: the same notices printed again, nothing registered.
    rerun = check(other, "rerun", now=MON + timedelta(hours=1, minutes=30))
    assert rerun.all_reprinted and sorted(n.number for n in rerun.notices) == numbers
    again = _pdf_text(tmp_path / "rerun-예고장-위생과.pdf")
    assert "재출력" in again and by_kind["advance"].number in again and soon.number in again
    with app_ctx.db.uow() as uow:
        labels = uow.session.scalars(sa.select(PetitionNoticeItem.time_label)).all()
    printed_first = _pdf_text(tmp_path / "first-예고장-위생과.pdf")
    advance_label = next(label for label in labels if "남음" in label)
    assert advance_label in printed_first and advance_label in again  # the lines as first printed
    with app_ctx.db.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(PetitionNotice)) == 2
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(PetitionNoticeItem)) == 2
        actions = uow.session.scalars(sa.select(AuditEntry.action)).all()
    assert actions.count("notice.send") == 1 and actions.count("notice.print") == 4

    # The next working day is a new day: new notices with the year's next numbers.
    tuesday = check(boss, "tue", now=MON + timedelta(days=1, hours=1))
    assert sorted(n.number for n in tuesday.notices) == ["민원여권과-3", "민원여권과-4"]
    assert not any(n.reprinted for n in tuesday.notices) and {n.day for n in tuesday.notices} == {date(2026, 11, 24)}
    listed = overdue.list_notices(app_ctx.db.uow(), boss, start=MON.date(), end=MON.date() + timedelta(days=1))
    assert sorted((r.number, r.day) for r in listed)[:2] == [("민원여권과-1", MON.date()), ("민원여권과-2", MON.date())]
    assert late.number in _pdf_text(tmp_path / "tue-독촉장-건축과.pdf")


def _notice_migration():  # type: ignore[no-untyped-def]
    import importlib.util

    path = Path(__file__).parents[2] / "db" / "migrations" / "versions" / "0014_ctr_notice_numbers.py"
    spec = importlib.util.spec_from_file_location("migration_0014", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_migration_dates_old_notices_and_keeps_same_day_reruns(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    """Notices from before 문서번호/시행일자: each gets its Seoul day from ``sent_at``; of the reruns of one day the
    first keeps the day (the unique rule) and the later ones stay, undated, so no record is lost."""
    import uuid

    boss = make_actor("supervisor")
    engine = app_ctx.db.engine
    late_evening = datetime(2026, 11, 23, 23, 30, tzinfo=SEOUL)  # 14:30 UTC: still the 23rd in Seoul
    sent = [late_evening - timedelta(hours=3), late_evening, late_evening + timedelta(hours=1)]  # the last: 24th
    with engine.begin() as conn:
        for moment in sent:
            conn.execute(
                sa.insert(PetitionNotice).values(
                    uuid=uuid.uuid4(),
                    office_id=boss.office_id,
                    batch=uuid.uuid4(),
                    kind="demand",
                    department="건축과",
                    within_days=3,
                    sent_at=moment,
                    sent_by=boss.user_id,
                    petition_count=1,
                    file_name="",
                )
            )
    with engine.begin() as conn:
        _notice_migration().backfill_days(conn)
    with app_ctx.db.uow() as uow:
        days = uow.session.scalars(sa.select(PetitionNotice.day).order_by(PetitionNotice.sent_at)).all()
        numbers = uow.session.scalars(sa.select(PetitionNotice.number)).all()
    assert days == [date(2026, 11, 23), None, date(2026, 11, 24)]
    assert numbers == [None, None, None]  # they were sent without a number: none is made up
