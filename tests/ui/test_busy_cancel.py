"""A read that takes longer than 2 s can be cancelled from the busy sign ([조회 취소 (Shift+Esc)]): the statement is
stopped on the database, its answer never reaches the screen, no message box and no outage banner come, and the
counter works on; a save is never offered the cancel. On both databases."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import text

from tests.db.test_interrupt import LONG
from tests.ui.threaded import TASK_TIMEOUT_MS, threaded_window
from ui import ops


def _boxes(window) -> list[QMessageBox]:  # type: ignore[no-untyped-def]
    return [w for w in window.findChildren(QMessageBox) if w.isVisible()]


def test_a_long_read_is_cancelled_by_shift_esc_and_the_counter_goes_on(qtbot, app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    window, ctx = threaded_window(qtbot, app_ctx, make_actor("clerk"))
    sign = window.busy_sign
    answers: list[object] = []

    def long_read() -> object:
        with ctx.uow() as uow:
            return uow.session.execute(text(LONG[uow.dialect])).scalar()

    ops.load(window, ctx, long_read, done=answers.append)
    qtbot.waitUntil(lambda: sign.shown, timeout=2000)
    assert not sign.cancel_offered  # not before 2 s
    qtbot.waitUntil(lambda: sign.cancel_offered, timeout=4000)
    assert sign.cancel_button.isVisible() and "(Shift+Esc)" in sign.cancel_button.text()
    assert "취소할 수 있습니다" in sign.label.text()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Escape, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not sign.cancel_offered, timeout=2000)
    assert "조회를 취소했습니다" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=TASK_TIMEOUT_MS)  # stopped, not run to its end
    qtbot.wait(50)
    assert answers == []
    assert not sign.shown and not sign.cancel_offered
    assert _boxes(window) == []
    assert ctx.connection.online  # a cancelled statement is not an outage

    def quick() -> object:
        with ctx.uow() as uow:
            return uow.session.execute(text("SELECT 7")).scalar()

    ops.load(window, ctx, quick, done=answers.append)
    qtbot.waitUntil(lambda: answers == [7], timeout=TASK_TIMEOUT_MS)


def test_a_long_save_is_never_offered_the_cancel(qtbot, sqlite_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    window, ctx = threaded_window(qtbot, sqlite_ctx, make_actor("clerk"))
    sign = window.busy_sign
    release = threading.Event()
    saved: list[object] = []
    ops.run(window, ctx, lambda: release.wait(10), done=saved.append)
    qtbot.waitUntil(lambda: "저장하고 있습니다" in sign.label.text(), timeout=4000)
    assert sign.shown and not sign.cancel_offered
    qtbot.keyClick(window, Qt.Key.Key_Escape, Qt.KeyboardModifier.ShiftModifier)  # nothing to a save
    release.set()
    qtbot.waitUntil(lambda: saved == [True], timeout=TASK_TIMEOUT_MS)
    assert not sign.shown


def test_a_read_waiting_behind_another_is_dropped_without_running(qtbot, sqlite_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    window, ctx = threaded_window(qtbot, sqlite_ctx, make_actor("clerk"))
    release = threading.Event()
    ran: list[str] = []
    ops.load(window, ctx, lambda: release.wait(10))
    ops.load(window, ctx, lambda: ran.append("second"), done=lambda _r: ran.append("done"))
    assert ctx.tasks.cancel_reads() == 2
    release.set()
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=TASK_TIMEOUT_MS)
    qtbot.wait(20)
    assert ran == []
    assert _boxes(window) == []
