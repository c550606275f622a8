"""The sign-in dialog of a counter's usual start: on screen before the database is open, typing kept, Enter
before the open signs in when it is open; a database that cannot be opened, a missing key and a database
without users each go where they belong (ui.session.run_signing_in)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.bootstrap import DatabaseUnavailable
from app.settings import Settings
from ui import session
from ui.dialogs.login import DatabaseOpening, FirstAdminDialog, LoginDialog

PASSWORD = "clerk-pass-1"


class HeldOpening(DatabaseOpening):
    """Opens only when the test lets it (the database as slow as the test wants)."""

    def __init__(self, settings: Settings, url: str | None) -> None:
        super().__init__(settings, url)
        self.gate = threading.Event()

    def _run(self) -> None:
        self.gate.wait(30)
        super()._run()


def _settings(tmp_path: Path) -> Settings:
    # the key file and terminal of the sqlite_ctx fixture (tests/conftest.py)
    return Settings(
        values={"key_file": str(tmp_path / "keys" / "rrn.key"), "terminal_code": "창구-3"},
        path=tmp_path / "settings.json",
    )


def test_typed_before_the_database_is_open_and_signed_in_when_it_is(  # type: ignore[no-untyped-def]
    qtbot, sqlite_ctx, sqlite_url, make_actor, tmp_path
) -> None:
    make_actor("clerk", username="early.clerk", password=PASSWORD, ctx=sqlite_ctx)
    opening = HeldOpening(_settings(tmp_path), sqlite_url)
    dialog = LoginDialog(None, opening=opening)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: opening._worker is not None)  # noqa: SLF001 - started after the first paint
    assert "여는 중" in dialog.header.text()
    qtbot.keyClicks(dialog.username, "early.clerk")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert "여는 중" in dialog.message.text() and dialog.actor is None
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        opening.gate.set()
    assert dialog.actor is not None and dialog.actor.username == "early.clerk"
    assert sqlite_ctx.office.name in dialog.header.text()
    opening.ctx.db.dispose()


def test_a_wrong_password_after_the_open_is_refused_as_ever(  # type: ignore[no-untyped-def]
    qtbot, sqlite_ctx, sqlite_url, make_actor, tmp_path
) -> None:
    make_actor("clerk", username="late.clerk", password=PASSWORD, ctx=sqlite_ctx)
    opening = DatabaseOpening(_settings(tmp_path), sqlite_url)
    dialog = LoginDialog(None, opening=opening)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.app is not None, timeout=30_000)
    assert "창구" in dialog.header.text() and sqlite_ctx.office.name in dialog.header.text()
    qtbot.keyClicks(dialog.username, "late.clerk")
    qtbot.keyClicks(dialog.password, "nope")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert "맞지 않습니다" in dialog.message.text() and dialog.actor is None
    opening.ctx.db.dispose()


def test_a_database_that_cannot_be_opened_is_said_as_at_any_start(  # type: ignore[no-untyped-def]
    qtbot, sqlite_ctx, sqlite_url, tmp_path, monkeypatch
) -> None:
    engine = sa.create_engine(sqlite_url)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO alembic_version (version_num) VALUES ('9999_from_the_future')"))
    engine.dispose()
    shown: list[str] = []

    def sign_in_dialog(self) -> int:  # type: ignore[no-untyped-def]
        qtbot.addWidget(self)
        self.show()
        qtbot.waitUntil(lambda: self.opening.done.is_set(), timeout=30_000)
        qtbot.waitUntil(lambda: self.result() == QDialog.DialogCode.Rejected and not self.isVisible())
        shown.append(self.header.text())
        return self.result()

    monkeypatch.setattr(LoginDialog, "exec", sign_in_dialog)
    with pytest.raises(DatabaseUnavailable, match="새 버전"):
        session.run_signing_in(None, _settings(tmp_path), sqlite_url)  # type: ignore[arg-type]
    assert shown and "여는 중" in shown[0]


def test_a_missing_key_asks_for_it_and_a_database_without_users_makes_the_first_admin(  # type: ignore[no-untyped-def]
    qtbot, sqlite_ctx, sqlite_url, tmp_path, monkeypatch
) -> None:
    import ui.app

    (tmp_path / "keys" / "rrn.key").rename(tmp_path / "elsewhere.key")
    asked: list[str] = []

    def sign_in_dialog(self) -> int:  # type: ignore[no-untyped-def]
        qtbot.addWidget(self)
        self.show()
        qtbot.waitUntil(lambda: self.opening.done.is_set() and not self.isVisible(), timeout=30_000)
        asked.append("sign-in closed")
        return self.result()

    def key_dialog(problem: str, *, key_file: Path, required: tuple[str, ...]) -> bool:
        asked.append(problem)
        (tmp_path / "elsewhere.key").rename(key_file)  # the admin's key, imported
        return True

    def first_admin(self) -> int:  # type: ignore[no-untyped-def]
        asked.append("first admin")
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(LoginDialog, "exec", sign_in_dialog)
    monkeypatch.setattr(ui.app, "ask_for_key", key_dialog)
    monkeypatch.setattr(FirstAdminDialog, "exec", first_admin)
    assert session.run_signing_in(None, _settings(tmp_path), sqlite_url) == 0  # type: ignore[arg-type]
    assert asked[0] == "sign-in closed" and "이 단말에 없습니다" in asked[1] and asked[2] == "first admin", asked


def test_closed_before_the_open_the_open_is_let_end_and_closed(  # type: ignore[no-untyped-def]
    qtbot, sqlite_ctx, sqlite_url, tmp_path, monkeypatch
) -> None:
    made: list[HeldOpening] = []

    def held(settings: Settings, url: str | None) -> HeldOpening:
        opening = HeldOpening(settings, url)
        made.append(opening)
        return opening

    def closed_at_once(self) -> int:  # type: ignore[no-untyped-def]
        qtbot.addWidget(self)
        self.show()
        qtbot.waitUntil(lambda: self.opening.started)
        self.opening.gate.set()  # the open goes on while the dialog is closed
        return QDialog.DialogCode.Rejected

    from db.uow import Database

    disposed: list[Database] = []
    dispose = Database.dispose

    def spy(self) -> None:  # type: ignore[no-untyped-def]
        disposed.append(self)
        dispose(self)

    monkeypatch.setattr(Database, "dispose", spy)
    monkeypatch.setattr(session, "DatabaseOpening", held)
    monkeypatch.setattr(LoginDialog, "exec", closed_at_once)
    assert session.run_signing_in(None, _settings(tmp_path), sqlite_url) == 0  # type: ignore[arg-type]
    (opening,) = made
    assert opening.done.is_set() and opening.error is None and opening.ctx is not None
    assert disposed == [opening.ctx.db]  # waited for, then closed
