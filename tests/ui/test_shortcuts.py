"""No two shortcuts that are live at the same time share a key (Qt would fire neither)."""
from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QAbstractButton, QWidget


@pytest.mark.parametrize("role", ["clerk", "supervisor"])
def test_live_shortcuts_are_unique_on_every_tab(qtbot, ui_factory, role: str) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory(role)
    for name in window.pages:
        window.show_tab(name)
        keys: list[str] = []
        for shortcut in window.findChildren(QShortcut):
            parent = shortcut.parent()
            if not (shortcut.isEnabled() and isinstance(parent, QWidget) and parent.isVisible()):
                continue
            # A widget-only shortcut (Enter in one field) is live only while that field has the focus.
            if shortcut.context() == Qt.ShortcutContext.WidgetShortcut and not parent.hasFocus():
                continue
            keys += [k.toString() for k in shortcut.keys() if not k.isEmpty()]
        for button in window.findChildren(QAbstractButton):
            if button.isVisible() and not button.shortcut().isEmpty():
                keys.append(button.shortcut().toString())
        duplicates = [k for k, n in Counter(keys).items() if n > 1]
        assert duplicates == [], f"{name}: {duplicates}"
