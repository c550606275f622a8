"""The run command names the Debian packages Qt's xcb platform lacks, instead of Qt's bare abort."""
from __future__ import annotations

import subprocess

import pytest

from ui import app as ui_app

LDD_OUTPUT = """\
\tlibxcb-icccm.so.4 => not found
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f)
\tlibxcb-keysyms.so.1 => not found
"""


def test_missing_xcb_libraries_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ui_app.sys, "platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv("DISPLAY", ":0")
    fake = subprocess.CompletedProcess(args=[], returncode=0, stdout=LDD_OUTPUT, stderr="")
    monkeypatch.setattr(ui_app.subprocess, "run", lambda *a, **k: fake)
    message = ui_app.check_display()
    assert message is not None
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in message


def test_no_display_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ui_app.sys, "platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    fake = subprocess.CompletedProcess(args=[], returncode=0, stdout="", stderr="")
    monkeypatch.setattr(ui_app.subprocess, "run", lambda *a, **k: fake)
    message = ui_app.check_display()
    assert message is not None and "--smoke" in message


def test_this_machine_has_what_offscreen_qt_needs() -> None:
    assert ui_app.missing_system_libraries() == []  # QT_QPA_PLATFORM=offscreen in tests
