"""Appending the same event ids again returns the first result and writes nothing.

An append is known by its first event id: repeating it on the same stream with the same ids is a
replay; starting an append on another stream with that id is refused (a reused idempotency key, to
the services); some of its ids again where it was written is a partial repeat, refused. As in
EventStoreDB, an id is not otherwise unique: the same id may appear in two streams.
"""

from __future__ import annotations

import pytest
from niangjia_eventstore import EventIdsReused, EventStore, StreamState

from tests.contract.conftest import Adapter
from tests.contract.events import event, events, stream

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("form", ["no_stream", "exact", "any"])
async def test_a_repeated_append_returns_the_first_result(store: EventStore, adapter: Adapter, form: str) -> None:
    if form == "any" and not adapter.dedupes_any:
        pytest.skip(f"{adapter.name} deduplicates appends with ANY on a best-effort basis only")
    s = stream()
    await store.append(s, [event(0)], StreamState.NO_STREAM)
    forms: dict[str, int | StreamState] = {"no_stream": StreamState.NO_STREAM, "exact": 0, "any": StreamState.ANY}
    expected = forms[form]
    target = stream() if form == "no_stream" else s
    batch = events(3, start=1)
    first = await store.append(target, batch, expected)
    await store.append(s, [event(4)], StreamState.ANY)  # the stream moves on
    last = await store.last_position()

    again = await store.append(target, batch, expected)

    assert again == first
    assert await store.last_position() == last
    assert len(await store.read_stream(target)) == (3 if form == "no_stream" else 5)


async def test_a_single_event_repeated_returns_its_first_result(store: EventStore) -> None:
    s = stream()
    one = event()
    first = await store.append(s, [one], StreamState.NO_STREAM)
    assert await store.append(s, [one], StreamState.NO_STREAM) == first
    assert len(await store.read_stream(s)) == 1


async def test_an_append_that_overlaps_an_earlier_one_in_part_is_refused(store: EventStore) -> None:
    s = stream()
    earlier = events(2)
    await store.append(s, earlier, StreamState.NO_STREAM)
    last = await store.last_position()

    with pytest.raises(EventIdsReused, match="some, but not all, of these event ids were appended before"):
        await store.append(s, [earlier[1], event(5)], 0)

    assert await store.last_position() == last
    assert [e.event_id for e in await store.read_stream(s)] == [e.event_id for e in earlier]


async def test_an_event_id_may_appear_again_in_another_stream(store: EventStore) -> None:
    shared = event(1)
    one, other = stream(), stream()
    await store.append(one, [event(0), shared], StreamState.NO_STREAM)

    await store.append(other, [event(2), shared], StreamState.NO_STREAM)

    assert [e.event_id for e in await store.read_stream(one)][1] == shared.event_id
    assert [e.event_id for e in await store.read_stream(other)][1] == shared.event_id


@pytest.mark.parametrize("rest", ["same", "different"])
async def test_an_append_starting_with_the_first_id_of_an_append_to_another_stream_is_refused(
    store: EventStore, adapter: Adapter, rest: str
) -> None:
    if not adapter.refuses_reuse_across_streams:
        pytest.skip(f"{adapter.name} keeps event ids per stream and cannot see an append to another stream")
    earlier = events(2)
    await store.append(stream(), earlier, StreamState.NO_STREAM)
    last = await store.last_position()
    target = stream()

    again = earlier if rest == "same" else [earlier[0], event(7)]
    with pytest.raises(EventIdsReused, match="these event ids were appended before in another append"):
        await store.append(target, again, StreamState.NO_STREAM)

    assert await store.last_position() == last
    assert await store.read_stream(target) == []
