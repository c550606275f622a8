"""What a committed unit of work changed, told to the screens of this counter and of every other counter.

A unit of work notes the tables it wrote (ORM flushes and bulk statements alike) and names them as *topics*
(``receipts``, ``petitions``, …). After its commit:

- on this counter, every listener registered on the ``Database`` hears the topics at once;
- on PostgreSQL, the transaction itself sends ``pg_notify('minwon_changes', 'receipts,…')`` just before its
  commit: the server delivers it to every listening counter when (and only when) the transaction commits;
- SQLite is one counter's own file: its local listeners are all there is. (``PRAGMA data_version`` would also move
  on this program's own access-log writes, and a list refreshing on those would refresh for ever.)

The access log is not a topic: every read writes to it, and a list that refreshed on it would refresh forever.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Engine, event, text
from sqlalchemy.orm import ORMExecuteState, Session

log = logging.getLogger(__name__)

CHANNEL = "minwon_changes"
ANY = "*"  # "something changed; what is not known" (a shared SQLite file, a listener that reconnected)

# Table name (or its prefix) -> topic. Tables not named here change nothing a list shows.
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("receipt", "receipts"),
    ("day_close", "dayclose"),
    ("petition", "petitions"),
    ("overdue", "petitions"),
    ("family", "family"),
    ("passport", "passports"),
    ("applicant", "applicants"),
    ("survey", "surveys"),
    ("staff", "users"),
    ("outbox", "messages"),
)


def topic_of(table: str) -> str | None:
    for prefix, topic in _PREFIXES:
        if table.startswith(prefix):
            return topic
    return None


def topics_of(tables: Iterable[str]) -> frozenset[str]:
    return frozenset(t for t in (topic_of(name) for name in tables) if t is not None)


def parse_payload(payload: str) -> frozenset[str]:
    return frozenset(part for part in payload.split(",") if part)


class ChangeTracker:
    """Collects the tables written in one session, from ORM flushes and from bulk INSERT/UPDATE/DELETE."""

    def __init__(self, session: Session) -> None:
        self.tables: set[str] = set()
        event.listen(session, "before_flush", self._before_flush)
        event.listen(session, "do_orm_execute", self._executed)

    def _before_flush(self, session: Session, *_: Any) -> None:
        for obj in (*session.new, *session.dirty, *session.deleted):
            table = getattr(obj, "__table__", None)
            if table is not None:
                self.tables.add(table.name)

    def _executed(self, state: ORMExecuteState) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            table = getattr(state.statement, "table", None)
            name = getattr(table, "name", None)
            if isinstance(name, str):
                self.tables.add(name)

    @property
    def topics(self) -> frozenset[str]:
        return topics_of(self.tables)


def notify_in_transaction(session: Session, topics: frozenset[str]) -> None:
    """PostgreSQL: queue the notification in the transaction about to commit (dropped if it rolls back)."""
    if topics and session.get_bind().dialect.name == "postgresql":
        payload = ",".join(sorted(topics))
        session.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload})


Listener = Callable[[frozenset[str]], None]


class RemoteChanges:
    """Hears the commits of other counters on a thread of its own and hands their topics to ``on_change``.

    PostgreSQL only: a dedicated connection that ``LISTEN``s (on SQLite ``start`` does nothing). When the link
    breaks it retries every few seconds and, once back, reports ``ANY`` (what was committed meanwhile was not
    heard). ``stop()`` ends the thread within about a second.
    """

    def __init__(self, engine: Engine, on_change: Listener, *, poll_s: float = 1.0, retry_s: float = 3.0) -> None:
        self._engine = engine
        self._on_change = on_change
        self._poll_s = poll_s
        self._retry_s = retry_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="minwon-changes", daemon=True)
        self.listening = threading.Event()  # set once the first LISTEN / first poll is in place (tests wait on it)

    def start(self) -> RemoteChanges:
        if self._engine.dialect.name == "postgresql":
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        first = True
        while not self._stop.is_set():
            try:
                self._listen(first)
            except Exception as exc:  # noqa: BLE001 - the link is down: keep trying, the screens keep working
                log.info("change listener: %s; retrying", exc)
            first = False
            self._stop.wait(self._retry_s)

    def _listen(self, first: bool) -> None:
        # A connection of its own, outside the pool: it stays open for as long as the counter runs.
        args, kwargs = self._engine.dialect.create_connect_args(self._engine.url)
        kwargs.update(autocommit=True, connect_timeout=5, keepalives=1, keepalives_idle=5, keepalives_interval=2)
        raw: Any = self._engine.dialect.loaded_dbapi.connect(*args, **kwargs)
        try:
            raw.execute(f"LISTEN {CHANNEL}")
            self.listening.set()
            if not first:
                self._on_change(frozenset({ANY}))
            while not self._stop.is_set():
                heard: set[str] = set()
                for note in raw.notifies(timeout=self._poll_s, stop_after=100):
                    heard |= parse_payload(note.payload)
                if heard:
                    self._on_change(frozenset(heard))
        finally:
            raw.close()
