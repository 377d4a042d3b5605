"""The relay's publishes in flight: where each belongs in the stream, and which errors mean that
another relay published first (see docs/relay.md)."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from dataclasses import dataclass, field

from faststream.nats import PubAck
from nats.js.errors import APIError

from niangjia_relay.anchor import Resync
from niangjia_relay.status import RelayStatus

log = logging.getLogger("niangjia.relay")

CONFLICTS = frozenset({10071, 10158})
"""JetStream's wrong last sequence and duplicate message id in process: another relay published first."""


def conflict(error: BaseException) -> bool:
    return isinstance(error, Resync) or (isinstance(error, APIError) and error.err_code in CONFLICTS)


@dataclass(slots=True)
class Pending:
    position: int
    sequence: int  # the stream sequence this event belongs at
    event_id: str
    task: asyncio.Future[PubAck] | None = None
    acked: bool = False


@dataclass
class Pump:
    """The publishes of one pass, from one resync to the next failure."""

    next_seq: int = 0  # the stream sequence the next publish expects last
    window: int = 1
    inflight: deque[Pending] = field(default_factory=deque)

    def settled(self, pending: Pending, ack: PubAck | None, status: RelayStatus) -> BaseException | None:
        """What an ack says about the stream: None when the event is in it at its own sequence."""
        sequence = int(ack.seq or 0) if ack is not None else 0
        if ack is None or not ack.duplicate:
            if ack is not None and sequence != pending.sequence:  # JetStream checked the expected sequence
                log.error("position %d stored at sequence %d, not %d", pending.position, sequence, pending.sequence)
                return Resync()
            status.published += 1
            status.failing_since = None
            status.stream_sequence = max(status.stream_sequence, sequence)
            return None
        status.duplicates += 1
        if sequence == pending.sequence:  # another relay stored this very event where it belongs
            status.failing_since = None
            status.stream_sequence = max(status.stream_sequence, sequence)
            return None
        if 0 < sequence < pending.sequence and len(self.inflight) == 1 and self.inflight[0] is pending:
            # JetStream remembers this event from before (its sequence is behind the stream's end)
            # but refuses it: it occupies no sequence. Nothing else is in flight, so the next event
            # takes this one's sequence, sent alone.
            log.warning(
                "position %d was stored before at sequence %d, which the stream no longer holds; "
                "JetStream refuses it within its duplicate window",
                pending.position,
                sequence,
            )
            self.next_seq = pending.sequence - 1
            self.window = 0  # grows back to 1 as this one leaves the window
            return None
        # anywhere else: the stream is not what this relay took it for; read it again
        return Resync()
