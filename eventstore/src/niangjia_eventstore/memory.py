"""An in-process adapter: the reference behaviour of the port, for unit tests and fakes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import UTC, datetime
from uuid import UUID

from niangjia_eventstore.errors import InvalidAppend, WrongExpectedVersion
from niangjia_eventstore.port import (
    AppendResult,
    EventStore,
    ExpectedVersion,
    NewEvent,
    RecordedEvent,
    StreamState,
    validate_append,
)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class InMemoryEventStore(EventStore):
    def __init__(self, clock: Callable[[], datetime] = _utcnow) -> None:
        self._clock = clock
        self._log: list[RecordedEvent] = []
        self._streams: dict[str, list[RecordedEvent]] = {}
        self._by_id: dict[UUID, RecordedEvent] = {}
        self._appended = asyncio.Condition()

    async def append(
        self, stream_id: str, events: Sequence[NewEvent], expected_version: ExpectedVersion
    ) -> AppendResult:
        validate_append(stream_id, events, expected_version)
        first = self._by_id.get(events[0].event_id)
        if first is not None:
            return self._replayed(stream_id, events, first)
        if any(e.event_id in self._by_id for e in events):
            raise InvalidAppend("some, but not all, of these event ids were appended before")
        stream = self._streams.get(stream_id, [])
        actual = len(stream) - 1 if stream else None
        if expected_version is StreamState.NO_STREAM and actual is not None:
            raise WrongExpectedVersion(stream_id, expected_version, actual)
        if isinstance(expected_version, int) and expected_version != actual:
            raise WrongExpectedVersion(stream_id, expected_version, actual)
        now = self._clock()
        version = -1 if actual is None else actual
        for event in events:
            version += 1
            recorded = RecordedEvent(
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
            self._by_id[event.event_id] = recorded
            stream.append(recorded)
        self._streams[stream_id] = stream
        async with self._appended:
            self._appended.notify_all()
        return AppendResult(stream_id=stream_id, stream_version=version, position=len(self._log))

    def _replayed(self, stream_id: str, events: Sequence[NewEvent], first: RecordedEvent) -> AppendResult:
        stream = self._streams[first.stream_id]
        earlier = stream[first.stream_version : first.stream_version + len(events)]
        if first.stream_id != stream_id or [e.event_id for e in earlier] != [e.event_id for e in events]:
            raise InvalidAppend("these event ids were appended before in another append")
        last = earlier[-1]
        return AppendResult(stream_id=stream_id, stream_version=last.stream_version, position=last.position)

    async def read_stream(self, stream_id: str, from_version: int = 0) -> list[RecordedEvent]:
        return list(self._streams.get(stream_id, [])[from_version:])

    async def read_all(self, after: int = 0, limit: int = 1000) -> list[RecordedEvent]:
        return self._log[after : after + limit]

    async def last_position(self) -> int:
        return len(self._log)

    async def subscribe(self, after: int = 0, page_size: int = 500) -> AsyncIterator[RecordedEvent]:
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
