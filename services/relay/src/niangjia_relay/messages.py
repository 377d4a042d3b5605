"""How an event from the store becomes a NATS message: subject, headers and body.

- subject `niangjia.<service>.<EventType>` (the envelope's `source`), e.g. `niangjia.orgs.FederationFounded`
- `Nats-Msg-Id` the event id, so JetStream drops a repeated publish within its duplicate window
- `Niangjia-Event-Type`, `Niangjia-Position`, `Niangjia-Stream`: what an integrator filters on
  without parsing; `Niangjia-Envelope` the whole envelope as JSON (`Envelope.model_validate_json`)
- body: the event's contract model as JSON (upcast to the current schema version)
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

import orjson
from niangjia_contracts import EVENT_TYPES, EventDecodeError, UnknownEventType, decode_recorded, encode_event
from niangjia_contracts.codec import Recorded

SUBJECT_PREFIX = "niangjia"
STREAM_SUBJECTS = f"{SUBJECT_PREFIX}.>"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

LEDGER_SUBJECTS = f"{SUBJECT_PREFIX}-ledger.>"
"""The ledger's checkpoints: a stream of their own (checkpoints.py), outside the events' subjects."""

MSG_ID = "Nats-Msg-Id"
EXPECTED_LAST_SEQUENCE = "Nats-Expected-Last-Sequence"
EXPECTED_LAST_SUBJECT_SEQUENCE = "Nats-Expected-Last-Subject-Sequence"
EVENT_TYPE = "Niangjia-Event-Type"
POSITION = "Niangjia-Position"
STREAM = "Niangjia-Stream"
ENVELOPE = "Niangjia-Envelope"
CORRELATION_ID = "correlation_id"
"""FastStream's own header: `msg.correlation_id` of an integrator's FastStream subscriber."""


def subject_for(source: str, event_type: str) -> str:
    """`niangjia.<source>.<event_type>`; ValueError when either is not a plain subject token."""
    for token in (source, event_type):
        if not _TOKEN.match(token):
            raise ValueError(f"{token!r} cannot be a NATS subject token")
    return f"{SUBJECT_PREFIX}.{source}.{event_type}"


@functools.lru_cache(maxsize=4096)
def _subject_of(source: str, event_type: str, type_source: str) -> str:
    """The subject for an envelope's source, or the type's own source when that is no subject token."""
    return subject_for(source if _TOKEN.match(source) else type_source, event_type)


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


_ENVELOPE_KEYS = ("schema_version", "occurred_on", "actor", "command_id", "correlation_id", "source")


def to_message(recorded: Recorded) -> OutgoingMessage:
    """Build the message of a recorded event; raises the codec's UnknownEventType / EventDecodeError.

    An event stored at its type's current schema version goes out with the stored bytes as they are:
    the producer wrote them with the same contract model (`encode_event`), so decoding and encoding
    again would only cost time. An older version is decoded, upcast and encoded again.
    """
    cls = EVENT_TYPES.get(recorded.type)
    if cls is None:
        raise UnknownEventType(recorded.type)
    try:
        meta = orjson.loads(recorded.metadata)
        if not isinstance(meta, dict) or any(key not in meta for key in _ENVELOPE_KEYS):
            raise ValueError(f"the envelope needs {', '.join(_ENVELOPE_KEYS)}")
    except (ValueError, TypeError) as error:
        raise EventDecodeError(f"event {recorded.event_id} has a bad envelope: {error}") from error
    if meta["schema_version"] == cls.schema_version:
        body = recorded.data
    else:
        body = encode_event(decode_recorded(recorded).event)
    event_id = str(recorded.event_id)
    envelope = {
        **meta,
        "schema_version": cls.schema_version,
        "event_id": event_id,
        "event_type": recorded.type,
        "stream_id": recorded.stream_id,
        "stream_version": recorded.stream_version,
        "position": recorded.position,
        "recorded_at": recorded.recorded_at.isoformat().replace("+00:00", "Z"),
    }
    headers = {  # few: every header costs the client time on every publish; the rest is in the envelope
        MSG_ID: event_id,
        "content-type": "application/json",
        EVENT_TYPE: recorded.type,
        POSITION: str(recorded.position),
        STREAM: recorded.stream_id,
        ENVELOPE: _ascii_json(envelope),
    }
    return OutgoingMessage(
        position=recorded.position,
        event_type=recorded.type,
        subject=_subject_of(str(meta["source"]), recorded.type, cls.source),
        body=body,
        headers=headers,
        correlation_id=str(meta["correlation_id"]),
    )


def _ascii_json(value: dict[str, object]) -> str:
    """JSON on one ASCII line: the actor may hold any character, a header may not.

    orjson writes compact UTF-8 several times faster than `json.dumps`; the characters beyond ASCII
    (only ever inside strings) are then escaped as `json.dumps(ensure_ascii=True)` escapes them.
    """
    try:
        text = orjson.dumps(value).decode()
    except TypeError:  # an integer beyond 64 bits, say
        return json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return text if text.isascii() else _NON_ASCII.sub(_escape, text)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # a UTF-16 surrogate pair, as JSON writes a character beyond the BMP
    return f"\\u{0xD800 | (code >> 10):04x}\\u{0xDC00 | (code & 0x3FF):04x}"
