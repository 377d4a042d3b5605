"""An event of the store as its ledger leaf: niangjia_verifier's canonical encoding, hashed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from hashlib import sha256

from niangjia_eventstore import RecordedEvent
from niangjia_verifier import encode_event
from niangjia_verifier.leaf import encode_fields

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def event_bytes(event: RecordedEvent) -> bytes:
    return encode_event(
        position=event.position,
        event_id=event.event_id,
        stream_id=event.stream_id,
        stream_version=event.stream_version,
        type=event.type,
        recorded_at=event.recorded_at,
        data=event.data,
        metadata=event.metadata,
    )


def leaf_hashes(events: Sequence[RecordedEvent]) -> list[bytes]:
    """The leaf hash of each event; events of one commit share their time, converted once."""
    out: list[bytes] = []
    add = out.append
    last_at: datetime | None = None
    last_us = 0
    for e in events:
        at = e.recorded_at
        if at is not last_at:
            last_at, last_us = at, (at - _EPOCH) // _MICROSECOND
        encoded = encode_fields(
            e.position, e.event_id.bytes, e.stream_id, e.stream_version, e.type, last_us, e.data, e.metadata
        )
        add(sha256(b"\x00" + encoded).digest())
    return out
