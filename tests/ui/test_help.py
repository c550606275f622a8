"""The help panel (Shift+F1) and the printed shortcut sheet."""

from __future__ import annotations

import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from app.resources import load_data
from app.services.help_sheet import write_shortcut_sheet
from ui.help import NO_WORDING, collect_shortcuts, key_text, shortcut_sheet, tab_name, tab_names
from ui.keymap import declared_keys


def _press_help(window) -> object:  # type: ignore[no-untyped-def]
    if not window.isActiveWindow():  # a busy sign of a tab that loads may have taken the activation offscreen
        window.activateWindow()
        QApplication.processEvents()
    assert window.isActiveWindow()
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)
    QApplication.processEvents()
    return getattr(window, "help_panel", None)


def _real_keys(page) -> set[str]:  # type: ignore[no-untyped-def]
    keys = {key_text(s.key()) for s in page.findChildren(QShortcut) if s.isEnabled()}
    keys |= {key_text(b.shortcut()) for b in page.findChildren(QAbstractButton) if not b.shortcut().isEmpty()}
    keys |= {key_text(a.shortcut()) for a in page.findChildren(QAction) if not a.shortcut().isEmpty()}
    keys |= {key_text(key) for w in [page, *page.findChildren(QWidget)] for key, _ in declared_keys(w)}
    return keys - {""}


@pytest.mark.parametrize("role", ["clerk", "supervisor"])
def test_shift_f1_opens_the_help_of_the_current_tab_with_its_keys(ui_factory, role) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory(role)
    for name in tab_names(window):
        page = window.show_tab(name)
        QApplication.processEvents()
        panel = _press_help(window)
        assert panel is not None and panel.isVisible(), name
        assert tab_name(window) == name
        assert panel.text.text().startswith(load_data("help")[name]["ko"][:20])
        shown = {row.keys for row in panel.rows}
        # every key the tab's buttons and shortcuts really have is listed, and nothing else of the tab
        tab_rows = {row.keys for row in collect_shortcuts(page)}
        assert _real_keys(page) <= shown, (name, _real_keys(page) - shown)
        assert tab_rows <= _real_keys(page) | {
            key_text(QKeySequence.mnemonic(b.text())) for b in page.findChildren(QAbstractButton)
        }
        assert {"F1", "F5" if "stats" in tab_names(window) else "F2", "Shift+F1"} <= shown
        assert panel.table.rowCount() == len(panel.rows) > 0
        assert _press_help(window) is panel and not panel.isVisible()  # Shift+F1 again closes it


def test_the_buttons_wording_names_the_key(ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk")
    page = window.show_tab("counter")
    rows = {(row.keys, row.where): row.action for row in collect_shortcuts(page)}
    assert rows[("Ctrl+2", "")] == "유기한 민원"  # from the section title "유기한 민원 (Ctrl+2)"
    assert rows[("Ctrl+S", "증명 발급")] == "발급" and rows[("Ctrl+S", "유기한 민원")] == "접수"  # per screen
    assert rows[("Ctrl+N", "유기한 민원")] == "새 접수"  # from "민원 접수 (Ctrl+N 새 접수, …)"
    assert NO_WORDING not in {row.action for row in collect_shortcuts(page)}
    actions = {row.keys: row.action for row in shortcut_sheet(window).sections[0].rows}
    assert actions["F7"] == "민원인 조회" and actions["F12"] == "화면 잠금" and actions["Shift+F1"] != NO_WORDING


def test_help_toml_words_only_keys_the_screen_has(ui_factory) -> None:  # type: ignore[no-untyped-def]
    data = load_data("help")
    real: dict[str, set[str]] = {}
    for role in ("clerk", "supervisor", "admin"):
        window, _ = ui_factory(role)
        for name in tab_names(window):
            page = window.pages[name]
            real.setdefault(name, set()).update(_real_keys(page))
        window.close()
    assert set(real) <= set(data)
    for name, keys in real.items():
        assert data[name]["ko"] and data[name]["en"], name
        words = data[name].get("keys", {})
        listed = {k for k, v in words.items() if not isinstance(v, dict)}
        listed |= {k for v in words.values() if isinstance(v, dict) for k in v}
        stale = {key_text(k) for k in listed} - keys
        assert not stale, (name, stale)


def test_the_sheet_pdf_has_the_keys_in_korean(ui_factory, sqlite_ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    sheet = shortcut_sheet(window)
    assert [s.title.split(" (")[0] for s in sheet.sections[1:]] == [
        window.tabs.tabText(i).split(" (")[0] for i in range(window.tabs.count())
    ]
    path = write_shortcut_sheet(ctx.app.settings, sheet, name="민원 담당")
    assert path.name.startswith("단축키표-")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "단축키표" in text and "증명 발급" in text and "화면 잠금" in text
    assert "Ctrl+S" in text and "Shift+F1" in text
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89" in info  # A4


# ui/printing.paint sets the page layout again for page 2 of a multi-page PDF while the preview's printer is active;
# Qt warns and keeps the (same A4) layout. Not this test's subject: reported to the lead.
def test_the_print_button_opens_a_preview_of_the_sheet(ui_factory, qtbot, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrinter

    from ui import printing
    from ui.printing import PreviewDialog

    def pdf_printer(_name: str) -> QPrinter:  # no real printer: Qt's PDF output (as tests/ui/test_printing.py)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "job.pdf"))
        return printer

    monkeypatch.setattr(printing, "open_printer", pdf_printer)
    window, _ = ui_factory("clerk")
    panel = _press_help(window)
    assert panel.table.hasFocus()  # Shift+F1 puts the focus in the panel; Ctrl+P there prints the sheet
    QTest.keyClick(panel.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(PreviewDialog)))
    assert panel.sheet_path is not None and panel.sheet_path.exists()


def test_the_help_text_follows_the_ui_language(ui_factory) -> None:  # type: ignore[no-untyped-def]
    from ui import i18n
    from ui.help import tab_help

    window, _ = ui_factory("clerk")
    try:
        i18n.set_language("en")
        assert tab_help("family").startswith("Family register filings")
        panel = _press_help(window)
        assert "F1–F6 switch tabs" in panel.text.text()
    finally:
        i18n.set_language("ko")
    assert tab_help("family").startswith("출생·사망")


def test_keys_a_widget_handles_itself_are_listed_too(ui_factory) -> None:  # type: ignore[no-untyped-def]
    """Keys handled in keyPressEvent (ui.keymap.declare_keys) are in the help: Enter on a survey score saves, and
    the window's Shift+Esc (cancel a long query) although its shortcut is enabled only while one runs."""
    from ui.help import tab_shortcuts, window_shortcuts

    window, _ = ui_factory("clerk")
    counter = {(row.keys, row.action) for row in tab_shortcuts(window, "counter")}
    assert ("Enter", "점수 칸에서: 응답 저장") in counter
    shift_esc = [row for row in window_shortcuts(window) if row.keys == "Shift+Esc"]
    assert [row.action for row in shift_esc] == ["2초 넘게 걸리는 조회 취소"]


def test_the_table_and_date_keys_are_in_the_help_of_the_tabs_that_have_them(ui_factory) -> None:  # type: ignore[no-untyped-def]
    from ui.help import tab_shortcuts

    window, _ = ui_factory("clerk")
    counter = {(row.keys, row.action) for row in tab_shortcuts(window, "counter")}
    assert ("Del", "발급 목록에서: 선택한 줄 빼기") in counter
    assert ("Ctrl+Tab", "표 안에서 다음 칸 (Tab은 표를 떠남)") in counter
    family = {row.keys for row in tab_shortcuts(window, "family")}
    assert {"Alt+Down", "Ctrl+Tab"} <= family
