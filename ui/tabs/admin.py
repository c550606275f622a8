"""관리 tab: access-log review and export (supervisor, admin), users and roles (admin), data tables in force."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.calendar import SEOUL, seoul_today
from app.formatting import clock, number
from app.services import audit, auth, datatables
from app.services.output import output_path
from app.services.roles import ROLE_LABELS
from ui import ops
from ui.context import UiContext
from ui.dialogs.printers import open_printer_settings
from ui.errors import message_for, show_error
from ui.i18n import tr
from ui.models import Column, RowsModel
from ui.tabs.receipt_check import ReceiptCheckPage
from ui.widgets import date_field, pydate, table_view


class AuditPage(QWidget):
    """접속기록 검토: period, user, action; export to CSV."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        today = seoul_today()
        self.start = date_field(today - timedelta(days=7))
        self.end = date_field(today)
        self.username = QLineEdit()
        self.username.setPlaceholderText(tr("아이디 (비우면 전체)"))
        self.username.setObjectName("auditUser")
        self.action = QComboBox()
        self.action.setObjectName("auditAction")
        self.action.addItem(tr("전체 행위"), "")
        for label, code in sorted((tr(label), code) for code, label in audit.ACTION_LABELS.items()):
            self.action.addItem(label, code)
        self.search_button = QPushButton(tr("조회 (Enter)"))
        self.search_button.setObjectName("auditSearch")
        self.export_button = QPushButton(tr("CSV 내보내기"))
        self.export_button.setObjectName("auditExport")
        for label, widget in (
            (tr("기간"), self.start),
            ("~", self.end),
            (tr("사용자"), self.username),
            (tr("행위"), self.action),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.search_button)
        filters.addWidget(self.export_button)
        layout.addLayout(filters)
        self.model: RowsModel[audit.AuditView] = RowsModel(
            [
                Column(tr("일시"), lambda v: clock(v.at)),
                Column(tr("사용자"), lambda v: v.username),
                Column(tr("단말"), lambda v: v.terminal),
                Column(tr("행위"), lambda v: v.action_label),
                Column(tr("대상 기록"), lambda v: f"{v.record_type} {v.record_id}".strip()),
                Column(tr("내용"), lambda v: v.detail),
                Column(tr("사유"), lambda v: v.reason),
            ]
        )
        self.table = table_view("auditTable", self.model)
        layout.addWidget(self.table)
        self.status = QLabel()
        self.status.setObjectName("auditStatus")
        layout.addWidget(self.status)
        self.search_button.clicked.connect(self.search)
        self.export_button.clicked.connect(self.export)
        self.username.returnPressed.connect(self.search)

    def _filters(self) -> dict[str, object]:
        return {
            "start": pydate(self.start.date()),
            "end": pydate(self.end.date()),
            "username": self.username.text(),
            "action": self.action.currentData() or "",
        }

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        # the log as it is now whenever the page comes up, not only after 조회
        super().showEvent(event)
        if not event.spontaneous():
            self.search()

    def search(self) -> None:
        filters = self._filters()
        self.status.setText(tr("불러오는 중…"))  # a slow search must not look like an empty log

        def done(rows: list[audit.AuditView]) -> None:
            self.model.set_rows(rows)
            self.status.setText(tr("{count}건", count=number(len(rows))))

        def refused(exc: BaseException) -> None:
            self.status.setText(tr("조회하지 못했습니다: {reason}", reason=message_for(exc)[0]))
            show_error(self, exc)

        ops.load(
            self,
            self.ctx,
            lambda: audit.search(self.ctx.uow(), self.ctx.actor, **filters),  # type: ignore[arg-type]
            done=done,
            refused=refused,
        )

    def export(self) -> None:
        filters = self._filters()
        path = output_path(self.ctx.app.settings, "접속기록", f"{filters['start']}_{filters['end']}", suffix=".csv")

        def done(count: int) -> None:
            self.status.setText(tr("{count}건을 내보냈습니다: {path}", count=number(count), path=path))
            self.last_export = path

        ops.run(self, self.ctx, lambda: audit.export_csv(self.ctx.uow(), self.ctx.actor, path, **filters), done=done)  # type: ignore[arg-type]


class UsersPage(QWidget):
    """사용자와 역할 (admin)."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.model: RowsModel[auth.UserView] = RowsModel(
            [
                Column(tr("아이디"), lambda u: u.username),
                Column(tr("이름"), lambda u: u.display_name),
                Column(tr("역할"), lambda u: u.role_label),
                Column(
                    tr("상태"),
                    lambda u: (tr("사용") if u.active else tr("중지")) + (tr(" · 잠김") if u.locked_until else ""),
                ),
            ]
        )
        self.table = table_view("usersTable", self.model)
        left.addWidget(self.table)
        actions = QHBoxLayout()
        self.toggle_button = QPushButton(tr("사용/중지"))
        self.unlock_button = QPushButton(tr("잠금 해제"))
        self.reset_button = QPushButton(tr("비밀번호 재설정…"))
        for b in (self.toggle_button, self.unlock_button, self.reset_button):
            actions.addWidget(b)
        left.addLayout(actions)
        layout.addLayout(left, 3)

        box = QGroupBox(tr("새 사용자 (Enter로 등록)"))
        form = QFormLayout(box)
        self.new_username = QLineEdit()
        self.new_username.setObjectName("newUsername")
        self.new_name = QLineEdit()
        self.new_name.setObjectName("newDisplayName")
        self.new_role = QComboBox()
        self.new_role.setObjectName("newRole")
        for code, label in ROLE_LABELS.items():
            self.new_role.addItem(tr(label), code)
        self.new_password = QLineEdit()
        self.new_password.setObjectName("newPassword")
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.create_button = QPushButton(tr("등록"))
        self.create_button.setObjectName("createUser")
        form.addRow(tr("아이디"), self.new_username)
        form.addRow(tr("이름"), self.new_name)
        form.addRow(tr("역할"), self.new_role)
        form.addRow(tr("비밀번호"), self.new_password)
        form.addRow(self.create_button)
        self.message = QLabel()
        self.message.setObjectName("usersMessage")
        self.message.setWordWrap(True)
        form.addRow(self.message)
        layout.addWidget(box, 2)

        self.create_button.clicked.connect(self.create_user)
        self.new_password.returnPressed.connect(self.create_user)
        self.toggle_button.clicked.connect(self.toggle_active)
        self.unlock_button.clicked.connect(self.unlock)
        self.reset_button.clicked.connect(self.reset_password)
        self.refresh()

    def refresh(self) -> None:
        ops.load(self, self.ctx, lambda: auth.list_users(self.ctx.uow(), self.ctx.actor), done=self.model.set_rows)

    def selected(self) -> auth.UserView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def create_user(self) -> None:
        values = {
            "username": self.new_username.text(),
            "display_name": self.new_name.text(),
            "role": self.new_role.currentData(),
            "password": self.new_password.text(),
        }

        def done(user: auth.UserView) -> None:
            self.message.setText(
                tr(
                    "등록했습니다: {username} ({role})",
                    username=user.username,
                    role=user.role_label,
                )
            )
            for edit in (self.new_username, self.new_name, self.new_password):
                edit.clear()
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.message.setText(message_for(exc)[0])

        ctx = self.ctx
        ops.run(self, ctx, lambda: auth.create_user(ctx.uow(), ctx.actor, **values), done=done, refused=failed)

    def _update(self, fn: object) -> None:
        ops.run(self, self.ctx, fn, done=lambda _: self.refresh())  # type: ignore[arg-type]

    def toggle_active(self) -> None:
        user = self.selected()
        if user is not None:
            self._update(
                lambda: auth.update_user(self.ctx.uow(), self.ctx.actor, user_id=user.id, active=not user.active)
            )

    def unlock(self) -> None:
        user = self.selected()
        if user is not None:
            self._update(lambda: auth.unlock_user(self.ctx.uow(), self.ctx.actor, user_id=user.id))

    def reset_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        password, ok = QInputDialog.getText(
            self,
            tr("비밀번호 재설정"),
            tr("{username}의 새 비밀번호", username=user.username),
            QLineEdit.EchoMode.Password,
        )
        if ok:
            self._update(
                lambda: auth.reset_password(self.ctx.uow(), self.ctx.actor, user_id=user.id, new_password=password)
            )


class TablesPage(QWidget):
    """Which decree-driven table entries are in force, their source, and whether they are verified."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.clock: Callable[[], datetime] = lambda: datetime.now(SEOUL)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.only_unverified = QCheckBox(tr("확인되지 않은 항목만"))
        self.only_unverified.setObjectName("onlyUnverified")
        top.addWidget(QLabel(tr("자료표: 수수료·기한·혜택 기준 (resources/data). 수정은 자료 파일로 합니다.")))
        top.addStretch(1)
        top.addWidget(self.only_unverified)
        layout.addLayout(top)
        self.model: RowsModel[Any] = RowsModel(
            [
                Column(tr("파일"), lambda r: r.file),
                Column(tr("구분"), lambda r: r.section),
                Column(tr("항목"), lambda r: r.name, tooltip=lambda r: r.name),
                Column(tr("시행"), lambda r: r.valid_from),
                Column(tr("종료"), lambda r: r.valid_to),
                Column(tr("현재 적용"), lambda r: tr("적용") if r.in_force else ""),
                Column(
                    tr("확인"),
                    lambda r: tr("확인됨") if r.verified else tr("미확인"),
                    background=lambda r: None if r.verified else "#fff3cd",
                ),
                Column(tr("내용"), lambda r: r.figure, tooltip=lambda r: r.figure_detail),
                Column(tr("근거"), lambda r: r.source, tooltip=lambda r: r.source),
            ]
        )
        self.table = table_view("tablesTable", self.model)
        self.table.setWordWrap(False)
        # The name and the figure can be long: fixed widths (elided, whole text in the tooltip) keep the
        # dates, the in-force mark and the source on screen.
        header = self.table.horizontalHeader()
        for column, width in ((2, 260), (7, 360)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table)
        self.only_unverified.toggled.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        try:
            # the moment, not the day: a table may start at a time of day (여권 수수료 2026-03-01 09:00)
            rows = datatables.list_entries(
                self.ctx.actor, on=self.clock(), only_unverified=self.only_unverified.isChecked()
            )
        except Exception as exc:  # noqa: BLE001 - shown to the user, logged when it is a bug
            show_error(self, exc)
            return
        self.model.set_rows(rows)


class AdminTab(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.pages = QTabWidget()
        self.pages.setObjectName("adminPages")
        layout.addWidget(self.pages)
        self.audit_page: AuditPage | None = None
        self.users_page: UsersPage | None = None
        if ctx.can("audit.review"):
            self.audit_page = AuditPage(ctx)
            self.pages.addTab(self.audit_page, tr("접속기록"))
        if ctx.can("users.manage"):
            self.users_page = UsersPage(ctx)
            self.pages.addTab(self.users_page, tr("사용자·역할"))
        self.pages.addTab(TablesPage(ctx), tr("자료표"))
        # Printing (issue 13): the receipt look-up, and this PC's printers.
        self.receipt_check: ReceiptCheckPage | None = None
        if ctx.can("receipt.issue"):
            self.receipt_check = ReceiptCheckPage(ctx)
            self.pages.addTab(self.receipt_check, tr("영수증 확인"))
        self.printer_button = QPushButton(tr("프린터 설정 (이 단말)…"))
        self.printer_button.setObjectName("printerSettingsButton")
        self.printer_button.clicked.connect(lambda: open_printer_settings(self, ctx))
        layout.addWidget(self.printer_button)
        if ctx.can("audit.review") or ctx.can("office.setup"):
            from ui.tabs.admin_security import SecurityPage

            self.security_page = SecurityPage(ctx)
            self.pages.addTab(self.security_page, tr("보안"))
        # Backups (issue 15): supervisors and admins.
        from ui.tabs.admin_backup import BackupPage, may_back_up

        self.backup_page: BackupPage | None = None
        if may_back_up(ctx):
            self.backup_page = BackupPage(ctx)
            self.pages.addTab(self.backup_page, tr("백업"))
        # Settings (issue 15): the admin every setting, anyone else their own counter's (printers, screen).
        from ui.tabs.admin_settings import SettingsPage

        self.settings_page = SettingsPage(ctx)
        self.pages.addTab(self.settings_page, tr("설정"))
        # Each page by its key, as the 증명·민원 tab's sections: "접속기록 (Ctrl+1)" … (the pages a role has).
        for index in range(self.pages.count()):
            self.pages.setTabText(index, f"{self.pages.tabText(index)} (Ctrl+{index + 1})")
        ops.install_shortcuts(
            self, [(f"Ctrl+{index + 1}", partial(self.show_page, index)) for index in range(min(self.pages.count(), 9))]
        )
        office = ctx.app.office
        info = QLabel(
            tr(
                "<b>{office} {department}</b><br>{address} · {phone}<br>기관 코드 {office_code} · 이 단말: {terminal} "
                "({terminal_code})<br>데이터베이스: {database} ({location})",
                office=office.name,
                department=office.department,
                address=office.address,
                phone=office.phone,
                office_code=office.code,
                terminal=ctx.app.terminal.name,
                terminal_code=ctx.app.terminal.code,
                database=ctx.app.info.label,
                location=ctx.app.info.where,
            )
        )
        info.setTextFormat(Qt.TextFormat.RichText)
        info.setObjectName("officeInfo")
        layout.addWidget(info)

    def show_page(self, index: int) -> None:
        """Show page ``index`` with the focus on its first field (a key, not the mouse, chose it)."""
        self.pages.setCurrentIndex(index)
        page = self.pages.widget(index)
        widget = page.nextInFocusChain()
        while widget is not page and widget is not None:
            if (
                page.isAncestorOf(widget)
                and widget.isVisibleTo(page)
                and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return
            widget = widget.nextInFocusChain()

def create_tab(ctx: UiContext) -> QWidget:
    return AdminTab(ctx)
