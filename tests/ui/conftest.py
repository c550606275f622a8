"""UI fixtures: a signed-in main window on a SQLite database, tasks run synchronously."""

from __future__ import annotations

from collections.abc import Callable

import pytest


@pytest.fixture(autouse=True)
def tab_on_show_built_when_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    """The program builds the tab on show after the window's first paint (``MainWindow._first_paint``); a test
    that shows a window finds it built at once, whichever way the window came (``ui_factory``,
    ``threaded_window``, ``run_session`` with a stand-in for the event loop). tests/ui/test_start_order.py,
    which checks the order itself, overrides this fixture."""
    from ui.main_window import MainWindow

    shown = MainWindow.showEvent

    def show_and_build(self, event):  # type: ignore[no-untyped-def]
        shown(self, event)
        self.ensure_built()

    monkeypatch.setattr(MainWindow, "showEvent", show_and_build)
    # likewise the 증명·민원 tab builds its other sections in the event loop's next turns: here with the tab
    from ui.tabs.counter.tab import CounterTab

    made = CounterTab.__init__

    def make_with_sections(self, ctx):  # type: ignore[no-untyped-def]
        made(self, ctx)
        self.build_sections()

    monkeypatch.setattr(CounterTab, "__init__", make_with_sections)


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
