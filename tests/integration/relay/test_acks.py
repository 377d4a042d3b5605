"""The relay's pipelined publisher: every publish ends with its ack, JetStream's error, or a timeout."""

from __future__ import annotations

import asyncio
import json
import time

import nats
import pytest
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js.api import StreamConfig
from nats.js.errors import APIError
from niangjia_relay.acks import AckPipe
from niangjia_relay.messages import _ascii_json
from niangjia_relay.nats_server import NatsServer

from tests.support.nats import connect


def test_envelope_json_escapes_like_json_dumps() -> None:
    values: list[dict[str, object]] = [
        {"actor": "测试员", "n": 1, "none": None},
        {"actor": '😀 "q" \\ \n\u2028'},
        {"plain": "x"},
    ]
    for value in values:
        assert _ascii_json(value) == json.dumps(value, ensure_ascii=True, separators=(",", ":"))
        assert _ascii_json(value).isascii()


def test_acks_errors_and_timeouts_each_end_their_future(nats_server: NatsServer) -> None:
    async def run() -> None:
        nc = await connect(nats_server.url, nats_server.relay_seed)
        try:
            await nc.jetstream().add_stream(StreamConfig(name="ACKS", subjects=["niangjia.acks.>"]))
            pipe = await AckPipe.open(nc)
            first = await pipe.publish(
                "niangjia.acks.a", b"1", stream="ACKS", headers={"Nats-Msg-Id": "1"}, ack_timeout=5
            )
            assert (await first).seq == 1
            again = await pipe.publish(
                "niangjia.acks.a", b"1", stream="ACKS", headers={"Nats-Msg-Id": "1"}, ack_timeout=5
            )
            assert (await again).duplicate
            started = time.monotonic()
            wrong = await pipe.publish(
                "niangjia.acks.a", b"2", stream="ACKS", headers={"Nats-Expected-Last-Sequence": "0"}, ack_timeout=5
            )
            with pytest.raises(APIError) as refused:
                await wrong
            assert refused.value.err_code == 10071 and time.monotonic() - started < 2  # not left to time out
            foreign = await pipe.publish("niangjia.acks.a", b"3", stream="OTHER", headers={}, ack_timeout=5)
            with pytest.raises(APIError):
                await foreign
            unanswered = await pipe.publish("nobody.listens", b"4", stream="ACKS", headers={}, ack_timeout=0.3)
            with pytest.raises((NatsTimeoutError, nats.js.errors.NoStreamResponseError)):
                await asyncio.wait_for(unanswered, 5)
            assert pipe.pending == 0
            await pipe.close()
        finally:
            await nc.close()

    asyncio.run(run())
