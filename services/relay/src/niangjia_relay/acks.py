"""JetStream publishes pipelined on the broker's connection: each returns a future of its ack.

What nats-py's `js.publish_async` does, less two faults found with nats-py 2.x: an error answer
(wrong last sequence, 10071) never resolves its future, because `APIError.from_error` raises inside
the reply callback instead of returning the error, and a publish that raises while sending leaves
its future pending, holding one of the context's pending slots for good. Here every future ends:
with the PubAck, the error JetStream answered, or a timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

import orjson
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js import api
from nats.js.errors import APIError, NoStreamResponseError

EXPECTED_STREAM = "Nats-Expected-Stream"
_NO_RESPONDERS = "503"
SWEEP = 0.25
"""Seconds between looks for expired publishes: a timeout fires up to this much late."""


class AckPipe:
    """Publishes to JetStream awaiting their acks at once, matched by reply subject."""

    def __init__(self, connection: Client, subscription: Subscription, prefix: str) -> None:
        self._nc = connection
        self._subscription = subscription
        self._prefix = prefix
        self._futures: dict[str, tuple[asyncio.Future[api.PubAck], float]] = {}  # in the order sent
        self._next = 0
        self._sweeper: asyncio.TimerHandle | None = None

    @classmethod
    async def open(cls, connection: Client) -> AckPipe:
        prefix = connection.new_inbox() + "."
        pipe: AckPipe | None = None

        async def on_reply(msg: Msg) -> None:
            if pipe is not None:
                pipe._answer(msg)

        subscription = await connection.subscribe(prefix + "*", cb=on_reply)
        pipe = cls(connection, subscription, prefix)
        return pipe

    @property
    def pending(self) -> int:
        return len(self._futures)

    async def publish(
        self, subject: str, body: bytes, *, stream: str, headers: dict[str, str], ack_timeout: float
    ) -> asyncio.Future[api.PubAck]:
        """Send one message; the future holds its PubAck, or the error (APIError, NATS timeout)."""
        self._next += 1
        token = str(self._next)
        future: asyncio.Future[api.PubAck] = asyncio.get_running_loop().create_future()
        headers[EXPECTED_STREAM] = stream
        # registered before sending (the answer may come while this awaits); one timer for all of
        # them (a timer per publish costs more than the publish's own bookkeeping)
        self._futures[token] = (future, time.monotonic() + ack_timeout)
        try:
            await self._nc.publish(subject, body, reply=self._prefix + token, headers=headers)
        except BaseException:
            self._futures.pop(token, None)
            raise
        if self._sweeper is None:
            self._sweeper = asyncio.get_running_loop().call_later(SWEEP, self._sweep)
        return future

    def _sweep(self) -> None:
        """Fail every publish past its deadline with a NATS timeout; look again while any is pending."""
        self._sweeper = None
        now = time.monotonic()
        for token, (future, deadline) in list(self._futures.items()):
            if future.done() or deadline <= now:
                del self._futures[token]
                if not future.done():
                    future.set_exception(NatsTimeoutError())
        if self._futures:
            self._sweeper = asyncio.get_running_loop().call_later(SWEEP, self._sweep)

    def _answer(self, msg: Msg) -> None:
        entry = self._futures.pop(msg.subject[len(self._prefix) :], None)
        if entry is None or entry[0].done():  # expired already, or an answer from before
            return
        future = entry[0]
        if msg.headers and msg.headers.get(api.Header.STATUS) == _NO_RESPONDERS:
            future.set_exception(NoStreamResponseError())
            return
        try:
            answer = orjson.loads(msg.data)
            if "error" in answer:
                APIError.from_error(answer["error"])  # raises the error's own class
                raise APIError(description=str(answer["error"]))
            # what the relay reads of an ack, without PubAck.from_response's field walk
            ack = api.PubAck(answer["stream"], answer["seq"], answer.get("domain"), answer.get("duplicate"))
            future.set_result(ack)
        except Exception as error:  # the error JetStream answered, or an answer that does not parse
            future.set_exception(error)

    async def close(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
            self._sweeper = None
        for future, _ in list(self._futures.values()):
            future.cancel()
        self._futures.clear()
        with contextlib.suppress(Exception):  # the connection is closed already
            await self._subscription.unsubscribe()


__all__ = ["AckPipe"]
