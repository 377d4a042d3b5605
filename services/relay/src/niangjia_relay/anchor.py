"""Where the relay stands in its stream: the last message that is an event of the store.

The relay resumes after the stream's last message. Only the relay may publish on the stream's
subjects, but should anything else ever get a message in (a leaked key, a broker without
authentication), that message is *foreign*: it has no `Niangjia-Position` header, or its
`Nats-Msg-Id` is not the id of the store's event at the position it names. Trusting it would stop
the relay (no position to resume from) or, worse, make it skip every event up to a forged
position. So the relay checks the last message against the store, steps back over foreign ones to
the last real event, and resumes after that event, numbering its next publish after the stream's
true end (foreign messages keep their sequences). It reports every foreign message it stepped over.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nats.js import JetStreamContext
from nats.js.api import RawStreamMsg
from nats.js.errors import NotFoundError
from niangjia_eventstore import EventStore

from niangjia_relay.messages import MSG_ID, POSITION, STREAM_SUBJECTS

MAX_STEPS_BACK = 10_000
"""Foreign messages stepped over in one look before the relay gives up (and tries again later)."""


class Resync(Exception):
    """The stream is not where the relay's numbering put it (another relay, a duplicate): read it again."""


class TooManyForeign(RuntimeError):
    """More than MAX_STEPS_BACK foreign messages at the end of the stream."""


@dataclass(frozen=True, slots=True)
class Anchor:
    """The stream's last sequence and the store position of its last real event (0, 0: nothing yet)."""

    sequence: int
    position: int


@dataclass(frozen=True, slots=True)
class Foreign:
    """A message in the stream that is not the store's event: where, on which subject, and why not."""

    sequence: int
    subject: str
    msg_id: str | None
    reason: str


async def not_the_store_event(message: RawStreamMsg, store: EventStore) -> str | None:
    """Why a stream message is not the store's event at its position, or None when it is."""
    headers: dict[str, str] = message.headers or {}
    header = headers.get(POSITION)
    if header is None or not header.isdigit():
        return f"it has no {POSITION} header"
    position = int(header)
    found = await store.read_all(position - 1, 1) if position > 0 else []
    if not found or found[0].position != position:
        return f"the store has no event at position {position}"
    event_id = str(found[0].event_id)
    if headers.get(MSG_ID) != event_id:
        return f"its {MSG_ID} {headers.get(MSG_ID)!r} is not {event_id}, the store's event at position {position}"
    return None


Owns = Callable[[RawStreamMsg], bool]
"""Whether a message that is no event is still the relay's own (a ledger checkpoint, checkpoints.py)."""


def _own(message: RawStreamMsg, owns: Owns | None) -> bool:
    return owns is not None and owns(message)


async def find_anchor(
    js: JetStreamContext, stream: str, store: EventStore, owns: Owns | None = None
) -> tuple[Anchor, list[Foreign]]:
    """The anchor to publish after, and the foreign messages between it and the stream's end (newest first).

    The sequence and the position come from reads of messages, never from `stream_info` alone: the
    stream's last sequence could be older than the message read after it (another relay published
    in between), and a sequence paired with a later position makes the relay number every event
    too low. A last sequence above the last message's own means the messages after it were deleted;
    the events they held go out again after it, as the stream no longer has them.
    """
    info = await js.stream_info(stream)
    last_seq = int(info.state.last_seq or 0)
    if not info.state.messages:
        return Anchor(last_seq, 0), []
    try:
        last = await js.get_last_msg(stream, STREAM_SUBJECTS)
    except NotFoundError as error:  # emptied between the two reads
        raise Resync() from error
    end = max(int(last.seq or 0), last_seq)
    first = int(info.state.first_seq or 1)
    foreign: list[Foreign] = []
    message: RawStreamMsg | None = last
    sequence = int(last.seq or 0)
    for _ in range(MAX_STEPS_BACK):
        if message is not None and not _own(message, owns):  # the relay's own non-events are stepped over
            headers: dict[str, str] = message.headers or {}
            reason = await not_the_store_event(message, store)
            if reason is None:
                return Anchor(end, int(headers[POSITION])), foreign
            foreign.append(Foreign(sequence, message.subject or "", headers.get(MSG_ID), reason))
        sequence -= 1
        if sequence < first:
            return Anchor(end, 0), foreign
        try:
            message = await js.get_msg(stream, sequence)
        except NotFoundError:  # deleted: nothing there to trust or report
            message = None
    raise TooManyForeign(
        f"more than {MAX_STEPS_BACK} messages at the end of stream {stream} are not events of the store "
        f"(the newest at sequence {int(last.seq or 0)}): something other than the relay publishes on its subjects"
    )


async def foreign_after(
    js: JetStreamContext, stream: str, store: EventStore, after: int, limit: int = 1000, owns: Owns | None = None
) -> tuple[int, list[Foreign]]:
    """The foreign messages after sequence `after` (at most `limit` sequences looked at), and the
    last sequence looked at: how an idle relay notices a message it did not publish at once, rather
    than at its next publish (which JetStream then refuses, and `find_anchor` steps over it)."""
    info = await js.stream_info(stream)
    end = min(int(info.state.last_seq or 0), after + limit)
    sequence = max(after, int(info.state.first_seq or 1) - 1)
    found: list[Foreign] = []
    while sequence < end:
        sequence += 1
        try:
            message = await js.get_msg(stream, sequence)
        except NotFoundError:
            continue
        if _own(message, owns):
            continue
        reason = await not_the_store_event(message, store)
        if reason is not None:
            headers: dict[str, str] = message.headers or {}
            found.append(Foreign(sequence, message.subject or "", headers.get(MSG_ID), reason))
    return sequence, found


__all__ = ["Anchor", "Foreign", "Resync", "TooManyForeign", "find_anchor", "foreign_after", "not_the_store_event"]
