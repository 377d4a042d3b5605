"""What a projection is to the runner, and how recorded events are decoded once for all of them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from niangjia_eventstore import RecordedEvent

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def to_us(moment: datetime) -> int:
    """Microseconds since the epoch, exactly."""
    return (moment - _EPOCH) // _MICROSECOND


class DecodeFailed(ValueError):
    """A recorded event does not decode; the projections that need it stop at its position."""


@dataclass(frozen=True, slots=True)
class Item:
    """A recorded event with its producer metadata decoded and, when its type is known, its payload."""

    recorded: RecordedEvent
    meta: dict[str, Any]
    event: Any
    recorded_us: int


class Projection(Protocol):
    """A read model: its tables, and how a batch of events changes them.

    `apply` runs inside the transaction that also moves the model's checkpoint; it must not commit.
    `event_types` None means every event, including types the decoder does not know (event None).
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
    """Decodes recorded events for the runner, given the payload decoder and the types it knows."""

    def __init__(self, decode_payload: PayloadDecoder, known_types: frozenset[str]) -> None:
        self._decode_payload = decode_payload
        self.known_types = known_types

    def __call__(self, recorded: RecordedEvent) -> Item:
        try:
            meta = json.loads(recorded.metadata)
        except ValueError as error:
            raise DecodeFailed(f"the metadata is not JSON: {error}") from error
        if not isinstance(meta, dict):
            raise DecodeFailed("the metadata is not a JSON object")
        version = meta.get("schema_version", 1)
        if not isinstance(version, int) or isinstance(version, bool):
            raise DecodeFailed(f"schema_version {version!r} is not an integer")
        event = None
        if recorded.type in self.known_types:
            try:
                event = self._decode_payload(recorded.type, version, recorded.data)
            except Exception as error:
                raise DecodeFailed(str(error)) from error
        return Item(recorded, meta, event, to_us(recorded.recorded_at))
