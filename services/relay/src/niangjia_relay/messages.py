"""How an event from the store becomes a NATS message: subject, headers and body.

- subject `niangjia.<service>.<EventType>` (the envelope's `source`), e.g. `niangjia.orgs.FederationFounded`
- `Nats-Msg-Id` the event id, so JetStream drops a repeated publish within its duplicate window
- `Niangjia-*` headers: the envelope fields an integrator filters on, and `Niangjia-Envelope` the
  whole envelope as JSON (`Envelope.model_validate_json(...)` reads it back)
- body: the event's contract model as JSON (upcast to the current schema version)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from niangjia_contracts import EVENT_TYPES, decode_recorded, encode_event
from niangjia_contracts.codec import Recorded

SUBJECT_PREFIX = "niangjia"
STREAM_SUBJECTS = f"{SUBJECT_PREFIX}.>"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

MSG_ID = "Nats-Msg-Id"
EXPECTED_LAST_SEQUENCE = "Nats-Expected-Last-Sequence"
EVENT_ID = "Niangjia-Event-Id"
EVENT_TYPE = "Niangjia-Event-Type"
SCHEMA_VERSION = "Niangjia-Schema-Version"
POSITION = "Niangjia-Position"
STREAM = "Niangjia-Stream"
STREAM_VERSION = "Niangjia-Stream-Version"
SOURCE = "Niangjia-Source"
ENVELOPE = "Niangjia-Envelope"


def subject_for(source: str, event_type: str) -> str:
    """`niangjia.<source>.<event_type>`; ValueError when either is not a plain subject token."""
    for token in (source, event_type):
        if not _TOKEN.match(token):
            raise ValueError(f"{token!r} cannot be a NATS subject token")
    return f"{SUBJECT_PREFIX}.{source}.{event_type}"


def known_subjects() -> dict[str, str]:
    """Every event type's subject, from the contracts."""
    return {name: subject_for(cls.source, name) for name, cls in EVENT_TYPES.items()}


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    position: int
    event_type: str
    subject: str
    body: bytes
    headers: dict[str, str]
    correlation_id: str


def to_message(recorded: Recorded) -> OutgoingMessage:
    """Decode (and upcast) a recorded event and build its message; raises the codec's errors."""
    record = decode_recorded(recorded)
    envelope = record.envelope
    source = envelope.source if _TOKEN.match(envelope.source) else type(record.event).source
    headers = {
        MSG_ID: str(envelope.event_id),
        "content-type": "application/json",
        EVENT_ID: str(envelope.event_id),
        EVENT_TYPE: envelope.event_type,
        SCHEMA_VERSION: str(type(record.event).schema_version),
        POSITION: str(envelope.position),
        STREAM: envelope.stream_id,
        STREAM_VERSION: str(envelope.stream_version),
        SOURCE: source,
        ENVELOPE: _ascii_json(envelope.model_dump(mode="json") | {"schema_version": type(record.event).schema_version}),
    }
    return OutgoingMessage(
        position=envelope.position,
        event_type=envelope.event_type,
        subject=subject_for(source, envelope.event_type),
        body=encode_event(record.event),
        headers=headers,
        correlation_id=str(envelope.correlation_id),
    )


def _ascii_json(value: dict[str, object]) -> str:
    """JSON on one ASCII line: the actor may hold any character, a header may not."""
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))
