"""Concurrent appenders: one winner per expected version, and readers that never see a gap."""

from __future__ import annotations

import asyncio
import itertools

import pytest
from niangjia_eventstore import AppendResult, EventStore, RecordedEvent, StreamState, WrongExpectedVersion

from tests.contract.events import event, events, stream

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("expected", [StreamState.NO_STREAM, 1])
async def test_of_n_appenders_with_one_expected_version_exactly_one_wins(
    store: EventStore, expected: int | StreamState
) -> None:
    s = stream()
    if expected == 1:
        await store.append(s, events(2), StreamState.NO_STREAM)

    outcomes = await asyncio.gather(
        *(store.append(s, [event(10 + i)], expected) for i in range(12)), return_exceptions=True
    )

    winners = [o for o in outcomes if isinstance(o, AppendResult)]
    assert len(winners) == 1
    assert all(isinstance(o, WrongExpectedVersion) for o in outcomes if o is not winners[0])
    read = await store.read_stream(s)
    assert len(read) == (1 if expected is StreamState.NO_STREAM else 3)
    assert read[-1].position == winners[0].position


async def test_reading_after_a_position_while_appends_run_is_ordered_and_gap_free(store: EventStore) -> None:
    start = await store.last_position()
    done = asyncio.Event()

    async def appender(k: int) -> None:
        s = stream()
        for i in range(40):
            await store.append(s, events(1 + i % 3, start=i), StreamState.ANY)
        if k == 0:
            await asyncio.sleep(0)

    async def reader() -> list[RecordedEvent]:
        seen: list[RecordedEvent] = []
        after = start
        while True:
            finished = done.is_set()
            page = await store.read_all(after, limit=7)
            seen.extend(page)
            if page:
                after = page[-1].position
            elif finished:
                return seen
            else:
                await asyncio.sleep(0.001)

    reading = asyncio.create_task(reader())
    await asyncio.gather(*(appender(k) for k in range(4)))
    done.set()
    seen = await reading

    everything = await _read_all(store, start)
    assert len(everything) == 4 * sum(1 + i % 3 for i in range(40))
    assert [e.event_id for e in seen] == [e.event_id for e in everything]
    assert all(a.position < b.position for a, b in itertools.pairwise(seen))
    for s in {e.stream_id for e in everything}:
        versions = [e.stream_version for e in everything if e.stream_id == s]
        assert versions == list(range(len(versions)))


async def _read_all(store: EventStore, after: int) -> list[RecordedEvent]:
    out: list[RecordedEvent] = []
    while page := await store.read_all(after, limit=500):
        out.extend(page)
        after = page[-1].position
    return out
