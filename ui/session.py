"""A counter session: first admin if needed, sign-in, the main window until it closes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from ui.dialogs.login import DatabaseOpening, FirstAdminDialog, LoginDialog

if TYPE_CHECKING:
    from app.bootstrap import AppContext
    from app.services.actor import Actor
    from app.settings import Settings
    from ui.main_window import MainWindow


def run_signing_in(app: QApplication, settings: Settings, url: str | None) -> int:
    """A counter's usual start (settings made, signed out): the sign-in dialog is painted first and the database
    opens behind it (``DatabaseOpening``); then the session as ``run_session``. A refusal to open (unreachable,
    schema, key) is raised as ``build_context`` raises it, except a missing key on a shared database, for which
    the key dialog asks before the session goes on; a database without users goes to the first administrator."""
    from ui.app import ask_for_key

    opening = DatabaseOpening(settings, url)
    login = LoginDialog(None, opening=opening)
    accepted = login.exec() == QDialog.DialogCode.Accepted and login.actor is not None
    if not accepted and not opening.done.is_set():
        # closed before the database was open: nothing to say, but let an open that is under way (a SQLite
        # migration, say) end rather than be cut off with the process; an unreachable server is not waited for
        if opening.started and opening.done.wait(10) and opening.ctx is not None:
            opening.ctx.db.dispose()
        return 0
    opening.wait()
    if opening.error is not None:
        from db.keys import KeyMissing

        if not isinstance(opening.error, KeyMissing):
            raise opening.error
        # a new counter on a shared database: the key dialog imports the admin's key, then go on
        from app.bootstrap import build_context
        from ui.errors import message_for

        if not ask_for_key(message_for(opening.error)[0], key_file=settings.key_file, required=opening.error.key_ids):
            return 1
        return run_session(app, build_context(settings, db_url=url))
    ctx = opening.ctx
    assert ctx is not None
    if accepted:
        return run_session(app, ctx, actor=login.actor)
    if opening.users == 0:
        return run_session(app, ctx)  # the first administrator is made there
    ctx.db.dispose()
    return 0


def run_session(app: QApplication, ctx: AppContext, *, actor: Actor | None = None) -> int:
    """Sign-in, the main window until it closes; after a sign-out the next person signs in to a new window
    (the previous user's forms and dialogs go with the old one).

    ``actor``: already signed in (the first admin the first-start dialog just made). On an empty database the
    first administrator is made here and goes straight to the main window, not asked for the password again.
    """
    from app.services import auth
    from app.services.errors import ServiceError
    from ui.context import UiContext
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner

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
