"""Korean that reads right on screen: dialogs grow with their error line, buttons say what they do, no
default survey answer, roles see only the tabs they can use, lists sized to their first rows."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from app.domain.calendar import SEOUL
from app.services import petitions as pets
from app.services.errors import ValidationError

LONG_REFUSAL = (
    "처리 시각이 접수 시각보다 이릅니다. 결재가 실제로 끝난 시각을 적고, 지금보다 이른 시각이면 앞당긴 사유를 "
    "적으세요. 사유는 처리결과 통지서와 접속기록에 그대로 남습니다. (민원처리법 시행령 제23조)"
)


def _fits(label: QLabel) -> bool:
    """The label is tall enough for its wrapped text at its width (nothing clipped)."""
    return label.isVisible() and label.height() >= label.heightForWidth(label.width())


def test_the_decision_dialog_grows_with_its_error_line(qtbot, ui_factory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    tab = window.show_tab("counter")
    page = tab.petitions
    view = pets.intake_petition(
        ctx.uow(),
        ctx.actor,
        type_code="building_report",
        applicant_name="한결",
        phone="",
        now=datetime.now(SEOUL) - timedelta(hours=3),
    )
    qtbot.keyClick(tab.certificates.name, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page.refresh(select=view.id)
    page.run_action("decide")
    dialog = page.dialog
    qtbot.waitExposed(dialog)
    before = dialog.height()
    dialog.refuse(ValidationError(LONG_REFUSAL))
    QApplication.processEvents()
    assert dialog.message.text() == LONG_REFUSAL
    assert dialog.height() > before and _fits(dialog.message)
    dialog.grab().save(str(tmp_path / "decide.png"))
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None and ok.text().startswith("처리완료")


def test_the_night_sign_in_refusal_is_readable(qtbot, sqlite_ctx, make_actor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ui.app import create_application
    from ui.dialogs.login import LoginDialog

    create_application()
    night = make_actor("night", password="night-pass-1")
    dialog = LoginDialog(sqlite_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = dialog.height()
    dialog.username.setText(night.username)
    dialog.password.setText("night-pass-1")
    dialog.try_sign_in()  # outside the night window (the real clock is not Mon/Thu 18–20 in most runs)
    QApplication.processEvents()
    text = dialog.message.text()
    if "운영시간" not in text:  # the rare run inside the window: any refusal will do for the size check
        dialog.message.setText(LONG_REFUSAL)
        dialog.adjustSize()
        QApplication.processEvents()
    assert dialog.message.text() and _fits(dialog.message)
    assert dialog.height() >= before
    dialog.grab().save(str(tmp_path / "login.png"))


def test_voiding_a_receipt_asks_with_buttons_that_say_what_they_do(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    from ui.tabs.stats import reason_dialog

    window, _ = ui_factory("supervisor")
    tab = window.show_tab("stats")
    assert tab.void_button.text().startswith("영수증 취소")
    dialog = reason_dialog(tab, "영수증 취소", "R-1 취소 사유", action="영수증 취소")
    dialog.show()
    qtbot.waitExposed(dialog)
    texts = sorted(b.text() for b in dialog.findChildren(QDialogButtonBox)[0].buttons())
    assert texts == ["닫기", "영수증 취소"]
    assert "취소" not in [t.replace("&", "") for t in texts]
    dialog.reject()


def test_the_survey_has_no_default_answer(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk")
    page = window.show_tab("counter").surveys
    assert page.kindness.currentData() is None and page.satisfaction.currentData() is None
    assert "만족" not in page.kindness.currentText()


def test_the_guide_gets_no_empty_day_close_page_and_the_f_keys_stay(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("guide")
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert not any(t.startswith("통계·마감") for t in titles)
    assert "stats" not in window.pages
    qtbot.keyClick(window, Qt.Key.Key_F6)  # 관리 is still F6 with one tab fewer
    assert window.tabs.tabText(window.tabs.currentIndex()).endswith("(F6)")
    supervisor, _ = ui_factory("supervisor")
    assert any(supervisor.tabs.tabText(i).startswith("통계·마감") for i in range(supervisor.tabs.count()))


def test_every_output_file_is_named_in_korean() -> None:
    """One language for the names of saved papers: the kind of paper in Korean (영수증-R-….pdf), never
    ``receipt-…`` beside ``수납일계표-…``."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    kinds: dict[str, str] = {}
    for path in [*root.joinpath("ui").rglob("*.py"), *root.joinpath("app").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "output_path":
                kind = node.args[1] if len(node.args) > 1 else None
                if isinstance(kind, ast.Constant) and isinstance(kind.value, str):
                    kinds[f"{path.relative_to(root)}:{node.lineno}"] = kind.value
    assert len(kinds) >= 8
    not_korean = {where: k for where, k in kinds.items() if not any("가" <= ch <= "힣" for ch in k)}
    assert not not_korean, not_korean


def test_list_columns_fit_their_first_rows_once_loaded(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.app import create_application
    from ui.models import Column, RowsModel
    from ui.widgets import ListTable, table_view

    create_application()
    model: RowsModel[tuple[str, int, str]] = RowsModel(
        [Column("항목", lambda r: r[0]), Column("수량", lambda r: r[1]), Column("금액", lambda r: r[2])]
    )
    table = table_view("periodTable", model)
    qtbot.addWidget(table)
    table.resize(700, 300)
    table.show()
    long_item = "여권 발급수수료 (복수여권 10년 58면, 18세 이상)"
    model.set_rows([(long_item, 4, "200,000원"), ("주민등록표 등본", 2, "800원")])
    header = table.horizontalHeader()
    assert header.sectionSize(0) >= table.fontMetrics().horizontalAdvance(long_item)  # no "여권 발급수수…"
    assert header.sectionSize(1) < header.defaultSectionSize()  # a count column is as narrow as it needs
    assert isinstance(table, ListTable) and header.resizeContentsPrecision() == ListTable.SAMPLE_ROWS
    assert header.sectionResizeMode(0) == header.ResizeMode.Interactive  # not ResizeToContents on every change
    # a clerk's own width is kept when a refresh brings rows that fit
    header.resizeSection(0, header.sectionSize(0) + 40)
    wide = header.sectionSize(0)
    model.set_rows([("등본", 1, "400원")])
    assert header.sectionSize(0) == wide


def test_the_passport_form_offers_the_roman_name_and_keeps_the_old_passports(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtTest import QTest

    from tests.ui.keys import type_text

    window, _ = ui_factory("clerk")
    form = window.show_tab("passport").intake
    type_text(form.name_edit, "남궁민수")
    assert form.roman_name.text() == "NAMGOONG MINSU"  # offered as the name is typed
    form.roman_name.selectAll()
    QTest.keyClick(form.roman_name, Qt.Key.Key_Delete)
    assert form.roman_name.text() == ""  # emptied to type the old spelling: not filled again at once
    QTest.keyClicks(form.roman_name, "NAMKUNG MINSOO")
    type_text(form.name_edit, "")  # any later change of the name
    form.name_edit.setText("남궁민수")
    assert form.roman_name.text() == "NAMKUNG MINSOO"  # the old passport's spelling stays
    assert form.values().roman_name == "NAMKUNG MINSOO"
    form.clear()
    assert form.roman_name.text() == ""


def test_no_dialog_button_says_a_bare_cancel(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.passport_loss import LossReportDialog
    from ui.dialogs.printers import PrinterSettingsDialog

    window, ctx = ui_factory("supervisor")
    for dialog in (
        LossReportDialog("홍길동", datetime(2026, 11, 26).date(), window),
        PrinterSettingsDialog(ctx, window),
    ):
        texts = [b.text().replace("&", "") for b in dialog.buttons.buttons()]
        assert "닫기 (Esc)" in texts and not any(t.startswith("취소") or t == "Cancel" for t in texts), texts
        dialog.deleteLater()
