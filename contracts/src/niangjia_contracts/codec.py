"""Encoding events for the store and decoding them back, upcasting old schema versions."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from pydantic import ValidationError

from niangjia_contracts.catalogue import EVENT_TYPES
from niangjia_contracts.envelope import Envelope, EventMetadata
from niangjia_contracts.events import DomainEvent
from niangjia_contracts.strict import STORED

Payload = dict[str, Any]
Upcaster = Callable[[Payload], Payload]


class UnknownEventType(LookupError):
    """The event type is not one this version of the contracts knows."""


class EventDecodeError(ValueError):
    """The stored bytes do not decode into the contract model."""


class Recorded(Protocol):
    """What the codec needs of a recorded event (the store's RecordedEvent fits)."""

    @property
    def event_id(self) -> UUID: ...
    @property
    def type(self) -> str: ...
    @property
    def data(self) -> bytes: ...
    @property
    def metadata(self) -> bytes: ...
    @property
    def stream_id(self) -> str: ...
    @property
    def stream_version(self) -> int: ...
    @property
    def position(self) -> int: ...
    @property
    def recorded_at(self) -> datetime: ...


class Upcasters:
    """A chain of functions that turn version N of an event's payload into version N+1."""

    def __init__(self) -> None:
        self._steps: dict[tuple[str, int], Upcaster] = {}

    def register(self, event_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
        def add(step: Upcaster) -> Upcaster:
            self._steps[(event_type, from_version)] = step
            return step

        return add

    def upcast(self, event_type: str, version: int, payload: Payload, current: int) -> Payload:
        while version < current:
            step = self._steps.get((event_type, version))
            if step is None:
                raise EventDecodeError(f"no upcaster for {event_type} v{version} -> v{version + 1}")
            payload = step(payload)
            version += 1
        if version > current:
            raise EventDecodeError(f"{event_type} v{version} is newer than these contracts (v{current})")
        return payload


UPCASTERS = Upcasters()
"""The project's upcasters. Register a step when an event's schema version is raised."""


@UPCASTERS.register("FederationFounded", 1)
def _chamber_origin_not_recorded(payload: Payload) -> Payload:
    """Version 2 adds a chamber of commerce's origin; a founding recorded before it did not say."""
    return {**payload, "chamber_origin": None}


@dataclass(frozen=True, slots=True)
class EventRecord:
    """A decoded event with its envelope."""

    envelope: Envelope
    event: DomainEvent


def encode_event(event: DomainEvent) -> bytes:
    return event.model_dump_json().encode()


def encode_metadata(metadata: EventMetadata) -> bytes:
    return metadata.model_dump_json(exclude_none=False).encode()


def decode_event(event_type: str, schema_version: int, data: bytes, upcasters: Upcasters = UPCASTERS) -> DomainEvent:
    cls = EVENT_TYPES.get(event_type)
    if cls is None:
        raise UnknownEventType(event_type)
    try:
        if schema_version == cls.schema_version:
            return cls.model_validate_json(data, context=STORED)
        payload = upcasters.upcast(event_type, schema_version, json.loads(data), cls.schema_version)
        return cls.model_validate(payload, context=STORED)
    except (ValidationError, ValueError) as error:
        raise EventDecodeError(f"{event_type} v{schema_version} does not decode: {error}") from error


def decode_envelope(recorded: Recorded) -> Envelope:
    try:
        meta = json.loads(recorded.metadata)
        return Envelope.model_validate(
            {
                **meta,
                "event_id": recorded.event_id,
                "event_type": recorded.type,
                "stream_id": recorded.stream_id,
                "stream_version": recorded.stream_version,
                "position": recorded.position,
                "recorded_at": recorded.recorded_at,
            }
        )
    except (ValidationError, ValueError) as error:
        raise EventDecodeError(f"event {recorded.event_id} has a bad envelope: {error}") from error


def decode_recorded(recorded: Recorded, upcasters: Upcasters = UPCASTERS) -> EventRecord:
    """Decode a recorded event and its envelope; raises UnknownEventType or EventDecodeError."""
    envelope = decode_envelope(recorded)
    event = decode_event(recorded.type, envelope.schema_version, recorded.data, upcasters)
    return EventRecord(envelope=envelope, event=event)
