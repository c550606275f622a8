"""The usual start (a counter signed out) paints the sign-in dialog before SQLAlchemy, the models and the
database are touched: those are opened on a thread behind the dialog (``ui.dialogs.login.DatabaseOpening``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import sys, time
import main
import ui.dialogs.login as login
from PySide6.QtWidgets import QApplication, QDialog

seen = {}
painted = login.LoginDialog.paintEvent

def paint(self, event):
    seen.setdefault("sqlalchemy imported at the first paint", "sqlalchemy" in sys.modules)
    seen.setdefault("database open at the first paint", self.opening is not None and self.opening.done.is_set())
    painted(self, event)

def exec_(self):
    self.show()
    deadline = time.monotonic() + 60
    while not self.opening.done.is_set() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    for _ in range(20):
        QApplication.processEvents()
    seen["header"] = self.header.text()
    seen["error"] = repr(self.opening.error)
    return QDialog.DialogCode.Rejected

def first_admin(self):
    seen["first admin asked"] = True
    return QDialog.DialogCode.Rejected

login.LoginDialog.paintEvent = paint
login.LoginDialog.exec = exec_
login.FirstAdminDialog.exec = first_admin
code = main.run_gui(main.parse_args(["--db", sys.argv[1]]))
print(code, seen)
"""


def _run(tmp_path: Path, url: str) -> str:
    env = {**os.environ, "MINWON_CONFIG_DIR": str(tmp_path / "c"), "MINWON_DATA_DIR": str(tmp_path / "d")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run(
        [sys.executable, "-c", CHILD, url], capture_output=True, text=True, cwd=ROOT, env=env, timeout=180
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_sign_in_dialog_is_painted_before_the_database_is_opened(tmp_path: Path) -> None:
    said = _run(tmp_path, f"sqlite:///{tmp_path}/counter.sqlite")
    # a new database has no user: the sign-in gives way to the first administrator's dialog
    assert "'sqlalchemy imported at the first paint': False" in said, said
    assert "'database open at the first paint': False" in said, said
    assert "'error': 'None'" in said and "'first admin asked': True" in said, said


def test_once_open_the_sign_in_names_the_office_and_the_counter(tmp_path: Path) -> None:
    from app.bootstrap import build_context
    from app.services import auth
    from app.settings import Settings

    url = f"sqlite:///{tmp_path}/counter.sqlite"
    settings = Settings(values={"key_file": str(tmp_path / "c" / "rrn.key"), "terminal_code": "창구-7"})
    ctx = build_context(settings, db_url=url)
    try:
        auth.create_first_admin(ctx.db.uow(), office_id=ctx.office.id, username="admin", display_name="관리자",
                                password="test-pass-1")
        office = ctx.office.name
    finally:
        ctx.db.dispose()
    said = _run(tmp_path, url)
    assert said.startswith("0 ") and "'sqlalchemy imported at the first paint': False" in said, said
    assert office in said and "first admin asked" not in said, said


def test_the_display_check_needs_no_qt() -> None:
    code = "import sys, ui.app\nui.app.missing_system_libraries()\nprint('PySide6' in sys.modules)\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
