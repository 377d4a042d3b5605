"""The broker takes no one without credentials; integrators read and never publish; a foreign
message in the stream is reported and stepped over, never a reason to stop."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import httpx
import nats
import pytest
from nats.errors import Error as NatsError
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js.api import ConsumerConfig, DeliverPolicy
from nats.js.errors import APIError
from niangjia_eventstore import SQLiteEventStore, StreamState
from niangjia_relay.credentials import new_seed

from tests.integration.relay.conftest import STREAM, RelayRig, store_ids, wait_for
from tests.support.nats import NatsServer, connect, event_batch

LEDGER = "NIANGJIA_LEDGER"


def append(store_path: Path, n: int, prefix: str) -> None:
    store = SQLiteEventStore(store_path, synchronous="NORMAL")
    try:
        for stream_id, events in event_batch(n, prefix=prefix):
            store.append_sync(stream_id, events, StreamState.NO_STREAM)
    finally:
        store.close_sync()


def everything_delivered(url: str, seed: Path, expected: int) -> list[tuple[int, str | None]]:
    """(stream sequence, Nats-Msg-Id) of every message a durable pull consumer gets with `seed`."""

    async def run() -> list[tuple[int, str | None]]:
        nc = await connect(url, seed)
        try:
            sub = await nc.jetstream().pull_subscribe(
                "niangjia.>",
                durable="auth-test",
                stream=STREAM,
                config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL),
            )
            got: list[tuple[int, str | None]] = []
            while len(got) < expected:
                try:
                    batch = await sub.fetch(100, timeout=5.0)
                except NatsTimeoutError:
                    raise AssertionError(f"{len(got)} of {expected} delivered: {got}") from None
                for message in batch:
                    got.append((message.metadata.sequence.stream, (message.headers or {}).get("Nats-Msg-Id")))
                    await message.ack()
            return got
        finally:
            await nc.close()

    return asyncio.run(run())


def test_a_connection_without_credentials_or_with_an_unknown_key_is_refused(nats_server: NatsServer) -> None:
    stranger = nats_server.store_dir / "stranger.nk"
    stranger.write_text(new_seed(), encoding="ascii")  # a valid key the server does not know

    async def scenario() -> None:
        with pytest.raises(NatsError, match="Authorization Violation"):
            await nats.connect(nats_server.url, allow_reconnect=False, max_reconnect_attempts=0)
        with pytest.raises(NatsError, match="Authorization Violation"):
            await connect(nats_server.url, stranger, allow_reconnect=False, max_reconnect_attempts=0)

    asyncio.run(scenario())


def test_an_integrator_may_read_but_not_publish_change_the_stream_or_redirect_it(rig: RelayRig) -> None:
    append(rig.store_path, 5, "r")
    relay = rig.start_relay()
    rig.wait_caught_up(relay, 5)
    seed = rig.integrator_seed()
    refused: list[Exception] = []

    async def on_error(error: Exception) -> None:
        refused.append(error)

    async def scenario() -> None:
        nc = await connect(rig.nats.url, seed, error_cb=on_error)
        js = nc.jetstream()
        try:
            # the incident: a plain PUB on the stream's subjects
            await nc.publish("niangjia.orgs.FederationDissolved", b'{"federation_id": "f0"}')
            await nc.flush()
            with pytest.raises(NatsTimeoutError):  # no answer at all: the server drops the publish
                await js.publish("niangjia.orgs.FederationDissolved", b"{}", timeout=1.0)
            with pytest.raises(NatsTimeoutError):
                await js.purge_stream(STREAM)
            with pytest.raises(NatsTimeoutError):
                await js.delete_stream(STREAM)
            with pytest.raises(NatsTimeoutError):
                await js.delete_msg(STREAM, 1)
            # a push consumer that would deliver the stream onto its own subjects (and so into it)
            with pytest.raises(APIError, match="cycle"):
                await js.add_consumer(STREAM, ConsumerConfig(deliver_subject="niangjia.orgs.Forged"), timeout=2.0)
            info = await js.stream_info(STREAM)  # reading is allowed
            assert info.state.messages == 5
            # the ledger's checkpoints' stream: read, never written, purged or deleted
            with pytest.raises(NatsTimeoutError):
                await js.publish("niangjia-ledger.Checkpoint", b"{}", timeout=1.0)
            with pytest.raises(NatsTimeoutError):
                await js.purge_stream(LEDGER)
            with pytest.raises(NatsTimeoutError):
                await js.delete_stream(LEDGER)
            assert (await js.stream_info(LEDGER)).config.subjects == ["niangjia-ledger.>"]
        finally:
            await nc.close()

    asyncio.run(scenario())
    assert any("permissions violation" in str(error).lower() for error in refused), refused
    assert [event_id for _, event_id in everything_delivered(rig.nats.url, seed, 5)] == store_ids(rig.store_path)


def test_a_revoked_integrator_is_refused(nats_server: NatsServer) -> None:
    key = nats_server.credentials.add_integrator("gone", "a revoked integrator")
    nats_server.reload()

    kept = nats_server.store_dir / "kept.nk"  # the integrator's own copy
    kept.write_text(key.read_text(encoding="ascii"), encoding="ascii")

    async def scenario() -> None:
        nc = await connect(nats_server.url, kept)
        await nc.close()
        assert nats_server.credentials.revoke("gone")
        nats_server.reload()
        with pytest.raises(NatsError, match="Authorization Violation"):
            await connect(nats_server.url, kept, allow_reconnect=False, max_reconnect_attempts=0)

    asyncio.run(scenario())
    assert not key.exists()


def test_a_foreign_message_is_reported_and_every_store_event_still_reaches_the_integrator(rig: RelayRig) -> None:
    append(rig.store_path, 5, "a")
    relay = rig.start_relay()
    rig.wait_caught_up(relay, 5)

    async def forge() -> None:
        # a leak of the relay's own key: what authentication cannot stop
        nc = await connect(rig.nats.url, rig.nats.relay_seed)
        js = nc.jetstream()
        try:
            await js.publish("niangjia.orgs.FederationDissolved", b'{"federation_id": "a0"}')  # no headers at all
            forged = {"Nats-Msg-Id": str(uuid.uuid4()), "Niangjia-Position": "999"}  # a position far ahead
            await js.publish("niangjia.orgs.FederationDissolved", b'{"federation_id": "a1"}', headers=forged)
        finally:
            await nc.close()

    asyncio.run(forge())
    wait_for(lambda: rig.health(relay)["foreign_messages"] == 2, what="the relay to report both")
    append(rig.store_path, 5, "b")
    rig.wait_caught_up(relay, 10)

    health = rig.health(relay)
    assert health["foreign_messages"] == 2 and "blocked" not in health, health
    last = health["last_foreign"]
    assert isinstance(last, dict) and last["stream_sequence"] == 7 and "999" in str(last["reason"])
    assert health.get("status") != "blocked"
    metrics = httpx.get(relay.url + "/metrics", timeout=5).text
    assert "niangjia_relay_foreign_messages_total 2.0" in metrics
    assert "niangjia_relay_last_foreign_sequence 7.0" in metrics
    log = relay.log()
    assert "foreign message at stream sequence 6" in log and "foreign message at stream sequence 7" in log

    expected = store_ids(rig.store_path)
    delivered = everything_delivered(rig.nats.url, rig.integrator_seed(), 12)
    ids = [event_id for _, event_id in delivered]
    assert [event_id for event_id in ids if event_id in set(expected)] == expected, "every store event once, in order"
    assert [sequence for sequence, event_id in delivered if event_id not in set(expected)] == [6, 7]
    assert relay.process.poll() is None
