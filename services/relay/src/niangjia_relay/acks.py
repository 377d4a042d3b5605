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
import json
from typing import Any

from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js import api
from nats.js.errors import APIError, NoStreamResponseError

EXPECTED_STREAM = "Nats-Expected-Stream"
_NO_RESPONDERS = "503"


class AckPipe:
    """Publishes to JetStream awaiting their acks at once, matched by reply subject."""

    def __init__(self, connection: Client, subscription: Subscription, prefix: str) -> None:
        self._nc = connection
        self._subscription = subscription
        self._prefix = prefix
        self._futures: dict[str, asyncio.Future[api.PubAck]] = {}
        self._next = 0

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
        loop = asyncio.get_running_loop()
        self._next += 1
        token = str(self._next)
        future: asyncio.Future[api.PubAck] = loop.create_future()
        headers[EXPECTED_STREAM] = stream
        self._futures[token] = future  # before sending: the answer may come while this awaits
        try:
            await self._nc.publish(subject, body, reply=self._prefix + token, headers=headers)
        except BaseException:
            self._futures.pop(token, None)
            raise
        timer = loop.call_later(ack_timeout, self._expire, token)

        def done(_: asyncio.Future[Any]) -> None:
            timer.cancel()
            self._futures.pop(token, None)

        future.add_done_callback(done)
        return future

    def _expire(self, token: str) -> None:
        future = self._futures.pop(token, None)
        if future is not None and not future.done():
            future.set_exception(NatsTimeoutError())

    def _answer(self, msg: Msg) -> None:
        future = self._futures.pop(msg.subject[len(self._prefix) :], None)
        if future is None or future.done():  # expired already, or an answer from before
            return
        if msg.headers and msg.headers.get(api.Header.STATUS) == _NO_RESPONDERS:
            future.set_exception(NoStreamResponseError())
            return
        try:
            answer = json.loads(msg.data)
            if "error" in answer:
                APIError.from_error(answer["error"])  # raises the error's own class
                raise APIError(description=str(answer["error"]))
            future.set_result(api.PubAck.from_response(answer))
        except Exception as error:  # the error JetStream answered, or an answer that does not parse
            future.set_exception(error)

    async def close(self) -> None:
        for future in list(self._futures.values()):
            future.cancel()
        self._futures.clear()
        with contextlib.suppress(Exception):  # the connection is closed already
            await self._subscription.unsubscribe()


__all__ = ["AckPipe"]
