"""A store that goes backwards, or holds an event whose bytes changed, is found out on every adapter."""

from __future__ import annotations

import dataclasses
from uuid import uuid4

import pytest
from niangjia_eventstore import EventCorrupted, EventStore, StoreRegressed, StreamState
from niangjia_eventstore.memory import InMemoryEventStore

from tests.contract.conftest import Adapter
from tests.contract.events import event, events, stream

pytestmark = pytest.mark.anyio


async def test_a_consumers_checkpoint_is_verified_against_the_store(store: EventStore) -> None:
    name = stream()
    result = await store.append(name, events(3), StreamState.NO_STREAM)
    last = (await store.read_stream(name))[-1]
    await store.verify_tail(result.position, last.event_id)
    await store.verify_tail(0, uuid4())

    with pytest.raises(StoreRegressed) as other:
        await store.verify_tail(result.position, uuid4())
    assert other.value.position == result.position
    assert other.value.found == str(last.event_id)

    head = await store.last_position()
    with pytest.raises(StoreRegressed) as beyond:
        await store.verify_tail(head + 1000, uuid4())
    assert beyond.value.found is None
    assert beyond.value.head == head
    assert beyond.value.code == "store_regressed"


async def test_the_integrity_check_reads_every_event(store: EventStore, adapter: Adapter) -> None:
    await store.append(stream(), events(5), StreamState.NO_STREAM)
    counted = await store.check_integrity(page_size=2)
    if not adapter.shared:
        assert counted == 5
    assert await store.problem() is None


async def test_an_integrity_check_that_works_part_of_the_time_still_reads_every_event(
    store: EventStore, adapter: Adapter
) -> None:
    await store.append(stream(), events(5), StreamState.NO_STREAM)
    counted = await store.check_integrity(page_size=2, share=0.5)
    if not adapter.shared:
        assert counted == 5
    checked, last = await store.verify_page(0, 3)
    assert checked == 3
    assert last == (await store.read_all(0, 3))[-1].position
    assert await store.verify_page(await store.last_position(), 10) == (0, await store.last_position())
    with pytest.raises(ValueError, match="share"):
        await store.check_integrity(share=0)


async def test_an_event_changed_in_memory_is_found_on_read() -> None:
    store = InMemoryEventStore()
    name = stream()
    await store.append(name, [event(4321), event(2)], StreamState.NO_STREAM)
    changed = store._log[0]
    store._log[0] = dataclasses.replace(changed, data=changed.data.replace(b"4", b"9"))
    with pytest.raises(EventCorrupted) as found:
        await store.read_all()
    assert found.value.position == 1
    with pytest.raises(EventCorrupted):
        await store.read_stream(name)
    with pytest.raises(EventCorrupted):
        await store.check_integrity()
    assert [e.position for e in await store.read_all(1)] == [2]
