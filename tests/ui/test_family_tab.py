"""The 가족관계등록 tab driven with the keyboard: births, deaths, a lapsed 협의이혼, status, SMS and follow-up."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.domain.calendar import seoul_today
from app.domain.identity import check_digit
from app.services import family as fam
from app.services import outbox

TODAY = seoul_today()


def rrn(front: str, serial: str = "23456") -> str:
    body = front.replace("-", "") + serial
    return f"{body[:6]}-{body[6:]}{check_digit(body)}"


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def tab_to(qtbot, target: QWidget, *, limit: int = 60) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until ``target`` has the focus: proves it is reachable in the form's focus order."""
    for _ in range(limit):
        if focused() is target:
            return
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target!r} (stuck at {focused()!r})")


def type_text(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type into the focused widget. QTest cannot synthesise Hangul keys, so those go as key events with text."""
    widget = focused()
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def fill(qtbot, target: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    tab_to(qtbot, target)
    type_text(qtbot, text)


def open_tab(qtbot, ui_factory, role: str = "clerk"):  # type: ignore[no-untyped-def]
    window, ctx = ui_factory(role)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    tab = window.pages["family"]
    assert window.tabs.currentWidget() is tab
    qtbot.waitUntil(lambda: focused() is tab.kind)
    return window, ctx, tab


def choose_kind(qtbot, tab, name: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(focused(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert focused() is tab.kind
    while tab.kind.currentText() != name:
        before = tab.kind.currentIndex()
        qtbot.keyClick(tab.kind, Qt.Key.Key_Down)
        assert tab.kind.currentIndex() != before, f"{name} not in the kind list"


def error_box(qtbot, tab) -> QMessageBox:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: tab.findChild(QMessageBox, "errorBox") is not None)
    box = tab.findChild(QMessageBox, "errorBox")
    assert box is not None
    return box


def pdf_text(path: str) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_a_birth_is_filed_with_the_keyboard_and_the_guidance_sheet_is_printed(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    _, ctx, tab = open_tab(qtbot, ui_factory)
    choose_kind(qtbot, tab, "출생")
    page = tab.pages["birth"]
    mother = rrn("900101-2")
    fill(qtbot, page.surname, "홍")
    fill(qtbot, page.given, "길동")
    fill(qtbot, page.hanja, "洪吉童")
    tab_to(qtbot, page.order)
    qtbot.keyClick(page.order, Qt.Key.Key_Up)  # 둘째
    fill(qtbot, page.event_edit, (TODAY - timedelta(days=3)).strftime("%Y%m%d"))
    assert tab.assessment.text().startswith("기한 내")
    fill(qtbot, page.time, "0930")
    fill(qtbot, page.place, "고려대학교 안암병원")
    fill(qtbot, page.mother.name, "김영희")
    fill(qtbot, page.mother.rrn.edit, mother)
    fill(qtbot, page.father.name, "홍철수")
    fill(qtbot, page.father.rrn.edit, rrn("880202-1"))
    tab_to(qtbot, tab.relation)
    qtbot.keyClick(tab.relation, Qt.Key.Key_Down)
    assert tab.relation.currentData() == "mother" and not tab.filer.isEnabled()
    tab_to(qtbot, tab.sms_consent)
    qtbot.keyClick(tab.sms_consent, Qt.Key.Key_Space)
    fill(qtbot, tab.sms_phone, "010-1234-5678")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    view = tab.model.row_at(0)
    assert view is not None and view.subject_name == "홍길동" and view.birth_order == 2
    assert view.number == f"가족-{TODAY.year}-000001" and view.number in tab.status.text()
    assert view.sms_consent and view.sms_phone_masked == "010-****-5678"
    assert page.surname.text() == "" and page.mother.rrn.edit.text() == ""  # ready for the next filer
    qtbot.waitUntil(lambda: bool(tab.last_pdf))
    text = pdf_text(tab.last_pdf)
    assert "행복출산" in text and "홍길동" in text and "3,000,000원" in text
    assert mother[:8] + "******" in text and mother not in text
    assert "후속절차 안내문" in tab.status.text() and tab.last_pdf in tab.status.text()


def test_a_late_death_shows_the_fine_before_saving(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    _, _, tab = open_tab(qtbot, ui_factory)
    choose_kind(qtbot, tab, "사망")
    page = tab.pages["death"]
    assert tab.stack.currentWidget() is page
    died = TODAY - timedelta(days=50)
    fill(qtbot, page.deceased.name, "이순자")
    fill(qtbot, page.deceased.rrn.edit, rrn("400305-2"))
    fill(qtbot, page.death_date, died.strftime("%Y%m%d"))  # digits, as the date field takes them
    fill(qtbot, page.place, "자택")
    expected = fam.preview_assessment("death", died)
    assert expected.days_late > 0 and expected.fine > 0
    assert tab.assessment.text().startswith(f"{expected.days_late}일 지연 (예상 과태료 {expected.fine:,}원)")
    tab_to(qtbot, tab.paid_now)
    qtbot.keyClick(tab.paid_now, Qt.Key.Key_Space)
    reduced = fam.preview_assessment("death", died, paid_now=True).fine
    assert f"예상 과태료 {reduced:,}원" in tab.assessment.text() and reduced < expected.fine
    assert tab.relation.currentData() == "cohabiting_relative" and tab.filer.isEnabled()
    fill(qtbot, tab.filer.name, "이영수")
    fill(qtbot, tab.filer.rrn.edit, rrn("700101-1"))
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    view = tab.current
    assert view is not None and view.kind == "death" and view.estimated_fine == reduced and view.paid_now
    assert view.receipt_number == ""  # filings are free; the fine is the registrar's, not charged here
    assert "안심상속" in pdf_text(tab.last_pdf)


def test_a_lapsed_consent_divorce_is_refused_and_the_form_keeps_what_was_typed(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    _, ctx, tab = open_tab(qtbot, ui_factory)
    choose_kind(qtbot, tab, "협의이혼")
    page = tab.pages["divorce"]
    assert "협의이혼의사 확인서" in page.event_label.text()
    fill(qtbot, page.people["spouse1"].name, "오성훈")
    fill(qtbot, page.people["spouse1"].rrn.edit, rrn("800101-1"))
    fill(qtbot, page.people["spouse2"].name, "윤지혜")
    fill(qtbot, page.people["spouse2"].rrn.edit, rrn("820202-2"))
    fill(qtbot, page.event_edit, (TODAY - timedelta(days=120)).strftime("%Y%m%d"))
    assert "수리 불가" in tab.assessment.text() and "효력을 잃었습니다" in tab.assessment.text()
    fill(qtbot, page.court, "서울가정법원")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)

    box = error_box(qtbot, tab)
    assert "효력을 잃었습니다" in box.text() and "다시 신청" in box.text()
    box.close()
    assert page.people["spouse1"].name.text() == "오성훈" and page.court.text() == "서울가정법원"
    assert tab.model.rowCount() == 0
    assert fam.list_filings(ctx.uow(), ctx.actor) == []


def test_every_field_of_every_form_is_reached_with_tab(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit

    _, _, tab = open_tab(qtbot, ui_factory)
    for index in range(tab.kind.count()):
        tab.kind.setCurrentIndex(index)
        tab.kind.setFocus()
        page = tab.stack.currentWidget()
        fields = [
            w
            for w in page.findChildren(QWidget)
            if isinstance(w, (QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QAbstractButton))
            and not isinstance(w.parent(), (QAbstractSpinBox, QComboBox))  # their inner line edit
            and w.isEnabled()
            and w.isVisibleTo(tab)
            and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        ]
        seen = set()
        for _ in range(80):
            qtbot.keyClick(focused(), Qt.Key.Key_Tab)
            seen.add(focused())
            if focused() is tab.save_button:
                break
        missing = [w for w in fields if w not in seen and not any(w.isAncestorOf(s) for s in seen)]
        assert missing == [], f"{tab.kind.currentText()}: not reached by Tab: {missing}"


def test_processing_queues_the_sms_and_the_tab_shows_its_state(qtbot, ui_factory, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    _, ctx, tab = open_tab(qtbot, ui_factory)
    for i, consent in enumerate((True, False)):
        fam.file_filing(
            ctx.uow(),
            ctx.actor,
            fam.FilingInput(
                kind="death",
                event_date=TODAY - timedelta(days=2),
                persons={"deceased": fam.PersonInput(f"고인{i}", rrn("400305-2", f"1234{i}"))},
                filer_relation="cohabiting_relative",
                filer=fam.PersonInput("이영수", rrn("700101-1")),
                details={"death_date": TODAY - timedelta(days=2), "death_place": "자택", "proof": "진단서"},
                sms_consent=consent,
                sms_phone="010-9999-0000" if consent else "",
            ),
        )
    tab.refresh()
    assert tab.model.rowCount() == 2
    qtmodeltester.check(tab.model)
    tab.table.selectRow(1)  # the older one, with consent
    assert tab.current is not None and tab.current.sms_consent
    assert tab.process_button.isEnabled()
    qtbot.keyClick(tab.table, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: tab.current is not None and tab.current.status == "processed")
    assert "문자" in tab.status.text()
    assert tab.messages.rowCount() == 1
    qtmodeltester.check(tab.messages)
    assert tab.messages.data(tab.messages.index(0, 0)) == "대기"
    assert not tab.process_button.isEnabled()

    class Ok:
        def send(self, batch_id, messages):  # type: ignore[no-untyped-def]
            return {m.uuid: None for m in messages}

    outbox.deliver_pending(ctx.app.db, Ok())
    tab.load_messages()
    assert tab.messages.data(tab.messages.index(0, 0)) == "전송 완료"

    tab.table.selectRow(0)
    tab.refuse_reason.setFocus()
    type_text(qtbot, "진단서 미첨부")
    qtbot.keyClick(tab.refuse_reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.current is not None and tab.current.status == "refused")
    assert tab.messages.rowCount() == 0  # no consent, no message


def test_list_filters_and_search(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    _, ctx, tab = open_tab(qtbot, ui_factory)
    for name in ("김하나", "박두리"):
        fam.file_filing(
            ctx.uow(),
            ctx.actor,
            fam.FilingInput(
                kind="correction",
                event_date=TODAY,
                persons={"person": fam.PersonInput(name)},
                filer_relation="self",
                details={"description": "출생연월일 정정 (법원 허가)"},
            ),
        )
    tab.refresh()
    assert tab.model.rowCount() == 2
    tab.search.setFocus()
    type_text(qtbot, "박두리")
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    assert [v.subject_name for v in tab.model.rows] == ["박두리"]
    tab.search.clear()
    type_text(qtbot, f"가족-{TODAY.year}-000001")
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    assert [v.subject_name for v in tab.model.rows] == ["김하나"]
    tab.search.clear()
    tab.filter_status.setCurrentIndex(tab.filter_status.findData("processed"))
    assert tab.model.rowCount() == 0
    tab.filter_status.setCurrentIndex(0)
    tab.filter_kind.setCurrentIndex(tab.filter_kind.findData("birth"))
    assert tab.model.rowCount() == 0
    tab.filter_kind.setCurrentIndex(tab.filter_kind.findData("correction"))
    assert tab.model.rowCount() == 2


def _file_birth(ctx) -> fam.FilingView:  # type: ignore[no-untyped-def]
    return fam.file_filing(
        ctx.uow(),
        ctx.actor,
        fam.FilingInput(
            kind="birth",
            event_date=TODAY - timedelta(days=1),
            persons={
                "mother": fam.PersonInput("김영희", rrn("900101-2")),
                "father": fam.PersonInput("홍철수", rrn("880202-1")),
            },
            filer_relation="mother",
            details={
                "child_surname": "홍",
                "child_given": "길동",
                "sex": "남",
                "birth_time": "09:30",
                "birth_place": "병원",
                "certificate_attached": True,
                "birth_order": 1,
            },
        ),
    )


def test_ctrl_b_opens_welfare_with_the_household(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx, tab = open_tab(qtbot, ui_factory)
    assert "Ctrl+B" in tab.welfare_button.toolTip()
    _file_birth(ctx)
    tab.refresh()
    tab.table.selectRow(0)
    received = []
    welfare = window.pages["welfare"]
    welfare.prefill_household = received.append  # what the 복지 tab offers
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is welfare
    assert len(received) == 1
    household = received[0]
    event = household.event if not isinstance(household, dict) else None
    assert event is not None and event.kind == "출생" and event.birth_order == 1
    assert household.people[0].name == "홍길동" and household.people[0].relation == "자녀"


def test_ctrl_b_fills_the_real_welfare_tab_and_it_answers_at_once(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    # End to end, nothing stubbed: the 복지 조회 tab itself shows the household and its answers.
    window, ctx, tab = open_tab(qtbot, ui_factory)
    _file_birth(ctx)
    tab.refresh()
    tab.table.selectRow(0)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    welfare = window.pages["welfare"]
    assert window.tabs.currentWidget() is welfare
    rows = [(r.name, r.relation, r.birth) for r in welfare.household.rows]
    assert rows == [
        ("홍길동", "자녀", (TODAY - timedelta(days=1)).isoformat()),
        ("김영희", "모", "1990-01-01"),
        ("홍철수", "부", "1988-02-02"),
    ]
    assert welfare.event_kind.currentText() == "출생" and welfare.birth_order.value() == 1
    voucher = next(a for a in welfare.answers.rows if a.code == "first_meeting_voucher")
    assert (voucher.verdict, voucher.amount) == ("대상", 2_000_000)
    shown = " ".join(
        str(welfare.household.index(r, c).data())
        for r in range(welfare.household.rowCount())
        for c in range(welfare.household.columnCount())
    )
    assert "900101-2" not in shown and "880202-1" not in shown  # birth dates only, never the numbers


def test_ctrl_b_without_a_prefill_just_switches_and_ctrl_p_reprints(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx, tab = open_tab(qtbot, ui_factory)
    _file_birth(ctx)
    tab.refresh()
    tab.table.selectRow(0)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    first = tab.last_pdf
    assert Path(first).exists()
    qtbot.keyClick(tab.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert tab.last_pdf != first and Path(tab.last_pdf).exists()
    qtbot.keyClick(tab.table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.pages["welfare"]


def test_escape_clears_the_form(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    _, _, tab = open_tab(qtbot, ui_factory)
    page = tab.pages["birth"]
    fill(qtbot, page.surname, "홍")
    fill(qtbot, page.given, "길동")
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert page.surname.text() == "" and page.given.text() == ""


def test_a_date_that_does_not_exist_cannot_be_typed_and_an_empty_one_is_explained(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    # The one date field holds only real dates: 30 February cannot be typed into it. A date left empty is
    # explained when saving, and nothing is saved.
    _, ctx, tab = open_tab(qtbot, ui_factory)
    page = tab.pages["birth"]
    fill(qtbot, page.event_edit, "20260230")
    typed = page.event_edit.value()
    assert typed is not None and page.event_edit.text() == typed.isoformat() != "2026-02-30"
    page.event_edit.clear_value()
    assert page.event_edit.value() is None
    assert "출생일을 입력하면" in tab.assessment.text()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    box = error_box(qtbot, tab)
    assert "출생일" in box.text() and "입력하세요" in box.text()
    box.close()
    assert page.event_edit.value() is None
    assert fam.list_filings(ctx.uow(), ctx.actor) == []


@pytest.mark.parametrize("role", ["guide", "night", "admin"])
def test_roles_without_the_permission_see_no_form(qtbot, ui_factory, role) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory(role)
    tab = window.pages["family"]
    label = tab.findChild(QWidget, "familyNoPermission")
    assert label is not None and "접수할 수 없습니다" in label.text()
    assert not hasattr(tab, "kind")


def test_the_service_day_of_a_judgment_moves_the_deadline(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    # 가족관계등록법 제37조②: a judgment final before service counts from the day of service. The row is
    # there for 재판·조정 이혼 only, not for 협의이혼.
    window, _, tab = open_tab(qtbot, ui_factory)
    choose_kind(qtbot, tab, "협의이혼")
    page = tab.pages["divorce"]
    assert page.served_edit is not None and not page.served_edit.isVisibleTo(page)
    choose_kind(qtbot, tab, "재판·조정 이혼")
    assert page.served_edit.isVisibleTo(page)
    final = TODAY - timedelta(days=40)
    fill(qtbot, page.event_edit, final.strftime("%Y%m%d"))
    assert "지연" in tab.assessment.text()
    served = TODAY - timedelta(days=5)
    fill(qtbot, page.served_edit, served.strftime("%Y%m%d"))
    expected = fam.preview_assessment("divorce_judicial", final, served_on=served)
    assert expected.days_late == 0 and "기한 내" in tab.assessment.text()
    assert f"기한 {expected.deadline:%Y-%m-%d}" in tab.assessment.text()
    window.grab().save("/tmp/h1_served_on.png")
