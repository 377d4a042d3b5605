"""What someone who can write events.db can do to it, through SQL: the tamperings verify must find."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from uuid import uuid4


def _sql(db: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        for statement, values in statements:
            conn.execute(statement, values)
        conn.execute("COMMIT")
    finally:
        conn.close()


def flip_data_byte(db: Path, position: int, at: int = 0) -> None:
    """Change one byte of one event's data."""
    conn = sqlite3.connect(db)
    try:
        data = bytearray(conn.execute("SELECT data FROM events WHERE position = ?", (position,)).fetchone()[0])
    finally:
        conn.close()
    data[at % len(data)] ^= 0x01
    _sql(db, ("UPDATE events SET data = ? WHERE position = ?", (bytes(data), position)))


def change_column(db: Path, position: int, column: str) -> None:
    """Change another stored field of one event (its type, stream version, time, metadata or id)."""
    changes = {
        "type": "type = type || 'x'",
        "stream_version": "stream_version = stream_version + 100",
        "recorded_at": "recorded_at = recorded_at - 1",
        "metadata": "metadata = CAST('{\"x\":1}' AS BLOB)",
        "event_id": "event_id = randomblob(16)",
        "stream_id": "stream_id = stream_id || '-x'",
    }
    _sql(db, (f"UPDATE events SET {changes[column]} WHERE position = ?", (position,)))  # noqa: S608


def delete(db: Path, position: int) -> None:
    _sql(db, ("DELETE FROM events WHERE position = ?", (position,)))


def swap(db: Path, first: int, second: int) -> None:
    """Swap two events' positions."""
    _sql(
        db,
        ("UPDATE events SET position = -1 WHERE position = ?", (first,)),
        ("UPDATE events SET position = ? WHERE position = ?", (first, second)),
        ("UPDATE events SET position = ? WHERE position = -1", (second,)),
    )


def insert_forged(db: Path, position: int) -> None:
    """A well-formed event of a new stream put at `position`, the events from there on moved one up."""
    data = json.dumps({"forged": True}).encode()
    _sql(
        db,
        ("UPDATE events SET position = -(position + 1) WHERE position >= ?", (position,)),
        ("UPDATE events SET position = -position WHERE position < 0", ()),
        (
            "INSERT INTO events (position, event_id, stream_id, stream_version, type, data, metadata, recorded_at)"
            " SELECT ?, ?, 'forged-1', 0, 'Tested', ?, CAST('{}' AS BLOB), recorded_at FROM events"
            " WHERE position = ?",
            (position, uuid4().bytes, data, position + 1),
        ),
    )


def truncate(db: Path, keep: int) -> None:
    """The store as an older copy had it: only the first `keep` events."""
    _sql(db, ("DELETE FROM events WHERE position > ?", (keep,)))
