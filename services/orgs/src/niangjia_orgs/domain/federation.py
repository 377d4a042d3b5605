"""The Federation aggregate: found, inspect, recognise, dissolve."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import assert_never

from niangjia_contracts import (
    DomainEvent,
    EntityId,
    FederationDissolved,
    FederationFounded,
    FederationInspected,
    FederationRecognised,
)
from niangjia_contracts.events import DissolutionFacts, FederationFacts, InspectionFacts, RecognitionFacts
from niangjia_kit.decider import DatedCommand, Decider, dated_by_facts
from niangjia_kit.rules import not_in_future

from niangjia_orgs.domain.lifecycle import Lifecycle, business_dates
from niangjia_orgs.domain.standing import Standing

FEDERATION = Lifecycle("federation", started="founded", ended="dissolved", before_start="before_founding")

# --- commands: the contracts' facts, with the federation, today's date and facts from elsewhere ---


class _Command(DatedCommand):
    federation_id: EntityId


class FoundFederation(FederationFacts, _Command):
    guide: Standing | None = None
    """The guiding federation's standing, read by the use case (None when there is no guide)."""


class InspectFederation(InspectionFacts, _Command):
    pass


class RecogniseFederation(RecognitionFacts, _Command):
    pass


class DissolveFederation(DissolutionFacts, _Command):
    pass


FederationCommand = FoundFederation | InspectFederation | RecogniseFederation | DissolveFederation


# --- state -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FederationState:
    founded: FederationFounded | None = None
    inspections: tuple[FederationInspected, ...] = ()
    recognitions: tuple[FederationRecognised, ...] = ()
    dissolved: FederationDissolved | None = None

    @property
    def region(self) -> str | None:
        return self.founded.region if self.founded else None

    @property
    def standing(self) -> Standing:
        return Standing(
            started_on=self.founded.founded_on if self.founded else None,
            ended_on=self.dissolved.dissolved_on if self.dissolved else None,
            region=self.region,
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
    not_in_future(command.today, **business_dates(command))
    standing = state.standing
    match command:
        case FoundFederation():
            FEDERATION.check_not_started(command.federation_id, standing)
            if command.guided_by is not None:
                guide = command.guide or Standing()
                guide.check_open_on(
                    command.founded_on, role="guiding", federation_id=command.guided_by, detail="guided_by"
                )
                guide.check_contains(
                    command.region, role="guiding", federation_id=command.guided_by, detail="guided_by"
                )
            return [FederationFounded.model_validate(_facts(command))]
        case InspectFederation():
            FEDERATION.check_open(command.federation_id, standing, command.inspected_on, "inspected")
            return [FederationInspected.model_validate(_facts(command))]
        case RecogniseFederation():
            FEDERATION.check_open(command.federation_id, standing, command.recognised_on, "recognised")
            return [FederationRecognised.model_validate(_facts(command))]
        case DissolveFederation():
            FEDERATION.check_may_end(command.federation_id, standing, command.dissolved_on)
            return [FederationDissolved.model_validate(_facts(command))]
        case _:
            assert_never(command)


def _facts(command: FederationCommand) -> dict[str, object]:
    """The command's federation and facts: what its event records."""
    return command.model_dump(exclude={"today", "guide"})


decider: Decider[FederationCommand, FederationState] = Decider(
    initial_state=FederationState(), decide=decide, evolve=evolve, occurred_on=dated_by_facts
)
"""The Federation aggregate."""
