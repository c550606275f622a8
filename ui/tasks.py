"""One background-task helper: database work and slow jobs run off the GUI thread on a single worker.

Results and errors come back to the GUI thread through signals. Tests swap in the synchronous mode so
that a task has finished when the call returns.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(int, str)


class Cancelled(Exception):
    """Raised inside a task when the clerk pressed cancel."""


class TaskHandle:
    """Passed to a task that reports progress or can be cancelled."""

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay
        self.cancelled = False

    def progress(self, percent: int, text: str = "") -> None:
        if self.cancelled:
            raise Cancelled()
        self._relay.progress.emit(percent, text)

    def cancel(self) -> None:
        self.cancelled = True


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI thread
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._relay.failed.emit(exc)
        else:
            self._relay.finished.emit(result)


class TaskRunner(QObject):
    """Runs callables one at a time on a single worker thread (the only thread that touches the database)."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()
        self._pending = 0

    def submit(
        self,
        fn: Callable[..., Any],
        *,
        on_done: Callable[[Any], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
        on_progress: Callable[[int, str], None] | None = None,
        with_handle: bool = False,
    ) -> TaskHandle:
        relay = _Relay()
        handle = TaskHandle(relay)
        call: Callable[[], Any] = (lambda: fn(handle)) if with_handle else fn

        def _finish() -> None:
            self._relays.discard(relay)
            self._pending -= 1
            if self._pending == 0:
                self.busy_changed.emit(False)

        def _done(result: Any) -> None:
            _finish()
            if on_done is not None:
                on_done(result)

        def _failed(exc: BaseException) -> None:
            _finish()
            if on_error is not None:
                on_error(exc)
            else:
                log.error("background task failed: %s", getattr(exc, "__traceback_text__", exc))

        relay.finished.connect(_done)
        relay.failed.connect(_failed)
        if on_progress is not None:
            relay.progress.connect(on_progress)
        self._relays.add(relay)
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        runnable = _Runnable(call, relay)
        if self.synchronous:
            runnable.run()
        else:
            self._pool.start(runnable)
        return handle

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)

    @property
    def pending(self) -> int:
        return self._pending
