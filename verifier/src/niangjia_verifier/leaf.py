"""The canonical bytes of a stored event: what the ledger hashes into a leaf (docs/ledger.md).

Every field the store holds for an event, in a fixed order, integers big-endian, each text or byte
field preceded by its length, so that no two different events share an encoding and changing any
stored byte (a position, an id, a letter of the data) changes the leaf:

    version       1 byte   (1)
    position      8 bytes  unsigned
    event id      16 bytes (the UUID's bytes)
    stream id     4-byte length + UTF-8
    stream version 8 bytes unsigned
    type          4-byte length + UTF-8
    recorded at   8 bytes  signed, microseconds since 1970-01-01T00:00:00Z
    data          4-byte length + bytes
    metadata      4-byte length + bytes
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from struct import Struct
from uuid import UUID

ENCODING_VERSION = 1

_HEAD = Struct(">BQ16sI")
_MIDDLE = Struct(">QI")
_TIME = Struct(">qI")
_LENGTH = Struct(">I")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def microseconds(at: datetime) -> int:
    """An aware datetime as whole microseconds since the Unix epoch."""
    if at.tzinfo is None:
        raise ValueError("recorded_at must be an aware datetime")
    return (at - _EPOCH) // _MICROSECOND


def encode_event(
    *,
    position: int,
    event_id: UUID,
    stream_id: str,
    stream_version: int,
    type: str,
    recorded_at: datetime | int,
    data: bytes,
    metadata: bytes,
) -> bytes:
    """The canonical encoding; `recorded_at` as a datetime or as microseconds since the epoch."""
    at = recorded_at if isinstance(recorded_at, int) else microseconds(recorded_at)
    return encode_fields(position, event_id.bytes, stream_id, stream_version, type, at, data, metadata)


def encode_fields(
    position: int,
    event_id: bytes,
    stream_id: str,
    stream_version: int,
    type: str,
    recorded_at_us: int,
    data: bytes,
    metadata: bytes,
) -> bytes:
    """`encode_event` by position, the time already in microseconds: for hashing a log in bulk."""
    stream = stream_id.encode()
    kind = type.encode()
    return b"".join(
        (
            _HEAD.pack(ENCODING_VERSION, position, event_id, len(stream)),
            stream,
            _MIDDLE.pack(stream_version, len(kind)),
            kind,
            _TIME.pack(recorded_at_us, len(data)),
            data,
            _LENGTH.pack(len(metadata)),
            metadata,
        )
    )
