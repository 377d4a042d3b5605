"""The CareActivity decider: every rule of correcting and retracting a care activity, and its state."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from niangjia_activities.domain.care_activity import CareActivity, decider, evolve
from niangjia_activities.domain.commands import ActivityChanges, RetractCareActivity
from niangjia_contracts import Campaign
from niangjia_kit.rules import NotFound
from pydantic import ValidationError

from tests.unit.activities.care_activity_builders import (
    FACTS,
    FEDERATION,
    MICRO_HOME,
    D,
    correct,
    corrected,
    given,
    held,
    retracted,
)

# --- correct ------------------------------------------------------------------------------------


def test_a_correction_carries_the_whole_record_and_names_the_changed_fields() -> None:
    command = correct(people_served=150, goods_value_yuan=Decimal("9600"))
    given([held()]).when(command).then(
        [corrected(("people_served", "goods_value_yuan"), people_served=150, goods_value_yuan=Decimal("9600.00"))]
    )


def test_fields_given_with_their_current_value_are_not_named_as_corrected() -> None:
    command = correct(title=FACTS["title"], volunteers=20)
    given([held()]).when(command).then([corrected(("volunteers",), volunteers=20)])


def test_a_correction_that_changes_nothing_is_refused() -> None:
    given([held()]).when(correct(title=FACTS["title"])).then_raises("nothing_to_correct")


def test_a_correction_may_clear_the_optional_fields() -> None:
    command = correct(campaign=None, location=None)
    given([held()]).when(command).then([corrected(("campaign", "location"), campaign=None, location=None)])


def test_a_correction_cannot_clear_a_required_field() -> None:
    with pytest.raises(ValidationError, match="cannot be cleared"):
        ActivityChanges.model_validate({"title": None})


def test_a_later_correction_starts_from_the_corrected_record() -> None:
    first = corrected(("volunteers",), volunteers=20)
    given([held(), first]).when(correct(volunteers=20, people_served=130)).then(
        [corrected(("people_served",), volunteers=20, people_served=130)]
    )


def test_an_unknown_activity_cannot_be_corrected() -> None:
    error = given([]).when(correct(volunteers=1)).then_raises("activity_not_found")
    assert isinstance(error, NotFound)


def test_a_retracted_activity_cannot_be_corrected() -> None:
    given([held(), retracted()]).when(correct(volunteers=1)).then_raises("activity_retracted")


def test_moving_the_date_to_another_quarter_without_the_campaign_is_refused() -> None:
    given([held()]).when(correct(held_on=D("2024-05-20"))).then_raises("campaign_not_of_quarter")


def test_moving_the_date_and_the_campaign_together_is_accepted() -> None:
    command = correct(held_on=D("2024-05-20"), campaign=Campaign.SUMMER_COOLING)
    given([held()]).when(command).then(
        [corrected(("held_on", "campaign"), held_on=D("2024-05-20"), campaign=Campaign.SUMMER_COOLING)]
    )


def test_a_correction_cannot_move_the_date_into_the_future() -> None:
    command = correct(held_on=D("2024-03-01"), today=D("2024-02-10"))
    given([held()]).when(command).then_raises("held_in_future")


def test_a_correction_cannot_move_the_date_before_the_founding() -> None:
    given([held()]).when(correct(held_on=D("2024-01-05"))).then_raises("organiser_not_yet_founded")


def test_a_correction_to_an_unknown_organiser_is_refused() -> None:
    given([held()]).when(correct(organiser=None, organiser_id="nobody")).then_raises("unknown_organiser")


def test_a_correction_to_a_dissolved_organiser_is_refused() -> None:
    gone = replace(FEDERATION, organiser_id="f9", opened_on=D("2023-01-01"), closed_on=D("2024-01-01"))
    given([held()]).when(correct(organiser=gone, organiser_id="f9")).then_raises("organiser_dissolved")


def test_a_correction_to_another_organiser_takes_its_kind_and_region() -> None:
    command = correct(organiser=MICRO_HOME, organiser_id="mh1", held_on=D("2024-03-05"))
    given([held()]).when(command).then(
        [corrected(("organiser_id", "held_on"), organiser=MICRO_HOME, held_on=D("2024-03-05"))]
    )


# --- retract ------------------------------------------------------------------------------------


def test_retracting_records_the_reason() -> None:
    given([held()]).when(RetractCareActivity(activity_id="a1", reason="重复录入")).then([retracted()])


def test_a_corrected_activity_can_be_retracted() -> None:
    history = [held(), corrected(("volunteers",), volunteers=20)]
    given(history).when(RetractCareActivity(activity_id="a1", reason="重复录入")).then([retracted()])


def test_an_activity_is_never_retracted_twice() -> None:
    command = RetractCareActivity(activity_id="a1", reason="again")
    given([held(), retracted()]).when(command).then_raises("already_retracted")


def test_an_unknown_activity_cannot_be_retracted() -> None:
    given([]).when(RetractCareActivity(activity_id="a1", reason="x")).then_raises("activity_not_found")


# --- evolve -------------------------------------------------------------------------------------


def test_the_state_follows_the_latest_record_and_the_retraction() -> None:
    first = corrected(("volunteers",), volunteers=20)
    state = evolve(evolve(evolve(decider.initial_state, held()), first), retracted())
    assert state == CareActivity(record=first, retracted=True, retraction_reason="重复录入", corrections=1)
