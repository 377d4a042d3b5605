"""The relay: tail the event store and publish every event to JetStream, in order, losing nothing.

Where it resumes. The relay keeps no checkpoint file: it reads its position back from JetStream,
from the `Niangjia-Position` header of the stream's last message. The stream is what integrators
read, so it is the only record of "published" that cannot disagree with them (a file written after
the ack could lag behind, or survive a stream that was deleted).

Why that is safe. Every publish carries `Nats-Expected-Last-Sequence`: the stream sequence it must
follow. Publishes are pipelined (up to `max_in_flight` awaiting their ack), and if one is lost (NATS
went down, a timeout), every later one is refused by the server instead of landing after a gap. So
the stream is always a gap-free prefix of the store, in store order, and "the last message" is an
exact resume point. On any failure the relay waits for the publishes in flight to settle, reads the
stream's last sequence and position again, and carries on from there, with backoff while NATS is
away. `Nats-Msg-Id` (the event id) is the second guard: within the duplicate window JetStream drops
an event it already holds (a second relay by mistake, a purged stream being refilled).

The in-memory checkpoint is the highest position below which every publish was acknowledged; it
feeds /health and /metrics.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections import deque
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

from faststream.nats import PubAck
from nats.js import JetStreamContext
from niangjia_contracts import EventDecodeError, UnknownEventType
from niangjia_eventstore import EventStore, EventStoreError

from niangjia_relay.broker import RelayBroker
from niangjia_relay.messages import EXPECTED_LAST_SEQUENCE, POSITION, STREAM_SUBJECTS, to_message
from niangjia_relay.settings import RelaySettings
from niangjia_relay.stream import StreamConfigMismatch, ensure_stream

log = logging.getLogger("niangjia.relay")

MAX_BACKOFF = 5.0
BLOCKED_RETRY = 30.0


class RelayBlocked(RuntimeError):
    """The relay cannot publish the next event as it stands (it does not decode, or the stream is foreign)."""


class _Resync(Exception):
    """JetStream dropped a duplicate while later publishes were in flight: read the stream again."""


@dataclass
class RelayStatus:
    """What the relay has done so far; read by /health and /metrics."""

    checkpoint: int = 0
    published: int = 0
    duplicates: int = 0
    resyncs: int = 0
    stream: str = ""
    running: bool = False
    blocked: str | None = None
    last_error: str | None = None
    stream_sequence: int = 0


@dataclass(slots=True)
class _Pending:
    position: int
    task: asyncio.Task[Any] | None = None
    acked: bool = False


@dataclass
class _Pump:
    """The publishes of one pass, from one resync to the next failure."""

    window: int = 1
    inflight: deque[_Pending] = field(default_factory=deque)


class Relay:
    def __init__(self, store: EventStore, relay_broker: RelayBroker, settings: RelaySettings) -> None:
        self._store = store
        self._rb = relay_broker
        self._settings = settings
        self.status = RelayStatus(stream=relay_broker.spec.name)
        self._next_seq = 0

    @property
    def connected(self) -> bool:
        connection = self._rb.broker.config.connection_state.connection
        return bool(connection is not None and connection.is_connected)

    def _js(self) -> JetStreamContext:
        js: JetStreamContext = self._rb.broker.config.connection_state.stream
        return js

    async def start(self) -> None:
        """Connect (retrying until NATS answers) and declare or check the stream.

        Raises StreamConfigMismatch when the stream exists with another configuration.
        """
        await self._rb.broker.start()
        backoff = 0.1
        while True:
            try:
                outcome = await ensure_stream(self._js(), self._rb.spec)
                log.info("stream %s: %s", self._rb.spec.name, outcome)
                return
            except StreamConfigMismatch:
                raise
            except Exception as error:  # NATS not ready yet: timeouts, no responders
                log.warning("checking stream %s failed (%s); retrying", self._rb.spec.name, error)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)

    async def run(self) -> None:
        """Start, then publish until cancelled. Raises StreamConfigMismatch."""
        await self.start()
        self.status.running = True
        backoff = 0.1
        while True:
            before = self.status.checkpoint
            try:
                base_seq, after = await self._resync()
                log.info("publishing after position %d (stream sequence %d)", after, base_seq)
                await self._pump(base_seq, after)
            except _Resync:
                self.status.resyncs += 1
                continue
            except (RelayBlocked, UnknownEventType, EventDecodeError) as error:
                self.status.blocked = str(error)
                log.error("relay blocked after position %d: %s", self.status.checkpoint, error)
                await asyncio.sleep(BLOCKED_RETRY)
                continue
            except Exception as error:  # NATS away, timeouts, store errors: all retried
                self.status.resyncs += 1
                self.status.last_error = f"{type(error).__name__}: {error}"
                if self.status.checkpoint > before:
                    backoff = 0.1
                log.warning(
                    "publishing paused at position %d: %s; retrying in %.1fs", self.status.checkpoint, error, backoff
                )
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
            self.status.blocked = None

    async def stop(self) -> None:
        self.status.running = False
        with contextlib.suppress(Exception):
            await self._rb.broker.stop()

    async def _resync(self) -> tuple[int, int]:
        """The stream's last sequence and the store position of its last message."""
        js = self._js()
        info = await js.stream_info(self._rb.spec.name)
        last_seq = int(info.state.last_seq or 0)
        position = 0
        if info.state.messages:
            last = await js.get_last_msg(self._rb.spec.name, STREAM_SUBJECTS)
            header = (last.headers or {}).get(POSITION)
            if header is None or not header.isdigit():
                raise RelayBlocked(
                    f"message {last.seq} in stream {self._rb.spec.name} has no {POSITION} header: "
                    "something other than the relay publishes on its subjects"
                )
            position = int(header)
        self.status.stream_sequence = last_seq
        self.status.checkpoint = max(self.status.checkpoint, position)
        return last_seq, self.status.checkpoint

    async def _pump(self, base_seq: int, after: int) -> None:
        """Publish everything after `after`, pipelined, until a publish fails (raises) or cancelled."""
        loop = asyncio.get_running_loop()
        failed: asyncio.Future[BaseException] = loop.create_future()
        room = asyncio.Event()
        pump = _Pump()
        self._next_seq = base_seq
        limit = self._settings.max_in_flight

        def settle(pending: _Pending, task: asyncio.Task[PubAck | None]) -> None:
            error: BaseException | None = None
            if task.cancelled():
                error = RuntimeError("a publish was cancelled")
            elif (raised := task.exception()) is not None:
                error = raised
            else:
                pending.acked = True
                ack = task.result()
                if ack is not None and ack.duplicate:
                    self.status.duplicates += 1
                    if pump.inflight and pump.inflight[-1] is pending:
                        self._next_seq -= 1  # nothing sent after it: the next one follows the same sequence
                    else:
                        error = _Resync()
                else:
                    self.status.published += 1
                    if ack is not None:
                        self.status.stream_sequence = max(self.status.stream_sequence, ack.seq)
            if error is not None and not failed.done():
                failed.set_result(error)
            inflight = pump.inflight
            while inflight and inflight[0].acked:
                self.status.checkpoint = inflight.popleft().position
                if pump.window < limit:
                    pump.window += 1
            room.set()

        async def feed() -> None:
            publishers = self._rb.publishers
            timeout = self._settings.publish_timeout
            events = self._store.subscribe(after, self._settings.page_size)
            try:
                async for recorded in events:
                    message = to_message(recorded)
                    while len(pump.inflight) >= pump.window:
                        room.clear()
                        await room.wait()
                    headers = message.headers
                    headers[EXPECTED_LAST_SEQUENCE] = str(self._next_seq)
                    self._next_seq += 1
                    publish: Awaitable[PubAck | None] = publishers[message.event_type].publish(
                        message.body, headers=headers, correlation_id=message.correlation_id, timeout=timeout
                    )
                    pending = _Pending(message.position)
                    pending.task = loop.create_task(publish)  # type: ignore[arg-type]
                    pump.inflight.append(pending)
                    pending.task.add_done_callback(functools.partial(settle, pending))
            finally:
                close = getattr(events, "aclose", None)
                if close is not None:
                    await close()

        feeder = loop.create_task(feed())
        try:
            waiting: set[asyncio.Future[Any]] = {feeder, failed}
            await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            feeder.cancel()
            for pending in pump.inflight:
                if pending.task is not None:
                    pending.task.cancel()
            raise
        feeder.cancel()
        feeder_error: BaseException | None = None
        try:
            await feeder
        except asyncio.CancelledError:
            pass
        except Exception as error:
            feeder_error = error
        # let every publish in flight settle (each has its own timeout) before the stream is read again
        tasks = [p.task for p in pump.inflight if p.task is not None]
        await asyncio.gather(*tasks, return_exceptions=True)
        if failed.done():
            raise failed.result()
        if feeder_error is not None:
            raise feeder_error
        raise EventStoreError("the store subscription ended")  # subscribe() only ends when closed


async def lag(store: EventStore, status: RelayStatus) -> int:
    """Positions between the store's newest event and the last one acknowledged."""
    return max(0, await store.last_position() - status.checkpoint)


__all__ = ["Relay", "RelayBlocked", "RelayStatus", "StreamConfigMismatch", "lag"]
