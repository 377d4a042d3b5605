"""The event store port: the small interface every adapter implements.

Stream versions count from 0 (the first event of a stream has version 0), as in EventStoreDB.
Global positions are positive integers that grow with every event in the store; they are not
necessarily contiguous (EventStoreDB's commit positions are not), so callers only compare them.
Position 0 means "before the first event".
"""

from __future__ import annotations

import asyncio
import enum
import time
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from niangjia_eventstore.errors import EventStoreError, InvalidAppend, StoreRegressed

MAX_EVENT_BYTES = 1024 * 1024
"""The largest event (data plus metadata) any adapter accepts."""

MAX_STREAM_ID_LENGTH = 200


class StreamState(enum.Enum):
    """Expected-version forms other than an exact version."""

    ANY = "any"
    NO_STREAM = "no_stream"

    def __str__(self) -> str:
        return self.value.replace("_", " ")


ExpectedVersion = int | StreamState


@dataclass(frozen=True, slots=True, kw_only=True)
class NewEvent:
    """An event to append: its id (for idempotency), its type, and its JSON data and metadata."""

    event_id: UUID
    type: str
    data: bytes
    metadata: bytes = b"{}"


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordedEvent:
    """An event as the store holds it."""

    event_id: UUID
    type: str
    data: bytes
    metadata: bytes
    stream_id: str
    stream_version: int
    position: int
    recorded_at: datetime


RawEvent = tuple[int, bytes, bytes, int, bytes, int, bytes, bytes]
"""An event's stored fields as plain values, for readers of the whole log in bulk (the ledger's
verification): position, event id (16 bytes), stream id (UTF-8), stream version, type (UTF-8),
recorded at (microseconds since 1970-01-01T00:00:00Z), data, metadata."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def raw_event(event: RecordedEvent) -> RawEvent:
    return (
        event.position,
        event.event_id.bytes,
        event.stream_id.encode(),
        event.stream_version,
        event.type.encode(),
        (event.recorded_at - _EPOCH) // _MICROSECOND,
        event.data,
        event.metadata,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AppendResult:
    """Where an append landed: the stream's version and the global position of its last event."""

    stream_id: str
    stream_version: int
    position: int


def validate_append(stream_id: str, events: Sequence[NewEvent], expected_version: object) -> None:
    """Checks every adapter makes before it writes anything."""
    if not isinstance(stream_id, str) or not stream_id.strip():
        raise InvalidAppend("stream id must be a non-empty string")
    if len(stream_id) > MAX_STREAM_ID_LENGTH or stream_id != stream_id.strip():
        raise InvalidAppend(f"stream id must be at most {MAX_STREAM_ID_LENGTH} characters, no outer spaces")
    if stream_id.startswith("$"):
        raise InvalidAppend("stream ids starting with '$' are reserved")
    if isinstance(expected_version, bool) or not isinstance(expected_version, int | StreamState):
        raise InvalidAppend(f"unknown expected version {expected_version!r}: use an int, ANY or NO_STREAM")
    if isinstance(expected_version, int) and expected_version < 0:
        raise InvalidAppend(f"expected version must be >= 0, got {expected_version}")
    if not events:
        raise InvalidAppend("an append needs at least one event")
    for event in events:  # the hot path of every append: keep it lean
        if event.__class__ is not NewEvent and not isinstance(event, NewEvent):
            raise InvalidAppend(f"not a NewEvent: {event!r}")
        type_ = event.type
        if not type_ or len(type_) > 100 or type_[0] == "$":
            raise InvalidAppend(f"bad event type {type_!r}")
        if len(event.data) + len(event.metadata) > MAX_EVENT_BYTES:
            raise InvalidAppend(
                f"event {event.event_id} is {len(event.data) + len(event.metadata)} bytes; "
                f"the limit is {MAX_EVENT_BYTES}"
            )
        if event.event_id.__class__ is not UUID:
            raise InvalidAppend(f"event id must be a UUID, got {event.event_id!r}")
    if len(events) > 1 and len({event.event_id.int for event in events}) != len(events):
        seen: set[UUID] = set()
        for event in events:
            if event.event_id in seen:
                raise InvalidAppend(f"event id {event.event_id} appears twice in one append")
            seen.add(event.event_id)


class EventStore(ABC):
    """The port. Every adapter passes the same contract suite (tests/contract)."""

    @abstractmethod
    async def append(
        self, stream_id: str, events: Sequence[NewEvent], expected_version: ExpectedVersion
    ) -> AppendResult:
        """Append atomically to one stream.

        Raises WrongExpectedVersion when the stream is not at `expected_version`, InvalidAppend for a
        malformed request. Appending the same event ids again returns the first result and writes
        nothing. An append is known by its first event id: starting an append on another stream with
        it, or repeating only some of an append's ids where it was written, is InvalidAppend.
        """

    @abstractmethod
    async def read_stream(self, stream_id: str, from_version: int = 0) -> list[RecordedEvent]:
        """The stream's events from `from_version` on, in order; [] for a stream that does not exist."""

    @abstractmethod
    async def read_all(self, after: int = 0, limit: int = 1000) -> list[RecordedEvent]:
        """At most `limit` events with a position greater than `after`, in position order."""

    async def read_all_raw(self, after: int = 0, limit: int = 1000) -> list[RawEvent]:
        """`read_all`'s events as RawEvent tuples; an adapter that can skip building RecordedEvents
        (SQLite: the columns as stored) overrides it."""
        return [raw_event(event) for event in await self.read_all(after, limit)]

    @abstractmethod
    async def last_position(self) -> int:
        """The position of the newest event in the store (0 when empty)."""

    @abstractmethod
    def subscribe(self, after: int = 0, page_size: int = 500) -> AsyncIterator[RecordedEvent]:
        """Every event after `after`: first the history, then live ones as they are appended.

        No event is skipped or delivered twice at the switch from catch-up to live. The iterator
        runs until the caller stops iterating (or closes it).
        """

    async def check_writable(self) -> None:
        """Raise the store's typed error (StoreFull, StoreReadOnly, EventStoreUnavailable) when an
        append could not be written now; nothing is written. An adapter without a cheaper probe
        asks the store for its position."""
        await self.last_position()

    async def problem(self) -> EventStoreError | None:
        """Why the store refuses appends now (StoreRegressed, EventCorrupted), or None.

        An adapter that keeps a record of its own tail (SQLite: `_sqlite_tail.py`) answers from it;
        the others know of no problem until a read finds one.
        """
        return None

    async def verify_tail(self, position: int, event_id: UUID) -> None:
        """Check that the store still holds `event_id` at `position` (a consumer's checkpoint).

        StoreRegressed when it holds another event there, or none (its head is below). Position 0
        (nothing consumed yet) always passes. Works on every adapter: positions only compare.
        """
        if position <= 0:
            return
        page = await self.read_all(position - 1, 1)
        if page and page[0].position == position and page[0].event_id == event_id:
            return
        found = str(page[0].event_id) if page and page[0].position == position else None
        raise StoreRegressed(position, str(event_id), found, await self.last_position())

    async def check_integrity(self, page_size: int = 2000, *, share: float = 1.0) -> int:
        """Read every stored event, each checked against its checksum as every read is; returns how
        many were read. EventCorrupted at the first that fails; the problem `problem` reports, if any.

        `share` is the part of the time the check may work: after each page it rests for as long as
        the page took times (1 / share - 1), so a check of ten million events beside a service's
        readers leaves them most of the processor (0.25: a quarter)."""
        if not 0 < share <= 1:
            raise ValueError(f"share must be in (0, 1], got {share}")
        found = await self.problem()
        if found is not None:
            raise found
        after, count = 0, 0
        rest = 1 / share - 1
        while True:
            started = time.monotonic()
            checked, after = await self.verify_page(after, page_size)
            if not checked:
                return count
            count += checked
            if rest:
                await asyncio.sleep((time.monotonic() - started) * rest)

    async def verify_page(self, after: int, limit: int) -> tuple[int, int]:
        """Check the next `limit` events after position `after` against their checksums: how many
        there were and the last one's position (`after` when none). EventCorrupted at the first that
        fails. An adapter that can check the stored bytes without building events overrides it."""
        page = await self.read_all(after, limit)
        return len(page), page[-1].position if page else after

    async def close(self) -> None:  # noqa: B027 - adapters without resources need nothing
        """Release the adapter's resources."""

    async def __aenter__(self) -> EventStore:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
