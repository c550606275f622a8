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
    import unicodedata

    from PySide6.QtGui import QFont, QFontMetrics

    window, _ = ui_factory("clerk")
    image = window.grab().toImage()
    assert image.width() > 600 and image.height() > 400
    # The tab bar's own font has every Hangul letter of the titles. Without NoFontMerging, inFontUcs4
    # also answers yes when only some fallback font of the system has the glyph (DejaVu Sans "has" 증).
    font = QFont(window.tabs.tabBar().font())
    font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    metrics = QFontMetrics(font)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    hangul = {title: [ch for ch in title if unicodedata.name(ch, "").startswith("HANGUL")] for title in titles}
    assert all(hangul.values()), f"tab titles without Hangul: {hangul}"
    missing = {title: [ch for ch in chars if not metrics.inFontUcs4(ord(ch))] for title, chars in hangul.items()}
    assert not any(missing.values()), f"tab bar font {font.family()} lacks glyphs: {missing}"


def test_night_session_offers_nothing_outside_its_hours(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    from app.domain.calendar import SEOUL

    window, _ = ui_factory("night")
    assert window.check_night_window(datetime(2026, 11, 26, 18, 30, tzinfo=SEOUL)) is True
    assert window.tabs.isEnabled() and not window.night_banner.isVisible()
    assert window.check_night_window(datetime(2026, 11, 26, 20, 10, tzinfo=SEOUL)) is False  # after the grace
    assert not window.tabs.isEnabled() and window.night_banner.isVisible()
    assert "운영시간" in window.night_banner.text()
