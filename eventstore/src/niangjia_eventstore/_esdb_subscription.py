"""A catch-up subscription to $all that resubscribes from the last event it received after a drop."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Protocol

from esdbclient import RecordedEvent as EsdbRecordedEvent
from esdbclient.exceptions import DeadlineExceeded, DiscoveryFailed, GrpcError, NodeIsNotLeader

from niangjia_eventstore.errors import EventStoreError, EventStoreUnavailable
from niangjia_eventstore.port import RecordedEvent

log = logging.getLogger(__name__)

DROPPED = (GrpcError, DeadlineExceeded, DiscoveryFailed, NodeIsNotLeader)
"""Errors after which we subscribe again: the connection or the node went away."""


class _Subscription(Iterable[EsdbRecordedEvent], Protocol):
    def stop(self) -> None: ...


class SubscribingClient(Protocol):
    """The part of esdbclient's EventStoreDBClient a subscription uses."""

    def subscribe_to_all(self, *, commit_position: int | None = None) -> _Subscription: ...


async def follow_all(
    client: SubscribingClient,
    after: int,
    *,
    buffer: int,
    convert: Callable[[EsdbRecordedEvent], RecordedEvent],
    backoff: tuple[float, float] = (0.1, 5.0),
    give_up_after: float | None = None,
) -> AsyncIterator[RecordedEvent]:
    """Every non-system event after `after`, history then live, each once and in order.

    A thread reads the subscription (at most `buffer` events ahead of the consumer); when the
    connection drops it waits (doubling from backoff[0] to backoff[1]) and subscribes again from the
    last event it received. With `give_up_after` set, it raises EventStoreUnavailable once it has
    failed to subscribe for that long.
    """
    feeder = _Feeder(client, after, asyncio.get_running_loop(), buffer, convert, backoff, give_up_after)
    thread = threading.Thread(target=feeder.run, name="esdb-subscription", daemon=True)
    thread.start()
    try:
        while True:
            item = await feeder.inbox.get()
            feeder.room.release()
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        feeder.stop()


class _Feeder:
    def __init__(
        self,
        client: SubscribingClient,
        after: int,
        loop: asyncio.AbstractEventLoop,
        buffer: int,
        convert: Callable[[EsdbRecordedEvent], RecordedEvent],
        backoff: tuple[float, float],
        give_up_after: float | None,
    ) -> None:
        self.inbox: asyncio.Queue[RecordedEvent | BaseException] = asyncio.Queue()
        self.room = threading.Semaphore(buffer)
        self._client = client
        self._position = after
        self._loop = loop
        self._convert = convert
        self._backoff = backoff
        self._give_up_after = give_up_after
        self._stopped = threading.Event()
        self._lock = threading.Lock()
        self._current: _Subscription | None = None
        self._delivered_since_failure = False

    def stop(self) -> None:
        self._stopped.set()
        with self._lock:
            current, self._current = self._current, None
        if current is not None:
            current.stop()
        self.room.release()  # in case the thread waits for room

    def run(self) -> None:
        delay = self._backoff[0]
        failing_since: float | None = None
        while not self._stopped.is_set():
            try:
                self._follow()
                return  # the subscription was stopped
            except DROPPED as exc:
                if self._delivered_since_failure:  # it worked for a while: back off from the start
                    failing_since = None
                    delay = self._backoff[0]
                now = time.monotonic()
                failing_since = now if failing_since is None else failing_since
                if self._give_up_after is not None and now - failing_since > self._give_up_after:
                    self._hand(EventStoreUnavailable(f"EventStoreDB subscription failed: {exc}"))
                    return
                log.warning("subscription dropped (%s); subscribing again in %.1f s", exc, delay)
                self._stopped.wait(delay)
                delay = min(delay * 2, self._backoff[1])
            except Exception as exc:
                self._hand(EventStoreError(f"EventStoreDB subscription failed: {type(exc).__name__}: {exc}"))
                return

    def _follow(self) -> None:
        self._delivered_since_failure = False
        start = self._position if self._position > 0 else None
        subscription = self._client.subscribe_to_all(commit_position=start)
        with self._lock:
            if self._stopped.is_set():
                subscription.stop()
                return
            self._current = subscription
        for event in subscription:
            if event.commit_position is None or event.commit_position <= self._position:
                continue  # a checkpoint, or one we already have
            recorded = self._convert(event)
            while not self.room.acquire(timeout=0.5):
                if self._stopped.is_set():
                    return
            if self._stopped.is_set() or not self._hand(recorded):
                return
            self._position = recorded.position
            self._delivered_since_failure = True

    def _hand(self, item: RecordedEvent | BaseException) -> bool:
        try:
            self._loop.call_soon_threadsafe(self.inbox.put_nowait, item)
        except RuntimeError:  # the consumer's loop is closed
            self._stopped.set()
            return False
        return True
