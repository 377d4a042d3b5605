"""Several relays on one store and one stream at once (the cluster deployment runs two copies).

The invariant: the stream holds every store event exactly once, in store order, however many
relays publish and however their publishes interleave. Events are appended a few at a time while
the relays run, so the copies race for nearly every event: each sees the other's copy as a
duplicate or is refused with a wrong last sequence, and must carry on without ever letting an event
land one place early (which silently drops the event before it for every integrator).

Single node and a three-node cluster from the deploy folder's own configs (stream R3): a clustered
leader checks the expected last sequence against the publishes still in flight and answers a
duplicate still in flight with an error, so the two interleave differently.

On the cluster the ledger signs checkpoints every few milliseconds while the relays race, and
each relay publishes them too: they go to the ledger's own stream, never among the events, whose
numbering they would shift under the other relay's publishes in flight (docs/relay.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from niangjia_eventstore import RecordedEvent, StreamState
from niangjia_eventstore.memory import InMemoryEventStore
from niangjia_projections.bootstrap import build_app
from niangjia_projections.settings import ProjectionsSettings
from niangjia_relay.broker import build_broker
from niangjia_relay.messages import EXPECTED_LAST_SEQUENCE, to_message
from niangjia_relay.relay import Relay
from niangjia_relay.settings import RelaySettings

from tests.integration.relay.cluster import NatsCluster
from tests.integration.relay.conftest import STREAM, Appender, RelayRig, rigged, store_ids, wait_for
from tests.support.nats import NatsServer, connect, event_batch, stream_message_ids, stream_messages

N = 600


@pytest.fixture
def cluster_rig(tmp_path: Path) -> Iterator[RelayRig]:
    with (
        NatsCluster(tmp_path / "cluster") as cluster,
        rigged(tmp_path, cluster, tmp_path / "events.db", NIANGJIA_STREAM_REPLICAS="3") as made,
    ):
        yield made


async def read_stream_ids(url: str, seed: Path) -> list[str]:
    return await stream_message_ids(url, STREAM, seed)


def stream_ids(url: str, seed: Path) -> list[str]:
    return asyncio.run(read_stream_ids(url, seed))


@contextlib.contextmanager
def signing(rig: RelayRig) -> Iterator[None]:
    """The projections service's ledger signing a checkpoint every 10 ms of the events it has read."""
    data = rig.tmp / "projections"
    rig.settings["NIANGJIA_LEDGER_FILE"] = str(data / "ledger.db")
    settings = ProjectionsSettings(data_dir=data, store_url=f"sqlite:///{rig.store_path}", ledger_interval=0.01)
    with TestClient(build_app(settings)):
        yield


def race(rig: RelayRig, relays: int, *, kill_one: bool, ledger: bool = False) -> None:
    """`relays` copies publish while events arrive a few at a time; optionally one is killed and
    restarted halfway, so it resumes from the stream while the others keep publishing; optionally
    the ledger signs checkpoints all along, which the relays publish to the ledger's stream."""
    with signing(rig) if ledger else contextlib.nullcontext():
        _race(rig, relays, kill_one=kill_one, ledger=ledger)


def _race(rig: RelayRig, relays: int, *, kill_one: bool, ledger: bool) -> None:
    running = [rig.start_relay() for _ in range(relays)]
    appender = Appender(rig.store_path, N, per_stream=3, pause=0.004)
    appender.start()
    if kill_one:
        wait_for(lambda: appender.done >= N // 2, what="half the events appended")
        running[0].stop(signal.SIGKILL)
        running[0] = rig.start_relay()
    appender.join(120)
    assert appender.error is None and not appender.is_alive()
    expected = store_ids(rig.store_path)
    assert len(expected) == N
    for relay in running:
        rig.wait_caught_up(relay, N)

    published = stream_ids(rig.nats.url, rig.integrator_seed())
    missing = [event_id for event_id in expected if event_id not in set(published)]
    assert not missing, f"{len(missing)} events never reached the stream: {missing[:5]}"
    assert len(published) == len(set(published)), "an event is in the stream twice"
    assert published == expected, "the stream is not in store order"
    for relay in running:
        health = rig.health(relay)
        assert "blocked" not in health, health
        assert "Traceback" not in relay.log(), relay.log()[-3000:]
    if ledger:
        seed = rig.integrator_seed()
        wait_for(lambda: ledger_sizes(rig.nats.url, seed)[-1:] == [N], what="the checkpoint of every event")
        sizes = ledger_sizes(rig.nats.url, seed)
        assert sizes == sorted(sizes) and len(sizes) == len(set(sizes)) > 1, sizes  # each once, as signed
        for relay in running:  # each relay knows the stream's last checkpoint, whichever stored it
            wait_for(lambda r=relay: rig.health(r)["ledger"]["last_tree_size"] == N, what="the relay at it")  # type: ignore[index,misc]


def ledger_sizes(url: str, seed: Path) -> list[int]:
    messages = asyncio.run(stream_messages(url, "NIANGJIA_LEDGER", seed))
    return [int(json.loads(body)["tree_size"]) for _, body, _ in messages]


def test_three_relays_on_one_server_leave_every_event_once_in_store_order(rig: RelayRig) -> None:
    race(rig, 3, kill_one=True)


def test_two_relays_on_a_three_node_cluster_leave_every_event_once_in_store_order(cluster_rig: RelayRig) -> None:
    race(cluster_rig, 2, kill_one=False, ledger=True)


class GatedStore(InMemoryEventStore):
    """Hands its subscribers events only up to `released`: the test decides when the relay sees each."""

    def __init__(self) -> None:
        super().__init__()
        self.released = 0
        self.held: int | None = None  # the position a subscriber waits to be handed
        self._moved = asyncio.Event()

    def release(self, position: int) -> None:
        self.released = position
        self._moved.set()

    async def subscribe(self, after: int = 0, page_size: int = 500) -> AsyncIterator[RecordedEvent]:
        async for event in super().subscribe(after, page_size):
            while event.position > self.released:
                self.held = event.position
                self._moved.clear()
                await self._moved.wait()
            self.held = None
            yield event


async def until(condition: Callable[[], bool], what: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.01)


@pytest.fixture(params=["single", "cluster"])
def jetstream(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, int, Path]]:
    """(NATS URL, stream replicas, the relay's seed): one server, or the deploy folder's three-node
    cluster (R3)."""
    if request.param == "single":
        with NatsServer(tmp_path / "nats") as server:
            yield server.url, 1, server.relay_seed
    else:
        with NatsCluster(tmp_path / "cluster") as cluster:
            yield cluster.url, 3, cluster.relay_seed


def test_a_duplicate_stored_by_another_relay_keeps_its_sequence(
    jetstream: tuple[str, int, Path], tmp_path: Path
) -> None:
    """The other relay stores event 1 first; on a cluster this relay's copy is acknowledged as a
    duplicate at sequence 1, with nothing else in flight. Events 2 and 3 then go out together:
    event 2 after sequence 1, event 3 after sequence 2. Numbering them as if the duplicate took no
    sequence sends event 2 after 0 (refused) and event 3 after 1, where it lands, and event 2 is
    lost to every integrator."""
    url, replicas, seed = jetstream

    async def scenario() -> None:
        store = GatedStore()
        for stream_id, events in event_batch(3, per_stream=1, prefix="dup"):
            await store.append(stream_id, events, StreamState.NO_STREAM)
        recorded = await store.read_all(0, 10)
        settings = RelaySettings(
            nats_url=url, data_dir=tmp_path, stream_replicas=replicas, publish_timeout=5.0, nats_nkey_file=seed
        )
        relay = Relay(store, build_broker(settings), settings)
        task = asyncio.create_task(relay.run())
        nc = await connect(url, seed)
        try:
            js = nc.jetstream()
            # the relay has read the empty stream and waits for event 1
            await until(lambda: store.held == recorded[0].position, "the relay to start")
            # the other relay publishes event 1 first, as every relay does
            first = to_message(recorded[0])
            ack = await js.publish(
                first.subject, first.body, stream=STREAM, headers={**first.headers, EXPECTED_LAST_SEQUENCE: "0"}
            )
            assert ack.seq == 1
            store.release(recorded[0].position)
            # a cluster answers this relay's copy as a duplicate at sequence 1 (its leader checks the
            # message id first); a single server refuses it with wrong last sequence 1, and the
            # relay reads the stream again: either way it is past event 1, nothing else in flight
            await until(lambda: relay.status.checkpoint == recorded[0].position, "this relay's copy of event 1")
            if replicas > 1:
                assert relay.status.duplicates == 1
            store.release(recorded[-1].position)
            await until(lambda: relay.status.checkpoint == recorded[-1].position, "this relay to publish events 2, 3")
            assert not task.done()
            ids = [str(event.event_id) for event in recorded]
            assert await read_stream_ids(url, seed) == ids, "events missing or out of store order"
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await relay.stop()
            await nc.close()

    asyncio.run(scenario())


def test_a_purged_stream_refilled_steps_over_the_events_jetstream_still_remembers(tmp_path: Path) -> None:
    """After a purge the relay starts again from the store's first event. JetStream refuses the
    events it stored before (within its duplicate window) without storing them: they take no
    sequence, and the relay goes on to the new events without a gap or a stall."""

    async def relay_until(store: InMemoryEventStore, settings: RelaySettings, position: int) -> Relay:
        relay = Relay(store, build_broker(settings), settings)
        task = asyncio.create_task(relay.run())
        try:
            await until(lambda: relay.status.checkpoint == position and not task.done(), f"position {position}")
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await relay.stop()
        return relay

    async def scenario(url: str, seed: Path) -> None:
        store = InMemoryEventStore()
        for stream_id, events in event_batch(5, per_stream=1, prefix="old"):
            await store.append(stream_id, events, StreamState.NO_STREAM)
        settings = RelaySettings(nats_url=url, data_dir=tmp_path, publish_timeout=5.0, nats_nkey_file=seed)
        await relay_until(store, settings, await store.last_position())
        nc = await connect(url, seed)
        try:
            await nc.jetstream().purge_stream(STREAM)
            for stream_id, events in event_batch(3, per_stream=1, prefix="new"):
                await store.append(stream_id, events, StreamState.NO_STREAM)
            relay = await relay_until(store, settings, await store.last_position())
            assert relay.status.duplicates == 5
            everything = await store.read_all(0, 100)
            assert await read_stream_ids(url, seed) == [str(event.event_id) for event in everything[5:]]
            info = await nc.jetstream().stream_info(STREAM)
            assert (info.state.first_seq, info.state.last_seq) == (6, 8)
        finally:
            await nc.close()

    with NatsServer(tmp_path / "nats") as server:
        asyncio.run(scenario(server.url, server.relay_seed))
