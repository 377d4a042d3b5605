"""The relay against a real nats-server: crashes, an outage, and a stream it must not touch."""

from __future__ import annotations

import asyncio
import signal
import time

from nats.js.api import StreamConfig

from tests.integration.relay.conftest import (
    STREAM,
    Appender,
    RelayRig,
    consume_all,
    run_relay_until_exit,
    store_ids,
    stream_config,
    wait_for,
)
from tests.support.nats import connect

OUTAGE_SECONDS = 4.0


def assert_every_id_once_in_order(rig: RelayRig, n: int) -> None:
    expected = store_ids(rig.store_path)
    assert len(expected) == n
    received = consume_all(rig.nats.url, n, rig.integrator_seed())
    ids = [event_id for event_id, _ in received]
    assert len(ids) == len(set(ids)), "an event arrived twice"
    assert ids == expected, "events missing or out of store order"
    positions = [position for _, position in received]
    assert positions == sorted(positions)
    assert stream_config(rig.nats.url, rig.nats.relay_seed)["messages"] == n


def test_killed_twice_while_appending_publishes_every_event_once_in_order(rig: RelayRig) -> None:
    n = 10_000
    appender = Appender(rig.store_path, n, pause=0.002)
    relay = rig.start_relay()
    appender.start()
    for kill_at in (n // 4, n // 2):
        wait_for(lambda: appender.done >= kill_at, what=f"{kill_at} events appended")  # noqa: B023
        published = rig.acked(relay)
        wait_for(
            lambda: rig.acked(relay) > published or not appender.is_alive(),  # noqa: B023
            what="this relay publishing",
        )
        relay.stop(signal.SIGKILL)
        relay = rig.start_relay()
    appender.join(60)
    assert appender.error is None
    assert not appender.is_alive()
    rig.wait_caught_up(relay, n)
    assert_every_id_once_in_order(rig, n)


def test_nats_outage_loses_nothing_and_the_relay_resumes_by_itself(rig: RelayRig) -> None:
    n = 3_000
    appender = Appender(rig.store_path, n, pause=0.01)
    relay = rig.start_relay()
    appender.start()
    wait_for(lambda: rig.acked(relay) >= 300, what="publishing under way")
    rig.nats.stop()
    wait_for(lambda: rig.health(relay)["nats_connected"] is False, what="the relay to notice")
    time.sleep(OUTAGE_SECONDS)  # the appends go on meanwhile
    rig.nats.start()  # same port, same store
    appender.join(60)
    assert appender.error is None
    rig.wait_caught_up(relay, n)
    assert relay.process.poll() is None, "the relay must ride out the outage, not exit"
    assert_every_id_once_in_order(rig, n)


def test_refuses_a_stream_configured_differently_and_leaves_it_unchanged(rig: RelayRig) -> None:
    async def precreate() -> None:
        nc = await connect(rig.nats.url, rig.nats.relay_seed)
        await nc.jetstream().add_stream(StreamConfig(name=STREAM, subjects=["niangjia.>"], duplicate_window=60))
        await nc.close()

    asyncio.run(precreate())
    code, log = run_relay_until_exit(rig.env, rig.tmp / "relay-refused.log")
    assert code == 2, log
    assert "duplicate_window: the stream has 60.0, the relay needs 7200.0" in log
    assert "does not change streams" in log
    assert stream_config(rig.nats.url, rig.nats.relay_seed)["duplicate_window"] == 60.0
