"""Sign-out and switching users at a shared counter (issue 12): the next person signs in to a new window,
nothing the previous user typed is visible to them, and both the sign-out and the next sign-in are logged."""

from __future__ import annotations

import sqlalchemy as sa
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

import ui.session as session
from db.models import AuditEntry
from ui.main_window import MainWindow


def _visible_windows() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def _typed_fields(window: MainWindow) -> list[QLineEdit]:
    return [f for f in window.findChildren(QLineEdit) if f.isEnabled() and not f.isReadOnly()]


def test_the_sign_out_button_and_key_close_the_window_for_the_next_person(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ctx = ui_factory("clerk")
    assert window.sign_out_button.isVisible() and "Ctrl+Shift+Q" in window.sign_out_button.text()
    qtbot.mouseClick(window.sign_out_button, __import__("PySide6.QtCore").QtCore.Qt.MouseButton.LeftButton)
    assert window.sign_out_requested and not window.isVisible()


def test_a_locked_screen_offers_another_user_and_drops_the_locked_users_typing(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ctx = ui_factory("clerk")
    window.lock_screen()
    assert window.locked
    switch = window.lock_dialog.findChild(QObject, "lockSwitchUser")
    assert switch is not None
    switch.click()
    assert window.sign_out_requested and not window.isVisible() and not window.lock_dialog.isVisible()


def test_run_session_signs_the_next_person_in_to_a_clean_window(qtbot, sqlite_ctx, make_actor, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.app import create_application

    create_application()
    first, second = make_actor("clerk"), make_actor("clerk")
    queue = [first, second]

    class Login:
        def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
            self.actor = queue.pop(0) if queue else None

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Accepted if self.actor else QDialog.DialogCode.Rejected

    windows: list[MainWindow] = []

    class App(QObject):
        """Stands in for QApplication.exec: the first user types and signs out, the second closes."""

        def exec(self) -> int:
            (window,) = _visible_windows()
            windows.append(window)
            if len(windows) == 1:
                fields = _typed_fields(window)
                assert fields
                for field in fields:
                    field.setText("이전 사용자 입력")
                window.sign_out()
            else:
                assert [f for f in _typed_fields(window) if f.text() == "이전 사용자 입력"] == []
                window.close()
            return 0

    monkeypatch.setattr(session, "LoginDialog", Login)
    fake_app = App()
    assert session.run_session(fake_app, sqlite_ctx) == 0  # type: ignore[arg-type]
    for window in windows:  # answers still on their way are delivered while the runners (children of App) live
        qtbot.waitUntil(lambda w=window: w.ctx.tasks.wait(100) and w.ctx.tasks.pending == 0, timeout=15_000)
    assert [w.ctx.actor.username for w in windows] == [first.username, second.username]
    engine = sa.create_engine(sqlite_ctx.db.engine.url)
    with engine.connect() as conn:
        signouts = conn.execute(
            sa.select(AuditEntry.username).where(AuditEntry.action == "signout").order_by(AuditEntry.id)
        ).scalars().all()
    engine.dispose()
    assert signouts == [first.username, second.username]
    fake_app.deleteLater()
