"""Reading a SQLite event store's rows straight from its file, for rebuilds only.

A rebuild reads every event once, and through the store port each becomes a RecordedEvent (a UUID,
a datetime, a frozen dataclass) that the runner then turns back into plain values. This reader asks
the store's file for those plain values instead (the event id as its 16 bytes) and makes the
runner's `Recorded` tuples directly. It opens the file read-only and only ever selects from the
`events` table in position order, checking each event's checksum, as the SQLite adapter's
`read_all` does; anything that is not a SQLite store is read through the port.
"""

from __future__ import annotations

import sqlite3
from functools import partial
from pathlib import Path

from niangjia_eventstore import EventCorrupted, EventStore
from niangjia_eventstore.sqlite import checksum_of
from niangjia_kit.projection import Recorded

_READ_ALL = (
    "SELECT position, event_id, type, stream_id, stream_version, recorded_at, data, metadata, checksum"
    " FROM events WHERE position > ? ORDER BY position LIMIT ?"
)

_make = partial(tuple.__new__, Recorded)
"""`Recorded._make` without its Python frame: the query's eight columns are the tuple's fields."""


class SQLiteStoreFileReader:
    """Pages of `Recorded` from a SQLite event store's file, opened read-only (rebuilds only)."""

    def __init__(self, path: str | Path) -> None:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA query_only=1")

    def read_all(self, after: int, limit: int) -> list[Recorded]:
        """The events after position `after`, at most `limit`, in position order; each checked
        against its stored checksum as the adapter checks it (EventCorrupted at the first that fails)."""
        out: list[Recorded] = []
        add = out.append
        for row in self._conn.execute(_READ_ALL, (after, limit)):
            position, event_id, type_, stream_id, version, _, data, metadata, stored = row
            if stored != checksum_of(event_id, stream_id, version, type_, data, metadata):
                raise EventCorrupted(position)
            add(_make(row[:8]))
        return out

    def close(self) -> None:
        self._conn.close()


def store_file_reader(store: EventStore) -> SQLiteStoreFileReader | None:
    """A raw reader of `store`'s file when it is the SQLite adapter, else None (read through the port)."""
    try:
        from niangjia_eventstore.sqlite import SQLiteEventStore
    except ImportError:  # pragma: no cover - the adapter ships with the event store package
        return None
    if not isinstance(store, SQLiteEventStore):
        return None
    return SQLiteStoreFileReader(store.path)
