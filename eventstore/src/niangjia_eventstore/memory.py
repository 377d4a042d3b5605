"""An in-process adapter: the reference behaviour of the port, for unit tests and fakes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import UTC, datetime
from uuid import UUID

from niangjia_eventstore import port
from niangjia_eventstore._checksum import checksum
from niangjia_eventstore.errors import EventCorrupted, EventIdsReused, WrongExpectedVersion


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _sum(event: port.RecordedEvent) -> bytes:
    return checksum(event.event_id.bytes, event.stream_id, event.stream_version, event.type, event.data, event.metadata)


class InMemoryEventStore(port.EventStore):
    def __init__(self, clock: Callable[[], datetime] = _utcnow) -> None:
        self._clock = clock
        self._log: list[port.RecordedEvent] = []
        self._sums: list[bytes] = []
        """The checksum of each event of the log, as it was appended, compared on every read."""
        self._streams: dict[str, list[port.RecordedEvent]] = {}
        self._appends: dict[UUID, tuple[str, int, int]] = {}
        """Each append by its first event id: stream, first version, event count."""
        self._appended = asyncio.Condition()

    async def append(
        self, stream_id: str, events: Sequence[port.NewEvent], expected_version: port.ExpectedVersion
    ) -> port.AppendResult:
        port.validate_append(stream_id, events, expected_version)
        earlier = self._appends.get(events[0].event_id)
        if earlier is not None:
            return self._replayed(stream_id, events, earlier)
        stream = self._streams.get(stream_id, [])
        actual = len(stream) - 1 if stream else None
        if (expected_version is port.StreamState.NO_STREAM and actual is not None) or (
            isinstance(expected_version, int) and expected_version != actual
        ):
            # Some of these ids where this append expected to write: a partial repeat.
            start = expected_version + 1 if isinstance(expected_version, int) else 0
            there = {e.event_id for e in stream[start : start + len(events)]}
            if any(e.event_id in there for e in events):
                raise EventIdsReused("some, but not all, of these event ids were appended before")
            raise WrongExpectedVersion(stream_id, expected_version, actual)
        now = self._clock()
        version = -1 if actual is None else actual
        for event in events:
            version += 1
            recorded = port.RecordedEvent(
                event_id=event.event_id,
                type=event.type,
                data=event.data,
                metadata=event.metadata,
                stream_id=stream_id,
                stream_version=version,
                position=len(self._log) + 1,
                recorded_at=now,
            )
            self._log.append(recorded)
            self._sums.append(_sum(recorded))
            stream.append(recorded)
        self._streams[stream_id] = stream
        self._appends[events[0].event_id] = (stream_id, version - len(events) + 1, len(events))
        async with self._appended:
            self._appended.notify_all()
        return port.AppendResult(stream_id=stream_id, stream_version=version, position=len(self._log))

    def _replayed(
        self, stream_id: str, events: Sequence[port.NewEvent], earlier: tuple[str, int, int]
    ) -> port.AppendResult:
        """The first result when `events` repeat the earlier append to `stream_id`; else InvalidAppend."""
        earlier_stream, first_version, count = earlier
        if earlier_stream == stream_id and count == len(events):
            appended = self._streams[stream_id][first_version : first_version + count]
            if [e.event_id for e in appended] == [e.event_id for e in events]:
                last = appended[-1]
                return port.AppendResult(
                    stream_id=stream_id, stream_version=last.stream_version, position=last.position
                )
        raise EventIdsReused("these event ids were appended before in another append")

    def _checked(self, events: list[port.RecordedEvent]) -> list[port.RecordedEvent]:
        for event in events:
            if self._log[event.position - 1] is not event or _sum(event) != self._sums[event.position - 1]:
                raise EventCorrupted(event.position)
        return events

    async def read_stream(self, stream_id: str, from_version: int = 0) -> list[port.RecordedEvent]:
        return self._checked(list(self._streams.get(stream_id, [])[from_version:]))

    async def read_all(self, after: int = 0, limit: int = 1000) -> list[port.RecordedEvent]:
        return self._checked(self._log[after : after + limit])

    async def last_position(self) -> int:
        return len(self._log)

    async def subscribe(self, after: int = 0, page_size: int = 500) -> AsyncIterator[port.RecordedEvent]:
        position = after
        while True:
            page = await self.read_all(position, page_size)
            for event in page:
                yield event
                position = event.position
            if not page:
                await self._wait_past(position)

    async def _wait_past(self, position: int) -> None:
        async with self._appended:
            await self._appended.wait_for(lambda: len(self._log) > position)
