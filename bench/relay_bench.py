"""Relay benchmark: catch-up throughput beside a bare nats-py publisher, and end-to-end latency.

    .venv/bin/python bench/relay_bench.py [--events 20000] [--rate 500] [--seconds 10]

1. Catch-up: N events already in a SQLite store; the relay publishes them all to a fresh stream
   (events/s from store to JetStream ack: reading, building and publishing). In the same run, a bare
   nats-py publisher sends the same messages, built beforehand (same subjects, headers and bodies,
   as many in flight as the relay), to another fresh stream: the ratio is the relay's whole cost
   over publishing alone.
2. Latency: events appended at a steady rate while the relay runs; a durable pull consumer
   (batch_size=1) records append -> receive for each event: p50 and p99.
Both are run against nats-server with `sync_interval: always` (what niangjia runs) and with the
server's lazy default, which acknowledges before fsync.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import nats
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy, StreamConfig

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from niangjia_eventstore import SQLiteEventStore, StreamState
from niangjia_relay.broker import build_broker
from niangjia_relay.messages import CORRELATION_ID, STREAM_SUBJECTS, to_message
from niangjia_relay.nats_server import NatsServer
from niangjia_relay.relay import Relay
from niangjia_relay.settings import RelaySettings

from tests.support.nats import event_batch


async def fill(store: SQLiteEventStore, n: int, prefix: str) -> None:
    appends = event_batch(n, prefix=prefix)
    for start in range(0, len(appends), 256):
        chunk = appends[start : start + 256]
        await asyncio.gather(*(store.append(sid, events, StreamState.NO_STREAM) for sid, events in chunk))


async def bare_publisher(url: str, store: SQLiteEventStore, n: int, in_flight: int, seed: Path) -> float:
    """The same messages with nats-py's `js.publish_async`, at most `in_flight` awaiting their ack.

    The fastest bare publisher measured here (about twice a gather of `js.publish`); the messages
    are built before the clock starts, and carry what the relay's carry except its expected sequence.
    """
    nc = await nats.connect(url, pending_size=8 * 1024 * 1024, nkeys_seed=str(seed))
    js = nc.jetstream(publish_async_max_pending=in_flight)
    await js.add_stream(StreamConfig(name="BARE", subjects=["niangjia.bare.>"], duplicate_window=7200))
    messages = [to_message(recorded) for recorded in await store.read_all(0, n)]
    for message in messages:
        message.headers[CORRELATION_ID] = message.correlation_id
    started = time.perf_counter()
    futures = [
        await js.publish_async(
            "niangjia.bare." + message.subject.removeprefix("niangjia."),
            message.body,
            stream="BARE",
            headers=message.headers,
        )
        for message in messages
    ]
    await js.publish_async_completed()
    elapsed = time.perf_counter() - started
    acks = [future.result() for future in futures]  # raises if any publish failed
    assert len({ack.seq for ack in acks}) == n, "bare publisher: not every message stored once"
    await js.delete_stream("BARE")  # its subjects lie inside the relay's stream's (the key publishes only there)
    await nc.close()
    return n / elapsed


async def relay_catch_up(url: str, store: SQLiteEventStore, n: int, settings: RelaySettings) -> float:
    relay = Relay(store, build_broker(settings, url=url), settings)
    started = time.perf_counter()
    task = asyncio.create_task(relay.run())
    while relay.status.checkpoint < n:
        if task.done():
            task.result()
        await asyncio.sleep(0.002)
    elapsed = time.perf_counter() - started
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    await relay.stop()
    return n / elapsed


async def latency(
    url: str, store: SQLiteEventStore, settings: RelaySettings, rate: int, seconds: float, reader: Path
) -> list[float]:
    """Append at `rate` events/s for `seconds`; milliseconds from append to receipt by an integrator."""
    appended: dict[str, float] = {}
    received: dict[str, float] = {}
    relay = Relay(store, build_broker(settings, url=url), settings)
    task = asyncio.create_task(relay.run())
    while True:  # caught up with what the catch-up run left
        if relay.status.checkpoint >= await store.last_position():
            break
        await asyncio.sleep(0.01)
    nc = await nats.connect(url, nkeys_seed=str(reader))
    js = nc.jetstream()
    sub = await js.pull_subscribe(
        STREAM_SUBJECTS,
        durable="bench-latency",
        stream=settings.stream_name,
        config=ConsumerConfig(deliver_policy=DeliverPolicy.NEW, ack_policy=AckPolicy.EXPLICIT),
    )
    done = asyncio.Event()
    total = int(rate * seconds)

    async def consume() -> None:
        while len(received) < total:
            try:
                messages = await sub.fetch(1, timeout=1.0)
            except (nats.errors.TimeoutError, TimeoutError):  # nats-py raises either when idle
                continue
            for message in messages:
                event_id = (message.headers or {}).get("Nats-Msg-Id", "")
                received.setdefault(event_id, time.perf_counter())
                await message.ack()
        done.set()

    consumer = asyncio.create_task(consume())
    appends = event_batch(total, per_stream=1, prefix=f"lat{uuid.uuid4().hex[:6]}-")
    started = time.perf_counter()
    for index, (stream_id, events) in enumerate(appends):
        due = started + index / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        appended[str(events[0].event_id)] = time.perf_counter()
        await store.append(stream_id, events, StreamState.NO_STREAM)
    await asyncio.wait_for(done.wait(), timeout=60)
    consumer.cancel()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    await relay.stop()
    await nc.close()
    return [(received[key] - appended[key]) * 1000 for key in appended if key in received]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run(events: int, rate: int, seconds: float, sync_interval: str | None) -> None:
    label = "sync_interval: always" if sync_interval else "server default (lazy fsync)"
    with tempfile.TemporaryDirectory() as tmp, NatsServer(Path(tmp) / "nats", sync_interval=sync_interval) as server:
        store = SQLiteEventStore(Path(tmp) / "events.db", synchronous="NORMAL")
        await fill(store, events, "bench")
        settings = RelaySettings(nats_url=server.url, data_dir=Path(tmp), nats_nkey_file=server.relay_seed)
        bare = await bare_publisher(server.url, store, events, settings.max_in_flight, server.relay_seed)
        relayed = await relay_catch_up(server.url, store, events, settings)
        print(f"[{label}] catch-up of {events} events")
        print(f"  relay (ordered, acked, from store):  {relayed:10,.0f} events/s")
        print(f"  bare nats-py publish_async, same msgs:{bare:10,.0f} events/s")
        print(f"  ratio relay / bare:                 {relayed / bare:10.2f}")
        if sync_interval:
            print("  (the server fsyncs before each ack here: it caps the bare publisher as much as the relay)")
        reader = server.credentials.add_integrator("bench", "the benchmark's consumer")  # subscribe-only
        server.reload()
        millis = await latency(server.url, store, settings, rate, seconds, reader)
        print(
            f"  end-to-end latency at {rate} events/s over {len(millis)} events: "
            f"p50 {statistics.median(millis):.1f} ms, p99 {percentile(millis, 0.99):.1f} ms, "
            f"max {max(millis):.1f} ms"
        )
        await store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--rate", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--only", choices=["always", "default"], default=None)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    for sync_interval in ("always", None):
        if args.only and args.only != (sync_interval or "default"):
            continue
        asyncio.run(run(args.events, args.rate, args.seconds, sync_interval))


if __name__ == "__main__":
    main()
