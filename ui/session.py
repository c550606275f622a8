"""A counter session: first admin if needed, sign-in, the main window until it closes."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from app.bootstrap import AppContext
from app.services import auth
from app.services.actor import Actor
from app.services.errors import ServiceError
from ui.context import UiContext
from ui.dialogs.login import FirstAdminDialog, LoginDialog
from ui.main_window import MainWindow
from ui.tasks import TaskRunner


def run_session(app: QApplication, ctx: AppContext, *, actor: Actor | None = None) -> int:
    """Sign-in, the main window until it closes; after a sign-out the next person signs in to a new window
    (the previous user's forms and dialogs go with the old one).

    ``actor``: already signed in (the first admin the first-start dialog just made). On an empty database the
    first administrator is made here and goes straight to the main window, not asked for the password again.
    """
    if actor is None and auth.count_users(ctx.db.uow()) == 0:
        first = FirstAdminDialog(ctx)
        if first.exec() != QDialog.DialogCode.Accepted or first.actor is None:
            return 0
        actor = first.actor
    code = 0
    while True:
        if actor is None:
            login = LoginDialog(ctx)
            if login.exec() != QDialog.DialogCode.Accepted or login.actor is None:
                break
            actor = login.actor
        window = MainWindow(UiContext(ctx, actor, TaskRunner(app)))
        window.show()
        code = int(app.exec())
        _retire(window)
        try:
            auth.sign_out(ctx.db.uow(), actor)
        except ServiceError:
            pass  # after a restore from a backup the account may not be in the database any more
        actor = None
        if not window.sign_out_requested:
            break
        window.deleteLater()
    ctx.db.dispose()
    return code


def _retire(window: MainWindow) -> None:
    """Let a closed window finish what it sent before it goes: no timer starts new work, the workers finish,
    and their answers reach the window's widgets while those still exist."""
    for timer in window.findChildren(QTimer):
        timer.stop()
    window.ctx.tasks.wait(15_000)
    QCoreApplication.sendPostedEvents()
    QCoreApplication.processEvents()
