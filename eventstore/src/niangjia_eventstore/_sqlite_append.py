"""One append inside an open SQLite write transaction: the replay check, the version check, the inserts."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from niangjia_eventstore.errors import EventStoreError, InvalidAppend, WrongExpectedVersion
from niangjia_eventstore.port import AppendResult, ExpectedVersion, NewEvent, StreamState

# No position: the integer primary key takes max + 1, and we hold the write lock, so the positions of
# one append are consecutive and grow in commit order.
_INSERT = (
    "INSERT INTO events (event_id, stream_id, stream_version, type, data, metadata, recorded_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_APPEND = (
    "INSERT INTO appends (first_event_id, stream_id, first_version, last_version, last_position) VALUES (?, ?, ?, ?, ?)"
)
_EARLIER_APPEND = "SELECT stream_id, first_version, last_version, last_position FROM appends WHERE first_event_id = ?"
_STREAM_VERSION = "SELECT max(stream_version) FROM events WHERE stream_id = ?"
_IN_STREAM = "SELECT 1 FROM events WHERE stream_id = ? AND event_id = ?"


@dataclass(slots=True)
class Append:
    """An append waiting to be written, already validated."""

    stream_id: str
    events: tuple[NewEvent, ...]
    expected: ExpectedVersion


class Duplicate(Exception):
    """An event id is already in the stream; roll back this append, then call `overlap`."""


def apply(conn: sqlite3.Connection, append: Append, recorded_at: int) -> AppendResult:
    """Write `append`; raises WrongExpectedVersion or InvalidAppend before writing anything, or
    Duplicate when an event id is already in the stream (after writing some of the events).

    An append whose first event id started an earlier append is a replay: the earlier result when
    it was the same stream and the same ids, else InvalidAppend. One row per append in `appends`
    keeps that check off the events' own index, which is unique per stream only.
    """
    stream_id = append.stream_id
    events = append.events
    first_id = events[0].event_id.bytes
    earlier = conn.execute(_EARLIER_APPEND, (first_id,)).fetchone()
    if earlier is not None:
        return _replayed(conn, append, earlier)
    actual: int | None = conn.execute(_STREAM_VERSION, (stream_id,)).fetchone()[0]
    expected = append.expected
    if (expected is StreamState.NO_STREAM and actual is not None) or (expected.__class__ is int and expected != actual):
        if actual is not None:
            overlap(conn, append)
        raise WrongExpectedVersion(stream_id, expected, actual)
    version = -1 if actual is None else actual
    try:
        if len(events) == 1:
            e = events[0]
            position = conn.execute(
                _INSERT, (first_id, stream_id, version + 1, e.type, e.data, e.metadata, recorded_at)
            ).lastrowid
        else:
            conn.executemany(
                _INSERT,
                [
                    (e.event_id.bytes, stream_id, version + 1 + i, e.type, e.data, e.metadata, recorded_at)
                    for i, e in enumerate(events)
                ],
            )
            position = conn.execute("SELECT last_insert_rowid()").fetchone()[0]
    except sqlite3.IntegrityError as exc:
        raise Duplicate from exc
    if position is None:
        raise EventStoreError("sqlite did not report the position of an insert")
    last_version = version + len(events)
    # Cannot collide: the lookup above ran in this transaction, under the write lock.
    conn.execute(_INSERT_APPEND, (first_id, stream_id, version + 1, last_version, position))
    return AppendResult(stream_id=stream_id, stream_version=last_version, position=position)


def _replayed(conn: sqlite3.Connection, append: Append, earlier: tuple[str, int, int, int]) -> AppendResult:
    """The earlier result when `append` repeats the append that `earlier` records; else InvalidAppend."""
    stream_id, first_version, last_version, last_position = earlier
    if stream_id == append.stream_id and last_version - first_version + 1 == len(append.events):
        rows = conn.execute(
            "SELECT event_id FROM events WHERE stream_id = ? AND stream_version BETWEEN ? AND ? ORDER BY stream_version",
            (stream_id, first_version, last_version),
        ).fetchall()
        if [row[0] for row in rows] == [e.event_id.bytes for e in append.events]:
            return AppendResult(stream_id=stream_id, stream_version=last_version, position=last_position)
    raise InvalidAppend("these event ids were appended before in another append")


def overlap(conn: sqlite3.Connection, append: Append) -> None:
    """Raises InvalidAppend when any of these event ids is already in the stream."""
    for e in append.events:
        if conn.execute(_IN_STREAM, (append.stream_id, e.event_id.bytes)).fetchone():
            raise InvalidAppend("some, but not all, of these event ids were appended before")


def write_batch(
    conn: sqlite3.Connection, batch: list[Append], recorded_at: int
) -> list[AppendResult | EventStoreError]:
    """Write every append of `batch` in the open transaction, each on its own: one failing leaves the rest.

    The caller has begun the transaction (BEGIN IMMEDIATE) and commits it.
    """
    outcomes: list[AppendResult | EventStoreError] = []
    several = len(batch) > 1
    for append in batch:
        # A failing single-row INSERT undoes itself (the appends row comes after it and cannot fail on
        # its key); anything larger needs a savepoint to undo.
        guarded = several or len(append.events) > 1
        if guarded:
            conn.execute("SAVEPOINT one")
        try:
            outcomes.append(apply(conn, append, recorded_at))
        except (WrongExpectedVersion, InvalidAppend) as exc:  # raised before anything was written
            outcomes.append(exc)
        except Duplicate:
            if guarded:
                conn.execute("ROLLBACK TO one")
            outcomes.append(_after_duplicate(conn, append))
        if guarded:
            conn.execute("RELEASE one")
    return outcomes


def _after_duplicate(conn: sqlite3.Connection, append: Append) -> AppendResult | EventStoreError:
    try:
        overlap(conn, append)
    except InvalidAppend as exc:
        return exc
    return EventStoreError("an insert failed on a unique key that no longer holds a row")
