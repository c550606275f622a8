"""The run command names the Debian packages Qt's xcb platform lacks, instead of Qt's bare abort."""
from __future__ import annotations

import ctypes.util

import pytest

from ui import app as ui_app


def test_missing_xcb_libraries_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ui_app.sys, "platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv("DISPLAY", ":0")
    real = ctypes.util.find_library
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None if name == "xcb-cursor" else real(name) or "x")
    message = ui_app.check_display()
    assert message is not None and "sudo apt-get install" in message and "libxcb-cursor0" in message


def test_no_display_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ui_app.sys, "platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: "lib")
    message = ui_app.check_display()
    assert message is not None and "--smoke" in message
