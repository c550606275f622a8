"""Take the README's screenshots offscreen: the main window of a demo database, signed in as a clerk."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MINWON_CONFIG_DIR"] = str(Path(tmp) / "cfg")
        os.environ["MINWON_DATA_DIR"] = str(Path(tmp) / "data")
        from app.bootstrap import build_context
        from app.services import auth
        from app.services.demo import fill_demo
        from app.settings import load_settings
        from ui.app import create_application
        from ui.context import UiContext
        from ui.main_window import MainWindow
        from ui.tasks import TaskRunner

        ctx = build_context(load_settings(), db_url=f"sqlite:///{tmp}/demo.sqlite")
        run = fill_demo(ctx.db, office_id=ctx.office.id, terminal_id=ctx.terminal.id, terminal_code="창구-3")
        app = create_application()
        actor = auth.sign_in(
            ctx.db.uow(),
            username="kim.clerk",
            password=run.passwords["kim.clerk"],
            terminal_id=ctx.terminal.id,
            terminal_code=ctx.terminal.code,
        )
        window = MainWindow(UiContext(ctx, actor, TaskRunner(synchronous=True)))
        window.resize(1280, 800)
        window.show()
        names = sys.argv[1:] or list(window.pages)
        for name in names:
            page = window.show_tab(name)
            if name == "counter":  # the petition list says more about the program than an empty form
                page.sections.setCurrentWidget(page.petitions)
            for _ in range(5):
                app.processEvents()
            target = ROOT / "docs" / ("main-window.png" if name == "counter" else f"tab-{name}.png")
            window.grab().save(str(target))
            print(target)
        window.close()
        ctx.db.dispose()


if __name__ == "__main__":
    main()
