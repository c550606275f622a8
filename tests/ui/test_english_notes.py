"""What was still Korean under ``--lang en`` (issue 16): a petition's history notes, the extension dialog's
period, and the counts in spin boxes ("1 copy", "2 copies", "1st", "2nd") — and Korean as it was."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from app import i18n
from app.formatting import set_locale
from app.services import petitions as pets
from tests.ui.hangul import HANGUL
from tests.ui.test_counter_tab import _act, _intake, type_text
from ui.i18n import set_language


def _switch(qapp, lang: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTranslator

    from ui.app import install_translations

    for translator in qapp.findChildren(QTranslator):
        qapp.removeTranslator(translator)
        translator.deleteLater()
    install_translations(qapp, lang)
    set_language(lang)
    set_locale(lang)


@pytest.fixture
def english(qapp, ui_factory, monkeypatch) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The program in English (as tests/ui/test_english.py starts it), with the texts of this change read from
    their fragment while it is not merged into en.po."""
    i18n._catalog.cache_clear()
    i18n._plurals.cache_clear()
    _switch(qapp, "en")
    try:
        yield
    finally:
        _switch(qapp, "ko")
        i18n._catalog.cache_clear()
        i18n._plurals.cache_clear()


def _korean_left(text: str, *typed: str) -> list[str]:
    rest = " ".join(word for word in text.split() if "-2026" not in word and not word.startswith("민원-"))
    for value in sorted(("김지연", "담당", *typed), key=len, reverse=True):  # the clerk's name is data
        rest = rest.replace(value, "")
    return HANGUL.findall(rest)


def _through_extension_and_decision(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    _intake(qtbot, page, type_code="info_disclosure", name="김지연", phone="010-5555-1111")
    _act(qtbot, page, Qt.Key.Key_P)
    dialog = _act(qtbot, page, Qt.Key.Key_E, ("reason", "제3자 의견 청취"))
    assert not dialog.isVisible(), dialog.message.text()
    _act(qtbot, page, Qt.Key.Key_D)
    page.filter_status.setFocus()
    qtbot.keyClick(page.filter_status, Qt.Key.Key_Down)  # 전체: the decided one stays listed
    page.table.selectRow(0)
    _act(qtbot, page, Qt.Key.Key_H)
    qtbot.waitUntil(lambda: getattr(page, "history_box", None) is not None and page.history_box.isVisible())


def test_the_history_of_a_petition_in_english(english, qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    page = window.show_tab("counter").petitions
    qtbot.keyClick(window.show_tab("counter").certificates.name, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    _through_extension_and_decision(qtbot, page)
    text = page.history_box.text()
    page.history_box.close()
    assert "Extension 1: 10 days → " in text and "reason: 제3자 의견 청취" in text, text
    assert "Granted · decided " in text, text
    assert ") 10 days, Civil Affairs & Passport Division\n" in text, text
    assert " · notified by Letter · reason: 제3자 의견 청취\n" in text, text
    assert not _korean_left(text, "제3자 의견 청취"), text


def test_the_history_in_korean_is_the_stored_text(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    page = window.show_tab("counter").petitions
    qtbot.keyClick(window.show_tab("counter").certificates.name, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    _through_extension_and_decision(qtbot, page)
    text = page.history_box.text()
    page.history_box.close()
    view = pets.list_petitions(ctx.uow(), ctx.actor, status="all")[0]
    detail = pets.get_petition(ctx.uow(), ctx.actor, petition_id=view.id)
    for event in detail.events:
        assert event.note in text  # byte for byte what is stored
    extension = next(e for e in detail.events if e.action == "extend")
    assert extension.note.startswith("1차 연장 10일 → ")
    assert extension.note.endswith(" · 서면 통지 · 사유: 제3자 의견 청취")


def test_the_extension_dialog_asks_a_number_and_a_unit(english, qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QComboBox, QSpinBox

    window, ctx = ui_factory("clerk")
    tab = window.show_tab("counter")
    page = tab.petitions
    qtbot.keyClick(tab.certificates.name, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    _intake(qtbot, page, type_code="info_disclosure", name="김지연", phone="010-5555-1111")
    _act(qtbot, page, Qt.Key.Key_P)
    page.window().activateWindow()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = page.dialog
    amount, unit = dialog.fields["period_amount"], dialog.fields["period_unit"]
    assert isinstance(amount, QSpinBox) and isinstance(unit, QComboBox)
    assert amount.value() == 10 and unit.currentData() == "days"  # the petition's own period proposed
    assert unit.currentText() == "days"
    amount.setValue(1)
    assert unit.currentText() == "day" and [unit.itemText(i) for i in range(unit.count())] == ["day", "hour", "month"]
    amount.setValue(3)
    type_text(qtbot, dialog.fields["reason"], "제3자 의견 청취")
    values = dialog.values()
    assert values["period_amount"] == 3 and values["period_unit"] == "days" and "period" not in values
    qtbot.keyClick(dialog.fields["reason"], Qt.Key.Key_Return)
    assert not dialog.isVisible(), dialog.message.text()
    with ctx.uow() as uow:
        import sqlalchemy as sa

        assert uow.session.scalar(sa.text("SELECT period FROM petition_extensions")) == "3일"


def test_counted_suffixes_in_english_and_in_korean(qapp, english, qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk")
    copies = window.show_tab("counter").certificates.copies
    copies.setValue(1)
    assert copies.suffix() == " copy" and copies.text() == "1 copy"
    copies.setValue(2)
    assert copies.suffix() == " copies" and copies.text() == "2 copies"
    within = window.show_tab("counter").petitions.filter_within
    within.setValue(1)
    assert within.text() == "1 working day or less"
    within.setValue(3)
    assert within.text() == "3 working days or less"


def test_ordinals_and_counts_elsewhere_in_english(english, qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QSpinBox

    window, _ = ui_factory("supervisor")
    window.ensure_built()
    spins = {s.objectName(): s for s in window.findChildren(QSpinBox) if s.objectName()}
    order = spins.get("welfareBirthOrder")
    if order is None:  # the welfare tab is built on show
        window.show_tab("welfare")
        order = next(s for s in window.findChildren(QSpinBox) if s.objectName() == "welfareBirthOrder")
    texts = []
    for n in (1, 2, 3, 4, 11, 12, 20):
        order.setValue(n)
        texts.append(order.text())
    assert texts == ["1st", "2nd", "3rd", "4th", "11th", "12th", "20th"]


def test_counted_suffixes_are_the_same_in_korean(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk")
    copies = window.show_tab("counter").certificates.copies
    for n in (1, 2, 5):
        copies.setValue(n)
        assert copies.text() == f"{n} 부"
    within = window.show_tab("counter").petitions.filter_within
    within.setValue(1)
    assert within.text() == "1근무일 이내"
