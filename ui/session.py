"""A counter session: first admin if needed, sign-in, the main window until it closes."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialog

from app.bootstrap import AppContext
from app.services import auth
from ui.context import UiContext
from ui.dialogs.login import FirstAdminDialog, LoginDialog
from ui.main_window import MainWindow
from ui.tasks import TaskRunner


def run_session(app: QApplication, ctx: AppContext) -> int:
    if auth.count_users(ctx.db.uow()) == 0:
        first = FirstAdminDialog(ctx)
        if first.exec() != QDialog.DialogCode.Accepted:
            return 0
    login = LoginDialog(ctx)
    if login.exec() != QDialog.DialogCode.Accepted or login.actor is None:
        return 0
    window = MainWindow(UiContext(ctx, login.actor, TaskRunner(app)))
    window.show()
    code = app.exec()
    auth.sign_out(ctx.db.uow(), login.actor)
    ctx.db.dispose()
    return int(code)
