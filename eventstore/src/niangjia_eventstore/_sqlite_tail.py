"""The SQLite store's tail record: where the log ended (position and event id) and the first event
found corrupted, in a small file beside the store (`events.db-tail`).

The record lives outside the database on purpose: a truncated events table, a torn WAL that loses
committed frames, or an older file copied over the store roll the database back but not this file.
Every write transaction checks it under the write lock before writing: when the store no longer
holds the recorded event at the recorded position, the append is refused with StoreRegressed rather
than reusing positions; when an event was found corrupted, with EventCorrupted. After a commit the
record moves forward (never back: two processes may commit one after the other).

The record is 32 bytes: the position (8, big-endian), the event id (16), the first corrupted
position (8; 0 when none). It is written in place without fsync: a crash can lose its last move,
which only narrows what is checked; it can never claim more than was committed. A restore
(`niangjia restore`) moves it aside with the store it replaces, and the restored store starts a
new one from its own end.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass
from uuid import UUID

from niangjia_eventstore.errors import EventCorrupted, StoreRegressed

SUFFIX = "-tail"
_SIZE = 32
_HEAD = "SELECT position, event_id FROM events ORDER BY position DESC LIMIT 1"
_AT = "SELECT event_id FROM events WHERE position = ?"


@dataclass(frozen=True, slots=True)
class Tail:
    position: int
    event_id: bytes
    corrupted_at: int


def _id_text(raw: bytes | None) -> str | None:
    if raw is None:
        return None
    return str(UUID(bytes=raw)) if len(raw) == 16 else raw.hex()


class TailRecord:
    """The tail record of one store file; safe to share between threads."""

    def __init__(self, db_path: str, conn: sqlite3.Connection | None) -> None:
        """`conn` reads the store's end for a new record; None (the store cannot be opened for
        writing now) starts the record at 0, which the first commit moves to the store's end."""
        self.path = db_path + SUFFIX
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        self._lock = threading.Lock()
        if len(os.pread(self._fd, _SIZE, 0)) < _SIZE:  # new: start from the store's own end
            row = None if conn is None else conn.execute(_HEAD).fetchone()
            position, event_id = (0, bytes(16)) if row is None else (int(row[0]), bytes(row[1]))
            self._write(Tail(position, event_id, 0))

    def read(self) -> Tail:
        raw = os.pread(self._fd, _SIZE, 0)
        if len(raw) < _SIZE:
            return Tail(0, bytes(16), 0)
        return Tail(int.from_bytes(raw[:8], "big"), raw[8:24], int.from_bytes(raw[24:], "big"))

    def _write(self, tail: Tail) -> None:
        record = tail.position.to_bytes(8, "big") + tail.event_id + tail.corrupted_at.to_bytes(8, "big")
        os.pwrite(self._fd, record, 0)

    def problem(self, conn: sqlite3.Connection | sqlite3.Cursor) -> StoreRegressed | EventCorrupted | None:
        """What is wrong with the store by its tail record, read through `conn`; None when nothing.

        A record that another process rewrote while it was read could be half old, half new: a
        mismatch counts only when the record reads the same again."""
        tail = self.read()
        for _ in range(3):
            found = self._problem(conn, tail)
            if found is None:
                return None
            again = self.read()
            if again == tail:
                return found
            tail = again
        return self._problem(conn, tail)

    def _problem(self, conn: sqlite3.Connection | sqlite3.Cursor, tail: Tail) -> StoreRegressed | EventCorrupted | None:
        if tail.corrupted_at:
            return EventCorrupted(tail.corrupted_at, "found on an earlier read; the store takes no writes")
        if tail.position == 0:
            return None
        row = conn.execute(_AT, (tail.position,)).fetchone()
        if row is not None and bytes(row[0]) == tail.event_id:
            return None
        head = conn.execute(_HEAD).fetchone()
        return StoreRegressed(
            tail.position,
            _id_text(tail.event_id) or "",
            _id_text(None if row is None else bytes(row[0])),
            0 if head is None else int(head[0]),
        )

    def check(self, conn: sqlite3.Connection | sqlite3.Cursor) -> None:
        """Raise what `problem` finds."""
        found = self.problem(conn)
        if found is not None:
            raise found

    def advance(self, position: int, event_id: bytes) -> None:
        """Move the record to `position` when that is past it."""
        with self._lock:
            tail = self.read()
            if position > tail.position:
                self._write(Tail(position, event_id, tail.corrupted_at))

    def mark_corrupted(self, position: int) -> None:
        """Record that the event at `position` was found corrupted (the lowest such position)."""
        with self._lock:
            tail = self.read()
            if tail.corrupted_at == 0 or position < tail.corrupted_at:
                self._write(Tail(tail.position, tail.event_id, position))

    def close(self) -> None:
        os.close(self._fd)
