"""관리 › 백업 and the daily backup of the main window (issue 15)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtWidgets import QMessageBox

from app.domain.calendar import SEOUL
from app.services import backup, receipts
from db.models import Receipt

LINE = receipts.LineInput("resident_copy", "주민등록표 등본", 1, 400)


def _open_page(window):  # type: ignore[no-untyped-def]
    """관리 › 백업, as the user opens it."""
    tab = window.show_tab("admin")
    assert tab.backup_page is not None
    tab.pages.setCurrentWidget(tab.backup_page)
    return tab.backup_page


def _receipts(ctx) -> list[int]:  # type: ignore[no-untyped-def]
    with ctx.app.db.uow() as uow:
        return list(uow.session.scalars(sa.select(Receipt.id).order_by(Receipt.id)))


def test_a_clerk_has_no_backup_page(ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("clerk")
    assert window.show_tab("admin").backup_page is None


def test_a_supervisor_backs_up_now_but_neither_sets_nor_restores(ui_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("supervisor")
    page = _open_page(window)
    assert page is not None and page.plan is not None and page.plan.kind == "sqlite"
    assert page.sqlite_box.isVisible() and not page.postgres_note.isVisible()
    assert not page.save_button.isEnabled() and not page.folder.isEnabled()
    assert not page.restore_button.isVisible()
    assert page.model.rowCount() == 0
    page.backup_button.click()
    assert page.result.text().startswith("백업했습니다") and "검사 정상" in page.result.text()
    assert page.model.rowCount() == 1 and page.backup_button.isEnabled()
    copy = page.model.row_at(0)
    assert copy.path.parent == tmp_path / "data" / "backups"
    # The default folder is beside the database: the page says that a dead disk takes both.
    assert page.warning.isVisible() and "같은 디스크" in page.warning.text()


def test_an_admin_sets_the_folder_backs_up_and_restores_after_a_confirmation(  # type: ignore[no-untyped-def]
    ui_factory, make_actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, ctx = ui_factory("admin")
    clerk = make_actor("clerk")
    page = _open_page(window)
    assert page is not None
    folder = tmp_path / "usb" / "민원백업"
    page.folder.setText(str(folder))
    page.daily_at.setText("7시")
    page.save_button.click()
    assert "HH:MM" in page.result.text()  # refused in the page, the typing kept
    assert page.folder.text() == str(folder)
    page.daily_at.setText("07:30")
    page.keep.setValue(5)
    page.save_button.click()
    assert page.result.text() == "백업 설정을 저장했습니다."
    assert ctx.app.settings.get("backup_dir") == str(folder) and ctx.app.settings.get("backup_keep") == 5

    earlier = receipts.issue_receipt(ctx.app.db.uow(), clerk, lines=[LINE], payment_method="현금").id
    page.backup_button.click()
    assert page.model.rowCount() == 1 and page.model.row_at(0).path.parent == folder
    later = receipts.issue_receipt(ctx.app.db.uow(), clerk, lines=[LINE], payment_method="현금").id
    assert _receipts(ctx) == [earlier, later]

    page.restore_button.click()
    assert page.result.text() == "복원할 백업을 목록에서 고르세요."
    page.table.selectRow(0)
    asked: list[str] = []
    monkeypatch.setattr(page, "confirm_restore", lambda copy: asked.append(copy.name) or False)
    page.restore_button.click()
    assert asked and _receipts(ctx) == [earlier, later]  # "No": nothing happened

    restarted: list[backup.RestoreResult] = []
    monkeypatch.setattr(page, "confirm_restore", lambda copy: True)
    page.ask_restart = restarted.append
    page.restore_button.click()
    assert _receipts(ctx) == [earlier]
    assert len(restarted) == 1 and restarted[0].kept_as.exists()
    assert "다시 시작하세요" in page.result.text()


def test_after_a_restore_the_program_asks_to_start_again_and_closes(ui_factory, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("admin")
    page = _open_page(window)
    result = backup.RestoreResult(tmp_path / "minwon-20261202-090000.sqlite", tmp_path / "x.before-restore", ())
    page._ask_restart(result)
    box = page.findChild(QMessageBox, "restoreDoneBox")
    assert box is not None and "다시 시작하세요" in box.text()
    box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not window.isVisible())


def test_a_counter_on_a_network_database_is_told_how_the_server_is_backed_up(ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("admin")
    page = _open_page(window)
    page._show(backup.BackupPlan("postgresql", None, Path("/x"), None, 14, False, (), ""))
    assert page.postgres_note.isVisible() and not page.sqlite_box.isVisible()
    assert "pg_dump" in page.postgres_note.text() and "docs/backup.md" in page.postgres_note.text()


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=SEOUL)


def test_the_main_window_makes_the_daily_backup_once_at_its_time(ui_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")  # whoever is signed in
    daily = window.daily_backup
    assert daily.enabled and daily.timer.isActive()
    ctx.app.settings.set("backup_time", "18:00")
    folder = tmp_path / "data" / "backups"
    for moment in (_at(2, 17, 59), _at(2, 18, 0), _at(2, 18, 1), _at(2, 23, 0), _at(3, 9, 0), _at(3, 17, 0)):
        daily.tick(moment)
    # No backup yet: the first check catches up at once; then one at 18:00, and nothing until the next 18:00.
    names = [c.name for c in backup.list_backups(folder, "test")]
    assert names == ["test-20261202-180000.sqlite", "test-20261202-175900.sqlite"]
    assert window.statusBar().currentMessage() == "자동 백업 완료: test-20261202-180000.sqlite"
    daily.tick(_at(3, 18, 0))
    assert len(backup.list_backups(folder, "test")) == 3
    window.close()
    assert not daily.timer.isActive()


@pytest.mark.allow_log("ui.tabs.admin_backup")
def test_a_failed_daily_backup_shows_in_the_status_bar_and_is_tried_again_later(ui_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    daily = window.daily_backup
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x", encoding="utf-8")
    ctx.app.settings.set("backup_dir", str(blocked))
    daily.tick(_at(2, 18, 0))
    assert daily.failed_at == _at(2, 18, 0) and not daily.running
    assert window.statusBar().currentMessage().startswith("자동 백업 실패: 백업 폴더 자리에")
    good = tmp_path / "usb"
    ctx.app.settings.set("backup_dir", str(good))
    daily.tick(_at(2, 18, 5))  # too soon after the failure
    assert backup.list_backups(good, "test") == []
    daily.tick(_at(2, 18, 15))
    assert len(backup.list_backups(good, "test")) == 1 and daily.failed_at is None


def test_the_backup_runs_on_the_io_worker_and_its_answer_comes_back_to_the_page(  # type: ignore[no-untyped-def]
    qtbot, sqlite_ctx, make_actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from tests.ui.threaded import run_and_wait, threaded_window

    window, ctx = threaded_window(qtbot, sqlite_ctx, make_actor("supervisor"))
    page = _open_page(window)
    threads: list[str] = []
    real = backup.make_backup

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(backup, "make_backup", recording)
    run_and_wait(qtbot, ctx, page.backup_button.click)
    assert threads and threads[0] != threading.main_thread().name
    assert page.result.text().startswith("백업했습니다") and page.model.rowCount() == 1
    # The daily check goes to the same worker: the GUI thread never looks at the backup folder.
    # (not due today: the manual backup was just made after today's 00:00; due tomorrow)
    ctx.app.settings.set("backup_time", "00:00")
    made_at = page.model.row_at(0).made_at
    run_and_wait(qtbot, ctx, lambda: window.daily_backup.tick(made_at + timedelta(seconds=1)))
    assert len(threads) == 1
    tomorrow = made_at + timedelta(days=1, seconds=1)
    run_and_wait(qtbot, ctx, lambda: window.daily_backup.tick(tomorrow))
    assert len(threads) == 2 and threads[1] != threading.main_thread().name
    assert window.statusBar().currentMessage().startswith("자동 백업 완료")
