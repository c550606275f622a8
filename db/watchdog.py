"""A client-side deadline for every round trip to the PostgreSQL server.

Server-side timeouts end a statement the server received; keepalives and the TCP user timeout notice a link
that stopped acknowledging. Neither helps when the reply simply never comes over a link that still looks
alive (a proxy or a half-dead switch forwarding nothing): the driver would wait for ever, and with it the
counter's only database worker. The watchdog shuts the socket down when a statement, commit or rollback
outlives its deadline, so the call fails at once with a connection error the clerk is told about.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import os
import socket
import threading
import time
from typing import Any

log = logging.getLogger(__name__)


class Watchdog:
    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._heap: list[tuple[float, int, int]] = []
        self._live: set[int] = set()
        self._ids = itertools.count(1)
        self._thread: threading.Thread | None = None

    def arm(self, fd: int, seconds: float) -> int:
        token = next(self._ids)
        with self._lock:
            self._live.add(token)
            heapq.heappush(self._heap, (time.monotonic() + seconds, token, fd))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="db-watchdog", daemon=True)
                self._thread.start()
            self._lock.notify()
        return token

    def disarm(self, token: int) -> None:
        with self._lock:
            self._live.discard(token)

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._heap:
                    self._lock.wait()
                deadline, token, fd = self._heap[0]
                wait = deadline - time.monotonic()
                if token not in self._live:
                    heapq.heappop(self._heap)
                    continue
                if wait > 0:
                    self._lock.wait(wait)
                    continue
                heapq.heappop(self._heap)
                self._live.discard(token)
            _cut(fd)


def _cut(fd: int) -> None:
    log.warning("database round trip past its deadline; closing the connection (fd %s)", fd)
    try:
        sock = socket.socket(fileno=os.dup(fd))
    except OSError:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        sock.close()


WATCHDOG = Watchdog()


def socket_of(dbapi_connection: Any) -> int | None:
    try:
        return int(dbapi_connection.pgconn.socket)
    except Exception:  # noqa: BLE001 - a closed or broken connection has no socket; nothing to guard
        return None
