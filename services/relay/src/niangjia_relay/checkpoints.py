"""The ledger's signed checkpoints published on `niangjia-ledger.Checkpoint`, so that integrators keep them.

Where they come from: the ledger file (`<data folder>/ledger.db`, or NIANGJIA_LEDGER_FILE), read
read-only through `niangjia_ledger.reader`, rather than from the projections service's HTTP routes.
The file is the signer's own durable record: every checkpoint is there, in order, as soon as it is
signed, whether or not the projections service answers HTTP at the moment, and reading it needs no
token and no network; a checkpoint the relay has not published yet is never lost, because the relay
asks the stream for the last checkpoint it holds and publishes every later one from the file. (On
docker compose the relay mounts the projections' data volume for it.)

Where they go: a stream of their own (NIANGJIA_LEDGER, subjects `niangjia-ledger.>`), never the
events' stream. The events' stream is numbered: every relay puts the store's event at position p
where the stream's numbering says it belongs, pipelining its publishes with
`Nats-Expected-Last-Sequence` (docs/relay.md). That is safe only because every sequence of that
stream can hold one message alone, the same whichever relay sends it. A checkpoint takes no fixed
place among the events (one relay meets it sooner than another), so in the same stream a checkpoint
stored by one relay would shift the numbering under another relay's publishes in flight: its next
event refused, the one after it accepted one sequence further on, and an event missing from the
stream for good. In a stream of their own the checkpoints go out one at a time, each with
`Nats-Expected-Last-Subject-Sequence`: whichever relay publishes a checkpoint first, the others
hear of it (their publish is refused, or dropped as a duplicate by its `Nats-Msg-Id`), read the
stream's last one again and go on after it. So the stream holds each checkpoint once, in the
order the ledger signed them.

The body is the checkpoint's JSON (docs/ledger.md), which an integrator checks with the ledger's
public key alone. Versions before this one published checkpoints in the events' stream, on
`niangjia.ledger.Checkpoint`; those messages stay where they are and the relay steps over them
(`owns`), as its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from faststream.nats import JStream, NatsBroker
from nats.js import JetStreamContext
from nats.js.api import RawStreamMsg
from nats.js.errors import NotFoundError
from niangjia_ledger.reader import CheckpointReader, checkpoint_id
from niangjia_verifier import Checkpoint, CheckpointError
from pydantic import BaseModel, Field

from niangjia_relay.acks import AckPipe
from niangjia_relay.inflight import conflict
from niangjia_relay.messages import EXPECTED_LAST_SUBJECT_SEQUENCE, MSG_ID, SUBJECT_PREFIX

CHECKPOINT_SUBJECT = f"{SUBJECT_PREFIX}-ledger.Checkpoint"
EARLIER_SUBJECT = f"{SUBJECT_PREFIX}.ledger.Checkpoint"
"""Where versions before the ledger's own stream put checkpoints: in the events' stream."""
CHECKPOINT_HEADER = "Niangjia-Checkpoint"
POLL_SECONDS = 0.2
RESYNC_PAUSE = 0.01
RETRY_MAX = 2.0

log = logging.getLogger("niangjia.relay")


class SignedCheckpoint(BaseModel):
    """A checkpoint of the ledger (docs/ledger.md): verify its signature over the body rebuilt from
    these fields with the ledger's public key, then inclusion proofs of events against its root."""

    log_id: str
    tree_size: int = Field(ge=0)
    root_hash: str = Field(description="The RFC 9162 tree root over the first tree_size events, hex")
    time: str = Field(description="When it was signed, UTC, e.g. 2025-03-01T08:00:00.123456Z")
    key_id: str = Field(description="First 8 bytes of SHA-256 of the raw public key, hex")
    signature: str = Field(description="Ed25519 over the checkpoint body, base64")


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


@dataclass
class CheckpointStatus:
    """What the relay did with the ledger's checkpoints, for /health."""

    published: int = 0
    duplicates: int = 0
    last_tree_size: int | None = None
    stream_sequence: int = 0
    last_error: str | None = None


class CheckpointSource:
    """The ledger file's checkpoints, read-only."""

    def __init__(self, path: Path) -> None:
        self.reader = CheckpointReader(path)

    def owns(self, message: RawStreamMsg) -> bool:
        """Whether a stream message is a checkpoint of this ledger, as the relay publishes them."""
        return self.held(message) is not None

    def held(self, message: RawStreamMsg) -> Checkpoint | None:
        """The checkpoint a stream message carries when the ledger file holds it, else None."""
        if message.subject not in (CHECKPOINT_SUBJECT, EARLIER_SUBJECT):
            return None
        try:
            checkpoint = Checkpoint.from_json(json.loads(message.data or b""))
        except (ValueError, CheckpointError):
            return None
        return checkpoint if self.reader.holds(checkpoint) else None

    async def after(self, size: int, time: str) -> list[Checkpoint]:
        """The checkpoints signed after the one of tree size `size` signed at `time` (-1, "": all)."""
        return await asyncio.to_thread(self.reader.after, size, time)

    def close(self) -> None:
        self.reader.close()


class CheckpointPublisher:
    """Publishes the ledger file's checkpoints to the ledger's stream, each once and in order."""

    def __init__(self, source: CheckpointSource, stream: str, timeout: float) -> None:
        self.source = source
        self.stream = stream
        self.timeout = timeout
        self.status = CheckpointStatus()

    async def run(self, js: Callable[[], JetStreamContext], pipe: Callable[[], Awaitable[AckPipe]]) -> None:
        """Publish until cancelled, retried as the events are: another relay first means read the
        stream again at once; NATS away or the publish refused (permissions), a growing pause."""
        backoff = 0.1
        while True:
            done = self.status.published + self.status.duplicates
            try:
                await self.publish(js(), await pipe())
            except Exception as error:
                if self.status.published + self.status.duplicates > done:  # it got on before this failure
                    backoff = 0.1
                if conflict(error):
                    log.info("another relay published a checkpoint first (%s); reading the stream again", error)
                    await asyncio.sleep(RESYNC_PAUSE)
                    continue
                self.status.last_error = f"{type(error).__name__}: {error}"
                log.warning("publishing checkpoints paused: %s; retrying in %.1fs", error, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, RETRY_MAX)

    async def publish(self, js: JetStreamContext, pipe: AckPipe) -> None:
        """From after the stream's last checkpoint, every one the ledger signs, until a publish
        fails (raises: APIError 10071 when another relay published one first) or cancelled."""
        sequence, size, time = 0, -1, ""
        with contextlib.suppress(NotFoundError):
            last = await js.get_last_msg(self.stream, CHECKPOINT_SUBJECT)
            sequence = int(last.seq or 0)
            known = self.source.held(last)
            if known is not None:
                size, time = known.tree_size, known.to_json()["time"]
        self.status.stream_sequence = sequence
        if size >= 0:
            self.status.last_tree_size = size
        while True:
            found = await self.source.after(size, time)
            for checkpoint in found:
                ident = checkpoint_id(checkpoint)
                headers = {
                    MSG_ID: f"checkpoint:{ident}",
                    CHECKPOINT_HEADER: ident,
                    EXPECTED_LAST_SUBJECT_SEQUENCE: str(sequence),
                }
                document = checkpoint.to_json()
                body = json.dumps(document, separators=(",", ":")).encode()
                future = await pipe.publish(
                    CHECKPOINT_SUBJECT, body, stream=self.stream, headers=headers, ack_timeout=self.timeout
                )
                ack = await future
                if ack.duplicate:  # another relay's: where it stored it is the stream's last checkpoint
                    self.status.duplicates += 1
                else:
                    self.status.published += 1
                sequence = int(ack.seq or 0)
                size, time = checkpoint.tree_size, document["time"]
                self.status.stream_sequence, self.status.last_tree_size = sequence, size
                self.status.last_error = None
            if not found:
                await asyncio.sleep(POLL_SECONDS)
