"""An outage is a state: one banner, background refreshes paused, no dialog; the banner goes by itself."""

from __future__ import annotations

import psycopg
from PySide6.QtWidgets import QMessageBox
from sqlalchemy.exc import OperationalError

from ui import ops
from ui.connection import FIRST_RETRY_MS, refresh_timer


def _outage() -> OperationalError:
    return OperationalError("SELECT 1", {}, psycopg.OperationalError("connection refused"))


def test_background_outage_is_a_banner_not_a_dialog(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    calls: list[str] = []

    def unreachable() -> None:
        calls.append("call")
        raise _outage()

    for _ in range(3):  # two refreshes a minute used to stack two dialogs a minute
        ops.run(window, ctx, unreachable, background=True)
    assert calls == ["call"]  # after the first, refreshes wait for the connection
    assert not ctx.connection.online and window.connection_banner.isVisibleTo(window)
    assert not [w for w in window.findChildren(QMessageBox) if w.isVisible()]

    refreshed: list[int] = []
    refresh_timer(window, ctx, 60_000, lambda: refreshed.append(1))
    ctx.connection.probe()  # the server answers (the test database is there)
    assert ctx.connection.online and not window.connection_banner.isVisibleTo(window)
    assert refreshed == [1]  # one refresh as soon as the connection is back
    ops.run(window, ctx, lambda: calls.append("again"), background=True)
    assert calls[-1] == "again"


def test_a_clerks_own_call_still_says_so(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")

    def unreachable() -> None:
        raise _outage()

    ops.run(window, ctx, unreachable)
    boxes = [w for w in window.findChildren(QMessageBox) if w.objectName() == "errorBox" and w.isVisible()]
    assert len(boxes) == 1 and "연결할 수 없습니다" in boxes[0].text()
    assert not ctx.connection.online and ctx.connection.retry_ms == FIRST_RETRY_MS
    boxes[0].close()
    ops.run(window, ctx, lambda: None)  # any call that reaches the server ends the outage
    assert ctx.connection.online


def test_the_probe_backs_off_while_the_server_stays_away(qtbot, ui_factory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.services import office

    window, ctx = ui_factory("clerk")
    ctx.connection.report(_outage())

    def down(_uow: object) -> bool:
        raise _outage()

    monkeypatch.setattr(office, "ping", down)
    ctx.connection.probe()
    ctx.connection.probe()
    assert ctx.connection.retry_ms == 4 * FIRST_RETRY_MS
    assert not ctx.connection.online and window.connection_banner.isVisibleTo(window)
