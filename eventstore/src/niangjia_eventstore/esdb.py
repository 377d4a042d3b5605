"""EventStoreDB (KurrentDB) through esdbclient: the store docker compose runs.

We use esdbclient's synchronous client on worker threads rather than its asyncio client: the
synchronous client is not tied to one event loop (the store may be shared by code running on
different loops: tests, CLI commands, services), it reconnects and retries once on its own, and a
network round trip dwarfs the cost of one hand-off to a thread.

Mapping: our global position is the event's commit position (distinct per event for gRPC appends);
stream versions are EventStoreDB stream positions (both count from 0); NO_STREAM and ANY map to
StreamState; event ids are sent as the events' ids, so the server deduplicates a retried append.
The server guarantees that only for an exact expected version or NO_STREAM; with ANY it depends on
its cache of recent event ids.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import ParamSpec, TypeVar
from uuid import UUID

from esdbclient import EventStoreDBClient
from esdbclient import NewEvent as EsdbNewEvent
from esdbclient import RecordedEvent as EsdbRecordedEvent
from esdbclient import StreamState as EsdbStreamState
from esdbclient.exceptions import (
    EventStoreDBClientException,
    MaximumAppendSizeExceededError,
    NotFound,
    WrongCurrentVersion,
)

from niangjia_eventstore import port
from niangjia_eventstore._esdb_subscription import DROPPED, follow_all
from niangjia_eventstore.errors import (
    EventIdsReused,
    EventStoreError,
    EventStoreUnavailable,
    InvalidAppend,
    WrongExpectedVersion,
)

_P = ParamSpec("_P")
_T = TypeVar("_T")
_CURRENT = re.compile(r"last event is (\d+)")
_SEARCH_LIMIT = 10_000
"""How far back from a stream's end an append with ANY looks for its own events after a replay."""


class EventStoreDBEventStore(port.EventStore):
    """The port over one EventStoreDB connection (a single node or a cluster URI)."""

    def __init__(
        self,
        uri: str,
        *,
        client: EventStoreDBClient | None = None,
        subscription_give_up_after: float | None = None,
    ) -> None:
        """`subscription_give_up_after`: seconds a subscription keeps trying to subscribe again after
        a drop before it raises EventStoreUnavailable; None (the default) keeps trying for ever."""
        self.uri = uri
        self._client = client if client is not None else _mapped(EventStoreDBClient)(uri)
        self._give_up_after = subscription_give_up_after
        self._closed = False

    async def append(
        self, stream_id: str, events: Sequence[port.NewEvent], expected_version: port.ExpectedVersion
    ) -> port.AppendResult:
        port.validate_append(stream_id, events, expected_version)
        return await asyncio.to_thread(_mapped(self.append_sync), stream_id, events, expected_version)

    def append_sync(
        self, stream_id: str, events: Sequence[port.NewEvent], expected_version: port.ExpectedVersion
    ) -> port.AppendResult:
        """The append on the calling thread: append, then read back where the events are."""
        port.validate_append(stream_id, events, expected_version)
        current: int | EsdbStreamState
        if isinstance(expected_version, int):
            current = expected_version
        else:
            current = EsdbStreamState.ANY if expected_version is port.StreamState.ANY else EsdbStreamState.NO_STREAM
        new = [
            EsdbNewEvent(id=e.event_id, type=e.type, data=e.data, metadata=e.metadata, content_type="application/json")
            for e in events
        ]
        try:
            commit_position = self._client.append_to_stream(stream_id, current_version=current, events=new)
        except WrongCurrentVersion as exc:
            found = self._written_before(stream_id, events, expected_version)
            if found is not None:
                return found
            raise WrongExpectedVersion(stream_id, expected_version, _current_of(exc)) from None
        except MaximumAppendSizeExceededError as exc:
            raise InvalidAppend(f"the server refused the append as too large: {exc}") from None
        written = self._event_at(commit_position)
        if written is not None and written.id == events[-1].event_id:
            return _result(written)
        found = self._written_before(stream_id, events, expected_version)  # the server deduplicated
        if found is None:
            raise EventStoreError(f"append to {stream_id!r} succeeded but its events cannot be found")
        return found

    def _event_at(self, commit_position: int) -> EsdbRecordedEvent | None:
        if commit_position <= 0:
            return None
        for event in self._client.read_all(commit_position=commit_position, limit=1):
            return event
        return None

    def _written_before(
        self, stream_id: str, events: Sequence[port.NewEvent], expected: port.ExpectedVersion
    ) -> port.AppendResult | None:
        """Where these events were appended before, if they were; InvalidAppend if only some were."""
        ids = [e.event_id for e in events]
        if isinstance(expected, int) or expected is port.StreamState.NO_STREAM:
            start = expected + 1 if isinstance(expected, int) else 0
            try:
                there = self._client.get_stream(stream_id, stream_position=start, limit=len(ids))
            except NotFound:
                return None
        else:
            there = self._find_backwards(stream_id, ids)
        there_ids = [e.id for e in there]
        if there_ids == ids:
            return _result(there[-1])
        if set(there_ids) & set(ids):
            raise EventIdsReused("some, but not all, of these event ids were appended before")
        return None

    def _find_backwards(self, stream_id: str, ids: list[UUID]) -> list[EsdbRecordedEvent]:
        try:
            tail = self._client.get_stream(stream_id, backwards=True, limit=_SEARCH_LIMIT)
        except NotFound:
            return []
        for i, event in enumerate(tail):
            if event.id == ids[-1]:
                return list(reversed(tail[i : i + len(ids)]))
        return []

    async def read_stream(self, stream_id: str, from_version: int = 0) -> list[port.RecordedEvent]:
        return await asyncio.to_thread(_mapped(self.read_stream_sync), stream_id, from_version)

    def read_stream_sync(self, stream_id: str, from_version: int = 0) -> list[port.RecordedEvent]:
        try:
            events = self._client.get_stream(stream_id, stream_position=from_version)
        except NotFound:
            return []
        return [to_recorded(e) for e in events]

    async def read_all(self, after: int = 0, limit: int = 1000) -> list[port.RecordedEvent]:
        return await asyncio.to_thread(_mapped(self.read_all_sync), after, limit)

    def read_all_sync(self, after: int = 0, limit: int = 1000) -> list[port.RecordedEvent]:
        # Reading $all from a position includes the event there; subscribing excludes it.
        start = after if after > 0 else None
        events = self._client.read_all(commit_position=start, limit=limit + 1)
        return to_recorded_after(events, after)[:limit]

    async def last_position(self) -> int:
        return await asyncio.to_thread(_mapped(self._client.get_commit_position))

    def subscribe(self, after: int = 0, page_size: int = 500) -> AsyncIterator[port.RecordedEvent]:
        return follow_all(
            self._client,
            after,
            buffer=max(page_size, 1) * 2,
            convert=to_recorded,
            give_up_after=self._give_up_after,
        )

    async def close(self) -> None:
        if not self._closed:
            self._closed = True
            await asyncio.to_thread(self._client.close)


def to_recorded(event: EsdbRecordedEvent) -> port.RecordedEvent:
    """Our RecordedEvent from esdbclient's."""
    if event.commit_position is None:
        raise EventStoreError(f"event {event.id} came without a commit position")
    return port.RecordedEvent(
        event_id=event.id,
        type=event.type,
        data=event.data,
        metadata=event.metadata,
        stream_id=event.stream_name,
        stream_version=event.stream_position,
        position=event.commit_position,
        recorded_at=event.recorded_at or datetime.fromtimestamp(0, UTC),
    )


def to_recorded_after(events: Iterable[EsdbRecordedEvent], after: int) -> list[port.RecordedEvent]:
    """The events with a commit position past `after`, converted."""
    return [to_recorded(e) for e in events if e.commit_position is not None and e.commit_position > after]


def _result(event: EsdbRecordedEvent) -> port.AppendResult:
    if event.commit_position is None:
        raise EventStoreError(f"event {event.id} came without a commit position")
    return port.AppendResult(
        stream_id=event.stream_name, stream_version=event.stream_position, position=event.commit_position
    )


def _current_of(exc: WrongCurrentVersion) -> int | None:
    match = _CURRENT.search(str(exc))
    return int(match.group(1)) if match else None


def _mapped(fn: Callable[_P, _T]) -> Callable[_P, _T]:
    """`fn` with esdbclient's errors turned into ours."""

    def call(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        try:
            return fn(*args, **kwargs)
        except DROPPED as exc:
            raise EventStoreUnavailable(f"EventStoreDB is unavailable: {type(exc).__name__}: {exc}") from exc
        except EventStoreDBClientException as exc:
            raise EventStoreError(f"EventStoreDB: {type(exc).__name__}: {exc}") from exc

    return call
