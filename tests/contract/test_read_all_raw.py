"""`read_all_raw`: the same events as `read_all`, as the plain values the store holds, over every adapter."""

from __future__ import annotations

import pytest
from niangjia_eventstore import EventStore, NewEvent, StreamState
from niangjia_eventstore.port import raw_event

from tests.contract.events import events, stream

pytestmark = pytest.mark.anyio


async def test_raw_rows_are_the_recorded_events_fields_in_pages(store: EventStore) -> None:
    before = await store.last_position()
    s = stream() + "-流"
    await store.append(s, events(3), StreamState.NO_STREAM)
    await store.append(s, [NewEvent(event_id=events(1)[0].event_id, type="类型", data=b"{}", metadata=b'{"m":1}')], 2)

    recorded = await store.read_all(before, 10)
    raw = await store.read_all_raw(before, 2) + await store.read_all_raw(recorded[1].position, 10)

    assert raw == [raw_event(e) for e in recorded]
    assert len(raw) == 4
    position, event_id, stream_id, version, type_, _, data, metadata = raw[3]
    assert (event_id, stream_id, version, type_, data, metadata) == (
        recorded[3].event_id.bytes,
        s.encode(),
        3,
        "类型".encode(),
        b"{}",
        b'{"m":1}',
    )
    assert position == recorded[3].position
    assert await store.read_all_raw(await store.last_position(), 10) == []
