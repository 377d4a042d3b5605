"""What a projection is to the runner, and how recorded events are decoded once for all of them."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, NamedTuple, Protocol

import orjson
from niangjia_eventstore import RecordedEvent

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def to_us(moment: datetime) -> int:
    """Microseconds since the epoch, exactly."""
    return (moment - _EPOCH) // _MICROSECOND


def from_us(microseconds: int) -> datetime:
    """The UTC moment `microseconds` after the epoch (the inverse of `to_us`)."""
    return _EPOCH + timedelta(microseconds=microseconds)


class DecodeFailed(ValueError):
    """A recorded event does not decode; the projections that need it stop at its position."""


class Recorded(NamedTuple):
    """A recorded event as the runner and the models see it: the envelope as plain values (the
    event id as its 16 bytes, the recorded time as microseconds since the epoch) and the stored
    bytes. `uuid_text(recorded.event_id)` is the id in its usual dashed form.

    The live runner makes it from the store's RecordedEvent (`recorded_from`); a rebuild may read
    it straight from a SQLite store's rows, which is cheaper.
    """

    position: int
    event_id: bytes
    type: str
    stream_id: str
    stream_version: int
    recorded_us: int
    data: bytes
    metadata: bytes


def recorded_from(event: RecordedEvent) -> Recorded:
    return Recorded(
        event.position,
        event.event_id.bytes,
        event.type,
        event.stream_id,
        event.stream_version,
        to_us(event.recorded_at),
        event.data,
        event.metadata,
    )


def uuid_text(raw: bytes) -> str:
    """A UUID's 16 bytes -> `01234567-89ab-…`, as `str(UUID)` writes it."""
    hex32 = raw.hex()
    return f"{hex32[:8]}-{hex32[8:12]}-{hex32[12:16]}-{hex32[16:20]}-{hex32[20:]}"


class Item(NamedTuple):
    """A recorded event with its producer metadata decoded and, when its type is known, its payload."""

    recorded: Recorded
    meta: dict[str, Any]
    event: Any
    recorded_us: int


_item: Callable[[tuple[Recorded, dict[str, Any], Any, int]], Item] = partial(tuple.__new__, Item)
"""Item(*values) without a Python frame (an Item per event per page)."""


class Projection(Protocol):
    """A read model: its tables, and how a batch of events changes them.

    `apply` runs inside the transaction that also moves the model's checkpoint; it must not commit.
    `event_types` None means every event, including types the decoder does not know (event None).
    `version` is the layout of its tables: a file built by another version is started again.
    """

    @property
    def name(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def event_types(self) -> frozenset[str] | None: ...
    def create(self, conn: sqlite3.Connection) -> None: ...
    def apply(self, conn: sqlite3.Connection, items: Sequence[Item]) -> None: ...


PayloadDecoder = Callable[[str, int, bytes], Any]
"""(event type, schema version, data) -> event; raises for bad data."""


class Decoder:
    """Decodes recorded events for the runner, given the payload decoder and the types it knows.

    A recorded event whose metadata is not a JSON object, or whose payload the payload decoder
    refuses, raises DecodeFailed; a type it does not know decodes to an Item with event None.
    """

    def __init__(self, decode_payload: PayloadDecoder, known_types: frozenset[str]) -> None:
        self._decode_payload = decode_payload
        self.known_types = known_types

    def __call__(self, recorded: Recorded) -> Item:
        try:
            meta = orjson.loads(recorded.metadata)
        except ValueError as error:
            raise DecodeFailed(f"the metadata is not JSON: {error}") from error
        if type(meta) is not dict:
            raise DecodeFailed("the metadata is not a JSON object")
        version = meta.get("schema_version", 1)
        if type(version) is not int:
            raise DecodeFailed(f"schema_version {version!r} is not an integer")
        event = None
        if recorded.type in self.known_types:
            try:
                event = self._decode_payload(recorded.type, version, recorded.data)
            except Exception as error:
                raise DecodeFailed(str(error)) from error
        return _item((recorded, meta, event, recorded.recorded_us))
