"""Opening the store file: WAL mode, the durability asked for, a page cache; and the connection that
polls for other processes' commits, opened again after a fault of the disk or file."""

from __future__ import annotations

import sqlite3
import time

from niangjia_eventstore._sqlite_schema import is_busy


def connect(path: str, *, busy_timeout: float, synchronous: str, cache_kib: int) -> sqlite3.Connection:
    """A connection to the store file in WAL mode; sqlite3.Error when it cannot be opened."""
    conn = sqlite3.connect(
        path, timeout=busy_timeout, isolation_level=None, check_same_thread=False, cached_statements=64
    )
    deadline = time.monotonic() + busy_timeout
    try:
        while True:
            try:
                if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    conn.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError as exc:
                if not is_busy(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
        conn.execute(f"PRAGMA synchronous={synchronous}")
        conn.execute(f"PRAGMA cache_size=-{cache_kib:d}")
    except BaseException:
        conn.close()
        raise
    return conn


class DataVersionPoll:
    """`PRAGMA data_version` of one connection: it changes when another connection commits. When the
    file cannot be read, the connection is dropped and opened again at the next poll (raising until
    then: the notifier keeps its last value)."""

    def __init__(self, path: str, busy_timeout: float) -> None:
        self._path = path
        self._busy_timeout = busy_timeout
        self._conn: sqlite3.Connection | None = None
        self._offset = 0
        """Added to data_version after a reconnect, so that the value still changes."""

    def __call__(self) -> int:
        if self._conn is None:
            self._conn = connect(self._path, busy_timeout=self._busy_timeout, synchronous="FULL", cache_kib=64)
            self._offset += 1 << 32
        try:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0]) + self._offset
        except sqlite3.Error:
            self.close()
            raise

    def baseline(self) -> int:
        """The first value; 0 when the file cannot be opened now (polling tries again)."""
        try:
            return self()
        except sqlite3.Error:
            return 0

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()
