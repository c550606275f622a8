"""One background-task helper: work runs off the GUI thread in two lanes, each on its own worker.

The ``db`` lane is the only thread that touches the database (one call at a time); the ``io`` lane takes
files, printing and the network (SMS delivery), so that a hanging gateway never delays a certificate.
Results and errors come back to the GUI thread through signals. Tests swap in the synchronous mode so that
a task has finished when the call returns; threaded tests wait for the signals with ``qtbot.waitSignal``.
"""

from __future__ import annotations

import logging
import threading
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

    def __init__(self, relay: _Relay, *, cancellable: bool = False) -> None:
        self._relay = relay
        self.cancelled = False
        # A read the clerk may stop (a list, a search): its answer is dropped and its statement interrupted.
        self.cancellable = cancellable
        self.running = False

    def progress(self, percent: int, text: str = "") -> None:
        if self.cancelled:
            raise Cancelled()
        self._relay.progress.emit(percent, text)

    def cancel(self) -> None:
        self.cancelled = True

    @classmethod
    def skipped(cls) -> TaskHandle:
        """The handle of a call that was not started (a background refresh while the server is away)."""
        handle = cls(_Relay())
        handle.cancelled = True
        return handle


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay, handle: TaskHandle) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay
        self._handle = handle
        self.setAutoDelete(True)

    def run(self) -> None:
        handle = self._handle
        try:
            if handle.cancellable and handle.cancelled:
                raise Cancelled()  # cancelled while it waited its turn: never started
            handle.running = True
            try:
                result = self._fn()
            finally:
                handle.running = False
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI thread
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._relay.failed.emit(exc)
        else:
            self._relay.finished.emit(result)


LANES = ("db", "io")


class TaskRunner(QObject):
    """Runs callables one at a time per lane: ``db`` (database work) and ``io`` (files, printing, network)."""

    busy_changed = Signal(bool)
    # Emitted on the GUI thread after a task's own callback ran (threaded tests wait for it).
    task_finished = Signal()

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._pools: dict[str, QThreadPool] = {}
        for lane in LANES:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)
            self._pools[lane] = pool
        self._relays: set[_Relay] = set()
        self._pending = 0
        self._handles: set[TaskHandle] = set()
        # Set by whoever owns the database (the window): stops the statements running on its connections.
        self.interrupt: Callable[[], object] | None = None

    def submit(
        self,
        fn: Callable[..., Any],
        *,
        on_done: Callable[[Any], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
        on_progress: Callable[[int, str], None] | None = None,
        with_handle: bool = False,
        lane: str = "db",
        cancellable: bool = False,
    ) -> TaskHandle:
        """``cancellable``: a read the clerk may stop with ``cancel_reads`` (its callbacks are then not called)."""
        if lane not in self._pools:
            raise ValueError(f"unknown task lane: {lane}")
        relay = _Relay()
        handle = TaskHandle(relay, cancellable=cancellable)
        call: Callable[[], Any] = (lambda: fn(handle)) if with_handle else fn

        def _finish() -> None:
            self._relays.discard(relay)
            self._handles.discard(handle)
            self._pending -= 1
            if self._pending == 0:
                self.busy_changed.emit(False)

        def _done(result: Any) -> None:
            _finish()
            try:
                if on_done is not None and not (handle.cancellable and handle.cancelled):
                    on_done(result)
            finally:
                self.task_finished.emit()

        def _failed(exc: BaseException) -> None:
            _finish()
            try:
                if handle.cancellable and handle.cancelled:
                    log.info("cancelled by the user: %s", type(exc).__name__)
                elif on_error is not None:
                    on_error(exc)
                else:
                    log.error("background task failed: %s", getattr(exc, "__traceback_text__", exc))
            finally:
                self.task_finished.emit()

        relay.finished.connect(_done)
        relay.failed.connect(_failed)
        if on_progress is not None:
            relay.progress.connect(on_progress)
        self._relays.add(relay)
        self._handles.add(handle)
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        runnable = _Runnable(call, relay, handle)
        if self.synchronous:
            runnable.run()
        else:
            self._pools[lane].start(runnable)
        return handle

    @property
    def cancellable_pending(self) -> bool:
        """A read the clerk may stop is waiting or running."""
        return any(h.cancellable and not h.cancelled for h in self._handles)

    def cancel_reads(self) -> int:
        """Stop every read the clerk may stop: each one's answer is dropped, one not started never starts, and
        a running one's statement is interrupted (off the GUI thread: a cancel request to a far server may
        wait on the network). Saves are never stopped. Returns how many reads were cancelled."""
        reads = [h for h in self._handles if h.cancellable and not h.cancelled]
        for handle in reads:
            handle.cancel()
        interrupt = self.interrupt
        if interrupt is not None and any(h.running for h in reads):

            def stop() -> None:
                if any(h.running for h in reads):  # still the read, not a save that came next
                    interrupt()

            threading.Thread(target=stop, name="minwon-interrupt", daemon=True).start()
        return len(reads)

    def wait(self, msecs: int = 30000) -> bool:
        return all(pool.waitForDone(msecs) for pool in self._pools.values())

    @property
    def pending(self) -> int:
        return self._pending
