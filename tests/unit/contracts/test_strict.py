"""The shared field types are strict on input and lenient on what the store already holds."""

from __future__ import annotations

import json
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from niangjia_contracts import (
    STORED,
    BusinessDate,
    Count,
    DomainEvent,
    FederationFounded,
    Instant,
    Name,
    RegionPath,
    Text,
    Yuan,
    decode_event,
)
from niangjia_contracts.regions import KnownRegion
from niangjia_contracts.strict import BIDI_CONTROLS, unsafe_character
from pydantic import TypeAdapter, ValidationError

FOUNDING: dict[str, Any] = {
    "federation_id": "fed-1",
    "name": "湖塘镇市场妇联",
    "kind": "federation",
    "domain": "market",
    "level": "town",
    "region": "江苏省/常州市/武进区/湖塘镇",
    "host_organisation": "湖塘市场",
    "founded_on": "2020-03-08",
    "women_members": 40,
}


def read_back(payload: dict[str, Any]) -> DomainEvent:
    """`payload` as the store holds a founding of version 1, decoded as the services read it."""
    return decode_event("FederationFounded", 1, json.dumps(payload).encode())


def refused(annotation: Any, value: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(annotation).validate_python(value)
    return str(caught.value.errors()[0]["type"])


def refused_json(annotation: Any, raw: str) -> str:
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(annotation).validate_json(raw)
    return str(caught.value.errors()[0]["type"])


@pytest.mark.parametrize("value", ["40", True, False, 40.0, "4e1", None])
def test_a_count_is_a_number(value: Any) -> None:
    assert refused(Count, value) in {"int_strict"}
    assert refused_json(Count, json.dumps(value)) == "int_strict"


def test_a_count_as_a_number_passes_within_bounds() -> None:
    assert TypeAdapter(Count).validate_json("40") == 40
    assert refused(Count, -1) == "greater_than_equal"
    assert refused(Count, 10**30) == "less_than_equal"


@pytest.mark.parametrize("value", [0, 1717200000, 1717200000.0, "0", "1717200000", "20240601", "2024-06-01T00:00:00"])
def test_a_date_is_an_iso_string(value: Any) -> None:
    assert refused(BusinessDate, value) == "date_format"
    assert refused_json(BusinessDate, json.dumps(value)) == "date_format"


def test_a_datetime_object_is_not_a_date() -> None:
    assert refused(BusinessDate, datetime(2024, 6, 1)) == "date_format"


@pytest.mark.parametrize("value", ["0001-01-01", "1948-12-31", "2100-01-01", "9999-12-31"])
def test_a_date_lies_within_the_federations_history(value: str) -> None:
    assert refused(BusinessDate, value) == "date_out_of_range"


def test_an_iso_date_passes_and_an_impossible_one_is_named() -> None:
    assert TypeAdapter(BusinessDate).validate_json('"1949-01-01"') == date(1949, 1, 1)
    assert TypeAdapter(BusinessDate).validate_python(date(2024, 6, 1)) == date(2024, 6, 1)
    assert refused(BusinessDate, "2024-02-30") == "date_invalid"


@pytest.mark.parametrize("value", [0, 1717200000, "0", "1717200000", "1717200000.5", "0001-01-01T00:00:00Z"])
def test_an_instant_is_an_iso_string_after_1949(value: Any) -> None:
    assert refused(Instant, value) in {"datetime_format", "date_out_of_range"}


def test_an_iso_instant_passes() -> None:
    assert TypeAdapter(Instant).validate_python("2024-05-01T08:00:00+08:00").year == 2024


@pytest.mark.parametrize("value", [True, False, None])
def test_an_amount_is_not_a_boolean(value: Any) -> None:
    assert refused(Yuan, value) in {"decimal_strict"}


def test_an_amount_as_number_or_string_passes() -> None:
    assert TypeAdapter(Yuan).validate_json("12.5") == Decimal("12.50")
    assert TypeAdapter(Yuan).validate_json('"12.5"') == Decimal("12.50")


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("a\x00b", "control_character"),
        ("a\x1bb", "control_character"),
        ("a\x07b", "control_character"),
        ("a\x7fb", "control_character"),
        ("a\x85b", "control_character"),
        ("a\nb", "control_character"),
        ("a\u202eb", "bidi_control"),
        ("a\u202ab", "bidi_control"),
        ("a\u2066b", "bidi_control"),
        ("a\u2069b", "bidi_control"),
        ("a\ud800b", "string_unicode"),  # pydantic refuses a lone surrogate itself
    ],
)
def test_a_name_holds_no_control_character(value: str, kind: str) -> None:
    assert refused(Name, value) == kind


def test_free_text_keeps_line_breaks_and_tabs_but_no_other_control() -> None:
    assert TypeAdapter(Text).validate_python("第一行\r\n第二行\t完") == "第一行\n第二行\t完"
    assert refused(Text, "a\x1b[31mb") == "control_character"
    assert refused(Text, "a\u202eb") == "bidi_control"


def test_text_is_nfc() -> None:
    decomposed = "Cafe\u0301"
    assert TypeAdapter(Name).validate_python(decomposed) == "Caf\u00e9"
    assert TypeAdapter(Text).validate_python(decomposed) == "Caf\u00e9"


@pytest.mark.parametrize(
    "value",
    [
        "江苏省/../常州市",
        "江苏省/./常州市",
        "..",
        "江苏省／常州市",
        "江苏省∕常州市",
        "江苏省/常州\x00市",
        "江苏省/常\u202e州市",
    ],
)
def test_a_region_path_names_names(value: str) -> None:
    assert refused(RegionPath, value) == "value_error"


@pytest.mark.parametrize(
    "value", ["江苏省/常州市/武进区/../湖塘镇", "江苏省/常州市/武进区/湖\x1b塘镇", "江苏省/常州市/武进区/"]
)
def test_a_known_region_below_the_county_is_checked_too(value: str) -> None:
    assert refused(KnownRegion, value) in {"value_error", "unknown_region"}


def test_a_stored_event_decodes_as_it_was_written() -> None:
    """Values recorded before the rules were tightened still read back, unchanged."""
    old = {
        **FOUNDING,
        "name": "Cafe\u0301\x1b",
        "region": "江苏省/../常州市",
        "founded_on": "0001-01-01",
        "host_organisation": "a\u202eb",
    }
    event = read_back(old)
    assert isinstance(event, FederationFounded)
    assert event.founded_on == date(1, 1, 1)
    assert event.name == "Cafe\u0301\x1b"
    assert event.region == "江苏省/../常州市"
    with pytest.raises(ValidationError):
        FederationFounded.model_validate_json(json.dumps(old))
    assert FederationFounded.model_validate(old, context=STORED).founded_on == date(1, 1, 1)


def test_a_stored_event_keeps_the_shape_of_a_region() -> None:
    """The shape rules (non-empty, trimmed names) held before: they still hold on reading."""
    with pytest.raises(ValueError, match="does not decode"):
        read_back({**FOUNDING, "region": "江苏省//常州市"})


def test_a_version_1_founding_reads_as_a_chamber_whose_origin_was_not_recorded() -> None:
    chamber = {**FOUNDING, "domain": "chamber_of_commerce", "level": "county", "region": "浙江省/温州市/乐清市"}
    event = read_back(chamber)
    assert isinstance(event, FederationFounded) and event.chamber_origin is None
    assert FederationFounded.schema_version == 2


def test_a_new_event_carries_strict_values() -> None:
    event = FederationFounded.model_validate_json(json.dumps(FOUNDING))
    assert event.women_members == 40
    for field, bad in [("women_members", "40"), ("women_members", True), ("founded_on", 0), ("name", "a\x00")]:
        with pytest.raises(ValidationError):
            FederationFounded.model_validate_json(json.dumps({**FOUNDING, field: bad}))


@pytest.mark.parametrize("allowed", [frozenset(), frozenset("\n\t")])
def test_the_unsafe_characters_are_unicodes_controls_surrogates_and_bidi_controls(allowed: frozenset[str]) -> None:
    every = "".join(map(chr, range(0x110000)))
    found = {ch for ch in every if unsafe_character(ch, allowed) is not None}
    by_category = {ch for ch in every if unicodedata.category(ch) in {"Cc", "Cs"}} | BIDI_CONTROLS
    assert found == by_category - allowed
    assert unsafe_character("湖塘镇\u202e妇联\x07", allowed) == "\u202e"
    assert unsafe_character("湖塘镇妇联", allowed) is None
