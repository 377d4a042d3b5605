"""open_store(url) picks the adapter, and says clearly what it cannot open."""

from __future__ import annotations

from pathlib import Path

import pytest
from niangjia_eventstore import SQLiteEventStore, open_store
from niangjia_eventstore.esdb import EventStoreDBEventStore
from niangjia_eventstore.memory import InMemoryEventStore

pytestmark = pytest.mark.anyio


async def test_each_scheme_opens_its_adapter(tmp_path: Path) -> None:
    async with open_store(f"sqlite:///{tmp_path}/events.db?synchronous=NORMAL") as store:
        assert isinstance(store, SQLiteEventStore)
        assert store.path == f"{tmp_path}/events.db"
    async with open_store("memory://") as store:
        assert isinstance(store, InMemoryEventStore)
    async with open_store("esdb://127.0.0.1:2113?Tls=false") as store:
        assert isinstance(store, EventStoreDBEventStore)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgres://db/events", "unknown event store URL scheme 'postgres'"),
        ("events.db", "has no scheme"),
        ("sqlite://", "needs a file path"),
        ("sqlite://host/events.db", "names a host"),
        ("sqlite:///events.db?journal=off", "unknown sqlite URL options"),
    ],
)
def test_anything_else_is_a_clear_value_error(url: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        open_store(url)
