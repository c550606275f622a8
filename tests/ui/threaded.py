"""A signed-in main window whose task runner really runs on its worker threads (not synchronously).

Most UI tests run tasks synchronously so that a task has finished when the call returns; these helpers are
for the tests that prove a screen also works when the result comes back later, through the runner's signals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

TASK_TIMEOUT_MS = 15_000


def threaded_window(qtbot: Any, app_context: Any, actor: Any) -> tuple[Any, Any]:
    """(MainWindow, UiContext) with a threaded ``TaskRunner``; the window is shown and active."""
    from ui.app import create_application
    from ui.context import UiContext
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner

    create_application()
    ctx = UiContext(app_context, actor, TaskRunner())
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # Start-up refreshes run on the worker too; let them land before the test acts.
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=TASK_TIMEOUT_MS)
    return window, ctx


def run_and_wait(qtbot: Any, ctx: Any, action: Callable[[], object]) -> None:
    """Do ``action`` (which submits work) and wait until every task it started has called back."""
    action()
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=TASK_TIMEOUT_MS)
    # One more turn of the event loop so that slots queued by the last callback run too.
    qtbot.wait(10)
