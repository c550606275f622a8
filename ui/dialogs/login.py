"""Sign-in and first-administrator dialogs; the password check itself is a service call."""

from __future__ import annotations

from typing import Any

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

from app.bootstrap import AppContext
from app.services import auth
from app.services.actor import Actor
from app.services.errors import ServiceError, ValidationError
from ui.errors import message_for
from ui.i18n import tr
from ui.widgets import FieldEnterDialog


class LoginDialog(FieldEnterDialog):
    """ID and password; Enter signs in, Esc quits. The error stays on the dialog, typed ID kept."""

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.actor: Actor | None = None
        self.setWindowTitle(tr("민원창구 로그인"))
        self.setObjectName("loginDialog")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr(
            "<b>{office} {department}</b><br>창구: {terminal}",
            office=app.office.name,
            department=app.office.department,
            terminal=app.terminal.name,
        )))
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
        self.message.setStyleSheet("color: #b00020")
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

    def try_sign_in(self) -> None:
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
