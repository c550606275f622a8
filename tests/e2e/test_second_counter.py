"""The second counter's first start against a shared PostgreSQL server, as the office would do it.

Counter A (the administrator) on a fresh database with the owner and counter roles of ``docs/postgres-roles.sql``
runs ``python main.py --migrate --counter-role …`` as the owner (a real process, its own config folder: the key
is made there), opens the program as the counter role, creates the first admin and a clerk, registers a person
with a resident number and exports the key under a passphrase. Counter B, with an empty config folder, starts
the program (``main.run_gui``): it is refused with the key-missing message and shows the first-start dialog; a
wrong passphrase is refused in Korean, the right one imports the key and the program goes on to the sign-in.
B's clerk then finds A's person by resident number and registers one that A finds and reads in full.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from app.bootstrap import AppContext, build_context
from app.services import applicants, auth, keys
from app.services.actor import Actor
from app.services.errors import ValidationError
from app.settings import Settings
from db import keys as db_keys
from tests.conftest import _create_pg_database, _drop_pg_database, _new_pg_name, pg_url_for

ROOT = Path(__file__).resolve().parents[2]
ROLES_SQL = ROOT / "docs" / "postgres-roles.sql"
PASSPHRASE = "창구2-첫실행-키전달-2026"
PASSWORD = "counter-pass-2026"
A_NUMBER, B_NUMBER = "900101-1234568", "850505-2345675"


class Server:
    def __init__(self, name: str, owner: str, counter: str) -> None:
        self.name, self.owner, self.counter = name, owner, counter
        self.superuser_url = pg_url_for(name)

    def url_as(self, role: str) -> str:
        return make_url(self.superuser_url).set(username=role, password=None).render_as_string(hide_password=False)


@pytest.fixture
def server(_pg_admin) -> Iterator[Server]:  # type: ignore[no-untyped-def]
    """A fresh database on the shared server, with its owner and counter roles made by the documented SQL."""
    tag = uuid.uuid4().hex[:8]
    found = Server(_new_pg_name("e"), f"minwon_owner_{tag}", f"minwon_counter_{tag}")
    _create_pg_database(_pg_admin, found.name)
    sql = (
        ROLES_SQL.read_text(encoding="utf-8")
        .replace("minwon_owner", found.owner)
        .replace("minwon_counter", found.counter)
    )
    engine = sa.create_engine(found.superuser_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(sql)
        yield found
    finally:
        engine.dispose()
        _drop_pg_database(_pg_admin, found.name)
        with _pg_admin.connect() as conn:
            for role in (found.counter, found.owner):
                conn.execute(sa.text(f'DROP ROLE IF EXISTS "{role}"'))


def _sign_in(ctx: AppContext, username: str) -> Actor:
    return auth.sign_in(
        ctx.db.uow(), username=username, password=PASSWORD, terminal_id=ctx.terminal.id, terminal_code=ctx.terminal.code
    )


def test_a_second_counter_asks_for_the_key_and_works_with_it(  # type: ignore[no-untyped-def]
    server: Server, tmp_path: Path, monkeypatch, qtbot
) -> None:
    counter_url = server.url_as(server.counter)
    a_config, b_config = tmp_path / "A" / "config", tmp_path / "B" / "config"

    # --- Counter A: the administrator migrates as the owner, in a process of its own. -------------------------
    env = {
        **os.environ,
        "MINWON_CONFIG_DIR": str(a_config),
        "MINWON_DATA_DIR": str(tmp_path / "A" / "data"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = subprocess.run(
        [sys.executable, "main.py", "--db", server.url_as(server.owner), "--migrate", "--counter-role", server.counter],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "최신으로" in done.stdout and server.counter in done.stdout
    assert (a_config / "rrn.key").exists() and (a_config / "rrn.key").stat().st_mode & 0o077 == 0

    a_settings = Settings(
        values={"key_file": str(a_config / "rrn.key"), "terminal_code": "창구-1"}, path=a_config / "s.json"
    )
    a_ctx = build_context(a_settings, db_url=counter_url)
    try:
        auth.create_first_admin(
            a_ctx.db.uow(), office_id=a_ctx.office.id, username="admin", display_name="관리자", password=PASSWORD
        )
        admin = _sign_in(a_ctx, "admin")
        for username in ("clerk.a", "clerk.b"):
            auth.create_user(
                a_ctx.db.uow(),
                admin,
                username=username,
                display_name=f"{username} 주무관",
                role="clerk",
                password=PASSWORD,
            )
        clerk_a = _sign_in(a_ctx, "clerk.a")
        person_a = applicants.upsert_applicant(a_ctx.db.uow(), clerk_a, name="홍길동", resident_number=A_NUMBER)
        sealed = tmp_path / "usb" / "minwon-key.json"
        exported = keys.export_key(
            a_ctx.db, admin, key_file=a_settings.key_file, path=sealed, passphrase=PASSPHRASE, confirm=PASSPHRASE
        )
        assert exported == (a_ctx.db.pii.key_id,) and sealed.exists()

        # --- Counter B: an empty config folder; the program as the office starts it (main.py --db URL). --------
        monkeypatch.setenv("MINWON_CONFIG_DIR", str(b_config))
        monkeypatch.setenv("MINWON_DATA_DIR", str(tmp_path / "B" / "data"))
        import main
        from app.settings import load_settings
        from ui.dialogs.keys import ImportKeyDialog

        with pytest.raises(db_keys.KeyMissing) as refused:
            build_context(load_settings(), db_url=counter_url)
        assert "키" in str(refused.value) and "가져오" in str(refused.value)
        assert refused.value.key_ids == exported
        assert not (b_config / "rrn.key").exists()  # no key of its own was made for an existing database

        shown: list[str] = []

        def the_clerk_types(dialog: ImportKeyDialog) -> int:
            qtbot.addWidget(dialog)
            dialog.show()
            shown.append(dialog.findChild(type(dialog.message), "keyProblem").text())
            dialog.path.setText(str(sealed))
            dialog.passphrase.setText(PASSPHRASE + "!")
            dialog.try_import()
            shown.append(dialog.message.text())
            dialog.grab().save(str(tmp_path / "import-refused.png"))
            dialog.passphrase.setText(PASSPHRASE)
            dialog.try_import()
            return dialog.result()

        started: list[AppContext] = []

        def to_sign_in(_app, ctx: AppContext, actor=None) -> int:  # type: ignore[no-untyped-def]
            started.append(ctx)
            return 0

        monkeypatch.setattr(ImportKeyDialog, "exec", the_clerk_types)
        monkeypatch.setattr("ui.session.run_session", to_sign_in)
        assert main.run_gui(main.parse_args(["--db", counter_url])) == 0
        assert shown[0] == str(refused.value)
        assert "암호가 맞지 않거나" in shown[1]
        assert [db_keys.key_id_of(k) for k in db_keys.load_key_ring(b_config / "rrn.key")] == list(exported)
        assert (b_config / "rrn.key").stat().st_mode & 0o077 == 0
        (b_ctx,) = started
        try:
            assert b_ctx.db.pii.key_id == a_ctx.db.pii.key_id
            clerk_b = _sign_in(b_ctx, "clerk.b")
            found = applicants.find_by_resident_number(b_ctx.db.uow(), clerk_b, A_NUMBER.replace("-", ""))
            assert found is not None and (found.id, found.name) == (person_a.id, "홍길동")
            with pytest.raises(ValidationError):  # a refusal, not a crash: the reason is required
                applicants.unmask_resident_number(b_ctx.db.uow(), clerk_b, applicant_id=found.id, reason="")
            full = applicants.unmask_resident_number(b_ctx.db.uow(), clerk_b, applicant_id=found.id, reason="본인 확인")
            assert full == A_NUMBER
            person_b = applicants.upsert_applicant(b_ctx.db.uow(), clerk_b, name="김영희", resident_number=B_NUMBER)
        finally:
            b_ctx.db.dispose()

        # --- Back at A: what B wrote is found by its number and reads in full. ---------------------------------
        back = applicants.find_by_resident_number(a_ctx.db.uow(), clerk_a, B_NUMBER)
        assert back is not None and (back.id, back.name) == (person_b.id, "김영희")
        assert applicants.unmask_resident_number(a_ctx.db.uow(), clerk_a, applicant_id=back.id, reason="본인 확인") == (
            B_NUMBER
        )
    finally:
        a_ctx.db.dispose()


def test_a_second_counter_is_set_up_from_the_first_start_dialog_alone(  # type: ignore[no-untyped-def]
    server: Server, tmp_path: Path, monkeypatch, qtbot
) -> None:
    """Issue 15's "done when": counter B has no settings.json and nothing typed on a command line; the first-start
    dialog connects as the counter role, imports the exported key, skips the printers, and the clerk signs in
    (the sign-in dialog, not the first-admin one) to a main window that reads A's person in full."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    import main
    from app.settings import load_settings
    from tests.ui.test_first_start import _enter, _fill_server, _MainWindowRun, _shot, _type
    from ui.dialogs.first_start import PAGE_KEY, PAGE_PRINTERS, FirstStartDialog
    from ui.dialogs.login import FirstAdminDialog, LoginDialog

    counter_url = server.url_as(server.counter)
    a_config, b_config = tmp_path / "A" / "config", tmp_path / "B" / "config"
    env = {**os.environ, "MINWON_CONFIG_DIR": str(a_config), "MINWON_DATA_DIR": str(tmp_path / "A" / "data")}
    done = subprocess.run(
        [sys.executable, "main.py", "--db", server.url_as(server.owner), "--migrate", "--counter-role", server.counter],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    a_settings = Settings(values={"key_file": str(a_config / "rrn.key"), "terminal_code": "창구-1"})
    a_ctx = build_context(a_settings, db_url=counter_url)
    try:
        auth.create_first_admin(
            a_ctx.db.uow(), office_id=a_ctx.office.id, username="admin", display_name="관리자", password=PASSWORD
        )
        admin = _sign_in(a_ctx, "admin")
        for username in ("clerk.a", "clerk.b"):
            auth.create_user(
                a_ctx.db.uow(), admin, username=username, display_name="주무관", role="clerk", password=PASSWORD
            )
        clerk_a = _sign_in(a_ctx, "clerk.a")
        person_a = applicants.upsert_applicant(a_ctx.db.uow(), clerk_a, name="홍길동", resident_number=A_NUMBER)
        sealed = tmp_path / "usb" / "minwon-key.json"
        exported = keys.export_key(
            a_ctx.db, admin, key_file=a_settings.key_file, path=sealed, passphrase=PASSPHRASE, confirm=PASSPHRASE
        )
    finally:
        a_ctx.db.dispose()

    monkeypatch.setenv("MINWON_CONFIG_DIR", str(b_config))
    monkeypatch.setenv("MINWON_DATA_DIR", str(tmp_path / "B" / "data"))
    pages: list[int] = []

    def the_installer(dialog: FirstStartDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        page = dialog.database_page
        _fill_server(qtbot, page, counter_url)
        page.test.setFocus()
        qtbot.keyClick(page.test, Qt.Key.Key_Space)
        assert page.result.text().startswith("연결되었습니다"), page.result.text()
        _shot(dialog, tmp_path, "e2e-1-network")
        _enter(qtbot, dialog)
        pages.append(dialog.currentId())
        _type(qtbot, dialog.key_page.path, str(sealed))
        _type(qtbot, dialog.key_page.passphrase, PASSPHRASE)
        _shot(dialog, tmp_path, "e2e-2-key")
        _enter(qtbot, dialog)
        pages.append(dialog.currentId())
        _enter(qtbot, dialog)  # 마침, printers as they are
        return dialog.result()

    signed_in: list[str] = []

    def the_clerk_signs_in(dialog: LoginDialog) -> int:
        qtbot.addWidget(dialog)
        if signed_in:
            return dialog.result()  # after the main window closed: nobody else
        qtbot.keyClicks(dialog.username, "clerk.b")
        qtbot.keyClick(dialog.username, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.password, PASSWORD)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        signed_in.append(dialog.actor.username if dialog.actor else dialog.message.text())
        return dialog.result()

    def no_first_admin(_dialog) -> int:  # type: ignore[no-untyped-def]
        raise AssertionError("the first-admin dialog on a database with users")

    monkeypatch.setattr(FirstStartDialog, "exec", the_installer)
    monkeypatch.setattr(LoginDialog, "exec", the_clerk_signs_in)
    monkeypatch.setattr(FirstAdminDialog, "exec", no_first_admin)
    shown = _MainWindowRun()
    monkeypatch.setattr(QApplication, "exec", shown)
    assert main.run_gui(main.parse_args([])) == 0
    assert pages == [PAGE_KEY, PAGE_PRINTERS]
    assert signed_in == ["clerk.b"] and shown.actors == ["clerk.b"]

    b_settings = load_settings()
    assert make_url(b_settings.db_url).username == server.counter
    assert b_settings.key_file == b_config / "rrn.key"
    assert [db_keys.key_id_of(k) for k in db_keys.load_key_ring(b_settings.key_file)] == list(exported)
    b_ctx = build_context(b_settings)  # the next start: settings.json alone
    try:
        clerk_b = _sign_in(b_ctx, "clerk.b")
        found = applicants.find_by_resident_number(b_ctx.db.uow(), clerk_b, A_NUMBER.replace("-", ""))
        assert found is not None and found.id == person_a.id
        full = applicants.unmask_resident_number(b_ctx.db.uow(), clerk_b, applicant_id=found.id, reason="본인 확인")
        assert full == A_NUMBER
    finally:
        b_ctx.db.dispose()
