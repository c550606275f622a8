"""A slow query shows a busy sign after about 300 ms (a list that looks empty is never just slow); a quick one
never flickers one; the sign goes when the work is done."""

from __future__ import annotations

import threading

from tests.ui.threaded import TASK_TIMEOUT_MS, threaded_window


def test_slow_work_shows_the_busy_sign_and_quick_work_does_not(qtbot, sqlite_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    window, ctx = threaded_window(qtbot, sqlite_ctx, make_actor("clerk"))
    sign = window.busy_sign
    assert not sign.shown

    ctx.tasks.submit(lambda: None)
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=TASK_TIMEOUT_MS)
    qtbot.wait(400)
    assert not sign.shown  # done within 300 ms: no sign

    release = threading.Event()
    ctx.tasks.submit(lambda: release.wait(10))
    qtbot.wait(100)
    assert not sign.shown
    qtbot.waitUntil(lambda: sign.shown, timeout=2000)
    assert sign.label.isVisible() and "처리 중" in sign.label.text()
    release.set()
    qtbot.waitUntil(lambda: not sign.shown, timeout=TASK_TIMEOUT_MS)
