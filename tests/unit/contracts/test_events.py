"""The contract models: validation, the domain -> sector mapping, campaigns, the codec and upcasters."""

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import uuid4

import pytest
from niangjia_contracts import (
    Campaign,
    Domain,
    EventMetadata,
    FederationFounded,
    Sector,
    UnknownEventType,
    Upcasters,
    decode_event,
    decode_recorded,
    encode_event,
    encode_metadata,
    region_within,
)
from niangjia_contracts.codec import EventDecodeError
from niangjia_eventstore import RecordedEvent
from pydantic import ValidationError

from tests.support.samples import founded, held


def test_sector_follows_domain() -> None:
    assert founded().sector is Sector.NEW_ECONOMIC
    assert founded(domain="chamber_of_commerce").sector is Sector.NEW_SOCIAL
    assert founded(domain="emerging_industry").sector is Sector.NEW_EMPLOYMENT
    assert founded(domain="overseas").sector is None
    assert Domain.MARKET.sector is Sector.NEW_ECONOMIC


def test_a_sector_that_contradicts_the_domain_is_refused() -> None:
    with pytest.raises(ValidationError, match="does not match domain"):
        founded(sector="new_social")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("domain", "space_station"),
        ("kind", "club"),
        ("region", "江苏省//武进区"),
        ("region", ""),
        ("women_members", -1),
        ("federation_id", "has space"),
        ("name", ""),
        ("guided_by", "wj-gxq"),
    ],
)
def test_bad_fields_are_refused(field: str, value: object) -> None:
    with pytest.raises(ValidationError):
        founded(**{field: value})


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError, match="extra"):
        founded(colour="red")


def test_events_are_frozen() -> None:
    event = founded()
    with pytest.raises(ValidationError):
        event.name = "changed"  # type: ignore[misc]


def test_money_is_exact_with_two_places() -> None:
    event = held(goods_value_yuan="9080.5")
    assert event.goods_value_yuan == Decimal("9080.50")
    assert b'"goods_value_yuan":"9080.50"' in encode_event(event)
    with pytest.raises(ValidationError):
        held(goods_value_yuan="1.005")
    with pytest.raises(ValidationError):
        held(goods_value_yuan="-1")


def test_campaign_must_be_the_theme_of_the_quarter() -> None:
    assert held(held_on=date(2024, 6, 30), campaign="summer_cooling").campaign is Campaign.SUMMER_COOLING
    with pytest.raises(ValidationError, match="Q2"):
        held(held_on=date(2024, 5, 1), campaign="spring_warmth")
    assert Campaign.of_date(date(2024, 12, 31)) is Campaign.WINTER_SKILLS


def test_region_scope_is_segment_wise() -> None:
    assert region_within("江苏省/常州市/武进区/湖塘镇", "江苏省/常州市/武进区")
    assert region_within("江苏省/常州市/武进区", "江苏省/常州市/武进区")
    assert not region_within("江苏省/常州市/武进区外", "江苏省/常州市/武进区")
    assert not region_within("江苏省/常州市", "江苏省/常州市/武进区")


def recorded(event: FederationFounded, schema_version: int = 1, data: bytes | None = None) -> RecordedEvent:
    meta = EventMetadata(
        schema_version=schema_version,
        occurred_on=event.founded_on,
        actor="recorder-wj",
        command_id=uuid4(),
        correlation_id=uuid4(),
        source="orgs",
    )
    return RecordedEvent(
        event_id=uuid4(),
        type=event.event_type,
        data=encode_event(event) if data is None else data,
        metadata=encode_metadata(meta),
        stream_id=event.stream_id,
        stream_version=0,
        position=7,
        recorded_at=datetime(2026, 11, 1, tzinfo=UTC),
    )


def test_round_trip_with_envelope() -> None:
    event = founded()
    record = decode_recorded(recorded(event))
    assert record.event == event
    assert record.envelope.stream_id == "federation-wj-gxq"
    assert record.envelope.position == 7
    assert record.envelope.actor == "recorder-wj"


def test_upcasters_turn_an_old_version_into_the_current_model() -> None:
    upcasters = Upcasters()

    @upcasters.register("FederationFounded", 0)
    def add_members(payload: dict[str, object]) -> dict[str, object]:
        upgraded = dict(payload)
        upgraded["women_members"] = upgraded.pop("members")
        return upgraded

    upcasters.register("FederationFounded", 1)(lambda payload: {**payload, "chamber_origin": None})

    old = encode_event(founded()).replace(b'"women_members"', b'"members"')
    event = decode_event("FederationFounded", 0, old, upcasters)
    assert isinstance(event, FederationFounded)
    assert event.women_members == 3200
    with pytest.raises(EventDecodeError, match="no upcaster"):
        decode_event("FederationFounded", 0, old, Upcasters())
    with pytest.raises(EventDecodeError, match="newer"):
        decode_event("FederationFounded", 3, encode_event(founded()))


def test_unknown_types_and_bad_bytes_are_told_apart() -> None:
    with pytest.raises(UnknownEventType):
        decode_event("SomethingElse", 1, b"{}")
    with pytest.raises(EventDecodeError):
        decode_recorded(recorded(founded(), data=b'{"federation_id": 5}'))
