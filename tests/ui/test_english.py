"""The whole window in English: every tab and page of every role, and every dialog, with no Korean left on
screen but the records themselves (a name, an address, the user's name) — and back in Korean after.

The lists have rows (receipts of the day, a petition, a filing, a passport application), so that their cells
are read too; the texts found are listed by tab and widget, the way a translator fixes them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtWidgets import QApplication, QTabWidget

from app.formatting import set_locale
from tests.ui.hangul import visible_hangul
from ui.i18n import set_language

ROLES = ("clerk", "night", "guide", "supervisor", "admin")
# the records the seed writes and the office's own name: data, shown as they are in any language
# (record numbers carry their series in Korean: 민원-20261202-0001, 가족-2026-000001; the column names of the ARS
# result file are its format)
DATA = ("민원번호", "친절도", "만족도", "응답일시", "홍길동", "서울특별시 성북구청", "서울특별시 성북구", "창구-", "성북구", "담당", "보문로 168", "동선동", "성북구청", "민원-", "가족-")


def _reference_texts() -> tuple[str, ...]:
    """The long texts of the decree tables (resources/data): the office's own wording of the law, its sources,
    descriptions and amounts as published, shown as they are in any language. Their labels (the keys in
    ``DATA_LABELS``: names, kinds, groups) are not among them: those have their English in the catalog."""
    import tomllib

    from app.i18n_catalog import DATA_LABELS, HANGUL_WORDS
    from app.resources import DATA_DIR

    def walk(value: object, labels: tuple[str, ...], key: str = "") -> Iterator[str]:
        if isinstance(value, dict):
            for k, item in value.items():
                yield from walk(item, labels, k)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item, labels, key)
        elif isinstance(value, str) and key not in labels and HANGUL_WORDS.search(value):
            yield value

    found: set[str] = set()
    for path in DATA_DIR.glob("*.toml"):
        if path.name == "help.toml":  # the help panel has its English beside each text
            continue
        with path.open("rb") as fh:
            found.update(walk(tomllib.load(fh), DATA_LABELS.get(path.name, ())))
    return tuple(found)


# Columns that show records or the decree tables as written: the access log's detail (each entry as it was
# written at the time), the 자료표 view's item, figure and source (the data files' own entries, listed for the
# supervisor to check against the decree) and a benefit's amount as the ministry publishes it.
RECORD_COLUMNS = {"auditTable": (5,), "tablesTable": (2, 7, 8), "welfareAnswers": (3,)}


@pytest.fixture
def english(qapp, ui_factory) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The program as ``--lang en`` starts it: our catalogs, babel's locale and Qt's own texts in English
    (after ``ui_factory``, whose ``create_application`` sets Korean)."""
    from PySide6.QtCore import QTranslator

    from ui.app import install_translations

    def switch(lang: str) -> None:
        for translator in qapp.findChildren(QTranslator):
            qapp.removeTranslator(translator)
            translator.deleteLater()
        install_translations(qapp, lang)
        set_language(lang)
        set_locale(lang)

    switch("en")
    try:
        yield
    finally:
        switch("ko")


def _seed(sqlite_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    from app.services import applicants, receipts

    clerk = make_actor("clerk")
    line = receipts.LineInput("resident_copy", "주민등록표 등본", 2, 400)
    for method in ("현금", "카드"):
        receipts.issue_receipt(sqlite_ctx.db.uow(), clerk, lines=[line], payment_method=method)
    applicants.upsert_applicant(sqlite_ctx.db.uow(), clerk, name="홍길동", resident_number="900101-1234568")
    from app.services import petitions

    # an open petition in the list (its time left, status and type shown in the UI language)
    petitions.intake_petition(sqlite_ctx.db.uow(), clerk, type_code="building_report", applicant_name="홍길동", phone="")


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
        for widget, text in visible_hangul(window, data=DATA + _reference_texts(), records=RECORD_COLUMNS):
            found.setdefault((widget, text), where)
    assert seen > window.tabs.count()
    report = "\n".join(f"[{role}] {where}: {widget}: {text}" for (widget, text), where in found.items())
    assert not found, f"{len(found)} Korean texts on screen in English:\n{report}"


def test_the_window_is_korean_again_after_english(ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk")
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[0].startswith("증명")


def _dialogs(window, ctx, sqlite_ctx, make_actor, tmp_path):  # type: ignore[no-untyped-def]
    """(name, dialog) of every dialog of the program, each with a record where it needs one."""
    from app.services import passports, petitions
    from app.settings import load_settings
    from ui.dialogs.counter_petition import TITLES, PetitionActionDialog
    from ui.dialogs.first_start import FirstStartDialog
    from ui.dialogs.keys import ExportKeyDialog, ImportKeyDialog
    from ui.dialogs.lock import LockDialog
    from ui.dialogs.login import FirstAdminDialog, LoginDialog
    from ui.dialogs.passport_delivery import DeliveryDialog
    from ui.dialogs.passport_loss import LossReportDialog
    from ui.dialogs.passport_proof import ReducedProofDialog
    from ui.dialogs.printers import PrinterSettingsDialog

    clerk = make_actor("clerk")
    petition = petitions.intake_petition(
        sqlite_ctx.db.uow(), clerk, type_code="building_report", applicant_name="홍길동", phone=""
    )
    application = passports.take_application(
        sqlite_ctx.db.uow(),
        clerk,
        form=passports.ApplicationForm(
            name="홍길동",
            resident_number="900101-1234568",
            kind="복수",
            validity_years=10,
            pages=58,
            phone="010-1234-5678",
            photo_checked=True,
            documents_checked=("application_form", "id_card_adult"),
            payment_method="카드",
        ),
    )
    yield "lock", LockDialog(ctx, window)
    yield "login", LoginDialog(sqlite_ctx, window)
    yield "first admin", FirstAdminDialog(sqlite_ctx, window)
    yield "printers", PrinterSettingsDialog(ctx, window)
    yield "loss report", LossReportDialog("홍길동", date(2026, 11, 26), window)
    yield "delivery", DeliveryDialog(application, window)
    yield "reduced-fee proof", ReducedProofDialog(application, window)
    for action in TITLES:
        yield f"petition {action}", PetitionActionDialog(action, petition, departments=["민원여권과"], parent=window)
    yield "import key", ImportKeyDialog("", key_file=tmp_path / "key", required=(sqlite_ctx.db.pii.key_id,))
    yield "export key", ExportKeyDialog(window)
    yield "applicant lookup", window.open_applicant_lookup()
    wizard = FirstStartDialog(load_settings())
    for page_id in wizard.pageIds():
        wizard.setStartId(page_id)
        wizard.restart()
        yield f"first start page {page_id}", wizard


def test_every_dialog_in_english_shows_no_korean_but_the_records(  # type: ignore[no-untyped-def]
    english, qtbot, ui_factory, make_actor, sqlite_ctx, tmp_path
) -> None:
    window, ctx = ui_factory("admin")
    found: list[str] = []
    names = []
    for name, dialog in _dialogs(window, ctx, sqlite_ctx, make_actor, tmp_path):
        names.append(name)
        dialog.show()
        qtbot.waitExposed(dialog)
        found += [f"{name}: {widget}: {text}" for widget, text in visible_hangul(dialog, data=DATA)]
        if name.startswith("first start") and name != f"first start page {dialog.pageIds()[-1]}":
            continue
        dialog.done(0)
    assert len(names) > 15
    assert not found, f"{len(found)} Korean texts in dialogs in English:\n" + "\n".join(found)


@pytest.mark.allow_log("ui.errors")  # the bug dialog logs the bug it shows
def test_messages_and_the_help_panel_in_english(english, qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from app.services.errors import ValidationError
    from ui.errors import show_error
    from ui.help import toggle_help

    window, _ = ui_factory("clerk")
    found: list[str] = []
    refusal = ValidationError("{what:은/는} 1~5 사이여야 합니다: {number}", what="친절도", number=7)
    for exc in (refusal, RuntimeError("a bug")):
        text = show_error(window, exc)
        found += [f"message: {text}"] if visible_hangul_text(text) else []
        for box in window.findChildren(QMessageBox):
            found += [f"box: {w}: {t}" for w, t in visible_hangul(box, data=DATA)]
            box.done(0)
    panel = toggle_help(window)
    QApplication.processEvents()
    found += [f"help: {w}: {t}" for w, t in visible_hangul(panel, data=DATA)]
    assert not found, "\n".join(found)


def visible_hangul_text(text: str) -> bool:
    from tests.ui.hangul import HANGUL

    rest = text
    for value in DATA:
        rest = rest.replace(value, "")
    return bool(HANGUL.search(rest))


def test_a_clerks_routine_by_keyboard_in_english(english, qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    """등본 issued and a petition taken through 보완 and a refused extension to 처리완료, by keyboard only, in
    English: every status line and refusal the clerk reads is English (the records aside)."""
    from PySide6.QtCore import Qt

    from tests.ui.test_counter_tab import _act, _close_errors, _intake, choose, type_text
    from tests.ui.hangul import HANGUL

    def english_text(text: str) -> bool:
        # a path is data: the archive's file names are Korean in any language (one language for all files)
        rest = " ".join(word for word in text.split() if "/" not in word)
        for value in sorted(DATA + ("김지연", "위임장 원본", "업무량 과다", "제3자 의견 청취"), key=len, reverse=True):
            rest = rest.replace(value, "")
        return not HANGUL.search(rest)

    window, _ = ui_factory("clerk")
    tab = window.show_tab("counter")
    certificates = tab.certificates
    type_text(qtbot, certificates.name, "홍길동")
    choose(qtbot, certificates.kind, "resident_copy")
    qtbot.keyClick(certificates.kind, Qt.Key.Key_Return)
    assert not _close_errors(certificates)
    qtbot.waitUntil(lambda: "\n" in certificates.status.text(), timeout=10000)
    said = certificates.status.text()
    assert "KRW" in said and english_text(said), said

    page = tab.petitions
    qtbot.keyClick(certificates.name, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    _intake(qtbot, page, type_code="info_disclosure", name="김지연", phone="010-5555-1111")
    assert page.model.rowCount() == 1 and english_text(page.status.text()), page.status.text()
    _act(qtbot, page, Qt.Key.Key_P)
    _act(qtbot, page, Qt.Key.Key_B, ("note", "위임장 원본"))
    refused = _act(qtbot, page, Qt.Key.Key_D)  # refused while waiting for the supplement
    assert refused.isVisible() and refused.message.text() and english_text(refused.message.text()), (
        refused.message.text()
    )
    qtbot.keyClick(refused.focusWidget(), Qt.Key.Key_Escape)
    _act(qtbot, page, Qt.Key.Key_R)
    dialog = _act(qtbot, page, Qt.Key.Key_E, ("reason", "업무량 과다"))  # the law does not accept workload
    assert dialog.isVisible() and english_text(dialog.message.text()), dialog.message.text()
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    _act(qtbot, page, Qt.Key.Key_D)
    assert page.selected() is None or page.selected().status == "decided" or page.model.rowCount() == 0
    assert english_text(page.status.text()), page.status.text()
