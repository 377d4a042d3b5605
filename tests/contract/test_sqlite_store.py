"""What only the SQLite store promises: group commit outcomes, its schema version, its clock, close()."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from niangjia_eventstore import (
    AppendResult,
    EventStoreError,
    InvalidAppend,
    SQLiteEventStore,
    StreamState,
    WrongExpectedVersion,
)
from niangjia_eventstore._sqlite_schema import MIGRATIONS, SCHEMA_VERSION

from tests.contract.events import event, events

pytestmark = pytest.mark.anyio


async def test_appends_committed_together_each_get_their_own_outcome(tmp_path: Path) -> None:
    async with SQLiteEventStore(tmp_path / "events.db") as store:
        earlier = events(2)
        await store.append("mixed-1", earlier, StreamState.NO_STREAM)
        first = await store.read_stream("mixed-1")

        outcomes = await asyncio.gather(
            store.append("mixed-1", earlier, StreamState.NO_STREAM),  # a replay
            store.append("mixed-1", [event(5)], 0),  # a conflict
            store.append("mixed-1", [earlier[1], event(6)], 0),  # a partial overlap
            store.append("mixed-9", earlier, StreamState.NO_STREAM),  # the same append on another stream
            *(store.append(f"mixed-{k}", events(3), StreamState.NO_STREAM) for k in range(2, 8)),
            return_exceptions=True,
        )

        assert outcomes[0] == AppendResult(stream_id="mixed-1", stream_version=1, position=first[-1].position)
        assert isinstance(outcomes[1], WrongExpectedVersion)
        assert isinstance(outcomes[2], InvalidAppend)
        assert isinstance(outcomes[3], InvalidAppend) and "in another append" in str(outcomes[3])
        written = [o for o in outcomes[4:] if isinstance(o, AppendResult)]
        assert len(written) == 6
        everything = await store.read_all(0, limit=100)
        assert [e.position for e in everything] == list(range(1, 21))
        assert {o.position for o in written} == {e.position for e in everything if e.stream_version == 2}


async def test_recorded_at_comes_from_the_store_clock_in_utc(tmp_path: Path) -> None:
    at = datetime(2026, 3, 8, 9, 30, 15, 123456, tzinfo=UTC)
    async with SQLiteEventStore(tmp_path / "events.db", clock=lambda: at) as store:
        await store.append("clocked-1", events(2), StreamState.NO_STREAM)
        assert [e.recorded_at for e in await store.read_stream("clocked-1")] == [at, at]


def test_a_file_from_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    SQLiteEventStore(path).close_sync()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(RuntimeError, match="schema version 99"):
        SQLiteEventStore(path)


def test_reopening_keeps_the_events_and_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    first = SQLiteEventStore(path)
    first.append_sync("kept-1", events(3), StreamState.NO_STREAM)
    first.close_sync()
    again = SQLiteEventStore(path)
    assert [e.stream_version for e in again.read_stream_sync("kept-1")] == [0, 1, 2]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    again.close_sync()


async def test_close_stops_its_threads_and_refuses_further_work(tmp_path: Path) -> None:
    before = set(threading.enumerate())
    store = SQLiteEventStore(tmp_path / "events.db")
    await store.append("closing-1", [event()], StreamState.NO_STREAM)
    subscription = store.subscribe()
    await anext(subscription)
    waiting = asyncio.ensure_future(anext(subscription))
    await asyncio.sleep(0.05)

    await store.close()

    with pytest.raises(EventStoreError):
        await waiting
    with pytest.raises(EventStoreError):
        await store.append("closing-1", [event()], 0)
    with pytest.raises(EventStoreError):
        store.append_sync("closing-1", [event()], 0)
    await asyncio.sleep(0.05)
    lingering = {t for t in set(threading.enumerate()) - before if t.name.startswith("eventstore")}
    assert lingering == set()


def test_an_unknown_synchronous_mode_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="synchronous"):
        SQLiteEventStore(tmp_path / "events.db", synchronous="SOMETIMES")


def test_a_file_of_schema_version_1_is_migrated_with_its_events_and_positions(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    with sqlite3.connect(path, isolation_level=None) as conn:
        for statement in MIGRATIONS[0]:
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
        old = {position: event(position) for position in (3, 7, 8)}
        for position, (stream, version) in [(3, ("old-1", 0)), (7, ("old-1", 1)), (8, ("old-2", 0))]:
            e = old[position]
            conn.execute(
                "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (position, e.event_id.bytes, stream, version, e.type, e.data, e.metadata, 1_700_000_000_000_000),
            )
            conn.execute(
                "INSERT INTO appends VALUES (?, ?, ?, ?, ?)", (e.event_id.bytes, stream, version, version, position)
            )
    conn.close()

    store = SQLiteEventStore(path)
    try:
        assert [(e.stream_id, e.stream_version, e.position) for e in store.read_all_sync(0)] == [
            ("old-1", 0, 3),
            ("old-1", 1, 7),
            ("old-2", 0, 8),
        ]
        assert store.append_sync("old-1", [old[7]], 0) == AppendResult(stream_id="old-1", stream_version=1, position=7)
        assert store.append_sync("old-1", [event(9)], 1).position == 9
        with sqlite3.connect(path) as check:
            assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
            indexes = {row[1] for row in check.execute("PRAGMA index_list(events)")}
            assert len(indexes) == 1  # (stream_id, stream_version) only
    finally:
        store.close_sync()
