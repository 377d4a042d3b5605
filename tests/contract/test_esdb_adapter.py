"""The EventStoreDB adapter's failure paths, without a server: a closed port and a client that drops."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from typing import cast
from uuid import uuid4

import pytest
from esdbclient import EventStoreDBClient
from esdbclient import RecordedEvent as EsdbRecordedEvent
from esdbclient.exceptions import ServiceUnavailable, WrongCurrentVersion
from niangjia_eventstore import EventStoreUnavailable, StreamState, WrongExpectedVersion
from niangjia_eventstore.esdb import EventStoreDBEventStore

from tests.contract.events import event

pytestmark = pytest.mark.anyio


@pytest.fixture
def closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"esdb://127.0.0.1:{port}?Tls=false"


async def test_an_unreachable_server_is_reported_as_unavailable(closed_port: str) -> None:
    async with EventStoreDBEventStore(closed_port) as store:
        with pytest.raises(EventStoreUnavailable):
            await store.append("tested-1", [event()], StreamState.ANY)
        with pytest.raises(EventStoreUnavailable):
            await store.read_all()
        with pytest.raises(EventStoreUnavailable):
            await store.read_stream("tested-1")


async def test_a_subscription_that_cannot_reconnect_gives_up_when_told_to(closed_port: str) -> None:
    async with EventStoreDBEventStore(closed_port, subscription_give_up_after=0.2) as store:
        with pytest.raises(EventStoreUnavailable):
            async for _ in store.subscribe():
                pass


def _recorded(position: int) -> EsdbRecordedEvent:
    return EsdbRecordedEvent(
        type="Tested",
        data=b"{}",
        metadata=b"{}",
        content_type="application/json",
        id=uuid4(),
        stream_name="tested-1",
        stream_position=position - 1,
        commit_position=position * 100,
        prepare_position=position * 100,
    )


class _DroppingSubscription:
    def __init__(self, events: list[EsdbRecordedEvent], drop_after: int | None) -> None:
        self._events = events
        self._drop_after = drop_after

    def __iter__(self) -> Iterator[EsdbRecordedEvent]:
        for i, e in enumerate(self._events):
            if i == self._drop_after:
                raise ServiceUnavailable("Socket closed")
            yield e
        while True:  # live: nothing more comes
            time.sleep(0.01)
            if self._drop_after == -1:
                return

    def stop(self) -> None:
        self._drop_after = -1


class _DroppingClient:
    """Serves $all from a list; the first two subscriptions drop part way, the first subscribe fails."""

    def __init__(self, events: list[EsdbRecordedEvent]) -> None:
        self.events = events
        self.subscribed_from: list[int | None] = []

    def subscribe_to_all(self, *, commit_position: int | None = None) -> _DroppingSubscription:
        self.subscribed_from.append(commit_position)
        if len(self.subscribed_from) == 1:
            raise ServiceUnavailable("failed to connect")
        after = commit_position or 0
        rest = [e for e in self.events if (e.commit_position or 0) > after]
        # the server may repeat the event at the position it was given; the adapter must skip it
        repeated = [e for e in self.events if e.commit_position == commit_position]
        return _DroppingSubscription(repeated + rest, drop_after=3 if len(self.subscribed_from) < 4 else None)

    def close(self) -> None:
        pass


async def test_a_dropped_subscription_resubscribes_from_the_last_event_and_loses_nothing() -> None:
    client = _DroppingClient([_recorded(p) for p in range(1, 11)])
    store = EventStoreDBEventStore("esdb://unused:2113?Tls=false", client=cast(EventStoreDBClient, client))
    store_events = store.subscribe(after=100)
    got = [await asyncio.wait_for(anext(store_events), 20) for _ in range(9)]
    await store_events.aclose()  # type: ignore[attr-defined]
    await store.close()

    assert [e.position for e in got] == [p * 100 for p in range(2, 11)]
    assert client.subscribed_from == [100, 100, 300, 500]


class _ConflictingClient:
    def append_to_stream(self, stream_name: str, **kwargs: object) -> int:
        raise WrongCurrentVersion("Stream position of last event is 4 not 2")

    def get_stream(self, stream_name: str, **kwargs: object) -> tuple[EsdbRecordedEvent, ...]:
        return ()

    def close(self) -> None:
        pass


async def test_a_version_conflict_becomes_wrong_expected_version_with_the_actual_version() -> None:
    store = EventStoreDBEventStore(
        "esdb://unused:2113?Tls=false", client=cast(EventStoreDBClient, _ConflictingClient())
    )
    with pytest.raises(WrongExpectedVersion) as refused:
        await store.append("tested-1", [event()], 2)
    await store.close()
    assert refused.value.actual == 4
