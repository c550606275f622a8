"""The whole window in English: every tab and page of every role, and every dialog, with no Korean left on
screen but the records themselves (a name, an address, the user's name) — and back in Korean after.

The lists have rows (receipts of the day, a petition, a filing, a passport application), so that their cells
are read too; the texts found are listed by tab and widget, the way a translator fixes them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QTabWidget

from app.formatting import set_locale
from tests.ui.hangul import visible_hangul
from ui.i18n import set_language

ROLES = ("clerk", "night", "guide", "supervisor", "admin")
# the records the seed writes and the office's own name: data, shown as they are in any language
DATA = ("홍길동", "서울특별시 성북구", "성북구", "담당", "보문로 168", "동선동", "성북구청")


@pytest.fixture
def english() -> Iterator[None]:
    set_language("en")
    set_locale("en")
    try:
        yield
    finally:
        set_language("ko")
        set_locale("ko")


def _seed(sqlite_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    from app.services import applicants, receipts

    clerk = make_actor("clerk")
    line = receipts.LineInput("resident_copy", "주민등록표 등본", 2, 400)
    for method in ("현금", "카드"):
        receipts.issue_receipt(sqlite_ctx.db.uow(), clerk, lines=[line], payment_method=method)
    applicants.upsert_applicant(sqlite_ctx.db.uow(), clerk, name="홍길동", resident_number="900101-1234568")


def _pages(window) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Shows each tab and each page of the tabs inside it in turn; yields where it is."""
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        title = window.tabs.tabText(index)
        yield title
        for inner in window.tabs.widget(index).findChildren(QTabWidget):
            for i in range(inner.count()):
                inner.setCurrentIndex(i)
                QApplication.processEvents()
                yield f"{title} › {inner.tabText(i)}"


@pytest.mark.parametrize("role", ROLES)
def test_every_tab_in_english_shows_no_korean_but_the_records(  # type: ignore[no-untyped-def]
    english, ui_factory, make_actor, sqlite_ctx, monkeypatch, role
) -> None:
    _seed(sqlite_ctx, make_actor)
    if role == "night":
        from app.services import roles

        monkeypatch.setattr(roles, "night_window_open", lambda _now: True)
    window, _ = ui_factory(role)
    found: dict[tuple[str, str], str] = {}
    seen = 0
    for where in _pages(window):
        seen += 1
        for widget, text in visible_hangul(window, data=DATA):
            found.setdefault((widget, text), where)
    assert seen > window.tabs.count()
    report = "\n".join(f"[{role}] {where}: {widget}: {text}" for (widget, text), where in found.items())
    assert not found, f"{len(found)} Korean texts on screen in English:\n{report}"


def test_the_window_is_korean_again_after_english(ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk")
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[0].startswith("증명")
