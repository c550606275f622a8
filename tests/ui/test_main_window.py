"""The main window: six tabs switched with F1–F6, a status bar with user, database and clock."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

TITLES = ["증명·민원", "가족관계등록", "여권", "복지 조회", "통계·마감", "관리"]


def test_tabs_and_function_keys(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk")
    assert [window.tabs.tabText(i).split(" (F")[0] for i in range(window.tabs.count())] == TITLES
    for index in reversed(range(6)):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_F{index + 1}"))
        assert window.tabs.currentIndex() == index


def test_status_bar_shows_user_database_and_clock(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    assert ctx.actor.display_name in window.user_label.text()
    assert "민원창구" in window.user_label.text()
    assert "로컬" in window.db_label.text() and "test.sqlite" in window.db_label.text()
    assert "년" in window.clock_label.text() and ":" in window.clock_label.text()


def test_window_renders_korean(qtbot, ui_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk")
    image = window.grab().toImage()
    assert image.width() > 600 and image.height() > 400
    # Not a blank window: the tab bar and the page draw many distinct colours (text anti-aliasing).
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, 80, 3)}
    assert len(colours) > 5


def test_night_session_offers_nothing_outside_its_hours(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    from app.domain.calendar import SEOUL

    window, _ = ui_factory("night")
    assert window.check_night_window(datetime(2026, 11, 26, 18, 30, tzinfo=SEOUL)) is True
    assert window.tabs.isEnabled() and not window.night_banner.isVisible()
    assert window.check_night_window(datetime(2026, 11, 26, 20, 0, tzinfo=SEOUL)) is False
    assert not window.tabs.isEnabled() and window.night_banner.isVisible()
    assert "운영시간" in window.night_banner.text()
