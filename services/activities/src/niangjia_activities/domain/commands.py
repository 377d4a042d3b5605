"""Commands of the care-activity aggregate: frozen, keyword-only, named for what to do.

Time and the organiser come in with the command: the application looks the organiser up in the
registry and reads the clock, so the decider stays pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from niangjia_contracts import Campaign, EntityId, OrganiserKind, ServiceArea, Yuan
from niangjia_contracts.events import CorrectableField
from niangjia_contracts.types import Count, Name, Text
from pydantic import BaseModel, ConfigDict, model_validator


@dataclass(frozen=True, slots=True, kw_only=True)
class Organiser:
    """A federation or micro-home as the registry knows it."""

    organiser_id: str
    kind: OrganiserKind
    region: str
    opened_on: date
    closed_on: date | None = None


class _Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class HoldCareActivity(_Command):
    activity_id: EntityId
    organiser_id: EntityId
    organiser: Organiser | None
    held_on: date
    title: Name
    campaign: Campaign | None = None
    service_area: ServiceArea | None = None
    people_served: Count
    volunteers: Count
    goods_value_yuan: Yuan
    location: Name | None = None
    today: date


class ActivityChanges(_Command):
    """The fields a correction sets; only those in `model_fields_set` were given."""

    organiser_id: EntityId | None = None
    held_on: date | None = None
    title: Name | None = None
    campaign: Campaign | None = None
    service_area: ServiceArea | None = None
    people_served: Count | None = None
    volunteers: Count | None = None
    goods_value_yuan: Yuan | None = None
    location: Name | None = None

    @model_validator(mode="after")
    def _required_fields_not_cleared(self) -> ActivityChanges:
        cleared = [name for name in REQUIRED_FIELDS if name in self.model_fields_set and getattr(self, name) is None]
        if cleared:
            raise ValueError(f"{', '.join(cleared)} cannot be cleared, only changed")
        return self

    def given(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in type(self).model_fields if name in self.model_fields_set}


REQUIRED_FIELDS: tuple[CorrectableField, ...] = (
    "organiser_id",
    "held_on",
    "title",
    "people_served",
    "volunteers",
    "goods_value_yuan",
)
"""The fields every record has; a correction may change them but not clear them."""


class CorrectCareActivity(_Command):
    activity_id: EntityId
    changes: ActivityChanges
    reason: Text
    organiser: Organiser | None
    """The registry's record of the organiser the corrected activity names."""
    today: date


class RetractCareActivity(_Command):
    activity_id: EntityId
    reason: Text


CareActivityCommand = HoldCareActivity | CorrectCareActivity | RetractCareActivity
