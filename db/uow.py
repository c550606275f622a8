"""The unit of work: one transaction; rolls back unless committed (``with uow: …; uow.commit()``)."""

from __future__ import annotations

import logging
import threading
from types import TracebackType
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from db.changes import ChangeTracker, Listener, notify_in_transaction

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from db.models import AuditEntry
    from db.pii import PiiCipher


class UnitOfWork:
    """Services take one of these; the UI never sees the Session inside it.

    Re-entrant: a service that calls another service inside its own ``with uow:`` block shares the
    transaction; only the outermost ``commit()`` commits, and leaving the outermost block without it
    rolls everything back.

    Access-log entries (``add_audit``) are held back and written, chained, just before the commit (or at an
    explicit ``flush()``): the chain lock is taken as late as possible (``db.auditchain``).
    """

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        pii: PiiCipher | None = None,
        listeners: list[Listener] | None = None,
    ) -> None:
        self._session_factory = session_factory
        self.pii = pii
        self._listeners = listeners if listeners is not None else []
        self._tracker: ChangeTracker | None = None
        self.changed: frozenset[str] = frozenset()  # the topics this unit of work's commit changed (db.changes)
        self._session: Session | None = None
        self._committed = False
        self._depth = 0
        self._audit: list[AuditEntry] = []

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork is not open: use it in a with-block")
        return self._session

    @property
    def dialect(self) -> str:
        return self.session.get_bind().dialect.name

    def __enter__(self) -> UnitOfWork:
        self._depth += 1
        if self._depth == 1:
            self._session = self._session_factory()
            self._tracker = ChangeTracker(self._session)
            self._committed = False
            self._audit = []
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._session is not None
        self._depth -= 1
        if self._depth > 0:
            return
        try:
            if not self._committed:
                self._session.rollback()
        finally:
            self._audit = []
            self._session.close()
            self._session = None

    def add_audit(self, entry: AuditEntry) -> None:
        """Buffer an access-log entry; it is chained and written with this unit of work's commit."""
        self.session  # noqa: B018 - raises when the unit of work is not open
        self._audit.append(entry)

    def _write_audit(self) -> None:
        if self._audit:
            from db.auditchain import write_entries

            pending, self._audit = self._audit, []
            write_entries(self.session, pending)

    def commit(self) -> None:
        if self._depth > 1:
            return
        self._write_audit()
        self.session.flush()  # the commit would flush anyway; the tracker sees every table written
        topics = self._tracker.topics if self._tracker is not None else frozenset()
        notify_in_transaction(self.session, topics)
        self.session.commit()
        self._committed = True
        self.changed = topics
        if topics:
            for listener in list(self._listeners):
                try:
                    listener(topics)
                except Exception:  # noqa: BLE001 - a screen's listener never undoes a commit
                    log.exception("change listener failed")

    def rollback(self) -> None:
        self._audit = []
        self.session.rollback()

    def flush(self) -> None:
        self._write_audit()
        self.session.flush()


class Database:
    """The engine and the factories built on it; one per process."""

    def __init__(self, engine: Engine, *, pii: PiiCipher | None = None) -> None:
        self.engine = engine
        self.pii = pii
        self.session_factory = sessionmaker(engine, expire_on_commit=False)
        # Called with the topics of every commit made through this database's units of work (db.changes).
        self.change_listeners: list[Listener] = []
        # The driver connections this process has checked out of the pool, so that a query the clerk cancels
        # can be stopped where it runs (``interrupt``).
        self._in_use: set[Any] = set()
        self._in_use_lock = threading.Lock()
        event.listen(engine, "checkout", self._checked_out)
        event.listen(engine, "checkin", self._checked_in)

    def _checked_out(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        with self._in_use_lock:
            self._in_use.add(dbapi_connection)

    def _checked_in(self, dbapi_connection: Any, _record: Any) -> None:
        with self._in_use_lock:
            self._in_use.discard(dbapi_connection)

    def interrupt(self) -> int:
        """Stop the statements now running on this process's connections (any thread may call it): SQLite's
        ``interrupt()``, PostgreSQL's cancel request. The statement fails in its own thread (SQLite
        "interrupted", PostgreSQL 57014) and its unit of work rolls back; nothing half-done is kept.
        Returns how many connections were asked."""
        with self._in_use_lock:
            connections = list(self._in_use)
        asked = 0
        for connection in connections:
            driver = getattr(connection, "driver_connection", connection)
            stop = getattr(driver, "interrupt", None) or getattr(driver, "cancel_safe", None) or getattr(
                driver, "cancel", None
            )
            if stop is None:
                continue
            try:
                stop()
            except Exception:  # noqa: BLE001 - a connection that closed meanwhile has nothing to stop
                log.debug("interrupt failed", exc_info=True)
                continue
            asked += 1
        return asked

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory, pii=self.pii, listeners=self.change_listeners)

    def dispose(self) -> None:
        self.engine.dispose()
