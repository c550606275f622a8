"""관리 tab: the access log review and export, users and roles, the data tables in force."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt

from app.services import auth
from tests.ui.keys import type_text


def test_supervisor_reviews_and_exports_the_access_log(qtbot, ui_factory, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("supervisor")
    page = window.show_tab("admin").audit_page
    assert page is not None
    assert window.show_tab("admin").users_page is None  # supervisors do not manage users
    page.username.setText(ctx.actor.username)
    qtbot.keyClick(page.username, Qt.Key.Key_Return)  # the first review is logged, so the second finds it
    qtbot.keyClick(page.username, Qt.Key.Key_Return)
    qtmodeltester.check(page.model)
    assert page.model.rowCount() >= 1
    assert all(row.username == ctx.actor.username for row in page.model.rows)
    page.export_button.click()
    exported: Path = page.last_export
    with exported.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:4] == ["일시", "사용자", "단말", "행위"]
    assert any(r[1] == ctx.actor.username and r[3] == "접속기록 조회" for r in rows[1:])


def test_admin_creates_a_user_with_the_keyboard(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("admin")
    page = window.show_tab("admin").users_page
    assert page is not None
    qtbot.keyClicks(page.new_username, "new.clerk")
    type_text(page.new_name, "신규직원")
    page.new_role.setCurrentIndex(page.new_role.findData("clerk"))
    qtbot.keyClicks(page.new_password, "short")
    qtbot.keyClick(page.new_password, Qt.Key.Key_Return)
    assert "8자" in page.message.text()
    assert page.new_username.text() == "new.clerk"  # the form keeps what was typed
    page.new_password.clear()
    qtbot.keyClicks(page.new_password, "counter-2026")
    qtbot.keyClick(page.new_password, Qt.Key.Key_Return)
    assert "등록했습니다" in page.message.text()
    assert "new.clerk" in [u.username for u in page.model.rows]
    actor = auth.sign_in(ctx.uow(), username="new.clerk", password="counter-2026", terminal_id=None, terminal_code="t")
    assert actor.role == "clerk"


def test_clerk_sees_only_the_data_tables(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk")
    tab = window.show_tab("admin")
    assert tab.audit_page is None and tab.users_page is None
    # ... and the receipt look-up (issue 13): a clerk takes fees, so a clerk checks receipts.
    # ... and 설정 with this counter's own settings only (issue 15, ui/tabs/admin_settings.py).
    assert [tab.pages.tabText(i) for i in range(tab.pages.count())] == ["자료표 (Ctrl+1)", "영수증 확인 (Ctrl+2)", "설정 (Ctrl+3)"]


def test_idle_lock_hides_the_work_and_keeps_what_was_typed(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("admin", password="admin-pass-1")
    page = window.show_tab("admin").users_page
    type_text(page.new_name, "입력 중인 이름")
    window.lock_screen()
    assert window.locked and not window.tabs.isVisible()
    dialog = window.lock_dialog
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert window.locked  # Esc does not unlock
    qtbot.keyClicks(dialog.password, "wrong-pass-1")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert window.locked and "맞지 않습니다" in dialog.message.text()
    qtbot.keyClicks(dialog.password, "admin-pass-1")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert not window.locked and window.tabs.isVisible()
    assert page.new_name.text() == "입력 중인 이름"


def test_idle_timer_locks_after_the_configured_time(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk")
    assert window.idle_msecs == 5 * 60_000  # default: 5 minutes
    window.idle_msecs = 50
    window._idle.start(50)
    qtbot.waitUntil(lambda: window.locked, timeout=2000)


def test_lock_hides_open_dialogs_and_f12_locks_now(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk", password="clerk-pass-1")
    dialog = window.open_applicant_lookup()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.name, Qt.Key.Key_F12)  # pressed while working in the dialog
    assert window.locked and not dialog.isVisible()
    qtbot.keyClicks(window.lock_dialog.password, "clerk-pass-1")
    qtbot.keyClick(window.lock_dialog.password, Qt.Key.Key_Return)
    assert not window.locked and dialog.isVisible()


def test_data_tables_show_every_dated_figure(qtbot, ui_factory, qtmodeltester, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Issue 14: each changed figure with its source and effective date, the ended and future entries too.
    from datetime import datetime

    from app.domain.calendar import SEOUL
    from ui.tabs.admin import TablesPage

    window, _ = ui_factory("clerk")
    tab = window.show_tab("admin")
    page = tab.pages.widget(0)
    assert isinstance(page, TablesPage)
    page.clock = lambda: datetime(2026, 3, 1, 8, 59, tzinfo=SEOUL)
    page.refresh()
    qtmodeltester.check(page.model)
    headers = [page.model.headerData(i, Qt.Orientation.Horizontal) for i in range(page.model.columnCount())]
    assert headers == ["파일", "구분", "항목", "시행", "종료", "현재 적용", "확인", "내용", "근거"]
    rows = page.model.rows
    fees = {r.name: r for r in rows if r.file == "passport_fees.toml" and r.section == "tables"}
    old, new = fees["여권 수수료 (2024-07-01 시행)"], fees["여권 수수료 (2026-03-01 시행)"]
    assert (old.valid_to, old.in_force) == ("2026-03-01 09:00 전까지", True)  # 08:59: still the old table
    assert (new.valid_from, new.in_force) == ("2026-03-01 09:00부터", False)
    assert "52,000원" in new.figure_detail and "잔여유효기간 부여 여권 27,000원" in new.figure_detail
    page.clock = lambda: datetime(2026, 3, 1, 9, 0, tzinfo=SEOUL)
    page.refresh()
    fees = {r.name: r for r in page.model.rows if r.file == "passport_fees.toml" and r.section == "tables"}
    assert fees["여권 수수료 (2026-03-01 시행)"].in_force and not fees["여권 수수료 (2024-07-01 시행)"].in_force
    allowance = [
        r for r in page.model.rows if r.file == "benefits.toml" and r.section == "benefits" and r.name == "아동수당"
    ]
    assert [r.valid_from for r in allowance] == [
        "2019-09-01", "2022-04-01", "2026-01-01", "2027-01-01", "2028-01-01", "2029-01-01", "2030-01-01"
    ]
    assert [r.in_force for r in allowance] == [False, False, True, False, False, False, False]
    assert all("제21489호" in r.source for r in allowance[2:])
    assert "만 13세 미만" in allowance[-1].figure
    seal = [r for r in page.model.rows if r.name == "인감증명서"]
    assert [r.valid_from for r in seal] == ["2022-01-01", "2024-09-30"]
    assert "온라인(정부24) 0원 (미확인)" in seal[1].figure
    assert any(r.name.startswith("건축신고 (심의") and r.figure == "처리기간 20일" for r in page.model.rows)
    # the column with the figure is shown, its full text in the tooltip
    column = headers.index("내용")
    index = page.model.index(page.model.rows.index(allowance[2]), column)
    assert page.model.data(index, Qt.ItemDataRole.ToolTipRole) == allowance[2].figure_detail
    page.only_unverified.setChecked(True)
    assert page.model.rows and all(not r.verified for r in page.model.rows)
    assert any("5년 미만" in r.name for r in page.model.rows)
    page.only_unverified.setChecked(False)
    window.resize(1400, 800)
    page.grab().save(str(tmp_path / "datatables.png"))
