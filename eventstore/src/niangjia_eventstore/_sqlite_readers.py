"""The SQLite store's reader connections: a pool that opens one when none is free and drops a broken one."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from niangjia_eventstore._sqlite_faults import as_store_error, store_fault
from niangjia_eventstore.errors import EventStoreError


class ReaderPool:
    """Connections for reading, each used by one thread at a time and given back after the read.

    A read that meets a fault of the file (unreadable, gone) raises the store's typed error and
    closes its connection, so that the next read opens a new one once the file can be read again.
    """

    def __init__(self, path: str, connect: Callable[[], sqlite3.Connection]) -> None:
        self._path = path
        self._connect = connect
        self._free: list[sqlite3.Connection] = []
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False

    @contextmanager
    def reader(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._closed:
                raise EventStoreError("the event store is closed")
            conn = self._free.pop() if self._free else None
        if conn is None:
            try:
                conn = self._connect()
            except sqlite3.Error as exc:
                raise as_store_error(exc, self._path) from exc
            with self._lock:
                self._all.append(conn)
        broken = False
        try:
            yield conn
        except sqlite3.Error as exc:
            fault = store_fault(exc, self._path)
            if fault is None:
                raise
            broken = True  # opened again by the next read, once the file can be read
            raise fault from exc
        finally:
            with self._lock:
                if self._closed or broken:
                    conn.close()
                    if broken and conn in self._all:
                        self._all.remove(conn)
                else:
                    self._free.append(conn)

    def close(self) -> None:
        """Close every connection; a read after this raises EventStoreError."""
        with self._lock:
            self._closed = True
            for conn in self._all:
                conn.close()
            self._all.clear()
            self._free.clear()
