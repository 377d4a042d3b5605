"""The relay's publishes in flight: where each belongs in the stream, and which errors mean that
another relay published first (see docs/relay.md)."""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass, field

from faststream.nats import PubAck
from nats.js.errors import APIError

from niangjia_relay.anchor import Resync

CONFLICTS = frozenset({10071, 10158})
"""JetStream's wrong last sequence and duplicate message id in process: another relay published first."""


def conflict(error: BaseException) -> bool:
    return isinstance(error, Resync) or (isinstance(error, APIError) and error.err_code in CONFLICTS)


@dataclass(slots=True)
class Pending:
    position: int
    sequence: int  # the stream sequence this event belongs at
    task: asyncio.Future[PubAck] | None = None
    acked: bool = False
    event_id: str | None = None  # None for a message that is not an event (a ledger checkpoint)


@dataclass
class Pump:
    """The publishes of one pass, from one resync to the next failure."""

    window: int = 1
    inflight: deque[Pending] = field(default_factory=deque)
