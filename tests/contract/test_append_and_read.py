"""Appending with each expected-version form, reading a stream and reading everything in pages."""

from __future__ import annotations

import itertools
from datetime import UTC

import pytest
from niangjia_eventstore import EventStore, StreamState, WrongExpectedVersion

from tests.contract.events import event, events, stream

pytestmark = pytest.mark.anyio


async def test_a_new_stream_starts_at_version_0_and_positions_grow(store: EventStore) -> None:
    before = await store.last_position()
    s = stream()
    appended = events(3)

    result = await store.append(s, appended, StreamState.NO_STREAM)

    read = await store.read_stream(s)
    assert [e.event_id for e in read] == [e.event_id for e in appended]
    assert [e.stream_version for e in read] == [0, 1, 2]
    assert [(e.type, e.data, e.metadata, e.stream_id) for e in read] == [
        (e.type, e.data, e.metadata, s) for e in appended
    ]
    positions = [e.position for e in read]
    assert before < positions[0] < positions[1] < positions[2]
    assert (result.stream_id, result.stream_version, result.position) == (s, 2, positions[2])
    assert await store.last_position() == positions[2]
    assert all(e.recorded_at.utcoffset() == UTC.utcoffset(None) for e in read)


async def test_an_exact_expected_version_appends_after_that_version(store: EventStore) -> None:
    s = stream()
    await store.append(s, events(2), StreamState.NO_STREAM)

    result = await store.append(s, [event(2)], 1)

    assert result.stream_version == 2
    assert [e.stream_version for e in await store.read_stream(s, from_version=1)] == [1, 2]


@pytest.mark.parametrize("expected", [StreamState.NO_STREAM, 0, 2])
async def test_a_wrong_expected_version_is_refused_and_writes_nothing(
    store: EventStore, expected: int | StreamState
) -> None:
    s = stream()
    await store.append(s, events(2), StreamState.NO_STREAM)
    last = await store.last_position()

    with pytest.raises(WrongExpectedVersion) as refused:
        await store.append(s, [event(9)], expected)

    assert refused.value.actual == 1
    assert len(await store.read_stream(s)) == 2
    assert await store.last_position() == last


async def test_an_exact_version_on_a_missing_stream_is_refused(store: EventStore) -> None:
    with pytest.raises(WrongExpectedVersion) as refused:
        await store.append(stream(), [event()], 0)
    assert refused.value.actual is None


async def test_any_appends_to_new_and_existing_streams(store: EventStore) -> None:
    s = stream()
    first = await store.append(s, [event(0)], StreamState.ANY)
    second = await store.append(s, events(2, start=1), StreamState.ANY)

    assert (first.stream_version, second.stream_version) == (0, 2)
    assert second.position > first.position


async def test_a_missing_stream_reads_as_empty(store: EventStore) -> None:
    assert await store.read_stream(stream()) == []


async def test_chinese_text_round_trips_byte_for_byte(store: EventStore) -> None:
    s = stream("妇联")
    text = "城西街道快递小哥妇联：“娘家”暖心驿站 🌸 第１期，志愿者 ２３ 人"
    appended = event(type="活动已举办", text=text)

    await store.append(s, [appended], StreamState.NO_STREAM)

    (read,) = await store.read_stream(s)
    assert read.data == appended.data
    assert read.metadata == appended.metadata
    assert (read.type, read.stream_id) == ("活动已举办", s)
    assert text.encode() in read.data


async def test_a_stream_of_10_000_events_reads_back_whole_and_in_order(store: EventStore) -> None:
    s = stream()
    version: int | StreamState = StreamState.NO_STREAM
    for start in range(0, 10_000, 1_000):
        version = (await store.append(s, events(1_000, start=start), version)).stream_version

    read = await store.read_stream(s)

    assert version == 9_999
    assert [e.stream_version for e in read] == list(range(10_000))
    assert [e.data for e in read[:2]] == [b'{"n": 0, "text": ""}', b'{"n": 1, "text": ""}']
    assert [e.stream_version for e in await store.read_stream(s, from_version=9_995)] == list(range(9_995, 10_000))


async def test_read_all_pages_through_everything_after_a_position(store: EventStore) -> None:
    start = await store.last_position()
    streams = [stream(), stream(), stream()]
    for i in range(25):
        await store.append(streams[i % 3], [event(i)], StreamState.ANY)

    pages = []
    after = start
    while page := await store.read_all(after, limit=10):
        pages.append(page)
        after = page[-1].position

    assert [len(p) for p in pages] == [10, 10, 5]
    everything = [e for p in pages for e in p]
    assert [e.data for e in everything] == [event(i).data for i in range(25)]
    assert all(a.position < b.position for a, b in itertools.pairwise(everything))
    assert [e.stream_id for e in everything[:4]] == [streams[0], streams[1], streams[2], streams[0]]
    assert await store.read_all(after) == []
    assert await store.read_all(everything[4].position, limit=2) == everything[5:7]
