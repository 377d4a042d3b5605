"""The relay: tail the event store and publish every event to JetStream, in order, losing nothing.

How it resumes from JetStream alone, why that is safe with one relay or several, and why it
checks `Nats-Expected-Last-Sequence`: docs/relay.md (read it before changing the numbering).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from typing import Any

from faststream.exceptions import IncorrectState
from faststream.nats import PubAck
from nats.js import JetStreamContext
from nats.js.api import RawStreamMsg
from niangjia_contracts import EventDecodeError, UnknownEventType
from niangjia_eventstore import EventStore, EventStoreError
from niangjia_kit.projection import STORE_FAULTS

from niangjia_relay.acks import AckPipe
from niangjia_relay.anchor import Anchor, Resync, TooManyForeign, find_anchor, foreign_after
from niangjia_relay.broker import RelayBroker
from niangjia_relay.checkpoints import CheckpointPublisher, CheckpointSource
from niangjia_relay.inflight import Pending, Pump, conflict
from niangjia_relay.messages import CORRELATION_ID, EXPECTED_LAST_SEQUENCE, to_message
from niangjia_relay.regress import PositionRecord
from niangjia_relay.settings import RelaySettings
from niangjia_relay.status import RelayStatus, failed, lag
from niangjia_relay.stream import StreamConfigMismatch, declare_stream

log = logging.getLogger("niangjia.relay")

MAX_BACKOFF = 5.0
RETRY_MAX = 2.0
"""The longest pause before publishing again after a failure (NATS away, JetStream out of space): short,
so that the relay catches up within seconds of NATS taking writes again."""
RESYNC_PAUSE = 0.01
BLOCKED_RETRY = 30.0
REGRESSED_RETRY = 2.0


class Relay:
    def __init__(
        self,
        store: EventStore,
        relay_broker: RelayBroker,
        settings: RelaySettings,
        checkpoints: CheckpointSource | None = None,
    ) -> None:
        self._store = store
        self._checkpoints = checkpoints  # the ledger's, published to a stream of their own (checkpoints.py)
        self.ledger = (
            None
            if checkpoints is None
            else CheckpointPublisher(checkpoints, relay_broker.ledger_spec.name, settings.publish_timeout)
        )
        self._rb = relay_broker
        self._settings = settings
        self.status = RelayStatus(stream=relay_broker.spec.name)
        self._pipe: AckPipe | None = None
        self._looked = 0  # the last stream sequence look_for_foreign checked
        self._stale = False  # a foreign message after the anchor: read the stream again before publishing
        self.record = PositionRecord(settings.data_dir)  # the last event published (regress.py)

    @property
    def connected(self) -> bool:
        try:
            connection = self._rb.broker.config.connection_state.connection
        except IncorrectState:  # not connected yet: /health may ask before the broker has started
            return False
        return bool(connection is not None and connection.is_connected)

    async def _acks(self) -> AckPipe:
        """The pipelined publisher on FastStream's connection (its reply subscription outlives reconnects)."""
        if self._pipe is None:
            self._pipe = await AckPipe.open(self._rb.broker.config.connection_state.connection)
        return self._pipe

    def _js(self) -> JetStreamContext:
        js: JetStreamContext = self._rb.broker.config.connection_state.stream
        return js

    async def start(self) -> None:
        """Connect (retrying until NATS answers) and declare or check the stream.

        Raises StreamConfigMismatch when the stream exists with another configuration.
        """
        await self._rb.broker.start()
        await declare_stream(self._js, self._rb.spec, MAX_BACKOFF)
        if self.ledger is not None:
            await declare_stream(self._js, self._rb.ledger_spec, MAX_BACKOFF)

    async def run(self) -> None:
        """Start, then publish events (and, beside them, the ledger's checkpoints) until cancelled.
        Raises StreamConfigMismatch."""
        await self.start()
        self.status.running = True
        ledger = (
            None
            if self.ledger is None
            else asyncio.create_task(self.ledger.run(self._js, self._acks), name="checkpoints")
        )
        try:
            await self._publish_events()
        finally:
            if ledger is not None:
                ledger.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await ledger

    async def _publish_events(self) -> None:
        backoff = 0.1
        while True:
            before = self.status.checkpoint
            try:
                anchor = await self._resync()
                log.info("publishing after position %d (stream sequence %d)", anchor.position, anchor.sequence)
                await self._pump(anchor)
            except STORE_FAULTS as error:  # the store went backwards: nothing goes out until a restore
                self.status.blocked, self.status.blocked_code = str(error), error.code
                log.error("relay stopped: %s", error)
                await asyncio.sleep(REGRESSED_RETRY)
                continue
            except (TooManyForeign, UnknownEventType, EventDecodeError) as error:
                self.status.blocked = str(error)
                log.error("relay blocked after position %d: %s", self.status.checkpoint, error)
                await asyncio.sleep(BLOCKED_RETRY)
                continue
            except Exception as error:  # another relay first, NATS away, timeouts, store errors: all retried
                self.status.resyncs += 1
                moved = self.status.checkpoint > before
                if conflict(error):
                    # the stream is not where this relay's numbering put it: read it again, at once
                    # while it moves on (the other relay is publishing), slower while it does not
                    backoff = RESYNC_PAUSE if moved else min(max(backoff, RESYNC_PAUSE) * 2, MAX_BACKOFF)
                    log.info("stream moved on at position %d (%s); reading it again", self.status.checkpoint, error)
                    await asyncio.sleep(backoff)
                    continue
                if moved or backoff < 0.1:
                    backoff = 0.1
                failed(self.status, error)
                log.warning(
                    "publishing paused at position %d: %s; retrying in %.1fs", self.status.checkpoint, error, backoff
                )
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, RETRY_MAX)
            self.status.blocked = self.status.blocked_code = None

    async def stop(self) -> None:
        self.status.running = False
        self.record.save()
        if self._pipe is not None:
            pipe, self._pipe = self._pipe, None
            with contextlib.suppress(Exception):
                await pipe.close()
        with contextlib.suppress(Exception):
            await self._rb.broker.stop()

    async def _resync(self) -> Anchor:
        """The stream's end and the store position of its last real event (anchor.py); reports
        each foreign message found on the way, once. First the relay's record is checked against
        the store (StoreRegressed), unless a restore asked for the stream to be reconciled."""
        if self.record.reconcile_requested():
            anchor, gone = await find_anchor(self._js(), self._rb.spec.name, self._store, owns=self._owns)
            await self.record.reconciled(self._store, anchor, gone, self.status)
            self.status.stream_sequence, self.status.checkpoint = anchor.sequence, anchor.position
            return anchor
        problem = await self.record.problem(self._store)
        if problem is not None:
            raise problem
        anchor, foreign = await find_anchor(self._js(), self._rb.spec.name, self._store, owns=self._owns)
        for message in reversed(foreign):
            self.status.report_foreign(message, log)
        self.status.stream_sequence = anchor.sequence
        self.status.checkpoint = anchor.position
        return anchor

    async def look_for_foreign(self) -> None:
        """While idle: report any message after the relay's own that is not an event of the store.

        Another relay's messages are the store's events; anything else is foreign (anchor.py).
        """
        if await self.record.watch(self._store, self.status):  # the store went backwards
            self._stale = True  # the feed stops at its next event and the resync refuses
        if not self.status.running or not self.connected:
            return
        after = max(self._looked, self.status.stream_sequence)
        self._looked, foreign = await foreign_after(self._js(), self._rb.spec.name, self._store, after, owns=self._owns)
        for message in foreign:
            self.status.report_foreign(message, log)
        if foreign:  # its sequences are taken: number the next publish after them, not over them
            self._stale = True

    def _owns(self, message: RawStreamMsg) -> bool:
        return self._checkpoints is not None and self._checkpoints.owns(message)

    async def _pump(self, anchor: Anchor) -> None:
        """Publish everything after the anchor, pipelined, until a publish fails (raises) or cancelled."""
        loop = asyncio.get_running_loop()
        failed: asyncio.Future[BaseException] = loop.create_future()
        room = asyncio.Event()
        pump = Pump(next_seq=anchor.sequence)
        limit = self._settings.max_in_flight

        def settle(pending: Pending, task: asyncio.Future[PubAck]) -> None:
            error: BaseException | None = None
            if task.cancelled():
                error = RuntimeError("a publish was cancelled")
            elif (raised := task.exception()) is not None:
                error = raised
            else:
                ack = task.result()
                error = pump.settled(pending, ack, self.status)
            if error is None:
                pending.acked = True
            if error is not None and not failed.done():
                failed.set_result(error)
            inflight = pump.inflight
            while inflight and inflight[0].acked:
                done = inflight.popleft()
                self.status.checkpoint = done.position
                self.record.note(done.position, done.event_id)
                if pump.window < limit:
                    pump.window += 1
            room.set()

        async def feed() -> None:
            acks = await self._acks()
            name = self._rb.spec.name
            subjects = self._rb.subjects
            timeout = self._settings.publish_timeout
            events = self._store.subscribe(anchor.position, self._settings.page_size)
            try:
                async for item in events:
                    if self._stale:
                        self._stale = False
                        raise Resync()
                    message = to_message(item)
                    headers = message.headers
                    headers[CORRELATION_ID] = message.correlation_id
                    while len(pump.inflight) >= pump.window:
                        room.clear()
                        await room.wait()
                    headers[EXPECTED_LAST_SEQUENCE] = str(pump.next_seq)
                    pump.next_seq += 1
                    pending = Pending(message.position, pump.next_seq, str(item.event_id))
                    subject = subjects[message.event_type]
                    pending.task = await acks.publish(
                        subject, message.body, stream=name, headers=headers, ack_timeout=timeout
                    )
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


__all__ = ["Relay", "RelayStatus", "StreamConfigMismatch", "lag"]
