"""The window as the clerk feels it: ``python -m bench.gui --db URL --key-file K [--role clerk] [--runs 5]``.

- **start-up**: wall time from starting a Python process to the first paint of (a) a bare PySide6 main window,
  (b) the sign-in dialog as the program shows it (Qt with the fonts, the dialog: what a counter that signs in sees
  first; the database is opened behind it after its first paint, and the time that is open is printed too) and
  (c) this program's main window for a user signed in
  directly on the given database, then the tab on show built (after the first paint) and its first lists in;
  each in a fresh process, ``--runs`` times interleaved; medians and their ratio to the bare window's.
- **stalls**: in one process, the signed-in window with its real worker threads; a 10 ms heartbeat timer on the
  GUI thread records every gap, from building the window on: its first paint, the tab on show built after it,
  then (once the window's warm-up thread has imported the other tabs; ``--no-wait-warm-up``: at once) a scripted
  session of routine looking (every tab shown, every small filter of every tab tried in turn, each time until
  the workers are idle) — the longest gaps and what was happening. A gap is put down to the phase of the beat
  that ends it.
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


def _paint_then_quit(
    app: Any, window: Any, started: float, *, wait_for_tab: bool = False, quit_on_paint: bool = True
) -> None:
    """Print the time of the first paint; with ``wait_for_tab``, also of the tab on show built (the main
    window builds it after its first paint) and of its first lists arrived (the workers idle)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    def tab_built(_name: str) -> None:
        print(f"tab {time.perf_counter() - started:.4f} {time.process_time():.4f}", flush=True)
        poll.start(5)

    def lists_in() -> None:
        if window.ctx.tasks.pending == 0:
            poll.stop()
            print(f"lists {time.perf_counter() - started:.4f} {time.process_time():.4f}", flush=True)
            app.quit()

    poll = QTimer()
    poll.timeout.connect(lists_in)

    class FirstPaint(QObject):
        def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt naming
            if watched is window and event.type() == QEvent.Type.Paint:
                window.removeEventFilter(self)
                print(f"painted {time.perf_counter() - started:.4f} {time.process_time():.4f}", flush=True)
                if not wait_for_tab and quit_on_paint:
                    QTimer.singleShot(0, app.quit)
            return False

    if wait_for_tab:
        window.tab_built.connect(tab_built)
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
    if kind == "signin":
        # what a counter that signs in sees first (main.run_gui → ui.session.run_signing_in): the sign-in
        # dialog, painted before the database is opened behind it; then the database open (users counted, as
        # the sign-in needs), when Enter signs in at once
        import tempfile

        from ui.app import create_application

        app = create_application()
        from app.settings import Settings
        from ui.dialogs.login import DatabaseOpening, LoginDialog

        tmp = Path(tempfile.mkdtemp(prefix="bench-gui-"))
        settings = Settings(values={"key_file": key_file, "output_dir": str(tmp)}, path=tmp / "settings.json")
        opening = DatabaseOpening(settings, db)

        def opened() -> None:
            print(f"open {time.perf_counter() - started:.4f} {time.process_time():.4f}", flush=True)
            if opening.error is not None:
                raise SystemExit(f"signin: the database did not open: {opening.error}")
            # then as if the clerk had signed in at that moment (the password's check, one argon2 verify of
            # ~0.25 s by design, left out): the main window, to its first paint
            from PySide6.QtCore import QEvent, QObject

            from ui.context import UiContext
            from ui.main_window import MainWindow
            from ui.tasks import TaskRunner

            ctx = opening.ctx
            window = MainWindow(UiContext(ctx, _actor(ctx, role), TaskRunner(app)))
            window.resize(1280, 800)

            class Painted(QObject):
                def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt naming
                    if watched is window and event.type() == QEvent.Type.Paint:
                        window.removeEventFilter(self)
                        print(f"window {time.perf_counter() - started:.4f} {time.process_time():.4f}", flush=True)
                        app.quit()
                    return False

            spy = Painted(window)
            window.installEventFilter(spy)
            shown.append(window)
            dialog.hide()
            window.show()

        shown: list[Any] = []
        opening.finished.connect(opened)
        dialog = LoginDialog(None, opening=opening)
        _paint_then_quit(app, dialog, started, quit_on_paint=False)
        for window in shown:
            window.ctx.tasks.wait(30_000)
        return
    # in the program's order (main.run_gui): the database is opened before Qt is imported
    ctx = _context(db, key_file)
    actor = _actor(ctx, role)
    from ui.app import create_application

    app = create_application()
    from ui.context import UiContext
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner

    window = MainWindow(UiContext(ctx, actor, TaskRunner(app)))
    window.resize(1280, 800)
    # (an older window, which built its first tab before its first paint, has no ``tab_built``)
    _paint_then_quit(app, window, started, wait_for_tab=hasattr(window, "tab_built"))
    window.ctx.tasks.wait(30_000)


def _one_start(kind: str, args: argparse.Namespace) -> dict[str, float]:
    """Seconds from starting the process to each mark the child prints (``painted``; ``tab``, ``lists``)."""
    command = [sys.executable, "-m", "bench.gui", CHILD_FLAG, kind, "--db", args.db, "--key-file", args.key_file]
    command += ["--role", args.role]
    # An installed program has its byte code compiled (pip does it at install); this machine's shells set
    # PYTHONDONTWRITEBYTECODE, which would make every start compile every module again.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    marks: dict[str, float] = {}
    begin = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            label, *rest = line.split()
            if label in ("painted", "open", "window", "tab", "lists"):
                marks[label] = time.perf_counter() - begin
                if len(rest) == 2:  # the child's CPU time (every thread) by then: what the load does not change
                    marks[f"{label} cpu"] = float(rest[1])
        proc.wait()
    if "painted" not in marks:
        raise SystemExit(f"{kind}: the window was never painted (exit {proc.returncode})")
    return marks


def startup(args: argparse.Namespace) -> None:
    for kind in ("bare", "signin", "app"):  # warm-up: byte code written, files in the page cache
        _one_start(kind, args)
    # interleaved, so that a change of the machine's load falls on all three alike
    runs: dict[str, list[dict[str, float]]] = {"bare": [], "signin": [], "app": []}
    for _ in range(args.runs):
        for kind, marks in runs.items():
            marks.append(_one_start(kind, args))
    b = statistics.median(run["painted"] for run in runs["bare"])
    print(f"start-up from starting the process (median of {args.runs}, min–max, × the bare window):")
    rows = [
        ("bare", "painted", "bare PySide6 window: first paint"),
        ("signin", "painted", "sign-in dialog: first paint"),
        ("signin", "open", "  the database open behind it"),
        ("signin", "window", "  signed in then: the main window painted"),
        ("app", "painted", f"main window ({args.role}, signed in): first paint"),
        ("app", "tab", "  the tab on show built"),
        ("app", "lists", "  its first lists in"),
    ]
    for kind, mark, label in rows:
        values = [run[mark] for run in runs[kind] if mark in run]
        if not values:
            continue
        o = statistics.median(values)
        low, high = min(values) * 1000, max(values) * 1000
        print(f"  {label:<44} {o * 1000:6.0f} ms  ({low:.0f}–{high:.0f})  {o / b:.1f}×")
    print("  target: ≤ 3× the bare window")
    # On a shared machine the wall time follows the load; the CPU time the process spent (its own work,
    # every thread, from the interpreter's start) follows the program.
    bc = statistics.median(run["painted cpu"] for run in runs["bare"])
    print(f"CPU time of the process by then (median of {args.runs}, × the bare window's):")
    for kind, mark, label in rows:
        values = [run[f"{mark} cpu"] for run in runs[kind] if f"{mark} cpu" in run]
        if values:
            o = statistics.median(values)
            print(f"  {label:<44} {o * 1000:6.0f} ms  {o / bc:.1f}×")


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
    actor = _actor(ctx_app, args.role)
    app = create_application()
    # a refusal or an empty result must not wait for a click that never comes
    QMessageBox.exec = lambda self: 0  # type: ignore[method-assign]
    beat = _Heartbeat()
    beat.phase = "building the window"
    window = MainWindow(UiContext(ctx_app, actor, TaskRunner(app)))
    window.resize(1280, 800)
    beat.phase = "first paint, then the tab on show (imports on the warm-up thread)"
    window.show()

    def first_built(name: str) -> None:
        # a gap is put down to the phase of the beat that ends it: the build itself ends under this label
        window.tab_built.disconnect(first_built)
        beat.phase = f"{name}: built after the first paint, then its first lists"

    window.tab_built.connect(first_built)
    ctx = window.ctx
    _settle(app, ctx)
    # The tab on show comes after the first paint: wait for it, then for its lists, then for the warm-up
    # thread to have imported the other tabs (1–2 s here; a clerk's first F-key comes later than that —
    # a tab shown before still waits for its import: run with --no-wait-warm-up to see it).
    warmed: list[bool] = []
    end = time.perf_counter() + 60
    while time.perf_counter() < end:
        warm_up = window._warm_up  # noqa: SLF001 - the bench looks inside
        if warm_up is not None and not warmed:
            warm_up.done.connect(lambda: warmed.append(True))
            warmed.append(False)
        built = not window.tabs.currentWidget().objectName().startswith("unbuilt_")
        thread_done = warm_up is not None and (True in warmed or not warm_up.worker.is_alive())
        if built and (thread_done or not args.wait_warm_up):
            break
        app.processEvents()
        time.sleep(0.003)
    _settle(app, ctx)
    print(f"start of the session: {'after' if args.wait_warm_up else 'during'} the warm-up")
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
    parser.add_argument(
        "--no-wait-warm-up",
        dest="wait_warm_up",
        action="store_false",
        help="stalls: start the session as soon as the first tab's lists are in (before the other tabs' imports)",
    )
    parser.add_argument(CHILD_FLAG, choices=("bare", "signin", "app"), default=None, help=argparse.SUPPRESS)
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
