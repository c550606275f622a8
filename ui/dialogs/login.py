"""Sign-in and first-administrator dialogs; the password check itself is a service call.

A counter that starts signed out sees the sign-in dialog first: it is painted before the database is opened
(``DatabaseOpening``: SQLAlchemy, the models and the schema check on a thread of their own, after the first
paint), so the clerk types while the database opens; Enter before it is open signs in as soon as it is.
"""

from __future__ import annotations

import importlib
import sys
import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import tr
from ui.widgets import FieldEnterDialog

if TYPE_CHECKING:
    from app.bootstrap import AppContext
    from app.services.actor import Actor
    from app.settings import Settings


REFUSAL_STYLE = "color: #b00020"
NOTE_STYLE = "color: #555"


class DatabaseOpening(QObject):
    """``app.bootstrap.build_context`` and the count of users on a thread; ``finished`` (queued to the GUI
    thread) when done, with ``ctx`` and ``users`` or ``error`` set. Then, while the clerk types, the main
    window's module is imported on the same thread."""

    finished = Signal()

    def __init__(self, settings: Settings, url: str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.url = url
        self.ctx: AppContext | None = None
        self.users = 0
        self.error: BaseException | None = None
        self.done = threading.Event()
        self._worker: threading.Thread | None = None

    def start(self) -> None:
        if self._worker is None:
            self._worker = threading.Thread(target=self._run, name="minwon-open-database", daemon=True)
            self._worker.start()

    @property
    def started(self) -> bool:
        return self._worker is not None

    def wait(self, timeout: float | None = None) -> bool:
        self.start()
        return self.done.wait(timeout)

    def _run(self) -> None:
        # the GUI thread takes the interpreter back for each key typed meanwhile (see ui.main_window._WarmUp)
        interval = sys.getswitchinterval()
        sys.setswitchinterval(min(interval, 0.0005))
        try:
            try:
                from app.bootstrap import build_context
                from app.services import auth

                self.ctx = build_context(self.settings, db_url=self.url)
                self.users = auth.count_users(self.ctx.db.uow())
            except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, which says it or asks for the key
                self.error = exc
            self.done.set()
            try:
                self.finished.emit()
            except RuntimeError:
                return  # the dialog went meanwhile
            if self.error is None:
                importlib.import_module("ui.main_window")  # what follows the sign-in, while the clerk types
        finally:
            sys.setswitchinterval(interval)


class LoginDialog(FieldEnterDialog):
    """ID and password; Enter signs in, Esc quits. The error stays on the dialog, typed ID kept."""

    def __init__(
        self, app: AppContext | None, parent: QWidget | None = None, *, opening: DatabaseOpening | None = None
    ) -> None:
        """``app``: the open database; or None with ``opening``, which this dialog starts after its first paint."""
        super().__init__(parent)
        self.app = app
        self.actor: Actor | None = None
        self.opening = opening
        self._painted = False
        self._waiting = False  # Enter was pressed before the database was open
        self.setWindowTitle(tr("민원창구 로그인"))
        self.setObjectName("loginDialog")
        layout = QVBoxLayout(self)
        self.header = QLabel()
        self.header.setObjectName("loginHeader")
        layout.addWidget(self.header)
        self._show_header()
        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setMaxLength(40)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("아이디"), self.username)
        form.addRow(tr("비밀번호"), self.password)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("loginMessage")
        self.message.setStyleSheet(REFUSAL_STYLE)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("로그인"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("닫기"))
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Enter moves from the ID to the password and signs in from the password; no default button, so
        # one Enter is one attempt (a second would count as another failure towards the lock).
        for button in buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.try_sign_in)
        self.username.setFocus()
        if opening is not None:
            opening.finished.connect(self._opened)
            if opening.done.is_set():
                QTimer.singleShot(0, self._opened)
            else:
                # should a platform never paint the dialog itself: open all the same
                QTimer.singleShot(1000, opening.start)

    def _show_header(self) -> None:
        if self.app is None:
            self.header.setText(tr("<b>민원창구</b><br>데이터베이스를 여는 중입니다…"))
            return
        self.header.setText(
            tr(
                "<b>{office} {department}</b><br>창구: {terminal}",
                office=self.app.office.name,
                department=self.app.office.department,
                terminal=self.app.terminal.name,
            )
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt naming
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            if self.opening is not None:
                QTimer.singleShot(0, self.opening.start)  # the database opens after the dialog is on screen

    def _opened(self) -> None:
        """The database is open (or could not be): go on with the sign-in, or leave it to the session."""
        found = self.opening
        if found is None or self.app is not None or not found.done.is_set():
            return
        if found.error is not None or found.ctx is None or found.users == 0:
            # the session says why, asks for the key, or makes the first administrator
            self.reject()
            return
        self.app = found.ctx
        self._show_header()
        self.adjustSize()
        if self._waiting:
            self._waiting = False
            self.try_sign_in()

    def try_sign_in(self) -> None:
        if self.app is None:
            self._waiting = True
            self.message.setStyleSheet(NOTE_STYLE)  # a wait, not a refusal
            self.message.setText(tr("데이터베이스를 여는 중입니다. 열리는 대로 로그인합니다."))
            self.adjustSize()
            return
        from app.services import auth
        from app.services.errors import ServiceError
        from ui.errors import message_for

        self.message.setStyleSheet(REFUSAL_STYLE)
        try:
            self.actor = auth.sign_in(
                self.app.db.uow(),
                username=self.username.text(),
                password=self.password.text(),
                terminal_id=self.app.terminal.id,
                terminal_code=self.app.terminal.code,
            )
        except ServiceError as exc:
            self.message.setText(exc.text())
            self.adjustSize()  # the dialog grows with the refusal instead of clipping it
            self.password.clear()
            self.password.setFocus()
            return
        except Exception as exc:  # noqa: BLE001 - the database may be away: say so, keep the ID
            self.message.setText(message_for(exc)[0])
            self.adjustSize()
            return
        self.accept()


def admin_account_form(owner: Any) -> QFormLayout:
    """The first admin's four fields (아이디, 이름, 비밀번호 twice), set on ``owner`` as ``username``,
    ``display_name``, ``password``, ``password2``: the same in FirstAdminDialog and the first-start dialog."""
    form = QFormLayout()
    for attr, name, label in (
        ("username", "username", tr("아이디")),
        ("display_name", "displayName", tr("이름")),
        ("password", "password", tr("비밀번호 (8자 이상, 문자+숫자)")),
        ("password2", "password2", tr("비밀번호 확인")),
    ):
        edit = QLineEdit()
        edit.setObjectName(name)
        if attr.startswith("password"):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        setattr(owner, attr, edit)
        form.addRow(label, edit)
    return form


class FirstAdminDialog(QDialog):
    """An empty database: create the first administrator account."""

    username: QLineEdit
    display_name: QLineEdit
    password: QLineEdit
    password2: QLineEdit

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.actor: Actor | None = None
        self.setWindowTitle(tr("첫 관리자 계정 만들기"))
        self.setObjectName("firstAdminDialog")
        layout = QVBoxLayout(self)
        intro = QLabel(tr("데이터베이스에 사용자가 없습니다. 먼저 관리자 계정을 만드세요."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(admin_account_form(self))
        self.message = QLabel()
        self.message.setObjectName("firstAdminMessage")
        self.message.setStyleSheet("color: #b00020")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("만들기"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("닫기"))
        buttons.accepted.connect(self.create_account)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def create_account(self) -> None:
        from app.services.errors import ServiceError

        try:
            self.actor = create_first_admin_and_sign_in(
                self.app,
                username=self.username.text(),
                display_name=self.display_name.text(),
                password=self.password.text(),
                confirm=self.password2.text(),
            )
        except ServiceError as exc:
            self.message.setText(exc.text())
            return
        self.accept()


def create_first_admin_and_sign_in(
    app: AppContext, *, username: str, display_name: str, password: str, confirm: str
) -> Actor:
    """The first administrator of an empty database, signed in at once with the password just typed (the
    session goes straight to the main window; nobody is asked for the same password again)."""
    from app.services import auth
    from app.services.errors import ValidationError

    if password != confirm:
        raise ValidationError("비밀번호 확인이 일치하지 않습니다.")
    created = auth.create_first_admin(
        app.db.uow(),
        office_id=app.office.id,
        username=username,
        display_name=display_name,
        password=password,
        terminal=app.terminal.code,
    )
    return auth.sign_in(
        app.db.uow(),
        username=created.username,
        password=password,
        terminal_id=app.terminal.id,
        terminal_code=app.terminal.code,
    )
