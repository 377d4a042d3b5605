"""Commands of the care-activity aggregate: frozen, keyword-only, named for what to do.

Time and the organiser come in with the command: the use case looks the organiser up in the
registry and reads the clock, so the decider stays pure. The facts themselves (organiser_id,
held_on, title, ...) are the record's, added by `with_facts` (see `domain.facts`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from niangjia_contracts import EntityId, OrganiserKind
from niangjia_contracts.types import Text
from pydantic import BaseModel, ConfigDict, model_validator

from niangjia_activities.domain.facts import FACT_FIELDS, REQUIRED_FIELDS, HasFacts, with_facts

__all__ = [
    "FACT_FIELDS",
    "REQUIRED_FIELDS",
    "ActivityChanges",
    "CareActivityCommand",
    "CorrectCareActivity",
    "HoldCareActivity",
    "Organiser",
    "RetractCareActivity",
    "check_not_cleared",
]


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


@with_facts()
class HoldCareActivity(_Command, HasFacts):
    """Hold a care activity: its facts, and the organiser they name as the registry knows it."""

    activity_id: EntityId
    organiser: Organiser | None
    today: date

    def facts(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FACT_FIELDS}


@with_facts(optional=True)
class ActivityChanges(_Command, HasFacts):
    """The facts a correction sets; only those in `model_fields_set` were given."""

    @model_validator(mode="after")
    def _required_fields_not_cleared(self) -> ActivityChanges:
        check_not_cleared(self)
        return self

    def given(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FACT_FIELDS if name in self.model_fields_set}


def check_not_cleared(changes: BaseModel) -> None:
    """A correction changes the facts every record has but never clears them (ValueError: a 422)."""
    given = changes.model_fields_set
    cleared = [name for name in REQUIRED_FIELDS if name in given and getattr(changes, name) is None]
    if cleared:
        raise ValueError(f"{', '.join(cleared)} cannot be cleared, only changed")


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
