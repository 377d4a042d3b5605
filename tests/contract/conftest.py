"""The adapters the contract suite runs against: memory, sqlite and EventStoreDB."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from niangjia_eventstore import EventStore, SQLiteEventStore
from niangjia_eventstore.memory import InMemoryEventStore

ESDB_IMAGE = "eventstore/eventstore:24.10"


@dataclass(frozen=True)
class Adapter:
    """How to make a fresh store of one kind; `shared` stores keep other tests' events."""

    name: str
    create: Callable[[], EventStore]
    shared: bool = False
    dedupes_any: bool = True
    """Whether re-appending with ANY is guaranteed to be a no-op (EventStoreDB: best effort)."""
    refuses_reuse_across_streams: bool = True
    """Whether an append whose first id started an append on another stream is refused."""


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def esdb_url() -> Iterator[str]:
    """ESDB_URL when set, else a throwaway EventStoreDB container, else a skip that says why."""
    url = os.environ.get("ESDB_URL")
    if url:
        yield url
        return
    if not os.environ.get("DOCKER_HOST") and not Path("/var/run/docker.sock").exists():
        pytest.skip("EventStoreDB: ESDB_URL is not set and there is no Docker engine (no /var/run/docker.sock)")
    yield from _container()


def _container() -> Iterator[str]:
    import docker  # type: ignore[import-untyped]
    from testcontainers.core.container import DockerContainer
    from testcontainers.core.wait_strategies import HealthcheckWaitStrategy

    try:
        docker.from_env(timeout=3).ping()
    except Exception as exc:
        pytest.skip(f"EventStoreDB: ESDB_URL is not set and the Docker engine does not answer ({exc})")
    container = (
        DockerContainer(ESDB_IMAGE)
        .with_env("EVENTSTORE_INSECURE", "true")
        .with_env("EVENTSTORE_MEM_DB", "true")
        .with_env("EVENTSTORE_CLUSTER_SIZE", "1")
        .with_exposed_ports(2113)
        .waiting_for(HealthcheckWaitStrategy())
    )
    try:
        container.start()
    except Exception as exc:
        pytest.skip(f"EventStoreDB: could not start {ESDB_IMAGE} with Docker ({exc})")
    try:
        yield f"esdb://{container.get_container_host_ip()}:{container.get_exposed_port(2113)}?Tls=false"
    finally:
        container.stop()


@pytest.fixture(params=["memory", "sqlite", "eventstoredb"])
def adapter(request: pytest.FixtureRequest, tmp_path: Path) -> Adapter:
    if request.param == "memory":
        return Adapter("memory", InMemoryEventStore)
    if request.param == "sqlite":
        return Adapter("sqlite", lambda: SQLiteEventStore(tmp_path / "events.db"))
    url: str = request.getfixturevalue("esdb_url")
    from niangjia_eventstore.esdb import EventStoreDBEventStore

    return Adapter(
        "eventstoredb",
        lambda: EventStoreDBEventStore(url),
        shared=True,
        dedupes_any=False,
        refuses_reuse_across_streams=False,
    )


@pytest.fixture
async def store(adapter: Adapter) -> AsyncIterator[EventStore]:
    async with adapter.create() as opened:
        yield opened
