"""Rows of the events table into RecordedEvents, as fast as plain Python allows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from uuid import UUID, SafeUUID, uuid4

from niangjia_eventstore._checksum import checksum
from niangjia_eventstore.errors import EventCorrupted
from niangjia_eventstore.port import RecordedEvent

_SELECT = (
    "SELECT event_id, type, data, metadata, stream_id, stream_version, position, recorded_at, checksum FROM events"
)
READ_ALL = _SELECT + " WHERE position > ? ORDER BY position LIMIT ?"
VERIFY_ALL = (
    "SELECT position, event_id, stream_id, stream_version, type, data, metadata, checksum FROM events"
    " WHERE position > ? ORDER BY position LIMIT ?"
)
"""What a checksum covers, and the checksum, without the columns an event is built from besides."""
READ_ALL_RAW = (
    "SELECT position, CAST(event_id AS BLOB), CAST(stream_id AS BLOB), stream_version, CAST(type AS BLOB),"
    " recorded_at, CAST(data AS BLOB), CAST(metadata AS BLOB) FROM events WHERE position > ? ORDER BY position LIMIT ?"
)
"""The columns as stored, in RawEvent's order: no object but the row's tuple per event."""
READ_STREAM = _SELECT + " WHERE stream_id = ? AND stream_version >= ? ORDER BY stream_version"

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

_Row = tuple[bytes, str, bytes, bytes, str, int, int, int, bytes | None]

_new = object.__new__
_set = object.__setattr__
_from_bytes = int.from_bytes
_UNKNOWN = SafeUUID.unknown


def _uuid_fast(raw: bytes) -> UUID:
    """UUID(bytes=raw) at a third of the cost: the same two slots, without the argument checks."""
    uuid = _new(UUID)
    _set(uuid, "int", _from_bytes(raw))
    _set(uuid, "is_safe", _UNKNOWN)
    return uuid


def _uuid_checked(raw: bytes) -> UUID:
    return UUID(bytes=raw)


_sample = uuid4()
_fast_is_exact = False
try:  # a future UUID with other internals falls back to the constructor
    _made = _uuid_fast(_sample.bytes)
    _fast_is_exact = _made == _sample and hash(_made) == hash(_sample) and str(_made) == str(_sample)
except (AttributeError, TypeError):
    pass
to_uuid = _uuid_fast if _fast_is_exact else _uuid_checked

_FIELDS = ("event_id", "type", "data", "metadata", "stream_id", "stream_version", "position", "recorded_at")
_slot_setters = tuple(getattr(RecordedEvent, name).__set__ for name in _FIELDS)


def _recorded_fast(
    event_id: UUID,
    type_: str,
    data: bytes,
    metadata: bytes,
    stream_id: str,
    stream_version: int,
    position: int,
    recorded_at: datetime,
) -> RecordedEvent:
    """RecordedEvent(...) at a third of the cost: its slots set directly, without the frozen
    dataclass's keyword __init__ (one object.__setattr__ call per field)."""
    event = _new(RecordedEvent)
    s0, s1, s2, s3, s4, s5, s6, s7 = _slot_setters
    s0(event, event_id)
    s1(event, type_)
    s2(event, data)
    s3(event, metadata)
    s4(event, stream_id)
    s5(event, stream_version)
    s6(event, position)
    s7(event, recorded_at)
    return event


def _recorded_checked(*values: object) -> RecordedEvent:
    return RecordedEvent(**dict(zip(_FIELDS, values, strict=True)))  # type: ignore[arg-type]


_sample_values = (_sample, "T", b"{}", b"{}", "s-1", 0, 1, _EPOCH)
# a RecordedEvent with other internals (a field added, no slots) falls back to its constructor
recorded_event = (
    _recorded_fast
    if RecordedEvent.__slots__ == _FIELDS and _recorded_fast(*_sample_values) == _recorded_checked(*_sample_values)
    else _recorded_checked
)


def checksum_of(
    event_id: object, stream_id: object, version: object, type_: object, data: object, meta: object
) -> bytes:
    """The row's checksum; b"" when a column holds a value of the wrong kind (written by hand)."""
    try:
        if len(event_id) != 16:  # type: ignore[arg-type]
            return b""
        return checksum(event_id, stream_id, version, type_, data, meta)  # type: ignore[arg-type]
    except (TypeError, AttributeError, OverflowError):
        return b""


def verify(rows: Iterable[tuple[int, bytes, str, int, str, bytes, bytes, bytes | None]], after: int) -> tuple[int, int]:
    """Rows selected with VERIFY_ALL checked against their checksums, no event built: how many and
    the last one's position (`after` when none); EventCorrupted at the first that fails."""
    count, last = 0, after
    for position, event_id, stream_id, stream_version, type_, data, metadata, stored in rows:
        if stored != checksum_of(event_id, stream_id, stream_version, type_, data, metadata):
            raise EventCorrupted(position)
        count, last = count + 1, position
    return count, last


def decode(rows: Iterable[_Row]) -> list[RecordedEvent]:
    """RecordedEvents from rows selected with _SELECT, in the rows' order; EventCorrupted at the first
    whose bytes do not match its checksum (or whose id is not one)."""
    out: list[RecordedEvent] = []
    add = out.append
    uuid = to_uuid
    make = recorded_event
    last_us = -1
    last_at = _EPOCH
    for event_id, type_, data, metadata, stream_id, stream_version, position, recorded_us, stored in rows:
        if stored != checksum_of(event_id, stream_id, stream_version, type_, data, metadata):
            raise EventCorrupted(position)
        if recorded_us != last_us:  # events of one commit share their timestamp
            last_us = recorded_us
            last_at = _EPOCH + timedelta(microseconds=recorded_us)
        add(make(uuid(event_id), type_, data, metadata, stream_id, stream_version, position, last_at))
    return out
