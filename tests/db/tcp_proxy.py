"""A small TCP proxy on 127.0.0.1 in front of the test PostgreSQL server, for cutting one counter's link.

Modes: ``forward`` (normal), ``reset`` (every open connection is closed with a TCP reset, new ones forwarded)
and ``drop`` (sockets stay open and are read, but nothing is forwarded in either direction: a link that looks
alive and carries nothing).
"""

from __future__ import annotations

import select
import socket
import struct
import threading


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.mode = "forward"
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._lock = threading.Lock()
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._pairs.append((client, upstream))
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, client: socket.socket, upstream: socket.socket) -> None:
        peers = {client: upstream, upstream: client}
        try:
            while not self._stop:
                readable, _, _ = select.select(list(peers), [], [], 0.1)
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        if self.mode == "drop" and sock is upstream:
                            # The server gave up on us; the client must not hear of it either.
                            del peers[upstream]
                            break
                        return
                    if self.mode == "forward" and sock in peers and peers[sock] in peers:
                        peers[sock].sendall(data)
                    # drop: read and forget
        except OSError:
            return
        finally:
            for sock in (client, upstream):
                try:
                    sock.close()
                except OSError:
                    pass

    def reset(self) -> None:
        """Close every open connection with a TCP reset (the counter's next use finds it dead)."""
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for client, upstream in pairs:
            for sock in (client, upstream):
                try:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    sock.close()
                except OSError:
                    pass

    def close(self) -> None:
        self._stop = True
        self.listener.close()
        self.reset()
