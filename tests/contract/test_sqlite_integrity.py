"""The SQLite store's checksums and tail record: a changed byte, a truncated log and an older file
copied over the store are each found, and no append reuses a position or writes past a corruption."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from niangjia_eventstore import SQLITE_TAIL_SUFFIX as SUFFIX
from niangjia_eventstore import EventCorrupted, SQLiteEventStore, StoreRegressed, StreamState

from tests.contract.events import event, events
from tests.support.sqlite_files import run_sql

pytestmark = pytest.mark.anyio


def _tail(path: Path) -> Path:
    return Path(f"{path}{SUFFIX}")


def _remove(path: Path, suffixes: tuple[str, ...]) -> None:
    for suffix in suffixes:
        Path(f"{path}{suffix}").unlink(missing_ok=True)


async def test_a_flipped_byte_is_found_on_read_and_stops_writers_in_every_process(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    async with SQLiteEventStore(path) as store:
        await store.append("org-1", [event(1), event(4321), event(3)], StreamState.NO_STREAM)
        run_sql(
            path,
            "UPDATE events SET data = CAST(replace(CAST(data AS TEXT), '4321', '9321') AS BLOB) WHERE position = 2",
        )
        assert [e.position for e in await store.read_all(0, 1)] == [1]  # the events before it read
        with pytest.raises(EventCorrupted) as found:
            await store.read_all()
        assert found.value.position == 2
        assert "2" in str(found.value)
        with pytest.raises(EventCorrupted):
            await store.read_stream("org-1")
        with pytest.raises(EventCorrupted):
            await store.check_integrity()
        async with SQLiteEventStore(path) as writer:  # another process's writer
            problem = await writer.problem()
            assert isinstance(problem, EventCorrupted)
            assert problem.position == 2
            with pytest.raises(EventCorrupted):
                await writer.append("org-2", [event(5)], StreamState.NO_STREAM)
        assert await store.last_position() == 3


async def test_a_truncated_log_refuses_appends_rather_than_reuse_positions(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    async with SQLiteEventStore(path) as store:
        await store.append("org-1", events(10), StreamState.NO_STREAM)
    run_sql(path, "DELETE FROM events WHERE position > 7")
    async with SQLiteEventStore(path) as store:
        problem = await store.problem()
        assert isinstance(problem, StoreRegressed)
        assert (problem.position, problem.head, problem.found) == (10, 7, None)
        with pytest.raises(StoreRegressed):
            await store.append("org-2", [event(1)], StreamState.NO_STREAM)
    other = SQLiteEventStore(path)
    try:
        with pytest.raises(StoreRegressed):
            other.append_sync("org-2", [event(1)], StreamState.NO_STREAM)
    finally:
        other.close_sync()
    async with SQLiteEventStore(path) as store:
        assert await store.last_position() == 7


async def test_an_older_file_copied_over_the_store_is_found(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    older = tmp_path / "older.db"
    async with SQLiteEventStore(path) as store:
        await store.append("org-1", events(3), StreamState.NO_STREAM)
    shutil.copy(path, older)
    async with SQLiteEventStore(path) as store:
        await store.append("org-1", events(2), 2)
    path.unlink()
    shutil.copy(older, path)
    async with SQLiteEventStore(path) as store:
        with pytest.raises(StoreRegressed) as found:
            await store.append("org-3", [event(1)], StreamState.NO_STREAM)
        assert (found.value.position, found.value.head) == (5, 3)


async def test_a_store_refilled_to_the_same_height_with_other_events_is_found(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    async with SQLiteEventStore(path) as store:
        await store.append("org-1", events(3), StreamState.NO_STREAM)
    tail = _tail(path).read_bytes()
    _remove(path, ("", "-wal", "-shm", SUFFIX))
    async with SQLiteEventStore(path) as store:
        await store.append("org-2", events(3), StreamState.NO_STREAM)
    _tail(path).write_bytes(tail)  # the record of the first log beside the second
    async with SQLiteEventStore(path) as store:
        problem = await store.problem()
        assert isinstance(problem, StoreRegressed)
        assert problem.found is not None and problem.found != problem.event_id


async def test_a_restored_store_starts_a_new_tail_record_from_its_own_end(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    async with SQLiteEventStore(path) as store:
        await store.append("org-1", events(3), StreamState.NO_STREAM)
        await store.append("org-1", events(2), 2)
    run_sql(path, "DELETE FROM events WHERE position > 3")
    _remove(path, (SUFFIX,))  # what a restore does: the record goes with the store it replaces
    async with SQLiteEventStore(path) as store:
        assert await store.problem() is None
        result = await store.append("org-2", [event(1)], StreamState.NO_STREAM)
        assert result.position == 4


async def test_events_written_before_checksums_get_theirs_when_the_file_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    async with SQLiteEventStore(path) as store:
        await store.append("org-1", events(3), StreamState.NO_STREAM)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE events SET checksum = NULL")
        conn.execute("ALTER TABLE events DROP COLUMN checksum")
        conn.execute("PRAGMA user_version = 2")
    conn.close()
    async with SQLiteEventStore(path) as store:
        assert await store.check_integrity() == 3
