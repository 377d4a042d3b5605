"""The SQLite store on a real small filesystem: a full disk and a read-only file raise the store's
typed errors, write nothing, and writes resume by themselves once the fault is gone."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from niangjia_eventstore import NewEvent, SQLiteEventStore, StoreFull, StoreReadOnly, StreamState

from tests.faults.filesystem import Filler, read_only_file, small_filesystem


@pytest.fixture
def small(tmp_path: Path) -> Iterator[Path]:
    with small_filesystem(tmp_path / "small", size_mib=8) as folder:
        yield folder


def _events(count: int, size: int = 2000) -> list[NewEvent]:
    return [NewEvent(event_id=uuid.uuid4(), type="Noted", data=b'{"x":"' + b"a" * size + b'"}') for _ in range(count)]


def test_a_full_disk_raises_store_full_writes_nothing_and_writes_resume_when_space_returns(small: Path) -> None:
    async def scenario() -> None:
        store = SQLiteEventStore(small / "events.db")
        try:
            await store.append("s-1", _events(3), StreamState.NO_STREAM)
            filler = Filler(small)
            filler.fill()
            batch = _events(200)
            with pytest.raises(StoreFull):
                await store.append("s-2", batch, StreamState.NO_STREAM)
            with pytest.raises(StoreFull):
                await store.check_writable()
            assert await store.read_stream("s-2") == []  # nothing of the refused command
            assert await store.last_position() == 3
            filler.free()
            await store.check_writable()
            result = await store.append("s-2", batch, StreamState.NO_STREAM)  # the same command, retried
            assert result.stream_version == 199
            assert [e.event_id for e in await store.read_stream("s-2")] == [e.event_id for e in batch]
        finally:
            await store.close()

    asyncio.run(scenario())


def test_a_read_only_store_file_at_start_raises_store_read_only_and_heals_without_reopening(small: Path) -> None:
    path = small / "events.db"
    first = SQLiteEventStore(path)
    first.append_sync("s-1", _events(1), StreamState.NO_STREAM)
    first.close_sync()

    async def scenario() -> None:
        with read_only_file(path):
            store = SQLiteEventStore(path)  # starts although it cannot write
            with pytest.raises(StoreReadOnly):
                await store.check_writable()
            with pytest.raises(StoreReadOnly):
                await store.append("s-2", _events(1), StreamState.NO_STREAM)
        try:
            await store.check_writable()  # writable again: the same store object writes
            await store.append("s-2", _events(1), StreamState.NO_STREAM)
            assert await store.last_position() == 2
        finally:
            await store.close()

    asyncio.run(scenario())
