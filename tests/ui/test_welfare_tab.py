"""복지 조회 tab: driven with the keyboard; answers as you type, the reasons, prefill from a filing, print."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from app.domain.benefits import Household, LifeEvent, Person
from app.domain.calendar import seoul_today
from db.models import AuditEntry, Base
from tests.ui.keys import type_text
from ui.tabs.welfare import WelfareTab
from ui.tabs.welfare_household import parse_birth_date


def _focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _tab(qtbot, key: Qt.Key = Qt.Key.Key_Tab) -> QWidget:
    qtbot.keyClick(_focus(), key)
    return _focus()


def _until_edited(qtbot, tab: WelfareTab) -> None:
    """Enter commits a cell on the next turn of the event loop (the delegate queues it)."""
    qtbot.waitUntil(lambda: tab.people_table.state() != QAbstractItemView.State.EditingState)


def _answer(tab: WelfareTab, code: str):
    return next((a for a in tab.answers.rows if a.code == code), None)


def _row_counts(ctx) -> dict[str, int]:
    with ctx.app.db.uow() as uow:
        return {
            t.name: uow.session.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables
        }


def _open(qtbot, ui_factory, role: str):
    window, ctx = ui_factory(role)
    qtbot.keyClick(window, Qt.Key.Key_F4)
    tab = window.tabs.currentWidget()
    assert isinstance(tab, WelfareTab)
    return window, ctx, tab


def _enter_third_child_birth(qtbot, tab: WelfareTab, *, audience_steps: int) -> None:
    """Audience, event 출생 셋째, and the mother (a member of staff), all with the keyboard."""
    tab.audience.setFocus(Qt.FocusReason.TabFocusReason)
    for _ in range(audience_steps):
        qtbot.keyClick(tab.audience, Qt.Key.Key_Down)
    assert _tab(qtbot) is tab.on_date
    assert _tab(qtbot) is tab.words
    assert _tab(qtbot) is tab.event_kind
    qtbot.keyClick(tab.event_kind, Qt.Key.Key_Down)
    assert tab.event_kind.currentText() == "출생"
    assert _tab(qtbot) is tab.event_date
    assert _tab(qtbot) is tab.birth_order  # the school level is skipped: it is for 입학 only
    qtbot.keyClicks(tab.birth_order, "3")
    assert tab.birth_order.value() == 3
    assert _tab(qtbot) is tab.event_person
    assert _tab(qtbot) is tab.event_only
    assert _tab(qtbot) is tab.people_table
    # Ctrl+Enter adds a person and opens the name cell; Tab walks the cells.
    qtbot.keyClick(tab.people_table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    type_text(_focus(), "이엄마")
    qtbot.keyClick(_focus(), Qt.Key.Key_Tab)
    qtbot.keyClicks(_focus(), "19900101")
    qtbot.keyClick(_focus(), Qt.Key.Key_Tab)
    type_text(_focus(), "모")
    for _ in range(5):  # relation -> 수급자 -> 한부모 -> 장애 -> 다자녀 -> 직원
        qtbot.keyClick(_focus(), Qt.Key.Key_Tab)
    assert _focus() is tab.people_table and tab.people_table.currentIndex().column() == 7
    qtbot.keyClick(tab.people_table, Qt.Key.Key_Space)
    row = tab.household.rows[0]
    assert (row.name, row.birth, row.relation, row.flags) == ("이엄마", "19900101", "모", {"직원"})


def test_third_child_birth_with_the_keyboard(qtbot, ui_factory) -> None:
    _, _, tab = _open(qtbot, ui_factory, "clerk")
    _enter_third_child_birth(qtbot, tab, audience_steps=2)  # 주민 -> 직원 -> 전체
    assert tab.audience.currentData() == "전체"
    qtbot.waitUntil(lambda: getattr(_answer(tab, "staff_birth_gift"), "verdict", "") == "대상")
    voucher, gift = _answer(tab, "first_meeting_voucher"), _answer(tab, "staff_birth_gift")
    assert (voucher.verdict, voucher.amount) == ("대상", 3_000_000)
    assert (gift.verdict, gift.amount) == ("대상", 1_000_000)
    assert tab.last_lookup_ms < 50  # fast enough for the GUI thread
    # Leave the table with Tab and walk the answers with the arrow keys; the detail shows the why.
    assert _tab(qtbot) == tab.answers_table
    tab.answers_table.setCurrentIndex(tab.answers.index(0, 0))
    for _ in range(tab.answers.rows.index(gift)):
        qtbot.keyClick(tab.answers_table, Qt.Key.Key_Down)
    detail = tab.detail.toPlainText()
    assert "출산축하금" in detail and "1,000,000원" in detail and "셋째" in detail
    assert "판단 이유" in detail and "신청" in detail
    table_text = [tab.answers.data(tab.answers.index(r, 3)) for r in range(tab.answers.rowCount())]
    assert "3,000,000원" in table_text and "1,000,000원" in table_text
    verdict_colour = tab.answers.data(tab.answers.index(0, 0), Qt.ItemDataRole.BackgroundRole)
    assert verdict_colour.color().name() == "#c8e6c9"  # 대상 in green
    # The reasons of the voucher name the rule that set the amount.
    assert any("둘째 이상" in reason for reason in voucher.reasons)


def test_staff_audience_without_household(qtbot, ui_factory) -> None:
    _, _, tab = _open(qtbot, ui_factory, "clerk")
    tab.audience.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(tab.audience, Qt.Key.Key_Down)  # 직원
    tab.event_kind.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(tab.event_kind, Qt.Key.Key_Down)
    tab.birth_order.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(tab.birth_order, "3")
    qtbot.waitUntil(lambda: _answer(tab, "staff_birth_gift") is not None)
    gift = _answer(tab, "staff_birth_gift")
    assert (gift.verdict, gift.amount) == ("대상", 1_000_000)
    assert _answer(tab, "first_meeting_voucher") is None  # 직원 only
    assert all(a.audience == "직원" for a in tab.answers.rows)


def test_answers_as_you_type_and_unverified_flagged(qtbot, ui_factory, qtmodeltester) -> None:
    _, _, tab = _open(qtbot, ui_factory, "guide")
    tab.words.setFocus(Qt.FocusReason.TabFocusReason)
    type_text(tab.words, "양육수당")
    qtbot.waitUntil(lambda: [a.code for a in tab.answers.rows] == ["home_care_allowance"])
    assert tab.answers.data(tab.answers.index(0, 4)) == "※ 미확인"
    assert "확인되지 않은 자료" in tab.detail.toPlainText()
    qtbot.keyClick(tab.words, Qt.Key.Key_Escape)  # Esc clears the search
    assert tab.words.text() == ""
    qtbot.waitUntil(lambda: tab.answers.rowCount() > 5)
    qtmodeltester.check(tab.answers)
    qtmodeltester.check(tab.household)


def test_bad_birth_date_says_what_to_fix_and_keeps_the_row(qtbot, ui_factory) -> None:
    _, _, tab = _open(qtbot, ui_factory, "clerk")
    tab.people_table.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(tab.people_table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(_focus(), "kim")
    qtbot.keyClick(_focus(), Qt.Key.Key_Tab)
    qtbot.keyClicks(_focus(), "2020-13-40")
    qtbot.keyClick(_focus(), Qt.Key.Key_Return)
    _until_edited(qtbot, tab)
    qtbot.waitUntil(lambda: "생년월일" in tab.message.text())
    assert "1번째 사람" in tab.message.text() and tab.answers.rowCount() == 0
    assert tab.household.rows[0].birth == "2020-13-40"  # kept as typed
    bad = tab.household.index(0, 1)
    assert tab.household.data(bad, Qt.ItemDataRole.BackgroundRole) is not None
    assert tab.household.data(bad) == "2020-13-40 (확인)"  # said in text, not by colour alone
    assert tab.household.data(bad, Qt.ItemDataRole.EditRole) == "2020-13-40"
    tab.household.setData(bad, "2020-12-31")
    qtbot.waitUntil(lambda: tab.answers.rowCount() > 0)
    assert tab.message.text() == ""


def test_delete_removes_the_person_and_tab_leaves_the_table(qtbot, ui_factory) -> None:
    _, _, tab = _open(qtbot, ui_factory, "clerk")
    tab.people_table.setFocus(Qt.FocusReason.TabFocusReason)
    for name in ("a", "b"):
        qtbot.keyClick(_focus(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(_focus(), name)
        qtbot.keyClick(_focus(), Qt.Key.Key_Return)
        _until_edited(qtbot, tab)
    assert [r.name for r in tab.household.rows] == ["a", "b"]
    assert [r.relation for r in tab.household.rows] == ["본인", "자녀"]
    assert _focus() == tab.people_table
    qtbot.keyClick(tab.people_table, Qt.Key.Key_Delete)
    assert [r.name for r in tab.household.rows] == ["a"]
    # Shift+Tab from the first cell goes back to the event fields; Tab from the last cell to the answers.
    tab.people_table.setCurrentIndex(tab.household.index(0, 0))
    assert _tab(qtbot, Qt.Key.Key_Backtab) is not tab.people_table
    tab.people_table.setFocus(Qt.FocusReason.TabFocusReason)
    tab.people_table.setCurrentIndex(tab.household.index(0, tab.household.columnCount() - 1))
    assert _tab(qtbot) == tab.answers_table


def test_prefill_from_a_birth_filing(qtbot, ui_factory) -> None:
    window, _, _ = _open(qtbot, ui_factory, "clerk")
    born = seoul_today()
    household = Household(
        people=(
            Person("박하늘", born, "자녀"),
            Person("최엄마", date(1992, 3, 4), "모"),
            Person("박아빠", date(1990, 7, 8), "부"),
        ),
        event=LifeEvent("출생", born, birth_order=2, person_name="박하늘"),
        flags=frozenset({"수급자"}),
    )
    window.show_tab("stats")
    tab = window.show_tab("welfare")
    tab.prefill_household(household)  # what 가족관계등록 calls after a filing
    assert window.tabs.currentWidget() is tab
    assert tab.event_kind.currentText() == "출생" and tab.birth_order.value() == 2
    assert tab.event_person.currentText() == "박하늘"
    assert [r.name for r in tab.household.rows] == ["박하늘", "최엄마", "박아빠"]
    assert tab.household.rows[0].birth == born.isoformat()
    assert tab.household.rows[1].flags == {"수급자"}  # the household's flag on a parent, not the child
    voucher = _answer(tab, "first_meeting_voucher")  # shown at once, no waiting for the timer
    assert voucher is not None and (voucher.verdict, voucher.amount) == ("대상", 3_000_000)
    assert tab.answers_table.currentIndex().row() == 0


def test_death_prefill_shows_safe_inheritance(qtbot, ui_factory) -> None:
    window, _, tab = _open(qtbot, ui_factory, "clerk")
    died = seoul_today()
    household = Household(
        people=(Person("고인", date(1940, 1, 1), "사망자"), Person("자녀", None, "본인")),
        event=LifeEvent("사망", died, person_name="고인"),
    )
    tab.prefill_household(household)
    inheritance = _answer(tab, "safe_inheritance")
    assert inheritance is not None and inheritance.verdict in ("대상", "확인 필요")
    assert inheritance.deadline is not None


def test_guide_looks_up_and_prints_and_only_the_print_is_logged(qtbot, ui_factory) -> None:
    _, ctx, tab = _open(qtbot, ui_factory, "guide")
    before = _row_counts(ctx)
    _enter_third_child_birth(qtbot, tab, audience_steps=2)
    qtbot.waitUntil(lambda: _answer(tab, "first_meeting_voucher") is not None)
    assert _row_counts(ctx) == before  # looking up writes nothing
    qtbot.keyClick(_focus(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert tab.last_pdf is not None and str(tab.last_pdf) in tab.message.text()
    reader = PdfReader(str(tab.last_pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text().replace("\n", "")
    assert "첫만남이용권" in text and "3,000,000원" in text and "출산축하금" in text and "1,000,000원" in text
    assert "이엄마" in text and "1990-01-01" not in text
    after = _row_counts(ctx)
    # The one print path: the intent (benefit.print) and its completion (print.done).
    assert {k: after[k] - before[k] for k in after if after[k] != before[k]} == {"audit_log": 2}
    with ctx.app.db.uow() as uow:
        entry = uow.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "benefit.print")).one()
        assert entry.username == ctx.actor.username and "이엄마" in entry.detail


def test_admin_sees_no_lookup(qtbot, ui_factory) -> None:
    window, _ = ui_factory("admin")
    page = window.show_tab("welfare")
    assert not isinstance(page, WelfareTab)
    assert "복지 조회를 할 수 없습니다" in page.findChild(QWidget, "welfareNoAccess").text()


def test_new_lookup_clears_and_defaults_to_today(qtbot, ui_factory) -> None:
    _, _, tab = _open(qtbot, ui_factory, "clerk")
    tab.words.setText("급식")
    tab.household.add_person()
    tab.words.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(tab.words, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert tab.words.text() == "" and tab.household.rowCount() == 0
    assert tab.on_date.date().toPython() == seoul_today()
    assert tab.event_kind.currentText() == "없음" and not tab.birth_order.isEnabled()


def test_parse_birth_date() -> None:
    assert parse_birth_date("") is None
    for text in ("2020-03-15", "20200315", "2020.3.15", "2020/03/15", "2020년 3월 15일"):
        assert parse_birth_date(text) == date(2020, 3, 15)
    for bad in ("2020-02-30", "15.03.2020", "어제"):
        try:
            parse_birth_date(bad)
        except ValueError as exc:
            assert "생년월일" in str(exc)
        else:
            raise AssertionError(bad)
