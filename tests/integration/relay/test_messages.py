"""How a stored event becomes a NATS message, and how the relay compares stream configurations."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from niangjia_contracts import EVENT_TYPES, Envelope, EventDecodeError, UnknownEventType
from niangjia_eventstore import RecordedEvent
from niangjia_relay.messages import to_message
from niangjia_relay.settings import RelaySettings
from niangjia_relay.stream import StreamSpec, _actual, differences

from tests.support.nats import event_batch


def recorded(position: int = 7, **changes: object) -> RecordedEvent:
    event = event_batch(1)[0][1][0]
    fields: dict[str, object] = {
        "event_id": event.event_id,
        "type": event.type,
        "data": event.data,
        "metadata": event.metadata,
        "stream_id": "federation-f0",
        "stream_version": 0,
        "position": position,
        "recorded_at": datetime(2026, 3, 1, 8, 30, tzinfo=UTC),
    }
    fields.update(changes)
    return RecordedEvent(**fields)  # type: ignore[arg-type]


def test_subject_headers_and_body() -> None:
    message = to_message(recorded())
    assert message.subject == "niangjia.orgs.FederationFounded"
    assert message.headers["Niangjia-Event-Type"] == "FederationFounded"
    assert message.headers["Niangjia-Position"] == "7"
    assert message.headers["Niangjia-Stream"] == "federation-f0"
    envelope = Envelope.model_validate_json(message.headers["Niangjia-Envelope"])
    assert envelope.position == 7 and envelope.actor == "测试员" and envelope.event_type == "FederationFounded"
    assert str(envelope.event_id) == message.headers["Nats-Msg-Id"]
    assert message.headers["Niangjia-Envelope"].isascii()
    EVENT_TYPES["FederationFounded"].model_validate_json(message.body)


def test_an_unknown_type_or_a_broken_envelope_is_refused_not_published() -> None:
    with pytest.raises(UnknownEventType):
        to_message(recorded(type="SomethingNew"))
    with pytest.raises(EventDecodeError):
        to_message(recorded(metadata=b'{"actor": "x"}'))


def test_an_older_schema_version_is_decoded_and_encoded_again() -> None:
    meta = json.loads(recorded().metadata)
    meta["schema_version"] = 0  # no upcaster registered: the relay must not pass it through as is
    with pytest.raises(EventDecodeError):
        to_message(recorded(metadata=json.dumps(meta).encode()))


def test_stream_differences_name_each_field() -> None:
    spec = StreamSpec.from_settings(RelaySettings())
    config = spec.config()
    assert differences(spec.expected(), _actual(config)) == []
    config.duplicate_window = 60.0
    config.subjects = ["other.>"]
    problems = differences(spec.expected(), _actual(config))
    assert "duplicate_window: the stream has 60.0, the relay needs 7200.0" in problems
    assert any(p.startswith("subjects:") for p in problems)
