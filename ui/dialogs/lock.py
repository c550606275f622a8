"""The idle screen lock: the work stays underneath, hidden, until the same user's password is given."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.services import auth
from app.services.errors import ServiceError
from ui.context import UiContext
from ui.i18n import tr


class LockDialog(QDialog):
    # Another person at this counter: sign the locked user out (what they typed is dropped, saves are kept).
    switch_user = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("lockDialog")
        self.setWindowTitle(tr("화면 잠금"))
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                tr(
                    "<b>화면이 잠겼습니다.</b><br>{display_name} ({username}) 님의 비밀번호를 입력하면 하던 작업으로 돌아갑니다.",
                    display_name=ctx.actor.display_name,
                    username=ctx.actor.username,
                )
            )
        )
        self.password = QLineEdit()
        self.password.setObjectName("lockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.password)
        self.message = QLabel()
        self.message.setObjectName("lockMessage")
        self.message.setStyleSheet("color: #b00020")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("잠금 해제"))
        buttons.accepted.connect(self.try_unlock)
        other = buttons.addButton(tr("다른 사용자로 로그인"), QDialogButtonBox.ButtonRole.ResetRole)
        other.setObjectName("lockSwitchUser")
        other.setToolTip(tr("{display_name} 님을 로그아웃합니다. 저장하지 않은 입력은 지워집니다.", display_name=ctx.actor.display_name))
        other.clicked.connect(self.switch_user.emit)
        layout.addWidget(buttons)
        self.password.setFocus()

    def try_unlock(self) -> None:
        try:
            auth.verify_password(self.ctx.uow(), self.ctx.actor, self.password.text())
        except ServiceError as exc:
            self.message.setText(exc.text())
            self.password.clear()
            return
        self.accept()

    def reject(self) -> None:  # Esc must not unlock
        return
