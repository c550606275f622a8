"""The main window's size, position and splitters, remembered per user on this PC (``app.settings``'s
``ui-state/<user>.json``, Qt's own bytes in base64). Splitters are found in the tabs with ``findChildren`` and
named by tab and object name (or their place in the tab when they have none).

Tabs are built when first shown (``MainWindow.pages``): a tab's splitters get their saved state when the tab is
built, once; a save keeps the saved state of the tabs not built in this session.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6.QtCore import QByteArray, QObject
from PySide6.QtWidgets import QMainWindow, QSplitter, QTabWidget, QWidget

from app.settings import load_ui_state, save_ui_state

log = logging.getLogger(__name__)


def splitters(pages: Mapping[str, QWidget]) -> dict[str, QSplitter]:
    """The splitters of the tabs built so far, by ``splitter:<tab>/<object name or place>``."""
    found: dict[str, QSplitter] = {}
    for tab, page in dict.items(pages) if isinstance(pages, dict) else pages.items():
        for index, splitter in enumerate(page.findChildren(QSplitter)):
            found[f"splitter:{tab}/{splitter.objectName() or index}"] = splitter
    return found


def save_window_state(window: QMainWindow, user: str, pages: Mapping[str, QWidget]) -> None:
    state = load_ui_state(user)  # the tabs not built this time keep what they had
    state.update({"geometry": bytes(window.saveGeometry().data()), "state": bytes(window.saveState().data())})
    for name, splitter in splitters(pages).items():
        state[name] = bytes(splitter.saveState().data())
    try:
        save_ui_state(user, state)
    except OSError as exc:  # a read-only profile: the layout is simply not remembered
        log.info("window state not saved: %s", exc)


class _SplitterRestorer(QObject):
    """Gives each splitter its saved state once, when its tab has been built."""

    def __init__(self, window: QMainWindow, pages: Mapping[str, QWidget], pending: dict[str, bytes]) -> None:
        super().__init__(window)
        self.pages = pages
        self.pending = pending

    def apply(self, *_args: object) -> None:
        for name, splitter in splitters(self.pages).items():
            saved = self.pending.pop(name, None)
            if saved is not None:
                splitter.restoreState(QByteArray(saved))


def restore_window_state(window: QMainWindow, user: str, pages: Mapping[str, QWidget]) -> bool:
    state = load_ui_state(user)
    if not state:
        return False
    if "geometry" in state:
        window.restoreGeometry(QByteArray(state["geometry"]))
    if "state" in state:
        window.restoreState(QByteArray(state["state"]))
    restorer = _SplitterRestorer(window, pages, {k: v for k, v in state.items() if k.startswith("splitter:")})
    restorer.apply()
    tabs = getattr(window, "tabs", None)
    if isinstance(tabs, QTabWidget):  # a tab built later is shown through its tab: restore it then
        tabs.currentChanged.connect(restorer.apply)
    window.splitter_restorer = restorer  # type: ignore[attr-defined]
    return True
