"""The ledger never grows its tree over a store that went backwards: its last leaf's event must
still be in the store at its position."""

from __future__ import annotations

from pathlib import Path

import pytest
from niangjia_eventstore import StoreRegressed
from niangjia_eventstore.memory import InMemoryEventStore

from tests.unit.ledger.test_runner import _append, _ledger

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_a_store_shorter_than_the_tree_stops_the_ledger(tmp_path: Path) -> None:
    first = InMemoryEventStore()
    await _append(first, 5)
    assert await _ledger(first, tmp_path).catch_up() == 5

    shorter = InMemoryEventStore()
    await _append(shorter, 3)
    with pytest.raises(StoreRegressed) as found:
        await _ledger(shorter, tmp_path).catch_up()
    assert (found.value.position, found.value.head, found.value.found) == (5, 3, None)


async def test_a_store_refilled_with_other_events_stops_the_ledger(tmp_path: Path) -> None:
    first = InMemoryEventStore()
    await _append(first, 4)
    await _ledger(first, tmp_path).catch_up()
    other = InMemoryEventStore()
    await _append(other, 6, stream="other")
    ledger = _ledger(other, tmp_path)
    with pytest.raises(StoreRegressed):
        await ledger.catch_up()
    assert ledger.state.size == 4
