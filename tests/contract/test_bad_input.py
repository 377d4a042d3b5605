"""Malformed appends get InvalidAppend and change nothing."""

from __future__ import annotations

from uuid import uuid4

import pytest
from niangjia_eventstore import MAX_EVENT_BYTES, EventStore, InvalidAppend, NewEvent, StreamState

from tests.contract.events import event, stream

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("stream_id", ["", "   ", " padded", "$system", "x" * 201])
async def test_a_bad_stream_id_is_refused(store: EventStore, stream_id: str) -> None:
    await _refused(store, stream_id, [event()], StreamState.ANY)


@pytest.mark.parametrize("expected", ["any", None, -1, True, 1.0, "no_stream"])
async def test_an_unknown_expected_version_form_is_refused(store: EventStore, expected: object) -> None:
    await _refused(store, stream(), [event()], expected)


async def test_an_event_over_the_size_limit_is_refused(store: EventStore) -> None:
    big = NewEvent(event_id=uuid4(), type="Tested", data=b"x" * (MAX_EVENT_BYTES - 1), metadata=b"{}")
    await _refused(store, stream(), [event(), big], StreamState.NO_STREAM)


async def test_an_empty_append_and_a_repeated_id_are_refused(store: EventStore) -> None:
    once = event()
    await _refused(store, stream(), [], StreamState.ANY)
    await _refused(store, stream(), [once, once], StreamState.ANY)


async def test_a_bad_event_type_is_refused(store: EventStore) -> None:
    for type_ in ["", "$internal", "T" * 101]:
        await _refused(store, stream(), [NewEvent(event_id=uuid4(), type=type_, data=b"{}")], StreamState.ANY)


async def _refused(store: EventStore, stream_id: str, new: list[NewEvent], expected: object) -> None:
    last = await store.last_position()
    with pytest.raises(InvalidAppend):
        await store.append(stream_id, new, expected)  # type: ignore[arg-type]
    assert await store.last_position() == last
    if stream_id.strip() and not stream_id.startswith("$") and len(stream_id) <= 200:
        assert await store.read_stream(stream_id) == []
