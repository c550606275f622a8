"""UI fixtures: a signed-in main window on a SQLite database, tasks run synchronously."""

from __future__ import annotations

from collections.abc import Callable

import pytest


@pytest.fixture
def ui_factory(qtbot, sqlite_ctx, make_actor) -> Callable[..., object]:  # type: ignore[no-untyped-def]
    """``ui_factory(role)`` -> (MainWindow, UiContext) signed in with a new user of that role."""
    from ui.app import create_application
    from ui.context import UiContext
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner

    create_application()

    def factory(role: str = "clerk", **kwargs):  # type: ignore[no-untyped-def]
        actor = make_actor(role, **kwargs)
        ctx = UiContext(sqlite_ctx, actor, TaskRunner(synchronous=True))
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        return window, ctx

    return factory
