"""The organiser registry: built from the store, checkpointed with its rows, resumes where it stopped."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path

import pytest
from niangjia_activities.adapters.registry import Applied, OrganiserRegistry
from niangjia_activities.adapters.registry_feed import RegistryFeed
from niangjia_contracts import DomainEvent, OrganiserKind
from niangjia_eventstore import (
    AppendResult,
    EventStore,
    ExpectedVersion,
    NewEvent,
    RecordedEvent,
    SQLiteEventStore,
    StreamState,
)

from tests.integration.activities.support import WUJIN, YONGCHUAN, D, closed, dissolved, founded, new_event, opened


class CountingStore(EventStore):
    """A real store that remembers where each subscription started and how many events it delivered."""

    def __init__(self, inner: EventStore) -> None:
        self.inner = inner
        self.subscribed_after: list[int] = []
        self.delivered = 0

    async def append(
        self, stream_id: str, events: Sequence[NewEvent], expected_version: ExpectedVersion
    ) -> AppendResult:
        return await self.inner.append(stream_id, events, expected_version)

    async def read_stream(self, stream_id: str, from_version: int = 0) -> list[RecordedEvent]:
        return await self.inner.read_stream(stream_id, from_version)

    async def read_all(self, after: int = 0, limit: int = 1000) -> list[RecordedEvent]:
        return await self.inner.read_all(after, limit)

    async def last_position(self) -> int:
        return await self.inner.last_position()

    async def subscribe(self, after: int = 0, page_size: int = 500) -> AsyncIterator[RecordedEvent]:
        self.subscribed_after.append(after)
        async for event in self.inner.subscribe(after, page_size):
            self.delivered += 1
            yield event


async def append(store: EventStore, *events: DomainEvent) -> int:
    position = 0
    for event in events:
        position = (await store.append(event.stream_id, [new_event(event)], StreamState.ANY)).position
    return position


async def follow(store: EventStore, registry: OrganiserRegistry, until: int) -> None:
    """Run the feed until the registry has applied `until`, then stop it (as a shutdown does)."""
    feed = RegistryFeed(store, registry)
    task = asyncio.create_task(feed.run())
    try:
        assert await feed.wait_for(until, 10.0), f"registry stuck at {feed.checkpoint}, wanted {until}"
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


def test_the_registry_reads_federations_and_micro_homes_with_their_dates(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with SQLiteEventStore(tmp_path / "events.db") as store:
            last = await append(
                store,
                founded("f1"),
                opened("mh1", host="f1"),
                founded("f2", region=WUJIN, on="2023-05-01"),
                dissolved("f2", on="2024-06-30"),
                closed("mh1", on="2024-09-01"),
            )
            registry = OrganiserRegistry(tmp_path / "registry.db")
            await follow(store, registry, last)
            [f1] = registry.find("f1")
            assert (f1.kind, f1.region, f1.opened_on, f1.closed_on) == (
                OrganiserKind.FEDERATION,
                YONGCHUAN,
                D("2024-01-10"),
                None,
            )
            [f2] = registry.find("f2", OrganiserKind.FEDERATION)
            assert (f2.region, f2.closed_on) == (WUJIN, D("2024-06-30"))
            [mh1] = registry.find("mh1")
            assert (mh1.kind, mh1.opened_on, mh1.closed_on) == (
                OrganiserKind.MICRO_HOME,
                D("2024-03-01"),
                D("2024-09-01"),
            )
            assert registry.find("mh1", OrganiserKind.FEDERATION) == []
            assert registry.checkpoint() == last
            registry.close()

    asyncio.run(scenario())


def test_a_redelivered_event_changes_nothing(tmp_path: Path) -> None:
    registry = OrganiserRegistry(tmp_path / "registry.db")
    registry.apply([Applied(1, founded("f1")), Applied(2, dissolved("f1", on="2024-05-01"))])
    # Position 1 again (a redelivery) would reopen the federation if it were applied twice.
    assert registry.apply([Applied(1, founded("f1")), Applied(3)]) == 3
    [f1] = registry.find("f1")
    assert f1.closed_on == D("2024-05-01")
    registry.close()


def test_rows_and_checkpoint_are_written_together(tmp_path: Path) -> None:
    registry = OrganiserRegistry(tmp_path / "registry.db")
    registry.apply([Applied(1, founded("f1"))])

    class Boom(Exception):
        pass

    def failing() -> list[Applied]:
        raise Boom

    def batch() -> Iterator[Applied]:
        yield Applied(2, founded("f2"))
        yield from failing()

    with pytest.raises(Boom):
        registry.apply(batch())
    assert registry.checkpoint() == 1
    assert registry.find("f2") == []
    registry.close()


def test_a_restart_resumes_after_the_checkpoint_without_replaying(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with SQLiteEventStore(tmp_path / "events.db") as inner:
            first = await append(inner, *(founded(f"f{i}") for i in range(50)))
            store = CountingStore(inner)
            await follow(store, OrganiserRegistry(tmp_path / "registry.db"), first)
            assert store.subscribed_after == [0]
            assert store.delivered == 50

            restarted = CountingStore(inner)
            registry = OrganiserRegistry(tmp_path / "registry.db")
            assert registry.checkpoint() == first
            more = await append(inner, founded("late"))
            await follow(restarted, registry, more)
            assert restarted.subscribed_after == [first]
            assert restarted.delivered == 1
            assert registry.count() == 51
            registry.close()

    asyncio.run(scenario())


def test_the_registry_catches_up_on_what_was_appended_while_it_was_down(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with SQLiteEventStore(tmp_path / "events.db") as store:
            before = await append(store, founded("f1"))
            await follow(store, OrganiserRegistry(tmp_path / "registry.db"), before)
            # The service is down: the orgs service goes on recording (from another connection).
            async with SQLiteEventStore(tmp_path / "events.db") as orgs:
                during = await append(orgs, dissolved("f1", on="2024-08-01"), founded("f2"), opened("mh9", host="f2"))
            registry = OrganiserRegistry(tmp_path / "registry.db")
            await follow(store, registry, during)
            assert registry.find("f1")[0].closed_on == D("2024-08-01")
            assert [o.organiser_id for o in registry.find("f2") + registry.find("mh9")] == ["f2", "mh9"]
            registry.close()

    asyncio.run(scenario())


def test_live_events_from_another_connection_reach_the_registry(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with SQLiteEventStore(tmp_path / "events.db") as store:
            registry = OrganiserRegistry(tmp_path / "registry.db")
            feed = RegistryFeed(store, registry)
            task = asyncio.create_task(feed.run())
            async with SQLiteEventStore(tmp_path / "events.db") as orgs:
                position = await append(orgs, founded("live"))
            assert await feed.wait_for(position, 10.0)
            assert registry.find("live")
            assert await feed.refresh_lag() == 0
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            registry.close()

    asyncio.run(scenario())


def test_a_registry_of_another_schema_version_is_rebuilt(tmp_path: Path) -> None:
    import sqlite3

    registry = OrganiserRegistry(tmp_path / "registry.db")
    registry.apply([Applied(1, founded("f1"))])
    registry.close()
    with sqlite3.connect(tmp_path / "registry.db") as conn:
        conn.execute("PRAGMA user_version = 99")
    rebuilt = OrganiserRegistry(tmp_path / "registry.db")
    assert (rebuilt.checkpoint(), rebuilt.count()) == (0, 0)
    rebuilt.close()
