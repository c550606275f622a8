"""The 여권 tab: an emergency passport by keyboard alone inside 3 hours, the countdown, the guide's desk."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QMessageBox, QTableView, QWidget

from app.domain.calendar import SEOUL
from app.services import passports as ps
from tests.ui.keys import type_text
from ui.dialogs.passport_delivery import DeliveryDialog
from ui.tabs.passport import PassportTab
from ui.tabs.passport_guide import GuidePassportTab
from ui.tabs.passport_models import WARN_COLOUR, CountdownModel, time_left_text
from ui.widgets import ResidentNumberEdit

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=SEOUL)
CTRL = Qt.KeyboardModifier.ControlModifier


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def tab_to(qtbot, target: QWidget, *, limit: int = 60) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until ``target`` has the focus: proves it is reachable by keyboard."""
    for _ in range(limit):
        if focused() is target:
            return
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    raise AssertionError(f"{target.objectName()} not reachable with Tab")


def _open_passport_tab(qtbot, window) -> PassportTab | GuidePassportTab:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_F3)
    tab = window.pages["passport"]
    assert window.tabs.currentWidget() is tab
    return tab  # type: ignore[no-any-return]


def _table_counts(ctx) -> dict[str, int]:  # type: ignore[no-untyped-def]
    tables = [t for t in sa.inspect(ctx.app.db.engine).get_table_names() if t != "alembic_version"]
    with ctx.app.db.engine.connect() as conn:
        return {t: int(conn.execute(sa.text(f"select count(*) from {t}")).scalar_one()) for t in tables}


def test_emergency_passport_by_keyboard_alone_within_three_hours(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    tab = _open_passport_tab(qtbot, window)
    assert isinstance(tab, PassportTab)
    clock = Clock(NOW)
    tab.clock = clock

    qtbot.keyClick(focused(), Qt.Key.Key_E, CTRL)  # Ctrl+E: emergency application, cursor on the name
    assert focused() is tab.intake.name_edit and tab.intake.emergency_box.isVisible()
    type_text(focused(), "홍길동")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is tab.intake.rrn.edit
    qtbot.keyClicks(focused(), "900101-1234568")
    assert tab.intake.age_label.text() == "만 36세"
    assert tab.intake.fee_display.total.amount == 50000  # shown as soon as type and age are known
    assert "국제교류기여금 0원" in tab.intake.fee_display.detail.text()
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "010-1234-5678")
    tab_to(qtbot, tab.intake.sms)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    tab_to(qtbot, tab.intake.photo)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    for key in ("application_form", "id_card_adult", "emergency_statement"):
        box = tab.findChild(QWidget, f"doc_{key}")
        assert box is not None
        tab_to(qtbot, box)
        qtbot.keyClick(focused(), Qt.Key.Key_Space)
    tab_to(qtbot, tab.intake.emergency_reason)
    type_text(focused(), "부친 위독, 오늘 21시 출국")
    tab_to(qtbot, tab.intake.identity_verified)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    tab_to(qtbot, tab.intake.check_button)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)  # eligibility before payment
    assert tab.intake.eligibility is not None and tab.intake.eligibility.eligible
    assert "발급 가능" in tab.intake.eligibility_label.text()
    tab_to(qtbot, tab.intake.warned)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    qtbot.keyClick(focused(), Qt.Key.Key_S, CTRL)  # Ctrl+S: intake and payment

    assert "접수했습니다" in tab.status.text(), tab.status.text()
    assert window.findChild(QMessageBox, "errorBox") is None
    view = tab.selected()
    assert view is not None and view.number == "P20261125-0001" and view.emergency
    # 3 WORKING hours (민원처리법 제19조①): 10:00 plus the 12:00–13:00 lunch break is 14:00
    assert view.due_at == NOW + timedelta(hours=4) and view.total == 50000
    assert Path(tab.last_pdf).exists()
    assert focused() is tab.applications_view
    assert [row.number for row in tab.board.model.rows] == [view.number]

    for minutes, label in ((30, "심사"), (60, "제작"), (150, "도착")):
        clock.now = NOW + timedelta(minutes=minutes)
        qtbot.keyClick(focused(), Qt.Key.Key_R, CTRL)  # Ctrl+R: next step
        current = tab.selected()
        assert current is not None and current.status_label == label, tab.status.text()

    clock.now = NOW + timedelta(hours=2, minutes=40)
    qtbot.keyClick(focused(), Qt.Key.Key_D, CTRL)  # Ctrl+D: deliver, identity check
    dialog = tab.dialog
    assert isinstance(dialog, DeliveryDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.id_checked)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    delivered = tab.selected()
    assert delivered is not None and delivered.status == ps.DELIVERED, tab.status.text()
    assert delivered.collector_relation == "본인" and not delivered.delivered_late
    assert delivered.delivered_at is not None and delivered.delivered_at - NOW < timedelta(hours=3)
    assert tab.board.model.rows == [] and not tab.board.alert.isVisible()
    assert "교부했습니다" in tab.status.text()


def test_out_of_order_and_refusals_keep_the_form(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    tab = _open_passport_tab(qtbot, window)
    assert isinstance(tab, PassportTab)
    tab.clock = Clock(NOW)
    qtbot.keyClick(focused(), Qt.Key.Key_E, CTRL)
    type_text(focused(), "홍길동")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "900101-1234568")
    qtbot.keyClick(tab.intake.name_edit, Qt.Key.Key_Return)  # Enter saves: refused, nothing lost
    box = window.findChild(QMessageBox, "errorBox")
    assert box is not None and "사진" in box.text()
    box.close()
    assert tab.intake.name_edit.text() == "홍길동" and tab.intake.rrn.value() == "9001011234568"
    assert tab.applications_model.rowCount() == 0
    qtbot.keyClick(tab.intake.name_edit, Qt.Key.Key_D, CTRL)
    assert "고르세요" in tab.status.text()
    qtbot.keyClick(tab.intake.name_edit, Qt.Key.Key_Escape)  # Esc clears
    assert tab.intake.name_edit.text() == "" and tab.intake.rrn.value() is None


def test_countdown_warns_thirty_minutes_before_the_deadline(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    form = ps.ApplicationForm(
        name="홍길동",
        resident_number="900101-1234568",
        kind="긴급",
        photo_checked=True,
        documents_checked=("application_form", "id_card_adult", "emergency_statement"),
        emergency_reason="출장",
        identity_verified=True,
        destination_warned=True,
    )
    app = ps.take_application(ctx.uow(), ctx.actor, form=form, now=NOW)
    tab = _open_passport_tab(qtbot, window)
    assert isinstance(tab, PassportTab)
    # 3 WORKING hours from 10:00 with the 12:00–13:00 lunch break: 14:00 (the service's target, shown as it is)
    assert app.due_at == datetime(2026, 11, 25, 14, 0, tzinfo=SEOUL)
    clock = Clock(NOW + timedelta(minutes=5))
    tab.clock = clock
    tab.load_board()
    assert [r.number for r in tab.board.model.rows] == [app.number]
    assert not tab.board.alert.isVisible()
    assert tab.board.model.data(tab.board.model.index(0, 5)) == "3:55:00"
    assert tab.board.model.data(tab.board.model.index(0, 4)) == "마감 11-25(수) 14:00"  # beside the countdown

    clock.now = app.due_at - timedelta(minutes=29)
    qtbot.waitUntil(lambda: tab.board.alert.isVisible(), timeout=2500)  # the QTimer redraws every second
    assert "29분" in tab.board.alert.text() and app.number in tab.board.alert.text()
    assert "마감 11-25(수) 14:00" in tab.board.alert.text()
    brush = tab.board.model.data(tab.board.model.index(0, 0), Qt.ItemDataRole.BackgroundRole)
    assert brush.color() == QColor(WARN_COLOUR)
    clock.now = app.due_at + timedelta(minutes=5)
    tab.board.redraw()
    assert "지났습니다" in tab.board.alert.text()
    assert tab.board.model.data(tab.board.model.index(0, 5)).startswith("기한 경과")


def test_guide_quotes_fees_and_prints_checklists_and_nothing_more(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("guide")
    tab = _open_passport_tab(qtbot, window)
    assert isinstance(tab, GuidePassportTab)
    assert tab.findChildren(ResidentNumberEdit) == []
    assert [v.objectName() for v in tab.findChildren(QTableView)] == ["guideChecklist"]
    before = _table_counts(ctx)

    assert focused() is tab.age
    qtbot.keyClick(focused(), Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focused(), "7")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is tab.choice.kind
    tab_to(qtbot, tab.choice.pages)
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # 26면
    assert tab.fee_display.total.amount == 32000
    assert "국제교류기여금 0원" in tab.fee_display.detail.text()
    tab_to(qtbot, tab.applicant_kind)
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # 법정대리인
    assert any(item.key == "minor_consent" for item in tab.checklist_model.rows)

    qtbot.keyClick(focused(), Qt.Key.Key_P, CTRL)
    path = Path(str(tab.property("last_pdf")))
    assert path.exists() and str(path) in tab.status.text()
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert "법정대리인 동의서" in text and "32,000원" in text

    after = _table_counts(ctx)
    # the print's intent and its completion, nothing else
    assert {t: after[t] - before[t] for t in after if after[t] != before[t]} == {"audit_log": 2}


def test_guide_quotes_the_new_kind_and_remaining_validity_at_the_time_of_day(qtbot, ui_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # 여권법 시행령 제39조 별표 (2026-03-01 09:00 접수분부터): 5년 미만 복수여권 17,000 (estimate, unverified),
    # 잔여유효기간 부여 27,000 for 58 and 26 pages alike; at 08:59 the same day the old 15,000 / 25,000.
    window, _ = ui_factory("guide")
    tab = _open_passport_tab(qtbot, window)
    assert isinstance(tab, GuidePassportTab)
    tab.clock = Clock(datetime(2026, 3, 2, 10, 0, tzinfo=SEOUL))
    qtbot.keyClick(focused(), Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focused(), "30")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is tab.choice.kind
    labels = [tab.choice.kind.itemText(i) for i in range(tab.choice.kind.count())]
    assert labels == ["복수", "단수", "긴급", "잔여유효기간 부여", "복수 5년 미만 (상습분실자 등)"]
    qtbot.keyClick(focused(), Qt.Key.Key_End)  # the last kind: 5년 미만
    assert tab.choice.kind_code() == "5년미만복수"
    fee = tab.fee_display
    assert fee.total.amount == 17000 and fee.passport.text() == "복수여권 5년 미만 26면"
    assert fee.unverified.isVisibleTo(tab) and not tab.choice.pages.isEnabled()
    assert tab.choice.pages.currentData() == 26
    tab.resize(1100, 700)
    tab.grab().save(str(tmp_path / "guide_short_multiple.png"))
    qtbot.keyClick(focused(), Qt.Key.Key_Up)  # 잔여유효기간 부여
    assert tab.choice.kind_code() == "잔여유효기간" and fee.total.amount == 27000
    for index in range(tab.choice.pages.count()):
        tab.choice.pages.setCurrentIndex(index)
        assert fee.total.amount == 27000 and not fee.unverified.isVisibleTo(tab)
    tab.clock = Clock(datetime(2026, 3, 1, 8, 59, tzinfo=SEOUL))
    qtbot.keyClick(tab.choice.kind, Qt.Key.Key_Down)  # back to 5년 미만, priced at 08:59
    assert fee.total.amount == 15000 and not fee.unverified.isVisibleTo(tab)


def test_night_staff_outside_the_window_are_told_so(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("night")
    tab = window.pages["passport"]
    assert isinstance(tab, PassportTab)
    tab.clock = Clock(datetime(2026, 11, 24, 11, 0, tzinfo=SEOUL))  # a Tuesday morning
    tab.refresh()
    assert "야간 민원실 운영시간" in tab.status.text()
    # background refreshes do not pop up a message box of ours
    assert [box for box in window.findChildren(QMessageBox) if box.parentWidget() is tab] == []
    assert not tab.intake.loss_button.isVisibleTo(tab)  # night staff take no loss reports


def test_models_pass_the_model_tester(qtmodeltester, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    tab = window.pages["passport"]
    form = ps.ApplicationForm(
        name="홍길동",
        resident_number="900101-1234568",
        kind="복수",
        validity_years=10,
        pages=58,
        photo_checked=True,
        documents_checked=("application_form", "id_card_adult"),
    )
    ps.take_application(ctx.uow(), ctx.actor, form=form, now=NOW)
    tab.clock = Clock(NOW)
    tab.refresh()
    assert tab.applications_model.rowCount() == 1
    for model in (tab.applications_model, tab.uncollected_model, tab.board.model):
        qtmodeltester.check(model)
    board = CountdownModel()
    qtmodeltester.check(board)
    assert time_left_text(3 * 3600) == "3:00:00" and time_left_text(-61) == "기한 경과 0:01:01"
    assert time_left_text(25 * 60) == "임박 0:25:00"  # the warning colour is never the only sign


def _fill(tab: PassportTab, rrn: str) -> None:
    tab.intake.rrn.edit.setText(rrn)
    QApplication.processEvents()


def test_intake_form_fits_its_column_at_1280x800_without_clipped_lines(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    window.resize(1280, 800)
    tab = _open_passport_tab(qtbot, window)
    assert isinstance(tab, PassportTab)
    tab.clock = Clock(NOW)
    viewport = tab.intake.form.parentWidget()
    assert viewport is not None
    type_text(tab.intake.name_edit, "홍길동")
    cases = [
        ("900101-1234568", "복수"),  # a man of military-service age: the long notice among the documents
        ("900101-1234567", "복수"),  # a check-digit warning under the number
        ("150101-4234567", "복수"),  # a girl of 11: the longest fee label
        ("900101-2234561", "긴급"),  # emergency with the reduced fee proved later, by a proxy for illness
        ("900101-1234568", "5년미만복수"),  # the longest kind label
    ]
    for rrn, kind in cases:
        _fill(tab, rrn)
        tab.intake.choice.kind.setCurrentIndex(tab.intake.choice.kind.findData(kind))
        if kind == "긴급":
            tab.intake.choice.reduced.setCurrentIndex(tab.intake.choice.reduced.findData(ps.REDUCED_LATER))
            tab.intake.applicant_kind.setCurrentIndex(2)
            tab.intake.illness.setChecked(True)
        QApplication.processEvents()
        # the form never grows wider than its scroll area (there is no horizontal scroll bar)
        assert tab.intake.form.width() <= viewport.width(), (rrn, tab.intake.form.width(), viewport.width())
        boxes = [b for b in tab.intake.docs_box.findChildren(QWidget) if b.objectName().startswith("doc_")]
        assert boxes and all(b.geometry().right() <= tab.intake.docs_box.width() for b in boxes)
        # every line under the total is shown whole: the table name too
        fee = tab.intake.fee_display
        lines = fee.lines()
        assert [line.objectName() for line in lines][:4] == ["feeTotal", "feeDetail", "feePassport", "feeTable"]
        assert fee.fee is not None and fee.table.text() == fee.fee.table
        for line in lines:
            assert line.height() >= line.sizeHint().height(), (rrn, line.objectName(), line.text())
            assert line.width() >= line.sizeHint().width(), (rrn, line.objectName(), line.text())
            assert line.geometry().bottom() < fee.height()
        assert fee.geometry().right() <= tab.intake.form.width()


def test_refusal_in_the_fee_line_wraps_and_is_shown_whole(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("night")
    window.resize(1280, 800)
    tab = _open_passport_tab(qtbot, window)
    assert isinstance(tab, PassportTab)
    tab.clock = Clock(datetime(2026, 11, 24, 11, 0, tzinfo=SEOUL))  # a Tuesday morning: the window is shut
    _fill(tab, "900101-2234561")
    QApplication.processEvents()
    fee = tab.intake.fee_display
    assert fee.fee is None and fee.total.amount is None and "야간 민원실 운영시간" in fee.problem.text()
    assert fee.problem.heightForWidth(fee.problem.width()) > fee.problem.fontMetrics().height()  # two lines
    assert fee.lines() == [fee.total, fee.problem]
    assert fee.problem.height() >= fee.problem.heightForWidth(fee.problem.width())


def test_enter_on_another_button_presses_that_button_not_intake(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    tab = _open_passport_tab(qtbot, window)
    assert isinstance(tab, PassportTab)
    tab.clock = Clock(NOW)
    before = _table_counts(ctx)
    qtbot.keyClick(focused(), Qt.Key.Key_E, CTRL)
    type_text(focused(), "홍길동")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "900101-1234568")
    tab_to(qtbot, tab.intake.emergency_reason)
    type_text(focused(), "출장")
    tab_to(qtbot, tab.intake.identity_verified)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    tab_to(qtbot, tab.intake.check_button)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # 자격 확인, not 접수·수납
    assert tab.intake.eligibility is not None and tab.intake.eligibility.eligible
    assert window.findChild(QMessageBox, "errorBox") is None
    tab_to(qtbot, tab.intake.print_button)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # 구비서류 출력
    assert "구비서류 안내를 출력했습니다" in tab.status.text(), tab.status.text()
    after = _table_counts(ctx)
    changed = {t for t in after if after[t] != before[t]}
    assert changed == {"audit_log"}  # the eligibility check and the print; no application, no receipt
    assert tab.intake.name_edit.text() == "홍길동"


def test_a_refused_delivery_stays_in_its_dialog_with_what_was_chosen(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    form = ps.ApplicationForm(
        name="홍길동",
        resident_number="900101-1234568",
        kind="복수",
        validity_years=10,
        pages=58,
        photo_checked=True,
        documents_checked=("application_form", "id_card_adult"),
    )
    app = ps.take_application(ctx.uow(), ctx.actor, form=form, now=NOW)
    for step in (ps.REVIEW, ps.PRODUCTION, ps.ARRIVED):
        ps.advance_application(ctx.uow(), ctx.actor, application_id=app.id, to_status=step, now=NOW)
    tab = _open_passport_tab(qtbot, window)
    assert isinstance(tab, PassportTab)
    tab.clock = Clock(NOW + timedelta(days=1))
    tab.refresh(select=app.id)
    tab.applications_view.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_D, CTRL)
    dialog = tab.dialog
    assert isinstance(dialog, DeliveryDialog)
    dialog.collector.setCurrentIndex(1)  # 대리 수령: 법정대리인, for an adult who applied in person
    dialog.collector_name.setText("홍부모")
    dialog.id_checked.setChecked(True)
    dialog.accept()
    assert dialog.isVisible() and "본인이 받아야" in dialog.message.text()
    assert dialog.collector_name.text() == "홍부모"  # nothing typed is lost
    assert window.findChild(QMessageBox, "errorBox") is None
    dialog.collector.setCurrentIndex(0)
    dialog.accept()
    assert not dialog.isVisible() and tab.dialog is None
    delivered = tab.selected()
    assert delivered is not None and delivered.status == ps.DELIVERED and delivered.collector_relation == "본인"


def test_cash_received_or_card_approval_go_with_the_application(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ctx = ui_factory("clerk")
    intake = _open_passport_tab(qtbot, window).intake
    intake.payment.setCurrentText("카드")
    assert intake.approval.isEnabled() and not intake.received.isEnabled()
    qtbot.keyClicks(intake.approval, "30012345")
    assert intake.values().approval_no == "30012345"
    intake.payment.setCurrentText("현금")
    assert intake.received.isEnabled() and not intake.approval.isEnabled() and intake.approval.text() == ""
    qtbot.keyClicks(intake.received, "60,000won")  # the field takes digits and commas only
    assert intake.received.text() == "60,000" and intake.values().cash_received == 60000
    intake.clear()
    assert intake.received.text() == "" and intake.values().cash_received is None
