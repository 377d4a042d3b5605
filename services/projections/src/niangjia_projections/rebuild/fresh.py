"""The fresh files a rebuild loads: no journal, no fsync, an exclusive lock while nobody reads them,
made durable and readable once, at the end (`finish_build`)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path


def _null(value: None) -> None:
    return value


# sqlite3 binds int, float, str and bytearray directly; anything else, None included, goes through
# its adapter protocol, and without a registered adapter that is two more attribute lookups that
# fail: about 0.3 µs per None, several per event in a rebuild (the optional facts of an activity).
# An adapter registered for NoneType is found at the first lookup, and None still binds as NULL.
sqlite3.register_adapter(type(None), _null)


def connect_fresh(path: Path, cache_mib: int) -> sqlite3.Connection:
    """A connection for a file nobody reads yet: 16 KiB pages, no journal, no fsync, an exclusive
    lock and a page cache of `cache_mib`; call `finish_build` before swapping it in."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30.0)
    conn.execute("PRAGMA busy_timeout=30000")
    conn.execute("PRAGMA page_size=16384")  # takes effect on a new, empty file only
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA locking_mode=EXCLUSIVE")
    conn.execute(f"PRAGMA cache_size=-{cache_mib * 1024:d}")
    return conn


def drop_indexes(conn: sqlite3.Connection, keep: frozenset[str] = frozenset()) -> list[str]:
    """Drop a fresh file's secondary indexes but those in `keep` (bulk loading is faster without
    them; a model may read by some while it loads); returns their DDL."""
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").fetchall()
    rows = [(name, sql) for name, sql in rows if name not in keep]
    for name, _ in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in rows]


def finish_build(
    conn: sqlite3.Connection,
    path: Path,
    indexes: list[str],
    finish: Callable[[sqlite3.Connection], None] | None = None,
    analyze: frozenset[str] = frozenset(),
) -> None:
    """Finish the model's bulk load (`finish`), create the dropped indexes again, gather the
    statistics of the tables `analyze`, make the file durable and readable alongside a writer
    (WAL), close it and fsync it."""
    if finish is not None:
        finish(conn)
    for statement in indexes:
        conn.execute(statement)
    for table in sorted(analyze):
        conn.execute(f'ANALYZE main."{table}"')
    conn.execute("PRAGMA locking_mode=NORMAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA main.wal_checkpoint(TRUNCATE)")  # main: not the temp tables a model may have staged in
    conn.execute("PRAGMA optimize")
    conn.close()
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())
