"""The commands and bodies take their facts from the record the events carry, constraints included."""

from __future__ import annotations

import pytest
from niangjia_activities.domain.commands import ActivityChanges, HoldCareActivity
from niangjia_activities.domain.facts import FACT_FIELDS, REQUIRED_FIELDS
from niangjia_activities.use_cases.correct_care_activity import CorrectCareActivityBody
from niangjia_activities.use_cases.hold_care_activity import HoldCareActivityBody
from niangjia_contracts.events import CareActivityFacts
from pydantic import BaseModel, ValidationError


def required(model: type[BaseModel]) -> set[str]:
    return {name for name, field in model.model_fields.items() if field.is_required()}


def test_every_fact_of_the_record_is_a_field_of_the_commands_and_bodies() -> None:
    assert set(FACT_FIELDS) < set(CareActivityFacts.model_fields)
    for model in (HoldCareActivity, ActivityChanges, HoldCareActivityBody, CorrectCareActivityBody):
        assert set(FACT_FIELDS) <= set(model.model_fields), model.__name__


def test_holding_requires_the_facts_the_record_requires() -> None:
    assert required(HoldCareActivityBody) == set(REQUIRED_FIELDS)
    assert required(HoldCareActivity) == {*REQUIRED_FIELDS, "activity_id", "organiser", "today"}


def test_a_correction_may_leave_out_any_fact() -> None:
    assert required(ActivityChanges) == set()
    assert required(CorrectCareActivityBody) == {"reason"}


@pytest.mark.parametrize("model", [HoldCareActivityBody, CorrectCareActivityBody])
def test_the_bodies_keep_the_records_constraints(model: type[BaseModel]) -> None:
    with pytest.raises(ValidationError):
        model.model_validate({"organiser_id": "f1", "title": "x" * 201, "reason": "r"})
