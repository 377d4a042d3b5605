"""The Federation decider: every rule of founding, inspecting, recognising and dissolving."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from niangjia_contracts import (
    DomainEvent,
    FederationDissolved,
    FederationFounded,
    FederationInspected,
    FederationRecognised,
    Sector,
)
from niangjia_kit.rules import NotFound, RuleViolation
from niangjia_kit.testing import given_for
from niangjia_orgs.domain.federation import (
    DissolveFederation,
    FederationCommand,
    FoundFederation,
    InspectFederation,
    RecogniseFederation,
    decider,
    evolve,
)
from niangjia_orgs.domain.standing import Standing
from pydantic import ValidationError

from tests.unit.orgs.dates import TODAY, refused_as_in_the_future

REGION = "江苏省/常州市/武进区"
D = date.fromisoformat


given = given_for(decider)


def found(federation_id: str = "f1", **changes: Any) -> FoundFederation:
    fields: dict[str, Any] = {
        "federation_id": federation_id,
        "name": "常州某科技有限公司妇联",
        "kind": "federation",
        "domain": "non_public_enterprise",
        "level": "village",
        "region": REGION,
        "host_organisation": "常州某科技有限公司",
        "founded_on": D("2023-03-08"),
        "women_members": 120,
        "today": TODAY,
    }
    return FoundFederation.model_validate({**fields, **changes})


def founded(federation_id: str = "f1", **changes: Any) -> FederationFounded:
    command = found(federation_id, **changes)
    return FederationFounded.model_validate(command.model_dump(exclude={"guide", "today"}))


def dissolved(on: str = "2024-06-30", federation_id: str = "f1") -> FederationDissolved:
    return FederationDissolved(federation_id=federation_id, dissolved_on=D(on), reason="企业迁出")


def guide(founded_on: str = "2022-01-01", dissolved_on: str | None = None, region: str | None = None) -> Standing:
    return Standing(started_on=D(founded_on), ended_on=D(dissolved_on) if dissolved_on else None, region=region)


# --- found --------------------------------------------------------------------------------------


def test_founding_records_the_federation_with_its_sector() -> None:
    given([]).when(found()).then([founded()])
    assert founded().sector is Sector.NEW_ECONOMIC


def test_a_federation_is_never_founded_twice() -> None:
    given([founded()]).when(found(name="另一个名字")).then_raises("federation_already_founded")


def test_a_guided_federation_names_its_open_guide() -> None:
    command = found(guided_by="park", guide=guide())
    given([]).when(command).then([founded(guided_by="park")])


def test_the_guiding_federation_must_exist() -> None:
    given([]).when(found(guided_by="park", guide=Standing())).then_raises("guiding_federation_unknown")
    given([]).when(found(guided_by="park")).then_raises("guiding_federation_unknown")


def test_the_guiding_federation_must_be_founded_by_the_founding_date() -> None:
    command = found(guided_by="park", guide=guide(founded_on="2023-03-09"))
    given([]).when(command).then_raises("guiding_federation_not_open")
    given([]).when(found(guided_by="park", guide=guide(founded_on="2023-03-08"))).then([founded(guided_by="park")])


def test_the_guiding_federation_must_not_be_dissolved_on_the_founding_date() -> None:
    given([]).when(found(guided_by="park", guide=guide(dissolved_on="2023-03-08"))).then_raises(
        "guiding_federation_not_open"
    )
    given([]).when(found(guided_by="park", guide=guide(dissolved_on="2023-03-09"))).then([founded(guided_by="park")])


def test_a_command_cannot_name_a_federation_its_own_guide_or_elect_leaders_before_founding() -> None:
    with pytest.raises(ValidationError, match="guide itself"):
        found(guided_by="f1")
    with pytest.raises(ValidationError, match="leadership_elected_on"):
        found(leadership_elected_on=D("2023-03-07"))


# --- inspect, recognise, dissolve ---------------------------------------------------------------------


def inspect(on: str) -> InspectFederation:
    return InspectFederation(federation_id="f1", today=TODAY, inspected_on=D(on), finding="weak", remark="活动偏少")


def recognise(on: str) -> RecogniseFederation:
    return RecogniseFederation(federation_id="f1", today=TODAY, recognised_on=D(on), level="city", title="市级示范点")


def dissolve(on: str) -> DissolveFederation:
    return DissolveFederation(federation_id="f1", today=TODAY, dissolved_on=D(on), reason="企业迁出")


def test_an_inspection_is_recorded() -> None:
    given([founded()]).when(inspect("2023-09-01")).then(
        [FederationInspected(federation_id="f1", inspected_on=D("2023-09-01"), finding="weak", remark="活动偏少")]
    )


def test_a_recognition_is_recorded() -> None:
    given([founded()]).when(recognise("2023-03-08")).then(
        [FederationRecognised(federation_id="f1", recognised_on=D("2023-03-08"), level="city", title="市级示范点")]
    )


def test_a_dissolution_is_recorded() -> None:
    given([founded()]).when(dissolve("2024-06-30")).then([dissolved("2024-06-30")])


@pytest.mark.parametrize("command", [inspect("2023-09-01"), recognise("2023-09-01"), dissolve("2023-09-01")])
def test_nothing_happens_to_a_federation_never_founded(command: FederationCommand) -> None:
    error = given([]).when(command).then_raises("federation_not_found")
    assert isinstance(error, NotFound)


@pytest.mark.parametrize("command", [inspect("2023-03-07"), recognise("2023-03-07"), dissolve("2023-03-07")])
def test_nothing_happens_before_the_founding_date(command: FederationCommand) -> None:
    error = given([founded()]).when(command).then_raises("before_founding")
    assert isinstance(error, RuleViolation)


@pytest.mark.parametrize("command", [inspect("2024-07-01"), recognise("2024-07-01")])
def test_nothing_happens_to_a_dissolved_federation(command: FederationCommand) -> None:
    given([founded(), dissolved()]).when(command).then_raises("federation_dissolved")


def test_a_federation_is_not_dissolved_twice() -> None:
    given([founded(), dissolved()]).when(dissolve("2024-07-01")).then_raises("federation_already_dissolved")


def test_no_founding_date_is_later_than_today() -> None:
    refused_as_in_the_future(given([]).when(found(founded_on=D("2025-01-02"))), "founded_on")
    given([]).when(found(founded_on=TODAY)).then([founded(founded_on=TODAY)])


def test_leaders_are_not_elected_later_than_today() -> None:
    error = given([]).when(found(leadership_elected_on=D("2025-02-01"))).then_raises("invalid_request")
    assert error.message == (
        "the request is invalid: leadership_elected_on: 2025-02-01 is in the future (today is 2025-01-01)"
    )


@pytest.mark.parametrize("command", [inspect("2025-01-02"), recognise("2025-01-02"), dissolve("2025-01-02")])
def test_no_follow_up_is_dated_later_than_today(command: FederationCommand) -> None:
    error = given([founded()]).when(command).then_raises("invalid_request")
    assert error.status == 422 and error.message.endswith("is in the future (today is 2025-01-01)")


def test_the_state_keeps_every_fact_and_the_standing() -> None:
    history: list[DomainEvent] = [
        founded(),
        FederationInspected(federation_id="f1", inspected_on=D("2023-09-01"), finding="active"),
        FederationRecognised(federation_id="f1", recognised_on=D("2023-10-01"), level="city", title="示范点"),
        dissolved(),
    ]
    state = decider.initial_state
    for event in history:
        state = evolve(state, event)
    assert state.founded == history[0]
    assert state.inspections == (history[1],)
    assert state.recognitions == (history[2],)
    assert state.standing == Standing(started_on=D("2023-03-08"), ended_on=D("2024-06-30"), region=REGION)
    assert not state.standing.open_on(D("2024-06-30"))
    assert state.standing.open_on(D("2024-06-29"))


def test_a_guide_guides_only_inside_its_own_region() -> None:
    inside = found(guided_by="park", guide=guide(region="江苏省/常州市"), region="江苏省/常州市/武进区/湖塘镇")
    given([]).when(inside).then([founded(guided_by="park", region="江苏省/常州市/武进区/湖塘镇")])
    elsewhere = found(guided_by="park", guide=guide(region="重庆市/永川区"))
    error = given([]).when(elsewhere).then_raises("reference_out_of_region")
    assert error.status == 409 and error.details["reference_region"] == "重庆市/永川区"


def test_a_guide_in_a_sibling_region_with_a_common_prefix_does_not_contain_it() -> None:
    sibling = found(guided_by="park", guide=guide(region="江苏省/常州市/武进"), region="江苏省/常州市/武进区")
    given([]).when(sibling).then_raises("reference_out_of_region")
