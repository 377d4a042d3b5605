"""Rows of the events table into RecordedEvents, as fast as plain Python allows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from uuid import UUID

from niangjia_eventstore.port import RecordedEvent

_SELECT = "SELECT event_id, type, data, metadata, stream_id, stream_version, position, recorded_at FROM events"
READ_ALL = _SELECT + " WHERE position > ? ORDER BY position LIMIT ?"
READ_STREAM = _SELECT + " WHERE stream_id = ? AND stream_version >= ? ORDER BY stream_version"

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

_Row = tuple[bytes, str, bytes, bytes, str, int, int, int]


def decode(rows: Iterable[_Row]) -> list[RecordedEvent]:
    """RecordedEvents from rows selected with _SELECT, in the rows' order."""
    out: list[RecordedEvent] = []
    add = out.append
    last_us = -1
    last_at = _EPOCH
    for event_id, type_, data, metadata, stream_id, stream_version, position, recorded_us in rows:
        if recorded_us != last_us:  # events of one commit share their timestamp
            last_us = recorded_us
            last_at = _EPOCH + timedelta(microseconds=recorded_us)
        add(
            RecordedEvent(
                event_id=UUID(bytes=event_id),
                type=type_,
                data=data,
                metadata=metadata,
                stream_id=stream_id,
                stream_version=stream_version,
                position=position,
                recorded_at=last_at,
            )
        )
    return out
