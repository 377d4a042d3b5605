"""Subscriptions: the history, then live events, each once and in order across the switch."""

from __future__ import annotations

import asyncio

import pytest
from niangjia_eventstore import EventStore, RecordedEvent, StreamState

from tests.contract.events import event, events, stream

pytestmark = pytest.mark.anyio


async def test_catch_up_then_live_under_concurrent_appends_delivers_each_event_once_in_order(
    store: EventStore,
) -> None:
    start = await store.last_position()
    history = stream()
    await store.append(history, events(30), StreamState.NO_STREAM)
    wanted = 30 + 4 * 20
    received: list[RecordedEvent] = []

    async def subscriber() -> None:
        subscription = store.subscribe(after=start, page_size=8)
        async for e in subscription:
            received.append(e)
            if len(received) == wanted:
                break

    async def appender() -> None:
        s = stream()
        for i in range(20):
            await store.append(s, [event(i)], StreamState.ANY)
            if i % 5 == 0:
                await asyncio.sleep(0.002)

    following = asyncio.create_task(subscriber())
    await asyncio.sleep(0.005)  # let it start catching up before the live appends begin
    await asyncio.gather(*(appender() for _ in range(4)))
    await asyncio.wait_for(following, timeout=30)

    everything = await store.read_all(start, limit=1000)
    assert [e.event_id for e in received] == [e.event_id for e in everything]
    assert len({e.event_id for e in received}) == wanted


async def test_a_subscription_from_a_position_starts_after_it(store: EventStore) -> None:
    s = stream()
    first = await store.append(s, events(3), StreamState.NO_STREAM)
    await store.append(s, events(2, start=3), 2)

    subscription = store.subscribe(after=first.position)
    got = [await asyncio.wait_for(anext(subscription), 10) for _ in range(2)]
    await subscription.aclose()  # type: ignore[attr-defined]

    assert [e.stream_version for e in got] == [3, 4]


async def test_a_live_subscriber_sees_an_append_made_after_it_caught_up(store: EventStore) -> None:
    start = await store.last_position()
    subscription = store.subscribe(after=start)
    waiting = asyncio.ensure_future(anext(subscription))
    await asyncio.sleep(0.05)
    assert not waiting.done()

    appended = event()
    await store.append(stream(), [appended], StreamState.NO_STREAM)

    got = await asyncio.wait_for(waiting, 10)
    await subscription.aclose()  # type: ignore[attr-defined]
    assert got.event_id == appended.event_id
