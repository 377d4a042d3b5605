"""One append inside an open SQLite write transaction: the replay check, the version check, the inserts."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from niangjia_eventstore._checksum import checksum
from niangjia_eventstore.errors import EventIdsReused, EventStoreError, InvalidAppend, WrongExpectedVersion
from niangjia_eventstore.port import AppendResult, ExpectedVersion, NewEvent, StreamState

# No position: the integer primary key takes max + 1, and we hold the write lock, so the positions of
# one append are consecutive and grow in commit order.
_INSERT = (
    "INSERT INTO events (event_id, stream_id, stream_version, type, data, metadata, recorded_at, checksum)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_APPEND = (
    "INSERT INTO appends (first_event_id, stream_id, first_version, last_version, last_position) VALUES (?, ?, ?, ?, ?)"
)
# Both lookups in one statement (one row, always): the append this first id started, if any, and the
# stream's version.
_LOOKUP = (
    "SELECT a.stream_id, a.first_version, a.last_version, a.last_position,"
    " (SELECT max(stream_version) FROM events WHERE stream_id = ?)"
    " FROM (SELECT 1) LEFT JOIN appends AS a ON a.first_event_id = ?"
)
_WINDOW = "SELECT event_id FROM events WHERE stream_id = ? AND stream_version >= ? ORDER BY stream_version LIMIT ?"


@dataclass(slots=True)
class Append:
    """An append waiting to be written, already validated."""

    stream_id: str
    events: tuple[NewEvent, ...]
    expected: ExpectedVersion


def apply(conn: sqlite3.Cursor, append: Append, recorded_at: int) -> AppendResult:
    """Write `append`, or raise WrongExpectedVersion or InvalidAppend having written nothing.

    An append is known by its first event id. When that id started an earlier append, this one is a
    replay: the earlier result when it is the same stream and the same ids, else InvalidAppend. When
    the version check fails, the events at the versions this append expected to take are compared
    with its ids: some of them there means a partial repeat (InvalidAppend), as EventStoreDB answers.
    Later ids of an append are not looked up: an index on them would cost a page write per event.
    """
    stream_id = append.stream_id
    events = append.events
    first_id = events[0].event_id.bytes
    row = conn.execute(_LOOKUP, (stream_id, first_id)).fetchone()
    if row[0] is not None:
        return _replayed(conn, append, row)
    actual: int | None = row[4]
    expected = append.expected
    if (expected is StreamState.NO_STREAM and actual is not None) or (expected.__class__ is int and expected != actual):
        if actual is not None:
            _refuse_partial_repeat(conn, append)
        raise WrongExpectedVersion(stream_id, expected, actual)
    version = -1 if actual is None else actual
    if len(events) == 1:
        e = events[0]
        position = conn.execute(
            _INSERT,
            (
                first_id,
                stream_id,
                version + 1,
                e.type,
                e.data,
                e.metadata,
                recorded_at,
                checksum(first_id, stream_id, version + 1, e.type, e.data, e.metadata),
            ),
        ).lastrowid
    else:
        conn.executemany(
            _INSERT,
            [
                (
                    e.event_id.bytes,
                    stream_id,
                    version + 1 + i,
                    e.type,
                    e.data,
                    e.metadata,
                    recorded_at,
                    checksum(e.event_id.bytes, stream_id, version + 1 + i, e.type, e.data, e.metadata),
                )
                for i, e in enumerate(events)
            ],
        )
        position = conn.execute("SELECT last_insert_rowid()").fetchone()[0]
    if position is None:
        raise EventStoreError("sqlite did not report the position of an insert")
    last_version = version + len(events)
    # Cannot collide: the lookup above ran in this transaction, under the write lock.
    conn.execute(_INSERT_APPEND, (first_id, stream_id, version + 1, last_version, position))
    return AppendResult(stream_id=stream_id, stream_version=last_version, position=position)


def _replayed(conn: sqlite3.Cursor, append: Append, earlier: tuple[str, int, int, int, int | None]) -> AppendResult:
    """The earlier result when `append` repeats the append that `earlier` records; else InvalidAppend."""
    stream_id, first_version, last_version, last_position, _ = earlier
    if stream_id == append.stream_id and last_version - first_version + 1 == len(append.events):
        rows = conn.execute(_WINDOW, (stream_id, first_version, len(append.events))).fetchall()
        if [row[0] for row in rows] == [e.event_id.bytes for e in append.events]:
            return AppendResult(stream_id=stream_id, stream_version=last_version, position=last_position)
    raise EventIdsReused("these event ids were appended before in another append")


def _refuse_partial_repeat(conn: sqlite3.Cursor, append: Append) -> None:
    """InvalidAppend when some of these ids are where this append expected to write (its first is not)."""
    expected = append.expected
    start = expected + 1 if isinstance(expected, int) else 0
    there = {row[0] for row in conn.execute(_WINDOW, (append.stream_id, start, len(append.events)))}
    if any(e.event_id.bytes in there for e in append.events):
        raise EventIdsReused("some, but not all, of these event ids were appended before")


def write_batch(conn: sqlite3.Cursor, batch: list[Append], recorded_at: int) -> list[AppendResult | EventStoreError]:
    """Write every append of `batch` in the open transaction, each on its own: one refused leaves the rest.

    Every check runs before an append writes anything, so a refused append needs nothing undone. An
    error from SQLite itself (a full disk, say) propagates: the caller rolls the whole batch back.
    The caller has begun the transaction (BEGIN IMMEDIATE) and commits it.
    """
    outcomes: list[AppendResult | EventStoreError] = []
    for append in batch:
        try:
            outcomes.append(apply(conn, append, recorded_at))
        except (WrongExpectedVersion, InvalidAppend) as exc:
            outcomes.append(exc)
    return outcomes
