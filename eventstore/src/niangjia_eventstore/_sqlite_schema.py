"""The SQLite store's schema, versioned with `PRAGMA user_version` and a list of migrations."""

from __future__ import annotations

import sqlite3
import time

from niangjia_eventstore._checksum import checksum

_EVENT_COLUMNS = """
            position INTEGER PRIMARY KEY,
            event_id BLOB NOT NULL,
            stream_id TEXT NOT NULL,
            stream_version INTEGER NOT NULL,
            type TEXT NOT NULL,
            data BLOB NOT NULL,
            metadata BLOB NOT NULL,
            recorded_at INTEGER NOT NULL,"""
"""The events table's columns, the same in both of its versions (the log's history: never changed)."""

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the log. The integer primary key is the global position; it grows with every commit because
    # positions are assigned under the database's write lock (see sqlite.py). `appends` holds one row
    # per append, keyed by its first event id, so that a repeated append is answered as the first and
    # that an id which started an append on one stream cannot start another on a different stream.
    (
        f"""
        CREATE TABLE events ({_EVENT_COLUMNS}
            UNIQUE (stream_id, stream_version),
            UNIQUE (stream_id, event_id)
        )
        """,
        """
        CREATE TABLE appends (
            first_event_id BLOB PRIMARY KEY,
            stream_id TEXT NOT NULL,
            first_version INTEGER NOT NULL,
            last_version INTEGER NOT NULL,
            last_position INTEGER NOT NULL
        ) WITHOUT ROWID
        """,
    ),
    # 2: event ids are no longer indexed per stream. An append is known by its first event id alone
    # (the `appends` table); the per-stream index took a random page write for every event and cost a
    # fifth of the throughput of batched appends. SQLite cannot drop a table constraint, so the table
    # is rebuilt with the same columns and positions.
    (
        f"""
        CREATE TABLE events_v2 ({_EVENT_COLUMNS}
            UNIQUE (stream_id, stream_version)
        )
        """,
        "INSERT INTO events_v2 SELECT position, event_id, stream_id, stream_version, type, data, metadata,"
        " recorded_at FROM events ORDER BY position",
        "DROP TABLE events",
        "ALTER TABLE events_v2 RENAME TO events",
    ),
    # 3: every event carries a checksum of its bytes (_checksum.py), compared on every read. The
    # events already stored get theirs now, from the bytes they hold (the function is registered on
    # every connection, see sqlite.py).
    (
        "ALTER TABLE events ADD COLUMN checksum BLOB",
        "UPDATE events SET checksum = niangjia_checksum(event_id, stream_id, stream_version, type, data, metadata)",
    ),
)
"""Each entry brings the schema from version i to i + 1. Append new ones; never edit old ones."""

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, busy_timeout_s: float) -> None:
    """Bring the file to SCHEMA_VERSION; safe when several processes open it at once."""
    conn.create_function("niangjia_checksum", 6, checksum, deterministic=True)  # migration 3 uses it
    deadline = time.monotonic() + busy_timeout_s
    while True:
        try:
            _migrate_once(conn)
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _migrate_once(conn: sqlite3.Connection) -> None:
    if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        if current > SCHEMA_VERSION:
            raise RuntimeError(
                f"the event store file has schema version {current}; this code knows up to {SCHEMA_VERSION}"
            )
        for statements in MIGRATIONS[current:]:
            for statement in statements:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def is_busy(exc: sqlite3.OperationalError) -> bool:
    """True when SQLite says another connection holds the lock."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(exc) or "busy" in str(exc)
