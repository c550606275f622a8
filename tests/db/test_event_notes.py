"""A petition's history notes on SQLite and PostgreSQL (issue 16): the Korean ``note`` is what it was before
(byte for byte: the audit, the documents and old rows read it), ``note_args`` keeps what it is made of, and
the history reads it in English with its dates, times and periods written for English."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from app import i18n
from app.domain.calendar import SEOUL
from app.formatting import event_note
from app.services import petitions as svc
from app.services.errors import ValidationError
from app.views.petitions import EventView
from db.models_petitions import PetitionEvent

MON = datetime(2026, 11, 23, 10, 0, tzinfo=SEOUL)  # a Monday, no holiday that week
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture
def english(monkeypatch):  # type: ignore[no-untyped-def]
    """English, with the texts of this change read from their fragment while it is not merged into en.po."""
    i18n._catalog.cache_clear()
    i18n._plurals.cache_clear()
    i18n.set_language("en")
    yield
    i18n.set_language("ko")
    i18n._catalog.cache_clear()
    i18n._plurals.cache_clear()


def _events(ctx, petition_id: int) -> list[PetitionEvent]:  # type: ignore[no-untyped-def]
    with ctx.db.uow() as uow:
        rows = list(
            uow.session.scalars(
                sa.select(PetitionEvent).where(PetitionEvent.petition_id == petition_id).order_by(PetitionEvent.id)
            )
        )
        uow.session.expunge_all()
    return rows


def _through_everything(ctx, clerk):  # type: ignore[no-untyped-def]
    """A petition received, started, paused (with a due date), resumed, extended twice, decided late-free as
    불가 with grounds and an earlier decision time, then notified; the moments of each step."""
    uow = ctx.db.uow
    p = svc.intake_petition(
        uow(),
        clerk,
        type_code="question_procedure",
        applicant_name="홍길동",
        phone="010-1234-5678",
        department="건축과",
        now=MON,
    )
    svc.start_processing(uow(), clerk, petition_id=p.id, now=MON + timedelta(minutes=5))
    svc.request_supplement(
        uow(),
        clerk,
        petition_id=p.id,
        note="도면 누락",
        supplement_due=date(2026, 11, 25),
        now=MON + timedelta(hours=1),
    )
    svc.receive_supplement(uow(), clerk, petition_id=p.id, note="", now=MON + timedelta(hours=2))
    first = svc.extend_petition(
        uow(),
        clerk,
        petition_id=p.id,
        reason="현장 조사가 필요함",
        period_amount=3,
        period_unit="days",
        now=MON + timedelta(hours=3),
    )
    svc.extend_petition(
        uow(),
        clerk,
        petition_id=p.id,
        reason="관계 기관 회신 대기",
        period_amount=2,
        period_unit="days",
        applicant_consent=True,
        consent_note="",
        now=MON + timedelta(hours=4),
    )
    decided_at = MON + timedelta(hours=4, minutes=30)
    svc.decide_petition(
        uow(),
        clerk,
        petition_id=p.id,
        decision="불가",
        decision_reason="관련 법령상 허가 대상이 아님",
        decided_at=decided_at,
        reason="결재는 먼저 났음",
        now=MON + timedelta(hours=6),
    )
    svc.notify_petition(uow(), clerk, petition_id=p.id, method="통지", now=MON + timedelta(hours=7))
    return p, first, decided_at


def test_the_korean_notes_are_as_before_and_keep_what_they_are_made_of(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    p, first, decided_at = _through_everything(app_ctx, clerk)
    rows = _events(app_ctx, p.id)
    by_action = {}
    for row in rows:
        by_action.setdefault(row.action, []).append(row)
    # the Korean as the f-strings wrote it before note_args existed
    assert by_action["intake"][0].note == "7일, 건축과"
    assert by_action["start"][0].note == "" and by_action["start"][0].note_args is None
    assert by_action["supplement"][0].note == "도면 누락 (보완 기한 2026-11-25)"
    assert by_action["resume"][0].note == "" and by_action["resume"][0].note_args is None
    due1 = f"{first.due_at.astimezone(SEOUL):%Y-%m-%d %H:%M}"
    assert by_action["extend"][0].note == f"1차 연장 3일 → {due1} · 서면 통지 · 사유: 현장 조사가 필요함"
    second = by_action["extend"][1].note
    assert re.fullmatch(
        r"2차 연장 2일 → \d{4}-\d\d-\d\d \d\d:\d\d · 서면 통지 · 민원인 동의: 예 · 사유: 관계 기관 회신 대기", second
    ), second
    local = decided_at.astimezone(SEOUL)
    assert by_action["decide"][0].note == (
        f"불가 · 처리 {local:%Y-%m-%d %H:%M} · 불가 사유: 관련 법령상 허가 대상이 아님 · 사유: 결재는 먼저 났음"
    )
    assert by_action["notify"][0].note == "통지"
    # what each note is made of: the template, the clerk's words as typed, dates and periods as ISO / data
    args = by_action["extend"][0].note_args
    assert args is not None and args["template"].startswith("{sequence}차 연장 {period}")
    assert args["params"]["reason"] == "현장 조사가 필요함"
    assert args["params"]["period"] == {"period": "3일"}
    assert datetime.fromisoformat(args["params"]["due"]["datetime"]) == first.due_at
    assert by_action["supplement"][0].note_args["params"]["day"] == {"date": "2026-11-25"}
    consent = by_action["extend"][1].note_args["params"]["consent"]
    assert consent == {"template": " · 민원인 동의: {consent}", "params": {"consent": "예"}}


def test_the_history_in_english_from_what_the_notes_are_made_of(app_ctx, make_actor, english) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    p, first, _ = _through_everything(app_ctx, clerk)
    shown = {row.action: event_note(row.note, row.note_args) for row in reversed(_events(app_ctx, p.id))}
    assert shown["intake"] == "7 days, Architecture Division"
    assert shown["supplement"] == "도면 누락 (supplement due Nov 25, 2026)"  # the clerk's words as typed
    # the first extension (dict comprehension in reverse order keeps the first of each action)
    assert shown["extend"].startswith("Extension 1: 3 days → Mon, ")
    assert "· notified by Letter · reason: 현장 조사가 필요함" in shown["extend"]
    assert shown["decide"].startswith("Refused · decided Mon, 23 Nov 2026 14:30")
    assert shown["decide"].endswith(" · grounds for refusal: 관련 법령상 허가 대상이 아님 · reason: 결재는 먼저 났음")
    assert shown["notify"] == "Notice"
    for action, text in shown.items():  # no Korean left but the clerk's own words
        rest = text
        for typed in ("도면 누락", "현장 조사가 필요함", "관련 법령상 허가 대상이 아님", "결재는 먼저 났음"):
            rest = rest.replace(typed, "")
        assert not HANGUL.search(rest), (action, text)
    second = [r for r in _events(app_ctx, p.id) if r.action == "extend"][1]
    assert " · applicant's consent: Yes · reason: " in event_note(second.note, second.note_args)


def test_an_old_row_and_korean_show_the_note_as_stored(english) -> None:  # type: ignore[no-untyped-def]
    old = EventView(MON, "extend", "연장", "processing", "processing", "1차 연장 3일 → 2026-11-26 18:00", "직원")
    assert event_note(old.note, old.note_args) == "1차 연장 3일 → 2026-11-26 18:00"  # no note_args: as stored
    args = {"template": "{what} (보완 기한 {day:%Y-%m-%d})", "params": {"what": "도면", "day": {"date": "2026-11-25"}}}
    assert event_note("도면 (보완 기한 2026-11-25)", args, "ko") == "도면 (보완 기한 2026-11-25)"
    assert event_note("도면 (보완 기한 2026-11-25)", args, "en") == "도면 (supplement due Nov 25, 2026)"


@pytest.mark.allow_log("app.formatting")
def test_a_note_whose_args_do_not_fit_shows_the_stored_korean(english) -> None:  # type: ignore[no-untyped-def]
    broken = {"template": "{what} (보완 기한 {day:%Y-%m-%d})", "params": {"what": "도면", "day": {"date": "11/25"}}}
    assert event_note("도면 (보완 기한 2026-11-25)", broken) == "도면 (보완 기한 2026-11-25)"


def test_the_extension_period_is_a_number_and_a_unit(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    uow = app_ctx.db.uow
    p = svc.intake_petition(
        uow(), clerk, type_code="question_procedure", applicant_name="홍길동", phone="010-1234-5678",
        department="건축과", now=MON,
    )  # fmt: skip
    svc.start_processing(uow(), clerk, petition_id=p.id, now=MON)
    for amount, unit, message in (
        (0, "days", "연장 기간: 1 이상"),
        (3, "weeks", "단위를 고르세요"),
        ("3", "days", "숫자로"),
    ):
        with pytest.raises(ValidationError, match=message) as caught:
            svc.extend_petition(
                uow(), clerk, petition_id=p.id, reason="현장 조사", period_amount=amount, period_unit=unit,
                now=MON + timedelta(hours=1),
            )  # fmt: skip
        assert caught.value.template  # a template with its fields: it translates
    view = svc.extend_petition(
        uow(), clerk, petition_id=p.id, reason="현장 조사", period_amount=8, period_unit="hours",
        now=MON + timedelta(hours=1),
    )  # fmt: skip
    assert view.extension_count == 1
    with app_ctx.db.uow() as u:
        period = u.session.scalar(sa.text("SELECT period FROM petition_extensions WHERE petition_id = :p"), {"p": p.id})
    assert period == "8시간"
