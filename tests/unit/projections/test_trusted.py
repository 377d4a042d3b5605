"""The rebuild's trusting decoder gives exactly the contract objects full validation gives for the
bytes the writer stores, and hands anything else to full validation."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from niangjia_contracts import (
    EVENT_TYPES,
    DomainEvent,
    EventDecodeError,
    FederationFounded,
    FederationRecognised,
    MicroHomeClosed,
    MicroHomeRecognised,
    decode_event,
    encode_event,
)
from niangjia_projections.rebuild.trusted import trusting

from tests.unit.projections.harness import Recorded, corrected, dissolved, founded, held, opened, retracted
from tests.unit.projections.test_properties import histories

FOUNDED_V = FederationFounded.schema_version
"""The version the writers write today: the one the fast path decodes."""

trusted = trusting(decode_event, EVENT_TYPES)

EVERY_TYPE: list[DomainEvent] = [
    founded("f1", guided_by="f0"),
    dissolved("f1", "2024-03-01"),
    opened("m1", "f1"),
    held("a1", "f1", "2024-02-03", goods="12.5"),
    held("a2", "f1", "2024-05-03", campaign=False, kind="micro_home"),
    corrected("a1", "f1", "2024-02-04", fields=("people_served", "held_on")),
    retracted("a1"),
    FederationRecognised.model_validate(
        {"federation_id": "f1", "recognised_on": "2024-04-01", "level": "city", "title": "示范点"}
    ),
    MicroHomeRecognised.model_validate(
        {"micro_home_id": "m1", "recognised_on": "2024-04-01", "level": "town", "title": "示范点"}
    ),
    MicroHomeClosed.model_validate({"micro_home_id": "m1", "closed_on": "2024-06-01", "reason": "moved"}),
]


def _same(event: DomainEvent) -> None:
    data = encode_event(event)
    fast, full = trusted(event.event_type, event.schema_version, data), decode_event(event.event_type, 1, data)
    assert type(fast) is type(full)
    assert fast == full == event
    assert fast.model_dump() == full.model_dump() and fast.model_fields_set == full.model_fields_set


@pytest.mark.parametrize("event", EVERY_TYPE, ids=lambda e: e.event_type)
def test_the_writers_bytes_give_the_validated_object(event: DomainEvent) -> None:
    _same(event)


@settings(max_examples=20, deadline=None)
@given(history=histories())
def test_every_event_of_a_random_history_gives_the_validated_object(history: list[Recorded]) -> None:
    for item in history:
        _same(item.event)


def test_a_copy_with_changes_leaves_the_other_objects_of_its_class_as_they_were() -> None:
    """The objects of a frozen class share one fields set; `model_copy` must not change theirs."""
    data = encode_event(held("a1", "f1", "2024-02-03"))
    first, second = trusted("CareActivityHeld", 1, data), trusted("CareActivityHeld", 1, data)
    changed = first.model_copy(update={"volunteers": 9, "note": "x"})  # `note`: a name not among the fields
    assert changed.volunteers == 9 and "note" in changed.model_fields_set
    assert first.model_fields_set == second.model_fields_set == set(type(first).model_fields)


def test_bytes_not_in_the_writers_form_are_fully_validated() -> None:
    canonical = json.loads(encode_event(founded("f1")))
    del canonical["executive_members"]  # a default the writer always writes
    data = json.dumps(canonical).encode()
    assert trusted("FederationFounded", FOUNDED_V, data) == decode_event("FederationFounded", FOUNDED_V, data)
    with pytest.raises(EventDecodeError):
        trusted("FederationFounded", FOUNDED_V, json.dumps({**canonical, "nickname": "x"}).encode())
    with pytest.raises(EventDecodeError):
        trusted("FederationFounded", FOUNDED_V, json.dumps({**canonical, "kind": "club"}).encode())
    with pytest.raises(EventDecodeError, match="newer"):
        trusted("FederationFounded", 3, encode_event(founded("f1")))


only_region = trusting(decode_event, EVENT_TYPES, frozenset({"region"}))


@pytest.mark.parametrize("event", EVERY_TYPE, ids=lambda e: e.event_type)
def test_with_fields_the_writers_bytes_give_objects_holding_only_those_fields(event: DomainEvent) -> None:
    fast = only_region(event.event_type, event.schema_version, encode_event(event))
    assert type(fast) is type(event)
    assert getattr(fast, "region", None) == getattr(event, "region", None)
    assert set(fast.__dict__) <= {"region"}
    other = next(name for name in type(event).model_fields if name != "region")
    if len(fast.__dict__) < len(type(event).model_fields):  # built on the fast path: the others are not there
        with pytest.raises(AttributeError):
            getattr(fast, other)


@settings(max_examples=20, deadline=None)
@given(history=histories())
def test_with_fields_every_event_of_a_random_history_keeps_its_region(history: list[Recorded]) -> None:
    for item in history:
        event = item.event
        fast = only_region(event.event_type, event.schema_version, encode_event(event))
        assert type(fast) is type(event) and getattr(fast, "region", None) == getattr(event, "region", None)


def test_with_fields_bytes_not_in_the_writers_form_are_still_decoded_whole() -> None:
    canonical = json.loads(encode_event(founded("f1")))
    del canonical["executive_members"]
    data = json.dumps(canonical).encode()
    assert only_region("FederationFounded", FOUNDED_V, data) == decode_event("FederationFounded", FOUNDED_V, data)
    with pytest.raises(EventDecodeError, match="newer"):
        only_region("FederationFounded", 3, encode_event(founded("f1")))


def test_a_rebuild_decoder_decodes_whole_the_types_a_model_without_fields_takes() -> None:
    from niangjia_kit.projection import Recorded as Row
    from niangjia_projections.models import contracts_decoder

    decoder = contracts_decoder().trusted(frozenset({"region"}), frozenset({"FederationFounded"}))
    meta = json.dumps({"schema_version": 1}).encode()

    def decoded(event: DomainEvent) -> DomainEvent:
        row = Row(1, bytes(16), event.event_type, "s-1", 1, 0, encode_event(event), meta)
        result: DomainEvent = decoder(row).event
        return result

    assert decoded(founded("f1")).model_dump() == founded("f1").model_dump()
    activity = decoded(held("a1", "f1", "2024-02-03"))
    assert set(activity.__dict__) == {"region"}
