"""The program opens its database before it imports Qt: every module imported after PySide6 pays PySide's import
hook, so the pure-Python part of the start (SQLAlchemy, the models, the services) comes first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_run_gui_opens_the_database_before_qt_is_imported(tmp_path: Path) -> None:
    code = (
        "import sys, main, app.bootstrap as b\n"
        "seen = []\n"
        "def opened(settings, db_url=None):\n"
        "    seen.append('PySide6' in sys.modules)\n"
        "    raise SystemExit(0)\n"
        "b.build_context = opened\n"
        "try:\n"
        f"    main.run_gui(main.parse_args(['--db', 'sqlite:///{tmp_path}/x.sqlite']))\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(seen)\n"
    )
    env = {**os.environ, "MINWON_CONFIG_DIR": str(tmp_path / "c"), "MINWON_DATA_DIR": str(tmp_path / "d")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[False]"


def test_the_display_check_needs_no_qt() -> None:
    code = "import sys, ui.app\nui.app.missing_system_libraries()\nprint('PySide6' in sys.modules)\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
