"""The window as the clerk feels it: ``python -m bench.gui --db URL --key-file K [--role clerk] [--runs 5]``.

- **start-up**: wall time from starting a Python process to the first paint of (a) a bare PySide6 main window and
  (b) this program's main window for a signed-in user on the given database (context with the migration check,
  fonts, every tab), each in a fresh process, ``--runs`` times; the ratio of the medians.
- **stalls**: in one process, the signed-in window with its real worker threads; a 10 ms heartbeat timer on the
  GUI thread records every gap; a scripted session of routine looking (every tab shown, every small filter of
  every tab tried in turn, each time until the workers are idle) — the longest gaps and what was happening.
- **memory**: the process's peak resident set after that session (``getrusage``; no tracemalloc, which would
  slow everything it measures).

Sign-in itself (one argon2 verify, ~0.25 s by design) is not part of the start-up figure: the user is signed in
directly. Offscreen (``QT_QPA_PLATFORM=offscreen``) unless a display is set.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

CHILD_FLAG = "--child"


def _actor(ctx: Any, role: str) -> Any:
    from app.services import auth
    from app.services.actor import Actor
    from db.models import StaffUser

    with ctx.db.uow() as uow:
        user = (
            uow.session.query(StaffUser)
            .filter(StaffUser.office_id == ctx.office.id, StaffUser.role == role, StaffUser.active.is_(True))
            .order_by(StaffUser.id)
            .first()
        )
        if user is None:
            user = auth._create(
                uow,
                office_id=ctx.office.id,
                username=f"bench.{role}",
                display_name="측정",
                role=role,
                password="bench-pass-1",
            )
            uow.commit()
        return Actor(
            user.id, user.username, user.display_name, user.role, user.office_id, ctx.terminal.id, ctx.terminal.code
        )


def _context(db: str, key_file: str) -> Any:
    import tempfile

    from app.bootstrap import build_context
    from app.settings import Settings

    tmp = Path(tempfile.mkdtemp(prefix="bench-gui-"))
    settings = Settings(values={"key_file": key_file, "output_dir": str(tmp)}, path=tmp / "settings.json")
    return build_context(settings, db_url=db)


def _paint_then_quit(app: Any, window: Any, started: float) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt naming
            if watched is window and event.type() == QEvent.Type.Paint:
                window.removeEventFilter(self)
                print(f"painted {time.perf_counter() - started:.4f}", flush=True)
                QTimer.singleShot(0, app.quit)
            return False

    spy = FirstPaint(window)
    window.installEventFilter(spy)
    window.show()
    app.exec()


def child(kind: str, db: str, key_file: str, role: str) -> None:
    started = time.perf_counter()
    if kind == "bare":
        from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.setCentralWidget(QLabel("빈 창"))
        window.resize(1280, 800)
        _paint_then_quit(app, window, started)
        return
    from ui.app import create_application

    ctx = _context(db, key_file)
    app = create_application()
    from ui.context import UiContext
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner

    window = MainWindow(UiContext(ctx, _actor(ctx, role), TaskRunner(app)))
    window.resize(1280, 800)
    _paint_then_quit(app, window, started)
    window.ctx.tasks.wait(30_000)


def _one_start(kind: str, args: argparse.Namespace) -> float:
    command = [sys.executable, "-m", "bench.gui", CHILD_FLAG, kind, "--db", args.db, "--key-file", args.key_file]
    command += ["--role", args.role]
    # An installed program has its byte code compiled (pip does it at install); this machine's shells set
    # PYTHONDONTWRITEBYTECODE, which would make every start compile every module again.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    begin = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("painted"):
                elapsed = time.perf_counter() - begin
                proc.stdout.read()
                break
        else:
            raise SystemExit(f"{kind}: the window was never painted (exit {proc.wait()})")
    return elapsed


def startup(args: argparse.Namespace) -> None:
    _one_start("bare", args), _one_start("app", args)  # warm-up: byte code written, files in the page cache
    bare = [_one_start("bare", args) for _ in range(args.runs)]
    ours = [_one_start("app", args) for _ in range(args.runs)]
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"start-up to the first paint (median of {args.runs}, min–max):")
    print(f"  bare PySide6 window  {b * 1000:7.0f} ms  ({min(bare) * 1000:.0f}–{max(bare) * 1000:.0f})")
    print(f"  Minwon Desk ({args.role:<8}) {o * 1000:7.0f} ms  ({min(ours) * 1000:.0f}–{max(ours) * 1000:.0f})")
    print(f"  ratio {o / b:.1f}× (target ≤ 3×)")


class _Heartbeat:
    """A 10 ms timer on the GUI thread; a gap longer than that is time the event loop could not run."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.phase = "start"
        self.gaps: list[tuple[float, str]] = []
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._beat)
        self.timer.start()

    def _beat(self) -> None:
        now = time.perf_counter()
        gap = now - self._last
        self._last = now
        if gap > 0.05:
            self.gaps.append((gap, self.phase))

    def reset(self) -> None:
        self._last = time.perf_counter()


def _settle(app: Any, ctx: Any, quiet_s: float = 0.25, limit_s: float = 120.0) -> None:
    """Run the event loop until the workers are idle and nothing arrived for ``quiet_s``."""
    end = time.perf_counter() + limit_s
    idle_since: float | None = None
    while time.perf_counter() < end:
        app.processEvents()
        if ctx.tasks.pending == 0:
            idle_since = idle_since or time.perf_counter()
            if time.perf_counter() - idle_since >= quiet_s:
                return
        else:
            idle_since = None
        time.sleep(0.003)


def stalls(args: argparse.Namespace) -> None:
    from PySide6.QtWidgets import QComboBox, QMessageBox

    from ui.app import create_application
    from ui.context import UiContext
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner

    ctx_app = _context(args.db, args.key_file)
    app = create_application()
    # a refusal or an empty result must not wait for a click that never comes
    QMessageBox.exec = lambda self: 0  # type: ignore[method-assign]
    beat = _Heartbeat()
    window = MainWindow(UiContext(ctx_app, _actor(ctx_app, args.role), TaskRunner(app)))
    window.resize(1280, 800)
    window.show()
    ctx = window.ctx
    _settle(app, ctx)
    for name in list(window.pages):
        beat.phase = f"{name}: shown"
        page = window.show_tab(name)
        _settle(app, ctx)
        for combo in page.findChildren(QComboBox):
            if not (combo.isVisible() and combo.isEnabled()) or combo.count() > 12:
                continue
            label = combo.objectName() or combo.accessibleName() or "combo"
            for i in [*range(combo.count()), 0]:
                beat.phase = f"{name}: {label} = {combo.itemText(i)}"
                combo.setCurrentIndex(i)
                _settle(app, ctx)
    beat.timer.stop()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worst = sorted(beat.gaps, reverse=True)
    over = [g for g in worst if g[0] > 0.1]
    print(f"GUI-thread stalls during the session ({args.role}): {len(over)} over 100 ms")
    for gap, phase in worst[:8]:
        print(f"  {gap * 1000:7.0f} ms  {phase}")
    print(f"peak resident memory: {peak_mb:.0f} MB (target < 300 MB)")
    window.close()
    ctx.tasks.wait(30_000)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    parser = argparse.ArgumentParser(prog="python -m bench.gui", description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--key-file", required=True)
    parser.add_argument("--role", default="clerk")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=("startup", "stalls"), default=None)
    parser.add_argument(CHILD_FLAG, choices=("bare", "app"), default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.db, args.key_file, args.role)
        return
    if args.only in (None, "startup"):
        startup(args)
    if args.only in (None, "stalls"):
        stalls(args)


if __name__ == "__main__":
    main()
