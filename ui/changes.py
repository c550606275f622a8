"""Lists that stay current: one notification, on the GUI thread, for every commit that changed something.

``ChangeBus.changed`` carries the topics (``db.changes``) of a commit made on this counter (heard from the
``Database`` the moment it commits, whichever worker thread made it) or on another counter (PostgreSQL
``LISTEN``). Screens do not poll for changes: ``ui.connection.refresh_timer(..., topics=…)`` refreshes a list
when one of its topics changed — at once when the list is on screen, when it is next shown otherwise.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QObject, Signal

from db.changes import ANY, RemoteChanges
from db.uow import Database


class ChangeBus(QObject):
    changed = Signal(object)  # frozenset[str]: the topics; ANY when what changed is not known

    def __init__(self, database: Database, *, remote: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database = database
        # Called on the worker thread that committed; the signal is queued to the GUI thread (the bus lives
        # there). Held weakly: a bus that is gone (its window closed) drops out of the database's listeners.
        ref = weakref.ref(self)

        def heard(topics: frozenset[str]) -> None:
            bus = ref()
            if bus is None:
                if heard in database.change_listeners:
                    database.change_listeners.remove(heard)
                return
            bus.changed.emit(topics)

        self._local = heard
        database.change_listeners.append(heard)
        self._remote: RemoteChanges | None = None
        if remote:
            self.listen_remote()

    def listen_remote(self) -> None:
        """Also hear the commits of other counters (PostgreSQL; nothing to hear on a counter's own SQLite file)."""
        if self._remote is None:
            self._remote = RemoteChanges(self._database.engine, self._local).start()

    @property
    def remote(self) -> RemoteChanges | None:
        return self._remote

    def stop(self) -> None:
        """The window goes: stop hearing (idempotent)."""
        if self._local in self._database.change_listeners:
            self._database.change_listeners.remove(self._local)
        if self._remote is not None:
            self._remote.stop()
            self._remote = None


def concerns(changed: frozenset[str], topics: frozenset[str]) -> bool:
    return ANY in changed or not topics.isdisjoint(changed)
