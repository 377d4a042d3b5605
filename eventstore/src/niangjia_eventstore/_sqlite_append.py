"""One append inside an open SQLite write transaction: the version check, the inserts, the replay check."""

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
_STREAM_VERSION = "SELECT max(stream_version) FROM events WHERE stream_id = ?"


@dataclass(slots=True)
class Append:
    """An append waiting to be written, already validated."""

    stream_id: str
    events: tuple[NewEvent, ...]
    expected: ExpectedVersion


class Duplicate(Exception):
    """An event id is already in the store; roll back this append, then call `replayed`."""


def apply(conn: sqlite3.Connection, append: Append, recorded_at: int) -> AppendResult:
    """Write `append`; raises WrongExpectedVersion, or Duplicate when an event id is taken."""
    stream_id = append.stream_id
    actual: int | None = conn.execute(_STREAM_VERSION, (stream_id,)).fetchone()[0]
    expected = append.expected
    if (expected is StreamState.NO_STREAM and actual is not None) or (expected.__class__ is int and expected != actual):
        replay = replayed(conn, append)
        if replay is not None:
            return replay
        raise WrongExpectedVersion(stream_id, expected, actual)
    version = -1 if actual is None else actual
    events = append.events
    try:
        if len(events) == 1:
            e = events[0]
            position = conn.execute(
                _INSERT, (e.event_id.bytes, stream_id, version + 1, e.type, e.data, e.metadata, recorded_at)
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
    return AppendResult(stream_id=stream_id, stream_version=version + len(events), position=position)


def replayed(conn: sqlite3.Connection, append: Append) -> AppendResult | None:
    """The original result when these exact events were appended before; None when none of them were.

    Raises InvalidAppend when some were, or they were appended in another way.
    """
    ids = [e.event_id.bytes for e in append.events]
    first = conn.execute("SELECT stream_id, stream_version FROM events WHERE event_id = ?", (ids[0],)).fetchone()
    if first is None:
        for event_id in ids[1:]:
            if conn.execute("SELECT 1 FROM events WHERE event_id = ?", (event_id,)).fetchone():
                raise InvalidAppend("some, but not all, of these event ids were appended before")
        return None
    earlier = conn.execute(
        "SELECT event_id, stream_version, position FROM events"
        " WHERE stream_id = ? AND stream_version >= ? ORDER BY stream_version LIMIT ?",
        (first[0], first[1], len(ids)),
    ).fetchall()
    if first[0] != append.stream_id or [row[0] for row in earlier] != ids:
        raise InvalidAppend("these event ids were appended before in another append")
    return AppendResult(stream_id=append.stream_id, stream_version=earlier[-1][1], position=earlier[-1][2])


def write_batch(
    conn: sqlite3.Connection, batch: list[Append], recorded_at: int
) -> list[AppendResult | EventStoreError]:
    """Write every append of `batch` in the open transaction, each on its own: one failing leaves the rest.

    The caller has begun the transaction (BEGIN IMMEDIATE) and commits it.
    """
    outcomes: list[AppendResult | EventStoreError] = []
    several = len(batch) > 1
    for append in batch:
        # A failing single-row INSERT undoes itself; anything larger needs a savepoint to undo.
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
        replay = replayed(conn, append)
    except InvalidAppend as exc:
        return exc
    if replay is None:
        return EventStoreError("an insert failed on a unique key that no longer holds a row")
    return replay
