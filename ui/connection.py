"""The connection to the database as a state, not a pile of dialogs.

When a call cannot reach the server, the counter is *offline*: the status bar shows one banner
(연결 끊김 — 재시도 중), background refreshes pause, and a probe asks the server again with a growing pause
(2 s, 4 s, … 30 s). The first answer — the probe's or any call's — makes the counter *online* again, the
banner goes, and the screens refresh once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from db import errors
from db.uow import UnitOfWork
from ui.changes import concerns
from ui.tasks import TaskRunner


class _Context(Protocol):
    tasks: TaskRunner

    def uow(self) -> UnitOfWork: ...


class _Connected(Protocol):
    connection: Any

OUTAGE_KINDS = (errors.UNREACHABLE, errors.TIMEOUT)
FIRST_RETRY_MS = 2_000
MAX_RETRY_MS = 30_000


def is_outage(exc: BaseException) -> bool:
    found = errors.classify(exc)
    return found is not None and found.kind in OUTAGE_KINDS


class ConnectionState(QObject):
    changed = Signal(bool)  # online

    def __init__(self, ctx: _Context, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.online = True
        self.retry_ms = FIRST_RETRY_MS
        self._probe = QTimer(self)
        self._probe.setSingleShot(True)
        self._probe.timeout.connect(self.probe)
        self._probing = False

    def report(self, exc: BaseException | None) -> bool:
        """Note the outcome of a call (None: it reached the server); True when it was an outage."""
        if exc is None:
            self._set(True)
            return False
        if not is_outage(exc):
            return False
        self._set(False)
        return True

    def _set(self, online: bool) -> None:
        if online == self.online:
            return
        self.online = online
        if online:
            self._probe.stop()
            self.retry_ms = FIRST_RETRY_MS
        else:
            self._probe.start(self.retry_ms)
        self.changed.emit(online)

    def probe(self) -> None:
        """Ask the server once; on no answer, ask again after a longer pause."""
        if self.online or self._probing:
            return
        from app.services.office import ping

        self._probing = True
        ctx = self._ctx

        def answered(_: object) -> None:
            self._probing = False
            self._set(True)

        def failed(_: BaseException) -> None:
            self._probing = False
            self.retry_ms = min(self.retry_ms * 2, MAX_RETRY_MS)
            self._probe.start(self.retry_ms)

        ctx.tasks.submit(lambda: ping(ctx.uow()), on_done=answered, on_error=failed)


class _Refresher(QObject):
    """Lives as a child of the screen: Qt disconnects it from the connection state when the screen goes.

    Refreshes when a commit on this or another counter changed one of ``topics`` (``ui.changes``), and every
    ``interval_ms`` for what time alone changes (a deadline passing). Only a list on screen is refreshed; a
    hidden one is marked and refreshed when it is next shown.
    """

    def __init__(
        self,
        owner: QObject,
        ctx: _Connected,
        interval_ms: int,
        refresh: Callable[[], object],
        topics: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(owner)
        self._ctx = ctx
        self._owner = owner
        self._refresh = refresh
        self._topics = topics
        self._stale = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        # several commits in a row (a receipt and its print record) refresh once
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(150)
        self._soon.timeout.connect(self.tick)
        ctx.connection.changed.connect(self.changed)
        bus = getattr(ctx, "changes", None)
        if topics and bus is not None:
            bus.changed.connect(self.heard)
        owner.installEventFilter(self)
        self.timer.start()

    def _on_screen(self) -> bool:
        visible = getattr(self._owner, "isVisible", None)
        return bool(visible()) if visible is not None else True

    def tick(self) -> None:
        if not self._on_screen():
            self._stale = True
            return
        if self._ctx.connection.online:
            self._stale = False
            self._refresh()

    def heard(self, changed: frozenset[str]) -> None:
        if concerns(changed, self._topics):
            self._soon.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self._owner and event.type() == QEvent.Type.Show and self._stale:
            self._soon.start()
        return False

    def changed(self, online: bool) -> None:
        if online:
            self.tick()


def refresh_timer(
    owner: QObject,
    ctx: _Connected,
    interval_ms: int,
    refresh: Callable[[], object],
    *,
    topics: frozenset[str] | set[str] | tuple[str, ...] = (),
) -> QTimer:
    """Refresh a list when one of ``topics`` changed (this counter or another) and every ``interval_ms`` while
    online and on screen; skip while offline, refresh once as soon as the connection is back."""
    return _Refresher(owner, ctx, interval_ms, refresh, frozenset(topics)).timer
