"""The main window: six tabs (F1–F6), a status bar with the user, the database and the clock."""

from __future__ import annotations

import importlib
import importlib.util
import logging
import pkgutil
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QInputEvent, QKeyEvent, QKeySequence, QPaintEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QPushButton, QTabWidget, QWidget

from app.formatting import clock
from app.services import auth, outbox
from app.services.roles import (
    night_grace,
    night_window_end,
    night_window_phase,
)
from ui.accessible import install_names
from ui.busy import BusySign
from ui.context import UiContext
from ui.dialogs.lock import LockDialog
from ui.help import install_help
from ui.i18n import N_, night_hours_text, role_name, tr
from ui.tabs import TAB_PERMISSIONS
from ui.tabs.placeholder import PlaceholderTab

if TYPE_CHECKING:
    from ui.dialogs.applicant import ApplicantDialog

log = logging.getLogger(__name__)
TabFactory = Callable[[UiContext], QWidget]
_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
}

NIGHT_CLOSED_STYLE = "background: #b00020; color: white; padding: 6px; font-weight: bold"
NIGHT_SOON_STYLE = "background: #8a4b00; color: white; padding: 6px; font-weight: bold"

# the status bar's database line by kind (``db.engine.DatabaseInfo.label`` is the same in Korean)
DATABASE_KINDS = {"sqlite": N_("로컬"), "postgresql": N_("네트워크")}


# (module in ui/tabs, Korean title, what the tab will hold while it is not built yet)
TABS: tuple[tuple[str, str, str], ...] = (
    (
        "counter",
        N_("증명·민원"),
        N_("제증명 발급(주민등록 등·초본, 인감, 가족관계등록부 증명서, 사실증명)과 수수료 수납, "
        "유기한 민원 접수·처리와 처리기한 관리가 이곳에 들어옵니다."),
    ),
    (
        "family",
        N_("가족관계등록"),
        N_("출생·사망·혼인·이혼·개명 신고 접수, 신고기한과 과태료 계산, 후속절차 안내문 출력이 이곳에 들어옵니다."),
    ),
    (
        "passport",
        N_("여권"),
        N_("여권 발급 접수와 수수료, 구비서류 안내, 긴급여권(3시간 처리), 교부와 미수령 여권 관리가 이곳에 들어옵니다."),
    ),
    (
        "welfare",
        N_("복지 조회"),
        N_("출생·사망·입학 등 생애 사건별 복지 혜택(첫만남이용권, 부모급여, 아동수당, 안심상속 등)과 "
        "직원 후생복지 조회가 이곳에 들어옵니다."),
    ),
    ("stats", N_("통계·마감"), N_("일일 수납 마감, 처리상황 점검(예고장·독촉장), 기간별 업무 통계가 이곳에 들어옵니다.")),
    ("admin", N_("관리"), N_("사용자와 역할, 수수료·민원 목록, 기관·단말 설정, 접속기록 검토가 이곳에 들어옵니다.")),
)


def _factory(module_name: str, title: str, description: str) -> TabFactory:
    """The tab module's ``create_tab(ctx)`` when ``ui/tabs/<module>.py`` exists, else a placeholder. The module
    is imported when the tab is first built (start-up imports the first tab's only)."""
    if importlib.util.find_spec(f"ui.tabs.{module_name}") is not None:
        return lambda ctx: importlib.import_module(f"ui.tabs.{module_name}").create_tab(ctx)
    return lambda ctx: PlaceholderTab(ctx, title=title, description=description)


def _usable(module_name: str, ctx: UiContext) -> bool:
    """A tab that only some roles can use says so in ``ui.tabs.TAB_PERMISSIONS``; the others do not get it."""
    needed = TAB_PERMISSIONS.get(module_name)
    return needed is None or any(ctx.can(permission) for permission in needed)


def tab_specs() -> list[tuple[str, str, TabFactory]]:
    """(object name, Korean title, factory) for the six tabs, in F-key order."""
    return [(name, title, _factory(name, title, description)) for name, title, description in TABS]


class LazyPages(dict[str, QWidget]):
    """The window's tabs by name; a tab not built yet is built when it is first asked for. ``names`` lists every
    tab the user has (``in``, ``len`` and iteration answer for those); ``items()``/``values()`` are the tabs
    built so far."""

    def __init__(self, build: Callable[[str], QWidget]) -> None:
        super().__init__()
        self._build = build
        self.names: list[str] = []

    def __missing__(self, name: str) -> QWidget:
        if name not in self.names:
            raise KeyError(name)
        page = self._build(name)
        self[name] = page
        return page

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.names))

    def __len__(self) -> int:
        return len(self.names)


def _warm_caches() -> None:
    """What the first screens read from files once (cached for the run): the holiday calendar, the number
    formats of the language, the certificate and petition catalogs."""
    from app.domain import calendar
    from app.domain.certificates import list_certificate_kinds
    from app.domain.petitions import list_petition_types
    from app.formatting import number

    calendar.warm_up()
    number(0)
    list_certificate_kinds()
    list_petition_types()


class _WarmUp(QObject):
    """After the first paint, on a thread of its own: import the first tab's module and read the caches its
    screens need, tell the window (which then builds the tab on the GUI thread), then import the other tabs'
    modules, so that a tab first shown later costs its widgets only. Imports on this thread leave the GUI
    thread free to paint and answer (Python hands the interpreter over every few milliseconds); a module the
    GUI thread needs meanwhile waits for this thread's import of it, never imports it twice."""

    ready = Signal(str)  # a tab's module is imported (queued to the GUI thread)
    done = Signal()

    def __init__(self, parent: QObject, first: str | None, others: list[str]) -> None:
        super().__init__(parent)
        self._first = first
        self._others = others
        # set by the window once the first tab is built: until then this thread does not compete with the
        # GUI thread for the interpreter (the build would take twice as long)
        self.go_on = threading.Event()
        self.worker = threading.Thread(target=self._run, name="minwon-warm-up", daemon=True)

    @staticmethod
    def _import(name: str) -> None:
        """The tab's module and its pages' (``ui/tabs/<name>_*.py``: a tab may import those when first shown)."""
        if importlib.util.find_spec(f"ui.tabs.{name}") is None:
            return
        importlib.import_module(f"ui.tabs.{name}")
        import ui.tabs

        for found in pkgutil.iter_modules(ui.tabs.__path__):
            if found.name.startswith(f"{name}_"):
                importlib.import_module(f"ui.tabs.{found.name}")

    def _run(self) -> None:
        # The GUI thread takes the interpreter back for every event it hands to Python (the idle lock's filter
        # sees them all); by default it waits up to 5 ms each time while this thread imports, which adds up
        # to stalls of a few hundred ms. While this runs the handover is made ten times as quick.
        interval = sys.getswitchinterval()
        sys.setswitchinterval(min(interval, 0.0005))
        try:
            self._warm()
        finally:
            sys.setswitchinterval(interval)

    def _warm(self) -> None:
        try:
            if self._first is not None:
                self._step(partial(self._import, self._first))
                self._step(_warm_caches)
                self._emit(self.ready, self._first)
                self.go_on.wait(10)
            for name in self._others:
                self._step(partial(self._import, name))
            self._step(_warm_caches)
            self._emit(self.done)
        except RuntimeError:
            pass  # the window went while this ran: nobody is waiting for it

    @staticmethod
    def _step(step: Callable[[], object]) -> None:
        try:
            step()
        except Exception:  # noqa: BLE001 - only a head start: the GUI thread imports it again and reports it
            log.warning("warm-up step failed; the tab loads when first shown", exc_info=True)

    @staticmethod
    def _emit(signal: object, *args: object) -> None:
        signal.emit(*args)  # type: ignore[attr-defined]


class MainWindow(QMainWindow):
    # a tab was built (the one on show: after the first paint); its first lists are on their way
    tab_built = Signal(str)

    def __init__(self, ctx: UiContext, *, tabs: list[tuple[str, str, TabFactory]] | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        # The window paints first; the tab on show is built after that (``_first_paint``, ``ensure_built``).
        self._painted = False
        self._defer_build = True
        self._warm_up: _WarmUp | None = None
        office = ctx.app.office
        self.setWindowTitle(tr("민원창구 — {name} {department}", name=office.name, department=office.department))
        self.resize(1280, 800)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.setCentralWidget(self.tabs)
        # Tabs are built when first shown (or first asked for): start-up builds the first one only.
        self.pages = LazyPages(self._build_page)
        self._factories: dict[str, TabFactory] = {}
        for index, (name, title, factory) in enumerate(tabs or tab_specs()):
            if not _usable(name, ctx):
                continue  # a role sees only the tabs it can use (the guide gets no empty 통계·마감 page)
            self._factories[name] = factory
            self.pages.names.append(name)
            holder = QWidget()
            holder.setObjectName(f"unbuilt_{name}")
            # the F-key stays the tab's own (F5 is 통계·마감 for everyone who has it)
            # the title in the UI language first, then the key: "Administration (F6)"; an "&" of the title is
            # written, not a mnemonic ("Certificates & Petitions")
            self.tabs.addTab(holder, f"{tr(title).replace('&', '&&')} (F{index + 1})")
            shortcut = QShortcut(QKeySequence(f"F{index + 1}"), self)
            shortcut.activated.connect(lambda n=name: self.show_tab(n))
        self.tabs.currentChanged.connect(self._tab_changed)

        if ctx.can("applicant.read"):
            lookup = QShortcut(QKeySequence("F7"), self)
            lookup.activated.connect(self.open_applicant_lookup)
        install_help(self)  # Shift+F1: the help panel of the current tab (ui/help.py)
        install_names(self)  # every control gets an accessible name (ui/accessible.py)

        status = self.statusBar()
        actor = ctx.actor
        if ctx.can("applicant.read"):
            status.addPermanentWidget(QLabel(tr("F7 민원인 조회")))
        self.user_label = QLabel(
            tr(
                "사용자: {name} ({role}) · 창구: {terminal}",
                name=actor.display_name,
                role=role_name(actor),
                terminal=ctx.app.terminal.name,
            )
        )
        info = ctx.app.info
        kind = DATABASE_KINDS.get(info.kind)
        self.db_label = QLabel(tr("DB: {kind} ({where})", kind=tr(kind) if kind else info.label, where=info.where))
        self.clock_label = QLabel()
        self.user_label.setObjectName("statusUser")
        self.db_label.setObjectName("statusDatabase")
        self.clock_label.setObjectName("statusClock")
        status.addWidget(self.user_label)
        status.addWidget(self.db_label, 1)
        self.busy_sign = BusySign(status, ctx.tasks)  # work over ~300 ms says so in the status bar
        status.addPermanentWidget(self.clock_label)
        self._clock = QTimer(self)
        self._clock.timeout.connect(self._tick)
        self._clock.start(1000)
        self._tick()
        # what other counters commit on the shared server refreshes the lists on screen (ui.changes)
        ctx.changes.listen_remote()
        # Result messages go out from whichever counter is running, on the database worker.
        self._sender = outbox.sender_from_settings(ctx.app.settings, demo=ctx.app.office.demo)
        self._sms_timer = QTimer(self)
        self._sms_timer.timeout.connect(self.deliver_messages)
        self._sms_timer.start(30_000)

        # Night staff: outside the night window the session says so and offers nothing.
        self.night_banner = QLabel()
        self.night_banner.setObjectName("nightBanner")
        self.night_banner.setStyleSheet(NIGHT_CLOSED_STYLE)
        self.night_phase = "open"
        self.night_banner.setVisible(False)
        status.insertWidget(0, self.night_banner)
        # An outage is one banner, gone by itself when the server answers again (ui/connection.py).
        self.connection_banner = QLabel(tr("연결 끊김 — 재시도 중 (입력한 내용은 그대로 있습니다)"))
        self.connection_banner.setObjectName("connectionBanner")
        self.connection_banner.setStyleSheet("background: #8a6d00; color: white; padding: 6px; font-weight: bold")
        self.connection_banner.setVisible(False)
        status.insertWidget(0, self.connection_banner)
        # A bound method: Qt disconnects it when the window goes (the connection state outlives windows).
        ctx.connection.changed.connect(self._show_connection)
        if ctx.actor.role == "night":
            self._night_timer = QTimer(self)
            self._night_timer.timeout.connect(self.check_night_window)
            self._night_timer.start(30_000)
            self.check_night_window()

        # Idle lock: any key or mouse activity in the application restarts the countdown; F12 locks now.
        self.locked = False
        self._hidden_while_locked: list[QWidget] = []
        status.addPermanentWidget(QLabel(tr("F12 화면 잠금")))
        # Sign-out / switch user at a shared counter: the window goes with everything typed in it, the
        # next person signs in to a new one (ui/session.py).
        self.sign_out_requested = False
        self.sign_out_button = QPushButton(tr("로그아웃 (Ctrl+Shift+Q)"))
        self.sign_out_button.setObjectName("signOutButton")
        self.sign_out_button.setToolTip(tr("로그아웃하고 다음 사람이 로그인합니다 (입력 중인 내용은 지워집니다)"))
        self.sign_out_button.clicked.connect(self.sign_out)
        status.addPermanentWidget(self.sign_out_button)
        sign_out_key = QShortcut(QKeySequence("Ctrl+Shift+Q"), self)
        sign_out_key.setContext(Qt.ShortcutContext.ApplicationShortcut)
        sign_out_key.activated.connect(self.sign_out)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self.lock_screen)
        self.idle_msecs = max(1, int(ctx.app.settings.get("idle_lock_minutes"))) * 60_000
        self._idle.start(self.idle_msecs)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        # The daily backup of a local database (issue 15), on the I/O lane.
        from ui.tabs.admin_backup import DailyBackup

        self.daily_backup = DailyBackup(self, ctx)
        # This user's window size and splitters on this PC, as they left them (ui/window_state.py).
        from ui.window_state import restore_window_state

        restore_window_state(self, ctx.actor.username, self.pages)
        self._defer_build = False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        if not self._painted:  # should a platform never send the window itself a paint: go on all the same
            QTimer.singleShot(1000, self._paint_missed)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt naming
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._first_paint)

    def _paint_missed(self) -> None:
        if not self._painted:
            self._painted = True
            self._first_paint()

    def _first_paint(self) -> None:
        """The window is on screen: now the tab on show. With real worker threads its module is imported and
        its caches read on the warm-up thread first (the tab is built when that says ``ready``), and the other
        tabs' modules follow in the background; with synchronous tasks (tests) it is built at once."""
        if not self.isVisible():
            return  # closed before it came to this (a sign-out at once): nothing to build
        current = self._unbuilt(self.tabs.currentIndex())
        if self.ctx.tasks.synchronous:
            self.ensure_built()
            return
        others = [name for name in self.pages.names if name != current]
        self._warm_up = _WarmUp(self, current, others)
        self._warm_up.ready.connect(self._warmed)
        self._warm_up.worker.start()

    def _warmed(self, name: str) -> None:
        # the clerk may have gone to another tab meanwhile (that one was built when shown), or signed out
        if self.isVisible() and self._unbuilt(self.tabs.currentIndex()) == name:
            self.ensure_built()
        if self._warm_up is not None:
            self._warm_up.go_on.set()

    def ensure_built(self) -> QWidget | None:
        """Build the tab on show now if it is not built yet (it is built after the first paint otherwise);
        returns it. Tests call it after showing the window (tests/ui/conftest.py)."""
        self._painted = True
        index = self.tabs.currentIndex()
        name = self._unbuilt(index)
        if name is not None:
            self.pages[name]
        return self.tabs.currentWidget()

    def _unbuilt(self, index: int) -> str | None:
        holder = self.tabs.widget(index)
        if holder is not None and holder.objectName().startswith("unbuilt_"):
            return holder.objectName().removeprefix("unbuilt_")
        return None

    def check_night_window(self, now: datetime | None = None) -> bool:
        """Night staff: warn from 10 minutes before the end, let what was begun be finished in the grace
        (``night_grace_minutes``), then offer nothing. Work is refused by the services on their own; here the
        window only says so, and no dialog is left open over disabled tabs (it could no longer be closed)."""
        moment = now or datetime.now(UTC)
        phase = night_window_phase(moment)
        end = night_window_end(moment)
        usable = phase != "closed"
        if not usable and self.tabs.isEnabled():
            self._close_dialogs()
        self.tabs.setEnabled(usable)
        self.night_phase = phase
        if phase == "open":
            self.night_banner.setVisible(False)
            return True
        self.night_banner.setVisible(True)
        if phase == "closing" and end is not None:
            left = max(1, -(-int((end - moment).total_seconds()) // 60))
            self.night_banner.setStyleSheet(NIGHT_SOON_STYLE)
            end_at = f"{end:%H:%M}"
            self.night_banner.setText(
                tr(
                    "야간 민원실 운영이 {end}에 끝납니다 ({minutes}분 남음). 새 접수는 {end} 전에 시작하세요.",
                    end=end_at,
                    minutes=left,
                )
            )
        elif phase == "grace" and end is not None:
            until = end + night_grace()
            end_at, until_at = f"{end:%H:%M}", f"{until:%H:%M}"
            self.night_banner.setStyleSheet(NIGHT_SOON_STYLE)
            self.night_banner.setText(
                tr(
                    "운영시간이 {end}에 끝났습니다. {end} 전에 시작한 업무만 {until}까지 마칠 수 있습니다.",
                    end=end_at,
                    until=until_at,
                )
            )
        else:
            self.night_banner.setStyleSheet(NIGHT_CLOSED_STYLE)
            self.night_banner.setText(tr(
                "야간 민원실 운영시간({hours})이 아닙니다. 업무를 할 수 없습니다.",
                hours=night_hours_text(),
            ))
        # the whole sentence: the status bar squeezes the database line instead of this one
        self.night_banner.setMinimumWidth(self.night_banner.sizeHint().width())
        return usable

    def _close_dialogs(self) -> None:
        """Close every dialog and message box open over this window before its tabs are disabled: a dialog of a
        disabled tab turns grey and cannot be closed any more."""
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible() and dialog is not getattr(self, "lock_dialog", None):
                dialog.reject()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        # every event of the application passes here: the cheap test first (all the activity is input)
        if not self.locked and isinstance(event, QInputEvent) and event.type() in _ACTIVITY:
            self._idle.start(self.idle_msecs)
            # F12 locks at once, from the window or any dialog open over it (the application filter
            # sees the key wherever the focus is).
            if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_F12:
                self.lock_screen()
                return True
        return False

    def lock_screen(self) -> None:
        """Hide the work (resident numbers may be on screen) and ask for the password again."""
        if self.locked:
            return
        self.locked = True
        self._idle.stop()
        self.tabs.setVisible(False)
        # Open dialogs (a 민원인 조회 with a revealed number, say) are hidden with the work.
        app = QApplication.instance()
        self._hidden_while_locked = [
            w
            for w in (app.topLevelWidgets() if isinstance(app, QApplication) else [])
            if w is not self and w.isVisible()
        ]
        for widget in self._hidden_while_locked:
            widget.hide()
        self._log_lock(locked=True)
        self.lock_dialog = LockDialog(self.ctx, self)
        self.lock_dialog.accepted.connect(self._unlocked)
        self.lock_dialog.switch_user.connect(self.sign_out)
        self.lock_dialog.open()

    def _unlocked(self) -> None:
        self.locked = False
        self.tabs.setVisible(True)
        for widget in self._hidden_while_locked:
            widget.show()
        self._hidden_while_locked = []
        self._log_lock(locked=False)
        self._idle.start(self.idle_msecs)

    def _log_lock(self, *, locked: bool) -> None:
        # On the database worker; the lock itself must work even when the database is away.
        ctx = self.ctx
        ctx.tasks.submit(
            lambda: auth.record_screen_lock(ctx.uow(), ctx.actor, locked=locked),
            on_error=lambda exc: log.error("could not log the screen lock: %s", exc),
        )

    def sign_out(self) -> None:
        """End this user's session here; the next person signs in (ui/session.run_session). Saves already
        sent are finished first, so nothing that was saved is lost; what was only typed goes with the window."""
        lock_dialog = getattr(self, "lock_dialog", None)
        if self.locked and lock_dialog is not None:
            lock_dialog.done(0)
        self.ctx.tasks.wait(15_000)
        self.sign_out_requested = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt naming
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._idle.stop()
        self._sms_timer.stop()
        self.daily_backup.stop()
        if self._warm_up is not None:
            self._warm_up.go_on.set()  # not held for a tab that will not be built
        from ui.window_state import save_window_state

        save_window_state(self, self.ctx.actor.username, self.pages)
        self.ctx.changes.stop()
        super().closeEvent(event)

    def _show_connection(self, online: bool) -> None:
        self.connection_banner.setVisible(not online)

    def deliver_messages(self) -> None:
        db = self.ctx.app.db
        # On the I/O lane: a gateway that hangs must never delay a certificate on the database lane. A failed
        # round stays in the outbox and is tried again on the next tick.
        self.ctx.tasks.submit(
            lambda: outbox.deliver_pending(db, self._sender),
            on_error=lambda exc: log.info("SMS delivery round failed, retried later: %s", exc),
            lane="io",
        )

    def _tick(self) -> None:
        self.clock_label.setText(clock(datetime.now(UTC)))

    def open_applicant_lookup(self) -> ApplicantDialog:
        from ui.dialogs.applicant import ApplicantDialog

        dialog = ApplicantDialog(self.ctx, self)
        dialog.open()
        self.applicant_dialog = dialog
        return dialog

    def _tab_changed(self, index: int) -> None:
        if self._defer_build and not self._painted:
            return  # the window is being made: the tab on show is built after the first paint
        name = self._unbuilt(index)
        if name is not None:
            self.pages[name]  # builds it in the holder's place

    def _build_page(self, name: str) -> QWidget:
        page = self._factories[name](self.ctx)
        page.setObjectName(f"tab_{name}")
        holder = self.findChild(QWidget, f"unbuilt_{name}")
        if holder is not None:
            index = self.tabs.indexOf(holder)
            current = self.tabs.currentIndex() == index
            blocked = self.tabs.blockSignals(True)
            self.tabs.insertTab(index, page, self.tabs.tabText(index))
            self.tabs.removeTab(index + 1)
            holder.deleteLater()
            if current:
                self.tabs.setCurrentIndex(index)
            self.tabs.blockSignals(blocked)
            if current:
                self.tabs.currentChanged.emit(index)
        self.tab_built.emit(name)
        return page

    def show_tab(self, name: str) -> QWidget:
        page = self.pages[name]
        self.tabs.setCurrentWidget(page)
        return page
