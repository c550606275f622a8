"""Take the screenshots of the role manuals (docs/manual/*.md) offscreen, from a demo database.

For each role (clerk, night, guide, supervisor, admin) it signs in the demo user of that role, grabs every tab
the role has and the help panel (Shift+F1) over the first tab, in Korean into ``docs/manual/img/<role>-<tab>.png``
and in English into ``docs/manual/img/en/<role>-<tab>.png`` (the English manuals show those).
Before each grab it reads every text on screen (labels, fields, table cells) and stops when a resident number is
shown unmasked (``900101-1234567``): a screenshot in the docs must never carry one.

    .venv/bin/python docs/make_manual_screenshots.py            # every role, both languages
    .venv/bin/python docs/make_manual_screenshots.py clerk guide
    .venv/bin/python docs/make_manual_screenshots.py --lang en admin
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "manual" / "img"

# role -> the demo user of app/services/demo.py
USERS = {
    "clerk": "kim.clerk",
    "night": "park.night",
    "guide": "choi.guide",
    "supervisor": "jung.super",
    "admin": "admin",
}
UNMASKED = re.compile(r"\b\d{6}\s*-?\s*[1-8]\d{6}\b")


def shown_texts(root) -> list[str]:  # type: ignore[no-untyped-def]
    """Every text a visible widget under ``root`` shows (labels, buttons, fields, table cells)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLabel, QLineEdit, QWidget

    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QLineEdit) and widget.echoMode() == QLineEdit.EchoMode.Normal:
            texts.append(widget.text())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(min(model.rowCount(), 200)):
                for column in range(model.columnCount()):
                    value = model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
                    if value is not None:
                        texts.append(str(value))
    return texts


def check_masked(root, what: str) -> None:  # type: ignore[no-untyped-def]
    leaks = [text for text in shown_texts(root) if UNMASKED.search(text)]
    if leaks:
        raise SystemExit(f"{what}: a resident number is shown unmasked: {leaks[:3]}")


def main() -> None:
    args = sys.argv[1:]
    languages = ("ko", "en")
    if "--lang" in args:
        at = args.index("--lang")
        languages = (args[at + 1],)
        del args[at : at + 2]
    roles = args or list(USERS)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MINWON_CONFIG_DIR"] = str(Path(tmp) / "cfg")
        os.environ["MINWON_DATA_DIR"] = str(Path(tmp) / "data")
        from PySide6.QtWidgets import QApplication

        from app.bootstrap import build_context
        from app.domain.calendar import SEOUL
        from app.services import auth
        from app.services import roles as role_rules
        from app.services.demo import fill_demo
        from app.settings import load_settings
        from ui.app import create_application
        from ui.context import UiContext
        from app.formatting import set_locale
        from ui.help import tab_names, toggle_help
        from ui.i18n import set_language
        from ui.main_window import MainWindow
        from ui.tasks import TaskRunner

        # The night window's pictures are taken as if inside its hours (Thursday 18:30).
        role_rules.night_window_open = lambda _now: True  # type: ignore[assignment]
        auth.night_window_open = lambda _now: True  # type: ignore[assignment]
        auth._office_closed = lambda *_args: False  # type: ignore[assignment]  # a weekday, not a holiday
        in_the_night_window = datetime(2026, 11, 26, 18, 30, tzinfo=SEOUL)
        ctx = build_context(load_settings(), db_url=f"sqlite:///{tmp}/demo.sqlite")
        run = fill_demo(ctx.db, office_id=ctx.office.id, terminal_id=ctx.terminal.id, terminal_code="창구-3")
        app = create_application()
        for lang, role in [(lang, role) for lang in languages for role in roles]:
            set_language(lang)
            set_locale(lang)
            out = OUT if lang == "ko" else OUT / lang
            out.mkdir(parents=True, exist_ok=True)
            username = USERS[role]
            actor = auth.sign_in(
                ctx.db.uow(),
                username=username,
                password=run.passwords[username],
                terminal_id=ctx.terminal.id,
                terminal_code=ctx.terminal.code,
            )
            window = MainWindow(UiContext(ctx, actor, TaskRunner(synchronous=True)))
            window.resize(1280, 800)
            window.show()
            if role == "night":
                window.check_night_window(in_the_night_window)
            for name in tab_names(window):
                page = window.show_tab(name)
                sections = getattr(page, "sections", None)
                if name == "counter" and role != "guide" and getattr(page, "petitions", None) is not None:
                    if sections is not None:
                        sections.setCurrentWidget(page.petitions)
                for _ in range(5):
                    app.processEvents()
                check_masked(window, f"{role}/{name}")
                target = out / f"{role}-{name}.png"
                window.grab().save(str(target))
                print(target)
            window.show_tab(tab_names(window)[0])
            toggle_help(window)
            for _ in range(5):
                app.processEvents()
            check_masked(window, f"{role}/help")
            target = out / f"{role}-help.png"
            window.grab().save(str(target))
            print(target)
            window.close()
            QApplication.processEvents()
        ctx.db.dispose()


if __name__ == "__main__":
    main()
