"""The Federation aggregate: found, inspect, recognise, dissolve."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import assert_never

from niangjia_contracts import (
    Domain,
    DomainEvent,
    EntityId,
    FederationDissolved,
    FederationFounded,
    FederationInspected,
    FederationKind,
    FederationRecognised,
    InspectionFinding,
    Level,
    RecognitionLevel,
    RegionPath,
)
from niangjia_contracts.types import Count, Name, Text
from niangjia_kit.decider import Decider
from niangjia_kit.rules import NotFound, RuleViolation
from pydantic import BaseModel, ConfigDict, model_validator

from niangjia_orgs.domain.standing import Standing

# --- commands ----------------------------------------------------------------------------------


class _Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    federation_id: EntityId


class FoundFederation(_Command):
    name: Name
    kind: FederationKind
    domain: Domain
    level: Level
    region: RegionPath
    host_organisation: Name
    guided_by: EntityId | None = None
    founded_on: date
    women_members: Count
    executive_members: Count = 0
    organisations_covered: Count = 1
    leadership_elected_on: date | None = None
    guide: Standing | None = None
    """The guiding federation's standing, read by the handler (None when there is no guide)."""

    @model_validator(mode="after")
    def _consistent(self) -> FoundFederation:
        if self.leadership_elected_on is not None and self.leadership_elected_on < self.founded_on:
            raise ValueError("leadership_elected_on is before founded_on")
        if self.guided_by is not None and self.guided_by == self.federation_id:
            raise ValueError("a federation cannot guide itself")
        return self


class InspectFederation(_Command):
    inspected_on: date
    finding: InspectionFinding
    remark: Text | None = None


class RecogniseFederation(_Command):
    recognised_on: date
    level: RecognitionLevel
    title: Name


class DissolveFederation(_Command):
    dissolved_on: date
    reason: Text


FederationCommand = FoundFederation | InspectFederation | RecogniseFederation | DissolveFederation


# --- state -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FederationState:
    founded: FederationFounded | None = None
    inspections: tuple[FederationInspected, ...] = ()
    recognitions: tuple[FederationRecognised, ...] = ()
    dissolved: FederationDissolved | None = None

    @property
    def standing(self) -> Standing:
        return Standing(
            started_on=self.founded.founded_on if self.founded else None,
            ended_on=self.dissolved.dissolved_on if self.dissolved else None,
        )


def evolve(state: FederationState, event: DomainEvent) -> FederationState:
    match event:
        case FederationFounded():
            return replace(state, founded=event)
        case FederationInspected():
            return replace(state, inspections=(*state.inspections, event))
        case FederationRecognised():
            return replace(state, recognitions=(*state.recognitions, event))
        case FederationDissolved():
            return replace(state, dissolved=event)
    return state


# --- decisions ---------------------------------------------------------------------------------


def decide(command: FederationCommand, state: FederationState) -> list[DomainEvent]:
    match command:
        case FoundFederation():
            return [_found(command, state)]
        case InspectFederation():
            _check_open(command.federation_id, state, command.inspected_on, "inspected")
            return [
                FederationInspected(
                    federation_id=command.federation_id,
                    inspected_on=command.inspected_on,
                    finding=command.finding,
                    remark=command.remark,
                )
            ]
        case RecogniseFederation():
            _check_open(command.federation_id, state, command.recognised_on, "recognised")
            return [
                FederationRecognised(
                    federation_id=command.federation_id,
                    recognised_on=command.recognised_on,
                    level=command.level,
                    title=command.title,
                )
            ]
        case DissolveFederation():
            if state.dissolved is not None:
                raise RuleViolation(
                    "federation_already_dissolved",
                    f"federation {command.federation_id} was already dissolved on {state.dissolved.dissolved_on}",
                    dissolved_on=state.dissolved.dissolved_on.isoformat(),
                )
            _check_open(command.federation_id, state, command.dissolved_on, "dissolved")
            return [
                FederationDissolved(
                    federation_id=command.federation_id,
                    dissolved_on=command.dissolved_on,
                    reason=command.reason,
                )
            ]
        case _:
            assert_never(command)


def _found(command: FoundFederation, state: FederationState) -> FederationFounded:
    if state.founded is not None:
        raise RuleViolation(
            "federation_already_founded",
            f"federation {command.federation_id} was already founded on {state.founded.founded_on}",
        )
    if command.guided_by is not None:
        guide = command.guide or Standing()
        if not guide.exists:
            raise RuleViolation(
                "guiding_federation_unknown",
                f"guiding federation {command.guided_by} has not been founded",
                guided_by=command.guided_by,
            )
        if not guide.open_on(command.founded_on):
            raise RuleViolation(
                "guiding_federation_not_open",
                f"guiding federation {command.guided_by} is not open on {command.founded_on} "
                f"(founded {guide.started_on}, dissolved {guide.ended_on or 'never'})",
                guided_by=command.guided_by,
            )
    return FederationFounded(
        federation_id=command.federation_id,
        name=command.name,
        kind=command.kind,
        domain=command.domain,
        level=command.level,
        region=command.region,
        host_organisation=command.host_organisation,
        guided_by=command.guided_by,
        founded_on=command.founded_on,
        women_members=command.women_members,
        executive_members=command.executive_members,
        organisations_covered=command.organisations_covered,
        leadership_elected_on=command.leadership_elected_on,
    )


def _check_open(federation_id: str, state: FederationState, day: date, what: str) -> None:
    if state.founded is None:
        raise NotFound("federation_not_found", f"federation {federation_id} has not been founded")
    if state.dissolved is not None:
        raise RuleViolation(
            "federation_dissolved",
            f"federation {federation_id} was dissolved on {state.dissolved.dissolved_on}; it cannot be {what}",
            dissolved_on=state.dissolved.dissolved_on.isoformat(),
        )
    if day < state.founded.founded_on:
        raise RuleViolation(
            "before_founding",
            f"federation {federation_id} was founded on {state.founded.founded_on}; it cannot be {what} on {day}",
            founded_on=state.founded.founded_on.isoformat(),
        )


def occurred_on(event: DomainEvent, state: FederationState) -> date:
    """The business date of a federation event."""
    match event:
        case FederationFounded():
            return event.founded_on
        case FederationInspected():
            return event.inspected_on
        case FederationRecognised():
            return event.recognised_on
        case FederationDissolved():
            return event.dissolved_on
    raise TypeError(f"not a federation event: {event!r}")  # pragma: no cover


decider: Decider[FederationCommand, FederationState] = Decider(
    initial_state=FederationState(), decide=decide, evolve=evolve, occurred_on=occurred_on
)
"""The Federation aggregate."""
