"""The ledger's signed checkpoints published on `niangjia.ledger.Checkpoint`, so that integrators keep them.

Where they come from: the ledger file (`<data folder>/ledger.db`, or NIANGJIA_LEDGER_FILE), read
read-only through `niangjia_ledger.reader`, rather than from the projections service's HTTP routes.
The file is the signer's own durable record: every checkpoint is there, in order, as soon as it is
signed, whether or not the projections service answers HTTP at the moment, and reading it needs no
token and no network; a checkpoint the relay has not published yet is never lost, because after
every resync the relay asks the stream for the last checkpoint it holds and publishes every later
one from the file. (On docker compose the relay mounts the projections' data volume for it.)

How they go out: through the relay's own pipelined publishes, in one numbered sequence with the
events (the stream takes `niangjia.>`, so a checkpoint takes a stream sequence like an event does;
publishing it beside the relay would make the relay's numbering wrong at every checkpoint). Each
message's `Nats-Msg-Id` is the checkpoint's identity, so JetStream drops a repeat; the body is the
checkpoint's JSON (docs/ledger.md), which an integrator checks with the ledger's public key alone.
A message on the subject that the ledger file holds, same signature, is the relay's own: `owns`
tells the anchor not to report it as foreign.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from faststream.nats import JStream, NatsBroker
from nats.js import JetStreamContext
from nats.js.api import RawStreamMsg
from nats.js.errors import NotFoundError
from niangjia_eventstore import RecordedEvent
from niangjia_ledger.reader import CheckpointReader, checkpoint_id
from niangjia_verifier import Checkpoint, CheckpointError
from pydantic import BaseModel, Field

from niangjia_relay.messages import CORRELATION_ID, MSG_ID, SUBJECT_PREFIX, to_message

CHECKPOINT_SUBJECT = f"{SUBJECT_PREFIX}.ledger.Checkpoint"
CHECKPOINT_HEADER = "Niangjia-Checkpoint"
POLL_SECONDS = 0.2


class SignedCheckpoint(BaseModel):
    """A checkpoint of the ledger (docs/ledger.md): verify its signature over the body rebuilt from
    these fields with the ledger's public key, then inclusion proofs of events against its root."""

    log_id: str
    tree_size: int = Field(ge=0)
    root_hash: str = Field(description="The RFC 9162 tree root over the first tree_size events, hex")
    time: str = Field(description="When it was signed, UTC, e.g. 2025-03-01T08:00:00.123456Z")
    key_id: str = Field(description="First 8 bytes of SHA-256 of the raw public key, hex")
    signature: str = Field(description="Ed25519 over the checkpoint body, base64")


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A message the relay publishes that is not an event of the store."""

    subject: str
    body: bytes
    headers: dict[str, str]


def publication(
    item: RecordedEvent | Outgoing, subjects: dict[str, str], last: int
) -> tuple[str, bytes, dict[str, str], int]:
    """Subject, body, headers and store position of what the relay publishes next: an event at its
    own position, a checkpoint at the position of the last event before it (`last`)."""
    if isinstance(item, Outgoing):
        return item.subject, item.body, dict(item.headers), last
    message = to_message(item)
    headers = message.headers
    headers[CORRELATION_ID] = message.correlation_id
    return subjects[message.event_type], message.body, headers, message.position


def to_outgoing(checkpoint: Checkpoint) -> Outgoing:
    ident = checkpoint_id(checkpoint)
    body = json.dumps(checkpoint.to_json(), separators=(",", ":")).encode()
    return Outgoing(CHECKPOINT_SUBJECT, body, {MSG_ID: f"checkpoint:{ident}", CHECKPOINT_HEADER: ident})


def add_publisher(broker: NatsBroker, stream: JStream, timeout: float) -> None:
    """Describe the subject in the AsyncAPI document (the relay publishes through its own pipe)."""
    broker.publisher(
        CHECKPOINT_SUBJECT,
        stream=stream,
        schema=SignedCheckpoint,
        title=CHECKPOINT_SUBJECT,
        description=(SignedCheckpoint.__doc__ or "").strip(),
        timeout=timeout,
    )


class CheckpointSource:
    """The ledger file's checkpoints that the stream does not hold yet, as they are signed."""

    def __init__(self, path: Path) -> None:
        self.reader = CheckpointReader(path)

    def owns(self, message: RawStreamMsg) -> bool:
        if message.subject != CHECKPOINT_SUBJECT:
            return False
        try:
            checkpoint = Checkpoint.from_json(json.loads(message.data or b""))
        except (ValueError, CheckpointError):
            return False
        return self.reader.holds(checkpoint)

    async def pending(self, js: JetStreamContext, stream: str) -> AsyncIterator[Outgoing]:
        """Every checkpoint after the stream's last one, then each new one (polling the file)."""
        size, time = -1, ""
        with contextlib.suppress(NotFoundError):
            last = await js.get_last_msg(stream, CHECKPOINT_SUBJECT)
            if self.owns(last):
                known = Checkpoint.from_json(json.loads(last.data or b""))
                size, time = known.tree_size, known.to_json()["time"]
        while True:
            found = await asyncio.to_thread(self.reader.after, size, time)
            for checkpoint in found:
                yield to_outgoing(checkpoint)
                size, time = checkpoint.tree_size, checkpoint.to_json()["time"]
            if not found:
                await asyncio.sleep(POLL_SECONDS)

    def close(self) -> None:
        self.reader.close()


async def merged(
    events: AsyncIterator[RecordedEvent], extra: AsyncIterator[Outgoing]
) -> AsyncIterator[RecordedEvent | Outgoing]:
    """Events and extra messages as each comes (events first when both are ready)."""
    next_event: asyncio.Future[Any] = asyncio.ensure_future(anext(events))
    next_extra: asyncio.Future[Any] = asyncio.ensure_future(anext(extra))
    try:
        while True:
            await asyncio.wait({next_event, next_extra}, return_when=asyncio.FIRST_COMPLETED)
            if next_event.done():
                try:
                    item: RecordedEvent | Outgoing = next_event.result()
                except StopAsyncIteration:  # the subscription ended: so does the merge
                    return
                next_event = asyncio.ensure_future(anext(events))
            else:
                try:
                    item = next_extra.result()
                    next_extra = asyncio.ensure_future(anext(extra))
                except StopAsyncIteration:  # nothing more besides the events
                    next_extra = asyncio.get_running_loop().create_future()
                    continue
            yield item
    finally:
        for task in (next_event, next_extra):
            task.cancel()
            with contextlib.suppress(BaseException):
                await task
        close = getattr(extra, "aclose", None)
        if close is not None:
            with contextlib.suppress(Exception):
                await close()
