"""증명·민원 tab driven with the keyboard: issue certificates, take a petition through its workflow, overdue
checks for the supervisor, and what night and guide roles see."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox, QWidget

from app.domain.calendar import SEOUL
from app.services import petitions as pets
from db.models import AuditEntry

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def type_text(qtbot, widget: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type like a clerk: ASCII as key presses, Hangul as the input method commits it."""
    widget.setFocus()
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def choose(qtbot, combo: QComboBox, data: object) -> None:  # type: ignore[no-untyped-def]
    """Pick an item with the arrow keys only."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == data:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == data


def _error_boxes(widget) -> list[QMessageBox]:  # type: ignore[no-untyped-def]
    return [b for b in widget.findChildren(QMessageBox) if b.objectName() == "errorBox" and b.isVisible()]


def _close_errors(widget) -> list[str]:  # type: ignore[no-untyped-def]
    texts = []
    for box in _error_boxes(widget):
        texts.append(box.text())
        box.close()
    # The message box took the activation; shortcuts answer only in the active window.
    widget.window().activateWindow()
    QApplication.processEvents()
    return texts


def test_clerk_issues_certificates_with_the_keyboard(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    tab = window.show_tab("counter")
    page = tab.certificates
    assert page is not None
    qtbot.keyClick(page.name, Qt.Key.Key_1, CTRL)
    assert tab.sections.currentWidget() is page
    type_text(qtbot, page.name, "홍길동")
    qtbot.keyClick(page.name, Qt.Key.Key_Tab)
    assert page.rrn.edit.hasFocus()
    qtbot.keyClicks(page.rrn.edit, "900101-1234568")
    choose(qtbot, page.kind, "resident_copy")
    page.copies.setFocus()
    page.copies.selectAll()
    qtbot.keyClicks(page.copies, "2")
    qtbot.keyClick(page.copies, Qt.Key.Key_Return, CTRL)  # add the line
    assert [ln.kind for ln in page.lines] == ["resident_copy"]
    choose(qtbot, page.kind, "seal_certificate")
    qtbot.keyClick(page.kind, Qt.Key.Key_Return, CTRL)
    choose(qtbot, page.kind, "resident_abstract")
    page.exemption.setFocus()
    qtbot.keyClick(page.exemption, Qt.Key.Key_Down)
    assert page.exemption.currentText() == "기초생활수급자"
    qtbot.keyClick(page.exemption, Qt.Key.Key_Return, CTRL)
    assert page.total.amount == 800 + 600 + 0
    page.payment.setFocus()
    qtbot.keyClick(page.payment, Qt.Key.Key_Down)  # 카드
    qtbot.keyClick(page.payment, Qt.Key.Key_Return)  # Enter issues
    assert not _close_errors(page)
    issue = page.last_issue
    assert issue is not None and issue.total == 1400 and issue.receipt.payment_method == "카드"
    assert issue.receipt.number in page.status.text() and "저장:" in page.status.text()
    assert page.name.text() == "" and page.lines == []
    text = "".join(p.extract_text() for p in PdfReader(str(page.last_pdf)).pages)
    assert "인감증명서" in text and "1,400원" in text and "900101-1******" in text and "1234568" not in text


def test_the_form_offers_the_exemptions_of_the_chosen_kind(qtbot, ui_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # 가족관계의 등록 등에 관한 규칙 제28조④: the 가족관계등록부 증명서 take the 등·초본 groups and three more;
    # 인감증명서 has none.
    window, _ = ui_factory("clerk")
    page = window.show_tab("counter").certificates
    assert page is not None

    def offered() -> list[str]:
        return [page.exemption.itemData(i) for i in range(page.exemption.count())]

    shared = ["basic_livelihood", "national_merit", "veteran_self", "single_parent"]
    choose(qtbot, page.kind, "basic_certificate")
    assert offered() == ["", *shared, "official_use", "disaster_victim", "birth_filer_basic"]
    choose(qtbot, page.kind, "family_relation")
    assert offered() == ["", *shared, "official_use", "disaster_victim"]
    choose(qtbot, page.kind, "resident_copy")
    assert offered() == ["", *shared]
    tip = page.exemption.itemData(3, Qt.ItemDataRole.ToolTipRole)
    assert "본인" in tip and "유족은 해당하지 않음" in tip
    choose(qtbot, page.kind, "seal_certificate")
    assert offered() == [""]
    choose(qtbot, page.kind, "family_relation")
    choose(qtbot, page.exemption, "official_use")
    assert page.total.amount == 0
    page.resize(1100, 520)
    page.grab().save(str(tmp_path / "cert_exemptions.png"))


def test_bad_certificate_request_keeps_the_form(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk")
    page = window.show_tab("counter").certificates
    type_text(qtbot, page.phone, "010-1111-2222")
    qtbot.keyClick(page.phone, Qt.Key.Key_Return)  # no name
    assert any("성명" in t for t in _close_errors(page))
    assert page.phone.text() == "010-1111-2222" and page.last_issue is None
    page.phone.setFocus()
    qtbot.keyClick(page.phone, Qt.Key.Key_Escape)
    assert page.phone.text() == ""


def _intake(qtbot, page, *, type_code: str, name: str, phone: str) -> None:  # type: ignore[no-untyped-def]
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, CTRL)
    assert page.type.hasFocus()
    choose(qtbot, page.type, type_code)
    type_text(qtbot, page.name, name)
    qtbot.keyClicks(page.phone, phone)
    qtbot.keyClick(page.phone, Qt.Key.Key_Return)
    assert not _close_errors(page)


def _act(qtbot, page, key: Qt.Key, *typed: tuple[str, str]):  # type: ignore[no-untyped-def]
    """Press the action's keys on the list, fill the dialog from the keyboard, Enter; the dialog or None."""
    page.window().activateWindow()  # a closed dialog hands the keyboard back to the main window
    qtbot.waitUntil(page.window().isActiveWindow)
    page.table.setFocus()
    qtbot.keyClick(page.table, key, CTRL_SHIFT)
    if typed or key not in (Qt.Key.Key_P, Qt.Key.Key_H):
        dialog = page.dialog
        assert dialog is not None and dialog.isVisible()
        qtbot.waitUntil(dialog.isActiveWindow)  # as on a desktop: the dialog has the keyboard
        for field, value in typed:
            widget = dialog.fields[field]
            if isinstance(widget, QComboBox):
                choose(qtbot, widget, value)
            else:
                type_text(qtbot, widget, value)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
        return dialog
    return None


def test_petition_workflow_with_the_keyboard(qtbot, ui_factory, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    tab = window.show_tab("counter")
    page = tab.petitions
    assert page is not None
    qtbot.keyClick(tab.certificates.name, Qt.Key.Key_2, CTRL)
    assert tab.sections.currentWidget() is page
    _intake(qtbot, page, type_code="info_disclosure", name="김지연", phone="010-5555-1111")
    assert page.model.rowCount() == 1 and "접수했습니다" in page.status.text()
    qtmodeltester.check(page.model)
    row = page.selected()
    assert row is not None and row.status == "received" and row.department == "민원여권과"

    def status() -> pets.PetitionView:
        return pets.list_petitions(ctx.uow(), ctx.actor, status="all")[0]

    _act(qtbot, page, Qt.Key.Key_P)
    assert status().status == "processing"
    _act(qtbot, page, Qt.Key.Key_B, ("note", "위임장 원본"))
    assert status().status == "supplement" and page.selected().urgency == "paused"
    refused = _act(qtbot, page, Qt.Key.Key_D)  # refused while waiting for the supplement
    assert refused.isVisible() and "보완 도착을 먼저" in refused.message.text() and not _error_boxes(page)
    qtbot.keyClick(refused.focusWidget(), Qt.Key.Key_Escape)
    assert not refused.isVisible() and status().status == "supplement"
    _act(qtbot, page, Qt.Key.Key_R)
    assert status().status == "processing"
    # A refused reason stays in the dialog, to be corrected rather than typed again.
    dialog = _act(qtbot, page, Qt.Key.Key_E, ("reason", "업무량 과다"))
    reason = dialog.fields["reason"]
    assert dialog.isVisible() and "업무량" in dialog.message.text() and reason.text() == "업무량 과다"
    assert reason.hasFocus() and status().extension_count == 0
    qtbot.keyClick(reason, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(reason, Qt.Key.Key_Backspace)
    type_text(qtbot, reason, "제3자 의견 청취")
    qtbot.keyClick(reason, Qt.Key.Key_Return)
    assert not dialog.isVisible() and dialog.message.text() == ""
    assert status().extension_count == 1 and status().due_at > status().original_due_at
    _act(qtbot, page, Qt.Key.Key_T, ("reason", "소관 부서 확인"))
    moved = status()
    assert moved.department != "민원여권과" and moved.status == "received"
    _act(qtbot, page, Qt.Key.Key_D)
    assert status().status == "decided" and status().decision == "인용"
    page.filter_status.setFocus()
    qtbot.keyClick(page.filter_status, Qt.Key.Key_Down)  # 전체: decided ones stay listed
    assert page.filter_status.currentData() == "all" and page.model.rowCount() == 1
    page.table.selectRow(0)
    _act(qtbot, page, Qt.Key.Key_N)
    assert status().status == "notified"
    _act(qtbot, page, Qt.Key.Key_H)
    assert "처리기간 연장" in page.history_box.text() and "이송" in page.history_box.text()
    page.history_box.close()


def test_close_search_and_refresh_without_restart(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    tab = window.show_tab("counter")
    qtbot.keyClick(tab.certificates.name, Qt.Key.Key_2, CTRL)
    page = tab.petitions
    assert page.table.hasFocus()
    _intake(qtbot, page, type_code="cook_license_new", name="박민수", phone="02-920-3000")
    _act(qtbot, page, Qt.Key.Key_C, ("reason_code", "address_unknown"), ("note", "우편 2회 반송"))
    assert not _close_errors(page)
    assert pets.list_petitions(ctx.uow(), ctx.actor, status="all")[0].status == "closed"
    assert page.model.rowCount() == 0  # 진행 중 only
    # Another counter takes a petition: the list shows it on the next timer tick.
    pets.intake_petition(ctx.uow(), ctx.actor, type_code="building_report", applicant_name="이서윤", phone="")
    assert page.timer.interval() == 60_000 and page.timer.isActive()
    page.timer.timeout.emit()
    assert [r.applicant_name for r in page.model.rows] == ["이서윤"]
    qtbot.keyClick(page.table, Qt.Key.Key_F, CTRL)
    assert page.search.hasFocus()
    type_text(qtbot, page.search, "없는사람")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.model.rowCount() == 0
    page.search.clear()
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.model.rowCount() == 1


def test_supervisor_sends_notices(qtbot, ui_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("supervisor")
    tab = window.show_tab("counter")
    assert tab.overdue is not None and tab.surveys is not None
    pets.intake_petition(ctx.uow(), ctx.actor, type_code="cook_license_new", applicant_name="최민원", phone="")
    page = tab.overdue
    qtbot.keyClick(tab.certificates.name, Qt.Key.Key_3, CTRL)
    assert tab.sections.currentWidget() is page
    page.within.setFocus()
    page.within.selectAll()
    qtbot.keyClicks(page.within, "5")
    qtbot.keyClick(page.within, Qt.Key.Key_O, CTRL_SHIFT)
    result = page.last_result
    assert result is not None and result.within_days == 5
    assert [(n.kind_label, n.department) for n in result.notices] in (
        [("예고장", "위생과")],
        [("독촉장", "위생과")],
    )
    assert result.notices[0].path.exists() and "위생과" in page.status.text()
    number = result.notices[0].number
    assert number and number in page.status.text() and "발송 기록했습니다" in page.status.text()
    assert page.closures_box.isEnabled()
    # The check again the same day: nothing is sent twice; the day's notice is printed again and the screen says so.
    page.within.setFocus()
    qtbot.keyClick(page.within, Qt.Key.Key_O, CTRL_SHIFT)
    again = page.last_result
    assert again is not None and again is not result and again.all_reprinted
    assert [n.number for n in again.notices] == [number]
    assert "오늘 이미 시행한 통지" in page.status.text() and "발송 기록했습니다" not in page.status.text()


def test_night_and_guide_see_only_what_they_may_do(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("night")
    tab = window.show_tab("counter")
    assert tab.petitions is None and tab.overdue is None and tab.surveys is None
    codes = [tab.certificates.kind.itemData(i) for i in range(tab.certificates.kind.count())]
    assert "seal_certificate" not in codes and "resident_copy" in codes and "family_relation" in codes
    guide_window, _ = ui_factory("guide")
    guide_tab = guide_window.show_tab("counter")
    assert guide_tab.certificates is None and guide_tab.petitions is None
    assert guide_tab.sections.widget(0).objectName() == "counterNoAccess"
    QApplication.processEvents()


def test_enter_presses_the_focused_button(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk")
    page = window.show_tab("counter").certificates
    type_text(qtbot, page.name, "홍길동")
    choose(qtbot, page.kind, "basic_certificate")
    page.add_button.setFocus()
    qtbot.keyClick(page.add_button, Qt.Key.Key_Return)  # adds the line; does not issue
    assert [ln.kind for ln in page.lines] == ["basic_certificate"] and page.last_issue is None
    page.issue_button.setFocus()
    qtbot.keyClick(page.issue_button, Qt.Key.Key_Return)
    assert not _close_errors(page)
    assert page.last_issue is not None and page.last_issue.total == 1000


def test_decision_time_is_seoul_wall_clock_whatever_the_pc_zone(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    tab = window.show_tab("counter")
    qtbot.keyClick(tab.certificates.name, Qt.Key.Key_2, CTRL)
    page = tab.petitions
    received = datetime.now(SEOUL) - timedelta(hours=3)
    view = pets.intake_petition(
        ctx.uow(), ctx.actor, type_code="building_report", applicant_name="한결", phone="", now=received
    )
    page.refresh(select=view.id)
    page.window().activateWindow()
    qtbot.waitUntil(page.window().isActiveWindow)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_D, CTRL_SHIFT)
    dialog = page.dialog
    qtbot.waitUntil(dialog.isActiveWindow)
    field = dialog.fields["decided_at"]

    def shown() -> datetime:
        d, t = field.date(), field.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=SEOUL)

    assert abs(shown() - datetime.now(SEOUL)) < timedelta(minutes=2)
    # An hour back with the keyboard reads as Seoul time too: no 9-hour slip on a PC set to UTC.
    field.setFocus()
    field.setCurrentSection(field.Section.HourSection)
    qtbot.keyClick(field, Qt.Key.Key_Down)
    wanted = shown()
    type_text(qtbot, dialog.fields["reason"], "과장 결재 후 입력")
    qtbot.keyClick(dialog.fields["reason"], Qt.Key.Key_Return)
    assert not dialog.isVisible(), dialog.message.text()
    decided = pets.get_petition(ctx.uow(), ctx.actor, petition_id=view.id).petition
    assert decided.status == "decided" and decided.decided_at is not None
    assert abs(decided.decided_at - wanted) < timedelta(minutes=1)


def test_enter_on_a_score_saves_the_survey_answer(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    tab = window.show_tab("counter")
    p = pets.intake_petition(ctx.uow(), ctx.actor, type_code="building_report", applicant_name="설문", phone="")
    pets.decide_petition(ctx.uow(), ctx.actor, petition_id=p.id, decision="인용")
    pets.notify_petition(ctx.uow(), ctx.actor, petition_id=p.id, method="교부")
    page = tab.surveys
    qtbot.keyClick(tab.certificates.name, Qt.Key.Key_4, CTRL)
    type_text(qtbot, page.number, p.number)
    qtbot.keyClick(page.number, Qt.Key.Key_Tab)
    assert page.kindness.hasFocus()
    qtbot.keyClick(page.kindness, Qt.Key.Key_Return)  # no default answer: nothing chosen is refused
    assert any("친절도를 고르세요" in t for t in _close_errors(page))
    assert page.kindness.hasFocus()
    qtbot.keyClick(page.kindness, Qt.Key.Key_4)  # 4 (만족)
    qtbot.keyClick(page.kindness, Qt.Key.Key_Tab)
    qtbot.keyClick(page.satisfaction, Qt.Key.Key_3)  # 3 (보통)
    qtbot.keyClick(page.satisfaction, Qt.Key.Key_Return)
    assert not _close_errors(page)
    assert "저장했습니다" in page.status.text() and "친절도 4" in page.status.text()


def test_a_retried_save_after_a_lost_reply_writes_once(qtbot, ui_factory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The issue went through but its reply was lost: Enter again sends the same key and gets the same receipt;
    once it went through, the same form again is a new issue."""
    from app.services import certificates as certs
    from app.services.errors import ServiceError
    from db.models_petitions import CertificateIssue

    window, ctx = ui_factory("clerk")
    page = window.show_tab("counter").certificates
    real, keys = certs.issue_certificates, []

    def lost_reply(*args, **kwargs):  # type: ignore[no-untyped-def]
        view = real(*args, **kwargs)
        keys.append(kwargs["client_uuid"])
        if len(keys) == 1:
            raise ServiceError("서버 응답이 끊겼습니다. 다시 시도하세요.")
        return view

    monkeypatch.setattr(certs, "issue_certificates", lost_reply)

    def issue_for(name: str) -> None:
        type_text(qtbot, page.name, name)
        choose(qtbot, page.kind, "basic_certificate")
        qtbot.keyClick(page.kind, Qt.Key.Key_Return)

    issue_for("홍길동")
    assert any("응답이 끊겼습니다" in t for t in _close_errors(page))
    assert page.name.text() == "홍길동" and page.last_issue is None  # the form keeps what was typed
    qtbot.keyClick(page.name, Qt.Key.Key_Return)  # the retry
    assert not _close_errors(page) and page.last_issue is not None
    assert keys[0] == keys[1]
    issue_for("홍길동")  # the same form once more: a second issue, under a new key
    assert not _close_errors(page) and keys[2] != keys[0]
    with ctx.app.db.uow() as uow:
        issues = uow.session.scalars(sa.select(CertificateIssue)).all()
    assert len(issues) == 2


def test_every_petition_action_sends_a_retry_key(qtbot, ui_factory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A transition whose reply was lost is retried under the same key; the petition moves once."""
    from app.services.errors import ServiceError

    window, ctx = ui_factory("clerk")
    tab = window.show_tab("counter")
    qtbot.keyClick(tab.certificates.name, Qt.Key.Key_2, CTRL)
    page = tab.petitions
    _intake(qtbot, page, type_code="info_disclosure", name="김지연", phone="010-5555-1111")
    real, keys = pets.start_processing, []

    def lost_reply(*args, **kwargs):  # type: ignore[no-untyped-def]
        view = real(*args, **kwargs)
        keys.append(kwargs["client_uuid"])
        if len(keys) == 1:
            raise ServiceError("서버 응답이 끊겼습니다. 다시 시도하세요.")
        return view

    monkeypatch.setattr(pets, "start_processing", lost_reply)
    _act(qtbot, page, Qt.Key.Key_P)
    assert any("응답이 끊겼습니다" in t for t in _close_errors(page))
    _act(qtbot, page, Qt.Key.Key_P)
    assert not _close_errors(page) and "처리했습니다" in page.status.text()
    assert keys[0] is not None and keys[0] == keys[1]
    with ctx.app.db.uow() as uow:
        starts = uow.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "petition.start")).all()
    assert len(starts) == 1 and pets.list_petitions(ctx.uow(), ctx.actor)[0].status == "processing"


def test_a_survey_answer_retried_after_a_lost_reply_is_not_refused(qtbot, ui_factory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An answer is recorded once; its retry under the same key gets "저장했습니다", not "이미 기록"."""
    from app.services import surveys
    from app.services.errors import ServiceError

    window, ctx = ui_factory("clerk")
    tab = window.show_tab("counter")
    p = pets.intake_petition(ctx.uow(), ctx.actor, type_code="building_report", applicant_name="설문", phone="")
    pets.decide_petition(ctx.uow(), ctx.actor, petition_id=p.id, decision="인용")
    pets.notify_petition(ctx.uow(), ctx.actor, petition_id=p.id, method="교부")
    real, keys = surveys.record_answer, []

    def lost_reply(*args, **kwargs):  # type: ignore[no-untyped-def]
        view = real(*args, **kwargs)
        keys.append(kwargs["client_uuid"])
        if len(keys) == 1:
            raise ServiceError("서버 응답이 끊겼습니다. 다시 시도하세요.")
        return view

    monkeypatch.setattr(surveys, "record_answer", lost_reply)
    page = tab.surveys
    qtbot.keyClick(tab.certificates.name, Qt.Key.Key_4, CTRL)
    type_text(qtbot, page.number, p.number)
    qtbot.keyClick(page.number, Qt.Key.Key_Tab)
    qtbot.keyClick(page.kindness, Qt.Key.Key_5)
    page.satisfaction.setCurrentIndex(page.satisfaction.findData(5))
    qtbot.keyClick(page.kindness, Qt.Key.Key_Return)
    assert any("응답이 끊겼습니다" in t for t in _close_errors(page))
    qtbot.keyClick(page.kindness, Qt.Key.Key_Return)
    assert not _close_errors(page) and "저장했습니다" in page.status.text()
    assert keys[0] is not None and keys[0] == keys[1]
    with ctx.app.db.uow() as uow:
        recorded = uow.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "survey.record")).all()
    assert len(recorded) == 1
