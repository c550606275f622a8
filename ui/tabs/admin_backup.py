"""관리 › 백업: back up the local database now, see and restore the copies, set the folder and the daily time;
and the daily backup while the program runs (``DailyBackup``, started by the main window).

Backups run on the ``io`` lane (files), the restore on the ``db`` lane (nothing else of this program touches
the database meanwhile). A counter on PostgreSQL is told how the server is backed up instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.calendar import SEOUL
from app.formatting import clock, date_time, number
from app.i18n import ntr
from app.services import backup
from ui import ops
from ui.context import UiContext
from ui.errors import message_for
from ui.i18n import tr
from ui.models import Column, RowsModel
from ui.widgets import counted_suffix, table_view

log = logging.getLogger(__name__)


def may_back_up(ctx: UiContext) -> bool:
    return ctx.actor.role in backup.BACKUP_ROLES


def _size(n: int) -> str:
    return f"{n / 1_048_576:,.1f} MB" if n >= 1_048_576 else f"{n / 1024:,.0f} KB"


class BackupPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("backupPage")
        self.plan: backup.BackupPlan | None = None
        # After a restore the program must start again; tests replace this.
        self.ask_restart: Callable[[backup.RestoreResult], object] = self._ask_restart
        layout = QVBoxLayout(self)
        self.postgres_note = QLabel(tr(backup.POSTGRES_TEXT))
        self.postgres_note.setObjectName("backupPostgres")
        self.postgres_note.setWordWrap(True)
        self.postgres_note.setVisible(False)
        layout.addWidget(self.postgres_note)

        self.sqlite_box = QWidget()
        local = QVBoxLayout(self.sqlite_box)
        local.setContentsMargins(0, 0, 0, 0)
        settings_box = QGroupBox(tr("백업 설정 (이 단말)"))
        form = QFormLayout(settings_box)
        self.source = QLabel()
        self.source.setObjectName("backupSource")
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(tr("데이터베이스 파일"), self.source)
        folder_row = QHBoxLayout()
        self.folder = QLineEdit()
        self.folder.setObjectName("backupFolder")
        self.folder.setPlaceholderText(tr("비우면 사용자 데이터 폴더의 backups (다른 디스크를 권장합니다)"))
        self.browse_button = QPushButton(tr("찾아보기…"))
        self.browse_button.setObjectName("backupBrowse")
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse_button)
        form.addRow(tr("백업 폴더"), folder_row)
        self.daily_at = QLineEdit()
        self.daily_at.setObjectName("backupTime")
        self.daily_at.setPlaceholderText(tr("HH:MM (비우면 자동 백업 안 함)"))
        self.daily_at.setMaximumWidth(160)
        form.addRow(tr("매일 자동 백업 시각"), self.daily_at)
        self.keep = QSpinBox()
        self.keep.setObjectName("backupKeep")
        self.keep.setRange(1, backup.KEEP_MAX)
        counted_suffix(self.keep, lambda n: ntr(" 개", " 개", n))
        self.keep.setMaximumWidth(160)
        form.addRow(tr("보관할 백업 수"), self.keep)
        self.save_button = QPushButton(tr("설정 저장"))
        self.save_button.setObjectName("backupSaveSettings")
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addStretch(1)
        form.addRow(save_row)
        self.warning = QLabel()
        self.warning.setObjectName("backupWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a4b00; font-weight: bold")
        form.addRow(self.warning)
        local.addWidget(settings_box)

        list_box = QGroupBox(tr("백업 목록 (최근 것이 위)"))
        list_layout = QVBoxLayout(list_box)
        self.summary = QLabel()
        self.summary.setObjectName("backupSummary")
        list_layout.addWidget(self.summary)
        self.model: RowsModel[backup.BackupCopy] = RowsModel(
            [
                Column(tr("만든 시각"), lambda c: clock(c.made_at)),
                Column(tr("크기"), lambda c: _size(c.size)),
                Column(tr("파일"), lambda c: c.name, tooltip=lambda c: str(c.path)),
            ]
        )
        self.table = table_view("backupTable", self.model)
        list_layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.backup_button = QPushButton(tr("지금 백업"))
        self.backup_button.setObjectName("backupNow")
        self.restore_button = QPushButton(tr("선택한 백업에서 복원…"))
        self.restore_button.setObjectName("backupRestore")
        self.refresh_button = QPushButton(tr("새로 고침"))
        self.refresh_button.setObjectName("backupRefresh")
        for button in (self.backup_button, self.restore_button, self.refresh_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        list_layout.addLayout(buttons)
        local.addWidget(list_box, 1)
        layout.addWidget(self.sqlite_box, 1)

        self.result = QLabel()
        self.result.setObjectName("backupResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result)

        admin = ctx.can("office.setup")
        for widget in (self.folder, self.browse_button, self.daily_at, self.keep, self.save_button):
            widget.setEnabled(admin)
        self.restore_button.setVisible(admin)
        self.browse_button.clicked.connect(self.browse)
        self.save_button.clicked.connect(self.save_settings)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.refresh_button.clicked.connect(self.refresh)
        self._load_settings()
        self.refresh()

    def _load_settings(self) -> None:
        settings = self.ctx.app.settings
        self.folder.setText(str(settings.get("backup_dir")))
        self.daily_at.setText(str(settings.get("backup_time")))
        self.keep.setValue(backup.keep_count(settings))

    def refresh(self) -> None:
        ctx = self.ctx
        ops.run(self, ctx, lambda: backup.status(ctx.app.db, ctx.actor, ctx.app.settings), done=self._show)

    def _show(self, plan: backup.BackupPlan) -> None:
        self.plan = plan
        network = plan.kind != "sqlite"
        self.postgres_note.setVisible(network)
        self.sqlite_box.setVisible(not network)
        if network:
            return
        self.source.setText(str(plan.source))
        self.model.set_rows(list(plan.copies))
        warnings = []
        if plan.problem:
            warnings.append(tr(plan.problem))
        if plan.same_disk:
            warnings.append(
                tr(
                    "백업 폴더({folder})가 데이터베이스와 같은 디스크에 있습니다. "
                    "디스크가 고장 나면 백업도 함께 잃습니다: 다른 디스크(USB 저장장치, 네트워크 "
                    "드라이브)의 폴더를 고르세요.",
                    folder=plan.folder,
                )
            )
        if plan.daily_at is None and not plan.problem:
            warnings.append(tr("매일 자동 백업이 꺼져 있습니다."))
        self.warning.setText("\n".join(warnings))
        self.warning.setVisible(bool(warnings))
        daily = tr("매일 {time}", time=f"{plan.daily_at:%H:%M}") if plan.daily_at else tr("자동 백업 안 함")
        last = date_time(plan.copies[0].made_at) if plan.copies else tr("없음")
        self.summary.setText(
            tr(
                "{folder} · {daily} · {keep}개 보관 · 마지막 백업 {last}",
                folder=plan.folder,
                daily=daily,
                keep=number(plan.keep),
                last=last,
            )
        )

    def browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, tr("백업 폴더 고르기"), self.folder.text() or str(Path.home()))
        if chosen:
            self.folder.setText(chosen)

    def save_settings(self) -> None:
        ctx = self.ctx
        values = {"folder": self.folder.text(), "daily_at": self.daily_at.text(), "keep": self.keep.value()}

        def done(_: object) -> None:
            self.result.setText(tr("백업 설정을 저장했습니다."))
            self.refresh()

        def refused(exc: BaseException) -> None:
            self.result.setText(message_for(exc)[0])

        ops.run(
            self,
            ctx,
            lambda: backup.save_settings(ctx.app.settings, ctx.actor, ctx.app.db, **values),  # type: ignore[arg-type]
            done=done,
            refused=refused,
        )

    def back_up_now(self) -> None:
        ctx = self.ctx
        self.backup_button.setEnabled(False)
        self.result.setText(tr("백업하는 중입니다… (창구 업무는 계속할 수 있습니다)"))

        def done(made: backup.BackupResult) -> None:
            self.backup_button.setEnabled(True)
            text = tr(
                "백업했습니다: {path} ({size}, 검사 정상, {seconds}초)",
                path=made.copy.path,
                size=_size(made.copy.size),
                seconds=f"{made.seconds:.1f}",
            )
            if made.pruned:
                text += tr(" · 오래된 백업 {pruned}개를 지웠습니다.", pruned=number(len(made.pruned)))
            self.result.setText(text)
            self.refresh()

        def refused(exc: BaseException) -> None:
            self.backup_button.setEnabled(True)
            self.result.setText(message_for(exc)[0])

        ops.run(
            self,
            ctx,
            lambda: backup.make_backup(ctx.app.db, ctx.actor, settings=ctx.app.settings),
            done=done,
            refused=refused,
            lane="io",
        )

    def selected(self) -> backup.BackupCopy | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def confirm_restore(self, copy: backup.BackupCopy) -> bool:
        answer = QMessageBox.warning(
            self,
            tr("백업에서 복원"),
            tr(
                "{made_at}에 만든 백업으로 데이터베이스를 되돌립니다.\n그 뒤에 입력한 자료(영수증, 접수, 신고 등)는 이 "
                "데이터베이스에서 사라집니다. 지금 파일은 '…before-restore-<시각>' 으로 옆에 보관합니다.\n\n"
                "다른 창구 프로그램을 모두 닫고 하세요. "
                "복원이 끝나면 프로그램을 다시 시작해야 합니다. 복원할까요?",
                made_at=clock(copy.made_at),
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def restore_selected(self) -> None:
        copy = self.selected()
        if copy is None:
            self.result.setText(tr("복원할 백업을 목록에서 고르세요."))
            return
        if not self.confirm_restore(copy):
            return
        ctx = self.ctx

        def refused(exc: BaseException) -> None:
            self.result.setText(message_for(exc)[0])

        ops.run(
            self,
            ctx,
            lambda: backup.restore_backup(ctx.app.db, ctx.actor, settings=ctx.app.settings, copy=copy.path),
            done=self._restored,
            refused=refused,
        )

    def _restored(self, result: backup.RestoreResult) -> None:
        self.result.setText(
            tr(
                "{name} 에서 복원했습니다. 복원 전 파일: {kept_as}. 프로그램을 다시 시작하세요.",
                name=result.restored_from.name,
                kept_as=result.kept_as,
            )
        )
        self.ask_restart(result)

    def _ask_restart(self, result: backup.RestoreResult) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            tr("복원 완료"),
            tr(
                "{name} 에서 복원했습니다.\n복원 전 파일은 {kept_as} 에 있습니다.\n\n"
                "프로그램을 닫습니다. 다시 시작하세요.",
                name=result.restored_from.name,
                kept_as=result.kept_as,
            ),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("restoreDoneBox")
        window = self.window()
        box.finished.connect(lambda _: window.close() if isinstance(window, QMainWindow) else QApplication.quit())
        box.open()


class DailyBackup(QObject):
    """The daily backup of a local database while the program runs: checked every minute, run on ``io``.

    Whether it is due (``backup.backup_due``: once per day's set time, caught up after the PC was off) is
    decided on the I/O lane too, since it looks at the backup folder. A failure shows in the status bar and
    is tried again after ``backup.RETRY_AFTER``.
    """

    INTERVAL_MS = 60_000

    def __init__(self, window: QMainWindow, ctx: UiContext) -> None:
        super().__init__(window)
        self.main_window = window
        self.ctx = ctx
        self.running = False
        self.failed_at: datetime | None = None
        self.last: backup.BackupResult | None = None
        self.enabled = ctx.app.info.kind == "sqlite" and not ctx.app.office.demo
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        if self.enabled:
            self.timer.start(self.INTERVAL_MS)

    def stop(self) -> None:
        self.timer.stop()

    def tick(self, now: datetime | None = None) -> None:
        if not self.enabled or self.running:
            return
        ctx = self.ctx
        moment = now or datetime.now(SEOUL)
        failed_at = self.failed_at

        def check_and_run() -> backup.BackupResult | None:
            settings = ctx.app.settings
            at = backup.parse_daily_time(settings.get("backup_time"))
            last = backup.last_backup_at(settings, ctx.app.db)
            if not backup.backup_due(moment, at=at, last=last, failed_at=failed_at):
                return None
            return backup.make_backup(ctx.app.db, ctx.actor, settings=settings, now=moment, scheduled=True)

        self.running = True
        ctx.tasks.submit(check_and_run, on_done=self._done, on_error=lambda exc: self._failed(exc, moment), lane="io")

    def _done(self, made: backup.BackupResult | None) -> None:
        self.running = False
        if made is None:
            return
        self.failed_at = None
        self.last = made
        self.main_window.statusBar().showMessage(tr("자동 백업 완료: {name}", name=made.copy.name), 15_000)

    def _failed(self, exc: BaseException, moment: datetime) -> None:
        self.running = False
        self.failed_at = moment
        text, is_bug = message_for(exc)
        if is_bug:
            log.error("daily backup failed: %s", getattr(exc, "__traceback_text__", repr(exc)))
        else:
            log.warning("daily backup failed: %s", text)
        self.main_window.statusBar().showMessage(tr("자동 백업 실패: {text} (잠시 뒤 다시 시도합니다)", text=text))
