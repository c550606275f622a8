"""The emergency countdown board reloads like every other list (paused in an outage, once more when the server is
back), and the emergency intake says when a case taken now is due: 3 WORKING hours (issue 11, issue 14 item 6)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import psycopg
from sqlalchemy.exc import OperationalError

from app.domain.calendar import SEOUL
from app.services import passports as ps
from app.services import petitions as pets
from tests.ui.test_passport_tab import Clock, _open_passport_tab
from ui.tabs.passport import PassportTab

WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=SEOUL)
THURSDAY_NIGHT = datetime(2026, 11, 26, 19, 10, tzinfo=SEOUL)  # the night window (Mon and Thu 18:00–20:00)


def _outage() -> OperationalError:
    return OperationalError("SELECT 1", {}, psycopg.OperationalError("connection refused"))


def test_the_board_reloads_on_the_shared_refresh_timer_and_pauses_in_an_outage(qtbot, ui_factory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    tab = _open_passport_tab(qtbot, window)
    assert isinstance(tab, PassportTab)
    board = tab.board
    loads: list[datetime | None] = []
    real = ps.open_emergencies

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        loads.append(kwargs.get("now"))
        return real(*args, **kwargs)

    monkeypatch.setattr(ps, "open_emergencies", counted)
    board.timer.timeout.emit()  # the one-second redraw reads the clock only, never the database
    assert loads == []
    assert board.reload_timer.interval() == 30_000 and board.reload_timer.isActive()
    board.reload_timer.timeout.emit()
    assert len(loads) == 1

    ctx.connection.report(_outage())  # the server went away: the banner shows, background reloads pause
    assert not ctx.connection.online
    board.reload_timer.timeout.emit()
    board.reload_timer.timeout.emit()
    assert len(loads) == 1
    ctx.connection.report(None)  # back: the board reloads once by itself
    assert len(loads) == 2


def _emergency_form(tab: PassportTab, clock: Clock) -> str:
    tab.clock = clock
    tab.intake.make_emergency()
    tab.intake.rrn.edit.setText("900101-1234568")  # the form updates (and asks for the target) on each change
    tab.intake.update_form()
    return tab.intake.due_note.text()


def test_the_intake_says_when_an_emergency_taken_now_is_due(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    tab = _open_passport_tab(qtbot, window)
    assert isinstance(tab, PassportTab)
    clock = Clock(WEDNESDAY)
    text = _emergency_form(tab, clock)
    # 10:00 + 3 working hours, lunch 12:00–13:00 left out: 14:00 the same day.
    assert text == "지금 접수하면 마감 11-25(수) 14:00까지 처리합니다."
    expected = ps.emergency_target(ctx.uow(), ctx.actor, now=WEDNESDAY)
    assert expected.due_at == datetime(2026, 11, 25, 14, 0, tzinfo=SEOUL) and not expected.next_day

    clock.now = datetime(2026, 11, 25, 17, 30, tzinfo=SEOUL)  # after 17:00: the rest runs the next working day
    tab.intake.update_form()
    late = tab.intake.due_note.text()
    assert "11월 26일(목)" in late and "근무시간 3시간" in late
    target = tab.intake.due_target
    assert target is not None and target.next_day and target.due_at.date() == date(2026, 11, 26)


def test_the_night_window_says_plainly_the_case_is_due_the_next_working_day(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("night")
    tab = _open_passport_tab(qtbot, window)
    assert isinstance(tab, PassportTab)
    text = _emergency_form(tab, Clock(THURSDAY_NIGHT))
    target = ps.emergency_target(ctx.uow(), ctx.actor, now=THURSDAY_NIGHT)
    assert target.next_day and target.notice is not None
    assert target.due_at.date() == date(2026, 11, 27)  # Friday, the next working day
    assert text == target.notice and "지금 접수하면 11월 27일(금) 12:00까지" in text
    assert tab.intake.due_note.isVisibleTo(tab)


def test_an_office_closure_moves_the_target_and_the_stored_due_time(qtbot, ui_factory, make_actor) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    boss = make_actor("supervisor")
    late = datetime(2026, 11, 25, 17, 30, tzinfo=SEOUL)
    pets.add_closure(ctx.uow(), boss, day=date(2026, 11, 26), reason="청사 정전", now=late - timedelta(days=1))
    target = ps.emergency_target(ctx.uow(), ctx.actor, now=late)
    assert target.due_at.date() == date(2026, 11, 27)  # Thursday closed: Friday
    form = ps.ApplicationForm(
        name="홍길동",
        resident_number="900101-1234568",
        kind="긴급",
        photo_checked=True,
        documents_checked=("application_form", "id_card_adult", "emergency_statement"),
        emergency_reason="출장",
        identity_verified=True,
        destination_warned=True,
    )
    taken = ps.take_application(ctx.uow(), ctx.actor, form=form, now=late)
    assert taken.due_at == target.due_at
