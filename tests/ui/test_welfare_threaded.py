"""복지 조회 with the task runner on its threads: a birth filed in 가족관계등록 (in the database), its household
opened here with Ctrl+B, the answers refreshed as the clerk types, and the answer sheet printed and logged."""

from __future__ import annotations

from datetime import timedelta

from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.domain.calendar import seoul_today
from db.models import AuditEntry
from db.models_family import FamilyFiling
from tests.ui.test_family_threaded import MOTHER, fill_birth
from tests.ui.threaded import run_and_wait, threaded_window
from ui.printing import PreviewDialog

TODAY = seoul_today()


def _codes(tab) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.code for a in tab.answers.rows]


def test_a_filed_birth_is_looked_up_refreshed_and_printed_on_the_worker(qtbot, sqlite_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    window, ctx = threaded_window(qtbot, sqlite_ctx, make_actor("clerk"))
    family = window.show_tab("family")
    fill_birth(family)
    run_and_wait(qtbot, ctx, family.save)  # the filing, its list refresh and its guidance sheet
    with sqlite_ctx.db.uow() as uow:
        assert uow.session.scalars(select(FamilyFiling.subject_name)).one() == "홍길동"
    # The guidance sheet opened in its preview; the clerk closes it (Esc) and goes on in the list.
    (preview,) = [d for d in window.findChildren(PreviewDialog) if d.isVisible()]
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    assert not preview.isVisible()
    window.activateWindow()  # as the window manager does when the dialog goes
    qtbot.waitUntil(window.isActiveWindow)
    family.table.selectRow(0)
    family.table.setFocus()
    qtbot.keyClick(family.table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)

    tab = window.pages["welfare"]
    assert window.tabs.currentWidget() is tab
    assert [r.name for r in tab.household.rows] == ["홍길동", "김영희", "홍철수"]
    assert tab.household.rows[0].birth == (TODAY - timedelta(days=2)).isoformat()
    voucher = next(a for a in tab.answers.rows if a.code == "first_meeting_voucher")
    assert (voucher.verdict, voucher.amount) == ("대상", 3_000_000)

    # The answers refresh as the clerk types (after the pause), and come back when the search is cleared.
    everything = _codes(tab)
    tab.words.setText("첫만남")
    qtbot.waitUntil(lambda: _codes(tab) == ["first_meeting_voucher"])
    tab.words.clear()
    qtbot.waitUntil(lambda: _codes(tab) == everything)

    # The sheet is written on the worker and logged through the one print path.
    run_and_wait(qtbot, ctx, tab.print_sheet)
    assert tab.last_pdf is not None and tab.last_pdf.exists() and str(tab.last_pdf) in tab.message.text()
    text = PdfReader(str(tab.last_pdf)).pages[0].extract_text().replace("\n", "")
    assert "첫만남이용권" in text and "3,000,000원" in text and "홍길동" in text
    assert MOTHER not in text and MOTHER[:6] not in text  # names and ages only, never a number
    with sqlite_ctx.db.uow() as uow:
        entries = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.record_type == "benefit_sheet").order_by(AuditEntry.id)
        ).all()
        logged = [(e.action, e.record_id) for e in entries]
    assert logged == [("benefit.print", tab.last_pdf.name), ("print.done", tab.last_pdf.name)]
