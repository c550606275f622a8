"""The first start of a counter PC as the installer meets it: ``main.run_gui`` on a PC with no settings.json
shows the first-start dialog (database, key, first admin, printers), driven here by the keyboard.

(a) the first counter on SQLite: the first admin is made and goes straight to the main window (no second
sign-in); (b) a second counter against the PostgreSQL test database that already has users and a key: the
network page, 연결 테스트, the admin's exported key imported, printers skipped -> settings.json has the URL and the
key file and the sign-in dialog follows; (c) a wrong port or database name is said in Korean and nothing is
written. Screenshots of every page go to tmp_path (``first-start-*.png``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWizard
from sqlalchemy.engine import make_url

import main
from app.bootstrap import build_context
from app.services import auth, keys
from app.settings import Settings, config_dir, data_dir
from db import keys as db_keys
from tests.ui.keys import type_text
from ui.dialogs import first_start
from ui.dialogs.first_start import PAGE_ADMIN, PAGE_DATABASE, PAGE_KEY, PAGE_PRINTERS, FirstStartDialog
from ui.dialogs.login import FirstAdminDialog, LoginDialog
from ui.main_window import MainWindow

PASSWORD = "admin-pass-2026"
PASSPHRASE = "둘째창구-키-전달-2026"


def _shot(dialog: QWizard, tmp_path: Path, name: str) -> None:
    QApplication.processEvents()
    assert dialog.grab().save(str(tmp_path / f"first-start-{name}.png"))


def _enter(qtbot, dialog: QWizard) -> None:  # type: ignore[no-untyped-def]
    """Enter on the dialog: the wizard's default button (다음 or 마침)."""
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    QApplication.processEvents()


def _type(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        type_text(widget, text)


class _MainWindowRun:
    """Stands in for QApplication.exec in run_session: notes the main window shown and closes it."""

    def __init__(self) -> None:
        self.actors: list[str] = []

    def __call__(self, *_args) -> int:  # type: ignore[no-untyped-def]
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        assert len(windows) == 1
        self.actors.append(windows[0].ctx.actor.username)
        windows[0].close()
        return 0


@pytest.fixture
def no_second_sign_in(monkeypatch):  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def refuse(self) -> int:  # type: ignore[no-untyped-def]
        asked.append(type(self).__name__)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(LoginDialog, "exec", refuse)
    monkeypatch.setattr(FirstAdminDialog, "exec", refuse)
    return asked


def test_first_counter_on_sqlite_goes_from_the_first_admin_to_the_main_window(  # type: ignore[no-untyped-def]
    qtbot, tmp_path, monkeypatch, no_second_sign_in
) -> None:
    settings_file = config_dir() / "settings.json"
    assert not settings_file.exists()
    seen: list[int] = []

    def the_installer(dialog: FirstStartDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        page = dialog.database_page
        assert dialog.currentId() == PAGE_DATABASE and page.local.isChecked()
        assert page.path.text() == str(data_dir() / "minwon.sqlite")
        page.test.setFocus()
        qtbot.keyClick(page.test, Qt.Key.Key_Space)
        assert "새 데이터베이스 파일" in page.result.text()
        _shot(dialog, tmp_path, "1-local")
        _enter(qtbot, dialog)
        seen.append(dialog.currentId())
        assert "새 암호화 키" in dialog.key_page.subTitle() and not dialog.key_page.fields.isVisible()
        _shot(dialog, tmp_path, "2-new-key")
        _enter(qtbot, dialog)
        seen.append(dialog.currentId())
        admin = dialog.admin_page
        _type(qtbot, admin.username, "first.admin")
        _type(qtbot, admin.display_name, "김관리")
        _type(qtbot, admin.password, PASSWORD)
        _type(qtbot, admin.password2, PASSWORD + "x")
        _enter(qtbot, dialog)
        assert dialog.currentId() == PAGE_ADMIN and "일치하지 않습니다" in admin.message.text()
        _shot(dialog, tmp_path, "3-admin-refused")
        _type(qtbot, admin.password2, PASSWORD)
        _enter(qtbot, dialog)
        seen.append(dialog.currentId())
        assert dialog.printer_page.receipt_printer.currentData() == ""
        _shot(dialog, tmp_path, "4-printers")
        _enter(qtbot, dialog)  # 마침: the printers left as they are
        return dialog.result()

    monkeypatch.setattr(FirstStartDialog, "exec", the_installer)
    shown = _MainWindowRun()
    monkeypatch.setattr(QApplication, "exec", shown)
    assert main.run_gui(main.parse_args([])) == 0
    assert seen == [PAGE_KEY, PAGE_ADMIN, PAGE_PRINTERS]
    assert shown.actors == ["first.admin"]  # straight into the main window as the new admin
    assert no_second_sign_in == []  # neither the sign-in nor the first-admin dialog was shown
    saved = json.loads(settings_file.read_text(encoding="utf-8"))
    assert saved["db_url"] == "" and saved["key_file"] == str(config_dir() / "rrn.key")
    assert saved["receipt_printer"] == "" and saved["receipt_format"] == "roll80"
    assert (config_dir() / "rrn.key").exists() and (data_dir() / "minwon.sqlite").exists()
    assert not first_start.first_start_needed(main_settings())


def test_closing_the_dialog_on_its_last_page_writes_nothing(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Everything typed is checked page by page, but the key, the database file, the first admin and
    settings.json are written only at 마침: 닫기 on the last page leaves the PC as it was."""
    pages: list[int] = []

    def the_installer(dialog: FirstStartDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        _enter(qtbot, dialog)  # this PC, the default file: the test runs by itself
        _enter(qtbot, dialog)  # a new key
        admin = dialog.admin_page
        _type(qtbot, admin.username, "first.admin")
        _type(qtbot, admin.display_name, "김관리")
        _type(qtbot, admin.password, "12345678")
        _type(qtbot, admin.password2, "12345678")
        _enter(qtbot, dialog)
        assert dialog.currentId() == PAGE_ADMIN and "문자와 숫자" in admin.message.text()
        _type(qtbot, admin.password, PASSWORD)
        _type(qtbot, admin.password2, PASSWORD)
        _enter(qtbot, dialog)
        pages.append(dialog.currentId())
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
        return dialog.result()

    monkeypatch.setattr(FirstStartDialog, "exec", the_installer)
    assert main.run_gui(main.parse_args([])) == 0
    assert pages == [PAGE_PRINTERS]
    assert not (config_dir() / "settings.json").exists() and not (config_dir() / "rrn.key").exists()
    assert not (data_dir() / "minwon.sqlite").exists()


def main_settings() -> Settings:
    from app.settings import load_settings

    return load_settings()


def test_the_first_admin_of_an_empty_database_is_not_asked_to_sign_in_again(  # type: ignore[no-untyped-def]
    qtbot, sqlite_ctx, monkeypatch
) -> None:
    from ui import session

    made: list[FirstAdminDialog] = []

    def the_admin_types(dialog: FirstAdminDialog) -> int:
        qtbot.addWidget(dialog)
        made.append(dialog)
        qtbot.keyClicks(dialog.username, "first.admin")
        type_text(dialog.display_name, "관리자")
        qtbot.keyClicks(dialog.password, PASSWORD)
        qtbot.keyClicks(dialog.password2, PASSWORD)
        dialog.create_account()
        return dialog.result()

    def no_login(self) -> int:  # type: ignore[no-untyped-def]
        raise AssertionError("the first admin was asked to sign in again")

    monkeypatch.setattr(FirstAdminDialog, "exec", the_admin_types)
    monkeypatch.setattr(LoginDialog, "exec", no_login)
    shown = _MainWindowRun()
    monkeypatch.setattr(QApplication, "exec", shown)
    from ui.app import create_application

    assert session.run_session(create_application(), sqlite_ctx) == 0
    assert len(made) == 1 and made[0].actor is not None and made[0].actor.role == "admin"
    assert shown.actors == ["first.admin"]


@pytest.fixture
def shared_server(pg_schema_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The PostgreSQL test database as counter A left it: a first admin, a clerk, a key; the key exported."""
    a_settings = Settings(values={"key_file": str(tmp_path / "A" / "rrn.key"), "terminal_code": "창구-1"})
    ctx = build_context(a_settings, db_url=pg_schema_url)
    try:
        auth.create_first_admin(
            ctx.db.uow(), office_id=ctx.office.id, username="admin", display_name="관리자", password=PASSWORD
        )
        admin = auth.sign_in(
            ctx.db.uow(), username="admin", password=PASSWORD, terminal_id=ctx.terminal.id, terminal_code="창구-1"
        )
        sealed = tmp_path / "usb" / "minwon-key.json"
        exported = keys.export_key(
            ctx.db, admin, key_file=a_settings.key_file, path=sealed, passphrase=PASSPHRASE, confirm=PASSPHRASE
        )
    finally:
        ctx.db.dispose()
    return pg_schema_url, sealed, exported


def _fill_server(qtbot, page, url: str, **changes: str) -> None:  # type: ignore[no-untyped-def]
    parsed = make_url(url)
    page.network.setFocus()
    qtbot.keyClick(page.network, Qt.Key.Key_Space)
    assert page.network.isChecked() and page.server.isEnabled()
    fields = {
        "host": parsed.host or "127.0.0.1",
        "port": str(parsed.port or 5432),
        "database": parsed.database or "",
        "user": parsed.username or "",
        **changes,
    }
    for name, text in fields.items():
        _type(qtbot, getattr(page, name), text)


def test_second_counter_against_the_shared_server_imports_the_key_and_signs_in(  # type: ignore[no-untyped-def]
    qtbot, tmp_path, monkeypatch, shared_server, no_second_sign_in
) -> None:
    url, sealed, exported = shared_server
    settings_file = config_dir() / "settings.json"
    key_file = config_dir() / "rrn.key"

    def the_installer(dialog: FirstStartDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        page = dialog.database_page
        _fill_server(qtbot, page, url)
        page.test.setFocus()
        qtbot.keyClick(page.test, Qt.Key.Key_Space)
        assert page.result.text().startswith("연결되었습니다"), page.result.text()
        assert "사용자 1명" in page.result.text() and exported[0] in page.result.text()
        _shot(dialog, tmp_path, "1-network-ok")
        _enter(qtbot, dialog)
        assert dialog.currentId() == PAGE_KEY and dialog.key_page.fields.isVisible()
        key = dialog.key_page
        assert exported[0] in key.intro.text()
        _type(qtbot, key.path, str(sealed))
        _type(qtbot, key.passphrase, PASSPHRASE + "!")
        _enter(qtbot, dialog)
        assert dialog.currentId() == PAGE_KEY and "암호가 맞지 않거나" in key.message.text()
        assert not key_file.exists()
        _shot(dialog, tmp_path, "2-key-refused")
        _type(qtbot, key.passphrase, PASSPHRASE)
        _enter(qtbot, dialog)
        assert dialog.currentId() == PAGE_PRINTERS  # users exist: no first-admin page
        assert not key_file.exists()  # installed at 마침, not before
        _shot(dialog, tmp_path, "4-printers-skipped")
        _enter(qtbot, dialog)
        return dialog.result()

    monkeypatch.setattr(FirstStartDialog, "exec", the_installer)
    assert main.run_gui(main.parse_args([])) == 0
    assert no_second_sign_in == ["LoginDialog"]  # the sign-in follows, not the first-admin dialog
    saved = json.loads(settings_file.read_text(encoding="utf-8"))
    assert make_url(saved["db_url"]).database == make_url(url).database
    assert make_url(saved["db_url"]).username == make_url(url).username
    assert saved["key_file"] == str(key_file)
    assert [db_keys.key_id_of(k) for k in db_keys.load_key_ring(key_file)] == list(exported)
    # The next start opens the server from settings.json alone, with the imported key.
    ctx = build_context(main_settings())
    try:
        assert ctx.db.pii.key_id == exported[0] and ctx.info.kind == "postgresql"
    finally:
        ctx.db.dispose()


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"port": "5433"}, "연결할 수 없습니다"),
        ({"database": "minwon_no_such_db"}, "데이터베이스가 없습니다"),
        ({"port": "포트"}, "포트는 1~65535의 숫자입니다"),
    ],
)
def test_a_wrong_port_or_database_is_said_in_korean_and_nothing_is_written(  # type: ignore[no-untyped-def]
    qtbot, tmp_path, monkeypatch, pg_schema_url, change, said
) -> None:
    messages: list[str] = []

    def the_installer(dialog: FirstStartDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        page = dialog.database_page
        _fill_server(qtbot, page, pg_schema_url, **change)
        _enter(qtbot, dialog)  # Next runs the test itself and stays
        assert dialog.currentId() == PAGE_DATABASE
        messages.append(page.result.text())
        _shot(dialog, tmp_path, "1-refused")
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
        return dialog.result()

    monkeypatch.setattr(FirstStartDialog, "exec", the_installer)
    assert main.run_gui(main.parse_args([])) == 0  # closed: exit 0
    assert len(messages) == 1 and said in messages[0]
    assert not (config_dir() / "settings.json").exists()
    assert not (config_dir() / "rrn.key").exists()
    assert not (data_dir() / "minwon.sqlite").exists()


@pytest.fixture
def unmigrated_pg_url(_pg_admin):  # type: ignore[no-untyped-def]
    """An empty database on the PostgreSQL server: no tables, no alembic_version (the admin never migrated)."""
    from tests.conftest import _create_pg_database, _drop_pg_database, _new_pg_name, pg_url_for

    name = _new_pg_name("e")
    _create_pg_database(_pg_admin, name)
    yield pg_url_for(name)
    _drop_pg_database(_pg_admin, name)


def test_a_database_not_migrated_yet_tells_the_admin_to_migrate(qtbot, tmp_path, unmigrated_pg_url) -> None:  # type: ignore[no-untyped-def]
    from app.settings import load_settings
    from ui.app import create_application

    create_application()
    dialog = FirstStartDialog(load_settings())
    qtbot.addWidget(dialog)
    dialog.show()
    page = dialog.database_page
    _fill_server(qtbot, page, unmigrated_pg_url)
    page.run_test()
    assert "관리자가 먼저 `main.py --migrate`를 실행해야 합니다" in page.result.text()
    _shot(dialog, tmp_path, "1-not-migrated")
    _enter(qtbot, dialog)
    assert dialog.currentId() == PAGE_DATABASE


def test_demo_and_a_named_database_do_not_show_the_first_start_dialog(monkeypatch, sqlite_url) -> None:  # type: ignore[no-untyped-def]
    def never(self) -> int:  # type: ignore[no-untyped-def]
        raise AssertionError("first-start dialog shown")

    started: list[object] = []
    monkeypatch.setattr(FirstStartDialog, "exec", never)
    monkeypatch.setattr("ui.session.run_session", lambda app, ctx, actor=None: started.append(actor) or 0)
    assert main.run_gui(main.parse_args(["--db", sqlite_url])) == 0
    monkeypatch.setattr(main, "run_demo", lambda ctx: ctx)
    assert main.run_gui(main.parse_args(["--demo"])) == 0
    assert started == [None, None] and not (config_dir() / "settings.json").exists()
    assert (data_dir() / main.DEMO_DB_FILE).exists()  # the demo opened its own database, no dialog
