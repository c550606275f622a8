"""The certificate form issues exactly what the screen shows: the added lines and the line still in the form."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_counter_tab import _close_errors, choose, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def _page(qtbot, ui_factory):  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk")
    page = window.show_tab("counter").certificates
    assert page is not None
    type_text(qtbot, page.name, "홍길동")
    return page


def _set_copies(qtbot, page, copies: int) -> None:  # type: ignore[no-untyped-def]
    page.copies.setFocus()
    page.copies.selectAll()
    qtbot.keyClicks(page.copies, str(copies))


def test_the_line_left_in_the_form_is_issued_with_the_added_ones(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ui_factory)
    choose(qtbot, page.kind, "resident_copy")
    qtbot.keyClick(page.kind, Qt.Key.Key_Return, CTRL)  # add 등본 1부
    assert [(ln.kind, ln.copies) for ln in page.lines] == [("resident_copy", 1)]
    assert page.kind.currentData() is None  # the form shows no line once it is added
    assert page.pending_note.text() == ""
    choose(qtbot, page.kind, "seal_certificate")
    _set_copies(qtbot, page, 2)
    assert "인감증명서 2부" in page.pending_note.text()
    assert page.total.amount == 400 + 2 * 600  # the total on screen counts the line in the form
    qtbot.keyClick(page.copies, Qt.Key.Key_S, CTRL)  # save without adding the line
    assert not _close_errors(page)
    issue = page.last_issue
    assert issue is not None
    assert [(ln.kind_code, ln.copies) for ln in issue.lines] == [("resident_copy", 1), ("seal_certificate", 2)]
    assert issue.total == 1600
    assert [(ln.item_code, ln.quantity) for ln in issue.receipt.lines] == [
        ("resident_copy", 1),
        ("seal_certificate", 2),
    ]


def test_after_adding_only_the_added_lines_are_issued(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ui_factory)
    choose(qtbot, page.kind, "seal_certificate")
    _set_copies(qtbot, page, 3)
    qtbot.keyClick(page.copies, Qt.Key.Key_Return, CTRL)
    assert page.copies.value() == 1 and page.kind.currentData() is None
    assert page.total.amount == 1800
    qtbot.keyClick(page.kind, Qt.Key.Key_S, CTRL)
    assert not _close_errors(page)
    issue = page.last_issue
    assert issue is not None and [(ln.kind_code, ln.copies) for ln in issue.lines] == [("seal_certificate", 3)]
    assert issue.total == 1800


def test_one_line_without_adding_is_issued_as_before(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ui_factory)
    choose(qtbot, page.kind, "seal_certificate")
    _set_copies(qtbot, page, 2)
    qtbot.keyClick(page.copies, Qt.Key.Key_S, CTRL)
    assert not _close_errors(page)
    issue = page.last_issue
    assert issue is not None and [(ln.kind_code, ln.copies) for ln in issue.lines] == [("seal_certificate", 2)]
    assert page.kind.currentData() is not None  # a cleared form starts again on the first kind


def test_nothing_chosen_is_refused_with_a_message(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ui_factory)
    choose(qtbot, page.kind, None)
    qtbot.keyClick(page.kind, Qt.Key.Key_S, CTRL)
    assert any("증명서" in t for t in _close_errors(page))
    assert page.last_issue is None and page.name.text() == "홍길동"
