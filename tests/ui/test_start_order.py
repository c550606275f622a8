"""The window paints before it builds its first tab, and the rest of the start comes after that paint:
the tab on show is built after the first paint (at once with synchronous tasks, after the warm-up thread has
imported its module with real workers); a tab asked for earlier is built when asked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.threaded import TASK_TIMEOUT_MS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def tab_on_show_built_when_shown() -> None:
    """Here the window builds its first tab the program's way (conftest's fixture of this name builds it on show)."""


def _window(qtbot, sqlite_ctx, make_actor, runner):  # type: ignore[no-untyped-def]
    from ui.app import create_application
    from ui.context import UiContext
    from ui.main_window import MainWindow

    create_application()
    window = MainWindow(UiContext(sqlite_ctx, make_actor("clerk"), runner))
    qtbot.addWidget(window)
    return window


def test_the_first_tab_is_built_after_the_first_paint(qtbot, sqlite_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    from ui.tasks import TaskRunner

    window = _window(qtbot, sqlite_ctx, make_actor, TaskRunner(synchronous=True))
    assert window.tabs.currentWidget().objectName() == "unbuilt_counter"  # made, not built
    built: list[str] = []
    window.tab_built.connect(built.append)
    window.show()
    qtbot.waitUntil(lambda: built == ["counter"])
    assert window.tabs.currentWidget() is window.pages["counter"]
    assert window.tabs.currentWidget().objectName() == "tab_counter"


def test_a_tab_asked_for_before_the_paint_is_built_when_asked(qtbot, sqlite_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    from ui.tasks import TaskRunner

    window = _window(qtbot, sqlite_ctx, make_actor, TaskRunner(synchronous=True))
    page = window.ensure_built()
    assert page is not None and page.objectName() == "tab_counter" and page is window.pages["counter"]
    assert window.show_tab("passport").objectName() == "tab_passport"
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(20)
    assert window.tabs.currentWidget() is window.pages["passport"]  # still where the user went


def test_with_real_workers_the_warm_up_thread_leads_to_the_first_tab(qtbot, sqlite_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    from ui.tasks import TaskRunner

    window = _window(qtbot, sqlite_ctx, make_actor, TaskRunner())
    done: list[bool] = []
    window.show()
    qtbot.waitUntil(lambda: window._warm_up is not None, timeout=TASK_TIMEOUT_MS)  # noqa: SLF001
    window._warm_up.done.connect(lambda: done.append(True))  # noqa: SLF001
    qtbot.waitUntil(lambda: window.tabs.currentWidget().objectName() == "tab_counter", timeout=TASK_TIMEOUT_MS)
    qtbot.waitUntil(lambda: done == [True] or not window._warm_up.worker.is_alive(), timeout=TASK_TIMEOUT_MS)  # noqa: SLF001
    assert "ui.tabs.family" in sys.modules and "ui.tabs.admin" in sys.modules  # the others, imported ahead
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=TASK_TIMEOUT_MS)


def test_opening_the_database_registers_every_model_before_the_first_query(tmp_path: Path) -> None:
    # a tab's model module imported later on the warm-up thread would race the first query's mapper set-up
    code = (
        "import sys\n"
        "from app.bootstrap import build_context\n"
        "from app.settings import Settings\n"
        f"tmp = {str(tmp_path)!r}\n"
        "s = Settings(values={'key_file': tmp + '/k.key', 'output_dir': tmp}, path=None)\n"
        "ctx = build_context(s, db_url='sqlite:///' + tmp + '/t.sqlite')\n"
        "import pkgutil, db\n"
        "names = [m.name for m in pkgutil.iter_modules(db.__path__) if m.name.startswith('models_')]\n"
        "print(sorted(n for n in names if 'db.' + n not in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=180)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_counter_tab_builds_its_first_section_with_it_and_the_others_after(  # type: ignore[no-untyped-def]
    qtbot, sqlite_ctx, make_actor
) -> None:
    from PySide6.QtCore import Qt

    from ui.tabs.counter.certificates import CertificatesPage
    from ui.tabs.counter.petitions import PetitionsPage
    from ui.tabs.counter.tab import CounterTab
    from ui.tasks import TaskRunner

    window = _window(qtbot, sqlite_ctx, make_actor, TaskRunner(synchronous=True))
    tab = CounterTab(window.ctx)
    qtbot.addWidget(tab)
    names = [tab.sections.widget(i).objectName() for i in range(tab.sections.count())]
    assert isinstance(tab.sections.widget(0), CertificatesPage)
    assert names[1:] == ["unbuilt_petitions", "unbuilt_surveys"]  # a clerk has no 처리상황 점검
    # a section asked for by its key before its turn is built then and shown
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()  # a shortcut answers in the active window
    qtbot.waitUntil(tab.isActiveWindow)
    tab.certificates.name.setFocus()
    qtbot.keyClick(tab.certificates.name, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(tab.sections.currentWidget(), PetitionsPage) and tab.sections.currentIndex() == 1
    assert tab.petitions is tab.sections.currentWidget()
    # the rest in the event loop's next turns, one a turn
    qtbot.waitUntil(lambda: not any(
        tab.sections.widget(i).objectName().startswith("unbuilt_") for i in range(tab.sections.count())
    ))
    assert [tab.sections.tabText(i) for i in range(tab.sections.count())] == [
        "증명 발급 (Ctrl+1)", "유기한 민원 (Ctrl+2)", "만족도 조사 (Ctrl+4)"
    ]
    assert tab.sections.currentIndex() == 1  # the clerk's section stayed on show
    assert tab.surveys.pending.accessibleName()  # named as the window names a tab's controls
