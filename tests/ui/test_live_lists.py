"""Lists that stay current without Ctrl+R: a receipt issued anywhere on this counter, or at another counter
on the shared server, appears in the 통계·마감 list on screen; a hidden list catches up when it is shown."""

from __future__ import annotations

from typing import Any

from app.domain.calendar import seoul_today
from app.services import receipts
from tests.ui.threaded import TASK_TIMEOUT_MS, threaded_window

LINE = receipts.LineInput("resident_copy", "주민등록표 등본", 1, 400)


def _rows(window: Any) -> int:
    return window.show_tab("stats").receipts_model.rowCount()


def test_a_receipt_from_another_tab_appears_in_the_list_on_screen(qtbot, sqlite_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    window, ctx = threaded_window(qtbot, sqlite_ctx, clerk)
    stats = window.show_tab("stats")
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=TASK_TIMEOUT_MS)
    assert stats.receipts_model.rowCount() == 0
    # issued through this counter's context, as the 제증명 tab does: nobody presses 새로 고침
    receipts.issue_receipt(ctx.uow(), clerk, lines=[LINE], payment_method="현금")
    qtbot.waitUntil(lambda: stats.receipts_model.rowCount() == 1, timeout=TASK_TIMEOUT_MS)


def test_a_hidden_list_is_refreshed_when_it_is_shown(qtbot, sqlite_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    window, ctx = threaded_window(qtbot, sqlite_ctx, clerk)
    stats = window.show_tab("stats")
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=TASK_TIMEOUT_MS)
    window.show_tab("counter")
    assert not stats.isVisible()
    receipts.issue_receipt(ctx.uow(), clerk, lines=[LINE], payment_method="현금")
    qtbot.wait(600)
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=TASK_TIMEOUT_MS)
    assert stats.receipts_model.rowCount() == 0  # not queried while nobody looks at it
    window.show_tab("stats")
    qtbot.waitUntil(lambda: stats.receipts_model.rowCount() == 1, timeout=TASK_TIMEOUT_MS)


def test_another_counters_receipt_appears_on_this_counter(qtbot, pg_schema_url, make_actor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import _make_context

    first, second = _make_context(pg_schema_url, tmp_path), _make_context(pg_schema_url, tmp_path)
    try:
        clerk_1, clerk_2 = make_actor("clerk", ctx=first), make_actor("clerk", ctx=second)
        window, ctx = threaded_window(qtbot, second, clerk_2)
        ctx.changes.listen_remote()
        assert ctx.changes.remote is not None and ctx.changes.remote.listening.wait(10)
        stats = window.show_tab("stats")
        qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=TASK_TIMEOUT_MS)
        before = stats.receipts_model.rowCount()
        view = receipts.issue_receipt(first.db.uow(), clerk_1, lines=[LINE], payment_method="현금")
        assert view.business_day == seoul_today()
        qtbot.waitUntil(lambda: stats.receipts_model.rowCount() == before + 1, timeout=TASK_TIMEOUT_MS)
        ctx.changes.stop()
        assert ctx.changes.remote is None
    finally:
        first.db.dispose()
        second.db.dispose()
